"""Scope: what a brief covers, for one entity or one country."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from threadline.analyse.snapshot import Fact, SEntity, SEvent, Snapshot
from threadline.errors import InputError, NotFound
from threadline.model import SCHEMA
from threadline.model.names import fold


def country_name(code: str) -> str:
    from threadline.model.countries import countries

    for entry in countries().entries:
        if str(entry["code"]) == code:
            names = entry.get("names") or ()
            return str(names[0]) if names else code
    return code


def country_code(value: str) -> str:
    from threadline.model.countries import countries

    value = value.strip()
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return value.upper()
    code = countries().code(fold(value)) or countries().code(value.lower())
    if not code:
        raise InputError(f"unknown country {value!r}; give an ISO code such as NL")
    return code


@dataclass
class Scope:
    title: str
    description: str
    seeds: list[SEntity]
    doc_ids: set[str]
    facts: list[Fact]
    events: list[SEvent]


def _involvements(snap: Snapshot) -> dict[str, Counter]:
    per_doc: dict[str, Counter] = defaultdict(Counter)
    for f in snap.facts:
        for x in (f.source, f.target):
            if x:
                per_doc[f.doc_id][x] += 1
    for ev in snap.events:
        for x in ev.entities:
            per_doc[ev.doc_id][x] += 1
    return per_doc


def _places_in(snap: Snapshot, code: str) -> set[str]:
    """Places of a country: the country under any of its names, and its cities (GeoNames, any exonym)."""
    from threadline.model.countries import countries
    from threadline.resolve.places import city_country, place

    table = countries()
    out = set()
    for x in snap.entities.values():
        if not SCHEMA.is_a(x.type, "place"):
            continue
        for name in (x.name, *x.aliases):
            key = fold(name)
            city = place(key) if key else None
            if table.code(key) == code or (city is not None and city_country(city) == code):
                out.add(x.id)
                break
    return out


def _located_in(snap: Snapshot, places: set[str]) -> set[str]:
    """Bodies the evidence places in one of ``places`` (a relation ``located_in``)."""
    return {
        f.source
        for f in snap.facts
        if f.kind == "relation" and f.label == "located_in" and f.target in places and f.source in snap.entities
    }


def resolve_scope(snap: Snapshot, country: str | None = None, entity: str | None = None) -> Scope:
    """What a brief covers.

    ``entity``: every fact and event the entity takes part in.
    ``country``: the country's entities (recorded with that country, its places: the
    country itself and its cities, and the bodies located in them), every fact and
    event they take part in, plus the whole of each document about the country: where
    they carry at least a fifth of the entity mentions in facts and events (so that,
    say, a denial by a foreign embassy in the country's own story is kept), or of the
    document's mentions of entities.
    """
    if (country is None) == (entity is None):
        raise InputError("give exactly one of country or entity")
    if entity is not None:
        e = snap.one(entity)
        seeds, title = [e], e.name
        doc_ids: set[str] = set()
        description = f"everything the evidence graph holds on {e.name} ({e.type.replace('_', ' ').lower()})"
    else:
        code = country_code(country or "")
        recorded = {x.id for x in snap.entities.values() if (x.country or "").upper() == code}
        places = _places_in(snap, code)
        located = _located_in(snap, places)
        seeds = sorted((snap.entities[x] for x in recorded | places | located), key=lambda x: x.name)
        if not seeds:
            raise NotFound(f"no entity recorded with country {code}, and no place in it is mentioned")
        name = country_name(code)
        title = f"{name} ({code})"
        ids = {x.id for x in seeds}
        doc_ids = set()
        for doc_id, counts in _involvements(snap).items():
            mine = sum(n for x, n in counts.items() if x in ids)
            if mine >= max(2, 0.2 * sum(counts.values())):
                doc_ids.add(doc_id)
        for doc_id, named in snap.mentions.items():  # documents about the country that state few facts on it
            mine = sum(n for x, n in named.items() if x in ids)
            if mine and mine >= 0.2 * sum(named.values()):
                doc_ids.add(doc_id)
        parts = [f"{len(recorded)} recorded with country {code}"]
        if places:
            parts.append(
                f"{len(places)} place(s) in it ({', '.join(sorted(snap.entities[x].name for x in places)[:5])})"
            )
        if located - recorded - places:
            parts.append(f"{len(located - recorded - places)} located there")
        description = (
            f"the country's entities ({'; '.join(parts)}), what they take part in, "
            f"and the {len(doc_ids)} document(s) about the country"
        )
    ids = {x.id for x in seeds}
    if (
        country is not None
        and not doc_ids
        and not any(f.source in ids or f.target in ids for f in snap.facts)
        and not any(ids & set(ev.entities) for ev in snap.events)
    ):
        # the country is only named in passing: the documents naming it are still the ones about it
        doc_ids = {doc_id for doc_id, counts in snap.mentions.items() if ids & set(counts)}
    claim_ids = {f.id for f in snap.facts if f.doc_id in doc_ids or f.source in ids or f.target in ids}
    facts = [
        f
        for f in snap.facts
        if f.id in claim_ids and (f.kind == "claim" or f.doc_id in doc_ids or f.source in ids or f.target in ids)
    ]
    events = [ev for ev in snap.events if ev.doc_id in doc_ids or ids & set(ev.entities)]
    return Scope(title, description, seeds, doc_ids, facts, events)
