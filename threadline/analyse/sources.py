"""Source grades (court ruling > official statement > NGO report > news > state media), kept as data."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from threadline.model.names import fold


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


def syndication_groups(texts: dict[str, str], threshold: float = 0.8, size: int = 5) -> dict[str, str]:
    """Group near-identical texts (syndicated copies of one story): doc id -> id of its group's first doc.

    Jaccard similarity of word shingles; exact for the numbers an investigation holds
    (quadratic in documents; MinHash takes over for bulk ingest).
    """
    import re

    shingles = {}
    for doc_id, text in texts.items():
        words = re.findall(r"\w+", text.lower())
        shingles[doc_id] = {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))}
    groups: dict[str, str] = {}
    ids = list(texts)
    for i, a in enumerate(ids):
        if a in groups:
            continue
        groups[a] = a
        for b in ids[i + 1:]:
            if b in groups:
                continue
            sa, sb = shingles[a], shingles[b]
            if sa and sb and len(sa & sb) / len(sa | sb) >= threshold:
                groups[b] = a
    return groups
