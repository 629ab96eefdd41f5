"""Build the FastAPI application: routes, error handling and static files."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from threadline import __version__
from threadline.errors import InputError, NotFound, ReviewConflict, SchemaError, ThreadlineError
from threadline.web.state import WebState

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("threadline.web")


def create_app(db: str, upload_dir: str | Path | None = None) -> FastAPI:
    """The workbench for one investigation store (SQLite path)."""
    from threadline.web.routes import documents, entities, graph, review, search, uploads

    app = FastAPI(
        title="Threadline",
        version=__version__,
        description="Search, read, explore and review a Threadline investigation. Errors are JSON: {\"error\": message}.",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.web = WebState(db, upload_dir)
    for module in (search, entities, documents, graph, review, uploads):
        app.include_router(module.router, prefix="/api")
    _errors(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    return app


def _errors(app: FastAPI) -> None:
    """Library errors become JSON with a status that says whose fault it was; never a traceback."""

    def reply(status: int, message: str, **extra: object) -> JSONResponse:
        return JSONResponse({"error": message, **extra}, status_code=status)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> JSONResponse:
        return reply(404, str(exc))

    @app.exception_handler(InputError)
    @app.exception_handler(SchemaError)
    async def bad_input(request: Request, exc: ThreadlineError) -> JSONResponse:
        return reply(422, str(exc))

    @app.exception_handler(ReviewConflict)
    async def conflict(request: Request, exc: ReviewConflict) -> JSONResponse:
        return reply(409, str(exc))

    @app.exception_handler(ThreadlineError)
    async def other(request: Request, exc: ThreadlineError) -> JSONResponse:
        return reply(400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body')}: {e.get('msg')}" for e in exc.errors()]
        return reply(422, "invalid request: " + "; ".join(problems), details=problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return reply(exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return reply(500, "internal error; the server log has the details")
