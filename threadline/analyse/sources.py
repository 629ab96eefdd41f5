"""Source grades (court ruling > official statement > NGO report > news > state media), kept as data.

The grade of a document comes from its URL's domain and its publisher's name (schema/source_domains.yaml)
before its front matter and the gazetteer (schema/source_grades.yaml).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from threadline.model.names import fold
from threadline.model.schema import load_yaml
from threadline.resolve.duplicates import SIZE, THRESHOLD, shingles, similarity


@lru_cache(maxsize=1)
def grades_data() -> dict[str, Any]:
    return load_yaml(resources.files("threadline.schema").joinpath("source_grades.yaml").read_text("utf-8"))


@lru_cache(maxsize=1)
def domains_data() -> dict[str, Any]:
    """Outlets by web domain and name, and domain endings of public bodies (schema/source_domains.yaml)."""
    return load_yaml(resources.files("threadline.schema").joinpath("source_domains.yaml").read_text("utf-8"))


_DOMAIN_LIKE = re.compile(r"(?i)^(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:[/:?#].*)?$")


def hostname(url: str | None) -> str | None:
    """The host of a URL or a bare domain ("www.globaltimes.cn/x" -> "globaltimes.cn"), lower case, without www."""
    if not url or not url.strip():
        return None
    text = url.strip()
    if "://" not in text:
        if not _DOMAIN_LIKE.match(text):
            return None
        text = "http://" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


class SourceGrader:
    """Decide a document's grade: its URL's domain first, then its publisher's name, front matter, the tables.

    In order: the domain of the document's URL (an outlet of
    source_domains.yaml, then a public body's domain ending such as ``gov.uk``);
    the publisher written as an outlet's name or a variant of it; the front
    matter's ``grade:``; a publisher pinned in source_grades.yaml; the
    gazetteer kind of the publisher; the default. So a state-media site is
    state media whatever its front matter calls it.
    """

    def __init__(self) -> None:
        self.data = grades_data()
        self.pinned = {fold(k): v for k, v in (self.data.get("publishers") or {}).items()}
        domains = domains_data()
        self.edition = sorted({fold(w) for w in domains.get("edition_words") or [] if fold(w)}, key=len, reverse=True)
        self.outlets: dict[str, dict[str, Any]] = {}
        self.outlet_names: dict[str, dict[str, Any]] = {}
        for outlet in domains.get("outlets") or []:
            for domain in outlet.get("domains") or []:
                self.outlets[str(domain).lower()] = outlet
            for name in [outlet["name"], *(outlet.get("names") or [])]:
                self.outlet_names.setdefault(self.variant(str(name)), outlet)
        self.suffixes = {str(k).lower(): str(v) for k, v in (domains.get("suffixes") or {}).items()}

    def rank(self, grade: str) -> int:
        return int(self.data["grades"].get(grade, {}).get("rank", 0))

    def label(self, grade: str) -> str:
        return str(self.data["grades"].get(grade, {}).get("label", grade))

    def variant(self, name: str) -> str:
        """A publisher's name folded, without a parenthesis or edition words: "The Global Times (English)" -> "global times"."""
        key = fold(re.sub(r"\([^)]*\)|（[^）]*）", " ", name)) or fold(name)
        changed = True
        while changed and key:
            changed = False
            for word in self.edition:
                if key.endswith(" " + word) or key.startswith(word + " "):
                    key = (key[: -len(word) - 1] if key.endswith(" " + word) else key[len(word) + 1:]).strip()
                    changed = True
                elif key.endswith(word) and len(key) > len(word) and not word.isascii():  # 环球时报英文版
                    key, changed = key[: -len(word)], True
        return key or fold(name)

    def by_domain(self, url: str | None) -> tuple[str, str] | None:
        """The grade a URL's domain gives, with why: an outlet's site, else a public body's domain ending."""
        host = hostname(url)
        if host is None:
            return None
        parts = host.split(".")
        candidates = [".".join(parts[i:]) for i in range(len(parts))]  # longest first: curia.europa.eu before europa.eu
        for domain in candidates[:-1]:
            outlet = self.outlets.get(domain)
            if outlet is not None:
                return str(outlet["grade"]), f"site {domain} ({outlet['name']})"
        for domain in candidates:
            if domain in self.suffixes:
                return self.suffixes[domain], f"domain {domain}"
        return None

    def grade(self, publisher: str | None, meta: dict[str, Any] | None = None, url: str | None = None) -> str:
        return self.decide(publisher, meta, url)[0]

    def decide(self, publisher: str | None, meta: dict[str, Any] | None = None,
               url: str | None = None) -> tuple[str, str]:
        """The grade and why, e.g. ("state_media", "site globaltimes.cn (Global Times)")."""
        meta = meta or {}
        for where in (url, meta.get("url"), meta.get("source_url"), publisher):
            found = self.by_domain(str(where)) if where else None
            if found:
                return found
        outlet = self.outlet_names.get(self.variant(publisher)) if publisher else None
        if outlet is not None:
            return str(outlet["grade"]), f"publisher {publisher} ({outlet['name']})"
        if meta.get("grade") in self.data["grades"]:
            return str(meta["grade"]), "front matter"
        key = fold(publisher)
        if key in self.pinned:
            return str(self.pinned[key]), "source_grades.yaml"
        if key:
            from threadline.extract.patterns import load_patterns

            patterns = load_patterns()
            entry = patterns.by_key.get(key) or patterns.by_key.get(self.variant(publisher or ""))
            if entry is not None and entry.kind:
                grade = self.data["by_kind"].get(entry.kind)
                if grade == "news" and entry.country in self.data.get("state_media_countries", []):
                    return "state_media", f"publisher {entry.name} (gazetteer: {entry.kind}, {entry.country})"
                if grade:
                    return str(grade), f"publisher {entry.name} (gazetteer: {entry.kind})"
        return str(self.data["default"]), "default"


SYNDICATION_BANDS = (32, 4)  # 32 bands of 4 rows: a pair at Jaccard 0.8 shares a band with probability 1 - 5e-8


def syndication_groups(texts: dict[str, str], threshold: float = THRESHOLD, size: int = SIZE) -> dict[str, str]:
    """Group near-identical texts (syndicated copies of one story): doc id -> id of its group's first doc.

    The same definition of "same story" as ingest (:mod:`threadline.resolve.duplicates`):
    exact Jaccard of word shingles. Ingest already records most copies as extra
    locations of one document; this catches the rest (stores filled before, copies
    the ingest index missed). The groups are those of :func:`exact_syndication_groups`
    (each text, in order, joins the first earlier group leader it is a copy of), but only
    pairs sharing a band of their MinHash signatures are compared, so the cost grows with
    the texts, not with their pairs. The bands are narrower than ingest's, for recall:
    a pair at the threshold is missed with probability 5e-8.
    """
    from threadline.resolve.duplicates import NUM_PERM, signature

    ids = list(texts)
    bands, rows = SYNDICATION_BANDS
    assert bands * rows <= NUM_PERM
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for i, doc_id in enumerate(ids):
        shingle_set = shingles(texts[doc_id], size)
        if not shingle_set:  # an empty text is no one's copy
            continue
        sig = np.asarray(signature(shingle_set), dtype="<u4")
        for band in range(bands):
            buckets[(band, sig[band * rows:(band + 1) * rows].tobytes())].append(i)
    later: dict[int, set[int]] = defaultdict(set)  # i -> the later texts sharing a band with it
    for members in buckets.values():
        for k, i in enumerate(members):
            later[i].update(members[k + 1:])
    cache: dict[int, frozenset[str]] = {}

    def shingles_of(i: int) -> frozenset[str]:
        if i not in cache:
            cache[i] = shingles(texts[ids[i]], size)
        return cache[i]

    groups: dict[str, str] = {}
    for i, a in enumerate(ids):
        if a in groups:
            continue
        groups[a] = a
        for j in sorted(later.get(i, ())):
            b = ids[j]
            if b not in groups and _copies(shingles_of(i), shingles_of(j), threshold):
                groups[b] = a
                cache.pop(j, None)  # a copy is never compared again
        cache.pop(i, None)
    return groups


def exact_syndication_groups(texts: dict[str, str], threshold: float = THRESHOLD, size: int = SIZE) -> dict[str, str]:
    """What :func:`syndication_groups` gives, by comparing every pair: quadratic, for tests and measurements."""
    sets = {doc_id: shingles(text, size) for doc_id, text in texts.items()}
    groups: dict[str, str] = {}
    ids = list(texts)
    for i, a in enumerate(ids):
        if a in groups:
            continue
        groups[a] = a
        for b in ids[i + 1:]:
            if b not in groups and _copies(sets[a], sets[b], threshold):
                groups[b] = a
    return groups


def _copies(sa: frozenset[str], sb: frozenset[str], threshold: float) -> bool:
    if min(len(sa), len(sb)) < threshold * max(len(sa), len(sb)):  # Jaccard <= smaller / larger
        return False
    return bool(sa and sb) and similarity(sa, sb) >= threshold
