"""End-to-end ingest throughput and memory against bare spaCy on the same texts, in one run.

    .venv/bin/python bench/ingest_throughput.py [--words 60000] [--repeat 3] [--out bench/results/ingest_throughput.md]

``threadline add`` is timed through ``Workspace.add`` into a fresh SQLite file:
reading the files, the near-duplicate check, extraction, storing and the final
resolution, with 1 and 2 jobs. The baseline is bare spaCy ``nlp.pipe`` of the
same model on the same texts with n_process 1 and 2 (batch size 8, like
``add``). The figures that matter are ratios, which do not depend on the
machine: Threadline / bare spaCy at the same number of processes, and the
speed-up from 1 to 2 jobs.

Each measurement runs in a fresh process. "Cold" time runs from before spaCy
is imported to the end, so model loading (and, with 2 jobs, starting the
workers) counts for both sides, as on the command line; bare spaCy's "warm"
time is ``nlp.pipe`` alone. Peak memory is per measurement: ``ru_maxrss`` of
the process (self) and of its largest child (``RUSAGE_CHILDREN``: pool workers,
reaped through the fork server, which is stopped for that), plus the peak of
the whole process tree summed, sampled from /proc every 50 ms.

The corpus: the paragraphs of examples/corpus, shuffled into new documents of
six paragraphs under their own headline (seeded), until ``--words`` words.
Documents differ, and ``add`` reports how many it took for near-duplicates
(printed; 0 for the default seed), so near-duplicate detection stays on.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
PHASES = [("bare", 1), ("threadline", 1), ("bare", 2), ("threadline", 2)]


def make_corpus(folder: Path, words: int, seed: int) -> tuple[int, int]:
    """Write documents mixed from the example corpus's paragraphs; returns (documents, words)."""
    from threadline.ingest import read_document

    paragraphs = []
    for path in sorted(CORPUS.glob("*.md")):
        if path.name.lower() != "readme.md":
            paragraphs += [p for p in read_document(path).text.split("\n\n") if len(p.split()) > 8]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    n = total = 0
    while total < words:
        text = f"Dispatch {n}: {rng.choice(['report', 'update', 'briefing', 'digest'])} number {n}\n\n"
        text += "\n\n".join(rng.sample(paragraphs, 6)) + "\n"
        (folder / f"dispatch-{n:05d}.txt").write_text(text, "utf-8")
        total += len(text.split())
        n += 1
    return n, total


def texts_of(folder: Path) -> list[str]:
    from threadline.ingest import read_document

    return [read_document(p).text for p in sorted(folder.glob("*.txt"))]


class TreePeak:
    """Peak resident memory of this process and all its descendants, summed (Linux /proc, sampled)."""

    def __init__(self, interval: float = 0.05):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            self._stop.wait(self.interval)


def _tree_rss(root: int) -> int:
    parents, rss = {}, {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            pid = int(status.parent.name)
            parents[pid] = int(fields["PPid"])
            rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
        except (OSError, ValueError, KeyError):
            continue
    tree, frontier = {root}, {root}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - tree
        tree |= frontier
    return sum(rss.get(p, 0) for p in tree)


def phase(kind: str, jobs: int, corpus: Path, db: Path) -> dict[str, float]:
    """One measurement in this fresh process, peak memory included.

    ``cold``: from before spaCy is imported to the end, reading the files included (as on the
    command line). ``warm`` (bare spaCy): ``nlp.pipe`` alone, the model loaded. ``startup``
    (Threadline): until the first document is stored.
    """
    near, first, warm = 0, 0.0, 0.0
    cpu_start = _cpu(resource.RUSAGE_SELF)
    with TreePeak() as tree:
        start = time.perf_counter()
        if kind == "bare":
            import importlib

            from threadline.extract.nlp import MODELS

            texts = texts_of(corpus)
            nlp = importlib.import_module(MODELS["en"]).load()
            loaded = time.perf_counter()
            for _ in nlp.pipe(texts, n_process=jobs, batch_size=8):
                pass
            end = time.perf_counter()
            warm = end - loaded
        else:
            from threadline.api import Workspace

            def progress(location: str, outcome: str) -> None:
                nonlocal first
                if not first and outcome == "added":
                    first = time.perf_counter() - start

            with Workspace(db) as ws:
                report = ws.add([corpus], progress=progress, jobs=jobs)
            end = time.perf_counter()
            assert report.ok, report.failed[:3]
            near = len(report.duplicates)
            _stop_fork_server()  # so the workers' peak reaches RUSAGE_CHILDREN
    cpu = _cpu(resource.RUSAGE_SELF) - cpu_start + _cpu(resource.RUSAGE_CHILDREN)
    return {"cold": end - start, "warm": warm, "startup": first, "cpu": cpu, "self": _maxrss(resource.RUSAGE_SELF),
            "children": _maxrss(resource.RUSAGE_CHILDREN), "tree": tree.peak, "near_duplicates": near}


def _stop_fork_server() -> None:
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)  # private; CPython's own tests use it
    if stop:
        stop()


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _maxrss(who: int) -> int:
    return resource.getrusage(who).ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def busy(seconds: float = 2.0) -> float:
    """Fraction of all cores busy over ``seconds`` (Linux /proc/stat; 0 elsewhere)."""
    def sample() -> tuple[int, int]:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(values) - values[3] - values[4], sum(values)  # all but idle and iowait

    try:
        b0, t0 = sample()
        time.sleep(seconds)
        b1, t1 = sample()
    except OSError:
        return 0.0
    return (b1 - b0) / max(t1 - t0, 1)


def wait_for_quiet(limit: float, threshold: float = 0.1) -> float:
    """Other people's jobs distort timings: wait (at most ``limit`` s) until the machine is nearly idle."""
    deadline = time.monotonic() + limit
    load = busy()
    while load > threshold and time.monotonic() < deadline:
        load = busy()
    return load


def run_phase(kind: str, jobs: int, corpus: Path, work: Path) -> dict[str, float]:
    db = work / f"{kind}-{jobs}-{time.monotonic_ns()}.db"
    out = subprocess.run([sys.executable, __file__, "--phase", kind, "--jobs", str(jobs), "--corpus", str(corpus),
                          "--db", str(db)], capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(f"{kind} with {jobs} job(s) failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--words", type=int, default=60000, help="Words in the generated corpus.")
    parser.add_argument("--repeat", type=int, default=3, help="Rounds of the four measurements; medians are reported.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="Also write the Markdown table here.")
    parser.add_argument("--wait", type=float, default=300, help="Seconds to wait, at most, for an idle machine before each measurement.")
    parser.add_argument("--phase", choices=["bare", "threadline"], help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.jobs, args.corpus, args.db)))
        return

    with tempfile.TemporaryDirectory(prefix="tl-bench-") as tmp:
        work = Path(tmp)
        documents, words = make_corpus(work / "corpus", args.words, args.seed)
        print(f"{documents} documents, {words} words; {os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}", flush=True)
        runs: dict[tuple[str, int], list[dict[str, float]]] = {p: [] for p in PHASES}
        for r in range(args.repeat):
            for kind, jobs in PHASES:
                idle = wait_for_quiet(args.wait)
                result = run_phase(kind, jobs, work / "corpus", work)
                result["busy_before"] = idle
                runs[(kind, jobs)].append(result)
                print(f"round {r + 1}: {kind:10s} jobs={jobs}  {result['cold']:6.1f} s  {words / result['cold']:7,.0f} words/s"
                      f"  cpu {result['cpu']:6.1f} s"
                      f"  (warm {result['warm']:5.1f} s, startup {result['startup']:4.1f} s)"
                      f"  self {mib(result['self'])} MiB  largest child {mib(result['children'])} MiB"
                      f"  tree {mib(result['tree'])} MiB  near-duplicates {int(result['near_duplicates'])}"
                      f"  (cores busy before: {idle:.0%})", flush=True)
    print(report(runs, documents, words, args))
    if args.out:
        args.out.write_text(report(runs, documents, words, args), "utf-8")
        raw = {f"{kind}-{jobs}": rs for (kind, jobs), rs in runs.items()}
        args.out.with_suffix(".json").write_text(json.dumps({"documents": documents, "words": words, "runs": raw}, indent=1))


def report(runs: dict[tuple[str, int], list[dict[str, float]]], documents: int, words: int, args: argparse.Namespace) -> str:
    def best(kind: str, jobs: int, key: str = "cold") -> float:
        """Words per second of the fastest round: other people's jobs on the machine only ever slow a run down."""
        return words / min(r[key] for r in runs[(kind, jobs)])

    def per_cpu(kind: str, jobs: int) -> float:
        """Words per CPU-second of the whole process tree (median): what contention distorts least."""
        return words / statistics.median(r["cpu"] for r in runs[(kind, jobs)])

    lines = [
        "# Ingest throughput: `threadline add` against bare spaCy",
        "",
        f"`bench/ingest_throughput.py --words {args.words} --repeat {args.repeat} --seed {args.seed}`: {documents} documents,"
        f" {words:,} words, {os.cpu_count()} cores, Python {sys.version.split()[0]}. {args.repeat} rounds; each round runs"
        " the four measurements, each in a fresh process, after waiting for an idle machine. Cold: from before spaCy is"
        " imported to the end (reading, model loading and, for Threadline, storing and resolving included); warm: bare"
        " `nlp.pipe` alone. Wall-clock figures are the best round (other jobs on a shared machine only slow runs down);"
        " CPU figures are the median words per CPU-second of the whole process tree.",
        "",
        "| measurement | cold words/s (best) | cold words/s per round | warm words/s (best) | words per CPU-s | startup s |"
        " self peak MiB | largest child MiB | tree peak MiB |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, jobs in PHASES:
        rs = runs[(kind, jobs)]
        label = f"bare spaCy nlp.pipe, n_process={jobs}" if kind == "bare" else f"threadline add, jobs={jobs}"
        rounds = ", ".join(f"{words / r['cold']:,.0f}" for r in rs)
        warm = f"{best(kind, jobs, 'warm'):,.0f}" if kind == "bare" else ""
        startup = f"{min(r['startup'] for r in rs):.1f}" if kind == "threadline" else ""
        lines.append(f"| {label} | {best(kind, jobs):,.0f} | {rounds} | {warm} | {per_cpu(kind, jobs):,.0f} | {startup} |"
                     f" {mib(max(r['self'] for r in rs))} | {mib(max(r['children'] for r in rs))} | {mib(max(r['tree'] for r in rs))} |")
    def paired(a: tuple[str, int], b: tuple[str, int]) -> float:
        """Median over rounds of the ratio of two measurements taken in the same round (drift cancels)."""
        return statistics.median(rb["cold"] / ra["cold"] for ra, rb in zip(runs[a], runs[b]))

    tl1, tl2, bare1, bare2 = ("threadline", 1), ("threadline", 2), ("bare", 1), ("bare", 2)
    lines += [
        "",
        "Startup: until the first document is stored (model loading, and with 2 jobs starting the workers).",
        "",
        "| ratio | best rounds, cold | median of per-round ratios, cold | CPU | target |",
        "|---|---:|---:|---:|---:|",
        f"| threadline / bare spaCy, 1 process | {best(*tl1) / best(*bare1):.2f} | {paired(tl1, bare1):.2f} |"
        f" {per_cpu(*tl1) / per_cpu(*bare1):.2f} | ≥ 0.75 |",
        f"| threadline / bare spaCy, 2 processes | {best(*tl2) / best(*bare2):.2f} | {paired(tl2, bare2):.2f} |"
        f" {per_cpu(*tl2) / per_cpu(*bare2):.2f} | ≥ 0.75 |",
        f"| threadline cold / bare nlp.pipe warm, 1 process | {best(*tl1) / best(*bare1, 'warm'):.2f} | | | |",
        f"| threadline cold / bare nlp.pipe warm, 2 processes | {best(*tl2) / best(*bare2, 'warm'):.2f} | | | |",
        f"| threadline speed-up, 1 → 2 jobs | {best(*tl2) / best(*tl1):.2f} | {paired(tl2, tl1):.2f} | | ≥ 1.7 |",
        f"| bare spaCy speed-up, n_process 1 → 2 | {best(*bare2) / best(*bare1):.2f} | {paired(bare2, bare1):.2f} | | |",
        "",
        f"Near-duplicates taken out by `add`: {max(int(r['near_duplicates']) for rs in runs.values() for r in rs)}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
