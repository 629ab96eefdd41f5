"""Timelines: what happened when (events) and what was said when (claims), kept apart."""

from __future__ import annotations

from dataclasses import dataclass

from threadline.analyse.snapshot import Snapshot


@dataclass(frozen=True)
class Entry:
    happened: str | None   # date of the event, at its precision
    said: str | None       # publication date of the document that says so
    kind: str              # "event" or a claim stance
    text: str
    who: str | None
    doc_id: str
    sentence: str
    entities: tuple[str, ...]

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.happened or self.said or "9999", self.said or "9999")


def timeline(snap: Snapshot, entity: str | None = None, country: str | None = None) -> list[Entry]:
    """Dated events and claims in order, optionally about one entity or one country."""
    wanted: set[str] | None = None
    if entity:
        wanted = {snap.one(entity).id}
    elif country:
        wanted = {e.id for e in snap.entities.values() if (e.country or "").upper() == country.upper()}
    entries: list[Entry] = []
    for ev in snap.events:
        if wanted is not None and not wanted & set(ev.entities):
            continue
        doc = snap.documents.get(ev.doc_id)
        entries.append(Entry(ev.date, doc.published if doc else None, "event", ev.what, None, ev.doc_id, ev.sentence, ev.entities))
    claims: dict[str, list] = {}
    for f in snap.facts:
        if f.kind == "claim":
            claims.setdefault(f.id, []).append(f)
    for facts in claims.values():
        involved = {f.target for f in facts if f.target} | {f.source for f in facts if f.source}
        if wanted is not None and not wanted & involved:
            continue
        f = facts[0]
        doc = snap.documents.get(f.doc_id)
        if doc is None or not doc.published:
            continue  # a claim without a publication date has no place on a timeline
        who = snap.entities[f.source].name if f.source in snap.entities else None
        text = f.text if len(f.text.split()) >= 4 else f.sentence  # a bare object ("China") says too little
        entries.append(Entry(None, doc.published, f.label, text, who, f.doc_id, f.sentence,
                             tuple(sorted({x.target for x in facts if x.target}))))
    return sorted(entries, key=lambda e: e.sort_key)
