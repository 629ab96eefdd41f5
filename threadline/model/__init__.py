"""The data model: plain frozen records shared by every stage, plus the schema.

This package imports nothing else from Threadline, so every stage can depend
on it without cycles.
"""

from threadline.model.records import (
    Claim,
    Document,
    Entity,
    Event,
    Evidence,
    Extraction,
    Mention,
    Relation,
)
from threadline.model.schema import SCHEMA, Schema

__all__ = [
    "Claim",
    "Document",
    "Entity",
    "Event",
    "Evidence",
    "Extraction",
    "Mention",
    "Relation",
    "SCHEMA",
    "Schema",
]
