"""Team mode sign-in: passwords, the rate limit, cookies, CSRF, API tokens, sign-out and removed accounts."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest

from threadline.web.conventions import problem

PASSWORD = "correct horse battery staple"  # conftest.Team gives every user this one
STATS = "/api/investigations/alpha/stats"
PROTECT = "/api/investigations/alpha/entities/ent-0000000000000000/protect"


def cookies(reply) -> dict[str, dict[str, str]]:
    found = {}
    for header in reply.headers.get_list("set-cookie"):
        jar = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            flags = {k: v for k, v in morsel.items() if v}
            flags["raw"] = header
            found[name] = flags
    return found


def test_me_before_and_after_signing_in(empty_team):
    c = empty_team.client()
    assert c.get("/api/me").json() == {"mode": "team", "user": None, "csrf_header": "X-CSRF-Token"}
    reply = c.post("/api/login", json={"user": "viewer-n", "password": PASSWORD})
    assert reply.status_code == 200 and reply.json()["user"] == "viewer-n"
    assert c.get("/api/me").json()["user"] == "viewer-n"
    assert c.get(STATS).status_code == 200


def test_bad_password_and_unknown_user_are_the_same_401(empty_team):
    c = empty_team.client()
    wrong = c.post("/api/login", json={"user": "viewer-n", "password": "not the password"})
    nobody = c.post("/api/login", json={"user": "nobody-at-all", "password": "not the password"})
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json() == nobody.json() == problem(401, "wrong user name or password")
    assert wrong.headers["www-authenticate"] == "Bearer"
    assert not wrong.headers.get_list("set-cookie")
    assert c.get(STATS).status_code == 401


def test_login_by_form_as_well_as_json(empty_team):
    c = empty_team.client()
    reply = c.post("/api/login", data={"user": "editor-s", "password": PASSWORD})
    assert reply.status_code == 200, reply.text
    assert c.get(STATS).status_code == 200
    assert c.post("/api/login", data={"user": "editor-s"}).status_code == 422
    assert c.post("/api/login", json={"user": "editor-s", "password": PASSWORD, "extra": 1}).status_code == 422
    assert c.post("/api/login", content=b"{not json", headers={"content-type": "application/json"}).status_code == 422


def test_rate_limit_after_five_failures_per_user_and_client(empty_team):
    c = empty_team.client()
    for _ in range(5):
        assert c.post("/api/login", json={"user": "reviewer-n", "password": "wrong password"}).status_code == 401
    limited = c.post("/api/login", json={"user": "reviewer-n", "password": PASSWORD})  # even the right password
    assert limited.status_code == 429
    assert 0 < int(limited.headers["retry-after"]) <= 15 * 60
    assert "try again" in limited.json()["error"]
    elsewhere = empty_team.client(client=("10.9.8.7", 4242))  # another client is not blocked
    assert elsewhere.post("/api/login", json={"user": "reviewer-n", "password": PASSWORD}).status_code == 200
    other_user = c.post("/api/login", json={"user": "reviewer-s", "password": PASSWORD})  # nor another account
    assert other_user.status_code == 200


def test_cookie_flags_over_http_and_https(empty_team):
    plain = empty_team.client().post("/api/login", json={"user": "owner-s", "password": PASSWORD})
    jar = cookies(plain)
    session, csrf = jar["tl_session"], jar["tl_csrf"]
    assert session["httponly"] and session["samesite"].lower() == "strict" and session["path"] == "/"
    assert "secure" not in session
    assert "httponly" not in csrf and csrf["samesite"].lower() == "strict" and csrf["path"] == "/"
    secure = empty_team.client(base_url="https://testserver").post("/api/login", json={"user": "owner-s", "password": PASSWORD})
    jar = cookies(secure)
    assert jar["tl_session"]["secure"] and jar["tl_csrf"]["secure"] and jar["tl_session"]["httponly"]
    assert secure.headers["strict-transport-security"].startswith("max-age=")


def test_cookie_requests_that_change_something_need_the_csrf_header(empty_team):
    c = empty_team.login("owner-s")
    csrf = c.cookies["tl_csrf"]
    assert c.get(STATS).status_code == 200  # reading needs no header
    missing = c.post(PROTECT, json={"protected": True})
    assert missing.status_code == 403 and "CSRF" in missing.json()["error"]
    assert c.post(PROTECT, json={"protected": True}, headers={"X-CSRF-Token": "0" * 64}).status_code == 403
    # the header matches the cookie, but the cookie is not this session's
    c.cookies.set("tl_csrf", "f" * 64)
    assert c.post(PROTECT, json={"protected": True}, headers={"X-CSRF-Token": "f" * 64}).status_code == 403
    c.cookies.set("tl_csrf", csrf)
    passed = c.post(PROTECT, json={"protected": True}, headers={"X-CSRF-Token": csrf})
    assert passed.status_code == 404 and "no entity" in passed.json()["error"]  # past access control: the route's 404
    cross = c.post(PROTECT, json={"protected": True}, headers={"X-CSRF-Token": csrf, "Origin": "https://evil.example"})
    assert cross.status_code == 403


def test_bearer_tokens_work_and_need_no_csrf(empty_team):
    c = empty_team.client("owner-n")
    assert c.get(STATS).status_code == 200
    assert c.post(PROTECT, json={"protected": True}).status_code == 404  # the route's 404, not a CSRF 403
    bad = empty_team.client()
    assert bad.get(STATS, headers={"Authorization": "Bearer tl_not-a-token"}).status_code == 401
    assert bad.get(STATS, headers={"Authorization": "Basic dXNlcjpwYXNz"}).status_code == 401
    assert bad.get(STATS, headers={"Authorization": "Bearer "}).status_code == 401


def test_logout_ends_the_session(empty_team):
    c = empty_team.login("editor-n")
    session, csrf = c.cookies["tl_session"], c.cookies["tl_csrf"]
    assert c.post("/api/logout").status_code == 403  # a cookie session signs out with the CSRF header too
    reply = c.post("/api/logout", headers={"X-CSRF-Token": csrf})
    assert reply.status_code == 200
    assert {name for name, flags in cookies(reply).items() if flags.get("max-age") == "0" or "expires" in flags} >= {"tl_session", "tl_csrf"}
    replay = empty_team.client()
    replay.cookies.set("tl_session", session)
    assert replay.get(STATS).status_code == 401
    assert replay.get("/api/me").json()["user"] is None


def test_a_removed_user_can_do_nothing_more(empty_team):
    by_token = empty_team.client("reviewer-s")
    by_cookie = empty_team.login("reviewer-s")
    assert by_token.get(STATS).status_code == by_cookie.get(STATS).status_code == 200
    empty_team.registry.remove_user("reviewer-s")
    assert by_token.get(STATS).status_code == 401
    assert by_cookie.get(STATS).status_code == 401
    assert by_token.get("/api/investigations").status_code == 401


def test_revoked_membership_is_a_404_and_a_new_password_ends_sessions(empty_team):
    c = empty_team.client("viewer-s")
    empty_team.registry.revoke("alpha", "viewer-s")
    assert c.get(STATS).status_code == 404
    assert c.get("/api/investigations").json() == []
    session = empty_team.login("editor-s")
    empty_team.registry.set_password("editor-s", "another long passphrase")
    assert session.get(STATS).status_code == 401


def test_investigations_list_only_the_callers(empty_team):
    assert [m["investigation"] for m in empty_team.client("beta-owner").get("/api/investigations").json()] == ["beta"]
    assert empty_team.client("outsider").get("/api/investigations").json() == []
    assert empty_team.client().get("/api/investigations").status_code == 401


def test_members_managed_by_owners_with_the_last_owner_kept(empty_team):
    owner = empty_team.client("owner-s")
    listed = owner.get("/api/investigations/alpha/members").json()
    assert {m["user"] for m in listed} == {f"{r}-{s}" for r in ("owner", "editor", "reviewer", "viewer") for s in "sn"}
    reply = owner.put("/api/investigations/alpha/members/outsider", json={"role": "viewer"})
    assert reply.status_code == 200 and reply.json() == {"user": "outsider", "role": "viewer", "sensitive": False}
    assert empty_team.client("outsider").get(STATS).status_code == 200
    assert owner.put("/api/investigations/alpha/members/outsider", json={"role": "king"}).status_code == 422
    assert owner.put("/api/investigations/alpha/members/no-such-user", json={"role": "viewer"}).status_code == 404
    assert owner.delete("/api/investigations/alpha/members/outsider").status_code == 200
    assert empty_team.client("outsider").get(STATS).status_code == 404
    assert owner.delete("/api/investigations/alpha/members/owner-n").status_code == 200
    own = owner.put("/api/investigations/alpha/members/owner-s", json={"role": "viewer"})
    assert own.status_code == 403 and "your own role" in own.json()["error"]  # nobody changes their own membership
    last = owner.delete("/api/investigations/alpha/members/owner-s")
    assert last.status_code == 422 and "last owner" in last.json()["error"]


def test_team_mode_with_registry_and_store_in_postgresql(pg_schemas, tmp_path):
    from argon2 import PasswordHasher
    from fastapi.testclient import TestClient

    from threadline.team import Registry
    from threadline.team.credentials import Passwords
    from threadline.web import create_app

    reg = Registry(pg_schemas(), passwords=Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)))
    try:
        reg.add_user("ana", PASSWORD)
        reg.add_investigation("harbour", pg_schemas())
        reg.grant("harbour", "ana", "owner")
        c = TestClient(create_app(team=reg, upload_dir=tmp_path / "uploads"), raise_server_exceptions=False)
        assert c.post("/api/login", json={"user": "ana", "password": PASSWORD}).status_code == 200
        assert c.get("/api/investigations/harbour/stats").json()["counts"]["documents"] == 0
        assert c.get("/api/investigations/harbour/audit").json() == []
        assert [e.action for e in reg.audit()] == ["login"]
    finally:
        reg.close()


def test_a_malformed_investigation_name_is_simply_not_there(empty_team):
    for name in ("a b", "x" * 65, "-dash", "a;b"):
        assert empty_team.client("owner-s").get(f"/api/investigations/{name}/stats").status_code == 404, name
        assert empty_team.client().get(f"/api/investigations/{name}/stats").status_code == 401, name


@pytest.mark.model
def test_upload_jobs_are_ones_own_unless_owner(corpus_team):
    team = corpus_team
    note = b"The Harbour Rights Monitor said in 2024 that the office had closed."
    editor = team.client("editor-s")
    job = editor.post("/api/investigations/alpha/uploads", files=[("files", ("note.txt", note))]).json()["id"]
    assert [j["id"] for j in editor.get("/api/investigations/alpha/uploads").json()] == [job]
    other = team.client("editor-n")
    assert other.get("/api/investigations/alpha/uploads").json() == []
    assert other.get(f"/api/investigations/alpha/uploads/{job}").status_code == 404
    assert [j["id"] for j in team.client("owner-n").get("/api/investigations/alpha/uploads").json()] == [job]
    assert team.client("owner-n").get(f"/api/investigations/alpha/uploads/{job}").json()["user"] == "editor-s"


def test_taking_back_a_decision_on_an_entity_needs_curate(empty_team, tmp_path):
    from threadline.store import open_store

    store = open_store(str(tmp_path / "alpha.db"))
    rename = store.decide("ent-0000000000000000", "rename", "editor-s", {"name": "Harbour Bureau"})
    merge = store.decide("ent-0000000000000000", "merge", "editor-s", {"other": "ent-1111111111111111"})
    accept = store.decide("clm-0000000000000000", "accept", "reviewer-s")
    store.close()
    reviewer, editor = empty_team.client("reviewer-s"), empty_team.client("editor-s")
    for decision in (rename, merge):
        refused = reviewer.post(f"/api/investigations/alpha/decisions/{decision}/retract")
        assert refused.status_code == 403 and "needs curate" in refused.json()["detail"]
    assert reviewer.post(f"/api/investigations/alpha/decisions/{accept}/retract").status_code == 200  # a fact's review
    assert editor.post(f"/api/investigations/alpha/decisions/{rename}/retract").status_code == 200
