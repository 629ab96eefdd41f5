"""Wording: facts and events turned into attributed statements that follow each claim's stance, and the footnotes
they rest on.

Wording never upgrades attribution: an allegation reads "X alleges that ..." or "According to X, ...", a denial
"X denies ...", and what a document says in its own voice "<publisher> reports ...".
"""

from __future__ import annotations

import re
from collections import defaultdict

from threadline.analyse.snapshot import Fact, SEntity, SEvent, Snapshot
from threadline.analyse.sources import SourceGrader
from threadline.model import SCHEMA
from threadline.model.names import fold
from threadline.publish.dossier.model import Note, Part, Statement

# Verbs after which a denial's content reads as what is denied ("denied that ...", "rejected the claims").
DENY_VERBS = (
    "den",
    "reject",
    "dismiss",
    "refut",
    "disput",
    "contest",
    "repudiat",
    "nie",
    "dément",
    "desment",
    "negó",
    "smentit",
    "ontken",
)


def clean(text: str) -> str:
    return " ".join((text or "").split())


def _detokenise(text: str) -> str:
    """Event descriptions come space-joined from tokens: 'China 's ( MPS )' -> "China's (MPS)"."""
    text = clean(text)
    text = re.sub(r"\s+([,.;:!?%)\]}'’]|n't|'s|’s)", r"\1", text)
    text = re.sub(r"([(\[{])\s+", r"\1", text)
    text = re.sub(r'"\s+([^"]*?)\s+"', r'"\1"', text)
    return text


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


class Notes:
    """Footnote registry: one number per (document, sentence)."""

    def __init__(self, snap: Snapshot):
        self.snap = snap
        self.grader = SourceGrader()
        self.by_key: dict[tuple[str, str], Note] = {}

    def cite(self, doc_id: str, sentence: str) -> int:
        quote = clean(sentence)
        key = (doc_id, quote)
        if key not in self.by_key:
            d = self.snap.documents.get(doc_id)
            self.by_key[key] = Note(
                len(self.by_key) + 1,
                doc_id,
                d.title if d else None,
                d.publisher if d else None,
                d.published if d else None,
                d.url if d else None,
                d.path if d else None,
                self.grader.label(d.grade) if d else "",
                quote,
                d.date_source if d else None,
                SCHEMA.read_by_rules(d.language) if d else False,
            )
        return self.by_key[key].n

    @property
    def all(self) -> list[Note]:
        return sorted(self.by_key.values(), key=lambda n: n.n)


class Wording:
    """Turns facts and events into attributed statements, following stance."""

    def __init__(self, snap: Snapshot, notes: Notes):
        self.snap = snap
        self.notes = notes
        self.claims: dict[str, list[Fact]] = defaultdict(list)
        self.claims_in_sentence: dict[tuple[str, str], list[str]] = defaultdict(list)
        for f in snap.facts:
            if f.kind == "claim":
                if f.id not in self.claims:
                    self.claims_in_sentence[(f.doc_id, f.sentence)].append(f.id)
                self.claims[f.id].append(f)

    def ent(self, entity_id: str | None) -> Part:
        e = self.snap.entities.get(entity_id or "")
        return (e.name, e.type) if e else ("an unnamed party", None)

    def publisher(self, doc_id: str) -> Part:
        d = self.snap.documents.get(doc_id)
        if d and d.publisher:
            return (d.publisher, "PUBLISHER")
        if d and d.title:
            return (f"the document “{clean(d.title)}”", None)
        return ("the source document", None)

    def _targets(self, facts: list[Fact], skip: set[str] | None = None) -> list[Part]:
        out: list[Part] = []
        ids = [t for t in dict.fromkeys(f.target for f in facts) if t and t not in (skip or set())]
        for i, t in enumerate(ids):
            if i:
                out.append((" and " if i == len(ids) - 1 else ", ", None))
            out.append(self.ent(t))
        return out

    def claim(self, facts: list[Fact]) -> Statement:
        """A claim (all its per-target facts) worded by its stance."""
        f = facts[0]
        label = f.label
        phrase = str(SCHEMA.stances.get(label, {}).get("phrase", label))
        content = clean(f.text).rstrip(" .;,")
        sentence = clean(f.sentence)
        note = self.notes.cite(f.doc_id, f.sentence)
        lead: list[Part]
        parts: list[Part]
        if f.source is None and f.speaker:
            lead = [
                (f"According to {f.speaker} (unnamed in the source), as {self.publisher(f.doc_id)[0]} reports", None)
            ]
            return Statement(lead + [(": “" + sentence + "”", None)], [note], label)
        if f.source is None:
            who = self.publisher(f.doc_id)
            noun = {"alleges": "an allegation", "denies": "a denial", "confirms": "a confirmation"}.get(label)
            lead = [who, (f" reports {noun}" if noun else " reports", None)]
            if content.lower().startswith("that ") and not noun:
                parts = lead + [(" " + content, None)]
            elif _words(content) >= 4:
                parts = lead + [(": “" + content + "”", None)]
            else:
                parts = lead + [(": “" + sentence + "”", None)]
            return Statement(parts, [note], label)
        who = self.ent(f.source)
        targets = self._targets(facts, {f.source})
        if label == "denies" and content and not self._after_deny_verb(f, content):
            # "insisted that the sites were not police stations": the content is itself the denial;
            # "denies that ..." would turn it around
            parts = [
                ("In a denial, ", None),
                who,
                (" says " if content.lower().startswith("that ") else " says: “", None),
                (content if content.lower().startswith("that ") else content + "”", None),
            ]
        elif content.lower().startswith("that "):
            parts = [who, (f" {phrase} " + content, None)]
        elif label == "denies" and content and not content[:1].isupper():
            parts = [who, (" denies " + content, None)]
        elif _words(content) >= 4:
            if label == "alleges":
                parts = [("According to ", None), who, (", “" + content + "”", None)]
            else:  # quoted as extracted: no connective is added that the source did not use
                parts = [who, (f" {phrase}: “" + content + "”", None)]
        else:  # the extracted content is too thin to stand alone: show the whole sentence
            parts = [who, (f" {phrase}", None)]
            if targets:
                parts += [(", concerning ", None), *targets]
            parts.append((": “" + sentence + "”", None))
        return Statement(parts, [note], label)

    @staticmethod
    def _after_deny_verb(f: Fact, content: str) -> bool:
        """Whether the source itself says '<denied|rejected|dismissed|...> <content>'."""
        at = clean(f.sentence).find(content)
        before = clean(f.sentence)[:at].rstrip().rsplit(" ", 1)[-1].lower() if at > 0 else ""
        return before.startswith(DENY_VERBS)

    def claim_by_id(self, claim_id: str) -> Statement:
        return self.claim(self.claims[claim_id])

    def relation(self, f: Fact) -> Statement:
        """A relation in the document's voice, unless it sits inside a claim's words in the same sentence."""
        s, t = self.snap.entities.get(f.source or ""), self.snap.entities.get(f.target or "")
        label = str(SCHEMA.predicates.get(f.label, {}).get("label", f.label.replace("_", " ")))
        note = self.notes.cite(f.doc_id, f.sentence)
        tie: list[Part] = [self.ent(f.source), (f" {label} ", None), self.ent(f.target)]
        for claim_id in self.claims_in_sentence.get((f.doc_id, f.sentence), []):
            c = self.claims[claim_id][0]
            if s and t and self._mentions(c.text, s) and self._mentions(c.text, t):
                phrase = str(SCHEMA.stances.get(c.label, {}).get("phrase", c.label))
                who = self.ent(c.source) if c.source else self.publisher(c.doc_id)
                if c.source is None and c.speaker:
                    who = (f"{c.speaker} (unnamed in the source)", None)
                if c.label == "alleges":
                    return Statement([("According to ", None), who, (", ", None), *tie], [note], "relation")
                return Statement([who, (f" {phrase} that ", None), *tie], [note], "relation")
        return Statement([self.publisher(f.doc_id), (" reports that ", None), *tie], [note], "relation")

    @staticmethod
    def _mentions(text: str, e: SEntity) -> bool:
        folded = f" {fold(text)} "
        return any(form and f" {fold(form)} " in folded for form in (e.name, *e.aliases))

    def event(self, ev: SEvent) -> Statement:
        note = self.notes.cite(ev.doc_id, ev.sentence)
        return Statement([self.publisher(ev.doc_id), (" reports: " + _detokenise(ev.what), None)], [note], "event")

    def fact(self, f: Fact) -> Statement:
        return self.relation(f) if f.kind == "relation" else self.claim(self.claims.get(f.id) or [f])
