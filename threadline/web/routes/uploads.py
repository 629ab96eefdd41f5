"""Upload documents from the browser; ingest runs in the background and reports per-file errors.

Uploads go through ``Workspace.add`` like ``threadline add``, with the same caps
on hostile files (ingest/limits.py); the request itself is capped by the body
size limit (web/hardening.py).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Query, Request, Response, UploadFile

from threadline.errors import InputError, NotFound
from threadline.web.access import access, audit, client, needs, registry
from threadline.web.jobs import MAX_FILE_BYTES, Job
from threadline.web.models import Job as JobView
from threadline.web.models import Page
from threadline.web.routes import state

router = APIRouter(tags=["uploads"])


@router.post("/uploads", status_code=202, dependencies=[needs("ingest")], response_model=JobView)
async def upload(request: Request, files: list[UploadFile]) -> dict[str, Any]:
    """Store the files and start adding them; poll ``/uploads/{job}`` for progress and errors."""
    received = []
    for f in files:
        data = await f.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise InputError(f"{f.filename}: file too large (limit {MAX_FILE_BYTES // (1024 * 1024)} MiB)")
        received.append((f.filename or "upload", data))
    size = sum(len(d) for _, d in received)
    job = state(request).jobs.create(received, on_start=lambda j: audit(request, "upload", j.id, files=j.files, bytes=size),
                                     on_finish=_audit_ingest(request), user=access(request).user)
    return job.view()


def _audit_ingest(request: Request) -> Any:
    """Team mode: a callback that audits the ingest when the job ends (in the job's thread, after the request)."""
    reg = registry(request)
    if reg is None:
        return None
    who, where = access(request), client(request)

    def finished(job: Job) -> None:
        reg.record(who.user, who.investigation, "ingest", job.id, where, False,
                   {"outcome": "failed" if job.error else "done", "added": len(job.added),
                    "unchanged": len(job.unchanged), "failed": len(job.failed), "error": job.error})

    return finished


@router.get("/uploads", dependencies=[needs("read")], response_model=list[JobView], responses=Page.RESPONSE)
def jobs(request: Request, response: Response, limit: int = Query(20, ge=1, le=500),
         offset: int = Query(0, ge=0, le=10_000)) -> list[dict[str, Any]]:
    """Recent upload jobs, newest first: in team mode one's own, or everyone's for an owner."""
    mine = [job.view() for job in state(request).jobs.recent(limit=500) if _mine(request, job)]
    response.headers["X-Total-Count"] = str(len(mine))
    return mine[offset:offset + limit]


@router.get("/uploads/{job_id}", dependencies=[needs("read")], response_model=JobView)
def job(request: Request, job_id: str = Path(..., max_length=64, pattern=r"^[A-Za-z0-9_-]+$")) -> dict[str, Any]:
    """Progress of one upload job: files done, added, unchanged, and failed with the reason (someone else's: 404)."""
    found = state(request).jobs.get(job_id)
    if not _mine(request, found):
        raise NotFound(f"no upload job {job_id}")
    return found.view()


def _mine(request: Request, job: Job) -> bool:
    """Local mode: every job. Team mode: the caller's own, or all of them for an owner (who manages members)."""
    granted = access(request)
    return granted.user is None or job.user == granted.user or "manage" in granted.permissions
