"""Entity pages and the decisions taken on entities: merge, not-same, split, protect."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from threadline.api import Workspace
from threadline.web.routes import workspace
from threadline.web.schemas import OtherEntity, Protection

router = APIRouter(tags=["entities"])


@router.get("/entities")
def entities(
    q: str = Query("", max_length=300, description="part of a name or alias"),
    type: str | None = Query(None, max_length=20),
    country: str | None = Query(None, max_length=3),
    limit: int = Query(50, ge=1, le=500),
    ws: Workspace = Depends(workspace),
) -> list[dict[str, Any]]:
    """Entities whose name or alias contains ``q``, most mentioned first."""
    return ws.lookup(q, type=type, country=country, limit=limit)


@router.get("/entities/{entity_id}")
def entity(entity_id: str, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Type, country, aliases, claims by and about it, relations, events, mentions and decision history."""
    profile = ws.show(_id(ws, entity_id))[0]
    profile["history"] = ws.history(profile["id"])
    return profile


@router.get("/entities/{entity_id}/history")
def history(entity_id: str, ws: Workspace = Depends(workspace)) -> list[dict[str, Any]]:
    """Every decision on the entity and its facts, oldest first."""
    return ws.history(_id(ws, entity_id))


@router.post("/entities/{entity_id}/merge")
def merge(entity_id: str, body: OtherEntity, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Record that two entities are the same and re-resolve; returns the merged entity."""
    ws.merge(_id(ws, entity_id), body.other)
    return ws.show(ws.entity_id(_id(ws, entity_id)))[0]


@router.post("/entities/{entity_id}/not-same")
def not_same(entity_id: str, body: OtherEntity, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Record that two entities must never be merged."""
    ws.not_same(_id(ws, entity_id), body.other)
    return {"ok": True}


@router.post("/entities/{entity_id}/split")
def split(entity_id: str, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Undo the merges of an entity; returns the ids of the entities it falls back into."""
    return {"members": ws.split(_id(ws, entity_id))}


@router.post("/entities/{entity_id}/protect")
def protect(entity_id: str, body: Protection, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Mark a person protected (redacted from exports and reports) or lift it."""
    members = ws.protect(_id(ws, entity_id), body.protected)
    return {"protected": body.protected, "members": members}


def _id(ws: Workspace, entity_id: str) -> str:
    """Accept an id or a unique name, so links can use either."""
    return ws.entity_id(entity_id)
