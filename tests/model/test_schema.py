"""The schema and the pattern data are data: lint them like code."""

import pytest

from threadline.errors import SchemaError
from threadline.extract.patterns import load_patterns
from threadline.model import SCHEMA
from threadline.model.names import fold


def test_schema_vocabularies():
    assert set(SCHEMA.entity_types) == {"PERSON", "ORG", "STATE_BODY", "GPE", "EVENT", "LAW", "FACILITY"}
    assert set(SCHEMA.stances) == {"alleges", "states", "confirms", "denies", "reports"}
    assert "employed_by" in SCHEMA.predicates
    assert SCHEMA.person_types == {"PERSON"}


def test_schema_rejects_unknown_values():
    with pytest.raises(SchemaError, match="unknown stance"):
        SCHEMA.check_stance("whispers")
    with pytest.raises(SchemaError, match="unknown entity type"):
        SCHEMA.check_type("ANIMAL")


def test_every_gazetteer_entry_is_typed_and_sourced():
    patterns = load_patterns()
    assert len(patterns.gazetteer) >= 90
    for entry in patterns.gazetteer:
        assert entry.type in SCHEMA.entity_types, entry.name
        assert entry.source.strip(), entry.name


def test_no_gazetteer_name_belongs_to_two_entries():
    owners: dict[str, str] = {}
    for entry in load_patterns().gazetteer:
        for name in entry.names:
            key = fold(name) if not (name.isupper() and len(name) <= 8) else name
            assert owners.setdefault(key, entry.name) == entry.name, f"{name!r} in {owners[key]!r} and {entry.name!r}"


def test_generic_united_front_is_not_an_alias_of_the_department():
    patterns = load_patterns()
    assert patterns.by_key[fold("United Front")].name != patterns.by_key[fold("UFWD")].name


def test_lexicon_predicates_exist_in_schema():
    lex = load_patterns().lexicon
    for predicate in list(lex["roles"]) + list(lex["relation_verbs"]):
        SCHEMA.check_predicate(predicate)


def test_every_country_has_a_code_and_an_adjective():
    for country in load_patterns().countries:
        assert isinstance(country["code"], str) and len(country["code"]) == 2, country
        assert country.get("adjectives"), country["code"]
