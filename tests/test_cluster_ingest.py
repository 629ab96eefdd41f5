"""Ingest on a Dask LocalCluster of 2 worker processes into PostgreSQL: the store is that of --jobs 1,
a worker killed mid-run loses nothing, and a document that kills workers is reported while the rest is stored.

Skipped, with the reason, when there is no PostgreSQL (THREADLINE_TEST_PG unset and scripts/postgres.sh
cannot start one); scripts/test.sh, which CI runs, starts one.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from threadline.api import Workspace, connect_cluster
from threadline.cli import cli
from threadline.extract import cluster as cluster_backend
from threadline.extract.cluster import Cluster, ClusterUnavailable
from threadline.extract.parallel import ExtractionError, extract_batch
from threadline.model import Document, Extraction

pytestmark = [pytest.mark.model, pytest.mark.cluster,
              pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")]

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
KILLER = "This sentence makes the test worker exit."
TOWNS = ["Bergen", "Lyon", "Gdansk", "Utrecht", "Bologna", "Linz", "Aarhus", "Coimbra", "Ostrava", "Galway"]
GROUPS = ["Harbour Watch", "the Civic Lantern Trust", "Open Ledger Europe", "the Northern Rights Desk"]


def write_notes(folder: Path, n: int, start: int = 0) -> Path:
    """n short invented news notes, all different (none a near-duplicate of another)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        town, group = TOWNS[i % len(TOWNS)], GROUPS[i % len(GROUPS)]
        (folder / f"note-{i:03d}.txt").write_text(
            f"Note {i}: inquiry in {town}\n\n{group} said on {i % 27 + 1} May 2024 that a cultural office in {town} "
            f"reported to the United Front Work Department. A spokesman for the {town} council, speaking in "
            f"statement {i}, denied that the office had any police role. The Chinese embassy rejected the claim.\n",
            "utf-8")
    return folder


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """One LocalCluster of 2 single-threaded worker processes for the whole module (it fits a 2-core machine)."""
    with connect_cluster("local:2") as connected:
        yield connected


def spied(cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many documents went through ``cluster.extract`` (so a test knows the cluster did extract)."""
    seen: list[int] = []
    real = cluster.extract

    def extract(documents: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for result in real(documents, *args, **kwargs):
            seen.append(1)
            yield result

    monkeypatch.setattr(cluster, "extract", extract)
    return seen


def store_view(ws: Workspace) -> dict[str, Any]:
    """What must not depend on the backend: counts, entities, claims, the analysis snapshot."""
    snapshot = ws.snapshot()
    return {
        "stats": ws.stats(),
        "entities": ws.entities(),
        "claims": sorted(ws.claims(), key=lambda c: str(c["id"])),
        "snapshot": dataclasses.asdict(snapshot),
    }


def test_cluster_ingest_into_postgresql_matches_one_job(cluster: Cluster, pg_schemas: Callable[[], str],
                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in sorted(CORPUS.glob("*.md")):
        (docs / path.name).write_bytes(path.read_bytes())
    original = (CORPUS / "01-netherlands.md").read_text("utf-8")
    body = original.split("---", 2)[2]  # the same story without its front matter: a syndicated copy
    (docs / "99-syndicated.md").write_text("# Reprinted from a partner site\n" + body + "\nShare this story.\n", "utf-8")
    one, two = pg_schemas(), pg_schemas()
    with Workspace(one) as ws:
        by_one = ws.add([docs], jobs=1)
        expected = store_view(ws)
    seen = spied(cluster, monkeypatch)
    with Workspace(two) as ws:
        on_cluster = ws.add([docs], cluster=cluster, batch_size=2)  # four batches over two workers
        got = store_view(ws)
    assert len(seen) == 8  # the copy is not sent: it waits for its original
    assert by_one.ok and on_cluster.ok
    assert on_cluster.added == by_one.added and len(on_cluster.added) == 8
    assert [(d.location, d.original) for d in on_cluster.duplicates] == [(d.location, d.original) for d in by_one.duplicates]
    assert len(on_cluster.duplicates) == 1 and on_cluster.counts == by_one.counts
    assert got == expected

    # a copy of a stored story is a duplicate against the store too, on the cluster as with one job
    again = tmp_path / "again"
    again.mkdir()
    (again / "reprint.md").write_text("# Another partner's headline\n" + body + "\nFollow us.\n", "utf-8")
    with Workspace(two) as ws:
        later = ws.add([again], cluster=cluster)
    assert later.ok and not later.added and len(later.duplicates) == 1


def test_a_worker_killed_mid_run_loses_nothing(cluster: Cluster, pg_location: str, tmp_path: Path) -> None:
    n = 24
    docs = write_notes(tmp_path / "docs", n)
    pids = cluster.client.run(os.getpid)
    killed: list[int] = []

    def kill_a_busy_worker(location: str, outcome: str) -> None:
        if killed:
            return
        busy = [address for address, keys in cluster.client.processing().items() if keys and address in pids]
        if busy:
            killed.append(pids[busy[0]])
            os.kill(pids[busy[0]], signal.SIGKILL)

    with Workspace(pg_location) as ws:
        report = ws.add([docs], cluster=cluster, batch_size=2, progress=kill_a_busy_worker)
        assert killed, "no worker was busy to be killed"
        assert report.ok, report.failed
        assert len(report.added) == n and ws.stats()["documents"] == n
        got = store_view(ws)
    cluster.client.wait_for_workers(2, timeout=120)
    assert killed[0] not in cluster.client.run(os.getpid).values()  # the nanny started a new worker process
    with Workspace(tmp_path / "one.db") as ws:
        assert ws.add([docs], jobs=1).ok
        expected = store_view(ws)
    assert got["stats"] == expected["stats"] and got["entities"] == expected["entities"]
    assert [c["text"] for c in got["claims"]] == [c["text"] for c in expected["claims"]]


def _worker_settings() -> tuple[Any, ...]:
    import dask

    return (*(dask.config.get(key) for key in cluster_backend.QUIET_WORKERS), os.environ.get("MALLOC_TRIM_THRESHOLD_"))


def test_local_workers_keep_their_settings_after_a_restart(cluster: Cluster) -> None:
    """No stack profiler, slower ticks and glibc's own heap trimming, in every worker: a restarted one too (its
    nanny keeps the settings)."""
    quiet = (*cluster_backend.QUIET_WORKERS.values(), None)
    assert set(cluster.client.run(_worker_settings).values()) == {quiet}
    victim = next(iter(cluster.client.run(os.getpid).values()))
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 120
    while victim in cluster.client.run(os.getpid, on_error="ignore").values() or len(cluster.client.nthreads()) < 2:
        assert time.monotonic() < deadline, "the killed worker was not replaced"
        time.sleep(0.5)
    assert set(cluster.client.run(_worker_settings).values()) == {quiet}


def dying_batch(documents: list[Document], limit: float | None = None) -> list[Extraction | ExtractionError]:
    """Runs on a worker: a document with KILLER ends the process, as a crash in native code would, partway into
    the work (not in the first instant of a worker's life, before its nanny has seen it start: Dask's nanny does not
    restart a worker that dies then)."""
    results = extract_batch(documents)
    if any(KILLER in d.text for d in documents):
        os._exit(3)
    return results


def test_a_poison_document_is_reported_and_the_rest_stored(cluster: Cluster, pg_location: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import this test module
    monkeypatch.setattr(cluster_backend, "run_batch", dying_batch)
    docs = write_notes(tmp_path / "docs", 6)
    (docs / "note-002b.txt").write_text(f"A poison pill\n\n{KILLER}\n", "utf-8")
    try:
        with Workspace(pg_location) as ws:
            report = ws.add([docs], cluster=cluster, batch_size=2)
            assert ws.stats()["documents"] == 6
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert len(report.added) == 6 and len(report.failed) == 1
    location, reason = report.failed[0]
    assert Path(location).name == "note-002b.txt"
    assert "worker processes extracting this document died 2 times" in reason
    cluster.client.wait_for_workers(2, timeout=120)


HANG = "This sentence makes the test worker hang."


def hanging_extract(documents: list[Document]) -> list[Extraction | ExtractionError]:
    """A document with HANG never finishes, as a pathological input might not."""
    import time

    if any(HANG in d.text for d in documents):
        time.sleep(3600)
    return extract_batch(documents)


def hanging_batch(documents: list[Document], limit: float | None = None) -> list[Extraction | ExtractionError]:
    """Runs on a worker: the real task's time limit around an extraction that can hang."""
    return cluster_backend.within(limit, hanging_extract, documents)


def test_a_document_that_hangs_its_worker_is_stopped_and_reported(pg_location: str, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """On a cluster of its own: after the module's cluster has lost workers to the tests before, a nanny once
    closed instead of restarting its worker (on a loaded 2-core machine), which left too few to finish."""
    import cloudpickle

    from threadline.ingest import Limits

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    monkeypatch.setattr(cluster_backend, "run_batch", hanging_batch)
    docs = write_notes(tmp_path / "docs", 4)
    (docs / "note-001b.txt").write_text(f"A stuck one\n\n{HANG}\n", "utf-8")
    try:
        with connect_cluster("local:2") as cluster, Workspace(pg_location, limits=Limits(max_extract_seconds=4)) as ws:
            report = ws.add([docs], cluster=cluster, batch_size=2)
            assert ws.stats()["documents"] == 4
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert [(Path(location).name, reason.split(";")[0]) for location, reason in report.failed] == [
        ("note-001b.txt", "extraction failed: took longer than 4 s to extract (time limit per document)")]
    assert len(report.added) == 4


def test_cli_adds_on_a_cluster_with_the_usual_summary(cluster: Cluster, pg_location: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from threadline.cli import ingest

    class Borrowed:  # the module's cluster, not closed by the command
        def __enter__(self) -> Cluster:
            return cluster

        def __exit__(self, *exc: object) -> None:
            pass

    monkeypatch.setattr(ingest, "connect_cluster", lambda address: Borrowed())
    docs = write_notes(tmp_path / "docs", 4)
    result = CliRunner().invoke(cli, ["add", str(docs), "--db", pg_location, "--cluster", "local:2"])
    assert result.exit_code == 0, result.output
    assert "4 added, 0 already stored, 0 failed" in " ".join(result.output.split())
    assert "Most mentioned entities" in result.output
    if cluster.dashboard:
        assert f"Dask dashboard: {cluster.dashboard}" in result.output


def test_cluster_options_are_checked_before_anything_starts(tmp_path: Path) -> None:
    runner = CliRunner()
    both = runner.invoke(cli, ["add", str(CORPUS), "--db", str(tmp_path / "a.db"), "--jobs", "2", "--cluster", "local:2"])
    assert both.exit_code != 0 and "--jobs and --cluster exclude each other" in both.output
    bad = runner.invoke(cli, ["add", str(CORPUS), "--db", str(tmp_path / "a.db"), "--cluster", "local:two"])
    assert bad.exit_code != 0 and "write local:N" in bad.output
    with pytest.raises(ClusterUnavailable, match="cannot reach the Dask scheduler"):
        cluster_backend.connect("tcp://127.0.0.1:9", timeout=3)  # nothing listens on the discard port


def test_a_killed_cluster_ingest_resumes_to_the_same_store(pg_schemas: Callable[[], str], tmp_path: Path) -> None:
    """SIGKILL ``add --cluster local:2`` mid-run: whole documents only, no worker left, a re-run completes it."""
    from test_crash import assert_resumes_to_the_same_store, kill_mid_run, pg_counter, write_corpus

    killed = False
    for n in (40, 120, 360):  # more documents if a run is too quick to be interrupted
        work = tmp_path / f"run-{n}"
        docs = write_corpus(work / "docs", n)
        location = pg_schemas()
        count, query = pg_counter(location)
        killed = kill_mid_run(docs, location, n, work / "killed.log", "local:2", count)  # checks the workers died too
        if killed:
            break
    assert killed, "could not interrupt the ingest mid-run even with 360 documents"
    assert_resumes_to_the_same_store(docs, location, n, work, count, query, "local:2", 300)


def test_a_cluster_left_without_workers_stops_the_run_instead_of_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    from distributed import Client, LocalCluster

    from threadline.ingest.readers import make_document

    monkeypatch.setattr(cluster_backend, "NO_WORKERS_SECONDS", 2.0)
    with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as local, \
            Client(local, set_as_default=False) as client:
        empty = Cluster(client, address="local:0")
        with pytest.raises(ClusterUnavailable, match="has had no worker for 2 s"):
            list(empty.extract([make_document("A note that nobody extracts.", {}, None)]))


def test_fetch_extracts_on_the_cluster_like_one_job(cluster: Cluster, pg_schemas: Callable[[], str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    pages = {f"/note-{i}": (f"Note {i}: council inquiry in {TOWNS[i]}\n\n{GROUPS[i % 4]} said on {i + 3} June 2024 "
                            f"that an office in {TOWNS[i]} reported to the United Front Work Department.\n")
             for i in range(3)}

    class Pages(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body = pages.get(self.path, "").encode("utf-8")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}"
    urls = [site + path for path in pages] + [site + "/missing"]
    try:
        one, two = pg_schemas(), pg_schemas()
        with Workspace(one) as ws:
            by_one = ws.fetch(urls, jobs=1)
            expected = store_view(ws)
        seen = spied(cluster, monkeypatch)
        with Workspace(two) as ws:
            on_cluster = ws.fetch(urls, cluster=cluster)
            got = store_view(ws)
    finally:
        server.shutdown()
        server.server_close()
    assert on_cluster.added == by_one.added and len(on_cluster.added) == 3 and len(seen) == 3
    assert on_cluster.failed == by_one.failed and "404" in on_cluster.failed[0][1]
    assert got == expected
