from hypothesis import given
from hypothesis import strategies as st

from threadline.model.names import fold, initials


def test_fold_drops_case_accents_articles_and_possessives():
    assert fold("The OCAO's") == "ocao"
    assert fold("Raphaël Glucksmann") == "raphael glucksmann"
    assert fold("Safeguard Defenders'") == "safeguard defenders"
    assert fold("l'ONG") == "ong"
    assert fold("G-7") == fold("G 7")


def test_fold_keeps_distinct_names_distinct():
    assert fold("Wang Wei") != fold("Wang Wen")
    assert fold("Fuzhou") != fold("Fuqing")


def test_initials_of_capitalised_words():
    assert initials("United Front Work Department") == "UFWD"
    assert initials("Ministry of Public Security") == "MPS"


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_ignores_case(text):
    assert fold(text) == fold(text.casefold())


@given(st.text())
def test_fold_output_is_plain_words(text):
    folded = fold(text)
    assert folded == folded.strip() and "  " not in folded and folded == folded.casefold()
