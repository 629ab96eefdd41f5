"""The Python API; each CLI command is a thin call into one of these.

    ws = Workspace("investigation.db")
    report = ws.add(["examples/corpus"])      # threadline add examples/corpus
    ws.stats()                                # threadline stats
    ws.entities(type="STATE_BODY")            # threadline entities --type STATE_BODY
    ws.show("UFWD")                           # threadline show UFWD
    ws.claims(about="Beijing", stance="alleges")
    ws.search("police station")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from threadline import config
from threadline.errors import InputError, NotFound
from threadline.ingest import expand_paths, read_document
from threadline.ingest.readers import make_document
from threadline.model import SCHEMA, Document, Extraction
from threadline.publish.exchange import to_exchange
from threadline.store import Store, open_store

Progress = Callable[[str, str], None]  # (path, outcome) after each file


@dataclass
class IngestReport:
    """What an ingest did: documents added, already present, and files that failed with why."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


def extract_document(document: Document) -> Extraction:
    """Extract facts from one document (loads the language's pipeline once per process)."""
    from threadline.extract.pipeline import extract

    return extract(document)


def extract_file(path: str | Path) -> dict[str, Any]:
    """``threadline extract FILE``: the exchange-format JSON object for one file."""
    return to_exchange(extract_document(read_document(path)))


def extract_text(text: str, **meta: Any) -> dict[str, Any]:
    """The exchange-format JSON object for a text (metadata such as ``published`` optional)."""
    return to_exchange(extract_document(make_document(text, meta, None)))


class Workspace:
    """One investigation: a store plus the pipeline that fills it."""

    def __init__(self, db: str | Path | None = None, store: Store | None = None):
        self.location = str(db or config.DB.value())
        self.store = store or open_store(self.location)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest ------------------------------------------------------------------

    def files(self, paths: Iterable[str | Path]) -> list[Path]:
        """The files ``add`` would read, in order."""
        return list(expand_paths(paths))

    def add(self, paths: Iterable[str | Path], progress: Progress | None = None, batch_size: int = 16) -> IngestReport:
        """Ingest files and folders: read, extract, store. Idempotent; bad files are reported and skipped.

        Each document is stored in its own transaction, so an interrupted run
        leaves whole documents only, and a re-run completes it.
        """
        report = IngestReport()
        totals: dict[str, int] = {}
        files = self.files(paths)
        for start in range(0, len(files), batch_size):
            pending: list[tuple[Path, Document]] = []
            for path in files[start:start + batch_size]:
                outcome = self._read(path, report, pending)
                if outcome and progress:
                    progress(str(path), outcome)
            for (path, document), outcome in zip(pending, self._extract_and_save(pending, report, totals)):
                if progress:
                    progress(str(path), outcome)
        report.counts = totals
        return report

    def _read(self, path: Path, report: IngestReport, pending: list[tuple[Path, Document]]) -> str | None:
        """Read a file; returns its final outcome, or None when it waits for extraction."""
        try:
            document = read_document(path)
        except InputError as exc:
            report.failed.append((str(path), str(exc)))
            return "failed"
        except OSError as exc:
            report.failed.append((str(path), exc.strerror or str(exc)))
            return "failed"
        if self.store.has_document(document.id) or any(d.id == document.id for _, d in pending):
            self.store.add_location(document.id, str(path))
            report.unchanged.append(str(path))
            return "unchanged"
        pending.append((path, document))
        return None

    def _extract_and_save(self, pending: list[tuple[Path, Document]], report: IngestReport,
                          totals: dict[str, int]) -> Iterator[str]:
        from threadline.extract.pipeline import extract_many

        try:
            extractions: list[Extraction | Exception] = list(extract_many(d for _, d in pending))
        except Exception:  # one bad document must not stop a batch: retry one by one to find it
            extractions = []
            for _, document in pending:
                try:
                    extractions.append(extract_document(document))
                except Exception as exc:
                    extractions.append(exc)
        for (path, _), extraction in zip(pending, extractions):
            if isinstance(extraction, Exception):
                report.failed.append((str(path), f"extraction failed: {type(extraction).__name__}: {extraction}"))
                yield "failed"
                continue
            result = self.store.save(extraction)
            for key, value in result.counts.items():
                totals[key] = totals.get(key, 0) + value
            (report.added if result.created else report.unchanged).append(str(path))
            yield "added" if result.created else "unchanged"

    # -- read ----------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        return self.store.stats()

    def entities(self, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        if type:
            SCHEMA.check_type(type.upper())
        return self.store.entities(type=type, limit=limit)

    def show(self, name: str) -> list[dict[str, Any]]:
        """Profiles of the entities called ``name`` (by name or alias); NotFound if none."""
        found = self.store.find_entities(name)
        if not found:
            raise NotFound(f"no entity named {name!r}; try 'threadline entities' or 'threadline search'")
        return [self.store.entity_profile(row["id"]) for row in found]

    def claims(self, about: str | None = None, by: str | None = None, stance: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        if stance:
            SCHEMA.check_stance(stance)
        return self.store.claims(about=about, by=by, stance=stance, limit=limit)

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        if not query.strip():
            raise InputError("empty search query")
        return self.store.search(query, limit=limit)
