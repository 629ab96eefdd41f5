"""``threadline migrate``: copy an investigation between stores (SQLite file <-> PostgreSQL)."""

from __future__ import annotations

import click

from threadline.cli import cli, friendly_errors
from threadline.cli.render import console, print_json, table


@cli.command("migrate")
@click.option("--from", "source", required=True, metavar="STORE", help="The investigation to copy: a SQLite file or postgresql:// URL.")
@click.option("--to", "target", required=True, metavar="STORE", help="Where to copy it: a postgresql:// URL or a SQLite file.")
@click.option("--force", is_flag=True, help="Replace whatever the target holds (otherwise a non-empty target is refused).")
@click.option("--json", "as_json", is_flag=True, help="Print the per-table check as JSON.")
@friendly_errors
def migrate_cmd(source: str, target: str, force: bool, as_json: bool) -> None:
    """Copy every table of an investigation to another store, then check that nothing was lost.

    Documents, locations, entities (canonical ids, protection), aliases, facts,
    review decisions, resolution runs, merge candidates, reference sets and
    near-duplicate signatures are copied as stored, in one transaction. Then
    both stores are read again: per table, row counts and a SHA-256 of every
    row must match; the command exits with status 1 if any differ.

        threadline migrate --from inv.db --to "postgresql://me@db.example/threadline?schema=harbour"
    """
    from threadline.store.transfer import migrate

    report = migrate(source, target, force=force)
    if as_json:
        print_json({"source": report.source, "target": report.target, "ok": report.ok, "tables": [
            {**vars(t), "ok": t.ok} for t in report.tables]})
    else:
        console.print(f"{report.source} -> {report.target}", markup=False)
        table(None, ["table", "source rows", "target rows", "checksum", "match"],
              [[t.table, t.source_rows, t.target_rows, t.source_sum[:12] + ("" if t.ok else " / " + t.target_sum[:12]),
                "ok" if t.ok else "DIFFERENT"] for t in report.tables])
    if not report.ok:
        bad = ", ".join(t.table for t in report.tables if not t.ok)
        raise click.ClickException(f"the copy differs from the source in: {bad}")
    if not as_json:
        console.print(f"{sum(t.source_rows for t in report.tables)} rows copied and verified.")
