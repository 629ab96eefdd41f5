"""Reference sets: FollowTheMoney entities (an OpenSanctions dataset, say) read as rows, and cross-referenced
against the investigation's people and organisations with the scorer resolution uses.

Pure, as the rest of ``resolve``: rows are read from lines the caller opened, the investigation's side comes in as
plain parties, and the gazetteer as a mapping, so nothing here opens a file or a store.

- :func:`reference_type`: the type a reference schema is compared as (``Company`` -> ``ORG``), from the
  ``reference`` lists of ``schema/entity_types.yaml``;
- :func:`reference_rows`: rows for the reference table from FtM JSON lines;
- :func:`known_body` and :func:`name_record`: the gazetteer entry names belong to, and a one-name record;
- :func:`xref`: matches between parties and reference rows, best first, each explained;
  :func:`corroboration`: what besides the name a reference person shares with ours.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from threadline.errors import InputError
from threadline.model import SCHEMA
from threadline.model.names import fold
from threadline.model.rows import ReferenceEntity
from threadline.resolve.blocking import record_keys
from threadline.resolve.compare import REVIEW_FLOOR, Record, compare

NAME_PROPS = ("name", "alias", "previousName")
SUFFIXES = (".gz", ".json", ".jsonl", ".ndjson", ".ftm", ".ijson")


class Known(Protocol):
    """A gazetteer entry, as resolution reads it."""

    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def country(self) -> str | None: ...


class Party(Protocol):
    """An entity of the investigation to cross-reference (an ``SEntity`` of a snapshot)."""

    @property
    def id(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def country(self) -> str | None: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


Gazetteer = Mapping[str, Known]  # folded name -> entry
Position = tuple[str, str, Sequence[str]]  # (party id, predicate, names of what the position is in)


# -- reading a reference set ---------------------------------------------------------------------


@lru_cache(maxsize=512)
def reference_type(schema_name: str) -> str | None:
    """The investigation type a reference schema is compared as (Company -> ORG), or None.

    The schema's nearest ancestor (itself first) listed under an entity type's ``reference`` decides:
    a ``PublicBody`` is an ``Organization`` too, and reads as a state body.
    """
    from followthemoney import model

    schema = model.get(schema_name)
    if schema is None:
        return None
    listed = SCHEMA.reference_schemas()
    level = [schema]
    while level:
        found = sorted(listed[s.name] for s in level if s.name in listed)
        if found:
            return found[0]
        level = sorted({parent for s in level for parent in s.extends}, key=lambda s: s.name)
    return None


def dataset_name(path: str | os.PathLike[str]) -> str:
    """A reference set's name from its file's: ``us_ofac_sdn.json.gz`` -> ``us_ofac_sdn``."""
    name = Path(path).name
    for suffix in SUFFIXES:
        name = name.removesuffix(suffix)
    return name or "reference"


def reference_rows(
    lines: Iterable[str], source: str, dataset: str, skipped: Counter[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Rows for the reference table from FtM JSON lines (``source`` names them in errors).

    Only entities that can be compared with the investigation's (people, organisations, companies, public bodies)
    are kept; the rest are counted in ``skipped`` by schema. Properties holding nested entities (the OpenSanctions
    "nested" format) are ignored.
    """
    skipped = skipped if skipped is not None else Counter()
    try:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{source}, line {number}: not a JSON object ({exc.msg})") from None
            if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
                raise InputError(f"{source}, line {number}: not a FollowTheMoney entity (needs id and schema)")
            row = _reference_row(data, dataset)
            if isinstance(row, str):
                skipped[row] += 1
            else:
                yield row
    except (UnicodeDecodeError, OSError, EOFError) as exc:
        raise InputError(f"cannot read {source}: {exc}") from None


def _reference_row(data: dict[str, Any], dataset: str) -> dict[str, Any] | str:
    from followthemoney import model
    from followthemoney.exc import InvalidData

    schema = model.get(str(data["schema"]))
    if schema is None:
        return f"unknown schema {data['schema']}"
    if reference_type(schema.name) is None:
        return schema.name
    properties = {
        name: [v for v in values if isinstance(v, str)]
        for name, values in (data.get("properties") or {}).items()
        if name in schema.properties and isinstance(values, list)
    }
    try:
        proxy = model.get_proxy({"id": str(data["id"]), "schema": schema.name, "properties": properties}, cleaned=False)
    except InvalidData:
        return f"{schema.name} (invalid)"
    names = list(dict.fromkeys(n for prop in NAME_PROPS if prop in schema.properties for n in proxy.get(prop)))
    if not names:
        return f"{schema.name} (no name)"
    return {
        "id": proxy.id,
        "schema": schema.name,
        "name": names[0],
        "names": names,
        "countries": sorted({c.upper() for c in proxy.countries}),
        "dataset": dataset,
        "raw": json.dumps(data, ensure_ascii=False, sort_keys=True),
    }


# -- names and the gazetteer ---------------------------------------------------------------------


def _same_kind(a: str, b: str) -> bool:
    """Types compared as one: equal, or both organisations (sources disagree on what is a public body)."""
    return a == b or (SCHEMA.is_a(a, "organisation") and SCHEMA.is_a(b, "organisation"))


def known_body(names: Iterable[str], type_: str, gazetteer: Gazetteer, countries: Iterable[str] = ()) -> str | None:
    """The gazetteer entry one of the names is, of the same kind of type, unless the entity belongs to other
    countries than the entry."""
    countries = set(countries)
    for name in names:
        entry = gazetteer.get(fold(name))
        if entry is None or not _same_kind(entry.type, type_):
            continue
        if countries and entry.country and entry.country not in countries:
            continue
        return entry.name
    return None


def name_record(name: str, type_: str, gazetteer: Gazetteer, key: str = "") -> Record:
    """A one-name resolution record, tied to its gazetteer entry when the name is a known one."""
    return Record(key or name, type_, (name,), gazetteer=known_body((name,), type_, gazetteer))


def _keys(record: Record) -> set[str]:
    """Blocking keys; organisation types share theirs (sources disagree on what is a public body)."""
    if not SCHEMA.is_a(record.type, "organisation"):
        return record_keys(record)
    return {"organisation|" + k.split("|", 1)[1] for k in record_keys(record)}


# -- cross-reference ------------------------------------------------------------------------------


def xref(
    parties: Iterable[Party],
    references: Iterable[ReferenceEntity],
    gazetteer: Gazetteer,
    positions: Iterable[Position] = (),
    threshold: float = REVIEW_FLOOR,
    max_block: int = 1000,
) -> list[dict[str, Any]]:
    """Matches between the parties that can be matched (``matchable`` types) and reference rows, best first.

    Only pairs sharing a blocking key are compared (keys matching more than ``max_block`` reference entities, like
    "ministry", say nothing and are skipped). A pair is reported when :func:`~threadline.resolve.compare.compare`
    scores it at least ``threshold``. ``status`` is ``same`` when the names reach the merge threshold and, for a
    person, a second property matches as well (:func:`corroboration`, listed in ``also_matches``; ``positions``
    give what each party holds a position in); otherwise it is ``possible``. ``same`` is that status as a boolean.
    An organisation whose country is known is never matched to a reference entity of other countries only: the
    same name often names bodies of several states. The caller leaves out whom it must not compare (redacted
    persons).
    """
    by_id = {p.id: p for p in parties if SCHEMA.is_a(p.type, "matchable")}
    ours = [_record(p, gazetteer) for p in by_id.values()]
    index: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(ours):
        for key in _keys(record):
            index[key].append(i)
    theirs, blocks = _blocks(references, index, gazetteer)
    roles = _roles(positions)
    pairs = {
        (i, j) for key, members in blocks.items() if len(members) <= max_block for i in index[key] for j in members
    }
    out = [m for i, j in pairs if (m := _match(ours[i], *theirs[j], by_id[ours[i].id], roles, threshold)) is not None]
    return sorted(out, key=lambda m: (-m["score"], fold(m["entity"]), fold(m["reference"]), m["reference_id"]))


def _record(party: Party, gazetteer: Gazetteer) -> Record:
    names = tuple(dict.fromkeys((party.name, *party.aliases)))
    return Record(
        party.id,
        party.type,
        names,
        party.country,
        known_body(names, party.type, gazetteer, [party.country] if party.country else ()),
    )


def _blocks(
    references: Iterable[ReferenceEntity], index: Mapping[str, list[int]], gazetteer: Gazetteer
) -> tuple[list[tuple[ReferenceEntity, Record]], dict[str, list[int]]]:
    """The reference rows sharing a blocking key with one of ours, and the rows of each shared key."""
    theirs: list[tuple[ReferenceEntity, Record]] = []
    blocks: dict[str, list[int]] = defaultdict(list)
    for row in references:
        type_ = reference_type(row["schema"])
        if type_ is None:
            continue
        names = tuple(row["names"]) or (row["name"],)
        record = Record(row["id"], type_, names, None, known_body(names, type_, gazetteer, row.get("countries") or ()))
        shared = [k for k in _keys(record) if k in index]
        if shared:
            theirs.append((row, record))
            for key in shared:
                blocks[key].append(len(theirs) - 1)
    return theirs, blocks


def _match(
    mine: Record, row: ReferenceEntity, record: Record, party: Party, roles: Mapping[str, set[str]], threshold: float
) -> dict[str, Any] | None:
    countries = row.get("countries") or []
    organisation = SCHEMA.is_a(mine.type, "organisation")
    if organisation and mine.country and countries and mine.country not in countries:
        return None  # "Ministry of Public Security" names bodies in several countries
    record = replace(record, country=mine.country if mine.country in countries else None)
    notes: tuple[str, ...] = ()
    if record.type != mine.type and _same_kind(record.type, mine.type):
        record = replace(record, type=mine.type)
        notes = (f"{row['schema']} compared as {mine.type}",)
    result = compare(mine, record)
    if result.score < threshold:
        return None
    status, also = result.same and "same" or "possible", []
    if SCHEMA.is_a(mine.type, "person"):
        also = corroboration(party, _properties(row), roles.get(mine.id, set()))
        if result.same and not also:
            status = "possible"
            notes = (*notes, "name only: no birth date, nationality or position matches as well")
    return {
        "entity_id": mine.id,
        "entity": party.name,
        "type": party.type,
        "country": party.country,
        "reference_id": row["id"],
        "reference": row["name"],
        "schema": row["schema"],
        "dataset": row["dataset"],
        "countries": countries,
        "topics": _topics(row),
        "score": result.score,
        "status": status,
        "same": status == "same",
        "also_matches": also,
        "explanations": [*result.explanations, *also, *notes],
    }


def _roles(positions: Iterable[Position]) -> dict[str, set[str]]:
    """Folded names of what each party holds a position in (works for, leads, speaks for): what a position names."""
    out: dict[str, set[str]] = defaultdict(set)
    kinds = SCHEMA.predicates_with("position")
    for party, predicate, names in positions:
        if predicate in kinds:
            out[party] |= {fold(n) for n in names if len(fold(n)) >= 3}
    return out


def corroboration(party: Party, properties: dict[str, list[str]], roles: set[str]) -> list[str]:
    """What, besides the name, a reference person shares with ours: nationality or a position.

    A namesake on a sanctions list is not the person under investigation; a person is ``same`` only when one of
    these matches too. The investigation holds no birth dates, so a reference birth date can never corroborate.
    """
    found = []
    country = (party.country or "").lower()
    for prop in ("nationality", "citizenship", "country"):
        if country and country in [v.lower() for v in properties.get(prop, [])]:
            found.append(f"{prop} {country.upper()} matches")
            break
    for position in properties.get("position", []):
        text = f" {fold(position)} "
        hit = next((r for r in sorted(roles) if f" {r} " in text), None)
        if hit:
            found.append(f"position '{position}' names '{hit}'")
            break
    return found


def _raw(row: ReferenceEntity) -> dict[str, Any]:
    try:
        raw = json.loads(row.get("raw") or "{}")
    except json.JSONDecodeError:
        return {}
    return raw.get("properties") or {} if isinstance(raw, dict) else {}


def _properties(row: ReferenceEntity) -> dict[str, list[str]]:
    return {k: [v for v in vs if isinstance(v, str)] for k, vs in _raw(row).items() if isinstance(vs, list)}


def _topics(row: ReferenceEntity) -> list[str]:
    """FtM topics of a reference entity (OpenSanctions: sanction, role.pep, crime, ...)."""
    return [t for t in _raw(row).get("topics") or [] if isinstance(t, str)]
