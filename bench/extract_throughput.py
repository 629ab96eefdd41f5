"""Extraction throughput and memory against bare spaCy on the same texts, in one run.

    .venv/bin/python bench/extract_throughput.py [--repeat 5]

The baseline is the same spaCy model's ``nlp.pipe`` with none of Threadline's
components; the figure that matters is the ratio, which does not depend on the
machine. Each phase is timed in wall-clock and in CPU seconds of this process:
on a machine other jobs share, the wall clock mostly measures them, so the CPU
ratio is the one to read there. Peak memory is the tracemalloc peak of each
phase (Python allocations).
"""

from __future__ import annotations

import argparse
import importlib
import time
import tracemalloc
from pathlib import Path

from threadline.extract.nlp import MODELS, load_pipeline
from threadline.extract.pipeline import extract, extract_many
from threadline.ingest import read_document

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


def measure(label: str, fn) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu  # timed without tracing, which would distort it
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:28s} {elapsed:7.2f} s   cpu {cpu:7.2f} s   peak {peak / 2**20:7.1f} MiB")
    return elapsed, cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Times the corpus is processed.")
    args = parser.parse_args()
    docs = [read_document(p) for p in sorted(CORPUS.glob("*.md")) if p.name != "README.md"] * args.repeat
    words = sum(len(d.text.split()) for d in docs)
    bare = importlib.import_module(MODELS["en"]).load()
    ours = load_pipeline("en")
    list(bare.pipe(d.text for d in docs[:2]))  # warm up both
    list(extract(d, nlp=ours) for d in docs[:2])
    print(f"{len(docs)} documents, {words} words")
    base_t, base_c, base_m = measure("bare spaCy nlp.pipe", lambda: list(bare.pipe(d.text for d in docs)))
    ours_t, ours_c, ours_m = measure("threadline extract_many", lambda: list(extract_many(docs, nlp=ours)))
    print(f"throughput: bare {words / base_t:,.0f} words/s, threadline {words / ours_t:,.0f} words/s")
    print(f"ratio (threadline / bare throughput): {base_t / ours_t:.2f}")
    print(f"ratio (threadline / bare words per CPU-second): {base_c / ours_c:.2f}")
    print(f"ratio (threadline / bare peak memory): {ours_m / max(base_m, 1):.2f}")


if __name__ == "__main__":
    main()
