"""The evidence graph as GEXF 1.3 (Gephi) and GraphML (Cytoscape, yEd), built with networkx.

Nodes are the canonical entities: ``label`` (name), ``type``, ``country``,
``kind``, ``aliases``. Edges are the links of the
:class:`~threadline.analyse.graph.EvidenceGraph`, one per (source, target,
kind, label), directed from subject or claimant to object or the entity a
claim is about: ``kind`` (relation or claim), ``label`` (the predicate or
stance; Gephi shows it), ``predicate`` and ``stance`` (one of them empty),
``sources`` (independent sources), ``documents``, ``facts``, ``grade``,
``score`` (also as ``weight``), ``contested``, ``accepted``, ``first_seen`` and
``last_seen`` (publication dates), and the first piece of evidence:
``sentence``, ``title``, ``publisher``, ``date``, ``date_source`` (where that date came from), ``url``.

Edge ids are the stable link ids (``link-…``, as in ``edges.csv``), so a
link keeps its id from one export to the next. Missing values are empty
strings: both formats need one type per attribute.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import networkx as nx

from threadline.analyse.graph import EvidenceGraph, Link
from threadline.publish.exporters import PublicIds, open_output, provenance

if TYPE_CHECKING:
    from threadline.analyse.snapshot import Snapshot


def build_graph(snapshot: Snapshot) -> nx.MultiDiGraph:
    """A networkx multigraph of entities and evidence links, keyed by public ids."""
    ids = PublicIds(snapshot)
    evidence = EvidenceGraph(snapshot)
    g = nx.MultiDiGraph()
    for e in snapshot.entities.values():
        g.add_node(ids.entity(e.id), label=e.name, type=e.type, country=e.country or "", kind=e.kind or "",
                   aliases=" | ".join(e.aliases))
    for link in sorted(evidence.links.values(), key=lambda l: (l.source, l.target, l.kind, l.label)):
        source, target = ids.entity(link.source), ids.entity(link.target)
        g.add_edge(source, target, key=ids.link(link.source, link.target, link.kind, link.label),
                   **edge_attributes(snapshot, link))  # the key is the link id: the edge id in every format
    return g


def edge_attributes(snapshot: Snapshot, link: Link) -> dict[str, Any]:
    first = min(link.facts, key=lambda f: (_date(snapshot, f.doc_id) or "9999", f.doc_id, f.start))
    dates = sorted(d for d in (_date(snapshot, doc) for doc in link.documents) if d)
    where = provenance(snapshot.documents.get(first.doc_id))
    return {
        "kind": link.kind,
        "label": link.label,
        "predicate": link.label if link.kind == "relation" else "",
        "stance": link.label if link.kind == "claim" else "",
        "sources": link.independent,
        "documents": len(link.documents),
        "facts": len(link.facts),
        "grade": link.grade,
        "score": float(link.score),
        "weight": float(link.score),
        "contested": bool(link.contested),
        "accepted": bool(link.accepted),
        "first_seen": dates[0] if dates else "",
        "last_seen": dates[-1] if dates else "",
        "sentence": first.sentence,
        "title": where["title"],
        "publisher": where["publisher"],
        "date": where["date"],
        "date_source": where["date_source"],  # front matter, page metadata, dateline, ...: where "date" came from
        "url": where["url"],
    }


def _date(snapshot: Snapshot, doc_id: str) -> str | None:
    doc = snapshot.documents.get(doc_id)
    return doc.published if doc is not None else None


def _counts(g: nx.MultiDiGraph) -> dict[str, int]:
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


def export_gexf(snapshot: Snapshot, path: str | os.PathLike[str]) -> dict[str, int]:
    """Write GEXF 1.3 (Gephi); returns node and edge counts."""
    from threadline.publish.exporters.gexf import write_gexf

    g = build_graph(snapshot)
    with open_output(path, binary=True) as out:
        write_gexf(g, out)
    return _counts(g)


def export_graphml(snapshot: Snapshot, path: str | os.PathLike[str]) -> dict[str, int]:
    """Write GraphML (Cytoscape, yEd); returns node and edge counts."""
    g = build_graph(snapshot)
    with open_output(path, binary=True) as out:
        nx.write_graphml(g, out, named_key_ids=True)
    return _counts(g)
