"""Exporters: every format written, then read back with its own library.

A small hand-made snapshot covers the mapping rules without a language model;
the example corpus (marked ``model``) covers real extraction output.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from followthemoney import model, registry

from threadline.analyse.graph import EvidenceGraph
from threadline.analyse.snapshot import Fact, SDocument, SEntity, SEvent, Snapshot
from threadline.api import Workspace, cross_reference
from threadline.errors import InputError
from threadline.publish.exporters import EXPORTERS, export
from threadline.resolve.reference import reference_rows

LINKS = {"UnknownLink", "Membership", "Employment", "Directorship", "Representation", "Documentation"}
FTM_OF_TYPE = {"PERSON": "Person", "ORG": "Organization", "STATE_BODY": "PublicBody", "GPE": "Address",
               "FACILITY": "Address", "LAW": "Document"}


# -- a hand-made snapshot ------------------------------------------------------------------------

def _doc(n: int, text: str) -> SDocument:
    return SDocument(f"doc-{n}", f"Title {n}", f"Publisher {n}", f"2023-0{n}-01", f"https://example.org/{n}",
                     f"/data/articles/{n}.txt", "en", "news", text)


def small_snapshot() -> Snapshot:
    ents = [
        SEntity("ent-li", "PERSON", "Li Ming", "CN", ("Ming Li", "Li"), False),
        SEntity("ent-ufwd", "STATE_BODY", "United Front Work Department", "CN", ("UFWD",), False, "party_organ"),
        SEntity("ent-assoc", "ORG", "Overseas Friendship Association", None, (), False, "association"),
        SEntity("ent-ngo", "ORG", "Safeguard Defenders", "ES", (), False, "ngo"),
        SEntity("ent-rome", "GPE", "Rome", "IT", (), False),
        SEntity("ent-law", "LAW", "National Security Law", "CN", (), False, "law"),
    ]
    s1 = "Li Ming, who leads the Overseas Friendship Association, works for the United Front Work Department."
    s2 = "=HYPERLINK(\"x\") Safeguard Defenders alleged that the association operates a station in Rome."
    s3 = "The association denied the allegation on 3 March 2023."
    s4 = "The United Front Work Department said the National Security Law applies."
    snap = Snapshot()
    snap.entities = {e.id: e for e in ents}
    snap.documents = {d.id: d for d in (_doc(1, s1), _doc(2, f"{s2} {s3} {s4}"))}
    snap.facts = [
        Fact("rel-1", "relation", "ent-li", "ent-assoc", "leads", "doc-1", s1, s1, "accepted", 0),
        Fact("rel-2", "relation", "ent-li", "ent-ufwd", "employed_by", "doc-1", s1, s1, "machine", 0),
        Fact("rel-3", "relation", "ent-assoc", "ent-rome", "located_in", "doc-2", s2, s2, "machine", 0),
        Fact("rel-4", "relation", "ent-li", "ent-ngo", "spokesperson_for", "doc-1", s1, s1, "machine", 5),
        Fact("rel-5", "relation", "ent-rome", "ent-li", "employed_by", "doc-1", s1, s1, "machine", 7),  # a place employs no one
        Fact("clm-1", "claim", "ent-ngo", "ent-assoc", "alleges", "doc-2", s2, "the association operates a station", "machine", 0),
        Fact("clm-2", "claim", "ent-assoc", "ent-ngo", "denies", "doc-2", s3, "the allegation", "machine", 90),
        Fact("clm-3", "claim", None, "ent-ufwd", "reports", "doc-2", s4, s4, "machine", 150),
        Fact("clm-4", "claim", "ent-ufwd", None, "states", "doc-2", s4, "the National Security Law applies", "machine", 150),
        Fact("clm-5", "claim", None, None, "states", "doc-2", s4, s4, "machine", 150),
    ]
    snap.events = [SEvent("evt-1", "The association denied the allegation", "2023-03-03", "day", False,
                          ("ent-assoc", "ent-rome"), "doc-2", s3)]
    return snap


def read_ftm(path: Path) -> dict[str, object]:
    proxies = {}
    for line in path.read_text("utf-8").splitlines():
        proxy = model.get_proxy(json.loads(line))
        assert proxy.id not in proxies, f"duplicate id {proxy.id}"
        proxies[proxy.id] = proxy
    return proxies


def check_ftm(proxies: dict) -> None:
    """What a FtM consumer relies on: required properties, references that resolve to the right schema."""
    for proxy in proxies.values():
        for name in proxy.schema.required:
            assert proxy.get(name), f"{proxy.schema.name} {proxy.id} lacks {name}"
        proxy.schema.validate(proxy.to_dict())
        for prop, value in proxy.itervalues():
            if prop.type == registry.entity:
                assert value in proxies, f"{proxy.id}.{prop.name} -> {value} missing"
                assert proxies[value].schema.is_a(prop.range), f"{proxy.id}.{prop.name} -> {proxies[value].schema.name}"


def by_record(proxies: dict) -> dict[str, list]:
    out: dict[str, list] = {}
    for p in proxies.values():
        for record in p.get("recordId", quiet=True):
            out.setdefault(record, []).append(p)
    return out


def test_registry_names_every_format() -> None:
    assert set(EXPORTERS) == {"ftm", "gexf", "graphml", "csv"}


def test_unknown_format_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown export format 'pdf'"):
        export(small_snapshot(), "pdf", tmp_path / "x.pdf")


def test_ftm_maps_types_and_predicates(tmp_path: Path) -> None:
    snap = small_snapshot()
    counts = export(snap, "ftm", tmp_path / "out.json")
    proxies = read_ftm(tmp_path / "out.json")
    check_ftm(proxies)
    assert counts["entities"] == len(proxies)
    assert counts["skipped"] == 1  # the claim about nothing by no one
    for e in snap.entities.values():
        assert proxies[e.id].schema.name == FTM_OF_TYPE[e.type]
    li = proxies["ent-li"]
    assert li.get("alias") == ["Ming Li"] and li.get("weakAlias") == ["Li"] and li.get("country") == ["cn"]
    assert proxies["ent-ufwd"].get("alias") == ["UFWD"] and proxies["ent-ufwd"].get("classification") == ["party_organ"]
    assert proxies["ent-rome"].get("full") == ["Rome"]
    links = by_record(proxies)
    schema = {rec: [p.schema.name for p in ps] for rec, ps in links.items()}
    assert schema["rel-1"] == ["Directorship"] and links["rel-1"][0].get("director") == ["ent-li"]
    assert schema["rel-2"] == ["Employment"] and links["rel-2"][0].get("employer") == ["ent-ufwd"]
    assert schema["rel-3"] == ["UnknownLink"] and links["rel-3"][0].get("role") == ["located_in"]
    assert schema["rel-4"] == ["Representation"] and links["rel-4"][0].get("client") == ["ent-ngo"]
    assert schema["rel-5"] == ["UnknownLink"]  # endpoints do not fit Employment: falls back, role keeps the predicate
    assert links["rel-5"][0].get("role") == ["employed_by"]
    alleges = links["clm-1"][0]
    assert alleges.schema.name == "UnknownLink" and alleges.get("role") == ["alleges"]
    assert alleges.get("subject") == ["ent-ngo"] and alleges.get("object") == ["ent-assoc"]
    assert alleges.get("summary") == ["the association operates a station"]
    voice = links["clm-3"][0]
    assert voice.schema.name == "Documentation" and voice.get("document") == ["doc-2"] and voice.get("entity") == ["ent-ufwd"]
    claimant_only = links["clm-4"][0]
    assert claimant_only.schema.name == "Documentation" and claimant_only.get("entity") == ["ent-ufwd"]
    event = links["evt-1"][0]
    assert event.schema.name == "Event" and event.get("date") == ["2023-03-03"]
    assert event.get("involved") == ["ent-assoc"] and event.get("addressEntity") == ["ent-rome"]


def test_ftm_links_carry_provenance(tmp_path: Path) -> None:
    snap = small_snapshot()
    export(snap, "ftm", tmp_path / "out.json")
    proxies = read_ftm(tmp_path / "out.json")
    sentences = {f.id: f.sentence for f in snap.facts}
    linked = [p for p in proxies.values() if p.schema.name in LINKS]
    assert len(linked) == 9
    for p in linked:
        (record,) = p.get("recordId")
        (proof,) = p.get("proof")
        doc = snap.documents[proof]
        assert proxies[proof].schema.name == "Article"
        assert p.get("sourceUrl") == [doc.url] and p.get("publisher") == [doc.publisher] and p.get("date") == [doc.published]
        assert p.get("description") == [sentences[record]]
        assert p.get("status")
    article = proxies["doc-1"]
    assert article.get("title") == ["Title 1"] and article.get("publishedAt") == ["2023-01-01"]
    assert article.get("fileName") == ["1.txt"]  # the local folder stays local
    assert not article.get("bodyText")


def test_ftm_body_text_is_optional(tmp_path: Path) -> None:
    snap = small_snapshot()
    export(snap, "ftm", tmp_path / "out.json", body_text=True)
    assert read_ftm(tmp_path / "out.json")["doc-2"].get("bodyText") == [snap.documents["doc-2"].text]


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_graph_formats_read_back(tmp_path: Path, fmt: str) -> None:
    snap = small_snapshot()
    counts = export(snap, fmt, tmp_path / f"g.{fmt}")
    g = (nx.read_gexf if fmt == "gexf" else nx.read_graphml)(tmp_path / f"g.{fmt}")
    links = EvidenceGraph(snap).links
    assert counts == {"nodes": 6, "edges": len(links)} == {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    assert g.is_directed()  # a multigraph only when some pair has two links
    assert g.nodes["ent-li"]["label"] == "Li Ming" and g.nodes["ent-li"]["type"] == "PERSON"
    assert g.nodes["ent-ufwd"]["country"] == "CN" and g.nodes["ent-assoc"]["country"] == ""
    edges = {(u, v, d["label"]): d for u, v, d in g.edges(data=True)}
    alleges = edges[("ent-ngo", "ent-assoc", "alleges")]
    assert alleges["kind"] == "claim" and alleges["stance"] == "alleges" and alleges["predicate"] == ""
    assert alleges["contested"] is True and alleges["sources"] == 1 and isinstance(alleges["score"], float)
    assert alleges["sentence"].startswith("=HYPERLINK") and alleges["url"] == "https://example.org/2"
    leads = edges[("ent-li", "ent-assoc", "leads")]
    assert leads["predicate"] == "leads" and leads["accepted"] is True and leads["grade"] == "news"
    assert leads["first_seen"] == "2023-01-01" and leads["publisher"] == "Publisher 1"


def test_csv_folder(tmp_path: Path) -> None:
    snap = small_snapshot()
    counts = export(snap, "csv", tmp_path / "out")
    rows = {stem: list(csv.DictReader((tmp_path / "out" / f"{stem}.csv").open(encoding="utf-8")))
            for stem in ("nodes", "edges", "claims", "relations", "events")}
    assert counts == {stem: len(r) for stem, r in rows.items()}
    assert counts["nodes"] == 6 and counts["edges"] == len(EvidenceGraph(snap).links)
    assert counts["claims"] == 5 and counts["relations"] == 5 and counts["events"] == 1
    claim = next(r for r in rows["claims"] if r["claim_id"] == "clm-1")
    assert claim["claimant"] == "Safeguard Defenders" and claim["stance"] == "alleges" and claim["about"] == "Overseas Friendship Association"
    assert claim["contested"] == "true"
    assert claim["title"] == "Title 2" and claim["publisher"] == "Publisher 2" and claim["date"] == "2023-02-01"
    assert claim["url"] == "https://example.org/2" and claim["file"] == "2.txt"
    assert claim["sentence"].startswith("'=HYPERLINK")  # no formula runs when opened in a spreadsheet
    li = next(r for r in rows["nodes"] if r["id"] == "ent-li")
    assert li["aliases"] == "Ming Li | Li" and li["relations"] == "4"
    relation = next(r for r in rows["relations"] if r["relation_id"] == "rel-2")
    assert relation["reading"] == "is employed by" and relation["object"] == "United Front Work Department"


def test_local_folders_stay_local(tmp_path: Path) -> None:
    snap = small_snapshot()
    for fmt in EXPORTERS:
        export(snap, fmt, tmp_path / fmt)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 8
    for path in files:
        assert "/data/articles" not in path.read_text("utf-8"), path.name


def test_csv_refuses_a_file_path(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        export(small_snapshot(), "csv", tmp_path / "taken")


def test_a_file_export_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        export(small_snapshot(), "gexf", tmp_path)


def test_xref_explains_matches(tmp_path: Path) -> None:
    ref = tmp_path / "ref.json"
    ref.write_text("\n".join(json.dumps(d) for d in [
        {"id": "p1", "schema": "Person", "properties": {"name": ["LI Ming"], "topics": ["role.pep"]}},
        {"id": "p2", "schema": "Person", "properties": {"name": ["Li Mingzhu"]}},
        {"id": "p3", "schema": "Person", "properties": {"name": ["Li Ming"], "nationality": ["cn"], "topics": ["sanction"]}},
        {"id": "p4", "schema": "Person", "properties": {"name": ["Ming Li"], "nationality": ["sg"],
                                                        "position": ["Deputy head, United Front Work Department"]}},
        {"id": "p5", "schema": "Person", "properties": {"name": ["Li Ming"], "nationality": ["ca"],
                                                        "position": ["Professor of chemistry"], "birthDate": ["1961"]}},
        {"id": "o1", "schema": "Organization", "properties": {"name": ["United Front Work Dept."], "alias": ["UFWD"], "country": ["cn"]}},
        {"id": "o2", "schema": "Company", "properties": {"name": ["Safeguard Defenders"], "country": ["gb"]}},
        {"id": "o3", "schema": "PublicBody", "properties": {"name": ["United Front Work Department"], "country": ["vn"]}},
        {"id": "s1", "schema": "Sanction", "properties": {"entity": ["p1"]}},
    ]) + "\n")
    skipped: Counter[str] = Counter()
    rows = list(reference_rows(ref.read_text().splitlines(), str(ref), "ref", skipped))
    assert [r["id"] for r in rows] == ["p1", "p2", "p3", "p4", "p5", "o1", "o2", "o3"] and skipped == {"Sanction": 1}
    matches = {(m["entity_id"], m["reference_id"]): m for m in cross_reference(small_snapshot(), rows)}
    li = matches[("ent-li", "p1")]  # the name alone: a namesake is not the person under investigation
    assert li["status"] == "possible" and not li["same"] and li["score"] >= 0.9 and li["topics"] == ["role.pep"]
    assert li["also_matches"] == [] and li["explanations"][0] == "shared name 'li ming'"
    assert "name only" in li["explanations"][-1]
    national = matches[("ent-li", "p3")]
    assert national["status"] == "same" and national["same"] and national["topics"] == ["sanction"]
    assert national["also_matches"] == ["nationality CN matches"]
    placed = matches[("ent-li", "p4")]  # Li Ming works for the UFWD (rel-2)
    assert placed["status"] == "same"
    assert placed["also_matches"] == ["position 'Deputy head, United Front Work Department' names 'united front work department'"]
    other = matches[("ent-li", "p5")]  # same name, other nationality and position; no birth date is known here
    assert other["status"] == "possible" and other["also_matches"] == []
    ufwd = matches[("ent-ufwd", "o1")]  # organisations: the country check already keeps namesakes apart
    assert ufwd["status"] == "same" and "Organization compared as STATE_BODY" in ufwd["explanations"]
    assert ("ent-li", "p2") not in matches           # another person
    assert ("ent-ngo", "o2") not in matches          # the same name in another country names another body
    assert ("ent-ufwd", "o3") not in matches


# -- the example corpus --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_snapshot(stored_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    db = tmp_path_factory.mktemp("exports") / "corpus.db"
    shutil.copy(stored_corpus, db)
    with Workspace(db) as ws:
        return ws.snapshot()


@pytest.mark.model
def test_corpus_ftm(corpus_snapshot: Snapshot, tmp_path: Path) -> None:
    snap = corpus_snapshot
    counts = export(snap, "ftm", tmp_path / "corpus.json")
    proxies = read_ftm(tmp_path / "corpus.json")
    check_ftm(proxies)
    schemata = Counter(p.schema.name for p in proxies.values())
    types = Counter(e.type for e in snap.entities.values())
    assert schemata["Person"] == types["PERSON"] > 0
    assert schemata["PublicBody"] == types["STATE_BODY"] > 0
    assert schemata["Organization"] == types["ORG"]
    assert schemata["Article"] == len(snap.documents) == 8
    assert schemata["Event"] == len(snap.events)
    assert {k: v for k, v in counts.items() if k not in ("entities", "skipped")} == dict(schemata)
    relations = [f for f in snap.facts if f.kind == "relation"]
    records = by_record(proxies)
    for f in relations:
        assert f.id in records, f"relation {f.id} not exported"
    links = [p for p in proxies.values() if p.schema.name in LINKS]
    assert len(links) >= len(relations) + 50
    for p in links:
        assert p.get("proof") and p.get("sourceUrl") and p.get("publisher") and p.get("date") and p.get("description")


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_corpus_graphs(corpus_snapshot: Snapshot, tmp_path: Path, fmt: str) -> None:
    export(corpus_snapshot, fmt, tmp_path / f"g.{fmt}")
    g = (nx.read_gexf if fmt == "gexf" else nx.read_graphml)(tmp_path / f"g.{fmt}")
    assert g.number_of_nodes() == len(corpus_snapshot.entities)
    assert g.number_of_edges() == len(EvidenceGraph(corpus_snapshot).links) > 50
    for _, _, d in g.edges(data=True):
        assert d["kind"] in ("relation", "claim") and d["label"] and d["sentence"] and d["sources"] >= 1
        assert d["title"] and d["date"]
    assert {d["type"] for _, d in g.nodes(data=True)} >= {"PERSON", "ORG", "STATE_BODY", "GPE"}


@pytest.mark.model
def test_corpus_csv(corpus_snapshot: Snapshot, tmp_path: Path) -> None:
    counts = export(corpus_snapshot, "csv", tmp_path / "csv")
    claims = list(csv.DictReader((tmp_path / "csv" / "claims.csv").open(encoding="utf-8")))
    assert len(claims) == counts["claims"] == sum(f.kind == "claim" for f in corpus_snapshot.facts)
    for row in claims:
        assert row["stance"] and row["sentence"] and row["title"] and row["publisher"] and row["date"] and row["url"]
    assert any(r["claimant"] == "Wang Wenbin" and r["stance"] == "denies" for r in claims)
