"""Alias grouping. Rule functions are pure; the grouper runs on a blank pipeline
with hand-made mention spans, so no trained model is needed."""

import pytest
import spacy
from spacy.tokens import Doc

from threadline.extract.components.entities import (
    EntityGrouper,
    acronym_fits,
    near_spelling,
    one_letter_slip,
)
from threadline.extract.components.mentions import Candidate
from threadline.extract.patterns import load_patterns

for attr in ("tl_mentions", "tl_entities"):
    if not Doc.has_extension(attr):
        Doc.set_extension(attr, default=None)


def test_one_letter_slips():
    assert one_letter_slip("kwon", "kwong")
    assert one_letter_slip("defender", "defenders")
    assert not one_letter_slip("wei", "wen")  # substitution, and too short
    assert not one_letter_slip("jinping", "jinming")  # substitution


def test_near_spelling_needs_long_names_and_one_slip():
    assert near_spelling("chung ching kwon", "chung ching kwong")
    assert near_spelling("safeguard defender", "safeguard defenders")
    assert not near_spelling("wang wei", "wang wen")
    assert not near_spelling("chen jinping", "chen jinming")
    assert not near_spelling("fuzhou public security bureau", "fuqing public security bureau")


def test_acronym_fits_initials_in_any_order():
    assert acronym_fits("OCAO", "Overseas Chinese Affairs Office")
    assert acronym_fits("DTFU", "United Front Work Department")  # French word order
    assert not acronym_fits("RCMP", "Safeguard Defenders")


def group(text: str, spans: list[tuple[str, str]], source: str = "ner", language: str = "en") -> list[list[str]]:
    """Run the grouper on a blank pipeline with mentions at the given surface forms."""
    nlp = spacy.blank("en")
    doc = nlp(text)
    if not Doc.has_extension("tl_language"):
        Doc.set_extension("tl_language", default=None)
    doc._.tl_language = language
    mentions = []
    for surface, kind in spans:
        start_char = text.index(surface)
        while any(m.start_char == start_char for m, _ in mentions):
            start_char = text.index(surface, start_char + 1)
        mentions.append((doc.char_span(start_char, start_char + len(surface)), kind))
    doc._.tl_mentions = [Candidate(s.start, s.end, kind, source) for s, kind in mentions]
    doc = EntityGrouper(load_patterns())(doc)
    return [sorted(g.forms) for g in doc._.tl_entities]


def test_bracketed_acronym_joins_its_name():
    groups = group("The Overseas Chinese Affairs Office ( OCAO ) was named.", [("Overseas Chinese Affairs Office", "STATE_BODY")])
    assert ["OCAO", "Overseas Chinese Affairs Office"] in groups


def test_surname_and_titled_forms_join_the_full_name():
    text = "Laura Harth spoke . Later Harth added more . Mr Harth left ."
    groups = group(text, [("Laura Harth", "PERSON"), ("Harth", "PERSON"), ("Mr Harth", "PERSON")])
    assert groups == [["Harth", "Laura Harth", "Mr Harth"]]


def test_ambiguous_surname_stays_apart():
    text = "Wang Jingyu spoke . Wang Wenbin replied . Wang said more ."
    groups = group(text, [("Wang Jingyu", "PERSON"), ("Wang Wenbin", "PERSON"), ("Wang", "PERSON")])
    assert len(groups) == 3


def test_misspelling_joins_but_different_people_do_not():
    text = "Chung Ching Kwong wrote . Chung Ching Kwon added . Wang Wei met Wang Wen ."
    groups = group(text, [("Chung Ching Kwong", "PERSON"), ("Chung Ching Kwon", "PERSON"), ("Wang Wei", "PERSON"), ("Wang Wen", "PERSON")])
    assert ["Chung Ching Kwon", "Chung Ching Kwong"] in groups
    assert ["Wang Wei"] in groups and ["Wang Wen"] in groups


def test_institution_with_place_joins_bare_form_and_country_name_forms_join():
    text = "The Chinese embassy in Dublin denied it . The Chinese embassy said no . China and the People's Republic of China agree ."
    groups = group(text, [("Chinese embassy in Dublin", "STATE_BODY"), ("Chinese embassy", "STATE_BODY"),
                          ("China", "GPE"), ("People's Republic of China", "GPE")])
    assert ["Chinese embassy", "Chinese embassy in Dublin"] in groups
    assert ["China", "People's Republic of China"] in groups


def test_country_possessive_and_adjective_forms_join():
    text = "China's foreign ministry said so . The Chinese foreign ministry agreed ."
    groups = group(text, [("China's foreign ministry", "STATE_BODY"), ("Chinese foreign ministry", "STATE_BODY")])
    assert len(groups) == 1


def test_different_types_never_join():
    text = "The State Council issued the State Council decree ."
    groups = group(text, [("State Council", "STATE_BODY"), ("State Council decree", "LAW")])
    assert len(groups) == 2


@pytest.mark.parametrize("name", ["Fuzhou Public Security Bureau", "Fuqing Public Security Bureau"])
def test_sibling_bureaus_stay_apart(name):
    text = "The Fuzhou Public Security Bureau and the Fuqing Public Security Bureau both run stations ."
    groups = group(text, [("Fuzhou Public Security Bureau", "STATE_BODY"), ("Fuqing Public Security Bureau", "STATE_BODY")])
    assert [name] in groups


def test_an_acronym_spelled_by_a_name_of_the_document_joins_it_without_brackets():
    text = "De Verenigde Naties zwijgen . Volgens de VN is er geen bewijs ."
    groups = group(text, [("Verenigde Naties", "ORG"), ("VN", "ORG")], language="nl")
    assert ["VN", "Verenigde Naties"] in groups
    text = "Die Vereinten Nationen und der Internationale Strafgerichtshof schweigen . Die VN und der IS ."
    groups = group(
        text,
        [("Vereinten Nationen", "ORG"), ("Internationale Strafgerichtshof", "ORG"), ("VN", "ORG"), ("IS", "ORG")],
        language="de",
    )
    assert ["VN", "Vereinten Nationen"] in groups and ["IS", "Internationale Strafgerichtshof"] in groups


def test_an_acronym_two_names_spell_joins_neither():
    text = "Der Volksrat Niedersachsen und die Vereinigten Nationen tagten . Die VN schweigen ."
    groups = group(
        text, [("Volksrat Niedersachsen", "ORG"), ("Vereinigten Nationen", "ORG"), ("VN", "ORG")], language="de"
    )
    assert ["VN"] in groups


def test_german_possessive_is_the_name_and_never_its_canonical_form():
    text = "China bestreitet alles . Chinas Botschaft schwieg . Chinas Regierung auch ."
    groups = group(text, [("China", "GPE"), ("Chinas", "GPE"), ("Chinas", "GPE")], language="de")
    assert groups == [["China", "Chinas"]]
    assert len(group(text, [("China", "GPE"), ("Chinas", "GPE")], language="en")) == 2  # no such genitive in English


def test_a_body_named_by_its_country_after_it_or_in_an_of_phrase_is_one_body():
    text = "El Ministerio de Exteriores chino negó todo . El Ministerio de Exteriores de China insistió ."
    groups = group(
        text,
        [("Ministerio de Exteriores chino", "STATE_BODY"), ("Ministerio de Exteriores de China", "STATE_BODY")],
        language="es",
    )
    assert len(groups) == 1
    text = "El Gobierno de la República Popular China calla . El Gobierno habló ."
    groups = group(
        text, [("Gobierno de la República Popular China", "STATE_BODY"), ("Gobierno", "STATE_BODY")], language="es"
    )
    assert len(groups) == 2  # a bare head is not the head of another country's body


def test_a_law_s_short_name_joins_the_one_longer_law_it_begins_and_neither_of_two():
    text = "Het Verdrag van Lissabon inzake vervoer geldt . Het Verdrag van Lissabon ook ."
    groups = group(
        text, [("Verdrag van Lissabon inzake vervoer", "LAW"), ("Verdrag van Lissabon", "LAW")], language="nl"
    )
    assert len(groups) == 1
    text = (
        "Het Verdrag van Lissabon inzake vervoer en het Verdrag van Lissabon inzake handel . Het Verdrag van Lissabon ."
    )
    spans = [("Verdrag van Lissabon inzake vervoer", "LAW"), ("Verdrag van Lissabon inzake handel", "LAW")]
    groups = group(text, [*spans, ("Verdrag van Lissabon", "LAW")], language="nl")
    assert len(groups) == 3


def test_a_german_body_s_bare_head_in_the_genitive_is_the_body_and_never_its_name():
    text = "Der Hessische Verfassungsschutz warnte . Ein Sprecher des Verfassungsschutzes bestätigte das ."
    groups = group(text, [("Hessische Verfassungsschutz", "STATE_BODY")], source="institution", language="de")
    assert groups == [["Hessische Verfassungsschutz", "Verfassungsschutzes"]]
    nlp = spacy.blank("en")
    doc = nlp(text)
    doc._.tl_language = "de"
    start = text.index("Hessische")
    span = doc.char_span(start, start + len("Hessische Verfassungsschutz"))
    doc._.tl_mentions = [Candidate(span.start, span.end, "STATE_BODY", "institution", None, "DE")]
    names = [g.name for g in EntityGrouper(load_patterns())(doc)._.tl_entities]
    assert names == ["Hessische Verfassungsschutz"]


def test_a_bare_head_two_bodies_share_or_a_language_without_noun_capitals_joins_nothing():
    text = "Der Hessische Verfassungsschutz und das Bundesamt für Verfassungsschutz warnten . Der Verfassungsschutz schwieg ."
    spans = [("Hessische Verfassungsschutz", "STATE_BODY"), ("Bundesamt für Verfassungsschutz", "STATE_BODY")]
    groups = group(text, spans, source="institution", language="de")
    assert len(groups) == 2 and not any("Verfassungsschutz" in forms for forms in groups)
    text = "The Hessian Council met . Later the Council of Europe spoke ."
    assert group(text, [("Hessian Council", "STATE_BODY")], source="institution", language="en") == [["Hessian Council"]]


def test_the_words_a_language_names_its_government_by_are_one_body():
    text = "El Gobierno lo niega . El Ejecutivo añade que no hay pruebas ."
    assert len(group(text, [("Gobierno", "STATE_BODY"), ("Ejecutivo", "ORG")], language="es")) == 1
    text = "The Government denies it . The Executive adds more ."
    assert len(group(text, [("Government", "STATE_BODY"), ("Executive", "ORG")], language="en")) == 2


def test_one_rare_word_is_the_organisation_it_names_with_a_head_noun_unless_a_person_bears_it():
    text = "Students at Halvorsen University protested . Halvorsen banned the group ."
    groups = group(text, [("Halvorsen University", "ORG"), ("Halvorsen", "PERSON")])
    assert groups == [["Halvorsen", "Halvorsen University"]]
    text = "Erik Halvorsen taught at Halvorsen University . Halvorsen left ."
    groups = group(text, [("Erik Halvorsen", "PERSON"), ("Halvorsen University", "ORG"), ("Halvorsen", "PERSON")])
    assert ["Halvorsen University"] in groups  # the surname is the person's
    text = "Students at State University protested . State banned the group ."
    assert len(group(text, [("State University", "ORG"), ("State", "ORG")])) == 2  # a common word names nothing alone


def test_an_acronym_with_a_plural_s_is_the_acronym():
    text = "The Nordic Students Union ( NSU ) grew . Several NSUs objected ."
    groups = group(text, [("Nordic Students Union", "ORG"), ("NSU", "ORG")])
    assert groups == [["NSU", "NSUs", "Nordic Students Union"]]
