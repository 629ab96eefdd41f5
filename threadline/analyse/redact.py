"""Redaction of protected persons, in one place: who is protected, and how to blank them in any text.

Protection is of the person, not of a string. :class:`Protection` gathers every
surface form of a protected entity and of every entity resolved into it, the
pinyin readings of its Han forms, and any other stored entity whose name is one
of those forms written differently (a name split by a line break became its own
entity once). Forms are matched on folded text across spacing (see ``forms``).

A short form ("Wang", "Mr Lin") that also names someone else is blanked only
where the store says it refers to the protected person: at that person's
mention offsets in a document (:meth:`Redactor.document`), so it never blanks
another person's name and so gives itself away.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from threadline.analyse import forms as F
from threadline.model import SCHEMA

Spans = dict[str, list[tuple[int, int, str]]]  # doc id -> (start, end, label) of protected persons' mentions


@dataclass
class Person:
    label: str                                   # "[protected person N]", numbered by canonical id
    public_id: str                               # the id exports and responses give the person
    ids: set[str] = field(default_factory=set)   # canonical and member ids, and entities found to be them
    forms: set[str] = field(default_factory=set)


@dataclass
class Protection:
    """The protected persons of a store, with every form and id that names them."""

    people: list[Person]
    shared: set[str]              # folded forms that also name someone unprotected: blanked only at mentions
    spans: Spans = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # the documents that hold spans, for excerpts of them

    @classmethod
    def build(cls, entities: Iterable[dict[str, Any]]) -> Protection:
        """From canonical entities (``id``, ``name``, ``aliases``, ``protected``, optional ``members`` and ``type``)."""
        from threadline.model.records import content_id

        rows = list(entities)
        people: list[Person] = []
        owner: dict[str, Person] = {}
        for n, e in enumerate(sorted((r for r in rows if r.get("protected")), key=lambda r: str(r.get("id", ""))), 1):
            label = f"[protected person {n}]"
            person = Person(label, content_id("protected", label, prefix="ent-", size=16))
            _take(person, e)
            people.append(person)
            owner[str(e.get("id"))] = person
        protection = cls(people, set())
        if not people:
            return protection
        others = [r for r in rows if str(r.get("id")) not in owner]
        # another stored entity whose name is a protected form written differently is that person too
        whole = [(person, re.compile(r"[\W_]*(?:" + "|".join(sources) + r")[\W_]*")) for person in people
                 if (sources := [s for f in _long(person.forms, set()) if not F.is_short(f) and (s := F.pattern(f))])]
        found = [(r, _whole(whole, r.get("name") or "")) for r in others if not r.get("type") or SCHEMA.is_a(r["type"], "person")]
        for row, same in found:
            if same is not None:
                _take(same, row)
                owner[str(row.get("id"))] = same
        others = [r for r in others if str(r.get("id")) not in owner]
        protection.shared = _shared(people, others)
        return protection

    def hidden(self) -> set[str]:
        """Every stored id of every protected person."""
        return {i for p in self.people for i in p.ids}

    def with_mentions(self, mentions: Iterable[tuple[str, int, int, str]]) -> Protection:
        """The same protection knowing where each person is mentioned: (doc id, start, end, stored entity id)."""
        person = {i: p for p in self.people for i in p.ids}
        spans: Spans = {}
        for doc_id, start, end, entity in mentions:
            if entity in person:
                spans.setdefault(doc_id, []).append((start, end, person[entity].label))
        return replace(self, spans=spans)

    def with_texts(self, store: Any) -> Protection:
        """The same protection holding the text of every document it has spans in (for responses, see ``value``)."""
        texts = {}
        for doc_id in self.spans:
            found = store.document_text(doc_id)
            if found:
                texts[doc_id] = found[0]
        return replace(self, texts=texts)

    def redactor(self, ids: bool = False) -> Redactor:
        """The redactor; ``ids`` also replaces store ids (which are hashes of names) by the public id."""
        return Redactor(self, ids)


def _whole(patterns: list[tuple[Person, re.Pattern[str]]], name: str) -> Person | None:
    """The protected person whose form ``name`` is, in another spacing or script (its pinyin reading counts)."""
    candidates = [F.fold(n)[0].strip() for n in (name, *F.readings(name))]
    for person, pattern in patterns:
        if any(pattern.fullmatch(c) for c in candidates):
            return person
    return None


def _take(person: Person, row: dict[str, Any]) -> None:
    person.ids.update(str(i) for i in (row.get("id"), *row.get("members", ())) if i)
    for form in (row.get("name"), *row.get("aliases", ())):
        if form and len(form.strip()) >= 2:
            person.forms.add(form)
            person.forms.update(F.readings(form))


def _shared(people: list[Person], others: list[dict[str, Any]]) -> set[str]:
    """Folded forms of protected persons that an unprotected entity also uses, whole or as one of its words."""
    names, words = set(), set()
    for row in others:
        for form in (row.get("name"), *row.get("aliases", ())):
            if form:
                names.add(" ".join(F.words(form)))
                words.update(F.core(form))
    out = set()
    for person in people:
        for form in person.forms:
            key = " ".join(F.words(form))
            if key in names or (F.is_short(form) and set(F.core(form)) <= words):
                out.add(key)
    return out


def _long(forms: Iterable[str], shared: set[str]) -> list[str]:
    """The forms that may be blanked wherever they occur, longest first."""
    return sorted((f for f in forms if " ".join(F.words(f)) not in shared), key=lambda f: (-len(F.words(f)), -len(f), f))


class Redactor:
    """Replaces every form of protected persons with their placeholder."""

    def __init__(self, protection: Protection, ids: bool = False):
        self.protection = protection
        self.labels: list[str] = []
        alternatives = []
        for n, person in enumerate(protection.people):
            sources = [s for s in (F.pattern(f) for f in _long(person.forms, protection.shared)) if s]
            if sources:
                alternatives.append(f"(?P<p{n}>{'|'.join(sources)})")
            self.labels.append(person.label)
        self.pattern = re.compile("|".join(alternatives)) if alternatives else None
        self.ids = {i: p.public_id for p in protection.people for i in p.ids} if ids else {}
        self.id_pattern = re.compile("|".join(re.escape(i) for i in sorted(self.ids, key=len, reverse=True))) if self.ids else None
        self._documents: dict[str, Redaction] = {}

    @classmethod
    def for_entities(cls, entities: list[dict[str, Any]], include_protected: bool) -> Redactor:
        return Protection.build([] if include_protected else entities).redactor()

    @property
    def active(self) -> bool:
        return bool(self.protection.people)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) of every protected form in ``text``, in original offsets."""
        if not self.protection.people:
            return []
        out = []
        if self.pattern is not None:
            folded, where = F.fold(text)
            for m in self.pattern.finditer(folded):
                if m.end() == m.start():
                    continue
                label = self.labels[int((m.lastgroup or "p0")[1:])]
                start, end = (m.start(), m.end()) if where is None else (where[m.start()], where[m.end() - 1] + 1)
                out.append((start, end, label))
        if self.id_pattern is not None:
            out += [(m.start(), m.end(), self.ids[m.group(0)]) for m in self.id_pattern.finditer(text)]
        return out

    def text(self, value: str | None) -> str | None:
        if value is None or not self.protection.people:
            return value
        return Redaction(value, self.spans(value)).text

    def document(self, doc_id: str, text: str) -> Redaction:
        """A document's text with every form blanked, short shared forms too where they are the person's mentions."""
        return Redaction(text, self.spans(text) + self.protection.spans.get(doc_id, []))

    def value(self, data: Any) -> Any:
        """A JSON value with every string in it, keys included, redacted.

        In a record of a document (an object with ``doc_id``) a string that is a
        piece of that document (a sentence, a claim) is cut from the redacted
        document, so short forms are blanked there too, at the person's mentions.
        """
        if not self.protection.people:
            return data
        if isinstance(data, str):
            return self.text(data)
        if isinstance(data, list):
            return [self.value(v) for v in data]
        if isinstance(data, dict):
            doc = data.get("doc_id")
            inside = isinstance(doc, str) and doc in self.protection.texts
            return {(self.text(k) if isinstance(k, str) else k):
                    (self.piece(str(doc), v) if inside and isinstance(v, str) else self.value(v)) for k, v in data.items()}
        return data

    def piece(self, doc_id: str, value: str) -> str:
        """``value`` redacted as a piece of document ``doc_id`` when it is one, else as any text."""
        text = self.protection.texts.get(doc_id)
        if text is None or len(value) < 8 or value not in text:
            return self.text(value) or ""
        if doc_id not in self._documents:
            self._documents[doc_id] = self.document(doc_id, text)
        return excerpt(self._documents[doc_id], self, text, value)


class Redaction:
    """A text with spans replaced, and the map from old offsets to new ones (highlights stay on their words)."""

    def __init__(self, text: str, spans: list[tuple[int, int, str]]):
        merged: list[tuple[int, int, str]] = []
        for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
            if merged and start < merged[-1][1]:
                last = merged[-1]
                merged[-1] = (last[0], max(last[1], end), last[2])
            else:
                merged.append((start, end, label))
        pieces, cursor, self._old, self._new = [], 0, [], []
        size = 0
        for start, end, label in merged:
            pieces.append(text[cursor:start])
            size += start - cursor
            self._old.append((start, end))
            self._new.append((size, size + len(label)))
            pieces.append(label)
            size += len(label)
            cursor = end
        pieces.append(text[cursor:])
        self.text = "".join(pieces)
        self.changed = bool(merged)

    def at(self, offset: int, end: bool = False) -> int:
        """Where an old offset lands; inside a blanked span, at its start (or its end for an end offset)."""
        i = bisect_right([s for s, _ in self._old], offset) - 1
        if i < 0:
            return offset
        (old_start, old_end), (new_start, new_end) = self._old[i], self._new[i]
        if offset >= old_end:
            return new_end + (offset - old_end)
        if offset == old_start:
            return new_start
        return new_end if end else new_start

    def slice(self, start: int, end: int) -> str:
        return self.text[self.at(start): self.at(end, end=True)]



def load_protection(store: Any) -> Protection:
    """Who is protected in a store, and where each of them is mentioned."""
    protection = Protection.build(store.protection_rows())
    if not protection.people:
        return protection
    return protection.with_mentions(store.mentions_of(protection.hidden()))


def excerpt(redaction: Redaction, redactor: Redactor, text: str, piece: str | None, near: int = 0) -> str:
    """A piece of a document (a sentence, a claim) cut from the redacted document, so short forms stay blanked."""
    if not piece:
        return piece or ""
    found = text.find(piece, max(0, near - len(piece)))
    if found < 0:
        found = text.find(piece)
    if found < 0:
        return redactor.text(piece) or ""
    return redaction.slice(found, found + len(piece))
