"""Search ranks a query's matches, and a query matching more than the backend's rank window is ranked among its
newest matches only (store/sql.Dialect.rank_window), on both backends."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from extractions import Builder
from test_contract import BACKENDS, open_backend

from threadline.resolve import resolve_entity
from threadline.store.sql import SQLStore


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLStore]:
    s = open_backend(request.param, request, tmp_path, "window")
    # Invented notes, stored oldest first; the first says "lantern" most often, so it ranks best of all.
    texts = ["Lantern lantern lantern lantern: the lantern beacon."] + [
        f"Note {i} on the quay mentions a lantern once, and the tide {i} times." for i in range(1, 6)
    ]
    for i, text in enumerate(texts):
        s.save(Builder(text, title=f"Note {i}", path=f"n{i}.txt").build(), resolve=resolve_entity)
    yield s
    s.close()


def test_a_query_within_the_window_ranks_every_match(store: SQLStore) -> None:
    hits = store.search("lantern", limit=3)
    assert [h["title"] for h in hits][0] == "Note 0" and len(hits) == 3
    assert all("[" in h["snippet"] for h in hits)
    assert {h["title"] for h in store.search("lantern", limit=10)} == {f"Note {i}" for i in range(6)}


def test_a_query_beyond_the_window_is_ranked_among_its_newest_matches(store: SQLStore) -> None:
    store.dialect = dataclasses.replace(store.dialect, rank_window=3)
    hits = store.search("lantern", limit=10)
    assert {h["title"] for h in hits} == {"Note 3", "Note 4", "Note 5"}  # the oldest, best match is outside
    assert {h["title"] for h in store.search("quay lantern", limit=10)} == {"Note 3", "Note 4", "Note 5"}
    assert [h["title"] for h in store.search("lantern beacon", limit=10)] == ["Note 0"]  # one match: no window
