"""The REST API over a real store: answers, decisions that persist, and errors as JSON with the right status."""

from __future__ import annotations

import time

import pytest

from threadline.api import Workspace

pytestmark = pytest.mark.model


def first_machine_claim(client):
    queue = client.get("/api/review/queue", params={"kind": "claim"}).json()
    assert queue, "the corpus has machine claims to review"
    return queue[0]


def test_stats_counts_match_the_library(client, web_db):
    with Workspace(web_db) as ws:
        expected = ws.stats()
    assert client.get("/api/stats").json()["counts"] == expected


def test_search_finds_documents_with_marked_snippets_and_entities_by_alias(client):
    body = client.get("/api/search", params={"q": "UFWD"}).json()
    assert any(e["name"] == "United Front Work Department" for e in body["entities"])
    assert body["documents"], "UFWD appears in corpus documents"
    assert all("\ue000" in d["snippet"] and "\ue001" in d["snippet"] for d in body["documents"])
    assert body["facets"]["type"].get("STATE_BODY", 0) >= 1


def test_search_facets_filter_results(client):
    everything = client.get("/api/search", params={"q": "police"}).json()
    assert len(everything["facets"]["type"]) >= 2
    bodies = client.get("/api/search", params={"q": "police", "type": "STATE_BODY"}).json()
    assert bodies["entities"] and {e["type"] for e in bodies["entities"]} == {"STATE_BODY"}
    alleged = client.get("/api/search", params={"q": "police", "stance": "alleges"}).json()
    assert alleged["claims"] and {c["stance"] for c in alleged["claims"]} == {"alleges"}


def test_entity_page_has_aliases_claims_with_quotes_and_sources(client):
    page = client.get("/api/entities/Safeguard Defenders").json()
    assert page["type"] == "ORG"
    assert page["claims_by"], "Safeguard Defenders makes claims in the corpus"
    claim = page["claims_by"][0]
    assert claim["sentence"] and claim["doc_id"].startswith("doc-")
    assert claim["stance"] in {"alleges", "states", "confirms", "denies", "reports"}
    assert page["history"] == []


def test_document_view_offsets_point_into_the_text(client):
    doc_id = client.get("/api/search", params={"q": "consular"}).json()["documents"][0]["id"]
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["mentions"] and doc["claims"] and doc["entities"]
    for m in doc["mentions"]:
        assert doc["text"][m["start"]:m["end"]] == m["text"]
    for c in doc["claims"]:
        assert 0 <= c["start"] < c["end"] <= len(doc["text"])
    assert doc["read_by_rules"] is (doc["language"] not in ("en", "fr"))  # the example corpus is English


def test_accepting_a_claim_is_stored_with_time_and_survives_reopening(client, web_db):
    claim = first_machine_claim(client)
    reply = client.post(f"/api/review/facts/{claim['id']}", json={"action": "accept"})
    assert reply.status_code == 200 and reply.json()["status"] == "accepted"
    with Workspace(web_db) as ws:
        assert ws.store.fact(claim["id"])["status"] == "accepted"
        decision = [d for d in ws.store.history([claim["id"]]) if d["action"] == "accept"]
    assert decision and decision[0]["created_at"] and decision[0]["value"]["before"] == {"status": "machine"}
    waiting = {c["id"] for c in client.get("/api/review/queue", params={"limit": 500}).json()}
    assert claim["id"] not in waiting


def test_edit_changes_the_stance_and_keeps_the_old_value_in_the_decision(client, web_db):
    claim = first_machine_claim(client)
    new = "reports" if claim["stance"] != "reports" else "states"
    reply = client.post(f"/api/review/facts/{claim['id']}", json={"action": "edit", "stance": new})
    assert reply.status_code == 200, reply.json()
    assert reply.json()["stance"] == new and reply.json()["status"] == "accepted"
    with Workspace(web_db) as ws:
        edit = [d for d in ws.store.history([claim["id"]]) if d["action"] == "edit"][0]
    assert edit["value"]["before"]["stance"] == claim["stance"]
    assert edit["value"]["after"]["stance"] == new


def test_review_decisions_are_replayed_when_a_document_is_extracted_again(client, web_db, corpus):
    claim = first_machine_claim(client)
    client.post(f"/api/review/facts/{claim['id']}", json={"action": "reject"})
    with Workspace(web_db) as ws:
        doc = ws.store.fact(claim["id"])["doc_id"]
        ws.store.conn.execute("UPDATE documents SET extractor = NULL WHERE id = ?", (doc,))  # as after an interrupted run
        ws.add([corpus])
        assert ws.store.fact(claim["id"])["status"] == "rejected"


def test_entity_history_shows_review_and_protection(client):
    page = client.get("/api/entities/Laura Harth").json()
    claim = page["claims_by"][0]
    client.post(f"/api/review/facts/{claim['id']}", json={"action": "accept"})
    assert client.post(f"/api/entities/{page['id']}/protect", json={"protected": True}).status_code == 200
    history = client.get(f"/api/entities/{page['id']}").json()["history"]
    assert [d["action"] for d in history][-2:] == ["accept", "protect"]


def test_graph_neighbourhood_and_filters(client):
    ufwd = client.get("/api/entities/UFWD").json()["id"]
    g = client.get("/api/graph", params={"focus": ufwd}).json()
    ids = {n["id"] for n in g["nodes"]}
    assert ufwd in ids and len(ids) >= 2
    assert all(e["source"] in ids and e["target"] in ids for e in g["edges"])
    alleged = client.get("/api/graph", params={"focus": ufwd, "stance": "alleges"}).json()
    assert alleged["edges"] and {e["label"] for e in alleged["edges"]} == {"alleges"}
    whole = client.get("/api/graph", params={"limit": 10}).json()
    assert len(whole["nodes"]) == 10 and whole["truncated"] is True


def test_link_evidence_has_quotes_and_sources(client):
    ufwd = client.get("/api/entities/UFWD").json()["id"]
    edge = client.get("/api/graph", params={"focus": ufwd}).json()["edges"][0]
    links = client.get("/api/graph/link", params={"a": edge["source"], "b": edge["target"]}).json()
    assert links and links[0]["evidence"][0]["sentence"] and links[0]["evidence"][0]["doc_id"].startswith("doc-")


def test_path_between_connected_entities(client):
    ufwd = client.get("/api/entities/UFWD").json()["id"]
    edge = client.get("/api/graph", params={"focus": ufwd}).json()["edges"][0]
    other = edge["target"] if edge["source"] == ufwd else edge["source"]
    path = client.get("/api/graph/path", params={"a": ufwd, "b": other}).json()
    assert path["shortest"]["nodes"][0]["id"] == ufwd and path["shortest"]["nodes"][-1]["id"] == other


def test_graph_hides_protected_persons_unless_asked(client):
    harth = client.get("/api/entities/Laura Harth").json()["id"]
    client.post(f"/api/entities/{harth}/protect", json={"protected": True})
    hidden = client.get("/api/graph", params={"limit": 2000}).text
    assert "Harth" not in hidden
    shown = client.get("/api/graph", params={"limit": 2000, "include_protected": True}).text
    assert "Harth" in shown


def test_merge_and_split_entities(client):
    a = client.get("/api/entities/Tom Tugendhat").json()["id"]
    b = client.get("/api/entities", params={"q": "Chris Philp"}).json()[0]["id"]
    merged = client.post(f"/api/entities/{a}/merge", json={"other": b})
    assert merged.status_code == 200 and len(merged.json()["members"]) == 2
    split = client.post(f"/api/entities/{a}/split")
    assert split.status_code == 200 and set(split.json()["members"]) == {a, b}


def test_merge_queue_answer(client):
    pairs = client.get("/api/review/merges").json()
    if not pairs:
        pytest.skip("the corpus leaves no uncertain pairs")
    pair = pairs[0]
    reply = client.post("/api/review/merges", json={"a": pair["a"], "b": pair["b"], "answer": "different"})
    assert reply.status_code == 200
    assert (pair["a"], pair["b"]) not in {(p["a"], p["b"]) for p in client.get("/api/review/merges").json()}


def test_upload_ingests_good_files_and_reports_bad_ones(client):
    good = ("note.txt", b"The Overseas Chinese Affairs Office was merged into the United Front Work Department in 2018, "
            b"according to a notice published by the State Council.")
    bad = ("junk.txt", bytes(range(256)) * 4)
    reply = client.post("/api/uploads", files=[("files", good), ("files", bad)])
    assert reply.status_code == 202
    job = reply.json()["id"]
    for _ in range(300):
        state = client.get(f"/api/uploads/{job}").json()
        if state["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert state["state"] == "done", state
    assert state["added"] == ["note.txt"] and state["done"] == 2
    assert [f["file"] for f in state["failed"]] == ["junk.txt"] and state["failed"][0]["reason"]


def test_an_uploaded_archive_names_every_member_it_did_not_read(client):
    import io
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("notes/office.txt", "The Overseas Chinese Affairs Office was merged into the United Front Work "
                                             "Department in 2018, according to the State Council.")
        archive.writestr("notes/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
        archive.writestr("../../escape.txt", "Climbing out.")
    job = client.post("/api/uploads", files=[("files", ("bundle.zip", data.getvalue()))]).json()["id"]
    for _ in range(300):
        state = client.get(f"/api/uploads/{job}").json()
        if state["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert state["added"] == ["bundle.zip!notes/office.txt"]  # as uploaded, not where the server keeps it
    assert state["failed"] == [{"file": "bundle.zip!../../escape.txt",
                                "reason": "unsafe member name (path traversal or absolute path); not read"}]
    assert state["skipped"] == [{"file": "bundle.zip!notes/logo.png", "reason": "skipped: not a supported document type"}]


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), [
    ("get", "/api/entities/ent-doesnotexist", {}, 404),
    ("get", "/api/entities/Nobody At All", {}, 404),
    ("get", "/api/documents/doc-0000", {}, 404),
    ("get", "/api/uploads/nojob", {}, 404),
    ("post", "/api/review/facts/clm-doesnotexist", {"json": {"action": "accept"}}, 404),
    ("post", "/api/review/facts/xyz", {"json": {"action": "accept"}}, 404),
    ("get", "/api/graph", {"params": {"depth": 9}}, 422),
    ("get", "/api/graph", {"params": {"since": "last year"}}, 422),
    ("get", "/api/graph/path", {"params": {"a": "UFWD"}}, 422),
    ("get", "/api/review/queue", {"params": {"kind": "mentions"}}, 422),
    ("post", "/api/review/merges", {"json": {"a": "x", "b": "y", "answer": "maybe"}}, 422),
    ("post", "/api/uploads", {}, 422),
    ("get", "/api/search", {"params": {"limit": 0}}, 422),
])
def test_bad_requests_are_json_errors_never_500(client, method, path, kwargs, status):
    reply = getattr(client, method)(path, **kwargs)
    assert reply.status_code == status, reply.text
    assert reply.json()["error"]


def test_invalid_review_values_are_422_with_a_message(client):
    claim = first_machine_claim(client)
    bad_stance = client.post(f"/api/review/facts/{claim['id']}", json={"action": "edit", "stance": "insinuates"})
    assert bad_stance.status_code == 422 and "unknown stance" in bad_stance.json()["error"]
    wrong_field = client.post(f"/api/review/facts/{claim['id']}", json={"action": "edit", "predicate": "leads"})
    assert wrong_field.status_code == 422 and "cannot have predicate edited" in wrong_field.json()["error"]
    extra = client.post(f"/api/review/facts/{claim['id']}", json={"action": "accept", "colour": "red"})
    assert extra.status_code == 422
    values_with_accept = client.post(f"/api/review/facts/{claim['id']}", json={"action": "accept", "stance": "denies"})
    assert values_with_accept.status_code == 422
    assert client.get("/api/review/queue", params={"limit": 500}).json()[0]["status"] == "machine"


def test_openapi_and_ui_are_served(client):
    spec = client.get("/openapi.json").json()
    assert "/api/search" in spec["paths"] and "/api/review/facts/{fact_id}" in spec["paths"]
    page = client.get("/")
    assert page.status_code == 200 and "cytoscape.min.js" in page.text and "app.js" in page.text
    assert client.get("/static/app.js").status_code == 200


def test_vocabulary_is_the_schemas_and_the_types_offered_are_only_those_the_api_accepts(client):
    from threadline.model import SCHEMA

    body = client.get("/api/vocabulary").json()
    names = [t["name"] for t in body["types"]]
    assert names == list(SCHEMA.entity_types)
    assert {t["name"] for t in body["types"] if t["person"]} == set(SCHEMA.person_types)
    assert body["stances"] == list(SCHEMA.stances)
    assert body["stance_colors"] == {name: spec["color"] for name, spec in SCHEMA.stances.items()}
    assert len(set(body["stance_colors"].values())) == len(SCHEMA.stances)  # no two stances look alike
    assert [s["name"] for s in body["statuses"]] == list(SCHEMA.review_states)
    styled = {t["name"]: t["graph"] for t in body["types"] if t["graph"]}
    assert styled["STATE_BODY"] == {"shape": "diamond", "color": "#b3261e"}


def test_entity_lists_longer_than_the_cap_say_so(tmp_path, monkeypatch):
    from extractions import store_busy_bureau
    from fastapi.testclient import TestClient

    from threadline.store.profile_pages import ProfilePages
    from threadline.web import create_app

    db = tmp_path / "cap.db"
    store_busy_bureau(db)  # 12 mentions
    monkeypatch.setattr(ProfilePages, "total_cap", 5)
    with TestClient(create_app(str(db)), raise_server_exceptions=False) as client:
        page = client.get("/api/entities/Dune Bureau", params={"limit": 2}).json()
        assert page["totals"]["mentions"] == 5 and page["capped"]["mentions"] is True
        assert page["capped"]["claims_by"] is False and page["totals"]["claims_by"] == 0
        rows = client.get(f"/api/entities/{page['id']}/rows/mentions", params={"offset": 6, "limit": 4})
        assert len(rows.json()) == 4 and rows.headers["x-total-count"] == "5"
        assert rows.headers["x-total-capped"] == "true"
        monkeypatch.setattr(ProfilePages, "total_cap", 12)
        rows = client.get(f"/api/entities/{page['id']}/rows/mentions", params={"offset": 6})
        assert len(rows.json()) == 6 and rows.headers["x-total-count"] == "12" and "x-total-capped" not in rows.headers
