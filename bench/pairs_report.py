"""Precision, recall and F1 of resolution's `same` on a labelled pair set, per category.

    .venv/bin/python bench/pairs_report.py [tests/resolve/pairs.csv] [-v]   (-v lists the mistakes)

The CSV has columns category,name_a,name_b,type,same; the scorer is the one
`threadline match-pairs` and resolution use.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

from threadline.api import match_pair

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "resolve" / "pairs.csv"


def evaluate(path: Path) -> dict[str, dict[str, float]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp, fp, fn, n
    misses: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            truth = row["same"].strip() == "1"
            result = match_pair(row["name_a"], row["name_b"], row["type"])
            for key in (row["category"], "all"):
                c = counts[key]
                c[0] += truth and result.same
                c[1] += (not truth) and result.same
                c[2] += truth and not result.same
                c[3] += 1
            if truth != result.same:
                misses.append(f"{row['category']}: {row['name_a']} | {row['name_b']} -> {result.score} ({'; '.join(result.explanations)})")
    out = {}
    for key, (tp, fp, fn, n) in counts.items():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[key] = {"pairs": n, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "fp": fp, "fn": fn}
    out["_misses"] = misses  # type: ignore[assignment]
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    path = Path(args[0]) if args else DEFAULT
    results = evaluate(path)
    misses = results.pop("_misses")
    print("| category | pairs | precision | recall | F1 | false merges | missed |\n|---|---|---|---|---|---|---|")
    for key in sorted(results, key=lambda k: (k == "all", k)):
        r = results[key]
        print(f"| {key} | {r['pairs']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['fp']} | {r['fn']} |")
    if misses and "-v" in sys.argv:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
