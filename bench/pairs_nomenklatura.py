"""nomenklatura's matchers on the same labelled pairs as Threadline's scorer, for comparison.

    .venv/bin/pip install ".[bench]"      # brings nomenklatura
    .venv/bin/python bench/pairs_nomenklatura.py [tests/resolve/pairs.csv]

Each name becomes a FollowTheMoney entity (Person, Organization or PublicBody)
and each algorithm's own default threshold decides `same`.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from followthemoney import model
from nomenklatura.matching import get_algorithm

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "resolve" / "pairs.csv"
SCHEMA = {"PERSON": "Person", "ORG": "Organization", "STATE_BODY": "PublicBody"}


def proxy(name: str, type_: str, key: str):  # type: ignore[no-untyped-def]
    entity = model.make_entity(SCHEMA[type_])
    entity.id = key
    entity.add("name", name)
    return entity


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    print("| algorithm | threshold | precision | recall | F1 | false merges |\n|---|---|---|---|---|---|")
    for name in ("logic-v1", "name-based", "name-qualified"):
        algorithm = get_algorithm(name)
        config = algorithm.default_config()
        threshold = getattr(algorithm, "DEFAULT_THRESHOLD", 0.7)
        tp = fp = fn = 0
        for n, row in enumerate(rows):
            a, b = proxy(row["name_a"], row["type"], f"a{n}"), proxy(row["name_b"], row["type"], f"b{n}")
            same = algorithm.compare(a, b, config).score >= threshold
            truth = row["same"] == "1"
            tp += truth and same
            fp += same and not truth
            fn += truth and not same
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"| {name} | {threshold} | {p:.3f} | {r:.3f} | {f:.3f} | {fp} |")


if __name__ == "__main__":
    main()
