"""FollowTheMoney out: the evidence graph as FtM entities. (Reference sets in FtM, read in and
cross-referenced against the investigation, are :mod:`threadline.resolve.reference`.)

Export (one JSON object per line, readable by ``ftm``, Aleph and ``model.get_proxy``):

- each document is an ``Article`` (title, publisher, publishedAt, sourceUrl, fileName,
  language; bodyText with ``body_text=True``);
- each entity is the schema its type names in ``schema/entity_types.yaml``: ``Person``,
  ``Organization``, ``PublicBody``; places (GPE, FACILITY) are ``Address``. FtM has no
  place schema besides Address (countries are a property), and places are endpoints
  in the graph - things are located in them and they speak ("China denied ...") - so
  dropping them would drop those links;
- each relation is the link schema its predicate names in ``schema/predicates.yaml``
  (Membership, Directorship, Employment, Representation), or ``UnknownLink`` with
  ``role`` = predicate when the schema has none or its endpoints do not fit the
  schema's ranges (a Person cannot be an Employment's employer);
- each claim is an ``UnknownLink`` claimant -> entity it is about, ``role`` = stance;
  a claim in the document's own voice is a ``Documentation`` of the entity by the
  Article; a claim about nothing resolved is a ``Documentation`` of its claimant;
- each dated event is an ``Event`` with its date, involved parties and places.

Every link and event carries its provenance: ``proof`` (the Article's id),
``sourceUrl``, ``publisher``, ``date`` (the document's publication date; for an
Event, the event's date), the verbatim sentence in ``description``, the claim text
or a reading of the relation in ``summary``, the review ``status`` and, in
``recordId``, the store's id of the fact.

Ids are signed with the investigation's namespace key, as OpenAleph signs a
collection's ids: ``<store id>-<hmac>``, e.g. ``ent-3f…-9c…``, so the store's id
is still readable. Two investigations' exports never share an id, so ``ftm
aggregate`` of both fuses nothing that merely has the same name; the key lives in
the store, so the ids stay the same from one export to the next.

Everything written is validated first: re-parsed by followthemoney, required
properties present, values valid for their type, and every entity reference
pointing at an exported entity of a schema the property accepts.
"""

from __future__ import annotations

import hmac
import json
import os
from collections import Counter
from typing import TYPE_CHECKING, Any

from followthemoney import model, registry
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from followthemoney.schema import Schema as FtMSchema

from threadline.errors import SchemaError
from threadline.model import SCHEMA
from threadline.publish.exporters import PublicIds, open_output

if TYPE_CHECKING:
    from threadline.analyse.snapshot import Fact, SDocument, SEntity, SEvent, Snapshot

NAMESPACE = "threadline"


def schema_of_type(type_: str) -> FtMSchema:
    name = SCHEMA.entity_types.get(type_, {}).get("ftm") or "Thing"
    schema = model.get(name)
    if schema is None or schema.abstract:
        raise SchemaError(f"entity type {type_} maps to {name!r}, which is no concrete FollowTheMoney schema")
    return schema


def schema_of_predicate(predicate: str) -> FtMSchema:
    name = SCHEMA.predicates.get(predicate, {}).get("ftm") or "UnknownLink"
    schema = model.get(name)
    if schema is None or not schema.edge or schema.edge_source is None:
        raise SchemaError(f"predicate {predicate} maps to {name!r}, which is no FollowTheMoney link schema")
    return schema


class FtMBuilder:
    """Builds the FtM entities of one snapshot; :meth:`build` returns them validated."""

    def __init__(self, snapshot: Snapshot, body_text: bool = False):
        self.snap = snapshot
        self.ids = PublicIds(snapshot)
        self.body_text = body_text
        self.proxies: dict[str, EntityProxy] = {}
        self.entity_proxy: dict[str, EntityProxy] = {}   # snapshot entity id -> its proxy
        self.skipped = 0

    def build(self) -> list[EntityProxy]:
        for doc in self.snap.documents.values():
            self._keep(self._article(doc))
        for entity in self.snap.entities.values():
            proxy = self._entity(entity)
            self.entity_proxy[entity.id] = proxy
            self._keep(proxy)
        for fact in self.snap.facts:
            link = self._relation(fact) if fact.kind == "relation" else self._claim(fact)
            if link is None:
                self.skipped += 1
            else:
                self._keep(link)
        for event in self.snap.events:
            self._keep(self._event(event))
        proxies = [sign(p, self.snap.namespace) for p in self.proxies.values()]
        validate(proxies)
        return proxies

    def _keep(self, proxy: EntityProxy) -> None:
        key = str(proxy.id)
        if key in self.proxies:  # the same fact reached twice (e.g. via two merged members)
            self.proxies[key].merge(proxy)
        else:
            self.proxies[key] = proxy

    # -- nodes ---------------------------------------------------------------------------

    def _article(self, doc: SDocument) -> EntityProxy:
        proxy = model.make_entity("Article")
        proxy.id = doc.id
        proxy.add("title", doc.title)
        proxy.add("publisher", doc.publisher)
        proxy.add("publishedAt", doc.published, quiet=True)
        proxy.add("sourceUrl", doc.url, quiet=True)
        if doc.path:
            proxy.add("fileName", os.path.basename(doc.path))
        proxy.add("language", doc.language, quiet=True)
        if self.body_text:
            proxy.add("bodyText", doc.text)
        return proxy

    def _entity(self, entity: SEntity) -> EntityProxy:
        schema = schema_of_type(entity.type)
        proxy = model.make_entity(schema)
        proxy.id = self.ids.entity(entity.id)
        proxy.add("name", entity.name)
        if schema.is_a("Address"):
            proxy.add("full", entity.name)
        if schema.is_a("Document"):
            proxy.add("title", entity.name)
            proxy.add("fileName", entity.name)  # required by FtM's Document; a law has no file
        for alias in entity.aliases:
            weak = schema.is_a("Person") and len(alias.split()) == 1  # "Wang" alone names no one
            proxy.add("weakAlias" if weak else "alias", alias, quiet=True)
        proxy.add("country", entity.country, quiet=True)
        if entity.kind and "classification" in schema.properties:
            proxy.add("classification", entity.kind)
        return proxy

    # -- links ---------------------------------------------------------------------------

    def _provenance(self, proxy: EntityProxy, doc_id: str, sentence: str, status: str | None, record: str,
                    date: bool = True) -> None:
        doc = self.snap.documents.get(doc_id)
        if doc is not None:
            proxy.add("proof", doc.id)
            proxy.add("sourceUrl", doc.url, quiet=True)
            proxy.add("publisher", doc.publisher)
            if date:
                proxy.add("date", doc.published, quiet=True)
        proxy.add("description", sentence)
        if status and "status" in proxy.schema.properties:
            proxy.add("status", status)
        proxy.add("recordId", record)

    def _link(self, schema: FtMSchema | str, fact: Fact, *parts: Any) -> EntityProxy:
        proxy = model.make_entity(schema)
        proxy.make_id(NAMESPACE, fact.kind, fact.label, *parts, fact.doc_id, fact.start)
        self._provenance(proxy, fact.doc_id, fact.sentence, fact.status, self.ids.fact(fact))
        return proxy

    def _relation(self, fact: Fact) -> EntityProxy | None:
        subject, object_ = self.entity_proxy.get(fact.source or ""), self.entity_proxy.get(fact.target or "")
        if subject is None or object_ is None:
            return None
        schema = schema_of_predicate(fact.label)
        if not (_fits(schema, schema.edge_source, subject) and _fits(schema, schema.edge_target, object_)):
            schema = schema_of_predicate("")  # UnknownLink
        proxy = self._link(schema, fact, subject.id, object_.id)
        proxy.add(str(schema.edge_source), subject.id)
        proxy.add(str(schema.edge_target), object_.id)
        proxy.add("role", fact.label)
        label = SCHEMA.predicates.get(fact.label, {}).get("label", fact.label)
        proxy.add("summary", f"{subject.caption} {label} {object_.caption}")
        return proxy

    def _claim(self, fact: Fact) -> EntityProxy | None:
        claimant, about = self.entity_proxy.get(fact.source or ""), self.entity_proxy.get(fact.target or "")
        if claimant is not None and about is not None and claimant.id != about.id:
            proxy = self._link("UnknownLink", fact, claimant.id, about.id)
            proxy.add("subject", claimant.id)
            proxy.add("object", about.id)
            proxy.add("role", fact.label)
        elif about is not None or claimant is not None:
            entity = about if about is not None else claimant
            if fact.doc_id not in self.snap.documents or entity is None:
                return None
            proxy = self._link("Documentation", fact, entity.id)
            proxy.add("document", fact.doc_id)
            proxy.add("entity", entity.id)
            proxy.add("role", fact.label if about is not None else f"claimant ({fact.label})")
        else:
            return None
        proxy.add("summary", fact.text)
        return proxy

    def _event(self, event: SEvent) -> EntityProxy:
        proxy = model.make_entity("Event")
        proxy.make_id(NAMESPACE, "event", event.id)
        proxy.add("name", event.what or event.sentence)
        proxy.add("date", event.date, quiet=True)
        self._provenance(proxy, event.doc_id, event.sentence, None, event.id, date=False)
        for entity_id in event.entities:
            other = self.entity_proxy.get(entity_id)
            if other is None:
                continue
            if other.schema.is_a("LegalEntity"):
                proxy.add("involved", other.id)
            elif other.schema.is_a("Address"):
                proxy.add("addressEntity", other.id)
        return proxy


def sign(proxy: EntityProxy, key: str | None) -> EntityProxy:
    """The proxy with its id and every entity reference signed with ``key`` (None: unchanged).

    ``<id>-<hmac>``, not FtM's ``<id>.<hmac>``: ``ftm aggregate`` strips a dotted
    signature before it fuses, which would fuse two investigations again.
    """
    if not key:
        return proxy

    def signed(entity_id: str) -> str:
        return f"{entity_id}-{hmac.new(key.encode(), entity_id.encode(), 'sha256').hexdigest()[:20]}"

    out = proxy.clone()
    out.id = signed(str(proxy.id))
    for prop in proxy.schema.properties.values():
        if prop.type == registry.entity and prop.name in out.properties:
            values = out.pop(prop)
            out.add(prop, [signed(v) for v in values], quiet=True, cleaned=True)
    return out


def _fits(schema: FtMSchema, prop_name: str | None, proxy: EntityProxy) -> bool:
    prop = schema.get(prop_name) if prop_name else None
    return prop is not None and (prop.range is None or proxy.schema.is_a(prop.range))


def validate(proxies: list[EntityProxy]) -> None:
    """Check that followthemoney accepts every entity; SchemaError naming the first that fails."""
    schemata = {p.id: p.schema for p in proxies}
    for proxy in proxies:
        data = proxy.to_dict()
        try:
            parsed = model.get_proxy(json.loads(json.dumps(data)))
            parsed.schema.validate(data)  # type: ignore[arg-type]
        except InvalidData as exc:
            raise SchemaError(f"FollowTheMoney rejects {proxy.schema.name} {proxy.id}: {exc}") from exc
        missing = [name for name in parsed.schema.required if not parsed.get(name)]
        if missing:
            raise SchemaError(f"{proxy.schema.name} {proxy.id} lacks required {', '.join(missing)}")
        for prop, value in parsed.itervalues():
            if prop.type != registry.entity:
                continue
            target = schemata.get(value)
            if target is None:
                raise SchemaError(f"{proxy.schema.name} {proxy.id}: {prop.name} points at {value}, which is not exported")
            if prop.range is not None and not target.is_a(prop.range):
                raise SchemaError(f"{proxy.schema.name} {proxy.id}: {prop.name} needs a {prop.range.name}, got {target.name}")


def build(snapshot: Snapshot, body_text: bool = False) -> list[EntityProxy]:
    """The snapshot as validated FtM entities: articles, entities, links, events."""
    return FtMBuilder(snapshot, body_text).build()


def export(snapshot: Snapshot, path: str | os.PathLike[str], body_text: bool = False) -> dict[str, int]:
    """Write FtM JSON lines; returns the count of each schema, ``entities`` (all) and ``skipped`` facts."""
    builder = FtMBuilder(snapshot, body_text)
    proxies = builder.build()
    with open_output(path) as out:
        for proxy in proxies:
            out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    counts = Counter(p.schema.name for p in proxies)
    return {**dict(sorted(counts.items())), "entities": len(proxies), "skipped": builder.skipped}
