"""Interactive API docs at /api/docs: the vendored Swagger UI, never a CDN.

FastAPI's own docs page loads Swagger UI from a CDN and starts it with an
inline script; this page loads the copy shipped in ``static/vendor/`` and a
script file, so it works offline and under the same strict CSP as the UI.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from threadline.web.access import PUBLIC, needs

PAGE = Path(__file__).parent / "static" / "docs.html"


def add_docs(app: FastAPI, path: str = "/api/docs") -> None:
    page = PAGE.read_text("utf-8")

    @app.get(path, include_in_schema=False, dependencies=[needs(PUBLIC)])
    def docs() -> HTMLResponse:
        return HTMLResponse(page)
