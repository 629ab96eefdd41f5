"""Redaction (analyse/redact.py, analyse/forms.py): the person in every spelling, and nobody else."""

from __future__ import annotations

import shutil

import pytest

from threadline.analyse.redact import Protection, Redaction

WANG = {"id": "ent-1", "type": "PERSON", "name": "Wang Xiaoming", "aliases": ["王小明", "Mr Wang"], "protected": True}
NAMESAKE = {"id": "ent-2", "type": "PERSON", "name": "Wang Wei", "aliases": ["Wang"], "protected": False}
SPLIT = {"id": "ent-3", "type": "PERSON", "name": "Wang\nXiao-ming", "aliases": [], "protected": False}
HARTH = {"id": "ent-4", "type": "PERSON", "name": "Laura Harth", "aliases": ["Harth"], "protected": True}


@pytest.fixture
def redactor():
    return Protection.build([WANG, NAMESAKE, SPLIT, HARTH]).redactor(ids=True)


@pytest.mark.parametrize("text", [
    "Wang Xiaoming", "WANG XIAOMING", "wang_xiaoming.txt", "wang-xiao-ming", "Wang\nXiaoming", "Xiaoming Wang",
    "Wang Xiao-ming", "王小明", "王 小 明", "\ue000Wang\ue001 Xiaoming", "Wang Xiaoming's",
])
def test_every_spelling_of_the_person_is_blanked(redactor, text):
    out = redactor.text(f"Before {text} after").replace("\ue000", "")  # a mark left by a highlighter before redaction
    assert out.startswith("Before [protected person 1]") and "iaoming" not in out.casefold() and "小明" not in out, out


@pytest.mark.parametrize("text", ["Laura Harth", "Láura Hárth", "LAURA_HARTH", "lauraharth", "Harth", "Harth's"])
def test_a_short_form_no_one_else_uses_is_blanked_everywhere(redactor, text):
    assert "arth" not in redactor.text(f"said {text} today").casefold()


def test_a_short_form_shared_with_a_namesake_blanks_only_the_persons_mentions():
    protection = Protection.build([WANG, NAMESAKE]).with_mentions([("doc-1", 40, 47, "ent-1")])
    text = "Wang Wei met the witness on Monday, and Mr Wang left; Wang Wei stayed, Mr Wang said."
    assert text[40:47] == "Mr Wang"
    out = protection.redactor().document("doc-1", text).text
    assert out == "Wang Wei met the witness on Monday, and [protected person 1] left; Wang Wei stayed, Mr Wang said."
    assert protection.redactor().text("Mr Wang and Wang Wei") == "Mr Wang and Wang Wei"  # no mention: nobody to blank


def test_an_entity_that_is_the_person_written_differently_is_the_person(redactor):
    protection = Protection.build([WANG, NAMESAKE, SPLIT])
    assert protection.hidden() == {"ent-1", "ent-3"}  # the line-broken name, not the namesake
    pinyin_only = Protection.build([{**WANG, "aliases": []}, {"id": "ent-5", "type": "PERSON", "name": "王小明",
                                                              "aliases": [], "protected": False}])
    assert pinyin_only.hidden() == {"ent-1", "ent-5"}  # a Han name that reads as the protected one


def test_store_ids_become_the_public_id(redactor):
    out = redactor.text("ent-1 ent-3 ent-2")
    assert "ent-1 " not in out and "ent-3" not in out and out.endswith("ent-2") and out.count("ent-") == 3


def test_offsets_move_with_the_redaction():
    text = "Laura Harth met Anna Berg."
    red = Redaction(text, [(0, 11, "[protected person 1]")])
    start = text.index("Anna Berg")
    assert red.text[red.at(start): red.at(start + 9, end=True)] == "Anna Berg"
    assert red.at(5) == 0 and red.at(5, end=True) == len("[protected person 1]")  # inside: to the label's edge


@pytest.mark.model
def test_protecting_anyone_in_the_corpus_never_blanks_anyone_else(stored_corpus, tmp_path):
    """Every person of the example corpus in turn: each mention of every other person survives, on its offsets."""
    from threadline.analyse.redact import load_protection
    from threadline.api import Workspace

    db = tmp_path / "c.db"
    shutil.copy(stored_corpus, db)
    checked = 0
    with Workspace(db) as ws:
        people = ws.entities(type="PERSON")
        docs = {d["id"]: ws.document(d["id"]) for d in ws.store.snapshot_rows()["documents"]}
        for person in people:
            ws.protect(person["id"])
            protection = load_protection(ws.store)
            redactor, hidden = protection.redactor(), protection.hidden()
            for doc_id, doc in docs.items():
                redaction = redactor.document(doc_id, doc["text"])
                for m in doc["mentions"]:
                    if m["entity_id"] in hidden or m["type"] != "PERSON":
                        continue
                    kept = redaction.text[redaction.at(m["start"]): redaction.at(m["end"], end=True)]
                    assert kept == m["text"], (person["name"], m["text"], kept)
                    checked += 1
            ws.protect(person["id"], False)
    assert len(people) > 10 and checked > 300
