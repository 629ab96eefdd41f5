"""Views of the evidence graph for pictures: a bounded subgraph as nodes and edges, and paths.

Pure functions of an :class:`EvidenceGraph`; the web workbench draws what they return.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from threadline.analyse.graph import EvidenceGraph, Link, Path
from threadline.analyse.snapshot import SEntity


def node(entity: SEntity, degree: int = 0) -> dict[str, Any]:
    return {"id": entity.id, "name": entity.name, "type": entity.type, "country": entity.country,
            "kind": entity.kind, "protected": entity.protected, "degree": degree}


def edge(link: Link) -> dict[str, Any]:
    statuses = {f.status for f in link.facts}
    status = "accepted" if "accepted" in statuses else ("machine" if "machine" in statuses else "rejected")
    return {"id": f"{link.source}|{link.target}|{link.kind}|{link.label}", "source": link.source, "target": link.target,
            "kind": link.kind, "label": link.label, "score": link.score, "independent": link.independent,
            "grade": link.grade, "contested": link.contested, "status": status, "facts": len(link.facts)}


def subgraph(graph: EvidenceGraph, focus: Iterable[str] = (), depth: int = 1, types: Iterable[str] | None = None,
             stances: Iterable[str] | None = None, statuses: Iterable[str] | None = None, since: str | None = None,
             until: str | None = None, limit: int = 300) -> dict[str, Any]:
    """Nodes and edges around ``focus`` (within ``depth`` hops), or the best-connected part of the whole graph.

    At most ``limit`` nodes: the focus first, then by degree; ``truncated`` says whether any were left out.
    """
    types = set(types or ())
    keep = graph.link_filter(stances, statuses, since, until)
    focus = [f for f in dict.fromkeys(focus) if f in graph.snap.entities]
    if focus:
        links: list[Link] = []
        seen_links: set[int] = set()
        for f in focus:
            for link in graph.neighbours(f, depth=depth, types=types or None, stances=stances, statuses=statuses,
                                         since=since, until=until):
                if id(link) not in seen_links:
                    seen_links.add(id(link))
                    links.append(link)
    else:
        links = [l for l in graph.links.values() if keep(l) and (not types or (
            graph.snap.entities[l.source].type in types and graph.snap.entities[l.target].type in types))]
    degree: dict[str, int] = {}
    for link in links:
        for end in (link.source, link.target):
            degree[end] = degree.get(end, 0) + 1
    ranked = sorted(degree, key=lambda n: (n not in focus, -degree[n], graph.snap.entities[n].name))
    chosen = set(focus) | set(ranked[: max(limit - len(focus), 0)])
    nodes = [node(graph.snap.entities[n], degree.get(n, 0)) for n in [*focus, *[r for r in ranked if r not in focus]] if n in chosen]
    edges = [edge(l) for l in links if l.source in chosen and l.target in chosen]
    return {"nodes": nodes, "edges": edges, "truncated": len(degree.keys() | set(focus)) > len(chosen)}


def path_view(path: Path | None) -> dict[str, Any] | None:
    """A path as its node ids in order plus each hop's link, for highlighting."""
    if path is None:
        return None
    nodes = [path.hops[0].source] + [h.target for h in path.hops] if path.hops else []
    return {"nodes": [node(e) for e in nodes], "edges": [edge(h.link) for h in path.hops], "strength": path.strength,
            "hops": [{"from": h.source.name, "to": h.target.name, "forward": h.forward, "kind": h.link.kind,
                      "label": h.link.label, "independent": h.link.independent} for h in path.hops]}


def link_evidence(graph: EvidenceGraph, a: str, b: str) -> list[dict[str, Any]]:
    """Every link between two entities (either direction) with its facts, sources and quotes."""
    out = []
    for link in graph.links.values():
        if {link.source, link.target} != {a, b} and not (a == b == link.source == link.target):
            continue
        facts = []
        for f in link.facts:
            doc = graph.snap.documents.get(f.doc_id)
            facts.append({"id": f.id, "sentence": f.sentence, "text": f.text, "status": f.status, "doc_id": f.doc_id,
                          "title": doc.title if doc else None, "publisher": doc.publisher if doc else None,
                          "published": doc.published if doc else None, "url": doc.url if doc else None,
                          "grade": doc.grade if doc else None})
        out.append({**edge(link), "source_name": graph.snap.entities[link.source].name,
                    "target_name": graph.snap.entities[link.target].name, "evidence": facts})
    return sorted(out, key=lambda l: -l["score"])
