"""Typed rows the store's reads return: dicts at run time (indexed, compared and sent as JSON as before), with
their keys and types known to the type checker.

Only rows of a fixed shape are here; a read whose columns vary by screen still returns ``dict[str, Any]``.
"""

from __future__ import annotations

from typing import Any, TypedDict


class EntityName(TypedDict):
    """A canonical entity a name (or a member's id) refers to: ``Store.find_entities``."""

    id: str
    type: str
    name: str


class DecisionRow(TypedDict):
    """A review decision as stored (``value`` decoded from JSON); ``deleted_at`` is set once it is retracted."""

    id: int
    target: str
    action: str
    value: Any
    user: str
    created_at: str
    deleted_at: str | None


class MergeCandidate(TypedDict):
    """An uncertain pair of a resolution run, with both members and the canonical entities they are now part of."""

    a: str
    b: str
    score: float
    explanation: str
    name_a: str
    name_b: str
    type: str
    canonical_a: str
    canonical_b: str
    canonical_name_a: str
    canonical_name_b: str


class ReferenceEntity(TypedDict):
    """A FollowTheMoney entity of a loaded reference set; ``raw`` is its JSON as loaded."""

    id: str
    schema: str
    name: str
    names: list[str]
    countries: list[str]
    dataset: str
    raw: str
