"""Shared fixtures. Tests that need a trained spaCy pipeline are marked ``model``;
the pipeline is loaded once per session."""

from __future__ import annotations

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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/*.expected.json from the current output.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
