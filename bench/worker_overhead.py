"""What a Dask worker's settings cost the extraction: Dask's defaults against ``--cluster local:N``'s.

    .venv/bin/python bench/worker_overhead.py [--words 20000] [--repeat 3] [--out bench/results/worker_overhead.md]

Two LocalClusters of one single-threaded worker each run at the same time in
this process: one with Dask's default worker settings, one with Threadline's
(:data:`~threadline.extract.cluster.QUIET_WORKERS`: no stack profiler, a slower
event-loop tick and system monitor; :data:`~threadline.extract.cluster.KEEP_FREED_MEMORY`:
glibc's own heap trimming instead of Dask's ``MALLOC_TRIM_THRESHOLD_``). Each batch of the corpus goes to both at
once and the next batch waits for both, so the two workers share the machine's
two cores under the same conditions; a machine whose speed drifts (a shared
one) moves both alike. The task itself measures, per batch: wall time, the
extraction thread's CPU time and the whole worker process's CPU time (the
extraction plus the worker's event loop, profiler and monitor threads), and the
page faults per document. Threadline's worker starts first: a default nanny
sets Dask's variables in this process's environment, which later workers inherit (the
bench takes them out again before each round).

The figure that matters is the ratio of process CPU per document, quiet over
default, per round and its median.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BATCH = 8


def measured_batch(documents: list[Any]) -> tuple[float, float, float, int]:
    """Runs on a worker: (wall, thread CPU, process CPU) seconds of extracting one batch, and its page faults."""
    import resource

    from threadline.extract.parallel import extract_batch

    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    wall, thread, process = time.perf_counter(), time.thread_time(), time.process_time()
    extract_batch(documents)
    return (time.perf_counter() - wall, time.thread_time() - thread, time.process_time() - process,
            resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults)


def start(settings: dict[str, Any], environment: dict[str, Any]) -> tuple[Any, Any]:
    """A LocalCluster of one worker with ``settings`` and ``environment`` (as ``connect`` gives its nannies), and a client."""
    import dask
    from distributed import Client, LocalCluster

    from threadline.extract.cluster import PipelinePlugin, worker_versions

    with dask.config.set(environment):
        local = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, silence_logs=logging.ERROR,
                             dashboard_address=None, config=settings)
    client = Client(local, set_as_default=False)
    client.register_plugin(PipelinePlugin(worker_versions()))
    return local, client


def one_round(batches: list[list[Any]]) -> dict[str, dict[str, float]]:
    from threadline.extract.cluster import KEEP_FREED_MEMORY, QUIET_WORKERS

    os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)  # a default nanny of the round before put it there
    quiet = start(QUIET_WORKERS, KEEP_FREED_MEMORY)
    sides = {"default": start({}, {}), "quiet": quiet}
    try:
        got: dict[str, list[tuple[float, float, float, int]]] = {name: [] for name in sides}
        for batch in batches:
            futures = {name: client.submit(measured_batch, batch, pure=False) for name, (_, client) in sides.items()}
            for name, future in futures.items():
                got[name].append(future.result())
    finally:
        for local, client in sides.values():
            client.close()
            local.close()
    documents = sum(len(b) for b in batches[1:])  # the first batch warms both up, and is left out
    return {name: {"wall_ms": 1000 * sum(r[0] for r in rows[1:]) / documents,
                   "thread_ms": 1000 * sum(r[1] for r in rows[1:]) / documents,
                   "process_ms": 1000 * sum(r[2] for r in rows[1:]) / documents,
                   "faults": sum(r[3] for r in rows[1:]) / documents} for name, rows in got.items()}


def render(rounds: list[dict[str, dict[str, float]]], info: dict[str, Any]) -> str:
    lines = [
        "# A Dask worker's settings: Dask's defaults against `--cluster local:N`'s",
        "",
        f"`bench/worker_overhead.py --words {info['target']} --repeat {len(rounds)}`: {info['documents']} documents, "
        f"{info['words']:,} words, two single-worker LocalClusters side by side on 2 cores, dask {info['dask']}, "
        f"{time.strftime('%Y-%m-%d')}. Settings: {info['settings']}.",
        "",
        "| round | default: wall / thread CPU / process CPU, ms per document (page faults) | Threadline's: the same | "
        "process CPU, Threadline's / default |",
        "|---:|---|---|---:|",
    ]
    ratios = []
    for i, r in enumerate(rounds, 1):
        d, q = r["default"], r["quiet"]
        ratios.append(q["process_ms"] / d["process_ms"])
        lines.append(f"| {i} | {d['wall_ms']:.0f} / {d['thread_ms']:.0f} / {d['process_ms']:.0f} ({d['faults']:,.0f}) | "
                     f"{q['wall_ms']:.0f} / {q['thread_ms']:.0f} / {q['process_ms']:.0f} ({q['faults']:,.0f}) | {ratios[-1]:.2f} |")
    overhead = statistics.median((r["default"]["process_ms"] - r["default"]["thread_ms"]) / r["default"]["thread_ms"]
                                 for r in rounds)
    quiet = statistics.median((r["quiet"]["process_ms"] - r["quiet"]["thread_ms"]) / r["quiet"]["thread_ms"]
                              for r in rounds)
    lines += [
        "",
        f"Median ratio of process CPU, Threadline's settings over Dask's: **{statistics.median(ratios):.2f}**. The worker's own "
        f"threads (process CPU beyond the extraction thread's) cost {overhead:.0%} of the extraction with Dask's "
        f"defaults and {quiet:.0%} with Threadline's. Absolute times move with the machine; the two sides of a "
        "round ran at the same time.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "worker_overhead.md"))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    import dask
    from ingest_throughput import make_corpus

    from threadline.extract.cluster import KEEP_FREED_MEMORY, QUIET_WORKERS
    from threadline.ingest import read_document

    with tempfile.TemporaryDirectory() as tmp:
        n, words = make_corpus(Path(tmp), args.words, args.seed)
        documents = [read_document(p) for p in sorted(Path(tmp).glob("*.txt"))]
    batches = [documents[i:i + BATCH] for i in range(0, len(documents), BATCH)]
    rounds = []
    for i in range(args.repeat):
        rounds.append(one_round(batches))
        print(f"round {i + 1}: {json.dumps(rounds[-1])}", file=sys.stderr)
    info = {"target": args.words, "documents": n, "words": words, "dask": dask.__version__,
            "settings": ", ".join(f"`{k}: {v}`" for k, v in {**QUIET_WORKERS, **KEEP_FREED_MEMORY}.items())}
    text = render(rounds, info)
    Path(args.out).write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
