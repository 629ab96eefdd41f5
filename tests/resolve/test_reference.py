"""Reference sets read from FtM lines, and the cross-reference against the investigation's parties."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import pytest

from threadline.errors import InputError
from threadline.resolve.reference import dataset_name, known_body, name_record, reference_rows, reference_type, xref


@dataclass(frozen=True)
class Entry:
    name: str
    type: str
    country: str | None


@dataclass(frozen=True)
class Party:
    id: str
    type: str
    name: str
    country: str | None = None
    aliases: tuple[str, ...] = ()


GAZETTEER = {
    "harbour bureau": Entry("Harbour Bureau", "STATE_BODY", "EE"),
    "hb": Entry("Harbour Bureau", "STATE_BODY", "EE"),
}


def test_a_reference_schema_reads_as_the_type_of_its_nearest_listed_ancestor() -> None:
    assert reference_type("Person") == "PERSON"
    assert reference_type("PublicBody") == "STATE_BODY"  # a PublicBody is an Organization too: the nearer one wins
    assert reference_type("Company") == "ORG"
    assert reference_type("LegalEntity") == "ORG"
    assert reference_type("Sanction") is None and reference_type("NoSuchSchema") is None


def test_dataset_names_drop_the_file_suffixes() -> None:
    assert dataset_name("/data/us_ofac_sdn.json.gz") == "us_ofac_sdn"
    assert dataset_name("x/.json") == "reference"


def test_reference_rows_keep_comparable_named_entities_and_count_the_rest() -> None:
    lines = [
        json.dumps(d)
        for d in [
            {
                "id": "a",
                "schema": "Company",
                "properties": {"name": ["Harbour Holdings"], "alias": ["HH"], "country": ["ee"]},
            },
            {"id": "b", "schema": "Person", "properties": {}},
            {"id": "c", "schema": "Vessel", "properties": {"name": ["Sea Star"]}},
        ]
    ] + [""]
    skipped: Counter[str] = Counter()
    (row,) = reference_rows(lines, "set.json", "set", skipped)
    assert (row["id"], row["names"], row["countries"], row["dataset"]) == (
        "a",
        ["Harbour Holdings", "HH"],
        ["EE"],
        "set",
    )
    assert skipped == {"Person (no name)": 1, "Vessel": 1}
    with pytest.raises(InputError, match="set.json, line 2: not a JSON object"):
        list(reference_rows(['{"id": "a", "schema": "Person"}', "{oops"], "set.json", "set"))
    with pytest.raises(InputError, match="needs id and schema"):
        list(reference_rows(['{"id": "a"}'], "set.json", "set"))


def test_a_known_body_is_found_for_its_kind_of_type_and_its_countries() -> None:
    assert known_body(["HB"], "STATE_BODY", GAZETTEER) == "Harbour Bureau"
    assert known_body(["HB"], "ORG", GAZETTEER) == "Harbour Bureau"  # organisation types are compared as one
    assert known_body(["HB"], "PERSON", GAZETTEER) is None
    assert known_body(["HB"], "ORG", GAZETTEER, ["LV"]) is None  # an entity of other countries than the entry
    record = name_record("Harbour Bureau", "ORG", GAZETTEER, "a")
    assert (record.id, record.names, record.gazetteer) == ("a", ("Harbour Bureau",), "Harbour Bureau")


def test_xref_compares_matchable_parties_and_joins_organisation_types() -> None:
    parties = [
        Party("ent-hb", "STATE_BODY", "Harbour Bureau", "EE", ("HB",)),
        Party("ent-tallinn", "GPE", "Tallinn", "EE"),
        Party("ent-mari", "PERSON", "Mari Tamm", "EE"),
    ]
    rows = [
        {
            "id": "r1",
            "schema": "Organization",
            "name": "Harbour Bureau",
            "names": ["Harbour Bureau"],
            "countries": ["EE"],
            "dataset": "set",
            "raw": "{}",
        },
        {
            "id": "r2",
            "schema": "Company",
            "name": "Tallinn",
            "names": ["Tallinn"],
            "countries": [],
            "dataset": "set",
            "raw": "{}",
        },
        {
            "id": "r3",
            "schema": "Person",
            "name": "Mari Tamm",
            "names": ["Mari Tamm"],
            "countries": [],
            "dataset": "set",
            "raw": json.dumps({"properties": {"position": ["Director, Harbour Bureau"], "topics": ["role.pep"]}}),
        },
    ]
    named_only = {m["reference_id"]: m for m in xref(parties, rows, GAZETTEER)}
    assert set(named_only) == {"r1", "r3"}  # a place is never compared
    assert (
        named_only["r1"]["status"] == "same"
        and "Organization compared as STATE_BODY" in named_only["r1"]["explanations"]
    )
    assert named_only["r3"]["status"] == "possible" and named_only["r3"]["topics"] == ["role.pep"]
    placed = {
        m["reference_id"]: m for m in xref(parties, rows, GAZETTEER, [("ent-mari", "leads", ("Harbour Bureau", "HB"))])
    }
    assert placed["r3"]["status"] == "same"
    assert placed["r3"]["also_matches"] == ["position 'Director, Harbour Bureau' names 'harbour bureau'"]
    located = xref(parties, rows, GAZETTEER, [("ent-mari", "located_in", ("Harbour Bureau",))])
    assert [m["status"] for m in located if m["reference_id"] == "r3"] == ["possible"]  # not a position
