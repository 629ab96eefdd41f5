"""Where the team registry lives: a SQLite file (default) or a PostgreSQL database.

Plain SQL that both engines run, on the store's own connections
(:class:`~threadline.store.sqlite.SQLiteConnection`, :class:`~threadline.store.postgres.PostgresConnection`):
``?`` placeholders, transactions, and the column types that differ in the store's
:class:`~threadline.store.shared.Dialect`. This module stores and fetches rows only. What they mean (hashing,
expiry, rate limits, roles) is decided in :mod:`threadline.team.registry`.

The audit table is append-only: there is no method here to change or remove
an entry, and triggers in the database refuse UPDATE and DELETE on it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadline.errors import StoreError
from threadline.store import is_url
from threadline.store.shared import Dialect

if TYPE_CHECKING:
    from threadline.store.postgres import PostgresConnection
    from threadline.store.sqlite import SQLiteConnection

SCHEMA_VERSION = 1
APPEND_ONLY = "the audit log is append-only"
TRIGGERS = {  # by Dialect.name: what keeps team_audit append-only
    "sqlite": (
        f"CREATE TRIGGER IF NOT EXISTS team_audit_no_update BEFORE UPDATE ON team_audit"
        f" BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END",
        f"CREATE TRIGGER IF NOT EXISTS team_audit_no_delete BEFORE DELETE ON team_audit"
        f" BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END",
    ),
    "postgres": (
        "CREATE OR REPLACE FUNCTION team_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS"
        f" $$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$",
        "CREATE OR REPLACE TRIGGER team_audit_no_change BEFORE UPDATE OR DELETE ON team_audit"
        " FOR EACH ROW EXECUTE FUNCTION team_audit_append_only()",
        "CREATE OR REPLACE TRIGGER team_audit_no_truncate BEFORE TRUNCATE ON team_audit"
        " FOR EACH STATEMENT EXECUTE FUNCTION team_audit_append_only()",
    ),
}


def _tables(d: Dialect) -> tuple[str, ...]:
    return (
        "CREATE TABLE IF NOT EXISTS team_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS team_users (name TEXT PRIMARY KEY, password TEXT NOT NULL, created_at {d.real} NOT NULL)",
        "CREATE TABLE IF NOT EXISTS team_tokens (digest TEXT PRIMARY KEY,"
        " username TEXT NOT NULL REFERENCES team_users (name) ON DELETE CASCADE,"
        f" label TEXT, created_at {d.real} NOT NULL, last_used {d.real}, expires_at {d.real})",
        "CREATE TABLE IF NOT EXISTS team_sessions (digest TEXT PRIMARY KEY,"
        " username TEXT NOT NULL REFERENCES team_users (name) ON DELETE CASCADE,"
        f" created_at {d.real} NOT NULL, expires_at {d.real} NOT NULL, last_seen {d.real} NOT NULL, client TEXT)",
        f"CREATE TABLE IF NOT EXISTS team_investigations (name TEXT PRIMARY KEY, location TEXT NOT NULL, created_at {d.real} NOT NULL)",
        "CREATE TABLE IF NOT EXISTS team_members ("
        " investigation TEXT NOT NULL REFERENCES team_investigations (name) ON DELETE CASCADE,"
        " username TEXT NOT NULL REFERENCES team_users (name) ON DELETE CASCADE,"
        " role TEXT NOT NULL, sensitive INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (investigation, username))",
        f"CREATE TABLE IF NOT EXISTS team_login_failures (username TEXT NOT NULL, client TEXT NOT NULL, failed_at {d.real} NOT NULL)",
        "CREATE INDEX IF NOT EXISTS team_login_failures_key ON team_login_failures (username, client)",
        f"CREATE TABLE IF NOT EXISTS team_audit (id {d.identity}, happened_at TEXT NOT NULL, username TEXT,"
        " investigation TEXT, action TEXT NOT NULL, target TEXT, client TEXT, protected INTEGER NOT NULL DEFAULT 0,"
        " detail TEXT NOT NULL DEFAULT '{}')",
        "CREATE INDEX IF NOT EXISTS team_audit_investigation ON team_audit (investigation, id)",
    )


class RegistryStore:
    """Rows of users, tokens, sessions, investigations, memberships, login failures and the audit log."""

    def __init__(self, location: str):
        self.location = location
        self._lock = threading.RLock()  # one connection, shared by the web app's threads
        self.db = _connect(location)
        self._migrate()

    # -- plumbing ------------------------------------------------------------------------

    def _run(self, sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        with self._lock:
            cur = self.db._run(sql, args)
            rows = cur.fetchall() if cur.description else []
        return [dict(r) for r in rows]

    def _one(self, sql: str, args: tuple[Any, ...] = ()) -> dict[str, Any] | None:
        rows = self._run(sql, args)
        return rows[0] if rows else None

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Several statements as one transaction, none of them visible until all succeed."""
        with self._lock, self.db.atomic():
            yield

    def _migrate(self) -> None:
        dialect = self.db.dialect
        with self.atomic():
            self.db.create_schema()
            for statement in (*_tables(dialect), *TRIGGERS[dialect.name]):
                self._run(statement)
            self._run("INSERT INTO team_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO NOTHING",
                      (str(SCHEMA_VERSION),))
        if "expires_at" not in self.db.columns("team_tokens"):  # registries made before tokens expired
            self._run(f"ALTER TABLE team_tokens ADD COLUMN expires_at {dialect.real}")
        version = self._one("SELECT value FROM team_meta WHERE key = 'schema_version'")
        if version is None or int(version["value"]) > SCHEMA_VERSION:
            raise StoreError(f"{self.location} is a team registry from a newer Threadline; upgrade first")

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # -- users, tokens, sessions -----------------------------------------------------------

    def user(self, name: str) -> dict[str, Any] | None:
        return self._one("SELECT name, password, created_at FROM team_users WHERE name = ?", (name,))

    def users(self) -> list[str]:
        return [r["name"] for r in self._run("SELECT name FROM team_users ORDER BY name")]

    def add_user(self, name: str, password: str, now: float) -> None:
        self._run("INSERT INTO team_users (name, password, created_at) VALUES (?, ?, ?)", (name, password, now))

    def set_password(self, name: str, password: str) -> None:
        self._run("UPDATE team_users SET password = ? WHERE name = ?", (password, name))

    def remove_user(self, name: str) -> None:
        """The account and everything that lets it act: tokens, sessions, memberships."""
        with self.atomic():
            for table in ("team_tokens", "team_sessions", "team_members", "team_login_failures"):
                self._run(f"DELETE FROM {table} WHERE username = ?", (name,))
            self._run("DELETE FROM team_users WHERE name = ?", (name,))

    def add_token(self, digest: str, user: str, label: str | None, now: float, expires_at: float | None = None) -> None:
        self._run("INSERT INTO team_tokens (digest, username, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                  (digest, user, label, now, expires_at))

    def token(self, digest: str) -> dict[str, Any] | None:
        return self._one("SELECT t.username, t.last_used, t.expires_at FROM team_tokens t JOIN team_users u ON u.name = t.username"
                         " WHERE t.digest = ?", (digest,))

    def tokens(self, user: str) -> list[dict[str, Any]]:
        return self._run("SELECT digest, label, created_at, last_used, expires_at FROM team_tokens WHERE username = ?"
                         " ORDER BY created_at, digest", (user,))

    def remove_tokens(self, user: str, digests: list[str] | None = None) -> int:
        """Remove the user's tokens (all of them, or those listed); returns how many went."""
        rows = self.tokens(user)
        gone = [r["digest"] for r in rows if digests is None or r["digest"] in digests]
        for digest in gone:
            self._run("DELETE FROM team_tokens WHERE digest = ? AND username = ?", (digest, user))
        return len(gone)

    def touch_token(self, digest: str, now: float) -> None:
        self._run("UPDATE team_tokens SET last_used = ? WHERE digest = ?", (now, digest))

    def add_session(self, digest: str, user: str, now: float, expires: float, client: str | None) -> None:
        self._run("INSERT INTO team_sessions (digest, username, created_at, expires_at, last_seen, client)"
                  " VALUES (?, ?, ?, ?, ?, ?)", (digest, user, now, expires, now, client))

    def session(self, digest: str) -> dict[str, Any] | None:
        return self._one("SELECT s.username, s.expires_at, s.last_seen FROM team_sessions s"
                         " JOIN team_users u ON u.name = s.username WHERE s.digest = ?", (digest,))

    def touch_session(self, digest: str, now: float) -> None:
        self._run("UPDATE team_sessions SET last_seen = ? WHERE digest = ?", (now, digest))

    def end_session(self, digest: str) -> None:
        self._run("DELETE FROM team_sessions WHERE digest = ?", (digest,))

    def end_sessions(self, user: str) -> None:
        self._run("DELETE FROM team_sessions WHERE username = ?", (user,))

    def prune_sessions(self, now: float, idle_before: float) -> None:
        self._run("DELETE FROM team_sessions WHERE expires_at < ? OR last_seen < ?", (now, idle_before))

    def failures(self, user: str, client: str, since: float) -> list[float]:
        return [r["failed_at"] for r in self._run(
            "SELECT failed_at FROM team_login_failures WHERE username = ? AND client = ? AND failed_at > ?", (user, client, since))]

    def add_failure(self, user: str, client: str, now: float) -> None:
        self._run("INSERT INTO team_login_failures (username, client, failed_at) VALUES (?, ?, ?)", (user, client, now))

    def clear_failures(self, user: str, client: str) -> None:
        self._run("DELETE FROM team_login_failures WHERE username = ? AND client = ?", (user, client))

    def prune_failures(self, before: float) -> None:
        """Failures too old to count any more."""
        self._run("DELETE FROM team_login_failures WHERE failed_at < ?", (before,))

    # -- investigations and memberships ------------------------------------------------------

    def add_investigation(self, name: str, location: str, now: float) -> None:
        self._run("INSERT INTO team_investigations (name, location, created_at) VALUES (?, ?, ?)", (name, location, now))

    def investigation(self, name: str) -> dict[str, Any] | None:
        return self._one("SELECT name, location FROM team_investigations WHERE name = ?", (name,))

    def investigations(self) -> list[dict[str, Any]]:
        return self._run("SELECT name, location FROM team_investigations ORDER BY name")

    def grant(self, investigation: str, user: str, role: str, sensitive: bool) -> None:
        self._run("INSERT INTO team_members (investigation, username, role, sensitive) VALUES (?, ?, ?, ?)"
                  " ON CONFLICT (investigation, username) DO UPDATE SET role = excluded.role, sensitive = excluded.sensitive",
                  (investigation, user, role, int(sensitive)))

    def revoke(self, investigation: str, user: str) -> None:
        self._run("DELETE FROM team_members WHERE investigation = ? AND username = ?", (investigation, user))

    def membership(self, investigation: str, user: str) -> dict[str, Any] | None:
        return self._one("SELECT investigation, username, role, sensitive FROM team_members"
                         " WHERE investigation = ? AND username = ?", (investigation, user))

    def memberships(self, *, user: str | None = None, investigation: str | None = None) -> list[dict[str, Any]]:
        where, args = _where(("username = ?", user), ("investigation = ?", investigation))
        return self._run("SELECT investigation, username, role, sensitive FROM team_members"
                         f"{where} ORDER BY investigation, username", args)

    # -- audit ----------------------------------------------------------------------------

    def append_audit(self, at: str, user: str | None, investigation: str | None, action: str, target: str | None,
                     client: str | None, protected: bool, detail: dict[str, Any]) -> int:
        row = self._one(
            "INSERT INTO team_audit (happened_at, username, investigation, action, target, client, protected, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (at, user, investigation, action, target, client, int(protected), json.dumps(detail, ensure_ascii=False, sort_keys=True)))
        assert row is not None
        return int(row["id"])

    def audit(self, investigation: str | None = None, limit: int | None = None, before: int | None = None) -> list[dict[str, Any]]:
        """Entries newest first (for one investigation, or all), optionally older than id ``before``."""
        where, args = _where(("investigation = ?", investigation), ("id < ?", before))
        sql = ("SELECT id, happened_at, username, investigation, action, target, client, protected, detail FROM team_audit"
               f"{where} ORDER BY id DESC")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._run(sql, tuple(args))


def _where(*conditions: tuple[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """A WHERE clause of the conditions whose value is given (not None), and their arguments."""
    given = [(clause, value) for clause, value in conditions if value is not None]
    if not given:
        return "", ()
    return " WHERE " + " AND ".join(c for c, _ in given), tuple(v for _, v in given)


def _connect(location: str) -> SQLiteConnection | PostgresConnection:
    """The registry's connection: a postgresql:// URL (its ``?schema=``, as for investigation stores) or a file
    in a folder that exists. Its writers hold a lock of their own, never an investigation's."""
    if is_url(location):
        from threadline.store.postgres import PostgresConnection

        return PostgresConnection(location, what="the team registry", lock="team")
    from threadline.store.sqlite import SQLiteConnection

    path = Path(location)
    if path.parent and not path.parent.exists():
        raise StoreError(f"cannot open the team registry {location}: folder {path.parent} does not exist")
    return SQLiteConnection(location, what="the team registry", timeout=10, durable=True)
