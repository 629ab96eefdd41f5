"""Resolution quality on the labelled pair set (tests/resolve/pairs.csv), measured, with the issue's targets."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_report():
    spec = importlib.util.spec_from_file_location("pairs_report", ROOT / "bench" / "pairs_report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pair_set_is_large_and_has_hard_negatives():
    rows = (ROOT / "tests" / "resolve" / "pairs.csv").read_text("utf-8").splitlines()[1:]
    assert len(rows) >= 500
    categories = {r.split(",", 1)[0] for r in rows}
    assert {"person_shared_surname", "org_sibling_bureau"} <= categories


def test_precision_and_recall_meet_the_targets():
    results = load_report().evaluate(ROOT / "tests" / "resolve" / "pairs.csv")
    overall = results["all"]
    assert overall["precision"] >= 0.98, overall
    assert overall["recall"] >= 0.90, overall
    for negative in ("person_shared_surname", "person_different", "org_sibling_bureau", "org_different"):
        assert results[negative]["fp"] == 0, (negative, results[negative])


NEW_POSITIVE = (
    "person_title",
    "person_given_names",
    "person_cantonese",
    "org_chinese_translation",
    "org_acronym",
    "org_missions_police",
    "person_title_languages",
    "person_hokkien",
    "person_family_particles",
    "org_acronym_foreign",
    "org_missions_capital",
    "person_compound_surname",
    "person_hokkien_pinyin",
    "org_provincial_police",
    "person_gwoyeu",
)
NEW_NEGATIVE = (
    "person_given_names_differ",
    "person_sibling_surname",
    "org_place_sibling",
    "person_title_negative",
    "person_hokkien_negative",
    "org_police_place",
    "person_hokkien_pinyin_negative",
    "org_provincial_police_negative",
    "person_gwoyeu_negative",
)


def test_each_mechanism_of_issue_13_meets_the_per_category_targets():
    results = load_report().evaluate(ROOT / "tests" / "resolve" / "pairs.csv")
    for category in NEW_POSITIVE + NEW_NEGATIVE:
        assert results[category]["precision"] >= 0.99, (category, results[category])
    for category in NEW_POSITIVE:
        assert results[category]["recall"] >= 0.92, (category, results[category])
