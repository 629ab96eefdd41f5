"""Golden files: the extraction of each example document, reviewed as a diff.

Refresh with ``pytest tests/extract/test_golden.py --update-golden`` and read
the diff before committing it.
"""

import json
from pathlib import Path

import pytest

from threadline.extract.pipeline import extract
from threadline.ingest import read_document

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
DOCS = sorted(p for p in CORPUS.glob("*.md") if p.name != "README.md")
LANGUAGE_DOCS = sorted((GOLDEN / "languages").glob("*.txt"))  # one short document per language read by rules

pytestmark = pytest.mark.model


def projection(path: Path) -> dict:
    """The reviewed part of an extraction: stable, order-independent, no versions or ids."""
    ex = extract(read_document(path))
    return {
        "entities": sorted([e.type, e.name, sorted(e.aliases)] for e in ex.entities),
        "claims": sorted([c.claimant or (f"(unnamed) {c.source}" if c.source else ""), c.stance, c.evidence.sentence] for c in ex.claims),
        "relations": sorted([r.subject, r.predicate, r.object] for r in ex.relations),
        "events": sorted([v.date, v.precision, v.evidence.sentence] for v in ex.events),
    }


def test_corpus_has_six_to_ten_documents():
    assert 6 <= len(DOCS) <= 10


@pytest.mark.parametrize("path", DOCS + LANGUAGE_DOCS, ids=[p.stem for p in DOCS + LANGUAGE_DOCS])
def test_extraction_matches_golden(path: Path, update_golden: bool):
    golden = path.with_suffix(".expected.json") if path.parent.name == "languages" else GOLDEN / f"{path.stem}.expected.json"
    actual = projection(path)
    if update_golden or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", "utf-8")
        if not update_golden:
            pytest.fail(f"wrote new golden file {golden.name}; review and commit it")
    expected = json.loads(golden.read_text("utf-8"))
    for part in ("entities", "claims", "relations", "events"):
        assert actual[part] == expected[part], f"{part} changed for {path.name}; rerun with --update-golden after review"
