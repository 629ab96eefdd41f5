"""Exports as other tools meet them: GEXF against the official 1.3 schema, ids that stay put and combine,
and each format read back by its own library (lxml, networkx, igraph, pandas, followthemoney's ``ftm``).

The GEXF 1.3 XSD in ``gexf-1.3/`` is the Gephi project's, vendored with its licence (see SOURCE there).
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from test_exports import read_ftm, small_snapshot

from threadline.analyse.graph import EvidenceGraph
from threadline.analyse.snapshot import SEvent, Snapshot
from threadline.api import Workspace
from threadline.publish.exporters import PublicIds, export
from threadline.store import SQLiteStore

XSD = Path(__file__).parent / "gexf-1.3" / "gexf.xsd"


@pytest.fixture(scope="module")
def gexf_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def link_ids(snap: Snapshot) -> set[str]:
    ids = PublicIds(snap)
    return {ids.link(l.source, l.target, l.kind, l.label) for l in EvidenceGraph(snap).links.values()}


# -- GEXF -----------------------------------------------------------------------------------------

def test_schema_is_the_official_one(gexf_schema: etree.XMLSchema) -> None:
    """The vendored XSD really checks: a 1.2-style file with <graph name=...> is refused."""
    bad = (b'<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph name="x" defaultedgetype="directed">'
           b'<nodes/><edges/></graph></gexf>')
    assert not gexf_schema.validate(etree.fromstring(bad))
    assert "name" in str(gexf_schema.error_log)


def test_gexf_validates_and_edges_carry_link_ids(tmp_path: Path, gexf_schema: etree.XMLSchema) -> None:
    snap = small_snapshot()
    export(snap, "gexf", tmp_path / "g.gexf")
    doc = etree.parse(str(tmp_path / "g.gexf"))
    assert gexf_schema.validate(doc), gexf_schema.error_log
    ns = {"g": "http://gexf.net/1.3"}
    edge_ids = [e.get("id") for e in doc.iterfind(".//g:edge", ns)]
    assert sorted(edge_ids) == sorted(link_ids(snap)) and all(i.startswith("link-") for i in edge_ids)
    g = nx.read_gexf(tmp_path / "g.gexf")  # networkx's own GEXF 1.3 reader
    assert g.number_of_nodes() == 6 and g.number_of_edges() == len(edge_ids)
    assert {d["id"] for _, _, d in g.edges(data=True)} == set(edge_ids)
    alleges = next(d for u, v, d in g.edges(data=True) if (u, v, d["label"]) == ("ent-ngo", "ent-assoc", "alleges"))
    assert alleges["contested"] is True and alleges["sources"] == 1 and alleges["weight"] > 0


def test_link_ids_are_the_same_in_every_format(tmp_path: Path) -> None:
    snap = small_snapshot()
    for fmt in ("gexf", "graphml", "csv"):
        export(snap, fmt, tmp_path / fmt)
    gexf = {d["id"] for _, _, d in nx.read_gexf(tmp_path / "gexf").edges(data=True)}
    graphml = {k for _, _, k in nx.read_graphml(tmp_path / "graphml", force_multigraph=True).edges(keys=True)}
    rows = {r["id"] for r in csv.DictReader((tmp_path / "csv" / "edges.csv").open(encoding="utf-8"))}
    assert gexf == graphml == rows == link_ids(snap)


def test_graphml_reads_back_in_igraph(tmp_path: Path) -> None:
    igraph = pytest.importorskip("igraph")
    snap = small_snapshot()
    export(snap, "graphml", tmp_path / "g.graphml")
    g = igraph.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    assert g.is_directed() and g.vcount() == 6 and g.ecount() == len(EvidenceGraph(snap).links)
    names = dict(zip(g.vs["id"], g.vs["label"]))
    assert names["ent-li"] == "Li Ming"
    ids = g.vs["id"]
    edges = {(ids[e.source], ids[e.target], e["label"]): e for e in g.es}
    assert set(edges) == {(l.source, l.target, l.label) for l in EvidenceGraph(snap).links.values()}
    alleges = edges[("ent-ngo", "ent-assoc", "alleges")]
    assert alleges["contested"] is True and alleges["kind"] == "claim" and alleges["weight"] > 0


# -- CSV ------------------------------------------------------------------------------------------

def test_events_csv_keeps_both_dates(tmp_path: Path) -> None:
    """When it happened and when it was said are two named columns, read back by pandas."""
    pd = pytest.importorskip("pandas")
    snap = small_snapshot()
    snap.events.append(SEvent("evt-2", "The office opened", "2021-03", "month", False, ("ent-assoc",), "doc-1",
                              snap.documents["doc-1"].text))
    export(snap, "csv", tmp_path / "csv")
    events = pd.read_csv(tmp_path / "csv" / "events.csv", dtype=str, keep_default_na=False).set_index("event_id")
    assert list(events.columns).count("date") == 0
    assert events.loc["evt-1", "event_date"] == "2023-03-03" and events.loc["evt-1", "document_date"] == "2023-02-01"
    assert events.loc["evt-2", "event_date"] == "2021-03" and events.loc["evt-2", "document_date"] == "2023-01-01"
    assert events.loc["evt-2", "precision"] == "month"
    for stem in ("nodes", "edges", "claims", "relations"):
        frame = pd.read_csv(tmp_path / "csv" / f"{stem}.csv", dtype=str, keep_default_na=False)
        assert len(set(frame.columns)) == len(frame.columns), stem  # no column named twice
    edges = pd.read_csv(tmp_path / "csv" / "edges.csv", dtype=str, keep_default_na=False)
    assert set(edges["id"]) == link_ids(snap)


# -- FollowTheMoney -------------------------------------------------------------------------------

def ftm_aggregate(*paths: Path, out: Path) -> list[dict]:
    """Combine exports with followthemoney's own ``ftm aggregate``."""
    joined = out.with_suffix(".in")
    joined.write_text("".join(p.read_text("utf-8") for p in paths), "utf-8")
    ftm = Path(sys.executable).with_name("ftm")
    subprocess.run([str(ftm), "aggregate", "-i", str(joined), "-o", str(out)], check=True, timeout=120)
    return [json.loads(line) for line in out.read_text("utf-8").splitlines() if line.strip()]


def test_ftm_ids_are_signed_per_investigation(tmp_path: Path) -> None:
    one, other = small_snapshot(), small_snapshot()
    one.namespace, other.namespace = "key-of-one", "key-of-other"
    export(one, "ftm", tmp_path / "one.json")
    export(other, "ftm", tmp_path / "other.json")
    export(one, "ftm", tmp_path / "again.json")
    a, b = read_ftm(tmp_path / "one.json"), read_ftm(tmp_path / "other.json")
    assert set(a) == set(read_ftm(tmp_path / "again.json"))  # stable from one export to the next
    assert not set(a) & set(b)  # the same names in two investigations are two entities
    plain = {i.rsplit("-", 1)[0] for i in a}
    assert plain == {i.rsplit("-", 1)[0] for i in b} and "ent-li" in plain  # the store's id, then the signature
    li = next(p for i, p in a.items() if i.startswith("ent-li-"))
    link = next(p for p in a.values() if p.schema.name == "Employment")
    assert link.get("employee") == [li.id]  # references are signed too, so each export is whole
    combined = ftm_aggregate(tmp_path / "one.json", tmp_path / "other.json", out=tmp_path / "both.json")
    assert len(combined) == len(a) + len(b)  # nothing fused across investigations
    same = ftm_aggregate(tmp_path / "one.json", tmp_path / "again.json", out=tmp_path / "same.json")
    assert len(same) == len(a)  # everything fused with itself


@pytest.mark.model
def test_ftm_namespace_lives_in_the_store(stored_corpus: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    shutil.copy(stored_corpus, first)
    shutil.copy(stored_corpus, second)
    with Workspace(first) as ws:
        ws.export("ftm", tmp_path / "a1.json")
        ws.export("ftm", tmp_path / "a2.json")
        key = ws.store.namespace_key()
    with Workspace(second) as ws:
        ws.export("ftm", tmp_path / "b.json")
        assert ws.store.namespace_key() != key
    a1, a2, b = (read_ftm(tmp_path / n) for n in ("a1.json", "a2.json", "b.json"))
    assert set(a1) == set(a2) and not set(a1) & set(b)
    embassies = [p for p in b.values() if p.schema.name in ("PublicBody", "Organization")]
    assert embassies and all(p.id not in a1 for p in embassies)
    combined = ftm_aggregate(tmp_path / "a1.json", tmp_path / "b.json", out=tmp_path / "ab.json")
    assert len(combined) == len(a1) + len(b)
    # migrate copies the key, so a moved investigation keeps its ids
    from threadline.store.transfer import migrate

    moved = tmp_path / "moved.db"
    assert migrate(str(first), str(moved)).ok
    with SQLiteStore(moved) as store:
        assert store.namespace_key() == key
