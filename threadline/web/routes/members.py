"""Team mode, per investigation: its members (owners manage them) and its audit log (owners read it)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from threadline.errors import Forbidden, InputError
from threadline.team.audit import to_csv
from threadline.team.registry import NAME
from threadline.web.access import access, audit, needs, registry
from threadline.web.models import Done, Page
from threadline.web.schemas import AuditRow, Grant, Member

router = APIRouter(tags=["team"])
USER = Path(..., pattern=NAME, max_length=64, description="a user name")
CSV = {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "the audit log as CSV (with ?format=csv)"}


@router.get("/members", dependencies=[needs("manage")], response_model=list[Member], responses=Page.RESPONSE)
def members(request: Request, response: Response, limit: int = Query(500, ge=1, le=10_000),
            offset: int = Query(0, ge=0, le=10_000_000)) -> list[dict[str, Any]]:
    """Who may work on this investigation, with their role and whether they see protected persons."""
    everyone = [{"user": m.user, "role": m.role, "sensitive": m.sensitive} for m in _registry(request).members(_name(request))]
    response.headers["X-Total-Count"] = str(len(everyone))
    return everyone[offset:offset + limit]


@router.put("/members/{user}", dependencies=[needs("manage")], response_model=Member)
def grant(request: Request, body: Grant, user: str = USER) -> dict[str, Any]:
    """Give a user a role here (or change it), and say whether they see protected persons.

    Access only narrows: nobody changes their own membership, and only a member
    who sees protected persons may let someone else see them.
    """
    reg, name = _registry(request), _name(request)
    current = reg.membership(name, user)
    caller = access(request)
    if user == caller.user:
        raise Forbidden("you cannot change your own role or flags; ask another owner")
    if body.sensitive and not caller.sensitive and not (current is not None and current.sensitive):
        raise Forbidden("only a member who sees protected persons may grant 'sensitive'")
    if current is not None and current.role == "owner" and body.role != "owner":
        _keep_an_owner(request, user)
    member = reg.grant(name, user, body.role, body.sensitive)
    audit(request, "grant", user, role=body.role, sensitive=body.sensitive)
    return {"user": member.user, "role": member.role, "sensitive": member.sensitive}


@router.delete("/members/{user}", dependencies=[needs("manage")], response_model=Done)
def revoke(request: Request, user: str = USER) -> dict[str, bool]:
    """Take a user's membership away (the last owner cannot be removed)."""
    reg, name = _registry(request), _name(request)
    current = reg.membership(name, user)
    if current is not None and current.role == "owner":
        _keep_an_owner(request, user)
    reg.revoke(name, user)
    audit(request, "revoke", user)
    return {"ok": True}


@router.get("/audit", dependencies=[needs("audit")], response_model=list[AuditRow], responses={200: CSV})
def audit_log(
    request: Request,
    format: Literal["json", "csv"] = Query("json"),
    limit: int = Query(500, ge=1, le=100_000, description="newest entries first"),
    before: int | None = Query(None, ge=1, le=2**62, description="only entries with a smaller id (the next page)"),
) -> Any:
    """This investigation's audit log, newest first; ``format=csv`` downloads it as CSV (and is audited)."""
    entries = _registry(request).audit(_name(request), limit, before)
    if format == "csv":
        audit(request, "audit.export", _name(request), entries=len(entries))
        return Response(to_csv(entries), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="threadline-audit.csv"'})
    return [e.view() for e in entries]


def _registry(request: Request) -> Any:
    reg = registry(request)
    assert reg is not None
    return reg


def _name(request: Request) -> str:
    name = access(request).investigation
    assert name is not None
    return name


def _keep_an_owner(request: Request, leaving: str) -> None:
    owners = [m.user for m in _registry(request).members(_name(request)) if m.role == "owner"]
    if owners == [leaving]:
        raise InputError(f"{leaving!r} is the last owner; make someone else owner first")
