"""Search documents, entities and claims at once, with facet counts over the results."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from threadline.api import Workspace, vocabulary
from threadline.web.access import access, needs
from threadline.web.models import SearchResult, Stats, Vocabulary
from threadline.web.routes import state, workspace
from threadline.web.snippets import snippet, words_of

router = APIRouter(tags=["search"])
MARKS = ("\ue000", "\ue001")  # private-use characters around matches; the UI turns them into <mark>


@router.get("/stats", dependencies=[needs("read")], response_model=Stats)
def stats(ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Counts of documents, entities and facts, and the store's facets."""
    return {"counts": ws.stats(), "facets": ws.facets(), "revision": ws.revision()}


@router.get("/vocabulary", dependencies=[needs("read")], response_model=Vocabulary)
def schema_vocabulary() -> dict[str, Any]:
    """Entity types (with their labels and graph styles), claim stances and review states, from the schema."""
    return vocabulary()


@router.get("/search", dependencies=[needs("read")], response_model=SearchResult)
def search(
    request: Request,
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
    redacted = not access(request).sensitive
    documents = (_redacted_hits(request, ws, query) if redacted else ws.search(query, limit=200, marks=MARKS)) if query else []
    entities = ws.lookup(query, limit=500)
    claims = _claims(ws, query, stance, request if redacted else None) if query or stance else []
    if redacted:  # a protected person is no hit and no count
        hidden = state(request).hidden_ids(ws)
        entities = [e for e in entities if e["id"] not in hidden]
        claims = [c for c in claims if c.get("claimant_id") not in hidden]
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


def _claims(ws: Workspace, query: str, stance: str | None, request: Request | None) -> list[dict[str, Any]]:
    """Claims whose text, sentence, claimant or subjects hold the query; redacted first for a member without sensitive."""
    key = query.casefold()
    redactor = state(request).protected(ws).redactor() if request is not None else None
    found = []
    for c in ws.claims(stance=stance or None):
        haystack = " ".join([*(str(c.get(k) or "") for k in ("text", "sentence", "claimant")), *(c.get("about") or [])])
        if redactor is not None:
            haystack = redactor.text(haystack) or ""
        if key in haystack.casefold():
            found.append(c)
    return found


def _redacted_hits(request: Request, ws: Workspace, query: str) -> list[dict[str, Any]]:
    """The store's hits, each snippet cut from the redacted text and marked afterwards; hits only through a protected name dropped."""
    protection = state(request).protected(ws)
    if not protection.people:
        return ws.search(query, limit=200, marks=MARKS)
    hits = ws.search(query, limit=200, marks=("", ""))
    redactor, words = protection.redactor(), words_of(query)
    out = []
    for hit in hits:
        stored = ws.store.document_text(hit["id"])
        text = redactor.document(hit["id"], stored[0] if stored else "").text
        cut = snippet(text, words, MARKS)
        if cut is not None:
            out.append({**hit, "snippet": cut})
    return out


def _count(values: Any) -> dict[str, int]:
    return dict(Counter(values).most_common())
