"""Speakers the words do not name: a dropped subject, an impersonal cue, a quotation set after its speaker.

Written for this project; each case has its counterpart that must not fire, so the mechanism cannot pass
by claiming everything for the last claimant.
"""

import pytest

from threadline.extract.pipeline import extract
from threadline.model import Document

pytestmark = pytest.mark.model


def claimants(text: str, language: str) -> dict[str, str | None]:
    """The first words of each claim's sentence -> its claimant."""
    ex = extract(Document(text=text, language=language))
    return {c.evidence.sentence.split()[1]: c.claimant for c in ex.claims}


@pytest.mark.parametrize("text, language, second", [
    ("La Fiscalía de Valencia afirma que la empresa ocultó pagos a varios concejales. "
     "Además, añade que el director conocía todos los contratos firmados con el Ayuntamiento de Valencia.", "es", "añade"),
    ("Il Comune di Prato ha dichiarato che i controlli sono stati rafforzati in tutta la provincia. "
     "Ha poi aggiunto che la Guardia di Finanza ha sequestrato tre magazzini.", "it", "poi"),
])
def test_a_dropped_subject_goes_on_in_the_last_claimants_name(text, language, second):
    found = claimants(text, language)
    first = next(iter(found.values()))
    assert first is not None and found[second] == first  # not the body named after the verb


def test_a_subject_after_its_verb_is_the_speaker_not_the_last_claimant():
    found = claimants("La Fiscalía de Valencia afirma que la empresa ocultó pagos a varios concejales. "
                      "Además, añade el alcalde Juan Pérez que nadie conocía los contratos.", "es")
    assert found["añade"] == "Juan Pérez"


def test_an_infinitive_has_no_subject_to_drop():
    found = claimants("La Fiscalía de Valencia afirma que la empresa ocultó pagos. "
                      "Tras confirmar que los pagos existieron, el Ayuntamiento de Valencia cerró la investigación.", "es")
    assert found.get("confirmar") != found["Fiscalía"]


def test_german_impersonal_cue_is_not_the_addressees_claim():
    """'heißt es in einer Antwort auf die Anfrage des Abgeordneten X': X asked; the answer goes on in the
    name of whoever the text gave it to."""
    found = claimants("Laut Bundesamt für Verfassungsschutz sind in Deutschland zwei Büros aktiv. "
                      "Diese würden enge Kontakte zu den Konsulaten pflegen, heißt es in einer Antwort auf die "
                      "Anfrage des Abgeordneten Max Keller.", "de")
    assert found["würden"] == "Bundesamt für Verfassungsschutz"


@pytest.mark.parametrize("text, owner", [
    ("Die Büros seien im Sommer geschlossen worden, heißt es im Bericht der Bundespolizei.", "Bundespolizei"),
    ("Amnesty International warnte vor neuen Drohungen. "
     "Die Büros seien im Sommer geschlossen worden, heißt es im Bericht von Human Rights Watch.", "Human Rights Watch"),
])
def test_german_impersonal_cue_cites_the_owner_of_the_report(text, owner):
    assert claimants(text, "de")["Büros"] == owner


@pytest.mark.parametrize("text, language, actor", [
    ("El Ministerio de Defensa, que dirige Ana Ruiz, no «tiene ningún contrato con la empresa para vender armas».",
     "es", "Ministerio de Defensa"),
    ("Le ministère de l'Intérieur «n'a aucun accord avec la police chinoise», selon une réponse écrite.",
     "fr", "ministère de l'Intérieur"),
    ('Amnesty International "strongly condemns the arrest of the three students" in Leeds.', "en",
     "Amnesty International"),
])
def test_a_quotation_set_right_after_an_actor_is_the_actors_words(text, language, actor):
    ex = extract(Document(text=text, language=language))
    assert [c.claimant for c in ex.claims] == [actor]


@pytest.mark.parametrize("text", [
    'Reporters visited the so-called "service stations" in three cities last week.',
    "The embassy's \"service centres\" opened in three cities in 2019 and were closed by the police.",
])
def test_a_quoted_term_is_nobodys_predicate(text):
    ex = extract(Document(text=text, language="en"))
    assert all(c.claimant is None for c in ex.claims)
