"""Corrections through the REST API over the example corpus: each answers the corrected entity or fact, is in the
entity's history with who and when, survives a re-extraction, and can be retracted."""

from __future__ import annotations

import pytest

from threadline.api import Workspace

pytestmark = pytest.mark.model


def entity(client, name: str) -> dict:
    reply = client.get(f"/api/entities/{name}")
    assert reply.status_code == 200, reply.text
    return reply.json()


def reextract(web_db, corpus) -> None:
    with Workspace(web_db) as ws:
        ws.store.conn.execute("UPDATE documents SET extractor = NULL")  # type: ignore[attr-defined]
        ws.add([corpus])


def test_rename_retype_country_alias_and_retract(client, web_db, corpus):
    sd = entity(client, "Safeguard Defenders")
    renamed = client.post(f"/api/entities/{sd['id']}/rename", json={"name": "Safeguard Defenders (NGO)"}).json()
    assert renamed["name"] == "Safeguard Defenders (NGO)" and renamed["history"][-1]["action"] == "rename"
    assert client.post(f"/api/entities/{sd['id']}/retype", json={"type": "STATE_BODY"}).json()["type"] == "STATE_BODY"
    assert client.post(f"/api/entities/{sd['id']}/country", json={"country": "nl"}).json()["country"] == "NL"
    assert "SGD" in client.post(f"/api/entities/{sd['id']}/aliases", json={"alias": "SGD"}).json()["aliases"]
    assert client.post(f"/api/entities/{sd['id']}/retype", json={"type": "ANIMAL"}).status_code == 422
    reextract(web_db, corpus)
    page = entity(client, "SGD")
    assert (page["name"], page["type"], page["country"]) == ("Safeguard Defenders (NGO)", "STATE_BODY", "NL")
    assert page["machine"]["name"] == "Safeguard Defenders"
    retype = [d for d in page["history"] if d["action"] == "retype"][0]
    assert retype["user"] and retype["created_at"]
    done = client.post(f"/api/decisions/{retype['id']}/retract")
    assert done.status_code == 200 and done.json()["deleted_at"]
    assert entity(client, "SGD")["type"] == "ORG"
    assert client.post(f"/api/decisions/{retype['id']}/retract").status_code == 422
    assert client.post("/api/decisions/999999/retract").status_code == 404


def test_reject_leaves_the_graph_and_search_but_not_the_history(client):
    target = entity(client, "Laura Harth")
    assert target["id"] in {n["id"] for n in client.get("/api/graph", params={"limit": 2000}).json()["nodes"]}
    reply = client.post(f"/api/entities/{target['id']}/reject", json={"reason": "test"})
    assert reply.status_code == 200 and reply.json()["rejected"]
    assert target["id"] not in {n["id"] for n in client.get("/api/graph", params={"limit": 2000}).json()["nodes"]}
    assert target["id"] not in {e["id"] for e in client.get("/api/entities", params={"q": "Harth"}).json()}
    assert entity(client, target["id"])["history"][-1]["action"] == "reject_entity"


def test_mark_an_entity_and_add_facts_from_a_document(client, web_db, corpus):
    ufwd = entity(client, "UFWD")
    doc_id = ufwd["mentions"][0]["doc_id"]
    doc = client.get(f"/api/documents/{doc_id}").json()
    start = ufwd["mentions"][0]["start"]
    span = {"start": start, "end": ufwd["mentions"][0]["end"]}
    assert doc["text"][start:span["end"]] == ufwd["mentions"][0]["text"]
    reply = client.post(f"/api/documents/{doc_id}/entities", json={**span, "type": "ORG", "name": "Hand-marked body"})
    assert reply.status_code == 200, reply.text
    marked = reply.json()
    assert marked["name"] == "Hand-marked body" and marked["mentions"][0]["status"] == "accepted"
    claim = client.post(f"/api/documents/{doc_id}/claims", json={**span, "stance": "alleges", "claimant": "Hand-marked body",
                                                                 "about": [ufwd["id"]]})
    assert claim.status_code == 200, claim.text
    relation = client.post(f"/api/documents/{doc_id}/relations", json={**span, "subject": "Hand-marked body",
                                                                       "predicate": "part_of", "object": ufwd["id"]})
    assert relation.status_code == 200, relation.text
    assert client.post(f"/api/documents/{doc_id}/entities", json={"start": 0, "end": 10**7, "type": "ORG"}).status_code == 422
    reextract(web_db, corpus)
    page = entity(client, "Hand-marked body")
    assert len(page["mentions"]) == 1 and claim.json()["id"] in {c["id"] for c in page["claims_by"]}
    assert relation.json()["id"] in {r["id"] for r in page["relations"]}
    assert any(m["source"] == "hand" for m in client.get(f"/api/documents/{doc_id}").json()["mentions"])


def test_edit_claimant_and_about_keeps_the_machine_original(client):
    queue = client.get("/api/review/queue", params={"kind": "claim", "limit": 500}).json()
    claim = next(c for c in queue if c["claimant"] not in ("Safeguard Defenders", None) and "United Front" not in (c["about"] or ""))
    reply = client.post(f"/api/review/facts/{claim['id']}", json={"action": "edit", "claimant": "Safeguard Defenders",
                                                                  "about": ["UFWD"]})
    assert reply.status_code == 200, reply.text
    fact = reply.json()
    assert fact["claimant_id"] == entity(client, "Safeguard Defenders")["id"] and fact["about"] == [entity(client, "UFWD")["id"]]
    assert "claimant_id" in fact["machine"] and "about" in fact["machine"]


def test_merging_different_types_answers_409_until_confirmed(client):
    a, b = entity(client, "Safeguard Defenders"), entity(client, "UFWD")
    preview = client.get(f"/api/entities/{a['id']}/merge-preview", params={"other": b["id"]}).json()
    assert preview["needs_confirmation"] and preview["changes"]
    refused = client.post(f"/api/entities/{a['id']}/merge", json={"other": b["id"]})
    assert refused.status_code == 409 and "STATE_BODY" in refused.json()["detail"]
    assert client.post(f"/api/entities/{a['id']}/merge", json={"other": b["id"], "confirm": True}).status_code == 200
