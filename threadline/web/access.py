"""Who may call what. Every route declares one permission next to it, ``needs("review")``.

Local mode (``create_app(db)``) has one analyst and no accounts: every
permission is granted and ``needs`` does nothing.

Team mode (``create_app(team=registry)``) mounts the investigation routes
under ``/api/investigations/{investigation}/``. For each request there:

1. :func:`investigation_access` authenticates the caller (``Authorization:
   Bearer TOKEN``, or the session cookie plus a CSRF header on requests that
   change something) -> 401 if that fails;
2. loads their membership of the investigation -> 404 if there is none, the
   same answer as for an investigation that does not exist;
3. ``needs(permission)`` checks the membership's role (schema/roles.yaml)
   -> 403 if the role lacks it.

Members without ``sensitive`` get every response redacted (web/hardening.py
RedactResponses) and a 404 for any protected person they name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fastapi import Depends, Path, Request
from fastapi.routing import APIRoute

from threadline.api import Workspace
from threadline.errors import AuthError, Forbidden, NotFound
from threadline.team.credentials import csrf_token, same
from threadline.team.registry import NAME
from threadline.team.roles import load_roles

if TYPE_CHECKING:
    from threadline.team import Registry
    from threadline.web.state import Investigations

PUBLIC = "public"          # anyone, signed in or not
SIGNED_IN = "signed-in"    # any account, whatever its memberships
SESSION_COOKIE = "tl_session"
CSRF_COOKIE = "tl_csrf"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HIDDEN = "no entity with that name or id"


def no_investigation(name: str) -> str:
    """The one answer for an investigation that does not exist and for one the caller is not a member of."""
    return f"no investigation {name!r}"


@dataclass(frozen=True)
class Access:
    """What the caller may do in the investigation this request is about."""

    user: str | None           # None in local mode (decisions then record $THREADLINE_USER)
    investigation: str | None
    role: str
    permissions: frozenset[str]
    sensitive: bool


LOCAL = Access(None, None, "local", frozenset(load_roles().permissions), True)


class Needs:
    """A route's declared permission, as a FastAPI dependency (see :func:`needs`)."""

    def __init__(self, permission: str):
        known = {PUBLIC, SIGNED_IN, *load_roles().permissions}
        if permission not in known:
            raise ValueError(f"unknown permission {permission!r}; known: {', '.join(sorted(known))}")
        self.permission = permission

    def __call__(self, request: Request) -> None:
        if registry(request) is None or self.permission == PUBLIC:
            return
        if self.permission == SIGNED_IN:
            request.state.user = authenticate(request)
            return
        granted: Access | None = getattr(request.state, "access", None)
        if granted is None:  # no membership was loaded: refuse, never guess
            authenticate(request)
            name = request.path_params.get("investigation")
            if name is not None:  # a name investigation_access refused as malformed: no such investigation
                raise NotFound(no_investigation(str(name)))
            raise Forbidden(f"this route needs {self.permission} in an investigation")
        if self.permission not in granted.permissions:
            raise Forbidden(f"your role in {granted.investigation!r} ({granted.role}) does not allow {self.permission}")

    def __repr__(self) -> str:
        return f"needs({self.permission!r})"


def needs(permission: str) -> Any:
    """Declare the permission a route requires: ``@router.get(..., dependencies=[needs("read")])``."""
    return Depends(Needs(permission))


def permission_of(route: Any) -> str | None:
    """The permission a route declared, or None if it declared none (or several)."""
    found = [d.dependency.permission for d in route.dependencies if isinstance(d.dependency, Needs)]
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class Endpoint:
    path: str
    methods: frozenset[str]
    permission: str | None   # None: an API route that declared none, or a framework route (docs, static)
    api: bool


def endpoints(app: Any) -> list[Endpoint]:
    """Every route of an app with its declared permission, included routers flattened."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # FastAPI before lazy router inclusion lists the routes themselves
        contexts: Any = app.routes
    else:
        contexts = iter_route_contexts(app.routes)
    found = []
    for route in contexts:
        api = isinstance(getattr(route, "original_route", route), APIRoute)
        found.append(Endpoint(str(route.path), frozenset(getattr(route, "methods", None) or ()),
                              permission_of(route) if api else None, api))
    return found


def registry(request: Request) -> Registry | None:
    return getattr(request.app.state, "team", None)


def client(request: Request) -> str:
    return request.client.host if request.client else ""


def authenticate(request: Request) -> str:
    """The signed-in user, from a bearer token or the session cookie; AuthError if neither is valid.

    Cookie-authenticated requests that change something must echo the CSRF
    cookie in the X-CSRF-Token header; bearer tokens are not sent by browsers
    on their own, so they need no CSRF check.
    """
    reg = registry(request)
    assert reg is not None
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("send an API token as 'Authorization: Bearer TOKEN'")
        user = reg.token_user(token.strip())
        if user is None:
            raise AuthError("unknown or revoked API token")
        return user
    session = request.cookies.get(SESSION_COOKIE)
    if not session:
        raise AuthError("sign in first")
    user = reg.session_user(session)
    if user is None:
        raise AuthError("your session has ended; sign in again")
    if request.method in UNSAFE:
        check_csrf(request, session)
    return user


def check_csrf(request: Request, session: str) -> None:
    """Double submit: the header must equal the tl_csrf cookie, which must belong to this session."""
    sent = request.headers.get(CSRF_HEADER, "")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not sent or not same(sent, cookie) or not same(sent, csrf_token(session)):
        raise Forbidden(f"missing or wrong CSRF token: send the {CSRF_COOKIE} cookie's value as the {CSRF_HEADER} header")
    check_origin(request)


def check_origin(request: Request) -> None:
    """A browser's Origin, when it sends one, must be this server."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise Forbidden("cross-site request refused")


def investigation_access(
    request: Request,
    investigation: str = Path(..., pattern=NAME, max_length=64, description="the investigation's name"),
) -> Access:
    """Team mode, every investigation route: who is calling, and what their membership allows."""
    reg = registry(request)
    assert reg is not None
    user = authenticate(request)
    member = reg.membership(investigation, user)
    if member is None:  # audited as a refusal, answered as if there were no such investigation
        reg.record(user, investigation, "refused", f"{request.method} {request.url.path}", client(request), False,
                   {"reason": "not a member"})
        raise NotFound(no_investigation(investigation))
    investigations: Investigations = request.app.state.investigations
    web = investigations.state(reg.investigation(investigation))
    granted = Access(user, investigation, member.role, member.permissions, member.sensitive)
    request.state.access = granted
    request.state.web = web
    if not granted.sensitive:
        request.state.redact = web  # RedactResponses redacts whatever this request answers
    return granted


def access(request: Request) -> Access:
    return getattr(request.state, "access", None) or LOCAL


def user_name(request: Request) -> str | None:
    """Who to record with a decision (None: the local default, $THREADLINE_USER)."""
    return access(request).user


def may_include_protected(request: Request, asked: bool) -> bool:
    """Protected persons are shown only to those who asked and may see them."""
    return asked and access(request).sensitive


def visible_entity(request: Request, ws: Workspace, name: str) -> str:
    """The entity a name or id refers to; for a member without ``sensitive`` a protected person does not exist."""
    if access(request).sensitive:
        return ws.entity_id(name)
    from threadline.errors import InputError
    from threadline.web.routes import state

    hidden = state(request).hidden_ids(ws)
    found = [f for f in ws.store.find_entities(name) if f["id"] not in hidden]  # a name a protected person shares
    if not found:                                                                # names only the others
        raise NotFound(HIDDEN)
    if len(found) > 1:
        options = "; ".join(f"{f['id']} ({f['type']} {f['name']})" for f in found)
        raise InputError(f"{name!r} names several entities: {options}. Use an id instead.")
    return str(found[0]["id"])


def audit(request: Request, action: str, target: str | None = None, protected: bool = False, **detail: Any) -> None:
    """Team mode: append an entry to the audit log for this request's user and investigation."""
    reg = registry(request)
    if reg is None:
        return
    granted = access(request)
    reg.record(granted.user, granted.investigation, action, target, client(request), protected, detail)


def refused(request: Request, reason: str) -> None:
    """Team mode: every 403 goes to the audit log, with who asked for what (the user when known)."""
    reg = registry(request)
    if reg is None:
        return
    granted: Access | None = getattr(request.state, "access", None)
    user = granted.user if granted else getattr(request.state, "user", None)
    investigation = granted.investigation if granted else request.path_params.get("investigation")
    reg.record(user, investigation, "refused", f"{request.method} {request.url.path}", client(request), False,
               {"reason": reason})
