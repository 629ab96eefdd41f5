"""Reference sets (FollowTheMoney entities loaded to match against): load, stream, list."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, cast

from threadline.model.rows import ReferenceEntity
from threadline.store.shared import SQLBase


class ReferenceSets(SQLBase):
    """Reference sets, each replaced whole by a new load of the same name."""

    def replace_reference_set(self, dataset: str, rows: Iterable[dict[str, Any]]) -> int:
        """Load a reference set in one transaction, replacing the rows of an earlier load of ``dataset``."""
        sql = ("INSERT INTO reference_entities (id, schema, name, names, countries, dataset, raw) VALUES (?, ?, ?, ?, ?, ?, ?)"
               " ON CONFLICT (dataset, id) DO UPDATE SET schema = excluded.schema, name = excluded.name,"
               " names = excluded.names, countries = excluded.countries, raw = excluded.raw")
        count = 0
        with self.atomic():
            self._run("DELETE FROM reference_entities WHERE dataset = ?", (dataset,))
            batch: list[tuple[Any, ...]] = []
            for r in rows:
                batch.append((r["id"], r["schema"], r["name"], json.dumps(list(r.get("names") or []), ensure_ascii=False),
                              json.dumps(list(r.get("countries") or [])), dataset, r.get("raw") or "{}"))
                if len(batch) >= 5000:
                    self._run_many(sql, batch)
                    count += len(batch)
                    batch = []
            self._run_many(sql, batch)
            count += len(batch)
        return count

    def reference_entities(self, dataset: str | None = None) -> Iterator[ReferenceEntity]:
        """Reference entities, streamed in load order, with names and countries decoded."""
        sql = "SELECT id, schema, name, names, countries, dataset, raw FROM reference_entities"
        args: tuple[Any, ...] = ()
        if dataset:
            sql += " WHERE dataset = ?"
            args = (dataset,)
        for r in self._stream(sql + " ORDER BY rowid", args):
            yield cast(ReferenceEntity, {**dict(r), "names": json.loads(r["names"]), "countries": json.loads(r["countries"])})

    def reference_sets(self) -> dict[str, int]:
        return {r[0]: int(r[1]) for r in self._run(
            "SELECT dataset, count(*) FROM reference_entities GROUP BY dataset ORDER BY dataset")}
