"""Country dossiers cover the documents about the country: by the places they mention and the bodies
located there, not only by entities carrying the country code; never "0 documents" when such documents exist."""

from __future__ import annotations

import re

import pytest

from threadline.analyse.snapshot import Fact, SDocument, SEntity, Snapshot
from threadline.errors import NotFound
from threadline.publish.dossier import build_brief, dossier

STORY = ("The Harbour Friendship Association is based in Rotterdam. "
         "The Coastal Rights Monitor alleged that the association collected details about students.")
PASSING = "Rotterdam was sunny. The Lisbon Cultural Circle held a concert in Lisbon. The circle thanked its members."


def doc(doc_id: str, text: str) -> SDocument:
    return SDocument(doc_id, f"Story {doc_id}", "Harbour Gazette", "2023-05-04", None, f"{doc_id}.txt", "en", "news", text)


def fact(id_: str, kind: str, source: str | None, target: str | None, label: str, doc_id: str, text: str) -> Fact:
    sentence = next(s for s in (STORY + " " + PASSING).split(". ") if text in s)
    return Fact(id_, kind, source, target, label, doc_id, sentence, text, "machine", 0)


@pytest.fixture
def snap() -> Snapshot:
    """No entity carries the country code NL; the Netherlands is there only through Rotterdam."""
    s = Snapshot()
    for e in [SEntity("rot", "GPE", "Rotterdam", None, (), False),
              SEntity("hfa", "ORG", "Harbour Friendship Association", None, (), False),
              SEntity("crm", "ORG", "Coastal Rights Monitor", None, (), False),
              SEntity("lis", "GPE", "Lisboa", None, ("Lisbon",), False),
              SEntity("lcc", "ORG", "Lisbon Cultural Circle", None, (), False)]:
        s.entities[e.id] = e
    s.documents = {"d1": doc("d1", STORY), "d2": doc("d2", PASSING)}
    s.facts = [fact("r1", "relation", "hfa", "rot", "located_in", "d1", "based in Rotterdam"),
               fact("c1", "claim", "crm", "hfa", "alleges", "d1", "collected details about students")]
    s.mentions = {"d1": {"rot": 1, "hfa": 2, "crm": 1}, "d2": {"rot": 1, "lcc": 3, "lis": 2}}
    return s


def test_a_country_is_found_by_its_cities_and_the_bodies_located_there(snap: Snapshot) -> None:
    brief = build_brief(snap, country="NL")
    assert {e.id for e in brief.seeds} == {"rot", "hfa"}  # the city, and the association located in it
    assert [d.id for d in brief.documents] == ["d1"]  # d2 names Rotterdam in passing: it is about Portugal
    assert brief.counts["claims"] == 1
    md = dossier(snap, country="Netherlands")
    assert "In scope: 1 document(s)" in md and "0 document" not in md
    assert "collected details about students" in md


def test_exonyms_count_and_documents_are_those_about_the_country(snap: Snapshot) -> None:
    brief = build_brief(snap, country="PT")
    assert {e.id for e in brief.seeds} == {"lis"}
    assert [d.id for d in brief.documents] == ["d2"]


def test_a_country_named_only_in_passing_still_lists_its_documents() -> None:
    s = Snapshot()
    s.entities = {"ams": SEntity("ams", "GPE", "Amsterdam", None, (), False),
                  "x": SEntity("x", "ORG", "Harbour Choir", None, (), False)}
    s.documents = {"d1": doc("d1", "The Harbour Choir sang. It toured Amsterdam.")}
    s.mentions = {"d1": {"x": 9, "ams": 1}}
    md = dossier(s, country="NL")
    match = re.search(r"In scope: (\d+) document\(s\)", md)
    assert match and match.group(1) == "1", md[:400]


def test_a_country_nobody_mentions_is_not_found(snap: Snapshot) -> None:
    with pytest.raises(NotFound, match="no place in it is mentioned"):
        dossier(snap, country="BR")


@pytest.mark.model
def test_corpus_country_dossier_counts_its_documents(stored_corpus) -> None:
    from threadline.api import Workspace

    with Workspace(stored_corpus) as ws:
        for code in ("NL", "IT", "ES", "IE"):
            md = ws.dossier(country=code)
            match = re.search(r"In scope: (\d+) document\(s\)", md)
            assert match and int(match.group(1)) >= 1, (code, md[:300])
