"""Per-application state: where the store is, the cached evidence graph, upload jobs.

SQLite connections are per thread, so each request opens its own Workspace
(cheap: a file open) instead of sharing one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from threadline.api import Workspace
from threadline.web.jobs import UploadJobs

if TYPE_CHECKING:
    from threadline.analyse.graph import EvidenceGraph


class WebState:
    def __init__(self, db: str, upload_dir: str | Path | None = None):
        self.db = db
        Workspace(db).close()  # create and migrate now, so a bad path fails at start, not on first request
        folder = Path(upload_dir) if upload_dir else Path(db).with_name(Path(db).name + ".uploads")
        self.jobs = UploadJobs(db, folder)
        self._graphs: dict[bool, tuple[str, EvidenceGraph]] = {}
        self._lock = threading.Lock()

    @contextmanager
    def workspace(self) -> Iterator[Workspace]:
        ws = Workspace(self.db)
        try:
            yield ws
        finally:
            ws.close()

    def graph(self, ws: Workspace, include_protected: bool = False) -> "EvidenceGraph":
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
