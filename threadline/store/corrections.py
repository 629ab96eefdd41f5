"""An analyst's corrections, carried onto the rows: the effect of decisions, never the record of them.

Every correction is a row of ``decisions`` (who, when, retractable). Two parts of
:class:`~threadline.store.sql.SQLStore` write what the live ones mean, and this module holds what they share
(the actions, what an edit may change, the ids of facts made by hand):

- entity corrections (rename, retype, set_country, add_alias, reject_entity, add_entity)
  are replayed as a whole (:mod:`~threadline.store.entity_corrections`): first every corrected
  entity gets back what the machine gave it (kept in ``entities.machine``), then the
  live decisions apply oldest first. Resolution calls it after every run, so a new
  canonical member, a re-extracted document or a retraction never leaves a decision
  undone or half-done;
- fact corrections (accept, reject, edit, add_claim, add_relation) are replayed per
  document when it is extracted again, and per fact when one is retracted, after the fact
  is restored (:mod:`~threadline.store.fact_corrections`).

A corrected fact or entity keeps the machine's values beside the corrected ones in its
``machine`` column (JSON); rows an analyst made by hand carry the extractor ``hand``.
"""

from __future__ import annotations

from typing import Any

from threadline.errors import NotFound
from threadline.model import SCHEMA
from threadline.model.records import content_id

ENTITY_ACTIONS = ("rename", "retype", "set_country", "add_alias", "reject_entity", "add_entity")
FACT_ACTIONS = ("accept", "reject", "edit", "add_claim", "add_relation")
HAND = "hand"  # extractor (and mention source) of rows an analyst made

# What an edit may change in each fact table (schema/facts.yaml); "about" is the claim_about rows of a claim.
EDITABLE = {k.table: set(k.columns) for k in SCHEMA.fact_kinds.values()}
FACT_PREFIXES = {k.prefix: k.table for k in SCHEMA.fact_kinds.values()}
FACT_KINDS = {k.table: k.name for k in SCHEMA.fact_kinds.values()}


def fact_table(fact_id: str) -> str:
    table = FACT_PREFIXES.get(fact_id[:4])
    if table is None:
        raise NotFound(f"no fact with id {fact_id}")
    return table


def hand_fact_id(kind: str, value: dict[str, Any]) -> str:
    """The id of a claim or relation made by hand: from its document, offsets and content, as machine ids are."""
    if kind == "claim":
        return content_id(value["doc_id"], value.get("claimant_id"), value["stance"], value["start"], value["end"], HAND,
                          prefix=SCHEMA.fact_kinds["claim"].prefix)
    return content_id(value["doc_id"], value["subject_id"], value["predicate"], value["object_id"], value["start"],
                      value["end"], HAND, prefix=SCHEMA.fact_kinds["relation"].prefix)
