"""Extraction quality on documents written for the project (tests/eval), scored by the shared scorer.

These documents were never used to write rules; the test guards against
regressions, and skips where the shared evaluation folder is not beside the clone.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
EVAL = ROOT / "tests" / "eval"

pytestmark = pytest.mark.model


@pytest.mark.skipif(not SCORER.exists(), reason="shared/eval/score.py is not beside this checkout")
def test_held_out_documents_score_above_the_floor(tmp_path):
    from threadline.api import extract_file

    for doc in sorted((EVAL / "docs").glob("*.txt")):
        (tmp_path / f"{doc.stem}.json").write_text(json.dumps(extract_file(doc)), "utf-8")
    out = subprocess.run([sys.executable, str(SCORER), "--gold", str(EVAL / "gold"), "--pred", str(tmp_path),
                          "--docs", str(EVAL / "docs"), "--json"], capture_output=True, text=True, check=True)
    scores = json.loads(out.stdout)
    assert scores["entities"]["f1"] >= 0.82, scores["entities"]
    assert scores["alias_recall"] >= 0.80, scores["alias_recall"]
    assert scores["claims"]["f1"] >= 0.58, scores["claims"]
    assert scores["events"]["f1"] >= 0.80, scores["events"]
