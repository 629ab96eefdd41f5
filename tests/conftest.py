"""Shared fixtures. Tests that need a trained spaCy pipeline are marked ``model``;
the pipeline is loaded once per session."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def nlp_en():
    from threadline.extract.nlp import load_pipeline

    return load_pipeline("en")


@pytest.fixture(scope="session")
def nlp_fr():
    from threadline.extract.nlp import load_pipeline

    return load_pipeline("fr")


@pytest.fixture(scope="session")
def stored_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the example corpus ingested once for the whole session (read-only use)."""
    from threadline.api import Workspace

    db = tmp_path_factory.mktemp("store") / "corpus.db"
    with Workspace(db) as ws:
        report = ws.add([CORPUS])
    assert report.ok, report.failed
    return db


@pytest.fixture(scope="session")
def pg_url() -> str:
    """A PostgreSQL database for the tests: THREADLINE_TEST_PG, or else a throwaway server from scripts/postgres.sh.

    Skips (with the reason) only when neither is possible; an unreachable THREADLINE_TEST_PG is an error.
    """
    import psycopg

    url = os.environ.get("THREADLINE_TEST_PG", "")
    if not url:
        try:
            done = subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh")], capture_output=True, text=True,
                                  timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            pytest.skip(f"no PostgreSQL: THREADLINE_TEST_PG is unset and scripts/postgres.sh could not run ({exc})")
        if done.returncode != 0 or not done.stdout.strip():
            reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
            pytest.skip(f"no PostgreSQL: THREADLINE_TEST_PG is unset and scripts/postgres.sh failed: {reason}")
        url = done.stdout.strip().splitlines()[-1]
    try:
        psycopg.connect(url, connect_timeout=10).close()
    except psycopg.Error as exc:
        pytest.fail(f"the test PostgreSQL server is not reachable: {exc}")
    return url


@pytest.fixture
def pg_schemas(pg_url: str) -> Iterator[Callable[[], str]]:
    """Makes locations of fresh, empty PostgreSQL investigations (one schema each, dropped after the test)."""
    import psycopg

    made: list[str] = []

    def new() -> str:
        made.append(f"test_{uuid.uuid4().hex[:12]}")
        return f"{pg_url}{'&' if '?' in pg_url else '?'}schema={made[-1]}"

    yield new
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("SET lock_timeout = '20s'")
        for schema in made:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def pg_location(pg_schemas: Callable[[], str]) -> str:
    """The location of a fresh, empty PostgreSQL investigation."""
    return pg_schemas()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/*.expected.json from the current output.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


# Headless Chromium's renderer now and then dies under a loaded 2-core machine ("Target crashed"),
# which says nothing about the workbench: such a test is run once more, and only for that error.
BROWSER_CRASHES = ["Target crashed", "Target page, context or browser has been closed"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.flaky(reruns=1, only_rerun=BROWSER_CRASHES))
