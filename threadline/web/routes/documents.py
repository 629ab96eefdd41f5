"""The document view: text, metadata, and where each fact sits in the text.

For a member without ``sensitive`` the text is redacted here, before the
response leaves the route, and every fact's offsets are moved with it, so the
highlights stay on their words around a "[protected person N]".
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Request

from threadline.analyse.redact import excerpt
from threadline.api import Workspace
from threadline.publish.safety import safe_url
from threadline.web.access import access, needs
from threadline.web.models import DocumentView
from threadline.web.routes import ID, state, workspace

router = APIRouter(tags=["documents"])
SPANS = ("mentions", "claims", "relations", "events")


@router.get("/documents/{doc_id}", dependencies=[needs("read")], response_model=DocumentView)
def document(request: Request, doc_id: str = Path(..., max_length=100, pattern=ID),
             ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Text, publisher, date, URL, locations, mentions, claims, relations and events with offsets, entities it supports."""
    doc = ws.document(doc_id)
    doc["url"] = safe_url(doc.get("url"))
    if access(request).sensitive:
        return doc
    protection = state(request).protected(ws)
    hidden = protection.hidden()
    redaction = protection.redactor().document(doc_id, doc["text"] or "")
    redactor, original = protection.redactor(), doc["text"] or ""
    doc["text"] = redaction.text
    for key in SPANS:
        for item in doc.get(key, []):
            for field in ("text", "what", "sentence"):  # pieces of this document: cut from its redacted text
                if isinstance(item.get(field), str):
                    near = item["start"] + (0 if field == "sentence" else len(item[field]))  # excerpt looks from near - len
                    item[field] = excerpt(redaction, redactor, original, item[field], near)
            item["start"], item["end"] = redaction.at(item["start"]), redaction.at(item["end"], end=True)
    doc["mentions"] = [m for m in doc["mentions"] if m.get("entity_id") not in hidden]
    doc["entities"] = [e for e in doc["entities"] if e.get("id") not in hidden]
    return doc
