"""Extractions built by hand, whose evidence really points into the text (no spaCy model): :class:`Builder` and
two small documents about one ministry (:func:`doc_a`, :func:`doc_b`). The store and CLI tests build on them."""

from __future__ import annotations

from pathlib import Path

from threadline.model import Claim, Document, Entity, Event, Evidence, Extraction, Mention, Relation

VERSION = {"name": "threadline", "version": "test-1", "language": "en"}


class Builder:
    """Builds an Extraction whose evidence really points into the text."""

    def __init__(self, text: str, **meta: str) -> None:
        self.document = Document(text=text, **meta)
        self.entities: list[Entity] = []
        self.mentions: list[Mention] = []
        self.relations: list[Relation] = []
        self.claims: list[Claim] = []
        self.events: list[Event] = []

    def evidence(self, start: int, end: int) -> Evidence:
        text = self.document.text
        s0 = text.rfind(".", 0, start) + 1
        s1 = text.find(".", end)
        s1 = len(text) if s1 < 0 else s1 + 1
        sentence = text[s0:s1]
        lead = len(sentence) - len(sentence.lstrip())
        return Evidence(self.document.id, s0 + lead, s1, sentence.strip(), "test.hand", "test-1")

    def sentence_of(self, needle: str) -> Evidence:
        i = self.document.text.index(needle)
        return self.evidence(i, i + len(needle))

    def entity(self, name: str, type_: str, *aliases: str, gazetteer: str | None = None) -> Builder:
        self.entities.append(Entity(name, type_, tuple(aliases), gazetteer_id=gazetteer))
        for form in (name, *aliases):
            start = 0
            while (i := self.document.text.find(form, start)) >= 0:
                ev = self.evidence(i, i + len(form))
                self.mentions.append(Mention(form, type_, name, Evidence(ev.doc_id, i, i + len(form), ev.sentence, ev.extractor, ev.version)))
                start = i + len(form)
        return self

    def claim(self, claimant: str | None, stance: str, about: tuple[str, ...], needle: str) -> Builder:
        self.claims.append(Claim(claimant, stance, about, needle, None, self.sentence_of(needle)))
        return self

    def relation(self, subject: str, predicate: str, object_: str, needle: str) -> Builder:
        self.relations.append(Relation(subject, predicate, object_, self.sentence_of(needle)))
        return self

    def event(self, what: str, date: str, precision: str, entities: tuple[str, ...], needle: str) -> Builder:
        self.events.append(Event(what, date, precision, entities, self.sentence_of(needle)))
        return self

    def build(self, extractor: dict[str, str] | None = None) -> Extraction:
        return Extraction(self.document, tuple(self.entities), tuple(self.mentions), tuple(self.relations),
                          tuple(self.claims), tuple(self.events), VERSION if extractor is None else extractor)


TEXT_A = ("Harbourwatch said the Ministry of Public Security ran an office in Rotterdam. "
          "The ministry denied the report on 3 May 2023. The office closed in 2023.")
TEXT_B = ("Officials in Antwerp said Harbour Watch had shared its findings with the MPS. "
          "Harbourwatch alleges that the office in Antwerp pressured students.")


def doc_a() -> Extraction:
    return (Builder(TEXT_A, title="Rotterdam office", publisher="Harbour Gazette", published="2023-05-04", path="a.txt")
            .entity("Harbourwatch", "ORG")
            .entity("Ministry of Public Security", "STATE_BODY", "MPS", "the ministry")
            .entity("Rotterdam", "GPE")
            .claim("Harbourwatch", "alleges", ("Ministry of Public Security",), "the Ministry of Public Security ran an office in Rotterdam")
            .claim("Ministry of Public Security", "denies", ("Harbourwatch",), "denied the report")
            .relation("Ministry of Public Security", "located_in", "Rotterdam", "ran an office in Rotterdam")
            .event("office closed", "2023", "year", ("Ministry of Public Security",), "The office closed in 2023")
            .build())


def doc_b() -> Extraction:
    # "Harbour Watch" folds differently from "Harbourwatch" but carries it as an alias;
    # "MPS" is an alias of the ministry in doc A.
    return (Builder(TEXT_B, title="Antwerp findings", published="2023-06-01", path="b.txt")
            .entity("Harbour Watch", "ORG", "Harbourwatch")
            .entity("MPS", "STATE_BODY")
            .entity("Antwerp", "GPE")
            .claim("Harbour Watch", "alleges", ("Antwerp",), "the office in Antwerp pressured students")
            .claim(None, "reports", ("MPS",), "had shared its findings with the MPS")
            .build())


def store_busy_bureau(db: str | Path, notes: int = 6) -> None:
    """A store of invented notes that each name the Dune Bureau twice (12 mentions for 6 notes): a list to cap."""
    from threadline.api import Workspace
    from threadline.resolve import resolve_entity

    with Workspace(db) as ws:
        for i in range(notes):
            text = f"Note {i}. The Dune Bureau met on the quay. The Dune Bureau left."
            ws.store.save(Builder(text, title=f"Note {i}", path=f"n{i}.txt").entity("Dune Bureau", "ORG").build(),
                          resolve=resolve_entity)
