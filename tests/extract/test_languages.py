"""Dutch and Italian go through the English model: names from the gazetteer and capitalised words,
claims from word lists and the nearest actor, since the parse cannot be trusted."""

import pytest

from threadline.extract.pipeline import extract
from threadline.model import Document

pytestmark = pytest.mark.model


def claims(text):
    ex = extract(Document(text=text))
    return ex, {(c.claimant, c.stance) for c in ex.claims}


def test_dutch_claims_and_language():
    ex, found = claims("De Chinese ambassade in Den Haag ontkende dat er politiebureaus waren. "
                       "Volgens Safeguard Defenders werden dissidenten onder druk gezet. "
                       "Minister Wopke Hoekstra zei dat de kantoren moesten sluiten.")
    assert ex.extractor["language"] == "nl"
    assert ("Safeguard Defenders", "alleges") in found and ("Wopke Hoekstra", "states") in found
    assert any(stance == "denies" for _, stance in found)


def test_italian_places_are_split_and_connectives_are_not_names():
    ex, found = claims("Secondo Safeguard Defenders, la polizia cinese ha aperto stazioni a Prato e Milano.")
    names = {e.name: e.type for e in ex.entities}
    assert ex.extractor["language"] == "it"
    assert names.get("Prato") == "GPE" and names.get("Milano") == "GPE" and "Secondo" not in names
    assert ("Safeguard Defenders", "alleges") in found


FRENCH = (
    "L'ONG Safeguard Defenders affirme que la police chinoise a ouvert des bureaux clandestins à Paris. "
    "L'ambassade de Chine en France dément toute activité illégale. "
    "Le porte-parole du ministère chinois des Affaires étrangères, Wang Wenbin, a nié ces accusations. "
    "La députée Marie Dupont accuse Pékin d'ingérence. "
    "Amnesty International estime que ces pratiques menacent les dissidents. "
    "Les autorités néerlandaises soupçonnent l'association de servir de relais au Front uni."
)


def test_french_reporting_verbs_give_claims_with_stance():
    ex, found = claims(FRENCH)
    assert ex.extractor["language"] == "fr"
    assert {
        ("Safeguard Defenders", "alleges"),             # affirme, an NGO's finding
        ("ambassade de Chine en France", "denies"),     # dément (tagged as an adverb by the model)
        ("Wang Wenbin", "denies"),                      # a nié (tagged as an adjective)
        ("Marie Dupont", "alleges"),                    # accuse
        ("Amnesty International", "alleges"),           # estime (lemmatised as a noun)
        ("autorités néerlandaises", "alleges"),         # soupçonnent
    } <= found


def test_french_institutions_keep_their_full_name_and_places():
    ex, _ = claims(FRENCH)
    names = {e.name: e for e in ex.entities}
    ministry = names["ministère chinois des Affaires étrangères"]
    assert ministry.gazetteer_id == "Ministry of Foreign Affairs of the People's Republic of China"
    assert names["ambassade de Chine en France"].country == "CN"
    assert names["Chine"].type == names["France"].type == "GPE" and "Chine en France" not in names
    assert names["Front uni"].gazetteer_id == "United Front"


def test_french_selon_and_confirmation():
    _, found = claims("Selon Human Rights Watch, les dissidents sont surveillés. "
                      "La Cour fédérale confirme que la procédure était régulière. "
                      "Le quotidien franceinfo révèle que deux agents ont été identifiés.")
    assert ("Human Rights Watch", "alleges") in found
    assert ("Cour fédérale", "confirms") in found
    assert ("franceinfo", "reports") in found  # the outlet's own lower-case spelling


def test_italian_elisions_are_split_so_institutions_are_found():
    ex, found = claims("Il ministero dell'Interno ha smentito l'esistenza di accordi segreti. "
                       "L'ambasciata cinese a Roma nega ogni coinvolgimento. "
                       "La Farnesina conferma che un'indagine è in corso.")
    names = {e.name: e for e in ex.entities}
    assert names["ministero dell'Interno"].gazetteer_id == "Italian Ministry of the Interior"
    assert names["ambasciata cinese"].country == "CN" and names["Roma"].type == "GPE"
    assert {("ministero dell'Interno", "denies"), ("ambasciata cinese", "denies"), ("Farnesina", "confirms")} <= found
    for m in ex.mentions:
        assert ex.document.text[m.evidence.start:m.evidence.end] == m.text


def test_italian_prosecutors_allege_and_connectives_are_cut():
    ex, found = claims("Secondo la procura di Firenze, l'associazione avrebbe collaborato con la polizia cinese.")
    assert ("procura di Firenze", "alleges") in found
    assert not any(e.name.lower().startswith("secondo") for e in ex.entities)


def test_dutch_spokesperson_speaks_for_the_body():
    _, found = claims("Volgens RTL Nieuws zijn er in Rotterdam twee politiebureaus. De Chinese ambassade ontkent alle beschuldigingen. "
                      "Minister Hanke Bruins Slot verklaarde dat de stations moesten sluiten. Safeguard Defenders beschuldigt de Chinese politie "
                      "van intimidatie. Woordvoerder Jan de Vries van de Nationale Politie zegt dat er geen arrestaties zijn verricht.")
    assert ("Jan de Vries", "states") in found and ("Nationale Politie", "states") not in found


@pytest.mark.parametrize("text, lang", [
    ("Laut Safeguard Defenders gibt es zwei Polizeistationen in Frankfurt, sagte die Sprecherin.", "de"),
    ("Según Safeguard Defenders, la policía china abrió oficinas en Valencia.", "es"),
])
def test_german_and_spanish_are_detected_and_give_according_to_claims(text, lang):
    ex, found = claims(text)
    assert ex.extractor["language"] == lang and ("Safeguard Defenders", "alleges") in found


def test_french_quotation_with_inverted_subject_credits_the_speaker():
    _, found = claims("Le député Paul Lemaire a parlé jeudi à la radio. « Ces bureaux n'ont rien de consulaire », "
                      "a-t-il dénoncé. « Nous n'avons aucun poste de police à l'étranger », a déclaré l'ambassade de Chine.")
    assert ("Paul Lemaire", "alleges") in found
    assert any(who and "ambassade de Chine" in who for who, _ in found)


@pytest.mark.parametrize("text, name, acronym, language", [
    ("Im Mai hat der Verein für verfolgte Minderheiten (VvM) einen Bericht vorgelegt. Der VvM fordert Aufklärung.",
     "Verein für verfolgte Minderheiten", "VvM", "de"),
    ("Gisteren presenteerde het Centrum voor Vrije Pers (CVP) een rapport over de zaak in Utrecht.",
     "Centrum voor Vrije Pers", "CVP", "nl"),
    ("Last week the Foundation for Open Archives (FOA) published a long report on the offices.",
     "Foundation for Open Archives", "FOA", "en"),
])
def test_an_acronym_in_brackets_names_the_words_before_it(text, name, acronym, language):
    ex = extract(Document(text=text, language=language))
    found = [e for e in ex.entities if name in (e.name, *e.aliases)]
    assert found and found[0].type == "ORG", [(e.name, e.type, e.aliases) for e in ex.entities]
    assert acronym in (found[0].name, *found[0].aliases)


def test_german_job_title_before_an_organisation_is_not_part_of_its_name():
    text = "Der Generalsekretär des Verbands Freier Fischer (VFF), Anton Berger, sprach in Kiel."
    names = {e.name for e in extract(Document(text=text, language="de")).entities}
    assert not any(n.startswith("Generalsekretär") for n in names), names


@pytest.mark.model
@pytest.mark.parametrize("text, language, sentence", [
    # the English parser cut these at a capitalised noun, a verb it does not know, or an ordinal's full stop
    ("Die Stadt Hamburg prüft den Fall. Die Botschaft habe daraufhin zugesichert, dass es im Zusammenhang mit den "
     "Büros „keine relevanten Aktivitäten“ gebe, so das Auswärtige Amt.", "de",
     "Die Botschaft habe daraufhin zugesichert, dass es im Zusammenhang mit den Büros „keine relevanten Aktivitäten“ "
     "gebe, so das Auswärtige Amt."),
    ("Der Fall ist alt. Zudem hat die Bundesregierung am 12. März 2024 auf die Anfrage der Abgeordneten reagiert.",
     "de", "Zudem hat die Bundesregierung am 12. März 2024 auf die Anfrage der Abgeordneten reagiert."),
    # a paragraph's first sentence, cut by the parser after a bracketed acronym before a capitalised noun
    ("Kampagne gegen Menschenrechtler\n\nAls Höhepunkt einer langen Kampagne hat die Gesellschaft für bedrohte "
     "Völker (GfbV) Chinas Spionageversuche bei dem in Berlin ansässigen Verein verurteilt.", "de",
     "Als Höhepunkt einer langen Kampagne hat die Gesellschaft für bedrohte Völker (GfbV) Chinas Spionageversuche "
     "bei dem in Berlin ansässigen Verein verurteilt."),
])
def test_a_language_without_a_parser_keeps_its_sentences_whole(text, language, sentence):
    ex = extract(Document(text=text, language=language))
    evidence = {c.evidence.sentence for c in ex.claims} | {e.evidence.sentence for e in ex.events}
    assert sentence in evidence, evidence


@pytest.mark.model
def test_a_heading_stays_apart_from_the_first_sentence_after_it():
    text = "Stazioni di polizia a Prato e Pisa\n\nInoltre la questura di Prato ha aperto un'indagine il 4 giugno 2023."
    ex = extract(Document(text=text, language="it"))
    assert all(not e.evidence.sentence.startswith("Stazioni") for e in ex.events) and ex.events


@pytest.mark.model
def test_the_shared_english_tokenizer_keeps_words_common_in_the_languages_it_also_reads():
    from threadline.extract.nlp import load_pipeline

    tokenizer = load_pipeline("de").tokenizer
    assert [t.text for t in tokenizer("Sie sprach im Landtag am Wed")] == ["Sie", "sprach", "im", "Landtag", "am", "Wed"]
    assert [t.text for t in tokenizer("I'm sure they don't")] == ["I", "'m", "sure", "they", "do", "n't"]


@pytest.mark.model
def test_a_kept_word_tokenizes_as_with_no_special_case_at_all():
    """The kept words get a special case of their own (cheaper than assigning the rules again): it must cut
    texts exactly as spaCy's tokenizer without the word's rule does, next to punctuation and in any case."""
    import importlib

    from spacy.symbols import ORTH

    from threadline.extract.nlp import MODELS, load_pipeline

    ours = load_pipeline("en").tokenizer
    plain = importlib.import_module(MODELS["en"]).load().tokenizer
    kept = {k for k, v in ours.rules.items() if [t[ORTH] for t in v] == [k] and len(plain.rules.get(k, ())) > 1}
    assert {"im", "wed"} <= kept
    plain.rules = {k: v for k, v in plain.rules.items() if k not in kept}
    for text in ["Er wohnt im Haus (im Norden), Im Jahr 2020; IM Büro.", "Wed. was busy: wed, (Wed) 'im' im-Export",
                 "I'm sure we'd wed them... Im!", "im/wed im's Wed's"]:
        assert [(t.text, t.whitespace_, t.norm_) for t in ours(text)] == [(t.text, t.whitespace_, t.norm_) for t in plain(text)]


@pytest.mark.model
def test_a_loaded_pipeline_is_out_of_the_garbage_collectors_reach():
    import gc

    from threadline.extract.nlp import load_pipeline

    nlp = load_pipeline("en")
    assert gc.get_freeze_count() > 0
    assert not gc.is_tracked(nlp) or all(nlp is not o for o in gc.get_objects(generation=2))


def test_the_shipped_cldr_names_equal_a_fresh_build():
    pytest.importorskip("babel")
    import gzip
    import json
    from importlib import resources

    from threadline.extract.languages import CLDR_TABLE, build_cldr_names

    shipped = json.loads(gzip.decompress(resources.files("threadline.extract.patterns").joinpath(CLDR_TABLE).read_bytes()))
    assert shipped["names"] == build_cldr_names()  # else: python scripts/build_extract_tables.py


def test_cldr_names_come_from_the_shipped_table_and_from_babel_for_a_language_it_lacks():
    from threadline.extract.languages import cldr_names

    assert ("DE", "Deutschland") in cldr_names("de", "territories")
    assert ("ug", "Uigurisch") in cldr_names("de", "languages")
    if pytest.importorskip("babel"):
        assert ("BR", "Brasil") in cldr_names("pt", "territories")  # no data file for Portuguese: babel's own
    assert cldr_names("not-a-locale", "territories") == ()


@pytest.mark.parametrize("language, text, word", [
    ("de", "Die Kasachen in München protestierten am Montag vor dem Rathaus.", "Kasachen"),
    ("nl", "Volgens de krant demonstreerden Oeigoeren in Amsterdam tegen de regering.", "Oeigoeren"),
    ("en", "Kazakhs and Uyghurs in Almaty said they were watched.", "Uyghurs"),
])
def test_a_people_is_no_person_and_no_organisation(language, text, word):
    ex = extract(Document(text=text, language=language))
    assert word not in {e.name for e in ex.entities}


def test_the_names_of_peoples_come_from_cldr_and_leave_countries_alone():
    from threadline.extract.languages import language_data

    german = language_data("de")
    assert {"uiguren", "tibeter", "kurden"} <= german.peoples
    assert not german.peoples & set(german.territories)  # "Ägypten" is the country, not its people
    assert "uyghurs" in language_data("en").peoples


@pytest.mark.model
def test_a_list_item_ending_in_a_semicolon_is_the_documents_assertion():
    """A parliamentary question's premises ("premesso che: …;") are the document's own statements of fact."""
    text = ("Interrogazione a risposta scritta\n\nPremesso che:\n\n"
            "nel 2023 la prefettura di Firenze ha chiuso due uffici aperti da un'associazione cinese;\n\n"
            "le indagini della procura di Prato sono tuttora in corso;\n")
    ex = extract(Document(text=text, language="it"))
    own = {c.evidence.sentence for c in ex.claims if c.claimant is None and c.stance == "reports"}
    assert own == {"nel 2023 la prefettura di Firenze ha chiuso due uffici aperti da un'associazione cinese;",
                   "le indagini della procura di Prato sono tuttora in corso;"}
