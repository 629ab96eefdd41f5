"""A workbench over a copy of the session's corpus store, so tests may write to it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def web_db(stored_corpus: Path, tmp_path: Path) -> Path:
    db = tmp_path / "web.db"
    shutil.copy(stored_corpus, db)
    return db


@pytest.fixture
def client(web_db: Path):
    from fastapi.testclient import TestClient

    from threadline.web import create_app

    with TestClient(create_app(str(web_db)), raise_server_exceptions=False) as c:
        yield c
