"""API tokens can be listed, revoked one by one and given an expiry, and a new password can revoke them all;
the same through the CLI (``user tokens``, ``user revoke-token``, ``user token --days``, ``user passwd --revoke-tokens``)."""

from __future__ import annotations

import sqlite3

from argon2 import PasswordHasher
from click.testing import CliRunner

from threadline.cli import cli
from threadline.team import Registry
from threadline.team.credentials import Passwords

PASSWORD = "correct horse battery staple"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def registry(tmp_path, clock=None) -> Registry:
    fast = Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    reg = Registry(str(tmp_path / "server.db"), passwords=fast, **({"clock": clock} if clock else {}))
    reg.add_user("ana", PASSWORD)
    reg.add_user("ben", PASSWORD)
    return reg


def test_tokens_are_listed_and_revoked_one_by_one(tmp_path):
    reg = registry(tmp_path)
    first, second = reg.new_token("ana", "laptop"), reg.new_token("ana", "ci")
    other = reg.new_token("ben")
    listed = reg.tokens("ana")
    assert [t["label"] for t in listed] == ["laptop", "ci"] and all(len(t["id"]) == 12 for t in listed)
    assert not any(first.startswith(t["id"]) or t["id"] in first for t in listed)  # the id is not the token
    reg.revoke_token("ana", listed[0]["id"])
    assert reg.token_user(first) is None and reg.token_user(second) == "ana" and reg.token_user(other) == "ben"
    try:
        reg.revoke_token("ben", listed[1]["id"])  # one user cannot revoke (or probe) another's token
    except Exception as exc:
        assert "no token" in str(exc)
    else:
        raise AssertionError("revoked another user's token")
    assert reg.token_user(second) == "ana"


def test_a_token_expires(tmp_path):
    clock = Clock()
    reg = registry(tmp_path, clock)
    token = reg.new_token("ana", "short", days=1)
    forever = reg.new_token("ana", "long")
    assert reg.token_user(token) == "ana"
    clock.now += 86400 + 1
    assert reg.token_user(token) is None and reg.token_user(forever) == "ana"
    expiry = {t["label"]: t["expires_at"] for t in reg.tokens("ana")}
    assert expiry == {"short": 1_800_000_000.0 + 86400, "long": None}


def test_a_new_password_can_revoke_every_token(tmp_path):
    reg = registry(tmp_path)
    kept, gone = reg.new_token("ana"), reg.new_token("ben")
    assert reg.set_password("ana", PASSWORD + "!") == 0 and reg.token_user(kept) == "ana"
    assert reg.set_password("ben", PASSWORD + "!", revoke_tokens=True) == 1 and reg.token_user(gone) is None


def test_an_old_registry_gains_the_expiry_column(tmp_path):
    path = tmp_path / "server.db"
    registry(tmp_path).close()
    con = sqlite3.connect(path)
    con.executescript("CREATE TABLE t AS SELECT digest, username, label, created_at, last_used FROM team_tokens;"
                      "DROP TABLE team_tokens; ALTER TABLE t RENAME TO team_tokens;")
    con.close()
    reg = Registry(str(path))
    assert reg.tokens("ana") == []


def test_the_cli_lists_revokes_and_expires_tokens(tmp_path):
    server = str(tmp_path / "server.db")
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(cli, [*args, "--server-db", server], input=input, catch_exceptions=False)

    assert run("user", "add", "ana", "--password-stdin", input=PASSWORD + "\n").exit_code == 0
    token = run("user", "token", "ana", "--label", "ci", "--days", "30").output.strip().splitlines()[0]
    run("user", "token", "ana", "--label", "laptop")
    listed = run("user", "tokens", "ana").output
    assert "ci" in listed and "laptop" in listed and "never" in listed and token not in listed
    token_id = next(line.split()[0] for line in listed.splitlines() if " ci " in line)
    assert run("user", "revoke-token", "ana", token_id).exit_code == 0
    assert " ci " not in run("user", "tokens", "ana").output
    changed = run("user", "passwd", "ana", "--password-stdin", "--revoke-tokens", input=PASSWORD + "?\n")
    assert changed.exit_code == 0 and "revoked 1 token" in changed.output
    assert "no API tokens" in run("user", "tokens", "ana").output
    reg = Registry(server)
    assert [e.action for e in reg.audit()][:2] == ["user.passwd", "user.revoke-token"]
