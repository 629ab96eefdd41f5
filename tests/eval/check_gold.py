#!/usr/bin/env python3
"""Sanity checks for the held-out eval set (tests/eval/docs + tests/eval/gold).

    python3 tests/eval/check_gold.py

Checks, per document: 250-450 words; every evidence string is a verbatim
substring of the document; every claimant / subject / object / about / event
entity is the name or an alias of an annotated entity; every entity name and
alias occurs in the text; no surface form (after folding) belongs to two
entities; types, predicates, stances and dates are well formed; index.json
lists exactly the documents present.
"""
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
TYPES = {"PERSON", "ORG", "STATE_BODY", "GPE", "EVENT", "LAW", "FACILITY"}
PREDICATES = {"member_of", "leads", "founded", "affiliated_with", "part_of", "operates",
              "funds", "located_in", "employed_by", "spokesperson_for", "reported_on",
              "investigated", "closed", "sanctioned", "accused", "met_with"}
STANCES = {"alleges", "states", "confirms", "denies", "reports"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def fold(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"'s\b", "", text.replace("’", "'"))
    words = re.findall(r"\w+", text)
    return " ".join(words[1:] if words and words[0] == "the" else words)


def check(doc_id, text, gold):
    errs = []
    n = len(text.split())
    if not 250 <= n <= 450:
        errs.append(f"{n} words")
    names, owner = set(), {}
    for i, e in enumerate(gold["entities"]):
        if e["type"] not in TYPES:
            errs.append(f"bad type {e}")
        for form in [e["name"], *e.get("aliases", [])]:
            names.add(form)
            if form.casefold() not in text.casefold():
                errs.append(f"surface form not in text: {form!r}")
            f = fold(form)
            if f in owner and owner[f] != i:
                errs.append(f"surface form {form!r} in two entities")
            owner[f] = i

    def known(name, where):
        if name not in names:
            errs.append(f"{where}: unknown entity {name!r}")

    def evidence(ev, where):
        if ev not in text:
            errs.append(f"{where}: evidence not verbatim: {ev[:60]!r}")

    for r in gold["relations"]:
        known(r["subject"], "relation")
        known(r["object"], "relation")
        if r["predicate"] not in PREDICATES:
            errs.append(f"bad predicate {r['predicate']}")
        evidence(r["evidence"], "relation")
    for c in gold["claims"]:
        if c["claimant"] is not None:
            known(c["claimant"], "claimant")
        for a in c["about"]:
            known(a, "about")
        if c["stance"] not in STANCES:
            errs.append(f"bad stance {c['stance']}")
        evidence(c["evidence"], "claim")
    for e in gold["events"]:
        for a in e["entities"]:
            known(a, "event")
        if not DATE.match(e["date"]):
            errs.append(f"bad date {e['date']}")
        if e["date"][:4] not in e["evidence"]:
            errs.append(f"event year not in evidence: {e['date']}")
        evidence(e["evidence"], "event")
    return errs


def main():
    docs, golds = HERE / "docs", HERE / "gold"
    index = json.loads((docs / "index.json").read_text())
    ids = {row["id"] for row in index}
    files = {p.stem for p in docs.glob("*.txt")}
    bad = 0
    if ids != files or files != {p.stem for p in golds.glob("*.json")}:
        print("index.json / docs / gold mismatch:", sorted(ids), sorted(files))
        bad += 1
    for stem in sorted(files):
        text = (docs / f"{stem}.txt").read_text()
        gold = json.loads((golds / f"{stem}.json").read_text())
        errs = check(stem, text, gold)
        counts = {k: len(gold[k]) for k in ("entities", "claims", "relations", "events")}
        print(stem, "OK" if not errs else "FAIL", counts, len(text.split()), "words")
        for e in errs:
            print("   ", e)
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
