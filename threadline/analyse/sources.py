"""Source grades (court ruling > official statement > NGO report > news > state media), kept as data."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from threadline.model.names import fold
from threadline.resolve.duplicates import SIZE, THRESHOLD, shingles, similarity


@lru_cache(maxsize=1)
def grades_data() -> dict[str, Any]:
    return yaml.safe_load(resources.files("threadline.schema").joinpath("source_grades.yaml").read_text("utf-8"))


class SourceGrader:
    """Decide a document's grade from front matter, the editable table, or its publisher's gazetteer kind."""

    def __init__(self) -> None:
        self.data = grades_data()
        self.pinned = {fold(k): v for k, v in (self.data.get("publishers") or {}).items()}

    def rank(self, grade: str) -> int:
        return int(self.data["grades"].get(grade, {}).get("rank", 0))

    def label(self, grade: str) -> str:
        return str(self.data["grades"].get(grade, {}).get("label", grade))

    def grade(self, publisher: str | None, meta: dict[str, Any] | None = None) -> str:
        meta = meta or {}
        if meta.get("grade") in self.data["grades"]:
            return str(meta["grade"])
        key = fold(publisher)
        if key in self.pinned:
            return str(self.pinned[key])
        if key:
            from threadline.extract.patterns import load_patterns

            entry = load_patterns().by_key.get(key)
            if entry is not None and entry.kind:
                grade = self.data["by_kind"].get(entry.kind)
                if grade == "news" and entry.country in self.data.get("state_media_countries", []):
                    return "state_media"
                if grade:
                    return str(grade)
        return str(self.data["default"])


def syndication_groups(texts: dict[str, str], threshold: float = THRESHOLD, size: int = SIZE) -> dict[str, str]:
    """Group near-identical texts (syndicated copies of one story): doc id -> id of its group's first doc.

    The same definition of "same story" as ingest (:mod:`threadline.resolve.duplicates`):
    exact Jaccard of word shingles. Ingest already records most copies as extra
    locations of one document; this catches the rest (stores filled before, copies
    the LSH index missed). Exact and quadratic in documents, with pairs whose sizes
    alone rule them out skipped.
    """
    sets = {doc_id: shingles(text, size) for doc_id, text in texts.items()}
    groups: dict[str, str] = {}
    ids = list(texts)
    for i, a in enumerate(ids):
        if a in groups:
            continue
        groups[a] = a
        sa = sets[a]
        for b in ids[i + 1:]:
            if b in groups:
                continue
            sb = sets[b]
            if min(len(sa), len(sb)) < threshold * max(len(sa), len(sb)):  # Jaccard <= smaller / larger
                continue
            if sa and sb and similarity(sa, sb) >= threshold:
                groups[b] = a
    return groups
