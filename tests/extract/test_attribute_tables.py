"""The attribute ruler read as tables sets exactly what spaCy's AttributeRuler sets."""

import importlib

import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from threadline.extract.components.attribute_tables import AttributeTables, Unreadable, _told, replace_ruler
from threadline.extract.nlp import MODELS, load_pipeline

COLUMNS = [TAG, POS, MORPH, LEMMA, DEP]
# Our own sentences, reaching the English ruler's two-token rules ("gonna", "let's", "y'all", "There is"),
# its regexes ("ain't", "nothin'"), its listed words ("not", "n't", "that"), its dependency tests (auxiliaries,
# "it" as an object, determiners standing alone) and whitespace tokens.
TEXTS = [
    "There is a port in Rotterdam, and there were two ships.",
    "We're gonna ask them, let's see; y'all know it ain't over and nothin' changed.",
    "The minister did not say that he had seen it, and she doesn't think this is over.",
    "I gave it to you.  Those were the days.\n\nWhich one?  All of them, he said.",
    "Gets, got, has got, had been given: the council has approved what it wanted.",
    "",
    "   \n",
]


def _annotations(doc):
    return doc.to_array(COLUMNS).tolist(), [str(t.morph) for t in doc], [t.lemma_ for t in doc]


@pytest.mark.model
@pytest.mark.parametrize("language", ["en", "fr"])
def test_tables_set_what_the_stock_ruler_sets(language):
    nlp = importlib.import_module(MODELS[language]).load()
    ruler = nlp.get_pipe("attribute_ruler")
    tables = AttributeTables.read(ruler)
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        parsed = list(nlp.pipe(TEXTS))
    for doc in parsed:
        assert _annotations(tables(doc.copy())) == _annotations(ruler(doc.copy()))


@pytest.mark.model
def test_the_english_pipeline_runs_the_tables_in_the_rulers_place():
    names = load_pipeline("en").pipe_names
    assert "attribute_ruler" not in names
    assert names.index("parser") < names.index("tl_attribute_tables") < names.index("lemmatizer")


def _ruler(patterns):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def test_later_rules_win_and_every_rule_sees_the_doc_as_it_came():
    nlp, ruler = _ruler([
        {"patterns": [[{"LOWER": "port"}]], "attrs": {"TAG": "NN", "LEMMA": "port"}},
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},  # "port" has no tag yet when rules match
        {"patterns": [[{"LOWER": {"IN": ["port", "ports"]}}]], "attrs": {"LEMMA": "harbour"}},
        {"patterns": [[{"LOWER": "the"}, {"LOWER": {"NOT_IN": ["city"]}}]], "attrs": {"POS": "DET"}, "index": -2},
        {"patterns": [[{"LOWER": "the"}, {"TEXT": {"REGEX": "^[Pp]or"}}]], "attrs": {"POS": "PROPN"}, "index": 1},
    ])
    tables = AttributeTables.read(ruler)
    for text in ["The port and the ports", "the city port", "port"]:
        assert _annotations(tables(nlp.make_doc(text))) == _annotations(ruler(nlp.make_doc(text)))
    doc = tables(nlp.make_doc("the port"))
    assert [(t.tag_, t.pos_, t.lemma_) for t in doc] == [("", "DET", ""), ("NN", "PROPN", "harbour")]


def test_a_ruler_the_tables_cannot_read_stays_in_place():
    nlp, ruler = _ruler([{"patterns": [[{"LOWER": "port", "OP": "+"}]], "attrs": {"LEMMA": "port"}}])
    with pytest.raises(Unreadable):
        AttributeTables.read(ruler)
    assert not replace_ruler(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]


def test_a_readable_ruler_is_replaced_where_it_stood():
    nlp, _ = _ruler([{"patterns": [[{"LOWER": "port"}]], "attrs": {"LEMMA": "port"}}])
    nlp.add_pipe("sentencizer")
    assert replace_ruler(nlp)
    assert nlp.pipe_names == ["tl_attribute_tables", "sentencizer"]
    assert nlp("A port")[1].lemma_ == "port"


def test_rows_alike_in_their_telling_values_start_the_same_rules():
    nlp, ruler = _ruler([
        {"patterns": [[{"LOWER": "port"}]], "attrs": {"LEMMA": "harbour"}},
        {"patterns": [[{"LOWER": {"REGEX": "^qu"}}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"LOWER": {"NOT_IN": ["city"]}}, {"LOWER": "port"}]], "attrs": {"POS": "ADJ"}},
    ])
    tables = AttributeTables.read(ruler)
    doc = nlp.make_doc("the city port and a quay , the quiet town port")
    rows = [[t.lower] for t in doc]
    telling = tables._telling_in(doc, rows)
    keys = [_told(row, telling) for row in rows]
    assert keys[0] == keys[3] == keys[4] == keys[9]  # "the", "and", "a", "town": no test tells them apart
    assert len({keys[0], keys[1], keys[2]}) == 3  # "city" (excluded by a test) and "port" (listed) do differ
    assert keys[5] != keys[0] and keys[8] != keys[0]  # the regex's "quay" and "quiet" keep their own words
    for key, row in zip(keys, rows):
        assert tables.start(row) == tables.start(rows[keys.index(key)])
    assert _annotations(tables(nlp.make_doc(doc.text))) == _annotations(ruler(nlp.make_doc(doc.text)))
