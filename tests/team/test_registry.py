"""The team registry behaves the same on SQLite and on PostgreSQL (THREADLINE_TEST_PG or scripts/postgres.sh):
accounts, tokens, sessions that expire, the login rate limit, memberships and the append-only audit log."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from threadline.errors import AuthError, InputError, NotFound, RateLimited
from threadline.team import Registry
from threadline.team.credentials import Passwords, digest
from threadline.team.registry import IDLE_SECONDS, SESSION_SECONDS

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSWORD = "correct horse battery staple"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "server.db")
    return request.getfixturevalue("pg_schemas")()  # a fresh ?schema= of the test server (tests/conftest.py)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def reg(location, clock):
    r = Registry(location, passwords=Passwords(FAST), clock=clock)
    r.add_user("ana", PASSWORD)
    r.add_investigation("harbour", "/data/harbour.db")
    yield r
    r.close()


def test_accounts(reg):
    assert reg.users() == ["ana"]
    with pytest.raises(InputError, match="exists"):
        reg.add_user("ana", PASSWORD)
    with pytest.raises(InputError, match="at least"):
        reg.add_user("bob", "short")
    with pytest.raises(InputError, match="not allowed"):
        reg.add_user("../bob", PASSWORD)
    stored = reg.store.user("ana")["password"]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    with pytest.raises(NotFound):
        reg.remove_user("nobody")


def test_tokens_are_shown_once_and_kept_as_hashes(reg):
    token = reg.new_token("ana", "script")
    assert token.startswith("tl_") and len(token) > 40
    assert reg.token_user(token) == "ana"
    assert reg.token_user(token + "x") is None
    assert reg.store.token(digest(token)) and reg.store.token(token) is None
    reg.remove_user("ana")
    assert reg.token_user(token) is None


def test_sessions_end_on_logout_expiry_idleness_and_new_password(reg, clock):
    s1 = reg.login("ana", PASSWORD, "1.1.1.1")
    assert reg.session_user(s1) == "ana" and reg.store.session(s1) is None  # stored hashed
    reg.logout(s1)
    assert reg.session_user(s1) is None
    s2 = reg.login("ana", PASSWORD, "1.1.1.1")
    clock.now += IDLE_SECONDS - 5
    assert reg.session_user(s2) == "ana"  # used now, so not idle
    for _ in range(SESSION_SECONDS // (IDLE_SECONDS // 2)):
        clock.now += IDLE_SECONDS // 2
        reg.session_user(s2)
    assert reg.session_user(s2) is None  # past its absolute lifetime however busy
    s3 = reg.login("ana", PASSWORD, "1.1.1.1")
    clock.now += IDLE_SECONDS + 1
    assert reg.session_user(s3) is None  # idle too long
    s4 = reg.login("ana", PASSWORD, "1.1.1.1")
    reg.set_password("ana", "a new long passphrase")
    assert reg.session_user(s4) is None
    with pytest.raises(AuthError):
        reg.login("ana", PASSWORD, "1.1.1.1")
    assert reg.session_user(reg.login("ana", "a new long passphrase", "1.1.1.1")) == "ana"


def test_rate_limit_per_user_and_client(reg, clock):
    for _ in range(5):
        with pytest.raises(AuthError) as failed:
            reg.login("ana", "wrong password", "1.1.1.1")
        assert not isinstance(failed.value, RateLimited)
    with pytest.raises(RateLimited) as limited:
        reg.login("ana", PASSWORD, "1.1.1.1")
    assert limited.value.retry_after == 15 * 60
    assert reg.login("ana", PASSWORD, "2.2.2.2")  # another client
    clock.now += 15 * 60 + 1
    assert reg.login("ana", PASSWORD, "1.1.1.1")  # the failures aged out
    for _ in range(5):
        with pytest.raises(AuthError):
            reg.login("nobody", "wrong password", "1.1.1.1")
    with pytest.raises(RateLimited):
        reg.login("nobody", "wrong password", "1.1.1.1")


def test_memberships(reg):
    member = reg.grant("harbour", "ana", "reviewer")
    assert (member.role, member.sensitive, member.can("review"), member.can("curate")) == ("reviewer", False, True, False)
    assert reg.grant("harbour", "ana", "editor", sensitive=True).sensitive
    assert [m.investigation for m in reg.memberships("ana")] == ["harbour"]
    with pytest.raises(InputError, match="unknown role"):
        reg.grant("harbour", "ana", "boss")
    with pytest.raises(NotFound):
        reg.grant("nowhere", "ana", "viewer")
    with pytest.raises(NotFound):
        reg.grant("harbour", "nobody", "viewer")
    with pytest.raises(InputError, match="exists"):
        reg.add_investigation("harbour", "/elsewhere.db")
    reg.revoke("harbour", "ana")
    assert reg.membership("harbour", "ana") is None
    with pytest.raises(NotFound):
        reg.revoke("harbour", "ana")
    reg.grant("harbour", "ana", "viewer")
    reg.remove_user("ana")
    assert reg.members("harbour") == []


def test_audit_log_is_append_only_and_survives_the_user(reg):
    first = reg.record("ana", "harbour", "export", "gexf", "1.1.1.1", True, {"format": "gexf", "name": "Wang Wei"})
    second = reg.record(None, None, "login.failed", "mallory", "6.6.6.6")
    assert second > first
    entries = reg.audit()
    assert [e.action for e in entries] == ["login.failed", "export"]
    assert entries[1].protected is True and entries[1].detail == {"format": "gexf", "name": "Wang Wei"}
    assert [e.id for e in reg.audit("harbour")] == [first]
    assert [e.id for e in reg.audit(limit=1)] == [second] and [e.id for e in reg.audit(before=second)] == [first]
    reg.remove_user("ana")
    assert len(reg.audit()) == 2
    for sql in ("UPDATE team_audit SET action = 'x'", "DELETE FROM team_audit"):
        with pytest.raises(Exception, match="append-only"):
            reg.store.db.conn.execute(sql)
    assert len(reg.audit()) == 2


def test_reopening_keeps_everything(location, clock):
    with Registry(location, passwords=Passwords(FAST), clock=clock) as r:
        r.add_user("ana", PASSWORD)
        token = r.new_token("ana")
        r.record("ana", None, "login")
    with Registry(location, passwords=Passwords(FAST), clock=clock) as r:
        assert r.token_user(token) == "ana" and len(r.audit()) == 1


def test_outdated_password_hashes_are_upgraded_on_login(location, clock):
    with Registry(location, passwords=Passwords(FAST), clock=clock) as r:
        r.add_user("ana", PASSWORD)
        old = r.store.user("ana")["password"]
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    with Registry(location, passwords=Passwords(stronger), clock=clock) as r:
        r.login("ana", PASSWORD, "1.1.1.1")
        new = r.store.user("ana")["password"]
    assert new != old and "t=2" in new
