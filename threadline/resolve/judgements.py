"""Human judgements on entity identity: stored as data, replayed on every resolution.

A judgement never expires on its own: it is soft-deleted (``deleted_at``) when
retracted, and the scorer can never overrule it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Judgement(Enum):
    POSITIVE = "merge"        # the same entity
    NEGATIVE = "not_same"     # never the same
    UNSURE = "unsure"         # asked, and the analyst could not tell
    SPLIT = "split"           # undo the merges of a cluster: its members are pairwise not the same


@dataclass(frozen=True)
class Decision:
    """One stored judgement about two entities (or, for a split, a whole cluster)."""

    judgement: Judgement
    a: str
    b: str | None = None
    members: tuple[str, ...] = ()
    user: str = ""
    created_at: str = ""

    def pairs(self) -> list[tuple[str, str]]:
        """The entity pairs this decision is about."""
        if self.judgement is Judgement.SPLIT:
            ms = sorted(set(self.members))
            return [(x, y) for i, x in enumerate(ms) for y in ms[i + 1:]]
        return [(self.a, self.b)] if self.b else []


JUDGEMENT_ACTIONS = tuple(j.value for j in Judgement)


def decisions_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Decision]:
    """Stored decision rows (target, action, value JSON) as Decisions."""
    out = []
    for row in rows:
        judgement = Judgement(row["action"])
        value = row.get("value") or {}
        out.append(Decision(judgement, row["target"], value.get("other"), tuple(value.get("members") or ()),
                            row.get("user", ""), row.get("created_at", "")))
    return out
