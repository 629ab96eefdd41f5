"""The evidence graph on hand-made snapshots: strength, paths, filters, ranking, timeline, redaction."""

from threadline.analyse.graph import EvidenceGraph
from threadline.analyse.redact import Redactor
from threadline.analyse.snapshot import Fact, SDocument, SEntity, SEvent, Snapshot
from threadline.analyse.timeline import timeline

STORY = "Police in the port city said the office had been used to watch residents and to press them to go home. " * 3


def doc(i, text, publisher="Example News", published="2023-01-0{}", grade="news"):
    return SDocument(f"d{i}", f"Story {i}", publisher, published.format(i), None, f"d{i}.txt", "en", grade, text)


def snapshot() -> Snapshot:
    ents = [
        SEntity("ngo", "ORG", "Harbour Watch", None, ("HW",), False, "ngo"),
        SEntity("assoc", "ORG", "Port Hometown Association", "IT", (), False),
        SEntity("ufwd", "STATE_BODY", "United Front Work Department", "CN", ("UFWD",), False),
        SEntity("emb", "STATE_BODY", "Chinese embassy in Rome", "CN", (), False),
        SEntity("court", "STATE_BODY", "Rome Tribunal", "IT", (), False),
        SEntity("witness", "PERSON", "Lin Mei", None, ("Ms Lin",), True),
    ]
    docs = [doc(1, STORY), doc(2, STORY + " Copied."), doc(3, "Another outlet wrote its own account entirely."),
            doc(4, "The court ruled.", "Rome Tribunal", grade="court"), doc(5, "A denial came.")]
    facts = [
        # association -> ufwd: three documents, but 1 and 2 are syndicated copies: two independent sources
        Fact("f1", "claim", "ngo", "assoc", "alleges", "d1", "Harbour Watch alleges the association reports to the UFWD.", "x", "machine", 0),
        Fact("f10", "claim", "ngo", "assoc", "alleges", "d3", "Harbour Watch says the association takes orders.", "x", "machine", 50),
        Fact("f2", "relation", "assoc", "ufwd", "affiliated_with", "d1", "The association is tied to the UFWD.", "x", "machine", 10),
        Fact("f3", "relation", "assoc", "ufwd", "affiliated_with", "d2", "The association is tied to the UFWD.", "x", "machine", 10),
        Fact("f4", "relation", "assoc", "ufwd", "affiliated_with", "d3", "Its board sits with UFWD officials.", "x", "accepted", 5),
        # a weak shortcut: ngo -> ufwd directly, one machine-made fact
        Fact("f5", "claim", "ngo", "ufwd", "alleges", "d3", "Harbour Watch alleges the UFWD runs it.", "x", "machine", 20),
        Fact("f6", "claim", "court", "assoc", "confirms", "d4", "The court confirmed the association collected data.", "x", "machine", 0),
        Fact("f7", "claim", "emb", "ngo", "denies", "d5", "The embassy denied what Harbour Watch said.", "x", "machine", 0),
        Fact("f8", "claim", "ngo", "emb", "alleges", "d3", "Harbour Watch alleges the embassy hosted the office.", "x", "machine", 30),
        Fact("f9", "relation", "witness", "assoc", "member_of", "d3", "Lin Mei, known as Ms Lin, joined the association.", "x", "machine", 40),
    ]
    events = [SEvent("e1", "office opened", "2019", "year", False, ("assoc",), "d3", "The office opened in 2019.")]
    snap = Snapshot({e.id: e for e in ents}, {d.id: d for d in docs}, facts, events)
    return snap


def link(graph, source, target, label):
    return next(l for l in graph.links.values() if (l.source, l.target, l.label) == (source, target, label))


def test_syndicated_copies_count_once():
    g = EvidenceGraph(snapshot())
    tie = link(g, "assoc", "ufwd", "affiliated_with")
    assert len(tie.documents) == 3 and tie.independent == 2 and tie.accepted


def test_court_grade_and_contested_allegations():
    g = EvidenceGraph(snapshot())
    assert link(g, "court", "assoc", "confirms").grade == "court"
    assert link(g, "ngo", "emb", "alleges").contested  # the embassy denies
    assert not link(g, "ngo", "assoc", "alleges").contested


def test_shortest_and_best_evidenced_paths_differ():
    g = EvidenceGraph(snapshot())
    found = g.paths("ngo", "ufwd", max_hops=3)
    assert [h.target.id for h in found["shortest"].hops] == ["ufwd"]
    assert [h.target.id for h in found["best_evidenced"].hops] == ["assoc", "ufwd"]
    assert found["best_evidenced"].strength > found["shortest"].strength


def test_paths_respect_max_hops_and_denials_are_no_ties():
    g = EvidenceGraph(snapshot())
    assert g.paths("court", "ufwd", max_hops=1)["shortest"] is None
    assert g.paths("court", "ufwd", max_hops=2)["shortest"] is not None
    assert not g.simple.has_edge("emb", "ngo") or g.simple["emb"]["ngo"]["link"].label != "denies"


def test_neighbour_filters():
    g = EvidenceGraph(snapshot())
    all_links = g.neighbours("assoc")
    assert {l.source for l in all_links} | {l.target for l in all_links} >= {"ngo", "ufwd", "court", "witness"}
    only_states = g.neighbours("assoc", types=["STATE_BODY"])
    assert {l.target for l in only_states} | {l.source for l in only_states} <= {"assoc", "ufwd", "court"}
    accepted = g.neighbours("assoc", statuses=["accepted"])
    assert [l.label for l in accepted] == ["affiliated_with"]
    assert g.neighbours("assoc", stances=["confirms"])[0].source == "court"
    assert {l.label for l in g.neighbours("assoc", since="2023-01-04")} == {"confirms"}
    assert {l.label for l in g.neighbours("assoc", sources=["rome tribunal"])} == {"confirms"}
    assert len(g.neighbours("ngo", depth=2)) > len(g.neighbours("ngo", depth=1))


def test_rank_and_communities_are_deterministic():
    g = EvidenceGraph(snapshot())
    top = g.rank("degree", limit=1)[0][0]
    assert top.id == "assoc"
    assert g.rank("pagerank") == EvidenceGraph(snapshot()).rank("pagerank")
    assert [e.type for e, _ in g.rank("betweenness", type_="STATE_BODY")] == ["STATE_BODY"] * 3
    assert g.communities(min_size=2) == EvidenceGraph(snapshot()).communities(min_size=2)


def test_timeline_keeps_happened_apart_from_said():
    entries = timeline(snapshot(), entity="Port Hometown Association")
    event = next(e for e in entries if e.kind == "event")
    assert (event.happened, event.said) == ("2019", "2023-01-03")
    assert any(e.kind == "confirms" and e.happened is None and e.said == "2023-01-04" for e in entries)
    assert [e.kind for e in timeline(snapshot(), country="IT")][:1] == ["event"]


def test_redactor_replaces_every_form_case_insensitively():
    r = Redactor.for_entities([{"name": "Lin Mei", "aliases": ["Ms Lin"], "protected": True}], include_protected=False)
    out = r.text("LIN MEI met Ms Lin; ms lin left Berlin.")
    assert out.count("[protected person 1]") == 3 and out.endswith("left Berlin.")
    keep = Redactor.for_entities([{"name": "Lin Mei", "aliases": [], "protected": True}], include_protected=True)
    assert keep.text("Lin Mei") == "Lin Mei"
