"""Hardening, in both modes: security headers on every response, request body limits, no tracebacks,
strict input models, validated path parameters, and no route without a declared permission."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from threadline.ingest import DEFAULT_LIMITS
from threadline.web import create_app
from threadline.web.hardening import CSP, DOCS_CSP
from threadline.web.jobs import MAX_FILE_BYTES

STATIC = Path(__file__).resolve().parents[2] / "threadline" / "web" / "static"


@pytest.fixture
def local(tmp_path):
    return TestClient(create_app(str(tmp_path / "local.db"), max_body=2000, max_upload=20_000), raise_server_exceptions=False)


def check_headers(reply, path: str) -> None:
    h = reply.headers
    assert h["x-content-type-options"] == "nosniff", path
    assert h["x-frame-options"] == "DENY", path
    assert h["referrer-policy"] == "no-referrer", path
    assert h["content-security-policy"] == (DOCS_CSP if path.startswith("/api/docs") else CSP), path
    if path.startswith("/api"):
        assert h["cache-control"] == "no-store", path


@pytest.mark.parametrize(("method", "path", "status"), [
    ("get", "/", 200), ("get", "/static/app.js", 200), ("get", "/static/nothing.js", 404), ("get", "/openapi.json", 200),
    ("get", "/api/docs", 200), ("get", "/api/stats", 200), ("get", "/api/entities/nobody", 404), ("get", "/api/nothing", 404),
    ("get", "/api/graph?depth=9", 422), ("post", "/api/review/merges", 422), ("delete", "/api/stats", 405),
])
def test_security_headers_on_every_local_response(local, method, path, status):
    reply = getattr(local, method)(path)
    assert reply.status_code == status
    check_headers(reply, path)


def test_security_headers_in_team_mode_too(empty_team):
    c = empty_team.client()
    for path in ("/", "/api/me", "/api/investigations", "/api/investigations/alpha/stats", "/static/style.css"):
        check_headers(c.get(path), path)
    check_headers(c.post("/api/login", json={"user": "x", "password": "y"}), "/api/login")
    assert 'content="team"' in c.get("/").text


def test_the_csp_allows_exactly_the_style_cytoscape_adds():
    bundle = STATIC / "vendor" / "cytoscape.min.js"
    if not bundle.exists():
        pytest.skip("cytoscape is not installed (scripts/setup.sh)")
    found = re.search(r'textContent="\."\+s\+"([^"]*)"', bundle.read_text("utf-8"))
    container = re.search(r's="(_+cytoscape_container)"', bundle.read_text("utf-8"))
    assert found and container, "cytoscape's injected stylesheet changed: update the CSP hash in web/hardening.py"
    text = "." + container.group(1) + found.group(1)
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in CSP
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert "style=" not in (STATIC / "index.html").read_text("utf-8")
    assert not re.search(r'\bstyle: "', (STATIC / "app.js").read_text("utf-8")), "inline style attributes break under the CSP"


def test_bodies_over_the_limit_are_413_json(local):
    big = b'{"a": "' + b"x" * 5000 + b'", "b": "y", "answer": "same"}'
    reply = local.post("/api/review/merges", content=big, headers={"content-type": "application/json"})
    assert reply.status_code == 413 and "too large" in reply.json()["error"]
    check_headers(reply, "/api/review/merges")

    def chunks():  # no Content-Length: the body is counted as it arrives
        for _ in range(10):
            yield b"x" * 1000

    chunked = local.post("/api/review/merges", content=chunks(), headers={"content-type": "application/json"})
    assert chunked.status_code == 413
    small = local.post("/api/review/merges", content=b'{"a": "x", "b": "y", "answer": "maybe"}',
                       headers={"content-type": "application/json"})
    assert small.status_code == 422  # under the limit: the route validates it


def test_uploads_have_their_own_larger_cap(local):
    junk = bytes(range(256)) * 18  # refused by ingest at once, so no model is loaded
    fits = local.post("/api/uploads", files=[("files", ("a.txt", junk))])
    assert fits.status_code == 202
    too_big = local.post("/api/uploads", files=[("files", ("a.txt", b"x" * 30_000))])
    assert too_big.status_code == 413
    assert MAX_FILE_BYTES == DEFAULT_LIMITS.max_file_bytes  # each file: the same cap as 'threadline add'


def test_unexpected_errors_are_json_without_a_traceback(local, monkeypatch):
    from threadline.api import Workspace

    def broken(self):
        raise RuntimeError("secret detail /home/analyst/sources.txt")

    monkeypatch.setattr(Workspace, "stats", broken)
    reply = local.get("/api/stats")
    assert reply.status_code == 500
    assert reply.json() == {"type": "about:blank", "title": "Internal Server Error", "status": 500,
                            "detail": "internal error; the server log has the details",
                            "error": "internal error; the server log has the details"}
    assert reply.headers["content-type"] == "application/problem+json"
    assert "secret" not in reply.text and "Traceback" not in reply.text
    check_headers(reply, "/api/stats")


def _schemas(app) -> dict:
    return TestClient(app).get("/openapi.json").json()


@pytest.mark.parametrize("mode", ["local", "team"])
def test_every_request_body_forbids_unknown_fields(mode, tmp_path, empty_team):
    app = create_app(str(tmp_path / "l.db")) if mode == "local" else empty_team.app
    spec = _schemas(app)
    components = spec["components"]["schemas"]
    bodies = 0
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            for media, content in op.get("requestBody", {}).get("content", {}).items():
                schema = content["schema"]
                if "$ref" in schema:
                    schema = components[schema["$ref"].rsplit("/", 1)[1]]
                if media == "multipart/form-data":
                    continue  # file uploads: FastAPI's own form model
                bodies += 1
                assert schema.get("additionalProperties") is False, f"{method} {path} accepts unknown fields"
    assert bodies >= (5 if mode == "local" else 7)


@pytest.mark.parametrize("mode", ["local", "team"])
def test_every_path_parameter_is_bounded(mode, tmp_path, empty_team):
    app = create_app(str(tmp_path / "l.db")) if mode == "local" else empty_team.app
    for path, operations in _schemas(app)["paths"].items():
        for method, op in operations.items():
            for param in op.get("parameters", []):
                if param["in"] == "path":
                    assert param["schema"].get("maxLength"), f"{method} {path}: {param['name']} has no maxLength"


def test_a_route_without_a_declared_permission_stops_the_app(tmp_path, monkeypatch):
    from threadline.web.routes import search

    router = APIRouter()
    router.routes.extend(search.router.routes)

    @router.get("/unguarded")
    def unguarded() -> dict:
        return {}

    monkeypatch.setattr(search, "router", router)
    with pytest.raises(RuntimeError, match="unguarded"):
        create_app(str(tmp_path / "l.db"))


def test_create_app_takes_one_mode(tmp_path, empty_team):
    with pytest.raises(ValueError):
        create_app()
    with pytest.raises(ValueError):
        create_app(str(tmp_path / "l.db"), team=empty_team.registry)
    assert isinstance(create_app(str(tmp_path / "l.db")), FastAPI)
