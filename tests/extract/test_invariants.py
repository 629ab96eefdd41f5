"""Invariants of extraction on any input: it never fails, and every fact points into the text."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadline.extract.pipeline import extract
from threadline.model import Document
from threadline.model.names import fold

pytestmark = pytest.mark.model
# raise for a longer hunt: THREADLINE_EXAMPLES=600 pytest tests/extract/test_invariants.py
EXAMPLES = int(os.environ.get("THREADLINE_EXAMPLES", 50))

WORDS = ["Safeguard Defenders", "said", "the", "Chinese embassy", "in", "Dublin", "denied", "(UFWD)", "United Front Work Department",
         "according to", "Laura Harth", "Harth", "on 1 September 2023", "in 2017", ",", ".", "\n", '"', "'", "police station",
         "alleged", "Beijing", "Mr", "The report", "they", "claims", "中国", "Zhao Lijian", "—", "(Reuters)"]


def check(ex, text):
    names = {e.name for e in ex.entities}
    for m in ex.mentions:
        assert text[m.evidence.start:m.evidence.end] == m.text
        assert m.entity in names
    for fact in (*ex.claims, *ex.relations, *ex.events):
        ev = fact.evidence
        assert text[ev.start:ev.end] == ev.sentence and ev.sentence.strip() == ev.sentence
    for c in ex.claims:
        assert c.claimant is None or c.claimant in names
        assert c.source is None or (c.claimant is None and c.source.strip())
        assert set(c.about) <= names and c.stance in {"alleges", "states", "confirms", "denies", "reports"}
    for r in ex.relations:
        assert {r.subject, r.object} <= names and r.subject != r.object
    owner: dict[str, str] = {}
    for e in ex.entities:  # no surface form belongs to two entities
        assert e.name not in e.aliases
        for form in (e.name, *e.aliases):
            assert owner.setdefault(fold(form), e.name) == e.name, form


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=0, max_size=60))
def test_word_salad_never_breaks_extraction(nlp_en, words):
    text = " ".join(words)
    check(extract(Document(text=text), nlp=nlp_en), text)


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_never_breaks_extraction(nlp_en, text):
    check(extract(Document(text=text), nlp=nlp_en), text)
