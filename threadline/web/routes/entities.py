"""Entity pages and the decisions taken on entities: merge, not-same, split, protect."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from threadline.api import SHOW_LIMIT, Workspace
from threadline.web.access import access, audit, needs, user_name, visible_entity
from threadline.web.conventions import page
from threadline.web.models import Decision, Done, EntityProfile, EntitySummary, Page, Protected, Record, Split
from threadline.web.routes import workspace
from threadline.web.schemas import OtherEntity, Protection

router = APIRouter(tags=["entities"])
ENTITY = Path(..., min_length=1, max_length=300, description="an entity id, or a name or alias that names one entity")


@router.get("/entities", dependencies=[needs("read")], response_model=list[EntitySummary], responses=Page.RESPONSE)
def entities(
    request: Request,
    response: Response,
    q: str = Query("", max_length=300, description="part of a name or alias"),
    type: str | None = Query(None, max_length=20),
    country: str | None = Query(None, max_length=3),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
    ws: Workspace = Depends(workspace),
) -> list[dict[str, Any]]:
    """Entities whose name or alias contains ``q``, most mentioned first."""
    return page(request, response, ws, ws.lookup(q, type=type, country=country, limit=offset + limit + 100_000), limit, offset)


def _hidden(request: Request, ws: Workspace) -> set[str]:
    """Ids whose rows a member without ``sensitive`` never sees: left out of pages and totals alike."""
    from threadline.web.routes import state

    return set() if access(request).sensitive else state(request).hidden_ids(ws)


@router.get("/entities/{entity_id}", dependencies=[needs("read")], response_model=EntityProfile)
def entity(request: Request, entity_id: str = ENTITY,
           limit: int = Query(SHOW_LIMIT, ge=1, le=500, description="rows of each list"),
           offset: int = Query(0, ge=0, le=10_000_000, description="rows of each list to skip"),
           ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Type, country, aliases, a page of its claims by and about it, relations, events and mentions with each
    list's total (``totals``), and its decision history. ``/entities/{id}/rows/{part}`` pages through one list."""
    profile = ws.show(visible_entity(request, ws, entity_id), limit=limit, offset=offset, exclude=_hidden(request, ws))[0]
    profile["history"] = ws.history(profile["id"])
    return profile


@router.get("/entities/{entity_id}/rows/{part}", dependencies=[needs("read")], response_model=list[Record],
            responses=Page.CAPPED)
def entity_rows(request: Request, response: Response, entity_id: str = ENTITY,
                part: str = Path(..., max_length=12, pattern="^(mentions|claims_by|claims_about|relations|events)$",
                                 description="mentions, claims_by, claims_about, relations or events"),
                limit: int = Query(SHOW_LIMIT, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000),
                ws: Workspace = Depends(workspace)) -> list[dict[str, Any]]:
    """A page of one list of the entity's profile, in the profile's order; the list's length in ``X-Total-Count``,
    counted up to 10,000 rows: ``X-Total-Capped: true`` says the list is longer."""
    page = ws.entity_part(visible_entity(request, ws, entity_id), part, limit=limit, offset=offset,
                          exclude=_hidden(request, ws))
    response.headers["X-Total-Count"] = str(page["total"])
    if page["capped"]:
        response.headers["X-Total-Capped"] = "true"
    return list(page["items"])


@router.get("/entities/{entity_id}/history", dependencies=[needs("read")], response_model=list[Decision],
            responses=Page.RESPONSE)
def history(request: Request, response: Response, entity_id: str = ENTITY, limit: int = Query(500, ge=1, le=10_000),
            offset: int = Query(0, ge=0, le=10_000_000), ws: Workspace = Depends(workspace)) -> list[dict[str, Any]]:
    """Every decision on the entity and its facts, oldest first."""
    return page(request, response, ws, ws.history(visible_entity(request, ws, entity_id)), limit, offset)


@router.post("/entities/{entity_id}/merge", dependencies=[needs("curate")], response_model=EntityProfile)
def merge(request: Request, body: OtherEntity, entity_id: str = ENTITY, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Record that two entities are the same and re-resolve; returns the merged entity.
    Entities of different types merge only with ``confirm`` (409 otherwise, saying what would change)."""
    a, b = visible_entity(request, ws, entity_id), visible_entity(request, ws, body.other)
    ws.merge(a, b, user_name(request), confirm=body.confirm)  # different types: 409 saying what would change
    audit(request, "merge", a, other=b)
    return ws.show(ws.entity_id(a))[0]


@router.post("/entities/{entity_id}/not-same", dependencies=[needs("curate")], response_model=Done)
def not_same(request: Request, body: OtherEntity, entity_id: str = ENTITY, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Record that two entities must never be merged."""
    a, b = visible_entity(request, ws, entity_id), visible_entity(request, ws, body.other)
    ws.not_same(a, b, user_name(request))
    audit(request, "not-same", a, other=b)
    return {"ok": True}


@router.post("/entities/{entity_id}/split", dependencies=[needs("curate")], response_model=Split)
def split(request: Request, entity_id: str = ENTITY, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Undo the merges of an entity; returns the ids of the entities it falls back into."""
    members = ws.split(visible_entity(request, ws, entity_id), user_name(request))
    audit(request, "split", members[0], members=members)
    return {"members": members}


@router.post("/entities/{entity_id}/protect", dependencies=[needs("curate")], response_model=Protected)
def protect(request: Request, body: Protection, entity_id: str = ENTITY, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Mark a person protected (redacted from exports, reports and members without 'sensitive') or lift it."""
    entity = visible_entity(request, ws, entity_id)
    members = ws.protect(entity, body.protected, user_name(request))
    audit(request, "protect" if body.protected else "unprotect", entity, members=members)
    return {"protected": body.protected, "members": members}
