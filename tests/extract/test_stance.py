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


@pytest.mark.parametrize("text, fragment, language", [
    ("The ministry of the interior said the reports about the offices were pure fabrication by hostile forces.",
     "pure fabrication", "en"),
    ("Das Innenministerium nannte die Berichte über die Büros eine haltlose Verleumdung.", "Verleumdung", "de"),
    ("Het ministerie van Buitenlandse Zaken zei dat de berichten over de kantoren een verzinsel waren.", "verzinsel", "nl"),
    ("Il Ministero degli Esteri ha detto che le notizie sugli uffici sono una calunnia.", "calunnia", "it"),
    ("El ministerio calificó las informaciones sobre las oficinas de bulo malintencionado.", "bulo", "es"),
])
def test_a_denial_without_a_negation_is_a_denial(text, fragment, language):
    """A verdict of falsehood ("fabrication", "Verleumdung", "bulo") rejects the claim as surely as "not"."""
    assert stance_of(text, fragment, language) == "denies"


def test_a_text_that_calls_a_claim_a_lie_in_its_own_voice_denies_it():
    assert stance_of("The whole story about secret offices in Lisbon is an outright political lie.", "political lie") \
        == "denies"
    assert stance_of("The association opened two offices in Lisbon in 2019.", "two offices") == "reports"


def test_a_rights_groups_word_of_falsehood_about_a_denial_is_no_denial():
    text = "Safeguard Defenders said the embassy's account of the offices was a lie and that they harassed residents."
    assert stance_of(text, "was a lie") == "alleges"


@pytest.mark.parametrize("text, fragment, language", [
    ("Portugal asegura que cuenta con oficinas de servicio y niega que hayan actuado como policía.", "niega", "es"),
    ("The embassy says the centres help residents with paperwork and denies that they act as police stations.",
     "denies that", "en"),
])
def test_a_denial_joined_to_the_cue_by_and_makes_the_claim_a_denial(text, fragment, language):
    assert stance_of(text, fragment, language) == "denies"


def test_a_chinese_verdict_of_falsehood_is_a_denial():
    text = "外交部发言人王强表示，所谓海外警务站的报道纯属捏造，是恶意抹黑。"
    assert stance_of(text, "纯属捏造", "zh") == "denies"
    assert stance_of("外交部发言人王强表示，服务站帮助华侨办理驾驶证。", "驾驶证", "zh") == "states"


def test_the_verb_lie_is_no_word_of_falsehood():
    assert stance_of("Frankfurt, the financial centre, lies in the state of Hesse.", "Hesse") == "reports"


def own_voice_stances(text: str, publisher: str | None = None, language: str = "en") -> dict[str, str]:
    ex = extract(Document(text=text, language=language, publisher=publisher))
    return {c.evidence.sentence: c.stance for c in ex.claims if c.claimant is None}


def test_a_prosecutors_own_account_of_misconduct_alleges_it_whatever_its_gazetteer_kind():
    text = ("The company opened an office in Newark in 2019. "
            "The office laundered money for a foreign ministry and bribed two customs officers over three years.")
    prosecutor = own_voice_stances(text, publisher="Springfield Department of Justice")
    news = own_voice_stances(text, publisher="The Springfield Gazette")
    laundered = next(s for s in prosecutor if "laundered" in s)
    assert prosecutor[laundered] == "alleges"
    assert news.get(laundered) == "reports"


def test_a_release_that_never_says_we_still_speaks_for_the_rights_group_that_issued_it():
    text = ("Press release\n\n"
            "Harbour Rights Watch publishes a new report on the city of Ostend. "
            "Harbour Rights Watch found that the offices in Ostend covertly monitored students from the region. "
            "Harbour Rights Watch counted nine offices in four cities.")
    stances = own_voice_stances(text)
    monitored = next((s for s in stances if "covertly" in s), None)
    if monitored is None:  # the group is the sentence's claimant: its finding
        ex = extract(Document(text=text, language="en"))
        assert [c.stance for c in ex.claims if "covertly" in c.evidence.sentence] == ["alleges"]
    else:
        assert stances[monitored] == "alleges"
    story = text.replace("Press release\n\n", "")
    assert "alleges" not in {v for k, v in own_voice_stances(story).items() if "covertly" in k}


def test_a_rights_groups_own_intention_is_its_position_even_before_a_committee_named_for_misconduct():
    text = ("Harbour Rights Watch is a rights group in Ostend. "
            "Harbour Rights Watch will testify before the Special Committee on Foreign Interference in March.")
    assert stance_of(text, "will testify") == "states"


def test_not_ruling_something_out_confirms_nothing():
    text = ("Interior Minister Ana Reyes spoke on Tuesday. "
            "Ana Reyes has not ruled out sanctions against the offices that opened without permission.")
    assert stance_of(text, "ruled out") != "confirms"


def test_a_spokesman_titled_by_a_compound_on_his_groups_name_speaks_for_it():
    text = ("Die Harbour Rights Watch (HRW) hat einen Bericht veröffentlicht. "
            "„Die Studenten werden seit Jahren überwacht“, erklärte der HRW-Sprecher Jan Berg in Bremen.")
    assert stance_of(text, "überwacht", "de") == "alleges"


@pytest.mark.parametrize("text, fragment, language", [
    ("Die Harbour Rights Watch (HRW) hat einen Bericht veröffentlicht. "
     "„Die Regierung muss jetzt handeln“, erklärte der HRW-Sprecher Jan Berg in Bremen.", "muss", "de"),
    ("Harbour Rights Watch is a rights group in Ostend. "
     "Harbour Rights Watch said the council should publish its budget in full.", "should", "en"),
])
def test_a_rights_group_saying_what_must_be_done_states_a_position(text, fragment, language):
    assert stance_of(text, fragment, language) == "states"


@pytest.mark.parametrize("text, fragment, language", [
    ("Pieter Jansen woont in Utrecht. Pieter Jansen zei dat gevangenen in het kamp werden gefolterd.", "gefolterd", "nl"),
    ("Pieter Jansen woont in Utrecht. Pieter Jansen zei dat zijn telefoon maandenlang werd afgeluisterd.", "afgeluisterd", "nl"),
    ("Jan Müller lebt in Bremen. Jan Müller sagte, die Beamten hätten Geldwäsche für die Firma betrieben.", "Geldwäsche", "de"),
])
def test_misconduct_words_of_each_language_make_a_persons_account_an_allegation(text, fragment, language):
    assert stance_of(text, fragment, language) == "alleges"


def test_a_report_named_by_its_own_title_speaks_in_the_documents_voice():
    title = "Silent Harbours - a report by Harbour Rights Watch\n\n"
    opening = "This latest report by Harbour Rights Watch documents forty cases of threats against students.\n\n"
    finding = "Silent Harbours (PDF) also documents the covert monitoring of students by consular staff in three cities."
    own = own_voice_stances(title + opening + finding)
    assert [v for k, v in own.items() if "covert monitoring" in k] == ["alleges"]
    story = "Harbour Daily\n\nThe council met on Monday.\n\n" + finding  # the title names another work: a source of its own
    assert [v for k, v in own_voice_stances(story).items() if "covert monitoring" in k] == ["states"]


def test_the_accused_states_own_statement_denies_what_it_says_is_not_so():
    text = ("Statement on the so-called liaison offices in Freedonia.\n\n"
            "There are no such liaison offices in Freedonia, and there never were. "
            "The community centre in Fredville hosts cultural events every month.")
    embassy = own_voice_stances(text, publisher="Embassy of the People's Republic of China in Freedonia")
    news = own_voice_stances(text, publisher="The Springfield Gazette")
    no_offices = next(s for s in embassy if "no such liaison offices" in s)
    assert embassy[no_offices] == "denies"
    assert news.get(no_offices) != "denies"  # an outlet's own negation reports; it rejects nothing


@pytest.mark.parametrize("text, fragment, language", [
    ("L'ambassade de Chine en Freedonie a publié un communiqué mardi. "
     "L'ambassade de Chine en Freedonie a déclaré que ces bureaux ne dépendent d'aucune autorité chinoise.",
     "ne dépendent", "fr"),
    ("The Embassy of China in Freedonia issued a statement on Tuesday. "
     "The Embassy of China in Freedonia said the offices were not run by any Chinese authority.",
     "not run", "en"),
])
def test_a_body_of_the_accused_state_named_by_an_of_phrase_denies_when_it_negates(text, fragment, language):
    assert stance_of(text, fragment, language) == "denies"


def test_an_intergovernmental_body_states_a_position_where_others_report():
    g7 = "The G7 met in Hiroshima in May. The G7 highlighted the growing number of police service stations abroad."
    firm = g7.replace("The G7", "Acme Consulting")
    assert stance_of(g7, "highlighted") == "states"
    assert stance_of(firm, "highlighted") == "reports"


@pytest.mark.parametrize("text, fragment, expected, language", [
    ("Harbour Rights Watch is a rights group in Ostend. \u201cThe harassment of students is a grave threat, and "
     "universities must do more to counter it,\u201d Harbour Rights Watch said.", "universities must", "states", "en"),
    ("Harbour Rights Watch is a rights group in Ostend. Harbour Rights Watch said the agents must persuade "
     "their targets to return by threats against their families.", "agents must", "alleges", "en"),
    ("Harbour Rights Watch est une association d'Ostende. Selon Harbour Rights Watch, les agents doivent "
     "persuader leur cible de rentrer par des menaces contre leur famille.", "doivent", "alleges", "fr"),
])
def test_a_rights_groups_call_to_act_is_its_position_but_a_duty_of_misconduct_is_an_allegation(
        text, fragment, expected, language):
    assert stance_of(text, fragment, language) == expected
