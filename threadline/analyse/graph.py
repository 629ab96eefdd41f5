"""The evidence graph: entities as nodes, relations and claims as links, each link carrying
its evidence and a strength (independent sources, source grade, stance, review status)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from threadline.analyse.snapshot import Fact, SEntity, Snapshot
from threadline.analyse.sources import SourceGrader, syndication_groups
from threadline.model import SCHEMA


@dataclass
class Link:
    """All facts that tie ``source`` to ``target`` with one label (predicate or stance)."""

    source: str
    target: str
    kind: str
    label: str
    facts: list[Fact] = field(default_factory=list)
    independent: int = 0
    grade: str = "news"
    score: float = 0.0
    contested: bool = False

    @property
    def accepted(self) -> bool:
        return any(f.status == "accepted" for f in self.facts)

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(f.doc_id for f in self.facts))


@dataclass(frozen=True)
class Hop:
    source: SEntity
    target: SEntity
    link: Link
    forward: bool  # False when the path walks the link against its direction


@dataclass(frozen=True)
class Path:
    hops: tuple[Hop, ...]

    @property
    def strength(self) -> float:
        return min((h.link.score for h in self.hops), default=0.0)


class EvidenceGraph:
    def __init__(self, snapshot: Snapshot):
        self.snap = snapshot
        self.grader = SourceGrader()
        self.groups = syndication_groups({d.id: d.text for d in snapshot.documents.values()})
        self.links: dict[tuple[str, str, str, str], Link] = {}
        for fact in snapshot.facts:
            if fact.source is None or fact.target is None or fact.source == fact.target:
                continue
            key = (fact.source, fact.target, fact.kind, fact.label)
            self.links.setdefault(key, Link(fact.source, fact.target, fact.kind, fact.label)).facts.append(fact)
        denied = {(l.source, l.target) for l in self.links.values() if l.kind == "claim" and l.label == "denies"}
        denier_of = defaultdict(set)
        for src, tgt in denied:
            denier_of[tgt].add(src)
        for link in self.links.values():
            self._weigh(link)
            if link.kind == "claim" and link.label == "alleges":
                link.contested = bool(denier_of.get(link.target)) or link.target in {s for s, _ in denied}

    def _weigh(self, link: Link) -> None:
        docs = link.documents
        link.independent = len({self.groups.get(d, d) for d in docs})
        grades = [self.snap.documents[d].grade for d in docs if d in self.snap.documents]
        link.grade = max(grades, key=self.grader.rank) if grades else "news"
        stance = SCHEMA.stances.get(link.label, {}).get("rank", 2) if link.kind == "claim" else 2
        link.score = round(link.independent + self.grader.rank(link.grade) / 5 + 0.5 * stance + (1.0 if link.accepted else 0.0), 3)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        for e in self.snap.entities.values():
            g.add_node(e.id)
        for key, link in self.links.items():
            g.add_edge(link.source, link.target, key=key, link=link)
        return g

    @cached_property
    def simple(self) -> nx.Graph:
        """Undirected, one edge per pair, weighted for best-evidenced paths (lower = better evidenced)."""
        g = nx.Graph()
        g.add_nodes_from(self.graph.nodes)
        for u, v, data in self.graph.edges(data=True):
            link = data["link"]
            if link.label == "denies":
                continue  # a denial is not a tie
            best = g.get_edge_data(u, v)
            if best is None or best["score"] < link.score:
                g.add_edge(u, v, score=link.score, weight=1.0 / max(link.score, 0.1), link=link)
        return g

    # -- queries ---------------------------------------------------------------------

    def _hops(self, nodes: list[str]) -> Path:
        hops = []
        for u, v in zip(nodes, nodes[1:]):
            link = self.simple[u][v]["link"]
            hops.append(Hop(self.snap.entities[u], self.snap.entities[v], link, link.source == u))
        return Path(tuple(hops))

    def paths(self, a: str, b: str, max_hops: int = 4) -> dict[str, Path | None]:
        """The shortest path (fewest hops) and the best-evidenced one (strongest weakest link), within ``max_hops``."""
        out: dict[str, Path | None] = {"shortest": None, "best_evidenced": None}
        if a not in self.simple or b not in self.simple:
            return out
        try:
            shortest = nx.bidirectional_shortest_path(self.simple, a, b)
        except nx.NetworkXNoPath:
            return out
        if len(shortest) - 1 <= max_hops:
            out["shortest"] = self._hops(shortest)
        widest = self._widest(a, b, max_hops)
        if widest:
            out["best_evidenced"] = self._hops(widest)
        return out

    @cached_property
    def _strongest_tree(self) -> tuple[dict[str, str | None], dict[str, int]]:
        """Maximum spanning forest by link strength, as parent pointers and depths.

        In an undirected graph the path between two nodes in this forest is a path
        whose weakest link is as strong as any path's (the widest path), so a query
        is a walk up the tree instead of a search.
        """
        forest = nx.maximum_spanning_tree(self.simple, weight="score")
        parent: dict[str, str | None] = {}
        depth: dict[str, int] = {}
        for root in forest.nodes:
            if root in parent:
                continue
            parent[root], depth[root] = None, 0
            for u, v in nx.bfs_edges(forest, root):
                parent[v], depth[v] = u, depth[u] + 1
        return parent, depth

    def _tree_path(self, a: str, b: str) -> list[str] | None:
        parent, depth = self._strongest_tree
        left, right = [a], [b]
        while left[-1] != right[-1]:
            x, y = left[-1], right[-1]
            if depth[x] >= depth[y] and parent[x] is not None:
                left.append(parent[x])  # type: ignore[arg-type]
            elif parent[y] is not None:
                right.append(parent[y])  # type: ignore[arg-type]
            else:
                return None  # different trees: not connected
        return left + right[-2::-1]

    def _widest(self, a: str, b: str, max_hops: int) -> list[str] | None:
        """The path whose weakest link is strongest, within ``max_hops``.

        The maximum spanning forest gives the widest path directly when it is short
        enough; otherwise the fewest-hop path stands in (a full hop-bounded search
        costs seconds on large graphs).
        """
        tree = self._tree_path(a, b)
        if tree is None:
            return None
        if len(tree) - 1 <= max_hops:
            return tree
        nodes = nx.bidirectional_shortest_path(self.simple, a, b)
        return nodes if len(nodes) - 1 <= max_hops else None

    def neighbours(self, x: str, depth: int = 1, types: Iterable[str] | None = None, stances: Iterable[str] | None = None,
                   statuses: Iterable[str] | None = None, since: str | None = None, until: str | None = None,
                   sources: Iterable[str] | None = None) -> list[Link]:
        """Links within ``depth`` hops of ``x``, filtered by entity type, stance, review status, date and source."""
        types = set(types or ())
        keep = self.link_filter(stances, statuses, since, until, sources)
        seen, frontier, out, listed = {x}, {x}, [], set()
        for _ in range(max(1, depth)):
            nxt = set()
            for node in frontier:
                for u, v, data in list(self.graph.out_edges(node, data=True)) + list(self.graph.in_edges(node, data=True)):
                    link = data["link"]
                    other = v if u == node else u
                    if types and self.snap.entities[other].type not in types:
                        continue
                    if id(link) in listed or not keep(link):
                        continue
                    listed.add(id(link))
                    out.append(link)
                    if other not in seen:
                        seen.add(other)
                        nxt.add(other)
            frontier = nxt
        return out

    def link_filter(self, stances: Iterable[str] | None = None, statuses: Iterable[str] | None = None,
                    since: str | None = None, until: str | None = None,
                    sources: Iterable[str] | None = None) -> Callable[[Link], bool]:
        """A test for links: claims of one of ``stances`` (relations drop out when stances are given),
        with at least one fact in ``statuses``, published within the dates, from one of ``sources``."""
        stance_set, status_set = set(stances or ()), set(statuses or ())
        source_set = {s.casefold() for s in sources or ()}

        def keep(link: Link) -> bool:
            if stance_set and (link.kind != "claim" or link.label not in stance_set):
                return False
            return any(self._fact_ok(f, status_set, since, until, source_set) for f in link.facts)

        return keep

    def _fact_ok(self, f: Fact, statuses: set[str], since: str | None, until: str | None, sources: set[str]) -> bool:
        doc = self.snap.documents.get(f.doc_id)
        date = (doc.published or "") if doc else ""
        if statuses and f.status not in statuses:
            return False
        if since and (not date or date < since):
            return False
        if until and (not date or date[: len(until)] > until):
            return False
        if sources and doc is not None:
            names = {(doc.publisher or "").casefold(), (doc.title or "").casefold(), (doc.path or "").casefold()}
            if not any(s in n for s in sources for n in names):
                return False
        return True

    def rank(self, by: str = "degree", type_: str | None = None, limit: int = 20) -> list[tuple[SEntity, float]]:
        g = self.simple
        if by == "degree":
            scores = dict(nx.degree_centrality(g))
        elif by == "betweenness":
            scores = nx.betweenness_centrality(g, k=min(500, len(g)) if len(g) > 500 else None, seed=7)
        elif by == "pagerank":
            scores = nx.pagerank(g, weight="score") if g.number_of_edges() else {n: 0.0 for n in g}
        else:
            raise ValueError(f"unknown centrality {by!r}")
        ranked = [(self.snap.entities[n], round(s, 4)) for n, s in scores.items()
                  if not type_ or self.snap.entities[n].type == type_]
        return sorted(ranked, key=lambda kv: (-kv[1], kv[0].name))[:limit]

    def communities(self, min_size: int = 2) -> list[list[SEntity]]:
        g = self.simple.subgraph([n for n in self.simple if self.simple.degree(n) > 0])
        if g.number_of_edges() == 0:
            return []
        parts = nx.community.louvain_communities(g, weight="score", seed=7)
        out = [sorted((self.snap.entities[n] for n in part), key=lambda e: e.name) for part in parts if len(part) >= min_size]
        return sorted(out, key=len, reverse=True)
