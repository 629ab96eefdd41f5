"""Schema as data: entity types, predicates, stances and review states.

The YAML files in ``threadline/schema/`` are the single place where these
vocabularies are defined; code asks the schema instead of hard-coding names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any

import yaml

from threadline.errors import SchemaError


def _load(name: str) -> dict[str, dict[str, Any]]:
    text = resources.files("threadline.schema").joinpath(name).read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise SchemaError(f"schema file is not a mapping: {name}")
    return data


@dataclass(frozen=True)
class Schema:
    """The vocabularies every record is checked against."""

    entity_types: dict[str, dict[str, Any]] = field(default_factory=lambda: _load("entity_types.yaml"))
    predicates: dict[str, dict[str, Any]] = field(default_factory=lambda: _load("predicates.yaml"))
    stances: dict[str, dict[str, Any]] = field(default_factory=lambda: _load("stances.yaml"))
    review_states: dict[str, dict[str, Any]] = field(default_factory=lambda: _load("review_status.yaml"))
    readers: dict[str, dict[str, Any]] = field(default_factory=lambda: _load("readers.yaml"))

    RULES_NOTE = "read by rules: lower recall"

    def read_by_rules(self, language: str | None) -> bool:
        """A document in this language was read by word lists and another language's model, not a parser of its own."""
        if not language:
            return False  # unknown: extraction read it with the default (English) pipeline
        return self.readers.get(language.split("-")[0].lower(), {}).get("reader", "rules") != "model"

    @cached_property
    def person_types(self) -> frozenset[str]:
        """Types whose entities are people, and so can be protected."""
        return frozenset(t for t, spec in self.entity_types.items() if spec.get("person"))

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
