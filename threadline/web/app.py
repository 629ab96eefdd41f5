"""Build the FastAPI application: routes, access control, error handling, hardening and static files."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from threadline import __version__
from threadline.errors import (
    AuthError,
    Forbidden,
    InputError,
    NotFound,
    RateLimited,
    ReviewConflict,
    SchemaError,
    ThreadlineError,
)
from threadline.web.access import PUBLIC, endpoints, investigation_access, needs, refused
from threadline.web.conventions import PROBLEM_TYPE, operation_id, problem
from threadline.web.docs import add_docs
from threadline.web.hardening import MAX_BODY, MAX_UPLOAD, BodyLimit, RedactResponses, SecurityHeaders
from threadline.web.schemas import ERRORS, TEAM_ERRORS
from threadline.web.state import Investigations, WebState

if TYPE_CHECKING:
    from threadline.team import Registry

STATIC = Path(__file__).parent / "static"
TEAM_PREFIX = "/api/investigations/{investigation}"
log = logging.getLogger("threadline.web")
# Whose fault an error is, as an HTTP status; the most specific class wins.
STATUS_OF: dict[type[ThreadlineError], int] = {
    NotFound: 404, InputError: 422, SchemaError: 422, ReviewConflict: 409,
    AuthError: 401, Forbidden: 403, RateLimited: 429, ThreadlineError: 400,
}


def create_app(db: str | None = None, upload_dir: str | Path | None = None, team: Registry | None = None,
               max_body: int = MAX_BODY, max_upload: int = MAX_UPLOAD) -> FastAPI:
    """The workbench for one investigation store (local mode, ``db``), or for a team (``team``, a Registry).

    Local mode serves the API under ``/api/`` with no accounts. Team mode serves
    sign-in under ``/api/`` and each investigation under
    ``/api/investigations/{name}/``, for its members only.
    """
    from threadline.web.routes import (
        account,
        corrections,
        documents,
        entities,
        export,
        graph,
        members,
        review,
        search,
        uploads,
    )

    if (db is None) == (team is None):
        raise ValueError("create_app needs either db (local mode) or team (team mode), not both")
    app = FastAPI(
        title="Threadline",
        version=__version__,
        description="Search, read, explore and review a Threadline investigation. Errors are RFC 9457 problem details "
        "(application/problem+json: type, title, status, detail). List routes take limit and offset and give the "
        "total in the X-Total-Count header."
        + (" Team mode: sign in at /api/login, or send 'Authorization: Bearer TOKEN'." if team else ""),
        docs_url=None,  # served by web.docs from the vendored Swagger UI
        generate_unique_id_function=operation_id,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.team = team
    investigation_routers = (search, entities, corrections, documents, graph, review, uploads, export)
    if team is None:
        assert db is not None
        app.state.web = WebState(db, upload_dir)
        for module in investigation_routers:
            app.include_router(module.router, prefix="/api", responses=ERRORS)  # type: ignore[arg-type]
    else:
        app.state.investigations = Investigations(team, upload_dir)
        app.include_router(account.router, prefix="/api", responses=TEAM_ERRORS)  # type: ignore[arg-type]
        for module in (*investigation_routers, members):
            app.include_router(module.router, prefix=TEAM_PREFIX, dependencies=[Depends(investigation_access)],
                               responses=TEAM_ERRORS)  # type: ignore[arg-type]
    _errors(app)
    add_docs(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    page = (STATIC / "index.html").read_text("utf-8")
    if team is not None:
        page = page.replace('<meta name="threadline-mode" content="local">', '<meta name="threadline-mode" content="team">')

    @app.get("/", include_in_schema=False, dependencies=[needs(PUBLIC)])
    def index() -> HTMLResponse:
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})

    app.add_middleware(RedactResponses)
    app.add_middleware(BodyLimit, limit=max_body, upload_limit=max_upload)
    app.add_middleware(SecurityHeaders)
    _check_permissions(app)
    return app


def _check_permissions(app: FastAPI) -> None:
    """Every route declares its permission; one that does not would be unguarded, so refuse to start."""
    missing = [f"{sorted(e.methods)} {e.path}" for e in endpoints(app) if e.api and e.permission is None]
    if not any(e.api for e in endpoints(app)):
        raise RuntimeError("no API routes found: cannot check their permissions")
    if missing:
        raise RuntimeError("routes without a declared permission (add dependencies=[needs(...)]): " + "; ".join(missing))


def _errors(app: FastAPI) -> None:
    """Library errors become JSON with a status that says whose fault it was; never a traceback."""

    def reply(status: int, message: str, headers: dict[str, str] | None = None, **extra: object) -> JSONResponse:
        return JSONResponse(problem(status, message, **extra), status_code=status, headers=headers, media_type=PROBLEM_TYPE)

    async def library_error(request: Request, exc: Exception) -> JSONResponse:
        status = next(STATUS_OF[cls] for cls in type(exc).__mro__ if cls in STATUS_OF)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if isinstance(exc, RateLimited):
            headers = {"Retry-After": str(exc.retry_after)}
        if isinstance(exc, Forbidden):
            await run_in_threadpool(refused, request, str(exc))
        return reply(status, str(exc), headers)

    for error in STATUS_OF:
        app.add_exception_handler(error, library_error)

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
