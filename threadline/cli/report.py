"""Publishing commands: dossier (Markdown) and report (self-contained HTML or PDF).

Both read a redacted snapshot: protected persons never appear unless --include-protected.
"""

from __future__ import annotations

from pathlib import Path

import click

from threadline.cli import cli, db_option, friendly_errors
from threadline.cli.query import _open
from threadline.cli.render import errors, print_json

_country = click.option("--country", metavar="CODE", help="Brief on one country (ISO code, e.g. NL).")
_entity = click.option("--entity", metavar="NAME", help="Brief on one entity (name, alias or id).")
_include = click.option("--include-protected", is_flag=True, help="Show protected persons (otherwise redacted).")
_json = click.option("--json", "as_json", is_flag=True,
                     help="Print a JSON summary (scope, counts, documents, the file written) instead of messages.")


def _one_scope(country: str | None, entity: str | None) -> None:
    if (country is None) == (entity is None):
        raise click.UsageError("give exactly one of --country CODE or --entity NAME")
    if (country is not None and not country.strip()) or (entity is not None and not entity.strip()):
        raise click.UsageError("--country and --entity need a non-empty value")


@cli.command()
@_country
@_entity
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the Markdown here (default: print it).")
@_include
@db_option
@_json
@friendly_errors
def dossier(country: str | None, entity: str | None, output: str | None, include_protected: bool, db: str,
            as_json: bool) -> None:
    """A Markdown brief on one country or one entity.

    Key entities and their links to state bodies, a timeline (when it happened vs when
    it was said), contested points (allegation beside denial) and open questions
    (allegations resting on one independent source); every statement footnoted to its
    document and the verbatim sentence. With --json, the summary holds the
    Markdown as "markdown" unless it was written to --output.
    """
    _one_scope(country, entity)
    with _open(db) as ws:
        text = ws.dossier(country=country, entity=entity, include_protected=include_protected)
        summary = ws.brief(country=country, entity=entity, include_protected=include_protected) if as_json else None
    if output:
        Path(output).write_text(text, encoding="utf-8")
    if summary is not None:
        print_json({**summary, "output": output, **({} if output else {"markdown": text})})
    elif output:
        errors.print(f"wrote {output}")
    else:
        click.echo(text, nl=not text.endswith("\n"))


@cli.command()
@_country
@_entity
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Report file: .html (self-contained) or .pdf.")
@_include
@db_option
@_json
@friendly_errors
def report(country: str | None, entity: str | None, output: str, include_protected: bool, db: str, as_json: bool) -> None:
    """A report on one country or one entity, as self-contained HTML or as PDF.

    The dossier's contents plus a network picture (state bodies in red squares) and a
    timeline chart, with footnotes giving title, publisher, date, URL and quote.
    """
    _one_scope(country, entity)
    if Path(output).suffix.lower() not in (".html", ".htm", ".pdf"):
        raise click.BadParameter("the report file must end in .html or .pdf", param_hint="'-o' / '--output'")
    with _open(db) as ws:
        path = ws.report(output, country=country, entity=entity, include_protected=include_protected)
        summary = ws.brief(country=country, entity=entity, include_protected=include_protected) if as_json else None
    if summary is not None:
        print_json({**summary, "output": str(path)})
    else:
        errors.print(f"wrote {path}")
