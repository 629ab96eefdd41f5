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


# -- team mode ---------------------------------------------------------------------------

PASSWORD = "correct horse battery staple"
ROLE_NAMES = ("owner", "editor", "reviewer", "viewer")


class Team:
    """A team registry with investigations alpha (every role, sensitive or not) and beta (its own owner only).

    Users are named ROLE-s (sensitive) and ROLE-n (not), plus "outsider" who belongs nowhere.
    """

    def __init__(self, folder: Path, alpha: Path, beta: Path):
        from argon2 import PasswordHasher

        from threadline.team import Registry
        from threadline.team.credentials import Passwords
        from threadline.web import create_app

        fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # tests need no real cost
        self.registry = Registry(str(folder / "server.db"), passwords=Passwords(fast))
        self.registry.add_investigation("alpha", str(alpha))
        self.registry.add_investigation("beta", str(beta))
        self.tokens: dict[str, str] = {}
        for user, inv, role, sensitive in [*((f"{r}-{'s' if s else 'n'}", "alpha", r, s) for r in ROLE_NAMES for s in (True, False)),
                                           ("beta-owner", "beta", "owner", True), ("outsider", None, None, False)]:
            self.registry.add_user(user, PASSWORD)
            self.tokens[user] = self.registry.new_token(user)
            if inv:
                self.registry.grant(inv, user, role, sensitive)
        self.app = create_app(team=self.registry, upload_dir=folder / "uploads")

    def client(self, user: str | None = None, **kwargs):
        from fastapi.testclient import TestClient

        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        return TestClient(self.app, raise_server_exceptions=False, headers=headers, **kwargs)

    def login(self, user: str, **kwargs):
        """A client signed in with a session cookie (as a browser is), CSRF header not set."""
        c = self.client(None, **kwargs)
        reply = c.post("/api/login", json={"user": user, "password": PASSWORD})
        assert reply.status_code == 200, reply.text
        return c


def _empty_store(path: Path) -> Path:
    from threadline.api import Workspace

    Workspace(path).close()
    return path


@pytest.fixture
def empty_team(tmp_path: Path) -> Team:
    """Team mode over two empty stores: enough for access control, no spaCy model needed."""
    return Team(tmp_path, _empty_store(tmp_path / "alpha.db"), _empty_store(tmp_path / "beta.db"))


@pytest.fixture
def corpus_team(web_db: Path, tmp_path: Path) -> Team:
    """Team mode with alpha a copy of the example corpus store."""
    return Team(tmp_path, web_db, _empty_store(tmp_path / "beta.db"))
