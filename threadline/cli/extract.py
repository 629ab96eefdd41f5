"""``threadline extract``: what a document yields, as JSON, without storing it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from threadline.api import extract_document
from threadline.cli import cli, friendly_errors
from threadline.cli.render import errors
from threadline.errors import InputError
from threadline.ingest import read_document
from threadline.publish.exchange import to_exchange


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out", type=click.Path(file_okay=False), help="Write OUT/<stem>.json per file.")
@click.option("--json", "as_json", is_flag=True, default=True, help="Print JSON (the default; kept for scripts).")
@friendly_errors
def extract(files: tuple[str, ...], out: str | None, as_json: bool) -> None:
    """Extract entities, relations, claims and events from files; store nothing.

    With one file and no --out, prints one JSON object (the exchange format of
    the evaluation). With several files and no --out, prints one JSON object
    per line. The model is loaded once for all files. A file holding several
    documents (an archive, a feed, an e-mail with attachments) is refused
    with a one-line error; ingest those with 'threadline add'.

        threadline extract article.txt
        threadline extract docs/*.txt --out predictions/
    """
    failed = 0
    target = Path(out) if out else None
    if target:
        target.mkdir(parents=True, exist_ok=True)
    for name in files:
        try:
            data = to_exchange(extract_document(read_document(name)))
        except InputError as exc:
            errors.print(f"[red]error[/red] {name}: {exc}")
            failed += 1
            continue
        except Exception as exc:  # a fault of ours on one document: say so, and go on with the others
            errors.print(f"[red]error[/red] {name}: extraction failed ({type(exc).__name__}: {exc}); "
                         "this is a bug in Threadline, please report it with the file")
            failed += 1
            continue
        if target:
            (target / f"{Path(name).stem}.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
        elif len(files) == 1:
            sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    if failed:
        raise SystemExit(1)
