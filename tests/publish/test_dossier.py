"""Dossiers: every statement footnoted to a verbatim sentence of its document, wording that follows
stance and never upgrades attribution, denials beside the allegations they answer."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from threadline.analyse.snapshot import Fact, SDocument, SEntity, SEvent, Snapshot
from threadline.errors import InputError, NotFound
from threadline.publish.dossier import Notes, Wording, build_brief, dossier

# -- a small hand-made snapshot (no model needed) ------------------------------------

TEXT = (
    "Safeguard Defenders alleged that police from Fuzhou ran a station in Rotterdam. "
    "The Chinese embassy denied that China operates police stations abroad. "
    "A spokesperson, Zhao Lijian, insisted that the sites were not police stations. "
    "The Dutch foreign ministry said the offices had never been notified. "
    "Prosecutors alleged that the Ministry of Public Security operates the station. "
    "The station opened in 2018."
)


def _fact(id_: str, kind: str, source: str | None, target: str | None, label: str, text: str, sentence: str) -> Fact:
    return Fact(id_, kind, source, target, label, "doc-1", sentence, text, "machine", TEXT.index(sentence))


def _sentence(start: str) -> str:
    return next(s + "." for s in TEXT.split(". ") if s.startswith(start)).replace("..", ".")


@pytest.fixture
def snap() -> Snapshot:
    ents = [
        SEntity("sd", "ORG", "Safeguard Defenders", "ES", (), False),
        SEntity("cn", "GPE", "China", "CN", ("PRC",), False),
        SEntity("emb", "STATE_BODY", "Chinese embassy", "CN", (), False),
        SEntity("zhao", "PERSON", "Zhao Lijian", None, (), False),
        SEntity("nl", "STATE_BODY", "Dutch foreign ministry", "NL", (), False),
        SEntity("rot", "GPE", "Rotterdam", None, (), False),
        SEntity("mps", "STATE_BODY", "Ministry of Public Security", "CN", ("MPS",), False),
        SEntity("st", "FACILITY", "station", None, (), False),
        SEntity("pros", "PERSON", "Prosecutors", None, (), False),
    ]
    s = Snapshot()
    s.entities = {e.id: e for e in ents}
    s.documents["doc-1"] = SDocument("doc-1", "Test story", "Test Wire", "2023-01-02", "https://example.org/story",
                                     "story.md", "en", "news", TEXT)
    s.facts = [
        _fact("c1", "claim", "sd", "cn", "alleges", "that police from Fuzhou ran a station in Rotterdam",
              _sentence("Safeguard Defenders")),
        _fact("c1", "claim", "sd", "rot", "alleges", "that police from Fuzhou ran a station in Rotterdam",
              _sentence("Safeguard Defenders")),
        _fact("c2", "claim", "emb", None, "denies", "that China operates police stations abroad",
              _sentence("The Chinese embassy")),
        _fact("c3", "claim", "zhao", None, "denies", "that the sites were not police stations",
              _sentence("A spokesperson")),
        _fact("c4", "claim", "nl", None, "states", "the offices had never been notified", _sentence("The Dutch")),
        _fact("c5", "claim", "pros", "mps", "alleges", "that the Ministry of Public Security operates the station",
              _sentence("Prosecutors")),
        _fact("r1", "relation", "mps", "st", "operates", _sentence("Prosecutors"), _sentence("Prosecutors")),
        _fact("r2", "relation", "zhao", "emb", "spokesperson_for", _sentence("A spokesperson"), _sentence("A spokesperson")),
        _fact("c6", "claim", None, None, "reports", "The station opened in 2018", _sentence("The station opened")),
    ]
    s.events = [SEvent("e1", "The station opened", "2018", "year", False, ("st",), "doc-1", _sentence("The station opened"))]
    return s


def _footnotes(md: str) -> dict[int, str]:
    return {int(n): line for n, line in re.findall(r"^\[\^(\d+)\]: (.*)$", md, flags=re.M)}


def _line_with(md: str, note: int) -> str:
    return next(line for line in md.splitlines() if f"[^{note}]" in line and not line.startswith("[^"))


def test_every_statement_has_a_footnote_with_source_and_verbatim_quote(snap: Snapshot) -> None:
    md = dossier(snap, entity="China")
    notes = _footnotes(md)
    refs = {int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", md)}
    assert notes and refs == set(notes)
    for line in notes.values():
        assert "*Test story*" in line and "Test Wire" in line and "2023-01-02" in line
        assert "<https://example.org/story>" in line and "story.md" in line
        quote = re.search(r"Quote: “(.*)”$", line).group(1)
        assert quote in TEXT


def test_allegation_reads_as_allegation_and_denial_sits_beside_it(snap: Snapshot) -> None:
    md = dossier(snap, entity="China")
    contested = md.split("## Contested points")[1].split("## Open questions")[0]
    allegation = contested.index("**Allegation:** Safeguard Defenders alleges that police from Fuzhou ran a station")
    denial = contested.index("**Denial:** Chinese embassy denies that China operates police stations abroad")
    assert "### Against the Chinese state" in contested and allegation < denial
    # an allegation is never upgraded to a finding
    assert "Safeguard Defenders states" not in md and "Safeguard Defenders confirms" not in md


def test_denial_in_the_speakers_own_words_is_not_turned_around(snap: Snapshot) -> None:
    md = dossier(snap, entity="Zhao Lijian")
    assert "In a denial, Zhao Lijian says that the sites were not police stations" in md
    assert "denies that the sites were not" not in md


def test_relation_inside_an_allegation_keeps_the_attribution(snap: Snapshot) -> None:
    words = Wording(snap, Notes(snap))
    relation = next(f for f in snap.facts if f.id == "r1")
    text = words.relation(relation).text
    assert text == "According to Prosecutors, Ministry of Public Security operates station"
    plain = next(f for f in snap.facts if f.id == "r2")
    assert words.relation(plain).text == "Test Wire reports that Zhao Lijian is spokesperson for Chinese embassy"


def test_document_voice_and_events_are_the_publishers(snap: Snapshot) -> None:
    md = dossier(snap, entity="station")
    assert "Test Wire reports: The station opened" in md
    timeline = md.split("## Timeline")[1].split("## Contested")[0]
    assert "happened 2018 · said 2023-01-02" in timeline


def test_single_source_allegation_is_an_open_question(snap: Snapshot) -> None:
    brief = build_brief(snap, entity="Ministry of Public Security")
    assert [q.statement.text for q in brief.open_questions] == [
        "Prosecutors alleges that the Ministry of Public Security operates the station"]


def test_scope_is_exactly_one_of_country_or_entity(snap: Snapshot) -> None:
    with pytest.raises(InputError):
        dossier(snap)
    with pytest.raises(InputError):
        dossier(snap, country="NL", entity="China")
    with pytest.raises(NotFound):
        dossier(snap, entity="Nobody at all")
    with pytest.raises(NotFound):
        dossier(snap, country="BR")
    assert dossier(snap, country="Netherlands").startswith("# Dossier: Netherlands (NL)")


# -- the example corpus --------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_snap(stored_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    from threadline.api import Workspace

    db = tmp_path_factory.mktemp("dossier") / "corpus.db"
    shutil.copy(stored_corpus, db)
    with Workspace(db) as ws:
        return ws.snapshot()


def _clean(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.model
@pytest.mark.parametrize("scope", [{"country": "NL"}, {"country": "CN"}, {"entity": "Safeguard Defenders"}])
def test_corpus_footnote_quotes_are_verbatim(corpus_snap: Snapshot, scope: dict) -> None:
    brief = build_brief(corpus_snap, **scope)
    assert brief.notes
    for note in brief.notes:
        doc = corpus_snap.documents[note.doc_id]
        assert note.quote and note.quote in _clean(doc.text)
        assert note.title == doc.title and note.publisher == doc.publisher and note.published == doc.published
        assert note.url or note.path
    md = dossier(corpus_snap, **scope)
    notes = _footnotes(md)
    assert set(notes) == {n.n for n in brief.notes}
    assert {int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", md)} == set(notes)


@pytest.mark.model
def test_corpus_wording_follows_every_stance(corpus_snap: Snapshot) -> None:
    words = Wording(corpus_snap, Notes(corpus_snap))
    for facts in words.claims.values():
        f = facts[0]
        text = words.claim(facts).text
        if f.source is None and f.speaker:
            assert text.startswith(f"According to {f.speaker} (unnamed in the source), as "), text
            continue
        if f.source is None:
            assert text.startswith(f"{corpus_snap.documents[f.doc_id].publisher} reports"), text
            continue
        who = corpus_snap.entities[f.source].name
        expected = {
            "alleges": (f"According to {who}, ", f"{who} alleges"),
            "denies": (f"{who} denies", f"In a denial, {who} says"),
            "confirms": (f"{who} confirms",),
            "reports": (f"{who} reports",),
            "states": (f"{who} states",),
        }[f.label]
        assert text.startswith(expected), (f.label, text)


@pytest.mark.model
def test_corpus_dossier_sections(corpus_snap: Snapshot) -> None:
    md = dossier(corpus_snap, entity="Safeguard Defenders")
    for heading in ("# Dossier: Safeguard Defenders", "## Key entities", "## Links to state bodies", "## Timeline",
                    "## Contested points", "## Open questions", "## Sources"):
        assert heading in md
    contested = md.split("## Contested points")[1].split("## Open questions")[0]
    group = contested.split("### Against the Chinese state")[1].split("###")[0]
    allegation, denial = group.index("**Allegation:**"), group.index("**Denial:**")
    assert allegation < denial
    assert re.search(r"\*\*Allegation:\*\* (According to Safeguard Defenders|Safeguard Defenders alleges)", group)
    assert re.search(r"\*\*Denial:\*\* .*(denies|In a denial)", group)
    nl = dossier(corpus_snap, country="NL")
    assert nl.startswith("# Dossier: Netherlands (NL)")
    assert "Chinese embassy in The Hague denies any knowledge of the stations" in nl
    assert "happened 2022-10-25 · said 2022-11-03" in nl
