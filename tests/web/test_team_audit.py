"""The audit trail: every audited action through the web app leaves exactly one entry with who, when and
what; owners read it and export it as CSV; nobody can change or remove an entry."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import time
from collections import Counter

import pytest

from threadline.team.audit import ACTIONS, COLUMNS

BASE = "/api/investigations/alpha"
PASSWORD = "correct horse battery staple"  # conftest.Team gives every user this one
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$")


def wait_for(client, job: str) -> dict:
    for _ in range(300):
        state = client.get(f"{BASE}/uploads/{job}").json()
        if state["state"] in ("done", "failed"):
            return state
        time.sleep(0.1)
    raise AssertionError("the upload did not finish")


@pytest.mark.model
def test_each_action_leaves_exactly_one_entry(corpus_team):
    reg = corpus_team.registry
    start = len(reg.audit())
    browser = corpus_team.client()
    assert browser.post("/api/login", json={"user": "editor-s", "password": "wrong password"}).status_code == 401
    assert browser.post("/api/login", json={"user": "editor-s", "password": PASSWORD}).status_code == 200
    assert browser.post("/api/logout", headers={"X-CSRF-Token": browser.cookies["tl_csrf"]}).status_code == 200

    editor, plain, owner = corpus_team.client("editor-s"), corpus_team.client("editor-n"), corpus_team.client("owner-s")
    claims = editor.get(f"{BASE}/review/queue", params={"kind": "claim"}).json()[:3]
    for claim, body in zip(claims, ({"action": "accept"}, {"action": "reject"}, {"action": "edit", "stance": "reports"})):
        if body.get("stance") == claim["stance"]:
            body["stance"] = "states"
        assert editor.post(f"{BASE}/review/facts/{claim['id']}", json=body).status_code == 200
    tom = editor.get(f"{BASE}/entities/Tom Tugendhat").json()["id"]
    philp = editor.get(f"{BASE}/entities", params={"q": "Chris Philp"}).json()[0]["id"]
    assert editor.post(f"{BASE}/entities/{tom}/merge", json={"other": philp}).status_code == 200
    assert editor.post(f"{BASE}/entities/{tom}/split").status_code == 200
    assert editor.post(f"{BASE}/entities/{tom}/not-same", json={"other": philp}).status_code == 200
    harth = editor.get(f"{BASE}/entities/Laura Harth").json()["id"]
    assert editor.post(f"{BASE}/entities/{harth}/protect", json={"protected": True}).status_code == 200
    assert editor.post(f"{BASE}/entities/{harth}/protect", json={"protected": False}).status_code == 200
    pairs = editor.get(f"{BASE}/review/merges").json()
    if pairs:
        assert editor.post(f"{BASE}/review/merges", json={"a": pairs[0]["a"], "b": pairs[0]["b"], "answer": "unsure"}).status_code == 200
    assert editor.get(f"{BASE}/export", params={"format": "graphml", "include_protected": True}).status_code == 200
    assert plain.get(f"{BASE}/export", params={"format": "gexf", "include_protected": True}).status_code == 200
    assert editor.get(f"{BASE}/report", params={"country": "NL"}).status_code == 200
    note = ("note.txt", b"The consulate in Rotterdam denied running a police station, the mayor said on 2 May 2024.")
    job = editor.post(f"{BASE}/uploads", files=[("files", note)]).json()["id"]
    assert wait_for(editor, job)["state"] == "done"
    assert owner.put(f"{BASE}/members/outsider", json={"role": "viewer"}).status_code == 200
    assert owner.delete(f"{BASE}/members/outsider").status_code == 200
    assert owner.get(f"{BASE}/audit", params={"format": "csv"}).status_code == 200

    entries = reg.audit()[: len(reg.audit()) - start][::-1]  # oldest first
    counts = Counter(e.action for e in entries)
    expected = {"login.failed": 1, "login": 1, "logout": 1, "review.accept": 1, "review.reject": 1, "review.edit": 1,
                "merge": 1, "split": 1, "not-same": 1, "protect": 1, "unprotect": 1, "merge.answer": 1 if pairs else 0,
                "export": 2, "report": 1, "upload": 1, "ingest": 1, "grant": 1, "revoke": 1, "audit.export": 1}
    assert counts == {k: v for k, v in expected.items() if v}, counts
    assert set(counts) <= set(ACTIONS)
    for e in entries:
        assert ISO.match(e.time) and e.user and e.client == "testclient", e
        assert e.investigation == (None if e.action.startswith(("login", "logout")) else "alpha"), e
    by = {e.action: e for e in entries}
    assert by["login"].user == by["login.failed"].user == "editor-s"
    assert by["review.edit"].detail["changes"]["stance"] in ("reports", "states")
    assert by["merge"].target == tom and by["merge"].detail == {"other": philp}
    assert by["upload"].detail["files"] == ["note.txt"] and by["ingest"].detail["added"] == 1
    assert by["report"].target == "NL" and by["report"].protected is False
    exports = [e for e in entries if e.action == "export"]
    assert [(e.user, e.protected, e.detail["format"]) for e in exports] == [("editor-s", True, "graphml"), ("editor-n", False, "gexf")]
    assert by["grant"].user == "owner-s" and by["grant"].target == "outsider" and by["grant"].detail == {"role": "viewer", "sensitive": False}
    ids = [e.id for e in entries]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_only_owners_read_the_audit_log_and_its_csv_matches(empty_team):
    empty_team.client("owner-s").post(f"{BASE}/entities/ent-0000000000000000/protect", json={"protected": True})
    empty_team.client("owner-s").put(f"{BASE}/members/outsider", json={"role": "viewer", "sensitive": True})
    for user in ("editor-s", "reviewer-s", "viewer-s", "outsider", "beta-owner"):
        assert empty_team.client(user).get(f"{BASE}/audit").status_code in (403, 404), user
    everything = empty_team.client("owner-n").get(f"{BASE}/audit").json()
    refused = [e for e in everything if e["action"] == "refused"]  # every 403 is audited, with who and what
    assert sorted(e["user"] for e in refused) == ["beta-owner", "editor-s", "outsider", "reviewer-s", "viewer-s"]
    assert all(e["target"] == f"GET {BASE}/audit" for e in refused)
    assert {e["user"]: e["detail"]["reason"] for e in refused}["beta-owner"] == "not a member"  # a 404 to them, audited
    assert all("does not allow audit" in e["detail"]["reason"] for e in refused if e["user"] != "beta-owner")
    listed = [e for e in everything if e["action"] != "refused"]
    assert [e["action"] for e in listed] == ["grant"]  # newest first; the failed protect (a 404) was not audited
    assert set(listed[0]) == set(COLUMNS) and listed[0]["user"] == "owner-s"
    reply = empty_team.client("owner-s").get(f"{BASE}/audit", params={"format": "csv"})
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/csv")
    assert "attachment" in reply.headers["content-disposition"]
    rows = [r for r in csv.DictReader(io.StringIO(reply.text)) if r["action"] != "refused"]
    assert tuple(rows[0]) == COLUMNS and [r["action"] for r in rows] == ["grant"]
    assert rows[0]["detail"] == '{"role": "viewer", "sensitive": true}'
    assert empty_team.client("owner-s").get(f"{BASE}/audit").json()[0]["action"] == "audit.export"


def test_beta_entries_stay_in_beta(empty_team):
    empty_team.client("beta-owner").put("/api/investigations/beta/members/outsider", json={"role": "viewer"})
    assert empty_team.client("owner-s").get(f"{BASE}/audit").json() == []
    assert [e["action"] for e in empty_team.client("beta-owner").get("/api/investigations/beta/audit").json()] == ["grant"]


def test_the_audit_log_is_append_only(empty_team):
    owner = empty_team.client("owner-s")
    owner.put(f"{BASE}/members/outsider", json={"role": "viewer"})
    for method in ("PUT", "PATCH", "DELETE", "POST"):
        assert owner.request(method, f"{BASE}/audit", json={}).status_code == 405
    assert not [m for m in dir(empty_team.registry) + dir(empty_team.registry.store)
                if re.search(r"(delete|remove|update|edit|change|clear|purge).*audit|audit.*(delete|remove|update)", m)]
    db = sqlite3.connect(empty_team.registry.location)
    for sql in ("UPDATE team_audit SET action = 'nothing'", "DELETE FROM team_audit"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute(sql)
    db.close()
    assert [e.action for e in empty_team.registry.audit(investigation="alpha")] == ["grant"]
