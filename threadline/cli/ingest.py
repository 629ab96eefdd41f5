"""``threadline add`` and ``threadline fetch``: ingest files, folders and URLs into the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

from threadline.api import IngestReport, Workspace, connect_cluster
from threadline.cli import cli, db_option, friendly_errors
from threadline.cli.render import console, errors, print_json, table
from threadline.errors import InputError

if TYPE_CHECKING:
    from threadline.extract.cluster import Cluster


def jobs_option(func: Callable[..., None]) -> Callable[..., None]:
    """``--jobs N``: extraction worker processes, default one per core."""
    return click.option(
        "--jobs", "-j", type=click.IntRange(min=1), default=None,
        help="Extraction worker processes (default: one per core); 1 extracts in this process. "
             "Documents are still stored one by one, in input order.",
    )(func)


def json_option(func: Callable[..., None]) -> Callable[..., None]:
    """``--json``: print what the run did as one JSON object (no progress bar); the exit status is unchanged."""
    return click.option("--json", "as_json", is_flag=True,
                        help="Print a JSON summary: added, unchanged, failed, skipped, duplicates, store counts.")(func)


def cluster_option(func: Callable[..., None]) -> Callable[..., None]:
    """``--cluster ADDRESS``: extract on a Dask cluster instead of local processes."""
    return click.option(
        "--cluster", metavar="ADDRESS", default=None,
        help="Extract on the workers of a Dask cluster: a scheduler address (tcp://host:8786), or local:N to "
             "start N worker processes here. This process still reads and stores. See docs/scaling.md.",
    )(func)


@contextmanager
def _cluster(address: str | None, jobs: int | None, quiet: bool) -> Iterator[Cluster | None]:
    """The Dask cluster connection for a run (None without --cluster), its dashboard named on stderr."""
    if address is None:
        yield None
        return
    if jobs is not None:
        raise InputError("--jobs and --cluster exclude each other: the cluster's workers extract")
    with connect_cluster(address) as cluster:
        if cluster.dashboard and not quiet:
            errors.print(f"Dask dashboard: {escape(cluster.dashboard)}")
        yield cluster


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@jobs_option
@cluster_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@json_option
@friendly_errors
def add(paths: tuple[str, ...], db: str, jobs: int | None, cluster: str | None, quiet: bool, as_json: bool) -> None:
    """Ingest files or folders: read, extract, store.

    Reads .txt, .md, .html, .pdf, .docx, .eml, RSS/Atom (.rss, .atom, .xml)
    and .zip archives; the content decides when the name is wrong. Each
    document in an archive, feed or e-mail is stored on its own. Re-adding
    the same content adds nothing. A file (or member) that cannot be read is
    reported on one line with the reason and skipped; the exit status is 1
    if any failed. A near-duplicate of a stored document (the same story
    under another headline or footer) is recorded as another location of
    it and reported, not extracted again. Extraction runs in --jobs worker
    processes (default: one per core), or on a Dask cluster (--cluster).

        threadline add examples/corpus --db demo.db --jobs 2
        threadline add archive/ --db postgresql://host/inv --cluster tcp://scheduler:8786
    """
    with Workspace(db) as ws:
        files = ws.files(paths)
        with _cluster(cluster, jobs, quiet or as_json) as connected, _progress(len(files), quiet or as_json) as step:
            report = ws.add(files, progress=step, jobs=jobs, cluster=connected)
        _finish(ws, report, db, quiet, as_json)


@cli.command()
@click.argument("urls", nargs=-1, type=str)
@click.option("--from-file", "from_file", type=click.File("r", encoding="utf-8"),
              help="Read URLs from FILE, one per line ('-' for stdin; blank lines and # comments skipped).")
@db_option
@jobs_option
@cluster_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@json_option
@friendly_errors
def fetch(urls: tuple[str, ...], from_file: TextIO | None, db: str, jobs: int | None, cluster: str | None,
          quiet: bool, as_json: bool) -> None:
    """Download web pages, PDFs and feeds by URL and ingest them like 'add'.

    Only http and https. Timeouts (10 s to connect, 30 s in all), a 20 MB
    size cap and at most 5 redirects apply. A URL that fails (timeout, HTTP
    error, too large, not a document) is reported on one line and skipped;
    the exit status is 1 if any failed. With --cluster, this process
    downloads and stores, and the cluster's workers extract.

        threadline fetch https://example.org/report.pdf --db inv.db
        threadline fetch --from-file urls.txt
    """
    wanted = list(urls) + (_url_lines(from_file) if from_file else [])
    if not wanted:
        raise InputError("no URLs given; pass URLs or --from-file FILE")
    with Workspace(db) as ws:
        with _cluster(cluster, jobs, quiet or as_json) as connected, _progress(len(wanted), quiet or as_json) as step:
            report = ws.fetch(wanted, progress=step, jobs=jobs, cluster=connected)
        _finish(ws, report, db, quiet, as_json)


def _url_lines(lines: TextIO) -> list[str]:
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@contextmanager
def _progress(total: int, quiet: bool) -> Iterator[Callable[[str, str], None]]:
    """A progress bar over documents; its total grows when files hold more documents than counted."""
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=errors, disable=quiet or not total) as bar:
        task = bar.add_task("", total=total)
        done = 0

        def step(location: str, outcome: str) -> None:
            nonlocal done, total
            done += 1
            total = max(total, done)
            bar.update(task, completed=done, total=total, description=f"{outcome}: {escape(location)}")

        yield step


class RateColumn(ProgressColumn):
    """Documents per second since the start of the run.

    Not rich's windowed estimate: with several jobs, results arrive in bursts as
    batches finish, and a rate measured between the samples of one burst is absurd.
    """

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        if not elapsed or not task.completed:
            return Text("- docs/s", style="progress.data.speed")
        return Text(f"{task.completed / elapsed:.1f} docs/s", style="progress.data.speed")


def _finish(ws: Workspace, report: IngestReport, db: str, quiet: bool, as_json: bool = False) -> None:
    if as_json:
        print_json({**report.as_dict(), "store": ws.stats()})
        if report.failed:
            raise SystemExit(1)
        return
    for location, reason in report.failed:
        errors.print(f"[red]error[/red] {escape(location)}: {escape(reason)}")
    if not quiet:
        for location, reason in report.skipped:
            console.print(f"{escape(location)}: {escape(reason)}")
        for duplicate in report.duplicates:
            console.print(f"{escape(duplicate.location)}: {escape(str(duplicate))}")
        console.print(
            f"{len(report.added)} added, {len(report.unchanged)} already stored, {len(report.failed)} failed"
            f" -> {escape(db)}"
        )
        if report.duplicates:
            n = len(report.duplicates)
            console.print(f"{n} near-duplicate{'s' if n != 1 else ''} recorded as extra location{'s' if n != 1 else ''}")
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
