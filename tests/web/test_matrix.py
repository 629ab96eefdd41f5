"""The authorisation matrix: every route of the team app × every method × every kind of caller ×
own and other investigation, against the permissions in schema/roles.yaml.

Real requests through TestClient with bearer tokens. A call that should be allowed must get past
access control: any status but 401 and 403, and not the "no investigation" 404 that access control
gives. A 404 or 422 the route itself gives (a made-up id, a missing parameter) is fine. A call that
should be refused must get exactly 401 (anonymous), 404 with that message (not a member), or 403
(a member whose role lacks the permission).
"""

from __future__ import annotations

import re

import pytest

from threadline.team.roles import load_roles
from threadline.web.access import PUBLIC, SIGNED_IN, endpoints, no_investigation

ROLES = load_roles()
ROLE_NAMES = ("owner", "editor", "reviewer", "viewer")  # the users conftest.Team makes
# Values for the path parameters routes take besides {investigation}; a new one must be added here.
PATH_VALUES = {"entity_id": "ent-0000000000000000", "doc_id": "doc-0000", "fact_id": "fact-0000", "job_id": "nojob", "decision_id": "1",
               "user": "nobody", "part": "mentions"}
# Routes the framework adds (docs, schema) and the static files: public in both modes.
FRAMEWORK = {"/openapi.json", "/api/docs", "/static"}
CALLERS = [None, "outsider", *(f"{r}-{s}" for r in ROLE_NAMES for s in "sn")]


def routes(app) -> list[tuple[str, str, str]]:
    """(method, path, permission) for every route and method; fails on a route with no declared permission."""
    found = []
    for e in endpoints(app):
        if e.api:
            assert e.permission is not None, f"{e.path} declares no permission"
            found += [(method, e.path, e.permission) for method in sorted(e.methods)]
        else:
            assert e.path in FRAMEWORK, f"unexpected route {e.path}: declare its permission"
            found += [(method, e.path, PUBLIC) for method in sorted(e.methods)]
    return found


def fill(path: str, investigation: str) -> str:
    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "investigation":
            return investigation
        assert name in PATH_VALUES, f"no test value for path parameter {name!r}"
        return PATH_VALUES[name]

    return re.sub(r"\{(\w+)\}", value, path)


def expected(caller: str | None, permission: str, investigation: str | None) -> int | str:
    """'allowed', or the status access control must give."""
    if permission == PUBLIC:
        return "allowed"
    if caller is None:
        return 401
    if permission == SIGNED_IN:
        return "allowed"
    if caller == "outsider" or investigation != "alpha":
        return 404
    role = caller.rsplit("-", 1)[0]
    return "allowed" if ROLES.allows(role, permission) else 403


def test_every_role_and_permission_of_roles_yaml_is_used(empty_team):
    declared = {p for _, _, p in routes(empty_team.app)}
    assert set(ROLES.permissions) <= declared, f"permissions no route needs: {set(ROLES.permissions) - declared}"
    assert set(ROLE_NAMES) == set(ROLES.roles)


def test_authorisation_matrix(empty_team):
    clients = {caller: empty_team.client(caller) for caller in CALLERS}
    checked, wrong = 0, []
    for method, path, permission in routes(empty_team.app):
        targets = ("alpha", "beta") if "{investigation}" in path else (None,)
        for investigation in targets:
            url = fill(path, investigation or "")
            for caller in CALLERS:
                body = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
                reply = clients[caller].request(method, url, **body)
                want = expected(caller, permission, investigation)
                error = _error(reply)
                if want == "allowed":
                    ok = reply.status_code not in (401, 403) and reply.status_code < 500 and not (
                        reply.status_code == 404 and error == no_investigation(investigation or ""))
                elif want == 404:
                    ok = reply.status_code == 404 and error == no_investigation(investigation or "")
                else:
                    ok = reply.status_code == want
                checked += 1
                if not ok:
                    wrong.append(f"{caller or 'anonymous'} {method} {url} ({permission}): want {want}, got "
                                 f"{reply.status_code} {reply.text[:120]}")
    assert not wrong, f"{len(wrong)} of {checked} calls wrong:\n" + "\n".join(wrong[:40])
    assert checked > 500


def _error(reply) -> str | None:
    try:
        body = reply.json()
    except ValueError:
        return None
    return body.get("error") if isinstance(body, dict) else None


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_sensitive_is_a_flag_not_a_permission(empty_team, role):
    """Sensitive and non-sensitive members of one role may call exactly the same routes."""
    for s in "sn":
        listed = empty_team.client(f"{role}-{s}").get("/api/investigations").json()
        assert [m["investigation"] for m in listed] == ["alpha"]
        assert listed[0]["permissions"] == sorted(ROLES.get(role).permissions)
        assert listed[0]["sensitive"] is (s == "s")


def test_local_mode_declares_a_permission_on_every_route_too(tmp_path):
    from threadline.web import create_app

    api = [e for e in endpoints(create_app(str(tmp_path / "local.db"))) if e.api]
    assert len(api) > 15 and all(e.permission is not None for e in api)


# -- access only narrows -------------------------------------------------------------------

MEMBERS = "/api/investigations/alpha/members"


@pytest.mark.parametrize("caller", [f"{r}-{s}" for r in ROLE_NAMES for s in "sn"])
@pytest.mark.parametrize("change", [{"role": "owner", "sensitive": True}, {"role": "owner", "sensitive": False},
                                    {"role": "viewer", "sensitive": True}])
def test_nobody_changes_their_own_membership(empty_team, caller, change):
    before = empty_team.registry.membership("alpha", caller)
    reply = empty_team.client(caller).put(f"{MEMBERS}/{caller}", json=change)
    assert reply.status_code == 403, reply.text
    after = empty_team.registry.membership("alpha", caller)
    assert (after.role, after.sensitive) == (before.role, before.sensitive)


def test_only_a_sensitive_member_grants_sensitive(empty_team):
    plain_owner, owner = empty_team.client("owner-n"), empty_team.client("owner-s")
    for target in ("outsider", "viewer-n", "editor-n"):
        reply = plain_owner.put(f"{MEMBERS}/{target}", json={"role": "viewer", "sensitive": True})
        assert reply.status_code == 403 and "sensitive" in reply.json()["error"]
        member = empty_team.registry.membership("alpha", target)
        assert member is None or not member.sensitive
    # narrowing is always allowed: a plain owner may take the flag away, or keep one another member already has
    assert plain_owner.put(f"{MEMBERS}/viewer-s", json={"role": "viewer", "sensitive": True}).status_code == 200
    assert plain_owner.put(f"{MEMBERS}/viewer-s", json={"role": "viewer", "sensitive": False}).status_code == 200
    assert owner.put(f"{MEMBERS}/viewer-n", json={"role": "viewer", "sensitive": True}).json()["sensitive"] is True
    refused = [e for e in empty_team.registry.audit("alpha") if e.action == "refused"]
    assert len(refused) == 3 and {e.user for e in refused} == {"owner-n"}
    assert all(e.target.startswith("PUT /api/investigations/alpha/members/") for e in refused)


def test_a_non_member_is_refused_and_audited(empty_team):
    reply = empty_team.client("outsider").get("/api/investigations/alpha/stats")
    assert reply.status_code == 404 and reply.json()["error"] == no_investigation("alpha")
    (entry,) = [e for e in empty_team.registry.audit("alpha") if e.action == "refused"]
    assert (entry.user, entry.target, entry.detail) == ("outsider", "GET /api/investigations/alpha/stats", {"reason": "not a member"})
