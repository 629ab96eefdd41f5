"""Names, bodies and places in languages read by rules (German, Dutch, Italian, Spanish): the
English model's spans checked against the language's common words, and state bodies read from
each language's data file. Sentences written for these tests."""

import gzip
import json
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadline.extract.common_words import TABLE, build, common_words, is_common
from threadline.extract.languages import language_data, languages
from threadline.extract.pipeline import extract
from threadline.model import Document
from threadline.model.names import fold


def entities(text: str, language: str) -> dict[str, object]:
    ex = extract(Document(text=text, language=language))
    return {e.name: e for e in ex.entities}


# -- data ------------------------------------------------------------------------------


def test_shipped_common_words_equal_a_fresh_build():
    shipped = json.loads(gzip.decompress(resources.files("threadline.extract.patterns").joinpath(TABLE).read_bytes()))
    assert shipped["words"] == build()


def test_common_words_are_the_language_s_own_and_names_are_not():
    assert is_common("Zudem", "de") and is_common("sicherheit", "de") and is_common("daarnaast", "nl")
    assert is_common("inoltre", "it") and is_common("gobierno", "es")
    for name in ("merkel", "kiesewetter", "jansen", "rossi", "fiedler"):  # names every language's news carries
        assert not any(is_common(name, lang) for lang in ("de", "nl", "it", "es"))
    assert not common_words("xx")


def test_every_language_file_reads_and_names_its_country_names():
    assert {"de", "nl", "it", "es", "fr", "en"} <= set(languages())
    de = language_data("de")
    assert de.capitalises_nouns and "für" in de.of_words and de.adjectives["chinesischen"] == "CN"
    assert de.territories[fold("Tschechien")] == "CZ"  # from CLDR
    assert de.head_of("Bundesinnenministerium") == "ministerium" and de.head_of("Zudem") is None
    assert language_data("es").adjectives["chinas"] == "CN" and language_data("nl").adjectives["chinese"] == "CN"
    assert language_data("xx").function_words == frozenset()


# -- names without a model -------------------------------------------------------------

pytestmark_model = pytest.mark.model


@pytest.mark.model
def test_german_capitalised_nouns_and_adverbs_are_not_names():
    found = entities("Zudem kritisierte der Abgeordnete Jürgen Wendler die Bundesregierung scharf. "
                     "Allerdings gebe es keinerlei Sicherheit für die Betroffenen, sagte Wendler. "
                     "Laut Bundesinnenministerium sind zwei Stationen in Hamburg und Prag aktiv.", "de")
    assert not {"Zudem", "Allerdings", "Sicherheit", "Betroffenen", "Laut Bundesinnenministerium"} & set(found)
    assert found["Jürgen Wendler"].type == "PERSON"
    assert found["Bundesregierung"].type == "STATE_BODY" and found["Bundesregierung"].country == "DE"
    assert found["Bundesinnenministerium"].type == "STATE_BODY"
    assert found["Hamburg"].type == found["Prag"].type == "GPE"


@pytest.mark.model
def test_german_state_bodies_by_nationality_and_by_name():
    found = entities("Die chinesische Regierung wies die Vorwürfe zurück. Das Bundesamt für Migration und "
                     "Flüchtlinge prüft die Fälle, der Bundesnachrichtendienst (BND) schweigt.", "de")
    assert found["chinesische Regierung"].type == "STATE_BODY" and found["chinesische Regierung"].country == "CN"
    assert found["Bundesamt für Migration und Flüchtlinge"].type == "STATE_BODY"
    assert "BND" in found["Bundesnachrichtendienst"].aliases


@pytest.mark.model
def test_dutch_bodies_places_and_particles():
    found = entities("Daarnaast heeft de politie van Qingtian een kantoor in Rotterdam geopend. Dat zegt "
                     "Kamerlid Pieter van der Berg. Het ministerie van Justitie en Veiligheid onderzoekt de zaak, "
                     "en ook de Chinese overheid werd gevraagd.", "nl")
    assert "Daarnaast" not in found
    assert found["politie van Qingtian"].type == "STATE_BODY" and found["Qingtian"].type == "GPE"
    assert found["Rotterdam"].type == "GPE"
    assert found["Pieter van der Berg"].type == "PERSON"
    assert found["ministerie van Justitie en Veiligheid"].type == "STATE_BODY"
    assert found["Chinese overheid"].country == "CN"


@pytest.mark.model
def test_italian_coordinated_places_and_local_police():
    found = entities("Inoltre la questura di Torino ha indagato su due stazioni aperte a Firenze e Bologna. "
                     "Già nel 2022 la polizia cinese aveva negato tutto.", "it")
    assert not {"Inoltre", "Già", "Firenze e Bologna"} & set(found)
    assert found["questura di Torino"].type == "STATE_BODY" and found["questura di Torino"].country == "IT"
    assert found["Torino"].type == found["Firenze"].type == found["Bologna"].type == "GPE"
    assert found["polizia cinese"].type == "STATE_BODY" and found["polizia cinese"].country == "CN"


@pytest.mark.model
def test_spanish_government_and_named_police_bodies():
    found = entities("Según el Ministerio del Interior, la Guardia Civil y la Policía Nacional investigan el caso. "
                     "Además, el Gobierno ha pedido explicaciones al diputado de Grupo Mixto Mario Benítez.", "es")
    assert found["Ministerio del Interior"].type == "STATE_BODY"
    assert found["Guardia Civil"].country == found["Policía Nacional"].country == "ES"
    assert found["Gobierno"].type == "STATE_BODY"
    assert found["Mario Benítez"].type == "PERSON" and "Además" not in found


@pytest.mark.model
def test_german_possessives_are_their_names_and_land_bodies_their_country_s():
    found = entities(
        "China weist das zurück. Chinas Behörden schweigen, und Menschenrechtler kritisieren Chinas "
        "Bespitzelungskampagne. Das bayerische Innenministerium, das Landeskriminalamt und die hessische Polizei ermitteln.",
        "de",
    )
    assert "Chinas" in found["China"].aliases and "Chinas" not in found
    assert found["Chinas Behörden"].type == "STATE_BODY" and found["Chinas Behörden"].country == "CN"
    assert (
        found["bayerische Innenministerium"].type == "STATE_BODY"
        and found["bayerische Innenministerium"].country == "DE"
    )
    assert found["hessische Polizei"].country == "DE" and found["Landeskriminalamt"].type == "STATE_BODY"
    assert not {"Menschenrechtler", "Chinas Bespitzelungskampagne", "Bespitzelungskampagne"} & set(found)


def test_german_compounds_on_a_linking_ending_or_a_noun_suffix_are_common_words():
    from threadline.extract.components.rule_names import _common_compound

    de = language_data("de")
    common = common_words("de")
    assert _common_compound("bespitzelungsvorwurf", common, de.compound_links)  # "-ungs" + "vorwurf"
    assert not _common_compound("bespitzelungsvorwurf", common)  # the first part alone is too rare a word
    assert not _common_compound("kiesewetter", common, de.compound_links)  # a surname: "kiese" has no linking ending


@pytest.mark.model
def test_dutch_title_before_a_name_with_particles_is_cut_and_the_name_kept_whole():
    found = entities(
        "Ingediend 3 maart 2023\nIndieners Marieke van der Bosch (VVD), Joost Jansen (CDA)\n"
        "Beantwoord door Pieter Smit (CDA)",
        "nl",
    )
    assert found["Marieke van der Bosch"].type == "PERSON"
    assert not any(name.startswith("Indieners") for name in found)


@pytest.mark.model
def test_dutch_acronym_of_a_name_in_the_document_is_its_alias():
    found = entities("Kamerlid Femke de Jong schreef aan de Verenigde Naties. De VN reageerden niet.", "nl")
    assert "VN" in found["Verenigde Naties"].aliases and "VN" not in found


@pytest.mark.model
@pytest.mark.parametrize(
    "lang, text, full, bare",
    [
        (
            "es",
            "La diputada Lucía Ferrándiz, portavoz del grupo, habló el lunes. Según Ferrándiz, la policía no actuó.",
            "Lucía Ferrándiz",
            "Ferrándiz",
        ),
        (
            "nl",
            "Kamerlid Femke Hoogeveld stelde vragen. Volgens Hoogeveld doet de politie niets.",
            "Femke Hoogeveld",
            "Hoogeveld",
        ),
        (
            "de",
            "Die Abgeordnete Katrin Lehmann kritisierte die Regierung. Lehmann sagte, das sei falsch.",
            "Katrin Lehmann",
            "Lehmann",
        ),
        (
            "it",
            "La deputata Giulia Ferracuti ha parlato lunedì. Secondo Ferracuti la polizia non ha agito.",
            "Giulia Ferracuti",
            "Ferracuti",
        ),
    ],
)
def test_a_bare_surname_after_a_titled_full_name_is_the_same_person(lang, text, full, bare):
    found = entities(text, lang)
    assert found[full].type == "PERSON" and bare in found[full].aliases and bare not in found


@pytest.mark.model
def test_spanish_body_of_a_country_by_of_phrase_and_by_adjective_is_one_body():
    found = entities(
        "El Gobierno chino rechazó las acusaciones. El Gobierno de la República Popular China dijo que "
        "no hay comisarías. El Gobierno de España pidió calma.",
        "es",
    )
    assert "Gobierno de la República Popular China" in found["Gobierno chino"].aliases
    assert found["Gobierno chino"].country == "CN" and found["Gobierno de España"].country == "ES"


@pytest.mark.model
@pytest.mark.parametrize(
    "lang, text, kept",
    [
        (
            "de",
            "Startseite Politik Download PDF Teilen\nDie Polizei in Hamburg ermittelt.\nShare Drucken Newsletter",
            "Hamburg",
        ),
        (
            "nl",
            "Home Nieuws Download PDF Delen\nDe politie in Utrecht onderzoekt de zaak.\nShare Print Menu",
            "Utrecht",
        ),
        ("it", "Home Cronaca Download PDF Condividi\nLa polizia di Bari indaga sul caso.", "Bari"),
        (
            "en",
            "Home News Download PDF Share\nPolice in Leeds are investigating.\nShare this article Print Menu",
            "Leeds",
        ),
    ],
)
def test_web_page_furniture_never_becomes_an_entity(lang, text, kept):
    found = entities(text, lang)
    assert kept in found
    furniture = {"download", "pdf", "share", "print", "menu", "teilen", "delen", "condividi", "drucken", "newsletter"}
    assert not [n for n in found if furniture & set(fold(n).split())], sorted(found)


@pytest.mark.model
def test_a_common_word_listed_among_known_places_is_a_place():
    found = entities("Gli uffici si trovano a Roma, Bolzano, Venezia, Firenze e Prato, secondo il rapporto.", "it")
    assert all(found[name].type == "GPE" for name in ("Roma", "Bolzano", "Venezia", "Firenze", "Prato"))
    found = entities("Venezia ha detto lunedì che nulla è cambiato.", "it")  # alone, it is no place the rules know
    assert "Venezia" not in found or found["Venezia"].type != "PERSON"


@pytest.mark.model
@pytest.mark.parametrize(
    "lang, text, country_name, body",
    [
        (
            "it",
            "Le forze di polizia della Repubblica popolare cinese operano in Italia. La Cina tace.",
            "Repubblica popolare cinese",
            "polizia della Repubblica popolare cinese",
        ),
        (
            "de",
            "Die Botschaft der Volksrepublik China schweigt. China weist alles zurück.",
            "Volksrepublik China",
            "Botschaft der Volksrepublik China",
        ),
    ],
)
def test_a_country_s_long_name_in_any_case_is_the_country_and_names_its_body(lang, text, country_name, body):
    found = entities(text, lang)
    assert found[body].type == "STATE_BODY" and found[body].country == "CN"
    china = next(e for e in found.values() if e.type == "GPE" and e.country == "CN")
    assert country_name in (china.name, *china.aliases)


@pytest.mark.model
def test_dutch_portfolios_modifiers_and_nationality_before_a_known_ministry():
    found = entities(
        "Beantwoord door Mark Visser (minister buitenlandse zaken) (VVD). De openbare veiligheidsdienst van "
        "Wenzhou zou een kantoor hebben. Volgens het Nederlandse ministerie van Buitenlandse Zaken is dat verboden.",
        "nl",
    )
    assert found["buitenlandse zaken"].type == "STATE_BODY"
    assert found["openbare veiligheidsdienst van Wenzhou"].country == "CN"
    assert (
        found["Nederlandse ministerie van Buitenlandse Zaken"].country == "NL"
    )  # a gazetteer entry, and its adjective
    assert "Mark Visser" in found and "minister buitenlandse zaken" not in found


@pytest.mark.model
def test_german_organisation_heads_lone_state_heads_and_missions_of_a_country():
    found = entities(
        "Der in Bern ansässigen Welt-Jugend-Kongress der Tibeter protestierte. Konsulate und Behörden schweigen. "
        "Die chinesischen Vertretungen bestreiten alles, die Vertretungen der Volksrepublik China auch.",
        "de",
    )
    assert found["Welt-Jugend-Kongress der Tibeter"].type == "ORG"
    assert not {"Konsulate", "Behörden", "Welt", "Kongress der Tibeter"} & set(found)
    missions = found["chinesischen Vertretungen"]
    assert missions.type == "STATE_BODY" and missions.country == "CN"
    assert "Vertretungen der Volksrepublik China" in missions.aliases


@pytest.mark.model
def test_laws_by_the_language_s_law_nouns_in_either_case():
    found = entities(
        "Volgens het Verdrag van Lissabon mag dat niet. Wat houdt het verdrag van Lissabon in? Ook het "
        "VN vrouwenverdrag geldt, zegt de Verenigde Naties.",
        "nl",
    )
    assert found["Verdrag van Lissabon"].type == "LAW" and "verdrag van Lissabon" not in found  # one, case folded
    assert found["VN vrouwenverdrag"].type == "LAW"
    assert "Lissabon" not in found  # a treaty's place is no place the text speaks of


# -- the property ------------------------------------------------------------------------

_TEMPLATES = {
    "de": ["{w} sagte am Montag nichts.", "Am Montag sagte {w} nichts.", "{w}\nDer Bericht erschien am Montag."],
    "nl": ["{w} zei maandag niets.", "{w}\nHet rapport verscheen maandag."],
    "it": ["{w} ha detto lunedì che nulla è cambiato.", "{w}\nIl rapporto è uscito lunedì."],
    "es": ["{w} dijo el lunes que nada ha cambiado.", "{w}\nEl informe salió el lunes."],
}


def _common(lang: str) -> st.SearchStrategy[str]:
    words = sorted(w for w in common_words(lang) if w.isalpha() and len(w) > 2)
    return st.sampled_from(words)


@pytest.mark.model
@pytest.mark.parametrize("lang", sorted(_TEMPLATES))
def test_a_common_word_of_the_language_never_becomes_a_person_on_its_own(lang):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(word=_common(lang), template=st.sampled_from(_TEMPLATES[lang]))
    def check(word, template):
        text = template.format(w=word.capitalize())
        people = [e.name for e in extract(Document(text=text, language=lang)).entities if e.type == "PERSON"]
        assert fold(word) not in {fold(p) for p in people}, (text, people)

    check()


def test_a_common_word_left_over_beside_a_body_is_no_person():
    import spacy
    from spacy.tokens import Doc

    from threadline.extract.components.mentions import Candidate, reconcile

    if not Doc.has_extension("tl_language"):
        Doc.set_extension("tl_language", default=None)
    doc = spacy.blank("it")("Verbale Senato e poi Zanardelli Senato")
    doc._.tl_language = "it"
    found = [
        Candidate(1, 2, "STATE_BODY", "institution"), Candidate(0, 2, "PERSON", "ner"),  # "Verbale" | "Senato"
        Candidate(5, 6, "STATE_BODY", "institution"), Candidate(4, 6, "PERSON", "ner"),  # "Zanardelli" | "Senato"
    ]
    kept = {(doc[c.start:c.end].text, c.type) for c in reconcile(doc, found)}
    assert ("Verbale", "PERSON") not in kept  # a common Italian word
    assert ("Zanardelli", "PERSON") in kept  # a name the body left over
