"""Resolution through the CLI: judgements stick across runs and ingests; queries follow canonical entities."""

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadline.cli import cli

DOC_A = """Pinyin desk
Security researcher Wang Xiaoming said the association in Prato was run from Fuzhou.
The Fuzhou Public Security Bureau did not reply.
"""
DOC_B = """Cantonese desk
Wong Siu-ming, a security researcher, said the Prato association answered to officials in Fuzhou.
The Fuqing Public Security Bureau was also named.
"""
DOC_C = """Third desk
Laura Harth of Safeguard Defenders said the Prato office was one of several.
"""
DOC_D = """Fourth desk
Laura Hart, a lawyer in Milan, said volunteers collected addresses.
"""


def run(*args, input=None):
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result


@pytest.fixture
def store(tmp_path: Path) -> str:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in (("a.txt", DOC_A), ("b.txt", DOC_B), ("c.txt", DOC_C), ("d.txt", DOC_D)):
        (folder / name).write_text(text, "utf-8")
    db = str(tmp_path / "inv.db")
    assert run("add", str(folder), "--db", db, "-q").exit_code == 0
    return db


def canonical(db: str, name: str) -> str:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT coalesce(canonical_id, id) FROM entities WHERE name = ?", (name,)).fetchone()
    assert row, name
    return row[0]


pytestmark = pytest.mark.model


def test_add_resolves_romanisation_variants_across_documents(store):
    assert canonical(store, "Wang Xiaoming") == canonical(store, "Wong Siu-ming")
    assert canonical(store, "Fuzhou Public Security Bureau") != canonical(store, "Fuqing Public Security Bureau")
    shown = run("show", "Wong Siu-ming", "--db", store, "--json")
    profile = json.loads(shown.output)[0]
    assert {"Wang Xiaoming", "Wong Siu-ming"} <= set(profile["aliases"])
    assert len({m["doc_id"] for m in profile["mentions"]}) == 2


def test_shared_context_lifts_a_near_match(tmp_path):
    folder = tmp_path / "ctx"
    folder.mkdir()
    (folder / "c.txt").write_text(DOC_C, "utf-8")
    (folder / "d.txt").write_text(DOC_D.replace("a lawyer in Milan", "of Safeguard Defenders"), "utf-8")
    db = str(tmp_path / "ctx.db")
    assert run("add", str(folder), "--db", db, "-q").exit_code == 0
    assert canonical(db, "Laura Harth") == canonical(db, "Laura Hart")


def test_uncertain_pair_is_reviewed_and_the_answer_sticks(store, tmp_path):
    assert canonical(store, "Laura Harth") != canonical(store, "Laura Hart")
    result = run("review-merges", "--db", store, input="y\n")
    assert result.exit_code == 0 and "Laura" in result.output
    assert canonical(store, "Laura Harth") == canonical(store, "Laura Hart")
    assert "nothing to review" in run("review-merges", "--db", store).output
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "e.txt").write_text("Fifth desk\nA spokesperson for the Chinese embassy in Rome denied the report.\n", "utf-8")
    assert run("add", str(extra), "--db", store, "-q").exit_code == 0  # a later ingest re-resolves
    assert canonical(store, "Laura Harth") == canonical(store, "Laura Hart")


def test_not_same_beats_the_scorer_and_split_undoes_a_merge(store):
    assert run("split", "Wang Xiaoming", "--db", store).exit_code == 0
    assert canonical(store, "Wang Xiaoming") != canonical(store, "Wong Siu-ming")
    assert run("resolve", "--db", store).exit_code == 0
    assert canonical(store, "Wang Xiaoming") != canonical(store, "Wong Siu-ming")
    assert run("merge", "Laura Harth", "Laura Hart", "--db", store, "--user", "ana").exit_code == 0
    assert canonical(store, "Laura Harth") == canonical(store, "Laura Hart")
    with sqlite3.connect(store) as conn:
        users = {r[0] for r in conn.execute("SELECT user FROM decisions WHERE action = 'merge'")}
    assert users == {"ana"}


def test_judging_an_unknown_name_is_a_clear_error(store):
    result = CliRunner().invoke(cli, ["not-same", "Nobody Atall", "Wang Xiaoming", "--db", store])
    assert result.exit_code == 1 and "no entity named 'Nobody Atall'" in result.output
    assert "Traceback" not in result.output


def test_match_pairs_adds_score_and_same(tmp_path):
    src = tmp_path / "pairs.csv"
    src.write_text("name_a,name_b,type\nWang Xiaoming,Wong Siu-ming,PERSON\nWang Wei,Wang Wen,PERSON\n"
                   "UFWD,中共中央統戰部,STATE_BODY\nFuzhou Public Security Bureau,Fuqing Public Security Bureau,STATE_BODY\n", "utf-8")
    out = tmp_path / "out.csv"
    result = run("match-pairs", str(src), "-o", str(out))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert [r["same"] for r in rows] == ["1", "0", "1", "0"]
    assert all(0.0 <= float(r["score"]) <= 1.0 for r in rows) and "explanation" not in rows[0]


def test_match_pairs_rejects_a_bad_type(tmp_path):
    src = tmp_path / "pairs.csv"
    src.write_text("name_a,name_b,type\nA,B,ANIMAL\n", "utf-8")
    result = CliRunner().invoke(cli, ["match-pairs", str(src)])
    assert result.exit_code == 1 and "row 2" in result.output and "ANIMAL" in result.output
