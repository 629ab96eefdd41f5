"""Cluster entities into canonical ones: judgements first, then the strongest machine matches.

Positive judgements always join; negative ones (not-same, split) always keep
apart; the scorer only acts where no judgement speaks. Pairs the scorer is
unsure of go to a review list instead of merging.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass

from threadline.model import SCHEMA
from threadline.model.names import fold
from threadline.model.resolution import Record, Resolution, ReviewPair
from threadline.resolve.blocking import candidate_pairs
from threadline.resolve.compare import MatchResult, compare
from threadline.resolve.compare import score as pair_score
from threadline.resolve.judgements import Decision, Judgement


class _Clusters:
    def __init__(self, ids: list[str], order: dict[str, int]):
        self.root = {i: i for i in ids}
        self.members = {i: [i] for i in ids}
        self.order = order  # lower = older; the oldest member names the cluster
        self.cannot: dict[str, set[str]] = {}
        self.weakest: dict[str, float] = {i: 1.0 for i in ids}
        self.coherent: dict[tuple[str, str, int, int], bool] = {}

    def find(self, x: str) -> str:
        while self.root[x] != x:
            self.root[x] = self.root[self.root[x]]
            x = self.root[x]
        return x

    def forbid(self, x: str, y: str) -> None:
        self.cannot.setdefault(x, set()).add(y)
        self.cannot.setdefault(y, set()).add(x)

    def allowed(self, x: str, y: str) -> bool:
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return True
        small, big = sorted((rx, ry), key=lambda r: len(self.members[r]))
        big_members = set(self.members[big])
        return not any(self.cannot.get(m, set()) & big_members for m in self.members[small])

    def join(self, x: str, y: str, score: float) -> bool:
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return False
        keep, gone = sorted((rx, ry), key=lambda r: self.order.get(r, 0))
        self.root[gone] = keep
        self.members[keep].extend(self.members.pop(gone))
        self.weakest[keep] = min(self.weakest[keep], self.weakest.pop(gone), score)
        return True


def _coherent(clusters: _Clusters, by_id: dict[str, Record], x: str, y: str, cap: int = 6) -> bool:
    """No chaining: joining two clusters must not put two plainly different names together.

    "Wong" reads as Wang or Huang; without this check Wang ~ Wong ~ Huang would chain.
    Only loose matches (across romanisations, or with a slip) are checked: they are the ones that chain.
    Up to ``cap`` members a side are compared; a cross pair scoring zero vetoes the join.
    """
    rx, ry = clusters.find(x), clusters.find(y)
    left, right = clusters.members[rx][:cap], clusters.members[ry][:cap]
    if len(left) == 1 and len(right) == 1:
        return True
    # members only ever grow at the end: while both sizes stay, the answer does too (many pairs join the same two)
    seen = (rx, ry, len(clusters.members[rx]), len(clusters.members[ry]))
    if seen not in clusters.coherent:
        clusters.coherent[seen] = all(pair_score(by_id[a], by_id[b]) > 0 for a in left for b in right)
    return clusters.coherent[seen]


@dataclass(frozen=True)
class Reference:
    """An entity of an imported reference set (``import-ftm``): the names it is known by."""

    label: str
    type: str | None  # None: a schema no entity type lists (it is then no person)
    names: tuple[str, ...]


REFERENCE_SCORE = 0.95


def _reference_pairs(records: list[Record], references: Iterable[Reference]) -> list[tuple[float, str, str, MatchResult]]:
    """Records that a reference entity lists under different names ("Carrie Lam", "Lam Cheng Yuet-ngor") join.

    Only names that identify on their own count (not a bare surname), and only
    within one type family (people with people, bodies with bodies).
    """
    people = SCHEMA.person_types
    by_name: dict[tuple[bool, str], list[str]] = {}  # (of people?, folded name) -> records
    for record in records:
        person = record.type in people
        for name in record.telling:
            if not person or len(name.split()) > 1:
                by_name.setdefault((person, name), []).append(record.id)
    out = []
    for ref in references:
        person = ref.type in people
        hits = list(dict.fromkeys(i for n in ref.names for i in by_name.get((person, fold(n, articles=not person)), ())))
        for other in hits[1:]:
            why = f"both named by reference entity {ref.label}"
            out.append((REFERENCE_SCORE, hits[0], other, MatchResult(REFERENCE_SCORE, (why,))))
    return out


def resolve(records: list[Record], decisions: Iterable[Decision] = (), max_block: int = 50,
            references: Iterable[Reference] = ()) -> Resolution:
    """Cluster records; ``records`` come oldest first, so canonical ids stay stable as data grows."""
    # millions of small, long-lived objects: the cyclic GC would rescan them again and again
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _resolve(records, decisions, max_block, references)
    finally:
        if enabled:
            gc.enable()


def _resolve(records: list[Record], decisions: Iterable[Decision], max_block: int,
             references: Iterable[Reference] = ()) -> Resolution:
    ids = [r.id for r in records]
    known = set(ids)
    by_id = {r.id: r for r in records}
    clusters = _Clusters(ids, {r.id: i for i, r in enumerate(records)})
    out = Resolution()
    judged: set[frozenset[str]] = set()
    decisions = list(decisions)
    for d in decisions:
        for x, y in d.pairs():
            judged.add(frozenset((x, y)))
            if d.judgement in (Judgement.NEGATIVE, Judgement.SPLIT) and x in known and y in known:
                clusters.forbid(x, y)
    for d in decisions:
        if d.judgement is Judgement.POSITIVE and d.a in known and d.b in known and clusters.allowed(d.a, d.b):
            out.merged_by_judgement += clusters.join(d.a, d.b, 1.0)
    scored: list[tuple[float, str, str, MatchResult]] = []
    for i, j in candidate_pairs(records, max_block=max_block):
        a, b = records[i], records[j]
        out.compared += 1
        result = compare(a, b)
        if result.score >= 0.0 and (result.same or result.uncertain):
            scored.append((result.score, a.id, b.id, result))
    scored.extend(_reference_pairs(records, references))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    for score, x, y, result in scored:
        if frozenset((x, y)) in judged:
            out.refused += result.same and clusters.find(x) != clusters.find(y)
            continue
        if result.same:
            loose = any("across romanisations" in e or "slip" in e or "compatible" in e for e in result.explanations)
            if clusters.allowed(x, y) and (not loose or _coherent(clusters, by_id, x, y)):
                out.merged_by_machine += clusters.join(x, y, score)
            else:
                out.refused += 1
        elif clusters.find(x) != clusters.find(y) and clusters.allowed(x, y):
            out.review.append(ReviewPair(x, y, score, result.explanations))
    for x in ids:
        root = clusters.find(x)
        out.canonical[x] = root
        out.confidence[root] = round(clusters.weakest.get(root, 1.0), 3)
    return out
