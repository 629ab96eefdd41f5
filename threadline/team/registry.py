"""The team registry: accounts, sign-in, investigations, memberships and the audit log.

    reg = Registry("server.db")                       # or a postgresql:// URL
    reg.add_user("ana", "a long passphrase")          # threadline user add ana
    token = reg.new_token("ana")                      # threadline user token ana (shown once)
    reg.add_investigation("harbour", "harbour.db")    # threadline investigation add harbour --db harbour.db
    reg.grant("harbour", "ana", "editor", sensitive=True)
    session = reg.login("ana", "a long passphrase", client="10.0.0.7")
    reg.session_user(session)                         # "ana", until it expires or she signs out
    reg.record("ana", "harbour", "export", detail={"format": "gexf"})

The CLI and the web app both call these methods. Secrets are hashed here
(:mod:`~threadline.team.credentials`), roles come from ``schema/roles.yaml``
(:mod:`~threadline.team.roles`) and the rows are kept by
:class:`~threadline.team.store.RegistryStore`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from threadline.errors import AuthError, InputError, NotFound, RateLimited
from threadline.team import credentials
from threadline.team.audit import AuditEntry, utc_iso
from threadline.team.credentials import Passwords
from threadline.team.ratelimit import LoginLimit
from threadline.team.roles import Roles, load_roles
from threadline.team.store import RegistryStore

NAME = r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"
"""User and investigation names: also a path segment of the web API, so nothing that needs escaping."""
_NAME = re.compile(NAME)
SESSION_SECONDS = 12 * 3600   # a session ends this long after sign-in
IDLE_SECONDS = 2 * 3600       # or after this long without a request
TOUCH_SECONDS = 60            # last-seen times are written at most this often
TOKEN_ID = 12                 # hex digits of a token's hash that name it in lists (the token itself is never shown again)


@dataclass(frozen=True)
class Member:
    investigation: str
    user: str
    role: str
    sensitive: bool
    permissions: frozenset[str]

    def can(self, permission: str) -> bool:
        return permission in self.permissions


@dataclass(frozen=True)
class Investigation:
    name: str
    location: str


def check_name(name: str, what: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise InputError(f"{what} name {name!r} is not allowed: use 1-64 letters, digits, '.', '_', '@' or '-', "
                         "starting with a letter or digit")
    return name


class Registry:
    """Users, tokens, sessions, investigations, memberships and the append-only audit log."""

    def __init__(self, location: str, passwords: Passwords | None = None, limit: LoginLimit | None = None,
                 clock: Callable[[], float] = time.time, roles: Roles | None = None):
        self.location = location
        self.store = RegistryStore(location)
        self.passwords = passwords or Passwords()
        self.limit = limit or LoginLimit()
        self.clock = clock
        self.roles = roles or load_roles()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- accounts ------------------------------------------------------------------------

    def add_user(self, name: str, password: str) -> None:
        check_name(name, "user")
        if self.store.user(name):
            raise InputError(f"user {name!r} exists already")
        self.store.add_user(name, self.passwords.hash(password), self.clock())

    def users(self) -> list[str]:
        return self.store.users()

    def remove_user(self, name: str) -> None:
        """Remove an account: its tokens and sessions stop working and its memberships go. Its audit entries stay."""
        self._user(name)
        self.store.remove_user(name)

    def set_password(self, name: str, password: str, revoke_tokens: bool = False) -> int:
        """A new password; the account's sessions end, and its API tokens too if asked. Returns the tokens revoked."""
        self._user(name)
        self.store.set_password(name, self.passwords.hash(password))
        self.store.end_sessions(name)
        return self.store.remove_tokens(name) if revoke_tokens else 0

    def new_token(self, name: str, label: str | None = None, days: float | None = None) -> str:
        """A new personal API token, returned once; only its hash is kept. ``days``: it stops working after that."""
        self._user(name)
        if days is not None and days <= 0:
            raise InputError("a token's lifetime must be a positive number of days")
        token = credentials.new_token()
        now = self.clock()
        self.store.add_token(credentials.digest(token), name, label, now, now + days * 86400 if days else None)
        return token

    def tokens(self, name: str) -> list[dict[str, Any]]:
        """The user's tokens: a short id (the start of the hash, never the token), label, created, last used, expiry."""
        self._user(name)
        return [{"id": r["digest"][:TOKEN_ID], "label": r["label"], "created_at": r["created_at"],
                 "last_used": r["last_used"], "expires_at": r["expires_at"]} for r in self.store.tokens(name)]

    def revoke_token(self, name: str, token_id: str) -> None:
        """Revoke one of the user's tokens by its short id (as ``tokens`` lists it)."""
        self._user(name)
        found = [r["digest"] for r in self.store.tokens(name) if len(token_id) >= TOKEN_ID and r["digest"].startswith(token_id)]
        if len(found) != 1:
            raise NotFound(f"no token {token_id!r} for {name!r}")
        self.store.remove_tokens(name, found)

    def _user(self, name: str) -> dict[str, Any]:
        user = self.store.user(name)
        if user is None:
            raise NotFound(f"no user {name!r}")
        return user

    # -- signing in ------------------------------------------------------------------------

    def login(self, name: str, password: str, client: str = "") -> str:
        """Check a password and open a session; returns the session id (the cookie value).

        Wrong passwords are counted per account and client; past the limit every
        attempt is refused (RateLimited) until old failures age out, even with
        the right password. Each attempt is audited.
        """
        now = self.clock()
        wait = self.limit.retry_after(self.store.failures(name, client, self.limit.since(now)), now)
        user = self.store.user(name)
        known = name if user else None
        if wait is not None:
            self.record(known, None, "login.failed", target=name, client=client, detail={"reason": "rate limited"})
            raise RateLimited(f"too many failed sign-ins; try again in {wait} seconds", wait)
        if not self.passwords.verify(user["password"] if user else None, password):
            self.store.add_failure(name, client, now)
            self.store.prune_failures(self.limit.since(now))
            self.record(known, None, "login.failed", target=name, client=client,
                        detail={"reason": "wrong password" if user else "unknown user"})
            raise AuthError("wrong user name or password")
        assert user is not None
        self.store.clear_failures(name, client)
        if self.passwords.outdated(user["password"]):
            self.store.set_password(name, self.passwords.hash(password))
        session = credentials.new_session_id()
        self.store.prune_sessions(now, now - IDLE_SECONDS)
        self.store.add_session(credentials.digest(session), name, now, now + SESSION_SECONDS, client)
        self.record(name, None, "login", target=name, client=client)
        return session

    def session_user(self, session: str) -> str | None:
        """The user a session belongs to, or None if it is unknown, ended or expired."""
        key = credentials.digest(session)
        row = self.store.session(key)
        if row is None:
            return None
        now = self.clock()
        if now >= row["expires_at"] or now - row["last_seen"] >= IDLE_SECONDS:
            self.store.end_session(key)
            return None
        if now - row["last_seen"] >= TOUCH_SECONDS:
            self.store.touch_session(key, now)
        return str(row["username"])

    def token_user(self, token: str) -> str | None:
        """The user an API token belongs to, or None (unknown token, or the user was removed)."""
        key = credentials.digest(token)
        row = self.store.token(key)
        if row is None:
            return None
        now = self.clock()
        if row["expires_at"] is not None and now >= row["expires_at"]:
            return None
        if row["last_used"] is None or now - row["last_used"] >= TOUCH_SECONDS:
            self.store.touch_token(key, now)
        return str(row["username"])

    def logout(self, session: str) -> None:
        self.store.end_session(credentials.digest(session))

    # -- investigations and memberships ----------------------------------------------------------

    def add_investigation(self, name: str, location: str) -> Investigation:
        """Register an investigation store (a SQLite path or a postgresql:// URL) under a name."""
        check_name(name, "investigation")
        if self.store.investigation(name):
            raise InputError(f"investigation {name!r} exists already")
        if not location.strip():
            raise InputError("give the investigation's store: a SQLite file path or a postgresql:// URL")
        self.store.add_investigation(name, location, self.clock())
        return Investigation(name, location)

    def investigation(self, name: str) -> Investigation:
        row = self.store.investigation(name)
        if row is None:
            raise NotFound(f"no investigation {name!r}")
        return Investigation(row["name"], row["location"])

    def investigations(self) -> list[Investigation]:
        return [Investigation(r["name"], r["location"]) for r in self.store.investigations()]

    def grant(self, investigation: str, user: str, role: str, sensitive: bool = False) -> Member:
        """Make a user a member with a role (or change their role and sensitive flag)."""
        self.investigation(investigation)
        self._user(user)
        self.roles.get(role)
        self.store.grant(investigation, user, role, sensitive)
        member = self.membership(investigation, user)
        assert member is not None
        return member

    def revoke(self, investigation: str, user: str) -> None:
        self.investigation(investigation)
        if self.store.membership(investigation, user) is None:
            raise NotFound(f"{user!r} is not a member of {investigation!r}")
        self.store.revoke(investigation, user)

    def membership(self, investigation: str, user: str) -> Member | None:
        row = self.store.membership(investigation, user)
        return self._member(row) if row else None

    def memberships(self, user: str) -> list[Member]:
        return [self._member(r) for r in self.store.memberships(user=user)]

    def members(self, investigation: str) -> list[Member]:
        return [self._member(r) for r in self.store.memberships(investigation=investigation)]

    def _member(self, row: dict[str, Any]) -> Member:
        role = self.roles.roles.get(row["role"])
        permissions = role.permissions if role else frozenset()  # a role no longer in roles.yaml grants nothing
        return Member(row["investigation"], row["username"], row["role"], bool(row["sensitive"]), permissions)

    # -- audit -------------------------------------------------------------------------------

    def record(self, user: str | None, investigation: str | None, action: str, target: str | None = None,
               client: str | None = None, protected: bool = False, detail: dict[str, Any] | None = None) -> int:
        """Append one entry to the audit log; returns its id."""
        return self.store.append_audit(utc_iso(self.clock()), user, investigation, action, target, client, protected,
                                       detail or {})

    def audit(self, investigation: str | None = None, limit: int | None = None, before: int | None = None) -> list[AuditEntry]:
        """Audit entries, newest first."""
        import json

        return [AuditEntry(r["id"], r["happened_at"], r["username"], r["investigation"], r["action"], r["target"],
                           r["client"], bool(r["protected"]), json.loads(r["detail"] or "{}"))
                for r in self.store.audit(investigation, limit, before)]
