"""Storage behind one small interface (:class:`Store`): SQLite files (default) or PostgreSQL schemas."""

from threadline.store.base import SaveResult, Store
from threadline.store.sqlite import SQLiteStore


def is_url(location: str) -> bool:
    """True for a ``postgresql://`` (or ``postgres://``) URL, False for a SQLite path."""
    return location.startswith(("postgresql://", "postgres://"))


def open_store(location: str) -> Store:
    """Open (creating and migrating if needed) the store at a SQLite path or a ``postgresql://`` URL.

    ``postgresql://user@host:5432/dbname?schema=NAME`` keeps the investigation in
    PostgreSQL schema NAME (default ``public``); see :mod:`threadline.store.postgres`.
    """
    if is_url(location):
        from threadline.store.postgres import PostgresStore

        return PostgresStore(location)
    return SQLiteStore(location)


def display_location(location: str) -> str:
    """The location for messages: a password in a URL is shown as ***."""
    if is_url(location):
        from threadline.store.postgres import redact

        return redact(location)
    return location


__all__ = ["SaveResult", "SQLiteStore", "Store", "display_location", "is_url", "open_store"]
