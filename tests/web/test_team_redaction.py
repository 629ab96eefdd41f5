"""A protected person's name, aliases and store ids appear in no response of any GET route to a member
without 'sensitive', whatever they ask for; members with 'sensitive' still see them."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest

from threadline.web.access import HIDDEN, endpoints
from threadline.web.conventions import problem

pytestmark = pytest.mark.model
PERSON = "Laura Harth"
PREFIX = "/api/investigations/{investigation}"


@pytest.fixture
def protected(corpus_team):
    """Laura Harth protected by a sensitive owner; an upload named after her; what must never leak."""
    owner = corpus_team.client("owner-s")
    page = owner.get(f"/api/investigations/alpha/entities/{PERSON}").json()
    assert owner.post(f"/api/investigations/alpha/entities/{page['id']}/protect", json={"protected": True}).status_code == 200
    note = b"Laura Harth of Safeguard Defenders said the stations were closed in 2023, the ministry confirmed."
    job = owner.post("/api/investigations/alpha/uploads", files=[("files", ("Laura Harth notes.txt", note))]).json()["id"]
    for _ in range(300):
        if owner.get(f"/api/investigations/alpha/uploads/{job}").json()["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    forms = {PERSON, *page["aliases"]}
    ids = {page["id"], *page["members"]}
    docs = sorted({m["doc_id"] for m in page["mentions"]})
    return {"id": page["id"], "forms": forms, "ids": ids, "docs": docs, "job": job}


def requests_for(team, secret) -> list[tuple[str, str, dict]]:
    """(route template, url, query) covering every GET route, with the person named wherever a route takes a name."""
    base = "/api/investigations/alpha"
    sensitive = team.client("owner-s")
    edges = sensitive.get(f"{base}/graph", params={"focus": secret["id"]}).json()["edges"][:3]
    neighbour = next(e["target"] if e["source"] == secret["id"] else e["source"] for e in edges)
    plain_edges = team.client("viewer-n").get(f"{base}/graph", params={"limit": 2000}).json()["edges"][:5]
    reqs = [("/stats", "/stats", {}), ("/vocabulary", "/vocabulary", {})]
    reqs += [("/search", "/search", q) for q in ({"q": "Harth"}, {"q": "Laura Harth"}, {"q": "Safeguard Defenders"},
                                                  {"q": "", "stance": "alleges"}, {"q": "campaign director"})]
    reqs += [("/entities", "/entities", q) for q in ({"q": "Harth"}, {"limit": 500}, {"type": "PERSON", "limit": 500})]
    for name in (secret["id"], PERSON, "Harth", "Safeguard Defenders", neighbour):
        reqs.append(("/entities/{entity_id}", f"/entities/{name}", {}))
        reqs.append(("/entities/{entity_id}/history", f"/entities/{name}/history", {}))
        reqs += [("/entities/{entity_id}/rows/{part}", f"/entities/{name}/rows/{part}", {"limit": 500})
                 for part in ("mentions", "claims_by", "claims_about", "relations", "events")]
        reqs.append(("/entities/{entity_id}/merge-preview", f"/entities/{name}/merge-preview", {"other": "Safeguard Defenders"}))
    reqs += [("/documents/{doc_id}", f"/documents/{d}", {}) for d in secret["docs"]]
    reqs += [("/graph", "/graph", q) for q in ({"limit": 2000}, {"limit": 2000, "include_protected": True},
                                               {"focus": neighbour, "depth": 2, "include_protected": True},
                                               {"focus": secret["id"]}, {"focus": PERSON})]
    reqs += [("/graph/path", "/graph/path", q) for q in ({"a": "Safeguard Defenders", "b": neighbour, "include_protected": True},
                                                         {"a": PERSON, "b": "Safeguard Defenders"})]
    reqs += [("/graph/link", "/graph/link", {"a": e["source"], "b": e["target"], "include_protected": True}) for e in plain_edges]
    reqs.append(("/graph/link", "/graph/link", {"a": secret["id"], "b": neighbour}))
    reqs += [("/review/queue", "/review/queue", {"kind": k, "status": "all", "limit": 500}) for k in ("claim", "relation")]
    reqs += [("/review/merges", "/review/merges", {"limit": 500}), ("/uploads", "/uploads", {}),
             ("/uploads/{job_id}", f"/uploads/{secret['job']}", {})]
    reqs += [("/export", "/export", {"format": f, "include_protected": True}) for f in ("csv", "ftm", "gexf", "graphml")]
    reqs += [("/report", "/report", {"entity": "Safeguard Defenders", "include_protected": True}),
             ("/report", "/report", {"entity": PERSON})]
    reqs += [("/members", "/members", {}), ("/audit", "/audit", {}), ("/audit", "/audit", {"format": "csv"})]
    return [(PREFIX + template, base + url, query) for template, url, query in reqs]


def body_text(reply) -> str:
    if reply.headers.get("content-type", "").startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(reply.content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    return reply.content.decode("utf-8", errors="replace")


def test_every_get_route_is_redacted_for_members_without_sensitive(corpus_team, protected):
    plan = requests_for(corpus_team, protected)
    gets = {e.path for e in endpoints(corpus_team.app) if e.api and "GET" in e.methods and e.path.startswith(PREFIX)}
    assert gets <= {template for template, _, _ in plan}, f"GET routes the test does not call: {gets - {t for t, _, _ in plan}}"
    leaks = re.compile("|".join(re.escape(f) for f in sorted(protected["forms"] | protected["ids"], key=len, reverse=True)),
                       re.IGNORECASE)
    seen_ok = 0
    for user in ("owner-n", "editor-n", "reviewer-n", "viewer-n"):
        c = corpus_team.client(user)
        for _template, url, query in plan:
            reply = c.get(url, params=query)
            assert reply.status_code < 500, (user, url, reply.text[:200])
            found = leaks.search(body_text(reply))
            assert not found, f"{user} GET {url} {query}: {found.group(0)!r} in the response"
            seen_ok += reply.status_code == 200
    assert seen_ok > 80


def test_a_protected_person_does_not_exist_for_them(corpus_team, protected):
    viewer = corpus_team.client("viewer-n")
    for name in (PERSON, "harth", protected["id"]):
        reply = viewer.get(f"/api/investigations/alpha/entities/{name}")
        assert reply.status_code == 404 and reply.json() == problem(404, HIDDEN)
    unknown = viewer.get("/api/investigations/alpha/entities/Nobody Of That Name")
    assert unknown.status_code == 404 and unknown.json() == problem(404, HIDDEN)  # the same answer
    editor = corpus_team.client("editor-n")
    assert editor.post(f"/api/investigations/alpha/entities/{protected['id']}/protect", json={"protected": False}).status_code == 404


def test_a_protected_person_is_no_row_node_or_count(corpus_team, protected):
    viewer = corpus_team.client("viewer-n")
    base = "/api/investigations/alpha"
    page = viewer.get(f"{base}/entities", params={"type": "PERSON", "limit": 500}).json()
    assert page and not [e for e in page if e["protected"] or e["name"].startswith("[protected")]
    graph = viewer.get(f"{base}/graph", params={"limit": 2000}).json()
    assert not [n for n in graph["nodes"] if n["protected"] or n["name"].startswith("[protected")]
    found = viewer.get(f"{base}/search", params={"q": "Harth"}).json()
    assert found["entities"] == [] and found["documents"] == [] and found["facets"]["type"] == {}
    sensitive = corpus_team.client("viewer-s").get(f"{base}/search", params={"q": "Harth"}).json()
    assert sensitive["entities"] and sensitive["documents"]  # the same search finds her for a member who may see her


def test_members_with_sensitive_still_see_them(corpus_team, protected):
    editor = corpus_team.client("editor-s")
    page = editor.get(f"/api/investigations/alpha/entities/{PERSON}")
    assert page.status_code == 200 and page.json()["protected"] and page.json()["name"] == PERSON
    assert PERSON in editor.get(f"/api/investigations/alpha/documents/{protected['docs'][0]}").text
    graph = "/api/investigations/alpha/graph"
    assert PERSON not in editor.get(graph, params={"limit": 2000}).text  # redacted unless asked
    assert PERSON in editor.get(graph, params={"limit": 2000, "include_protected": True}).text
    export = editor.get("/api/investigations/alpha/export", params={"format": "gexf", "include_protected": True})
    assert PERSON in export.text
    assert PERSON not in editor.get("/api/investigations/alpha/export", params={"format": "gexf"}).text


def test_highlights_stay_on_their_words_in_a_redacted_document(corpus_team, protected):
    viewer = corpus_team.client("viewer-n")
    checked = 0
    for doc_id in protected["docs"]:
        doc = viewer.get(f"/api/investigations/alpha/documents/{doc_id}").json()
        assert "[protected person 1]" in doc["text"]
        for m in doc["mentions"]:
            assert doc["text"][m["start"]:m["end"]] == m["text"], (m, doc["text"][m["start"] - 10:m["end"] + 10])
            checked += 1
        for fact in doc["claims"] + doc["events"]:
            assert 0 <= fact["start"] <= fact["end"] <= len(doc["text"])
            assert not doc["text"][fact["start"]:fact["end"]].startswith("protected person")  # not cut inside a label
    assert checked > 5


def test_a_name_shared_with_a_protected_person_names_only_the_others(corpus_team, protected):
    """Asking for 'Harth' when only the protected person is Harth: not found; no list that counts her in."""
    viewer, sensitive = corpus_team.client("viewer-n"), corpus_team.client("viewer-s")
    assert viewer.get("/api/investigations/alpha/entities/Harth").json()["error"] == HIDDEN
    assert sensitive.get("/api/investigations/alpha/entities/Harth").status_code == 200
