"""Search documents, entities and claims at once, with facet counts over the results."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Depends, Query

from threadline.api import Workspace
from threadline.web.access import needs
from threadline.web.routes import workspace

router = APIRouter(tags=["search"])
MARKS = ("\ue000", "\ue001")  # private-use characters around matches; the UI turns them into <mark>


@router.get("/stats", dependencies=[needs("read")])
def stats(ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Counts of documents, entities and facts, and the store's facets."""
    return {"counts": ws.stats(), "facets": ws.facets(), "revision": ws.revision()}


@router.get("/search", dependencies=[needs("read")])
def search(
    q: str = Query("", max_length=500, description="words to find in documents, entity names and claims"),
    type: str | None = Query(None, max_length=20, description="entity type, e.g. STATE_BODY"),
    country: str | None = Query(None, max_length=3, description="ISO country code of entities"),
    language: str | None = Query(None, max_length=8, description="document language code"),
    stance: str | None = Query(None, max_length=20, description="claim stance"),
    status: str | None = Query(None, max_length=20, description="claim review status"),
    limit: int = Query(20, ge=1, le=200),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Documents (full text, snippets with matches between U+E000 and U+E001), entities by name or alias, and claims."""
    query = q.strip()
    documents = ws.search(query, limit=200, marks=MARKS) if query else []
    entities = ws.lookup(query, limit=500)
    claims = _claims(ws, query, stance) if query or stance else []
    facets = {
        "type": _count(e["type"] for e in entities),
        "country": _count(e["country"] for e in entities if e["country"]),
        "language": _count(d["language"] or "?" for d in documents),
        "stance": _count(c["stance"] for c in claims),
        "status": _count(c["status"] for c in claims),
    }
    if type:
        entities = [e for e in entities if e["type"] == type.upper()]
    if country:
        entities = [e for e in entities if (e["country"] or "").upper() == country.upper()]
    if language:
        documents = [d for d in documents if (d["language"] or "?") == language]
    if status:
        claims = [c for c in claims if c["status"] == status]
    return {"query": query, "documents": documents[:limit], "entities": entities[:limit], "claims": claims[:limit],
            "total": {"documents": len(documents), "entities": len(entities), "claims": len(claims)}, "facets": facets}


def _claims(ws: Workspace, query: str, stance: str | None) -> list[dict[str, Any]]:
    key = query.casefold()
    found = []
    for c in ws.claims(stance=stance or None):
        haystack = " ".join(str(c.get(k) or "") for k in ("text", "sentence", "claimant", "about")).casefold()
        if key in haystack:
            found.append(c)
    return found


def _count(values: Any) -> dict[str, int]:
    return dict(Counter(values).most_common())
