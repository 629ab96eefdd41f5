"""Crash safety: SIGKILL an ingest half way, re-run it, and get exactly what one clean run gives."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from threadline.api import Workspace

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals"),
]

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120.0
CITIES = ["Lisbon", "Porto", "Dublin", "Rotterdam", "Antwerp", "Madrid", "Milan", "Prague", "Toronto", "Glasgow", "Vienna"]
PEOPLE = ["Anna Berg", "Tomas Novak", "Lucia Ferri", "Pieter Visser", "Maria Santos", "John Keane", "Elena Ruiz"]
VERBS = ["alleged", "said", "claimed", "reported"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def write_corpus(folder: Path, n: int) -> Path:
    """n short, distinct news-style documents (invented); no two are near-duplicates (word 5-shingle Jaccard < 0.75)."""
    folder.mkdir(parents=True)
    for i in range(n):
        city, person, verb = CITIES[i % len(CITIES)], PEOPLE[i % len(PEOPLE)], VERBS[i % len(VERBS)]
        month = MONTHS[i % len(MONTHS)]
        (folder / f"doc-{i:03d}.txt").write_text(
            f"Report {i}: office in {city} under scrutiny\n\n"
            f"The human rights group Safeguard Defenders {verb} on {i % 28 + 1} {month} 2023 that an office in {city} "
            f"was run by police from Qingtian. {person}, a spokesperson for the {city} city council, said the office "
            f"had closed. The Chinese embassy denied the claim in statement number {i}.\n",
            "utf-8",
        )
    return folder


def committed(db: Path) -> int | None:
    """Documents committed so far, read through a separate read-only connection (None: not readable yet)."""
    if not db.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def threadline(*args: str, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "THREADLINE_DB"}
    with open(log, "wb") as out:
        return subprocess.Popen([sys.executable, "-m", "threadline", *args], cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT, env=env)


def descendants(pid: int) -> set[int]:
    """Live processes below ``pid`` (Linux /proc; empty elsewhere)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def still_running(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def ingest_options(jobs: str) -> list[str]:
    """``--jobs N``, or ``--cluster local:N`` (a Dask LocalCluster) when ``jobs`` is written so."""
    return ["--cluster", jobs] if jobs.startswith("local:") else ["--jobs", jobs]


def kill_mid_run(docs: Path, db: Path | str, total: int, log: Path, jobs: str,
                 count: Callable[[], int | None] | None = None) -> bool:
    """Start an ingest and SIGKILL it once some but not all documents are committed.

    ``count`` says how many are committed (default: read the SQLite file ``db``).
    Returns False when the run finished before it could be killed. Worker
    processes must not outlive the killed run.
    """
    count = count or (lambda: committed(Path(db)))
    proc = threadline("add", str(docs), "--db", str(db), "--quiet", *ingest_options(jobs), log=log)
    deadline = time.monotonic() + TIMEOUT
    workers: set[int] = set()
    try:
        while time.monotonic() < deadline:
            n = count()
            if n is not None and 2 <= n < total:
                workers = descendants(proc.pid)
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
                assert proc.returncode == -signal.SIGKILL
                if jobs != "1" and Path("/proc").is_dir():
                    assert workers, "no worker processes seen with --jobs > 1"
                gone = time.monotonic() + 15
                while still_running(workers) and time.monotonic() < gone:
                    time.sleep(0.1)
                assert not still_running(workers), "worker processes outlived the killed ingest"
                return True
            if proc.poll() is not None:
                return False
            time.sleep(0.005)
        pytest.fail(f"ingest neither committed documents nor finished within {TIMEOUT}s; log:\n{log.read_text()}")
    finally:
        if proc.poll() is None:  # only ever the process this test started, and its own workers
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        for pid in still_running(workers):
            os.kill(pid, signal.SIGKILL)
    return False


def per_document(db: Path) -> dict[str, dict[str, object]]:
    """Per document id: its facts' ids, so duplicates or losses show up as differences."""
    conn = sqlite3.connect(db)
    try:
        out: dict[str, dict[str, object]] = {}
        for (doc_id,) in conn.execute("SELECT id FROM documents"):
            out[doc_id] = {
                table: sorted(r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE doc_id = ?", (doc_id,)))
                for table in ("mentions", "claims", "events", "relations")
            }
        return out
    finally:
        conn.close()


def check_integrity(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_killed_ingest_resumes_to_the_same_store(tmp_path: Path, jobs: str) -> None:
    killed = False
    for n in (40, 120, 360):  # more documents if a run is too quick to be interrupted
        work = tmp_path / f"run-{n}"
        docs = write_corpus(work / "docs", n)
        db = work / "crashed.db"
        killed = kill_mid_run(docs, db, n, work / "killed.log", jobs)
        if killed:
            break
    assert killed, "could not interrupt the ingest mid-run even with 360 documents"

    # what the SIGKILL left: a sound database holding whole documents only
    check_integrity(db)
    left = committed(db)
    assert left is not None and 2 <= left < n
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM documents WHERE extractor IS NULL").fetchone()[0] == 0
        for table in ("mentions", "claims", "events"):  # every committed document has its facts
            assert conn.execute(f"SELECT count(*) FROM documents d WHERE NOT EXISTS"
                                f" (SELECT 1 FROM {table} x WHERE x.doc_id = d.id)").fetchone()[0] == 0
    finally:
        conn.close()

    # re-running completes it
    proc = threadline("add", str(docs), "--db", str(db), "--jobs", jobs, log=work / "resume.log")
    assert proc.wait(timeout=TIMEOUT) == 0, (work / "resume.log").read_text()
    resume_log = (work / "resume.log").read_text()
    assert f"{n - left} added, {left} already stored, 0 failed" in " ".join(resume_log.split())
    check_integrity(db)

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == n
        assert conn.execute("SELECT count(DISTINCT text) FROM documents").fetchone()[0] == n
        conn.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
        assert conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'Qingtian'").fetchone()[0] == n
    finally:
        conn.close()

    # one clean run of the same files gives the same facts, document by document
    clean = work / "clean.db"
    with Workspace(clean) as ws:
        report = ws.add([docs])
        assert report.ok and len(report.added) == n
    got, expected = per_document(db), per_document(clean)
    assert set(got) == set(expected)
    for doc_id, facts in expected.items():
        assert {k: len(v) for k, v in got[doc_id].items()} == {k: len(v) for k, v in facts.items()}, doc_id
        assert got[doc_id] == facts, doc_id
    entities = "SELECT id, type, name FROM entities ORDER BY id"
    with sqlite3.connect(db) as a, sqlite3.connect(clean) as b:
        assert a.execute(entities).fetchall() == b.execute(entities).fetchall()


# -- the same on PostgreSQL ------------------------------------------------------------------


def pg_counter(location: str) -> tuple[Callable[[], int | None], Callable[[str], list[tuple]]]:
    """How many documents a PostgreSQL investigation has committed, and a query on its schema, from outside the run."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(location)
    params = dict(parse_qsl(parts.query))
    schema = params.pop("schema")
    base = urlunsplit(parts._replace(query=urlencode(params)))

    def query(sql: str) -> list[tuple]:
        with psycopg.connect(base, connect_timeout=5, options=f"-c search_path={schema}") as conn:
            return conn.execute(sql).fetchall()

    def count() -> int | None:
        try:
            return int(query("SELECT count(*) FROM documents")[0][0])
        except psycopg.Error:  # the schema or table is not there yet
            return None

    return count, query


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_killed_ingest_resumes_to_the_same_store_on_postgresql(pg_schemas, tmp_path: Path, jobs: str) -> None:
    killed = False
    for n in (40, 120, 360):
        work = tmp_path / f"run-{n}"
        docs = write_corpus(work / "docs", n)
        location = pg_schemas()
        count, query = pg_counter(location)
        killed = kill_mid_run(docs, location, n, work / "killed.log", jobs, count)
        if killed:
            break
    assert killed, "could not interrupt the ingest mid-run even with 360 documents"

    assert_resumes_to_the_same_store(docs, location, n, work, count, query, jobs, TIMEOUT)


def assert_resumes_to_the_same_store(docs: Path, location: str, n: int, work: Path, count: Callable[[], int | None],
                                     query: Callable[[str], list[tuple]], jobs: str, timeout: float) -> None:
    """After a killed run into PostgreSQL: whole documents only, and a re-run (``--jobs N`` or ``--cluster local:N``)
    completes it to the facts, document by document, of one clean run into SQLite."""
    # whole documents only: each committed one has its extractor and its facts
    left = count()
    assert left is not None and 2 <= left < n
    assert query("SELECT count(*) FROM documents WHERE extractor IS NULL")[0][0] == 0
    for table in ("mentions", "claims", "events"):
        assert query(f"SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM {table} x WHERE x.doc_id = d.id)")[0][0] == 0

    proc = threadline("add", str(docs), "--db", location, *ingest_options(jobs), log=work / "resume.log")
    assert proc.wait(timeout=timeout) == 0, (work / "resume.log").read_text()
    assert f"{n - left} added, {left} already stored, 0 failed" in " ".join((work / "resume.log").read_text().split())
    assert query("SELECT count(*), count(DISTINCT text) FROM documents")[0] == (n, n)

    # the same facts, document by document, as one clean run into SQLite
    clean = work / "clean.db"
    with Workspace(clean) as ws:
        assert ws.add([docs]).ok
    expected = per_document(clean)
    for table in ("mentions", "claims", "events", "relations"):
        got: dict[str, list[str]] = {}
        for fact_id, doc_id in query(f"SELECT id, doc_id FROM {table}"):
            got.setdefault(doc_id, []).append(fact_id)
        assert {d: sorted(v) for d, v in got.items()} == {d: f[table] for d, f in expected.items() if f[table]}, table
    with sqlite3.connect(clean) as b:
        assert sorted(query("SELECT id, type, name FROM entities")) == sorted(b.execute("SELECT id, type, name FROM entities"))
