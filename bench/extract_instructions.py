"""Extraction against bare spaCy by instruction count, which a shared machine does not disturb.

    .venv/bin/python bench/extract_instructions.py        # needs valgrind (callgrind_control comes with it)

Wall-clock and CPU ratios of ``bench/extract_throughput.py`` swing by a third between runs on a loaded
machine; the number of instructions executed does not. Each side runs in its own process under callgrind
with collection off: one warm-up pass over the example corpus (model loading, first-use tables), then
collection is switched on for exactly one measured pass. The ratio is bare instructions over Threadline's,
so 1.0 means the same work and 0.9 means Threadline does 11 % more.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
_LINGER = 3.0  # seconds the measured process waits, idle, after its pass
# Idle BLAS threads spin, and how long depends on the machine's load: one thread keeps the count the work's.
_ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _inner(mode: str, marker: Path) -> None:
    """Runs under valgrind: warm up, signal, wait for collection to start, measure one pass, signal."""
    from threadline.extract.nlp import MODELS, load_pipeline
    from threadline.extract.pipeline import extract_many
    from threadline.ingest import read_document

    docs = [read_document(p) for p in sorted(CORPUS.glob("*.md")) if p.name != "README.md"]
    if mode == "bare":
        nlp = importlib.import_module(MODELS["en"]).load()
        run = lambda: list(nlp.pipe(d.text for d in docs))  # noqa: E731
    else:
        pipeline = load_pipeline("en")
        run = lambda: list(extract_many(docs, nlp=pipeline))  # noqa: E731
    run()
    marker.write_text(str(os.getpid()))
    while marker.exists():
        time.sleep(0.05)
    run()
    Path(f"{marker}.done").write_text("1")
    time.sleep(_LINGER)  # collection is switched off before the interpreter's exit, which is not extraction


def _wait_for(path: Path, proc: subprocess.Popen[bytes]) -> None:
    while not path.exists():
        if proc.poll() is not None:
            raise SystemExit(f"the measured process ended early (exit {proc.returncode})")
        time.sleep(0.2)


def count(mode: str, workdir: Path) -> int:
    """Instructions of one measured pass of ``mode`` ("bare" or "threadline")."""
    marker, out = workdir / f"marker-{mode}", workdir / f"callgrind-{mode}.out"
    proc = subprocess.Popen(["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                             sys.executable, __file__, "--inner", mode, str(marker)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **_ONE_THREAD})
    _wait_for(marker, proc)
    pid = marker.read_text()
    subprocess.run(["callgrind_control", "-i", "on", pid], check=True, capture_output=True)
    marker.unlink()
    _wait_for(Path(f"{marker}.done"), proc)
    subprocess.run(["callgrind_control", "-i", "off", pid], check=False, capture_output=True)
    _, err = proc.communicate()
    found = re.search(rb"Collected : (\d+)", err)
    if found is None:
        raise SystemExit(f"callgrind reported no count for {mode}:\n{err.decode(errors='replace')[-2000:]}")
    return int(found.group(1))


def main() -> None:
    if sys.argv[1:2] == ["--inner"]:
        _inner(sys.argv[2], Path(sys.argv[3]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        bare = count("bare", Path(tmp))
        ours = count("threadline", Path(tmp))
    print(f"bare spaCy nlp.pipe      {bare:>15,} instructions")
    print(f"threadline extract_many  {ours:>15,} instructions")
    print(f"ratio (bare / threadline instructions): {bare / ours:.3f}")


if __name__ == "__main__":
    main()
