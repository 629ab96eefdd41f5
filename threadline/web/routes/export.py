"""Exports and reports as downloads, written from the redacted snapshot like ``threadline export`` and ``report``.

Protected persons are included only when asked for and, in team mode, only for
members with ``sensitive``; the audit log records which it was.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from threadline.api import Workspace
from threadline.errors import InputError
from threadline.web.access import audit, may_include_protected, needs, visible_entity
from threadline.web.routes import workspace

router = APIRouter(tags=["export"])
FORMATS: dict[str, tuple[str, str]] = {  # format -> (file name, media type)
    "csv": ("threadline-csv.zip", "application/zip"),
    "ftm": ("threadline.ftm.json", "application/x-ndjson"),
    "gexf": ("threadline.gexf", "application/xml"),
    "graphml": ("threadline.graphml", "application/xml"),
}
DOWNLOAD = {"content": {media: {"schema": {"type": "string", "format": "binary"}} for _, media in FORMATS.values()},
            "description": "the exported file, as an attachment"}
HTML = {"content": {"text/html": {"schema": {"type": "string"}}}, "description": "the report, as an attachment"}


def _download(request: Request, folder: Path, path: Path, name: str, media: str) -> FileResponse:
    request.state.snapshot_output = True  # written from the redacted snapshot: RedactResponses passes it through
    return FileResponse(path, media_type=media, filename=name, headers={"Cache-Control": "no-store"},
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))


@router.get("/export", dependencies=[needs("export")], response_class=FileResponse, responses={200: DOWNLOAD})
def export(
    request: Request,
    format: Literal["csv", "ftm", "gexf", "graphml"] = Query(..., description="csv comes as a zip of CSV files"),
    include_protected: bool = Query(False, description="include protected persons (team mode: members with 'sensitive' only)"),
    ws: Workspace = Depends(workspace),
) -> FileResponse:
    """The evidence graph as FollowTheMoney JSON lines, GEXF, GraphML or CSV tables, with sources on every link."""
    included = may_include_protected(request, include_protected)
    folder = Path(tempfile.mkdtemp(prefix="threadline-export-"))
    try:
        name, media = FORMATS[format]
        target = folder / ("csv" if format == "csv" else name)
        counts = ws.export(format, target, include_protected=included)
        if format == "csv":
            with zipfile.ZipFile(folder / name, "w", zipfile.ZIP_DEFLATED) as archive:
                for part in sorted(target.iterdir()):
                    archive.write(part, part.name)
            target = folder / name
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    audit(request, "export", format, protected=included, format=format, counts=counts)
    return _download(request, folder, target, name, media)


@router.get("/report", dependencies=[needs("export")], response_class=FileResponse, responses={200: HTML})
def report(
    request: Request,
    country: str | None = Query(None, pattern=r"^[A-Za-z]{2}$", description="ISO country code"),
    entity: str | None = Query(None, min_length=1, max_length=300, description="an entity id or name"),
    include_protected: bool = Query(False, description="include protected persons (team mode: members with 'sensitive' only)"),
    ws: Workspace = Depends(workspace),
) -> FileResponse:
    """A footnoted HTML report on one country or one entity, downloaded as a self-contained file."""
    if (country is None) == (entity is None):
        raise InputError("give either country or entity")
    included = may_include_protected(request, include_protected)
    subject: dict[str, Any] = {"country": country.upper()} if country else {"entity": visible_entity(request, ws, entity or "")}
    folder = Path(tempfile.mkdtemp(prefix="threadline-report-"))
    try:
        path = ws.report(folder / "report.html", include_protected=included, **subject)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    audit(request, "report", country.upper() if country else subject["entity"], protected=included, **subject)
    return _download(request, folder, Path(path), "threadline-report.html", "text/html")
