"""Ingest throughput into PostgreSQL: local jobs against a Dask LocalCluster, the same corpus, in one run.

    .venv/bin/python bench/cluster_ingest.py --pg postgresql://... [--words 60000] [--repeat 2]
                                             [--out bench/results/cluster_ingest.md]

Four measurements on the corpus of ``bench/ingest_throughput.py`` (the example
corpus's paragraphs shuffled into new documents, seeded): ``Workspace.add``
with ``jobs=1``, ``jobs=2``, ``cluster="local:1"`` and ``cluster="local:2"``,
each in a fresh process into a fresh PostgreSQL schema. Timed from before
Threadline is imported to the end of ``add`` (reading, the near-duplicate
check, extraction, storing, the final resolution): *cold*. *Steady* is the
rate from the start of the first document's save to the end of the last one, without start-up
(loading the model, starting workers or the cluster) and the final
resolution. The figures that matter are ratios within a round: the cluster
against the same number of local jobs, and 2 workers against 1.

The writer's share: the time this process spent in ``store.save`` (one
transaction per document, into PostgreSQL), and in the final resolution,
against the wall time. With ``w`` workers extracting in parallel the single
writer saturates when ``w × save time per document`` reaches the extraction
time per document; the report gives that number of workers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODES = ["jobs=1", "jobs=2", "local:1", "local:2"]


def measure(mode: str, docs: str, location: str) -> dict[str, float]:
    """One measurement, in this (fresh) process."""
    start = time.perf_counter()
    from threadline.api import Workspace

    saves: list[float] = []
    stored: list[float] = []
    with Workspace(location) as ws:
        real_save = ws.store.save

        def timed_save(*args, **kwargs):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            try:
                return real_save(*args, **kwargs)
            finally:
                saves.append(time.perf_counter() - t)
                stored.append(time.perf_counter())

        ws.store.save = timed_save  # type: ignore[method-assign]
        real_resolve = ws.resolve
        resolving: list[float] = []

        def timed_resolve():  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            try:
                return real_resolve()
            finally:
                resolving.append(time.perf_counter() - t)

        ws.resolve = timed_resolve  # type: ignore[method-assign]
        if mode.startswith("jobs="):
            report = ws.add([docs], jobs=int(mode.split("=")[1]))
        else:
            report = ws.add([docs], cluster=mode)
        end = time.perf_counter()
        assert report.ok, report.failed
        disk = ws.store._run(  # type: ignore[attr-defined]
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'"
        ).fetchone()[0]
    return {"seconds": end - start, "documents": len(report.added), "first_stored": stored[0] - start,
            "steady_seconds": stored[-1] - stored[0] + saves[0], "save_seconds": sum(saves), "save_p50_ms": 1000 * statistics.median(saves),
            "resolve_seconds": sum(resolving), "disk_bytes": int(disk)}


def run_one(mode: str, docs: Path, pg: str) -> dict[str, float]:
    """A measurement in a fresh process, into a fresh schema (dropped afterwards)."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    location = f"{pg}{'&' if '?' in pg else '?'}schema={schema}"
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    try:
        done = subprocess.run([sys.executable, __file__, "--child", mode, str(docs), location], capture_output=True,
                              text=True, env=env, timeout=3600)
        if done.returncode != 0:
            raise SystemExit(f"{mode} failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        with psycopg.connect(pg, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def render(rounds: list[dict[str, dict[str, float]]], info: dict[str, object]) -> str:
    def best(mode: str, key: str) -> float:
        return min(r[mode][key] for r in rounds)

    def rate(r: dict[str, float], steady: bool = False) -> float:
        if steady:
            return r["documents"] * info["words_per_doc"] / r["steady_seconds"]  # type: ignore[operator]
        return info["words"] / r["seconds"]  # type: ignore[operator]

    lines = [
        "# Ingest into PostgreSQL: local jobs against a Dask LocalCluster",
        "",
        f"`bench/cluster_ingest.py --words {info['target']} --repeat {len(rounds)} --seed {info['seed']}`: "
        f"{info['documents']} documents, {info['words']:,} words, {os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}, dask {info['dask']}, PostgreSQL {info['postgres']}, {time.strftime('%Y-%m-%d')}.",
        "",
        "**The machine was shared with other agents' work while this ran** (2 cores for five sessions), so absolute "
        "figures are noisy and low; ratios within a round are what to read, and even they move by ±10 %. "
        f"Load average (1 min) at the start of each round: {', '.join(f'{x:.1f}' for x in info.get('loads', []))}.",
        "",
        "| measurement | cold words/s per round | steady words/s per round | startup s (best) | save ms/doc (p50) | "
        "writer busy (share of steady time) | resolve s |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for mode in MODES:
        cold = ", ".join(f"{rate(r[mode]):,.0f}" for r in rounds)
        steady = ", ".join(f"{rate(r[mode], True):,.0f}" for r in rounds)
        busy = statistics.median(r[mode]["save_seconds"] / r[mode]["steady_seconds"] for r in rounds)
        lines.append(f"| {mode} | {cold} | {steady} | {best(mode, 'first_stored'):.1f} | "
                     f"{statistics.median(r[mode]['save_p50_ms'] for r in rounds):.1f} | {busy:.0%} | "
                     f"{statistics.median(r[mode]['resolve_seconds'] for r in rounds):.2f} |")
    lines += ["", "| ratio | cold, median of rounds | steady, median of rounds | target |", "|---|---:|---:|---:|"]

    def ratio(a: str, b: str, steady: bool) -> float:
        return statistics.median(rate(r[a], steady) / rate(r[b], steady) for r in rounds)

    for a, b, target in [("local:1", "jobs=1", "≥ 0.9"), ("local:2", "jobs=2", "≥ 0.9"),
                         ("local:2", "local:1", "≥ 1.7"), ("jobs=2", "jobs=1", "")]:
        lines.append(f"| {a} / {b} | {ratio(a, b, False):.2f} | {ratio(a, b, True):.2f} | {target} |")
    def met() -> str:
        hits = [(f"{a} / {b}", ratio(a, b, True), floor) for a, b, floor in
                [("local:1", "jobs=1", 0.9), ("local:2", "jobs=2", 0.9), ("local:2", "local:1", 1.7)]]
        reached = [f"{name} ({value:.2f})" for name, value, floor in hits if value >= floor]
        missed = [f"{name} ({value:.2f} < {floor})" for name, value, floor in hits if value < floor]
        return (f"Steady targets met in this run: {', '.join(reached) or 'none'}; missed: {', '.join(missed) or 'none'}.")

    one = rounds[-1]["jobs=1"]
    extract_per_doc = statistics.median((r["jobs=1"]["steady_seconds"] - r["jobs=1"]["save_seconds"]) / r["jobs=1"]["documents"]
                                        for r in rounds)
    save_alone = statistics.median(r["jobs=1"]["save_seconds"] / r["jobs=1"]["documents"] for r in rounds)
    save_shared = statistics.median(r["local:2"]["save_seconds"] / r["local:2"]["documents"] for r in rounds)
    lines += [
        "",
        f"Per document (jobs=1, median of rounds): extraction {1000 * extract_per_doc:.0f} ms of one core; "
        f"storing into PostgreSQL {1000 * save_alone:.1f} ms (one transaction), {1000 * save_shared:.1f} ms when the "
        f"writing process shares the cores with two workers (local:2); PostgreSQL tables, indexes and TOAST "
        f"{one['disk_bytes'] / one['documents'] / 1024:.1f} KiB per document.",
        f"The single writer saturates at about {extract_per_doc / save_alone:.0f} workers when it has a core of its own "
        f"(extraction time per document over storing time per document; {extract_per_doc / save_shared:.0f} when it "
        "shares): below that the workers are the bottleneck.",
        "",
        "Cold includes start-up: for local jobs the fork server loads the model once and the workers fork from it; "
        "a LocalCluster starts a scheduler, nannies and spawned worker processes that each import spaCy and load the "
        "model (the worker plugin), so its start-up is longer and weighs on a corpus this small. Steady is the rate "
        "from the first document's save to the last one's.",
        "",
        f"On {os.cpu_count()} cores: jobs=1 extracts and stores in turn; local:1 overlaps the two (its worker "
        "extracts the next batch while this process and PostgreSQL store the last), which can gain at most the "
        f"save's share of a document's time ({save_alone / (extract_per_doc + save_alone):.0%} here). A Dask worker "
        "also runs its own event loop and heartbeats beside the extraction (its stack profiler is off and its tick "
        "slower: bench/results/worker_overhead.md), a nanny watches it, and the scheduler is one more process, so "
        "where every core is busy (local:2 against jobs=2) the cluster pays for them; local jobs fork "
        f"from one server and pass results through a pipe. The writer's save time grows {save_shared / save_alone:.1f}-fold "
        "when it shares the cores with two workers. " + met(),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("THREADLINE_TEST_PG"), help="PostgreSQL URL (default $THREADLINE_TEST_PG)")
    parser.add_argument("--words", type=int, default=60000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "cluster_ingest.md"))
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--render", help="write --out again from the figures of an earlier run (its .json), measuring nothing")
    args = parser.parse_args()
    if args.render:
        saved = json.loads(Path(args.render).read_text("utf-8"))
        Path(args.out).write_text(render(saved["rounds"], saved["info"]), "utf-8")
        return
    if args.child:
        print(json.dumps(measure(*args.child)))
        return
    if not args.pg:
        raise SystemExit("give --pg postgresql://... or set THREADLINE_TEST_PG (bash scripts/postgres.sh starts one)")
    sys.path.insert(0, str(ROOT / "bench"))
    import dask
    import psycopg
    from ingest_throughput import make_corpus

    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        n, words = make_corpus(docs, args.words, args.seed)
        rounds = []
        loads = []
        for i in range(args.repeat):
            loads.append(os.getloadavg()[0])
            rounds.append({mode: run_one(mode, docs, args.pg) for mode in MODES})
            print(f"round {i + 1}: " + json.dumps(rounds[-1]), file=sys.stderr)
    with psycopg.connect(args.pg) as conn:
        postgres = conn.execute("SHOW server_version").fetchone()[0]
    info = {"target": args.words, "seed": args.seed, "documents": n, "words": words, "words_per_doc": words / n,
            "dask": dask.__version__, "postgres": postgres, "loads": loads}
    text = render(rounds, info)
    Path(args.out).write_text(text, "utf-8")
    Path(args.out).with_suffix(".json").write_text(json.dumps({"info": info, "rounds": rounds}, indent=1), "utf-8")
    print(text)


if __name__ == "__main__":
    main()
