"""The rule components on the English pipeline, one behaviour per test, on sentences written for these tests."""

import pytest

from threadline.extract.patterns import load_patterns
from threadline.extract.pipeline import extract
from threadline.model import Document

pytestmark = pytest.mark.model


def run(text: str, nlp, **meta):
    return extract(Document(text=text, **meta), nlp=nlp)


def entity(ex, name):
    found = [e for e in ex.entities if e.name == name or name in e.aliases]
    assert found, f"{name!r} not among {[e.name for e in ex.entities]}"
    return found[0]


def claim(ex, fragment):
    found = [c for c in ex.claims if fragment in c.evidence.sentence]
    assert found, f"no claim on {fragment!r}; claims: {[(c.claimant, c.evidence.sentence[:50]) for c in ex.claims]}"
    return found[0]


# -- mentions and types --------------------------------------------------------------------------

@pytest.mark.parametrize("name, code", [
    ("Embassy of the People's Republic of China in the United Kingdom", "CN"),
    ("ambassade de Chine en France", "CN"),
    ("Ministero degli Esteri cinese", "CN"),
    ("Dutch Ministry of Justice", "NL"),
    ("Harbour Rights Watch", None),
])
def test_the_first_country_a_name_names_is_its_country(name, code):
    assert load_patterns().first_country(name) == code


def test_gazetteer_types_state_bodies_and_links_acronyms(nlp_en):
    ex = run("Researchers tied the network to the United Front Work Department (DTFU) and to the Ministry of Public Security.", nlp_en)
    ufwd = entity(ex, "United Front Work Department")
    assert ufwd.type == "STATE_BODY" and "DTFU" in ufwd.aliases and ufwd.country == "CN"
    assert entity(ex, "Ministry of Public Security").type == "STATE_BODY"


def test_gazetteer_needs_a_capital_letter(nlp_en):
    ex = run("Opposition parties tried to present a united front against the plan in Brussels.", nlp_en)
    assert not any(e.name.lower() == "united front" for e in ex.entities)


def test_nationality_plus_institution_is_a_state_body_with_its_place(nlp_en):
    ex = run("The Chinese embassy in Dublin rejected the report on Tuesday.", nlp_en)
    embassy = entity(ex, "Chinese embassy in Dublin")
    assert embassy.type == "STATE_BODY" and embassy.country == "CN"
    assert entity(ex, "Dublin").type == "GPE"
    assert ("Chinese embassy in Dublin", "located_in", "Dublin") in {(r.subject, r.predicate, r.object) for r in ex.relations}


def test_a_country_named_by_its_adjective_form_stays_a_place(nlp_en):
    ex = run("Two offices opened in the UK last spring, and several students came from Hong Kong to study.", nlp_en)
    assert entity(ex, "UK").type == "GPE"
    assert entity(ex, "Hong Kong").type == "GPE"
    ex = run("UK officials met the Chinese delegation on Monday.", nlp_en)
    assert not any(e.name in ("UK", "Chinese") for e in ex.entities)  # adjectives before a noun name no place


def test_head_noun_decides_the_type(nlp_en):
    ex = run("The Wenzhou Police Service Overseas Station opened on Via Roma. The State Council decree took effect in 2023.", nlp_en)
    assert entity(ex, "Wenzhou Police Service Overseas Station").type == "FACILITY"
    assert entity(ex, "State Council decree").type == "LAW"
    assert entity(ex, "State Council").type == "STATE_BODY"


def test_a_division_of_a_place_is_one_place_and_its_short_form_joins_it(nlp_en):
    ex = run("Charges were filed in the Northern District of Kentucky on Friday. "
             "Prosecutors in the Northern District said more would follow.", nlp_en)
    division = entity(ex, "Northern District of Kentucky")
    assert division.type == "GPE" and "Northern District" in division.aliases
    assert not any(e.name == "Kentucky" for e in ex.entities)  # part of the division's name
    ex = run("Exports to Eastern Europe grew last year.", nlp_en)
    assert not any("Eastern" in e.name for e in ex.entities)  # a direction, not a division


def test_a_place_s_own_government_is_a_state_body(nlp_en):
    ex = run("The report was welcomed by the Dresden government and by the Canadian embassy.", nlp_en)
    assert entity(ex, "Dresden government").type == "STATE_BODY"


def test_one_surname_after_a_title_is_a_person(nlp_en):
    ex = run("The hearing was opened by Deputy Director Okonkwo, who thanked the witnesses.", nlp_en)
    assert entity(ex, "Okonkwo").type == "PERSON"
    ex = run("The statement was signed by Commissioner Brightwater and read by Mr Okafor.", nlp_en)
    assert entity(ex, "Mr Okafor").type == "PERSON"


def test_a_place_before_an_event_noun_names_an_event(nlp_en):
    ex = run("Survivors of the 1980 Gwangju Square massacre spoke in Seoul on Friday.", nlp_en)
    assert any(e.type == "EVENT" and e.name.endswith("massacre") for e in ex.entities)


def test_a_name_the_model_ends_on_of_runs_on_over_the_proper_nouns_after_it(nlp_en):
    from spacy.tokens import Doc

    from threadline.extract.components.mentions import _past_a_dangling_of

    words = ["at", "the", "Second", "Forum", "of", "Mandarin", "Teachers", "in", "Lisbon", "."]
    pos = ["ADP", "DET", "PROPN", "PROPN", "ADP", "PROPN", "PROPN", "ADP", "PROPN", "PUNCT"]
    doc = Doc(nlp_en.vocab, words=words, pos=pos)
    assert _past_a_dangling_of(doc, doc[2:5], {"of"}).text == "Second Forum of Mandarin Teachers"
    pos[5:7] = ["NOUN", "NOUN"]
    doc = Doc(nlp_en.vocab, words=[w.lower() if i in (5, 6) else w for i, w in enumerate(words)], pos=pos)
    assert _past_a_dangling_of(doc, doc[2:5], {"of"}).text == "Second Forum"  # nothing to run on over: "of" goes


def test_a_title_right_after_a_work_noun_or_before_pdf_names_no_entity(nlp_en):
    ex = run("The group published its 2021 report Silent Harbours documenting threats against students.", nlp_en)
    assert not any("Silent" in e.name or "Harbours" in e.name for e in ex.entities)
    ex = run("The researchers released Quiet Pressure (PDF) on Monday in Geneva.", nlp_en)
    assert not any("Quiet" in e.name for e in ex.entities) and entity(ex, "Geneva").type == "GPE"


def test_the_last_word_of_a_title_is_no_name(nlp_en):
    ex = run("On Monday, Minister of State Harriet Oduya spoke to the Home Office.", nlp_en)
    assert entity(ex, "Harriet Oduya").type == "PERSON"
    assert not any(e.name == "State" for e in ex.entities)


def test_people_keep_their_titles_out_and_surnames_in(nlp_en):
    ex = run("Inspector Maria Keller, a spokesperson for the Garda, said the office was closed. Keller added that no arrests were made.", nlp_en)
    keller = entity(ex, "Maria Keller")
    assert keller.type == "PERSON" and "Keller" in keller.aliases


def test_every_mention_points_into_the_text(nlp_en):
    text = "Safeguard Defenders said the Chinese authorities ran 54 stations. The Dutch government closed two of them."
    ex = run(text, nlp_en)
    assert ex.mentions
    for m in ex.mentions:
        assert text[m.evidence.start:m.evidence.end] == m.text
        assert m.evidence.sentence in text


# -- claims ---------------------------------------------------------------------------------------

def test_ngo_allegation_with_according_to(nlp_en):
    ex = run("According to Safeguard Defenders, Beijing secretly runs police outposts to harass dissidents abroad.", nlp_en)
    c = claim(ex, "secretly runs")
    assert (c.claimant, c.stance) == ("Safeguard Defenders", "alleges")
    assert "Beijing" in c.about


def test_denial_by_embassy(nlp_en):
    ex = run("The Chinese embassy in London denied that any police station operated in the city.", nlp_en)
    c = claim(ex, "denied")
    assert (c.claimant, c.stance) == ("Chinese embassy in London", "denies")


def test_court_confirms(nlp_en):
    ex = run("The Federal Court of Canada confirmed that the office had collected information on dissidents.", nlp_en)
    c = claim(ex, "confirmed")
    assert (c.claimant, c.stance) == ("Federal Court of Canada", "confirms")


def test_minister_states_and_pronoun_follows_the_speaker(nlp_en):
    text = ("Security minister Tom Tugendhat said the sites had been closed. "
            "He said the police would act on any further report.")
    ex = run(text, nlp_en)
    first, second = claim(ex, "had been closed"), claim(ex, "would act")
    assert first.claimant == second.claimant == "Tom Tugendhat"
    assert first.stance == "states"


def test_media_reports(nlp_en):
    ex = run("Reuters reported that two offices in Rotterdam had renewed driving licences.", nlp_en)
    assert claim(ex, "renewed").stance == "reports"


def test_report_anaphor_goes_back_to_the_ngo(nlp_en):
    text = ("Safeguard Defenders published a report in September 2022. "
            "The report claims that the stations pressured people to return to China.")
    ex = run(text, nlp_en)
    c = claim(ex, "pressured")
    assert (c.claimant, c.stance) == ("Safeguard Defenders", "alleges")


def test_quotation_continues_with_its_speaker(nlp_en):
    text = ('"These are service centres, not police stations," Zhao Lijian told reporters in Beijing.\n\n'
            '"The volunteers are local residents, not officers."')
    ex = run(text, nlp_en)
    assert claim(ex, "volunteers are local").claimant == "Zhao Lijian"


def test_own_voice_sentences_are_claims_of_the_document(nlp_en):
    ex = run("The office opened in 2021 on a busy street in Madrid.", nlp_en)
    assert [(c.claimant, c.source, c.stance) for c in ex.claims] == [(None, None, "reports")]


def test_claims_carry_verbatim_evidence(nlp_en):
    text = "Human rights group Safeguard Defenders warned that the stations violate the territorial integrity of host countries."
    ex = run(text, nlp_en)
    c = claim(ex, "warned")
    assert c.evidence.sentence == text and text[c.evidence.start:c.evidence.end] == c.evidence.sentence
    assert c.evidence.extractor == "threadline.claims"


# -- relations -----------------------------------------------------------------------------------

def test_role_apposition_gives_employment(nlp_en):
    ex = run("Laura Harth, campaign director at Safeguard Defenders, said the system had run for a decade.", nlp_en)
    assert ("Laura Harth", "employed_by", "Safeguard Defenders") in {(r.subject, r.predicate, r.object) for r in ex.relations}


def test_spokesperson_compound(nlp_en):
    ex = run("Chinese foreign ministry spokesperson Wang Wenbin dismissed the allegations.", nlp_en)
    rels = {(r.subject, r.predicate, r.object) for r in ex.relations}
    assert ("Wang Wenbin", "spokesperson_for", "Chinese foreign ministry") in rels
    assert claim(ex, "dismissed").stance == "denies"


# -- events --------------------------------------------------------------------------------------

def test_events_need_a_year_unless_the_publication_date_is_known(nlp_en):
    text = "The volunteer group was inaugurated in 2017. In May, the ministers met in Rome."
    plain = run(text, nlp_en)
    assert [(e.date, e.precision) for e in plain.events] == [("2017", "year")]
    dated = run(text, nlp_en, published="2023-06-06")
    assert [(e.date, e.anchored) for e in dated.events] == [("2017", False), ("2023-05", True)]


def test_event_lists_its_entities(nlp_en):
    ex = run("The Federal Court of Canada ruled on the Overseas Chinese Affairs Office in January 2022.", nlp_en)
    (event,) = ex.events
    assert event.date == "2022-01" and "Federal Court of Canada" in event.entities


def test_page_furniture_is_ignored(nlp_en):
    ex = run("Copyright © 2025 The Example Times. All Rights Reserved.\nRelated News", nlp_en)
    assert ex.events == () and ex.claims == ()


def _relations(ex):
    return {(r.subject, r.predicate, r.object) for r in ex.relations}


def test_a_places_organisation_is_located_there(nlp_en):
    ex = run("A student union at Canada's Linwood University expelled the association on Monday.", nlp_en)
    assert ("Linwood University", "located_in", "Canada") in _relations(ex)


def test_a_party_glued_to_a_persons_role_makes_them_a_member():
    from threadline.extract.pipeline import extract
    from threadline.model import Document

    text = ("Politiker von SPD und CDU kritisierten die Station. "
            "Auch der CDU-Außenpolitiker Markus Keller verlangte Konsequenzen.")
    ex = extract(Document(text=text, language="de"))
    assert ("Markus Keller", "member_of", "CDU") in _relations(ex)
    assert ("Markus Keller", "member_of", "SPD") not in _relations(ex)


def test_doc_view_reads_a_sentence_once_and_furniture_with_one_pattern(nlp_en):
    """groups_in of a Span is cached per span and returns a fresh list; is_furniture's combined pattern
    finds what any single boilerplate pattern finds."""
    import re

    from threadline.extract.components.context import DocView
    from threadline.extract.patterns import load_patterns

    doc = nlp_en("Copyright 2024 Example Media.\nThe Dutch Ministry of Foreign Affairs met Ana Reyes in Brussels.\n"
                 "Read more about the Chinese embassy")
    view = DocView(doc, load_patterns())
    sents = list(doc.sents)
    for sent in sents:
        assert view.groups_in(sent) == view.groups_in(list(sent))
        first = view.groups_in(sent)
        first.append(-1)
        assert -1 not in view.groups_in(sent)
    assert len(view.groups_in(sents[1])) >= 2
    single = [re.compile(p, re.IGNORECASE) for p in load_patterns().lexicon["boilerplate"]]
    for sent in sents:
        expected = len(sent) < 3 or any(p.search(sent.text.strip()) for p in single)
        assert view.is_furniture(sent) == expected
    assert [view.is_furniture(s) for s in sents] == [True, False, True]


def test_a_bare_surname_is_the_one_titled_person_who_bears_it(nlp_en):
    ex = run("Obama spoke in Chicago on Monday. Mr. Obama said the plan would pass.", nlp_en)
    assert entity(ex, "Mr. Obama") is entity(ex, "Obama")
    two = run("Mr. Li met Ms. Li in Prato. Li said the shop would close.", nlp_en)
    assert len({entity(two, "Mr. Li").name, entity(two, "Ms. Li").name, entity(two, "Li").name}) == 3
