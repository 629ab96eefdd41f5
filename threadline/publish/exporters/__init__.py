"""Exporters: the evidence graph in formats other tools read.

Every exporter takes a :class:`~threadline.analyse.snapshot.Snapshot` and a
path, and nothing else: protected persons are already redacted inside the
snapshot, so an exporter cannot leak what it never sees. Exporters must not
open the store.

    EXPORTERS["gexf"](snapshot, "graph.gexf")   # -> {"nodes": 118, "edges": 97}
    export(snapshot, "csv", "out/")              # the same, by name

Formats:

- ``ftm``: FollowTheMoney entities as JSON lines (Aleph, OpenSanctions tooling, ``ftm`` CLI);
- ``gexf`` and ``graphml``: the evidence graph for Gephi, Cytoscape, yEd, networkx;
- ``csv``: a folder of spreadsheets (nodes, edges, claims, relations, events).

Ids in exports are the store's ids (``ent-…``, ``doc-…``), so a row can be
looked up with ``threadline show``. A redacted snapshot's protected persons
get an id made from their placeholder instead: store ids are hashes of names,
and a hash of a name can be confirmed by anyone who guesses the name.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from threadline.errors import InputError
from threadline.model.records import content_id

if TYPE_CHECKING:
    from threadline.analyse.snapshot import Fact, SDocument, Snapshot

Exporter = Callable[..., dict[str, int]]


class PublicIds:
    """The ids an export shows for entities and facts (see the module docstring)."""

    def __init__(self, snapshot: Snapshot):
        self.hidden = {e.id for e in snapshot.entities.values() if e.protected and not snapshot.include_protected}
        self.entities = {
            e.id: (content_id("protected", e.name, prefix="ent-", size=16) if e.id in self.hidden else e.id)
            for e in snapshot.entities.values()
        }

    def entity(self, entity_id: str | None) -> str | None:
        if entity_id is None:
            return None
        return self.entities.get(entity_id, entity_id)

    def link(self, source: str, target: str, kind: str, label: str) -> str:
        """The id of an evidence-graph link (the same in every format)."""
        return content_id(self.entity(source), self.entity(target), kind, label, prefix="link-")

    def fact(self, fact: Fact) -> str:
        """The store id of a fact, unless a hidden person's id went into it (then a hash of public parts).

        A relation's id hashes both ends; a claim's hashes its claimant, not what it is about.
        """
        if fact.source in self.hidden or (fact.kind == "relation" and fact.target in self.hidden):
            return content_id(fact.kind, fact.label, self.entity(fact.source), self.entity(fact.target), fact.doc_id,
                              fact.start, prefix="fact-")
        return fact.id


def provenance(doc: SDocument | None) -> dict[str, str]:
    """Where a fact was read: title, publisher, date and where it came from, url and file name ('' when unknown).

    The file's name only: the folder it sits in on the analyst's machine stays there.
    """
    if doc is None:
        return {"title": "", "publisher": "", "date": "", "date_source": "", "url": "", "file": ""}
    return {"title": doc.title or "", "publisher": doc.publisher or "", "date": doc.published or "",
            "date_source": doc.date_source or "", "url": doc.url or "", "file": os.path.basename(doc.path or "")}


def file_target(path: str | os.PathLike[str]) -> Path:
    """A file path to write, with its folder created; a folder is refused."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target} is a folder; give a file name to write")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


@contextmanager
def open_output(path: str | os.PathLike[str], binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write (``-``: standard output). The file appears whole or not at all."""
    if str(path) == "-":
        stream: IO[Any] = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    target = file_target(path)
    part = target.with_name(target.name + ".part")
    try:
        with open(part, "wb") if binary else open(part, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def folder_target(path: str | os.PathLike[str]) -> Path:
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise InputError(f"{target} is a file; the csv export writes a folder")
    target.mkdir(parents=True, exist_ok=True)
    return target


def _lazy(module: str, function: str) -> Exporter:
    """An exporter imported on first use (followthemoney alone takes a second to import)."""

    def run(snapshot: Snapshot, path: str | os.PathLike[str], **options: Any) -> dict[str, int]:
        from importlib import import_module

        return getattr(import_module(f"threadline.publish.exporters.{module}"), function)(snapshot, path, **options)

    run.__name__ = f"{module}.{function}"
    return run


EXPORTERS: dict[str, Exporter] = {
    "ftm": _lazy("ftm", "export"),
    "gexf": _lazy("graphs", "export_gexf"),
    "graphml": _lazy("graphs", "export_graphml"),
    "csv": _lazy("csv", "export"),
}


def export(snapshot: Snapshot, fmt: str, path: str | os.PathLike[str], **options: Any) -> dict[str, int]:
    """Write ``snapshot`` as ``fmt`` to ``path``; returns counts of what was written."""
    try:
        exporter = EXPORTERS[fmt.lower()]
    except KeyError:
        raise InputError(f"unknown export format {fmt!r}; known: {', '.join(EXPORTERS)}") from None
    return exporter(snapshot, path, **options)


__all__ = ["EXPORTERS", "PublicIds", "export", "provenance"]
