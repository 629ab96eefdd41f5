"""Upload documents from the browser; ingest runs in the background and reports per-file errors."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, UploadFile

from threadline.errors import InputError
from threadline.web.jobs import MAX_FILE_BYTES
from threadline.web.routes import state

router = APIRouter(tags=["uploads"])


@router.post("/uploads", status_code=202)
async def upload(request: Request, files: list[UploadFile]) -> dict[str, Any]:
    """Store the files and start adding them; poll ``/api/uploads/{job}`` for progress and errors."""
    received = []
    for f in files:
        data = await f.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise InputError(f"{f.filename}: file too large (limit {MAX_FILE_BYTES // (1024 * 1024)} MiB)")
        received.append((f.filename or "upload", data))
    return state(request).jobs.create(received).view()


@router.get("/uploads")
def jobs(request: Request) -> list[dict[str, Any]]:
    """Recent upload jobs, newest first."""
    return [job.view() for job in state(request).jobs.recent()]


@router.get("/uploads/{job_id}")
def job(request: Request, job_id: str) -> dict[str, Any]:
    """Progress of one upload job: files done, added, unchanged, and failed with the reason."""
    return state(request).jobs.get(job_id).view()
