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


def test_code_asks_entity_type_properties_of_the_schema():
    assert SCHEMA.types_with("actor") == ("PERSON", "ORG", "STATE_BODY")
    assert SCHEMA.types_with("organisation") == ("ORG", "STATE_BODY")
    assert SCHEMA.types_with("place") == ("GPE", "FACILITY")
    assert SCHEMA.is_a("STATE_BODY", "state_body") and not SCHEMA.is_a("ORG", "state_body")
    assert set(SCHEMA.types_with("state_voice")) == {"STATE_BODY", "GPE"}
    assert set(SCHEMA.types_with("matchable")) == set(SCHEMA.reference_schemas().values())
    assert not SCHEMA.is_a(None, "person")
    with pytest.raises(SchemaError, match="no entity type has the property 'orgnisation'"):
        SCHEMA.is_a("ORG", "orgnisation")  # a misspelt property fails loudly instead of matching nothing


def test_fact_kinds_are_data():
    assert {k.prefix for k in SCHEMA.fact_kinds.values()} == {"clm-", "rel-", "evt-", "men-"}
    assert SCHEMA.fact_kind_of("evt-1234").name == "event" and SCHEMA.fact_kind_of("ent-1234") is None
    assert SCHEMA.fact_kind_in("claims").columns == {"stance", "text", "claimant_id", "about", "status"}
    assert SCHEMA.predicates_with("speaks_for") <= SCHEMA.predicates_with("position")
    with pytest.raises(SchemaError):
        SCHEMA.fact_kind_in("entities")
