"""An entity's profile a page at a time, on both backends: every page is the same slice of the whole list,
whichever plan reads it (store/profile_pages.py), and the totals are the whole lists' lengths."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from extractions import Builder
from test_contract import BACKENDS, open_backend

from threadline.api import Workspace
from threadline.errors import InputError
from threadline.resolve import resolve_entity
from threadline.store.profile import PARTS
from threadline.store.sql import SQLStore

PEOPLE = ["Ilse Marten", "Oskar Velde", "Runa Toft", "Bram Sijben"]


def corpus(seed: int = 5) -> list[Any]:
    """60 invented dispatches naming the Harbour Bureau (and its acronym) 1 to 3 times each, stored in an order
    unrelated to their dates (some undated); the Late Desk is named 20 times in each of the three latest only."""
    rng = random.Random(seed)
    dates = [None] * 6 + [f"2021-{1 + i % 12:02d}-{1 + i % 27:02d}" for i in range(51)] + ["2030-01-01"] * 3
    order = list(range(60))
    rng.shuffle(order)
    out = []
    for i in order:
        person = PEOPLE[i % len(PEOPLE)]
        late = i >= 57
        text = (
            f"Dispatch {i}. {person} said the Harbour Bureau opened a depot in Vaasa on 3 May 2021. "
            + "The HB denied it. " * (i % 3)
            + ("The Late Desk filed it. " * 20 if late else "")
            + f"The Harbour Bureau works with the Pier Office {i}."
        )
        b = (
            Builder(text, title=f"Dispatch {i}", published=dates[i], path=f"d{i}.txt")
            .entity(person, "PERSON")
            .entity("Harbour Bureau", "STATE_BODY", "HB")
            .entity(f"Pier Office {i}", "ORG")
            .claim(person, "alleges", ("Harbour Bureau",), "the Harbour Bureau opened a depot in Vaasa")
            .relation("Harbour Bureau", "works_with", f"Pier Office {i}", "works with the Pier Office")
            .event("depot opened", "2021-05-03", "day", ("Harbour Bureau",), "opened a depot in Vaasa")
        )
        if late:
            b = b.entity("Late Desk", "ORG")
        out.append(b.build())
    return out


@pytest.fixture(params=BACKENDS)
def busy(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLStore]:
    store = open_backend(request.param, request, tmp_path, "paging")
    for ex in corpus():
        store.save(ex, resolve=resolve_entity)
    yield store
    store.close()


def bureau(store: SQLStore) -> str:
    (found,) = store.find_entities("Harbour Bureau")
    return str(found["id"])


def spy(store: SQLStore) -> list[int | None]:
    """Record which plan read each page: None from the entity, a number from that many first documents.
    Documents are made as cheap to read as rows on both backends, so that this small corpus takes both plans."""
    store.dialect = dataclasses.replace(store.dialect, document_cost=1)
    plans: list[int | None] = []
    keys = store._keys

    def recording(
        name: str, members: list[str], hidden: list[str], limit: int | None, offset: int, first: int | None
    ) -> list[Any]:
        plans.append(first)
        return keys(name, members, hidden, limit, offset, first)

    store._keys = recording  # type: ignore[method-assign]
    return plans


def test_every_page_is_the_slice_of_the_whole_list(busy: SQLStore) -> None:
    entity = bureau(busy)
    whole = busy.entity_profile(entity)
    assert whole["totals"] == {part: len(whole[part]) for part in PARTS}
    assert whole["totals"]["mentions"] > 100 and whole["totals"]["claims_about"] == 60
    assert len({m["doc_id"] for m in whole["mentions"]}) == 60
    assert [m["published"] for m in whole["mentions"][:3]] == [None] * 3  # undated first, then by date
    plans = spy(busy)
    for limit, offset in [(1, 0), (5, 0), (7, 13), (50, 0), (50, 100), (3, 117), (10, 1000)]:
        page = busy.entity_profile(entity, limit=limit, offset=offset)
        assert page["totals"] == whole["totals"] and page["page"] == {"offset": offset, "limit": limit}
        for part in PARTS:
            assert page[part] == whole[part][offset : offset + limit], (part, limit, offset)
    assert any(p is not None for p in plans) and None in plans  # both plans were tried (and agree)


def test_a_page_the_first_documents_cannot_fill_is_read_from_the_entity(busy: SQLStore) -> None:
    (late,) = busy.find_entities("Late Desk")
    whole = busy.entity_profile(late["id"])
    assert whole["totals"]["mentions"] == 60 and {m["published"] for m in whole["mentions"]} == {"2030-01-01"}
    plans = spy(busy)
    page = busy.entity_profile(late["id"], limit=2, offset=0)
    assert page["mentions"] == whole["mentions"][:2]
    assert plans[0] is not None and plans[1] is None  # the first documents held none of its mentions


def test_one_list_a_page_at_a_time_and_merged_members(busy: SQLStore) -> None:
    ws = Workspace(store=busy)
    ws.merge("Harbour Bureau", "Pier Office 3", user="ana", confirm=True)  # two members: counts must not double
    entity = bureau(busy)
    whole = busy.entity_profile(entity)
    assert len(whole["members"]) == 2
    for part in PARTS:
        rows, total, capped = busy.entity_part(entity, part, limit=4, offset=2)
        assert total == len(whole[part]) and rows == whole[part][2:6] and not capped, part
    page = ws.entity_part("Harbour Bureau", "claims_about", limit=3, offset=58)
    assert page == {"part": "claims_about", "total": 60, "capped": False, "offset": 58, "limit": 3,
                    "items": whole["claims_about"][58:]}
    assert ws.show("Harbour Bureau")[0]["mentions"] == whole["mentions"][:50]  # the default page
    with pytest.raises(InputError):
        busy.entity_part(entity, "aliases")
    with pytest.raises(InputError):
        ws.show("Harbour Bureau", limit=0)


def test_excluded_ids_leave_pages_and_totals(busy: SQLStore) -> None:
    entity = bureau(busy)
    (ilse,) = busy.find_entities("Ilse Marten")
    whole = busy.entity_profile(entity)
    seen = busy.entity_profile(entity, limit=5, offset=1, exclude=[ilse["id"]])
    kept = [c for c in whole["claims_about"] if c["claimant_id"] != ilse["id"]]
    assert seen["totals"]["claims_about"] == len(kept) == 45 and seen["claims_about"] == kept[1:6]
    assert seen["totals"]["mentions"] == whole["totals"]["mentions"]
    rows, total, _ = busy.entity_part(entity, "claims_about", limit=100, exclude=[ilse["id"]])
    assert rows == kept and total == 45
    (pier,) = busy.find_entities("Pier Office 7")
    rows, total, _ = busy.entity_part(entity, "relations", limit=100, exclude=[pier["id"]])
    assert total == 59 and all(r["object_id"] != pier["id"] for r in rows)


def test_entity_history_is_history_of_its_members_and_facts(busy: SQLStore) -> None:
    ws = Workspace(store=busy)
    entity = bureau(busy)
    whole = busy.entity_profile(entity)
    ws.review(whole["claims_about"][3]["id"], "reject", user="bo")
    ws.review(whole["relations"][5]["id"], "accept", user="bo")
    ws.merge("Harbour Bureau", "Pier Office 9", user="ana", confirm=True)
    ws.review(busy.entity_profile(bureau(busy))["claims_about"][0]["id"], "accept", user="bo")
    (other,) = busy.find_entities("Oskar Velde")
    ws.protect("Oskar Velde", user="ana")  # not about the bureau: not in its history
    whole = busy.entity_profile(entity)
    facts = [r["id"] for part in ("claims_by", "claims_about", "relations") for r in whole[part]]
    expected = busy.history([*whole["members"], *facts])
    assert busy.entity_history(entity) == expected and len(expected) == 4
    assert all(d["target"] != other["id"] for d in expected)


def test_a_list_longer_than_the_cap_is_reported_as_capped(busy: SQLStore) -> None:
    entity = bureau(busy)
    whole = busy.entity_profile(entity)  # the default cap (10,000) is far above these lists: exact totals
    assert not any(whole["capped"].values()) and whole["totals"]["claims_about"] == 60
    busy.total_cap = 60  # a list of exactly the cap is counted exactly; one row more and it is capped
    at_cap = busy.entity_profile(entity, limit=5)
    assert at_cap["totals"]["claims_about"] == 60 and not at_cap["capped"]["claims_about"]
    assert at_cap["capped"]["mentions"] and at_cap["totals"]["mentions"] == 60
    busy.total_cap = 30
    plans = spy(busy)
    for limit, offset in [(5, 0), (50, 0), (7, 13), (3, 117), (10, 1000)]:
        page = busy.entity_profile(entity, limit=limit, offset=offset)
        assert page["totals"] == {"mentions": 30, "claims_by": 0, "claims_about": 30, "relations": 30, "events": 30}
        assert page["capped"] == {"mentions": True, "claims_by": False, "claims_about": True, "relations": True,
                                  "events": True}
        for part in PARTS:  # the pages are the same slices, past the cap too
            assert page[part] == whole[part][offset : offset + limit], (part, limit, offset)
    assert any(p is not None for p in plans) and None in plans  # both plans were tried
    rows, total, capped = busy.entity_part(entity, "mentions", limit=4, offset=40)
    assert rows == whole["mentions"][40:44] and total == 30 and capped
    assert busy.entity_profile(entity, limit=1, exact=True)["totals"] == whole["totals"]
    ws = Workspace(store=busy)
    page = ws.entity_part("Harbour Bureau", "claims_about", limit=3, offset=58)
    assert page == {"part": "claims_about", "total": 30, "capped": True, "offset": 58, "limit": 3,
                    "items": whole["claims_about"][58:]}
    assert ws.merge_preview("Harbour Bureau", "Pier Office 4")["moves"]["relations"] == 1  # exact


def test_a_capped_list_whose_first_documents_are_sparse_reads_more_of_them(busy: SQLStore) -> None:
    (late,) = busy.find_entities("Late Desk")  # 60 mentions, all in the three latest documents
    whole = busy.entity_profile(late["id"])
    busy.total_cap = 10
    plans = spy(busy)
    page = busy.entity_profile(late["id"], limit=2, offset=0)
    assert page["mentions"] == whole["mentions"][:2] and page["capped"]["mentions"]
    assert plans[0] == 2 + 8 and (plans[1] is None or plans[1] >= 2 * plans[0])  # the density found sizes the next read
