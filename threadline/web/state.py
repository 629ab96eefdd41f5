"""Per-investigation state: where the store is, the cached evidence graph, upload jobs,
and who is protected (for redacting responses to members without ``sensitive``).

SQLite connections are per thread, so each request opens its own Workspace
(cheap: a file open) instead of sharing one. In team mode there is one
WebState per investigation, made on first use (:class:`Investigations`).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from threadline.analyse.redact import Protection, Redactor, load_protection
from threadline.api import Workspace
from threadline.store import is_url
from threadline.web.jobs import UploadJobs

if TYPE_CHECKING:
    from threadline.analyse.graph import EvidenceGraph
    from threadline.team import Investigation, Registry


def default_upload_dir(db: str) -> Path:
    """Beside a SQLite file; for a PostgreSQL URL a folder named by a hash, so no password lands in a path."""
    if is_url(db):
        return Path("threadline-uploads") / hashlib.sha256(db.encode("utf-8")).hexdigest()[:16]
    return Path(db).with_name(Path(db).name + ".uploads")


class WebState:
    def __init__(self, db: str, upload_dir: str | Path | None = None):
        self.db = db
        Workspace(db).close()  # create and migrate now, so a bad path fails at start, not on first request
        folder = Path(upload_dir) if upload_dir else default_upload_dir(db)
        self.jobs = UploadJobs(db, folder)
        self._graphs: dict[bool, tuple[str, EvidenceGraph]] = {}
        self._protected: tuple[str, Protection] | None = None
        self._lock = threading.Lock()

    @contextmanager
    def workspace(self) -> Iterator[Workspace]:
        ws = Workspace(self.db)
        try:
            yield ws
        finally:
            ws.close()

    def graph(self, ws: Workspace, include_protected: bool = False) -> EvidenceGraph:
        """The evidence graph of the current store, rebuilt only when the store changed."""
        from threadline.analyse.graph import EvidenceGraph

        revision = ws.revision()
        with self._lock:
            cached = self._graphs.get(include_protected)
            if cached and cached[0] == revision:
                return cached[1]
        graph = EvidenceGraph(ws.snapshot(include_protected))
        with self._lock:
            self._graphs[include_protected] = (revision, graph)
        return graph

    def protected(self, ws: Workspace) -> Protection:
        """Who is protected (every form, id and mention; see analyse.redact), per store revision."""
        revision = ws.revision()
        with self._lock:
            if self._protected and self._protected[0] == revision:
                return self._protected[1]
        protection = load_protection(ws.store).with_texts(ws.store)
        with self._lock:
            self._protected = (revision, protection)
        return protection

    def hidden_ids(self, ws: Workspace) -> set[str]:
        """Every stored id of every protected person (and of entities found to be them)."""
        return self.protected(ws).hidden()

    def redactor(self) -> Redactor:
        """The response redactor (forms and store ids) for the store as it is now, after the request changed it."""
        with self.workspace() as ws:
            return self.protected(ws).redactor(ids=True)


class Investigations:
    """Team mode: the WebState of each investigation in the registry, made on first use."""

    def __init__(self, registry: Registry, upload_root: str | Path | None = None):
        self.registry = registry
        self.upload_root = Path(upload_root) if upload_root else None
        self._states: dict[str, tuple[str, WebState]] = {}
        self._lock = threading.Lock()

    def state(self, investigation: Investigation) -> WebState:
        with self._lock:
            known = self._states.get(investigation.name)
            if known and known[0] == investigation.location:
                return known[1]
            state = WebState(investigation.location, self._uploads(investigation))
            self._states[investigation.name] = (investigation.location, state)
            return state

    def _uploads(self, investigation: Investigation) -> Path | None:
        """Uploads go under the upload root if given, else beside a SQLite store (None), else beside the registry."""
        from threadline.store import is_url

        if self.upload_root is not None:
            return self.upload_root / investigation.name
        if not is_url(investigation.location):
            return None
        beside = Path(".") if is_url(self.registry.location) else Path(self.registry.location).resolve().parent
        return beside / "threadline-uploads" / investigation.name
