"""Cross-document resolution by exact folded names and gazetteer identity.

A conservative first step: an extracted entity joins a stored one only when
they share a gazetteer entry, or have the same type and share a folded
surface form. Fuzzy and cross-script matching build on this seam later.
"""

from __future__ import annotations

from threadline.model import SCHEMA, Entity
from threadline.model.names import fold
from threadline.model.records import content_id
from threadline.model.resolution import EntityMatch, Lookup


def entity_id(entity: Entity) -> str:
    """The id a new entity gets: from its gazetteer entry, else its type and folded name."""
    if entity.gazetteer_id:
        return content_id("gazetteer", entity.gazetteer_id, prefix="ent-", size=16)
    return content_id(entity.type, fold(entity.name), prefix="ent-", size=16)


def resolve_entity(entity: Entity, lookup: Lookup) -> EntityMatch:
    """Find the stored entity for an extracted one.

    ``lookup(type, folded_forms)`` returns the id of a stored entity of that
    type holding any of the forms, or None.
    """
    if entity.gazetteer_id:
        return EntityMatch(entity_id(entity), "gazetteer")
    forms = [f for f in dict.fromkeys(fold(x) for x in (entity.name, *entity.aliases)) if f]
    if entity.type in SCHEMA.person_types and len(forms[0].split()) > 1:
        forms = [f for f in forms if len(f.split()) > 1]  # a bare surname is no evidence across documents
    found = lookup(entity.type, forms)
    if found:
        return EntityMatch(found, "alias")
    return EntityMatch(entity_id(entity), "new")
