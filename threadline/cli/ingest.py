"""``threadline add``: ingest files and folders into the store."""

from __future__ import annotations

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from threadline.api import Workspace
from threadline.cli import cli, db_option, friendly_errors
from threadline.cli.render import console, errors, table


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@friendly_errors
def add(paths: tuple[str, ...], db: str, quiet: bool) -> None:
    """Ingest .txt, .md and .html files or folders: read, extract, store.

    Re-adding the same content adds nothing. A file that cannot be read is
    reported with the reason and skipped; the exit status is 1 if any failed.

        threadline add examples/corpus --db demo.db
    """
    with Workspace(db) as ws:
        files = ws.files(paths)
        with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.description}"), console=errors, disable=quiet or not files) as bar:
            task = bar.add_task("", total=len(files))

            def step(path: str, outcome: str) -> None:
                bar.update(task, advance=1, description=f"{outcome}: {escape(path)}")

            report = ws.add(files, progress=step)
        for path, reason in report.failed:
            errors.print(f"[red]error[/red] {escape(path)}: {escape(reason)}")
        if not quiet:
            console.print(
                f"{len(report.added)} added, {len(report.unchanged)} already stored, {len(report.failed)} failed"
                f" -> {escape(db)}"
            )
            if report.added:
                summary(ws)
    if report.failed:
        raise SystemExit(1)


def summary(ws: Workspace) -> None:
    """What the store holds now: counts, the most mentioned entities, a few claims."""
    counts = ws.stats()
    console.print("  ".join(f"{k}: {v}" for k, v in counts.items()))
    top = ws.entities(limit=12)
    table("Most mentioned entities", ["type", "name", "mentions", "documents"],
          [[e["type"], e["name"], e["mentions"], e["documents"]] for e in top])
    claims = [c for c in ws.claims() if c["claimant"] and c["stance"] in ("alleges", "denies", "confirms")][:8]
    if claims:
        table("Allegations, denials and confirmations (sample)", ["claimant", "stance", "claim"],
              [[c["claimant"], c["stance"], c["text"]] for c in claims])
