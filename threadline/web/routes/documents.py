"""The document view: text, metadata, and where each fact sits in the text."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from threadline.api import Workspace
from threadline.web.routes import workspace

router = APIRouter(tags=["documents"])


@router.get("/documents/{doc_id}")
def document(doc_id: str, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Text, publisher, date, URL, locations, mentions, claims, relations and events with offsets, entities it supports."""
    return ws.document(doc_id)
