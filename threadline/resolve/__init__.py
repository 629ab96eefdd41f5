"""Resolution: decide which stored entity an extracted name refers to. Pure logic;
the store supplies lookups."""

from threadline.resolve.exact import EntityMatch, entity_id, resolve_entity

__all__ = ["EntityMatch", "entity_id", "resolve_entity"]
