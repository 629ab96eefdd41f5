"""The SQL both backends share: every query of the store interface, written once, in parts.

:class:`SQLStore` implements :class:`~threadline.store.base.Store` in SQL that SQLite and PostgreSQL both run
(the conventions are in :mod:`threadline.store.shared`). It is composed of parts, each a module of its own:

- :mod:`~threadline.store.writer`: ``save``, decisions, resolution runs, protection;
- reads, by what they read: :mod:`~threadline.store.documents`, :mod:`~threadline.store.entities`,
  :mod:`~threadline.store.facts`, :mod:`~threadline.store.review`, :mod:`~threadline.store.reference`
  (reference sets), and :mod:`~threadline.store.profile` (an entity's page; its lists are read a page at a time
  by :mod:`~threadline.store.profile_pages`);
- the effect of decisions on the rows: :mod:`~threadline.store.entity_corrections` and
  :mod:`~threadline.store.fact_corrections` (what they share: :mod:`~threadline.store.corrections`);
- :mod:`~threadline.store.tables`: raw table access for the transfer tools.

A backend (:mod:`~threadline.store.sqlite`, :mod:`~threadline.store.postgres`) subclasses it and supplies the
connection, transactions (``atomic``), migrations, full-text search and its :class:`Dialect`.
"""

from __future__ import annotations

from threadline.store.documents import DocumentReads
from threadline.store.entities import EntityReads
from threadline.store.entity_corrections import EntityCorrections
from threadline.store.fact_corrections import FactCorrections
from threadline.store.facts import FactReads
from threadline.store.profile import ProfileReads
from threadline.store.reference import ReferenceSets
from threadline.store.review import ReviewReads
from threadline.store.shared import LIST_SEP, POSTGRES, SQLITE, Dialect, SQLBase, now, read_migrations
from threadline.store.tables import TableAccess
from threadline.store.writer import Writer


class SQLStore(
    Writer, DocumentReads, EntityReads, FactReads, ReviewReads, ReferenceSets, ProfileReads, EntityCorrections,
    FactCorrections, TableAccess
):
    """The store interface in shared SQL; subclasses connect, migrate, lock and search."""


__all__ = ["LIST_SEP", "POSTGRES", "SQLITE", "Dialect", "SQLBase", "SQLStore", "now", "read_migrations"]
