"""The graph explorer's data: neighbourhoods, evidence paths, and the evidence behind one link.

Read from the redacted snapshot: protected persons appear only with ``include_protected``,
and in team mode only to members with ``sensitive``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response

from threadline.analyse import views
from threadline.api import Workspace
from threadline.errors import InputError
from threadline.web.access import may_include_protected, needs, visible_entity
from threadline.web.conventions import page
from threadline.web.models import Graph, LinkEvidence, Page, Paths
from threadline.web.routes import state, workspace

router = APIRouter(tags=["graph"])
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@router.get("/graph", dependencies=[needs("read")], response_model=Graph)
def graph(
    request: Request,
    focus: list[str] = Query([], max_length=50, description="entity ids (or unique names) to start from; none: the whole graph"),
    depth: int = Query(1, ge=1, le=3),
    type: list[str] = Query([], max_length=10, description="keep only neighbours of these entity types"),
    stance: list[str] = Query([], max_length=5, description="keep only claims with these stances"),
    status: list[str] = Query([], max_length=3, description="keep only facts in these review statuses"),
    since: str | None = Query(None, pattern=DATE),
    until: str | None = Query(None, pattern=DATE),
    limit: int = Query(300, ge=1, le=2000),
    include_protected: bool = False,
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Nodes and edges (Cytoscape-ready data) around the focus entities, filtered."""
    g = state(request).graph(ws, may_include_protected(request, include_protected))
    ids = [visible_entity(request, ws, f) for f in focus]
    return views.subgraph(g, ids, depth, [t.upper() for t in type], stance, status, since, until, limit)


@router.get("/graph/path", dependencies=[needs("read")], response_model=Paths)
def path(
    request: Request,
    a: str = Query(..., min_length=1, max_length=300),
    b: str = Query(..., min_length=1, max_length=300),
    max_hops: int = Query(4, ge=1, le=8),
    include_protected: bool = False,
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """The shortest and the best-evidenced path between two entities (null when none within ``max_hops``)."""
    ida, idb = visible_entity(request, ws, a), visible_entity(request, ws, b)
    if ida == idb:
        raise InputError("both ends are the same entity")
    found = state(request).graph(ws, may_include_protected(request, include_protected)).paths(ida, idb, max_hops)
    return {name: views.path_view(p) for name, p in found.items()}


@router.get("/graph/link", dependencies=[needs("read")], response_model=list[LinkEvidence], responses=Page.RESPONSE)
def link(
    request: Request,
    response: Response,
    a: str = Query(..., min_length=1, max_length=300),
    b: str = Query(..., min_length=1, max_length=300),
    include_protected: bool = False,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=10_000_000),
    ws: Workspace = Depends(workspace),
) -> list[dict[str, Any]]:
    """Every link between two entities with its sources and verbatim quotes, strongest first."""
    graph = state(request).graph(ws, may_include_protected(request, include_protected))
    found = views.link_evidence(graph, visible_entity(request, ws, a), visible_entity(request, ws, b))
    return page(request, response, ws, found, limit, offset)
