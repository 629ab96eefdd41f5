"""Matching case tables and properties. A wrong merge is worse than a missed one."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadline.resolve.compare import THRESHOLD, Record, compare, compare_org_names, compare_person_names

SAME_PERSON = [
    ("Wang Xiaoming", "Wang Xiao-ming"),
    ("Wang Xiaoming", "Xiaoming Wang"),
    ("Wang Xiaoming", "Wong Siu-ming"),
    ("Wang Xiaoming", "王小明"),
    ("張偉", "张伟"),
    ("Xi Jinping", "Hsi Chin-p'ing"),
    ("Chung Ching Kwong", "Chung Ching Kwon"),
    ("Raphaël Glucksmann", "Raphael Glucksmanna"),
    ("Chen Wei", "Tan Wei"),
    ("Marta K. Lindqvist", "Lindqvist, Marta K."),  # family name first: by its comma or its capitals
    ("HOLM Peter J.", "Peter J. Holm"),
]
DIFFERENT_PERSON = [
    ("Wang Wei", "Wang Wen"),
    ("Chen Jinping", "Chen Jinming"),
    ("Wang Liang", "Wang Lian"),
    ("王伟", "汪伟"),
    ("Li Qiang", "Li Keqiang"),
    ("Laura Harth", "Harth"),
    ("Marta K. Lindqvist", "Lindqvist, Maria K."),
]
SAME_ORG = [
    ("Ministry of Public Security", "Ministère de la Sécurité publique"),
    ("MPS", "Ministry of Public Security"),
    ("Associazione Cinese di Prato APS", "Associazione Cinese di Prato"),
    ("Chinees Cultureel Centrum vzw", "Chinees Cultureel Centrum"),
    ("Safeguard Defender", "Safeguard Defenders"),
    ("中共中央統戰部", "中共中央统战部"),
    ("Ningbo Association of Lyon", "Lyon Ningbo Association"),  # "of" moves the city, no role swaps
]
DIFFERENT_ORG = [
    ("Fuzhou Public Security Bureau", "Fuqing Public Security Bureau"),
    ("Chinese Embassy in Belgium", "Chinese Embassy in Italy"),
    ("Ministry of Public Security", "Ministry of State Security"),
    ("Associazione Cinese di Prato", "Associazione Cinese di Milano"),
    ("Ningbo Association of Lyon", "Lyon Association of Ningbo"),
]


@pytest.mark.parametrize("a,b", SAME_PERSON)
def test_same_person(a, b):
    score, why = compare_person_names(a, b)
    assert score >= THRESHOLD, why


@pytest.mark.parametrize("a,b", DIFFERENT_PERSON)
def test_different_person(a, b):
    score, why = compare_person_names(a, b)
    assert score < THRESHOLD, why


@pytest.mark.parametrize("a,b", SAME_ORG)
def test_same_org(a, b):
    score, why = compare_org_names(a, b)
    assert score >= THRESHOLD, why


@pytest.mark.parametrize("a,b", DIFFERENT_ORG)
def test_different_org(a, b):
    score, why = compare_org_names(a, b)
    assert score < THRESHOLD, why


def test_explanations_say_which_feature_fired():
    result = compare(Record("a", "PERSON", ("Wang Xiaoming",)), Record("b", "PERSON", ("Wong Siu-ming",)))
    assert result.same and "romanisation" in " ".join(result.explanations)


def test_type_country_and_gazetteer_decide_before_names():
    assert not compare(Record("a", "ORG", ("Xinhua",)), Record("b", "STATE_BODY", ("Xinhua",))).same
    mfa_cn = Record("a", "STATE_BODY", ("Foreign Ministry",), country="CN")
    mfa_nl = Record("b", "STATE_BODY", ("Ministry of Foreign Affairs",), country="NL")
    assert "countries differ" in compare(mfa_cn, mfa_nl).explanations[0]
    assert compare(Record("a", "STATE_BODY", ("UFWD",), gazetteer="United Front Work Department"),
                   Record("b", "STATE_BODY", ("DTFU",), gazetteer="United Front Work Department")).same
    assert not compare(Record("a", "STATE_BODY", ("X",), gazetteer="A"), Record("b", "STATE_BODY", ("X",), gazetteer="B")).same


def test_shared_neighbours_lift_an_uncertain_match():
    alone = compare(Record("a", "PERSON", ("Laura Harth",)), Record("b", "PERSON", ("Laura Hart",)))
    together = compare(Record("a", "PERSON", ("Laura Harth",), neighbours=frozenset({"sd"})),
                       Record("b", "PERSON", ("Laura Hart",), neighbours=frozenset({"sd"})))
    assert alone.uncertain and together.same


NAMES = st.sampled_from([n for pair in SAME_PERSON + DIFFERENT_PERSON for n in pair] + ["Tom Tugendhat", "Tugendhat Tom", "Mao Ning"])
ORGS = st.sampled_from([n for pair in SAME_ORG + DIFFERENT_ORG for n in pair] + ["UFWD", "United Front Work Department"])


@given(NAMES, NAMES)
def test_person_scores_are_symmetric(a, b):
    assert compare_person_names(a, b)[0] == compare_person_names(b, a)[0]


@given(ORGS, ORGS)
def test_org_scores_are_symmetric(a, b):
    assert compare_org_names(a, b)[0] == compare_org_names(b, a)[0]


@given(NAMES)
def test_a_name_matches_itself(a):
    assert compare_person_names(a, a)[0] == 1.0


def test_a_shared_bare_surname_is_not_a_shared_name():
    wenbin = Record("a", "PERSON", ("Wang Wenbin", "Wang"))
    someone = Record("b", "PERSON", ("Wang",))
    assert not compare(wenbin, someone).same
    assert compare(Record("c", "PERSON", ("Wang Wenbin",)), Record("d", "PERSON", ("Wang Wenbin", "Wang"))).same
