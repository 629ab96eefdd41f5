"""Ingest jobs started from the browser: files are kept in an upload folder beside the store,
then added in a background thread, one job at a time, with progress the UI polls."""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from threadline.api import Workspace
from threadline.errors import InputError, NotFound
from threadline.ingest import DEFAULT_LIMITS

MAX_FILE_BYTES = DEFAULT_LIMITS.max_file_bytes  # the same cap as 'threadline add'
MAX_FILES = 500
_UNSAFE = re.compile(r"[^\w.\- ]+")
log = logging.getLogger("threadline.web")


@dataclass
class Job:
    id: str
    files: list[str]
    total: int
    state: str = "queued"          # queued, running, done, failed
    done: int = 0
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # archive members not read, with why (not failures)
    current: str | None = None
    started: float | None = None
    finished: float | None = None
    error: str | None = None
    user: str | None = None        # who uploaded (team mode): members see their own jobs, owners everyone's

    def view(self) -> dict[str, Any]:
        data = asdict(self)
        elapsed = (self.finished or time.time()) - self.started if self.started else 0.0
        data["elapsed"] = round(elapsed, 2)
        data["per_second"] = round(self.done / elapsed, 2) if elapsed > 0 else None
        return data


def safe_name(name: str) -> str:
    """A file name with no folders and no surprising characters, keeping its suffix."""
    base = Path(name.replace("\\", "/")).name.strip() or "upload"
    cleaned = _UNSAFE.sub("_", base).lstrip(".") or "upload"
    return cleaned[:180]


class UploadJobs:
    def __init__(self, db: str, folder: Path):
        self.db = db
        self.folder = folder
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._runner = threading.Lock()  # one ingest at a time: SQLite has one writer anyway

    def create(self, files: list[tuple[str, bytes]], on_start: Callable[[Job], None] | None = None,
               on_finish: Callable[[Job], None] | None = None, user: str | None = None) -> Job:
        """Keep the uploaded files and start ingesting them; the job's id lets the caller follow it.

        ``on_start`` is called with the job before ingest starts, ``on_finish`` once it
        is done or failed (team mode audits both).
        """
        if not files:
            raise InputError("no files uploaded")
        if len(files) > MAX_FILES:
            raise InputError(f"too many files ({len(files)}; limit {MAX_FILES} per upload)")
        job_id = uuid.uuid4().hex[:12]
        target = self.folder / job_id
        target.mkdir(parents=True, exist_ok=True)
        paths, names = [], []
        for name, data in files:
            clean = safe_name(name)
            path = target / clean
            n = 1
            while path.exists():
                path = target / f"{Path(clean).stem}-{n}{Path(clean).suffix}"
                n += 1
            path.write_bytes(data)
            paths.append(path)
            names.append(name)
        job = Job(job_id, names, len(paths), user=user)
        with self._lock:
            self.jobs[job_id] = job
        if on_start is not None:
            on_start(job)
        threading.Thread(target=self._run, args=(job, paths, on_finish), daemon=True, name=f"ingest-{job_id}").start()
        return job

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self.jobs.get(job_id)
        if job is None:
            raise NotFound(f"no upload job {job_id}")
        return job

    def recent(self, limit: int = 20) -> list[Job]:
        with self._lock:
            return list(self.jobs.values())[-limit:][::-1]

    def _run(self, job: Job, paths: list[Path], on_finish: Callable[[Job], None] | None = None) -> None:
        shown = {str(p): name for p, name in zip(paths, job.files)}

        def progress(path: str, outcome: str) -> None:
            job.done = min(job.done + 1, job.total)
            job.current = shown.get(path, Path(path).name)

        with self._runner:
            job.state, job.started = "running", time.time()
            outcome = "done"
            try:
                with Workspace(self.db) as ws:
                    report = ws.add(paths, progress=progress)
                job.added = [_shown(shown, p) for p in report.added]
                job.unchanged = [_shown(shown, p) for p in report.unchanged]
                job.failed = [{"file": _shown(shown, p), "reason": reason} for p, reason in report.failed]
                job.skipped = [{"file": _shown(shown, p), "reason": reason} for p, reason in report.skipped]
                job.done = job.total
            except Exception as exc:  # the job reports it; the server keeps running
                outcome, job.error = "failed", f"{type(exc).__name__}: {exc}"
            finally:
                job.finished, job.current = time.time(), None
                if on_finish is not None:  # before the job shows as finished, so whoever polls sees its effects
                    try:
                        on_finish(job)
                    except Exception:
                        log.exception("after upload job %s", job.id)
                job.state = outcome


def _shown(shown: dict[str, str], location: str) -> str:
    """A member's location with the stored upload's path replaced by the name it was uploaded as."""
    for path, name in shown.items():
        if location.startswith(path + "!"):
            return name + location[len(path):]
    return shown.get(location, location)
