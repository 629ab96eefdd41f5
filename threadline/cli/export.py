"""Export and reference-set commands: export, import-ftm, xref.

Exports read the redacted snapshot: protected persons never leave the store
unless --include-protected.
"""

from __future__ import annotations

from typing import Any

import click
from rich.markup import escape

from threadline.cli import cli, db_option, friendly_errors
from threadline.cli.query import _open
from threadline.cli.render import console, errors, print_json, table

FORMATS = ("ftm", "gexf", "graphml", "csv")


@cli.command()
@click.option("--format", "-f", "fmt", required=True, type=click.Choice(FORMATS, case_sensitive=False),
              help="ftm: FollowTheMoney JSON lines; gexf: Gephi; graphml: Cytoscape/yEd; csv: a folder of CSV files.")
@click.option("--output", "-o", "output", required=True, type=click.Path(),
              help="File to write (a folder for csv; '-' for standard output, except csv).")
@db_option
@click.option("--include-protected", is_flag=True, help="Include protected persons (otherwise redacted).")
@click.option("--body-text", is_flag=True, help="ftm only: include each document's full (redacted) text.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@friendly_errors
def export(fmt: str, output: str, db: str, include_protected: bool, body_text: bool, as_json: bool) -> None:
    """Export the evidence graph: entities, relations and claims with their sources.

    Every link carries its evidence: the verbatim sentence, the document's
    title, publisher, date and URL. Protected persons are replaced by a
    placeholder everywhere unless --include-protected.
    """
    fmt = fmt.lower()
    if body_text and fmt != "ftm":
        raise click.UsageError("--body-text applies to --format ftm only")
    if output == "-" and fmt == "csv":
        raise click.UsageError("the csv export writes a folder; give -o FOLDER")
    options: dict[str, Any] = {"body_text": True} if body_text else {}
    with _open(db) as ws:
        counts = ws.export(fmt, output, include_protected=include_protected, **options)
    if include_protected:
        errors.print("[yellow]warning:[/yellow] this export includes protected persons")
    if as_json and output != "-":
        print_json({"format": fmt, "path": output, "counts": counts})
        return
    summary = ", ".join(f"{n} {what}" for what, n in counts.items())
    (errors if output == "-" else console).print(f"wrote {fmt} to {escape(output)}: {escape(summary)}")


@cli.command("import-ftm")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
@click.option("--dataset", help="Name of the reference set (default: the file name). Loading a name again replaces it.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def import_ftm(file: str, db: str, dataset: str | None, as_json: bool) -> None:
    """Load FollowTheMoney entities from a JSON-lines FILE as a reference set.

    For example an OpenSanctions dataset you downloaded (.json or .json.gz).
    People, organisations, companies and public bodies are kept for 'threadline
    xref'; the reference set is never merged into the evidence graph.
    """
    with _open(db) as ws:
        result = ws.import_ftm(file, dataset)
    if as_json:
        print_json(result)
        return
    console.print(f"loaded {result['loaded']} entities into reference set {escape(result['dataset'])}")
    if result["skipped"]:
        console.print("skipped: " + escape(", ".join(f"{n} {what}" for what, n in result["skipped"].items())))


@cli.command()
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many matches.")
@click.option("--dataset", help="Only this reference set.")
@click.option("--include-protected", is_flag=True, help="Also match protected persons (otherwise left out).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def xref(db: str, limit: int | None, dataset: str | None, include_protected: bool, as_json: bool) -> None:
    """Match the investigation's people and organisations against the loaded reference sets.

    Each match shows its score, status and why. 'same' needs names at the
    threshold resolution merges at and, for a person, a second matching
    property (nationality or position); everything else is 'possible', worth a
    look. The reference entity's topics (sanction, role.pep, crime) are shown.
    """
    with _open(db) as ws:
        matches = ws.xref(limit=limit, include_protected=include_protected, dataset=dataset)
    if as_json:
        print_json(matches)
        return
    if not matches:
        console.print("no matches")
        return
    table(None, ["score", "status", "entity", "reference", "dataset", "topics", "why"], [
        [f"{m['score']:.2f}", m["status"], f"{m['entity']} ({m['type']})",
         f"{m['reference']} ({m['schema']}, {m['reference_id']})", m["dataset"], ", ".join(m["topics"]),
         "; ".join(m["explanations"])]
        for m in matches
    ])
