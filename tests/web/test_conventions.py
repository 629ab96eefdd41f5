"""The API's conventions (web/conventions.py): typed success responses, named operation ids, paged lists
with their total, and every error as RFC 9457 problem details."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from fastapi.testclient import TestClient

from threadline.web import create_app
from threadline.web.conventions import OPERATION_IDS, PROBLEM_TYPE

pytestmark = pytest.mark.model


def operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [(path, method, op) for path, item in spec["paths"].items() for method, op in item.items()]


@pytest.mark.parametrize("mode", ["local", "team"])
def test_every_operation_is_named_and_typed(mode: str, tmp_path, corpus_team) -> None:
    app = create_app(str(tmp_path / "empty.db")) if mode == "local" else corpus_team.app
    spec = TestClient(app).get("/openapi.json").json()
    ids = [op["operationId"] for _, _, op in operations(spec)]
    assert len(ids) == len(set(ids)) and set(ids) <= set(OPERATION_IDS.values())
    for path, method, op in operations(spec):
        for status, response in op["responses"].items():
            schemas = [c.get("schema") for c in response.get("content", {}).values()]
            assert schemas and all(schemas), f"{method} {path} {status}: no schema"
            if status.startswith("2") and "application/json" in response["content"]:
                schema = response["content"]["application/json"]["schema"]
                assert schema.get("$ref") or schema.get("items", {}).get("$ref"), f"{method} {path}: untyped {schema}"
            if status.startswith(("4", "5")):
                assert PROBLEM_TYPE in response["content"], f"{method} {path} {status}: not problem details"
        if op["operationId"].startswith("list"):
            names = {p["name"] for p in op.get("parameters", [])}
            assert {"limit", "offset"} <= names, f"{path}: a list without limit and offset"
            assert "X-Total-Count" in op["responses"]["200"].get("headers", {}), path


def test_lists_page_with_limit_and_offset_and_say_the_total(client) -> None:
    everything = client.get("/api/entities", params={"limit": 500})
    total = int(everything.headers["x-total-count"])
    assert total == len(everything.json()) > 10
    first = client.get("/api/entities", params={"limit": 5, "offset": 0})
    second = client.get("/api/entities", params={"limit": 5, "offset": 5})
    assert [e["id"] for e in first.json()] + [e["id"] for e in second.json()] == [e["id"] for e in everything.json()[:10]]
    assert first.headers["x-total-count"] == second.headers["x-total-count"] == str(total)
    beyond = client.get("/api/entities", params={"offset": total})
    assert beyond.json() == [] and beyond.headers["x-total-count"] == str(total)
    queue = client.get("/api/review/queue", params={"kind": "claim", "limit": 3, "offset": 2})
    whole = client.get("/api/review/queue", params={"kind": "claim", "limit": 500})
    assert [c["id"] for c in queue.json()] == [c["id"] for c in whole.json()[2:5]]
    assert queue.headers["x-total-count"] == str(len(whole.json()))


def test_every_error_is_problem_details(client) -> None:
    missing = client.get("/api/entities/nobody-at-all")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM_TYPE
    body = missing.json()
    assert body["type"] == "about:blank" and body["title"] == "Not Found" and body["status"] == 404
    assert body["detail"] == body["error"] and "nobody-at-all" in body["detail"]
    invalid = client.get("/api/entities", params={"limit": 0})
    assert invalid.status_code == 422 and invalid.headers["content-type"] == PROBLEM_TYPE
    assert invalid.json()["title"] == HTTPStatus(422).phrase and invalid.json()["details"][0].startswith("query.limit")
    unknown = client.get("/api/no-such-route")
    assert unknown.status_code == 404 and unknown.json()["status"] == 404
    too_big = client.post("/api/review/merges", content=b"x" * (2 * 1024 * 1024), headers={"content-type": "application/json"})
    assert too_big.status_code == 413 and too_big.headers["content-type"] == PROBLEM_TYPE
    assert too_big.json()["title"] == HTTPStatus(413).phrase
