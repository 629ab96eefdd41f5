"""Team mode: sign in and out, who am I, and which investigations may I open.

A session is a random id in an HttpOnly, SameSite=Strict cookie (Secure over
https), kept by the registry only as a hash. Its CSRF token goes in a second,
readable cookie, which the UI echoes in the X-CSRF-Token header.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from threadline.team.credentials import csrf_token
from threadline.team.registry import SESSION_SECONDS
from threadline.web.access import (
    CSRF_COOKIE,
    PUBLIC,
    SESSION_COOKIE,
    SIGNED_IN,
    check_csrf,
    check_origin,
    client,
    needs,
    registry,
)
from threadline.web.conventions import problem_responses
from threadline.web.models import Done, Page
from threadline.web.schemas import Login, Me, Membership

router = APIRouter(tags=["account"])
LOGIN_BODY = {"required": True, "content": {
    media: {"schema": Login.model_json_schema()} for media in ("application/json", "application/x-www-form-urlencoded")}}


@router.post("/login", dependencies=[needs(PUBLIC)], response_model=Me, openapi_extra={"requestBody": LOGIN_BODY},
             responses=problem_responses({429: "too many failed sign-ins; see Retry-After"}))
async def login(request: Request) -> JSONResponse:
    """Sign in with user and password (JSON or a form); sets the session and CSRF cookies."""
    body = await _login_body(request)
    check_origin(request)
    reg = registry(request)
    assert reg is not None
    session = await run_in_threadpool(reg.login, body.user, body.password, client(request))
    response = JSONResponse(Me(user=body.user).model_dump())
    secure = request.url.scheme == "https"
    response.set_cookie(SESSION_COOKIE, session, max_age=SESSION_SECONDS, path="/", httponly=True, samesite="strict", secure=secure)
    response.set_cookie(CSRF_COOKIE, csrf_token(session), max_age=SESSION_SECONDS, path="/", httponly=False,
                        samesite="strict", secure=secure)
    return response


async def _login_body(request: Request) -> Login:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if kind == "application/x-www-form-urlencoded":
            form = await request.form()
            return Login.model_validate({k: v for k, v in form.items()})
        return Login.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from None


@router.post("/logout", dependencies=[needs(PUBLIC)], response_model=Done)
def logout(request: Request) -> dict[str, bool]:
    """End the session (if there is one) and clear its cookies."""
    reg = registry(request)
    assert reg is not None
    session = request.cookies.get(SESSION_COOKIE)
    user = reg.session_user(session) if session else None
    if session and user:
        check_csrf(request, session)
        reg.logout(session)
        reg.record(user, None, "logout", user, client(request))
    response = JSONResponse({"ok": True})
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(name, path="/", samesite="strict", secure=request.url.scheme == "https",
                               httponly=name == SESSION_COOKIE)
    return response  # type: ignore[return-value]


@router.get("/me", dependencies=[needs(PUBLIC)], response_model=Me)
def me(request: Request) -> dict[str, Any]:
    """Who is signed in (user null: nobody; the UI then shows its sign-in form)."""
    from threadline.errors import AuthError
    from threadline.web.access import authenticate

    try:
        user: str | None = authenticate(request)
    except AuthError:
        user = None
    return Me(user=user).model_dump()


@router.get("/investigations", dependencies=[needs(SIGNED_IN)], response_model=list[Membership], responses=Page.RESPONSE)
def investigations(request: Request, response: Response, limit: int = Query(500, ge=1, le=10_000),
                   offset: int = Query(0, ge=0, le=10_000_000)) -> list[dict[str, Any]]:
    """The investigations the caller is a member of, with their role, permissions and sensitive flag."""
    reg = registry(request)
    assert reg is not None
    mine = [{"investigation": m.investigation, "role": m.role, "sensitive": m.sensitive, "permissions": sorted(m.permissions)}
            for m in reg.memberships(request.state.user)]
    response.headers["X-Total-Count"] = str(len(mine))
    return mine[offset:offset + limit]
