"""Schema as data: entity types and their properties, predicates, stances, review states and fact kinds.

The YAML files in ``threadline/schema/`` are the single place where these
vocabularies are defined; code asks the schema instead of hard-coding names:
``SCHEMA.is_a(entity.type, "organisation")``, not ``entity.type in ("ORG", "STATE_BODY")``;
``SCHEMA.fact_kind_of(fact_id).table``, not a copy of the id prefixes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any

import yaml

from threadline.errors import SchemaError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader when PyYAML has it: ten times faster


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` through libyaml when PyYAML was built with it: the same data (the same safe constructor
    builds it), parsed in a tenth of the time. Every data file the package ships is read through it."""
    return yaml.load(text, Loader=_LOADER)


def _load(name: str) -> dict[str, dict[str, Any]]:
    text = resources.files("threadline.schema").joinpath(name).read_text("utf-8")
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise SchemaError(f"schema file is not a mapping: {name}")
    return data


@dataclass(frozen=True)
class FactKind:
    """One kind of fact (``schema/facts.yaml``): its table, id prefix, and the fields an analyst may correct."""

    name: str
    table: str
    prefix: str
    fields: dict[str, str]  # field an analyst gives -> column it is stored in
    derived: tuple[str, ...] = ()  # columns an edit sets from another field

    @property
    def columns(self) -> frozenset[str]:
        """Every column a correction or a review may write: the fields' columns, the derived ones, and the status."""
        return frozenset({*self.fields.values(), *self.derived, "status"})


def _fact_kinds(name: str) -> dict[str, FactKind]:
    return {kind: FactKind(kind, str(spec["table"]), str(spec["prefix"]), {str(k): str(v) for k, v in (spec.get("fields") or {}).items()},
                           tuple(spec.get("derived") or ()))
            for kind, spec in _load(name).items()}


@dataclass(frozen=True)
class Schema:
    """The vocabularies every record is checked against."""

    entity_types: dict[str, dict[str, Any]] = field(default_factory=lambda: _load("entity_types.yaml"))
    predicates: dict[str, dict[str, Any]] = field(default_factory=lambda: _load("predicates.yaml"))
    stances: dict[str, dict[str, Any]] = field(default_factory=lambda: _load("stances.yaml"))
    review_states: dict[str, dict[str, Any]] = field(default_factory=lambda: _load("review_status.yaml"))
    readers: dict[str, dict[str, Any]] = field(default_factory=lambda: _load("readers.yaml"))
    fact_kinds: dict[str, FactKind] = field(default_factory=lambda: _fact_kinds("facts.yaml"))

    RULES_NOTE = "read by rules: lower recall"

    def read_by_rules(self, language: str | None) -> bool:
        """A document in this language was read by word lists and another language's model, not a parser of its own."""
        if not language:
            return False  # unknown: extraction read it with the default (English) pipeline
        return self.readers.get(language.split("-")[0].lower(), {}).get("reader", "rules") != "model"

    @cached_property
    def person_types(self) -> frozenset[str]:
        """Types whose entities are people, and so can be protected."""
        return frozenset(self.types_with("person"))

    def types_with(self, prop: str) -> tuple[str, ...]:
        """The entity types that have a property of ``entity_types.yaml`` (``actor``, ``place``, ...), in file order."""
        found = self._types_with.get(prop)
        if found is None:
            raise SchemaError(f"no entity type has the property {prop!r}; see schema/entity_types.yaml")
        return found

    def is_a(self, type_: str | None, prop: str) -> bool:
        """Whether entities of ``type_`` have a property of ``entity_types.yaml``: ``SCHEMA.is_a("ORG", "actor")``."""
        return type_ in self.types_with(prop)

    @cached_property
    def _types_with(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for type_, spec in self.entity_types.items():
            for prop, value in spec.items():
                if value is True:
                    out[prop] = (*out.get(prop, ()), type_)
        return out

    def predicates_with(self, prop: str) -> frozenset[str]:
        """The predicates that have a property of ``predicates.yaml`` (``speaks_for``, ``position``)."""
        found = frozenset(p for p, spec in self.predicates.items() if spec.get(prop) is True)
        if not found:
            raise SchemaError(f"no predicate has the property {prop!r}; see schema/predicates.yaml")
        return found

    def reference_schemas(self) -> dict[str, str]:
        """FollowTheMoney schema -> the type a reference entity of that schema is read as (``reference`` lists)."""
        return {str(name): type_ for type_, spec in self.entity_types.items() for name in spec.get("reference") or ()}

    def fact_kind_of(self, fact_id: str) -> FactKind | None:
        """The kind of fact an id names, by its prefix (``clm-…`` is a claim), or None."""
        return next((k for k in self.fact_kinds.values() if fact_id.startswith(k.prefix)), None)

    def fact_kind_in(self, table: str) -> FactKind:
        """The kind of fact stored in a table."""
        found = next((k for k in self.fact_kinds.values() if k.table == table), None)
        if found is None:
            raise SchemaError(f"no kind of fact is stored in {table!r}; see schema/facts.yaml")
        return found

    def check_type(self, value: str) -> str:
        if value not in self.entity_types:
            raise SchemaError(f"unknown entity type {value!r}; known: {', '.join(self.entity_types)}")
        return value

    def check_predicate(self, value: str) -> str:
        if value not in self.predicates:
            raise SchemaError(f"unknown predicate {value!r}; known: {', '.join(self.predicates)}")
        return value

    def check_stance(self, value: str) -> str:
        if value not in self.stances:
            raise SchemaError(f"unknown stance {value!r}; known: {', '.join(self.stances)}")
        return value


SCHEMA = Schema()
