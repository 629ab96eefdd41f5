"""Expand command-line paths into the files to ingest, in a stable order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from threadline.ingest.readers import SUPPORTED


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, and supported files found under folders (sorted, hidden ones skipped).

    A path that does not exist is yielded as is, so the reader reports it.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED and not _hidden(child, path):
                    if child.name.lower() == "readme.md":
                        continue
                    yield child
        else:
            yield path


def _hidden(child: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in child.relative_to(root).parts)
