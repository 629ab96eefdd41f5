"""GEXF 1.3 for Gephi, written here because networkx writes only the 1.1 and 1.2 drafts.

The output validates against the official GEXF 1.3 schema (the tests check it
with the XSD): no ``name`` on ``<graph>``, typed attribute declarations, and
edge ids taken from the multigraph's keys, which are the stable link ids.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any
from xml.etree.ElementTree import Element, ElementTree, SubElement

import networkx as nx

from threadline import __version__

NS = "http://gexf.net/1.3"


def _type(values: list[Any]) -> str:
    """The GEXF type of one attribute; bool before int, since a bool is an int in Python."""
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _declare(graph: Element, klass: str, rows: list[dict[str, Any]], skip: set[str]) -> list[str]:
    names = sorted({k for row in rows for k in row if k not in skip})
    block = SubElement(graph, "attributes", {"class": klass, "mode": "static"})
    for name in names:
        kind = _type([row[name] for row in rows if name in row])
        SubElement(block, "attribute", {"id": name, "title": name, "type": kind})
    return names


def _values(parent: Element, names: list[str], data: dict[str, Any]) -> None:
    present = [n for n in names if n in data]
    if present:
        block = SubElement(parent, "attvalues")
        for name in present:
            SubElement(block, "attvalue", {"for": name, "value": _text(data[name])})


def write_gexf(g: nx.MultiDiGraph, out: IO[bytes]) -> None:
    """Write ``g`` (nodes with a ``label``; edges keyed by id, with ``label`` and ``weight``) as GEXF 1.3."""
    root = Element("gexf", {"xmlns": NS, "version": "1.3"})
    meta = SubElement(root, "meta", {"lastmodifieddate": dt.date.today().isoformat()})
    SubElement(meta, "creator").text = f"Threadline {__version__}"
    SubElement(meta, "description").text = "Evidence graph: entities, and the relations and claims between them"
    graph = SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    node_rows = [d for _, d in g.nodes(data=True)]
    edge_rows = [d for _, _, d in g.edges(data=True)]
    node_names = _declare(graph, "node", node_rows, {"label"})
    edge_names = _declare(graph, "edge", edge_rows, {"weight"})
    nodes = SubElement(graph, "nodes", {"count": str(g.number_of_nodes())})
    for node, data in g.nodes(data=True):
        element = SubElement(nodes, "node", {"id": str(node), "label": str(data.get("label", node))})
        _values(element, node_names, data)
    edges = SubElement(graph, "edges", {"count": str(g.number_of_edges())})
    for source, target, key, data in g.edges(keys=True, data=True):
        attrs = {"id": str(key), "source": str(source), "target": str(target)}
        if data.get("label"):
            attrs["label"] = str(data["label"])
        if "weight" in data:
            attrs["weight"] = repr(float(data["weight"]))
        element = SubElement(edges, "edge", attrs)
        _values(element, edge_names, data)
    ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
