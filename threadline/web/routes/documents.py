"""The document view: text, metadata, and where each fact sits in the text."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path

from threadline.api import Workspace
from threadline.web.access import needs
from threadline.web.routes import ID, workspace

router = APIRouter(tags=["documents"])


@router.get("/documents/{doc_id}", dependencies=[needs("read")])
def document(doc_id: str = Path(..., max_length=100, pattern=ID), ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Text, publisher, date, URL, locations, mentions, claims, relations and events with offsets, entities it supports."""
    return ws.document(doc_id)
