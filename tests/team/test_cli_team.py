"""``threadline user``, ``threadline investigation`` and ``threadline audit`` end to end through CliRunner."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from threadline.cli import cli
from threadline.team import Registry

PASSWORD = "correct horse battery staple"


def run(*args: str, input: str | None = None):
    try:  # click < 8.2 mixes stderr into stdout unless told not to
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False, env={"THREADLINE_USER": "admin"})


def test_set_up_a_team_from_the_command_line(tmp_path):
    server = str(tmp_path / "server.db")
    store = tmp_path / "harbour.db"
    assert run("user", "add", "ana", "--server-db", server, "--password-stdin", input=PASSWORD + "\n").exit_code == 0
    prompted = run("user", "add", "bob", "--server-db", server, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert prompted.exit_code == 0, prompted.output
    mismatch = run("user", "add", "eve", "--server-db", server, input=f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n")
    assert mismatch.exit_code == 0 and "match" in mismatch.output  # asked again
    short = run("user", "add", "carl", "--server-db", server, "--password-stdin", input="short\n")
    assert short.exit_code == 1 and "at least" in short.output + short.stderr and "Traceback" not in short.output

    added = run("investigation", "add", "harbour", "--db", str(store), "--server-db", server)
    assert added.exit_code == 0 and store.exists()
    assert run("investigation", "grant", "harbour", "ana", "owner", "--sensitive", "--server-db", server).exit_code == 0
    assert run("investigation", "grant", "harbour", "bob", "viewer", "--server-db", server).exit_code == 0
    bad_role = run("investigation", "grant", "harbour", "bob", "boss", "--server-db", server)
    assert bad_role.exit_code == 1 and "unknown role" in bad_role.output + bad_role.stderr
    token = run("user", "token", "bob", "--server-db", server).stdout.strip()
    listed = " ".join(run("investigation", "list", "--server-db", server).output.split())
    assert all(word in listed for word in ("harbour", "ana", "owner", "sensitive", "bob", "viewer"))
    assert "ana" in run("user", "list", "--server-db", server).output

    with Registry(server) as reg:
        assert reg.token_user(token) == "bob"
        assert reg.membership("harbour", "ana").sensitive
        assert reg.investigation("harbour").location == str(store.resolve())
        assert reg.login("ana", PASSWORD, "cli-test")

    assert run("investigation", "revoke", "harbour", "bob", "--server-db", server).exit_code == 0
    assert run("user", "passwd", "ana", "--server-db", server, "--password-stdin", input="another long passphrase\n").exit_code == 0
    assert run("user", "remove", "bob", "--server-db", server).exit_code == 0
    with Registry(server) as reg:
        assert reg.token_user(token) is None and reg.membership("harbour", "bob") is None
        assert reg.login("ana", "another long passphrase", "cli-test")

    out = tmp_path / "audit.csv"
    assert run("audit", "--server-db", server, "--csv", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    actions = [r["action"] for r in rows][::-1]
    assert actions[:6] == ["user.add", "user.add", "user.add", "investigation.add", "grant", "grant"]
    assert {"user.token", "revoke", "user.passwd", "user.remove", "login"} <= set(actions)
    assert all(r["user"] == "admin" for r in rows if r["client"] == "cli")
    only = run("audit", "--server-db", server, "--investigation", "harbour", "--csv", "-").stdout
    assert {r["investigation"] for r in csv.DictReader(io.StringIO(only))} == {"harbour"}
    shown = run("audit", "--server-db", server, "--limit", "3")
    assert shown.exit_code == 0 and "login" in shown.output
    missing = run("audit", "--server-db", server, "--investigation", "nowhere")
    assert missing.exit_code == 1 and "no investigation" in missing.output + missing.stderr


def test_server_db_comes_from_the_environment(tmp_path, monkeypatch):
    server = str(tmp_path / "env.db")
    monkeypatch.setenv("THREADLINE_SERVER_DB", server)
    assert run("user", "add", "ana", "--password-stdin", input=PASSWORD + "\n").exit_code == 0
    with Registry(server) as reg:
        assert reg.users() == ["ana"]
