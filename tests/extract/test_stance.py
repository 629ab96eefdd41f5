"""Stance on sentences written for these tests: who asserts misconduct of whom, and when it is no accusation."""

import pytest

from threadline.extract.pipeline import extract
from threadline.model import Document


def stance_of(text: str, fragment: str, language: str = "en", nlp=None) -> str:
    ex = extract(Document(text=text, language=language), nlp=nlp)
    found = [c for c in ex.claims if fragment in c.evidence.sentence]
    assert found, f"no claim on {fragment!r}: {[(c.claimant, c.stance, c.evidence.sentence[:60]) for c in ex.claims]}"
    return found[0].stance


@pytest.mark.parametrize("text, fragment, language", [
    ("Li Wei runs a bakery in Rotterdam. Li Wei said officers from the consulate had harassed his family for months.",
     "harassed", "en"),
    ("Anna de Vries woont in Utrecht. Sindsdien wordt zij voortdurend lastiggevallen, vertelde Anna de Vries aan de krant.",
     "lastiggevallen", "nl"),
    ("Marco Bianchi vive a Prato. Marco Bianchi ha detto che la polizia cinese lo aveva minacciato più volte.",
     "minacciato", "it"),
])
def test_a_persons_account_of_misconduct_alleges_it_whatever_the_verb(text, fragment, language):
    assert stance_of(text, fragment, language) == "alleges"


def test_an_office_holder_who_names_misconduct_states_a_position():
    text = ("Security Minister Ana Reyes spoke in parliament on Tuesday. "
            "Ana Reyes said the offices had been opened without permission and had intimidated residents.")
    assert stance_of(text, "intimidated") == "states"


def test_misconduct_someone_opposes_is_no_accusation():
    text = "Ana Reyes is a councillor in Leeds. Ana Reyes said the city would protect residents against harassment."
    assert stance_of(text, "against harassment") == "states"


def test_misconduct_in_a_hypothetical_clause_is_no_accusation():
    text = ("Jan Müller ist Abgeordneter in Berlin. "
            "Wenn sich der Spionageverdacht bestätigt, muss die Regierung handeln, sagte Jan Müller am Montag.")
    assert stance_of(text, "Spionageverdacht", "de") != "alleges"


def test_a_compatriot_of_the_accused_state_is_not_its_voice_unless_they_hold_its_office():
    dissident = ("Wang Hao, a Chinese dissident, lives in Amsterdam. "
                 "Wang Hao said the embassy had followed and threatened him.")
    assert stance_of(dissident, "threatened") == "alleges"
    official = ("A Chinese embassy spokesperson, Liu Qing, spoke on Monday. "
                "Liu Qing said the embassy had not threatened anyone.")
    assert stance_of(official, "not threatened") == "denies"


def test_a_prosecutors_office_confirming_a_fact_confirms_it():
    text = "The Lisbon Public Prosecutor's Office confirmed in October that it was investigating the two associations."
    assert stance_of(text, "investigating") == "confirms"
