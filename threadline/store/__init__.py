"""Storage behind one small interface (:class:`Store`); SQLite is the default backend."""

from threadline.store.base import SaveResult, Store
from threadline.store.sqlite import SQLiteStore


def open_store(location: str) -> Store:
    """Open the store at a path (SQLite). A ``postgresql://`` URL is reserved for the team backend."""
    if location.startswith(("postgresql://", "postgres://")):
        from threadline.errors import StoreError

        raise StoreError("the PostgreSQL backend is not available yet; use a SQLite file path")
    return SQLiteStore(location)


__all__ = ["SaveResult", "SQLiteStore", "Store", "open_store"]
