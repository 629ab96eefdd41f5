"""Extraction over worker processes, with results in input order.

``extract_parallel(documents, jobs)`` is what ``threadline add`` uses:

- ``jobs <= 1`` extracts in this process, in batches (no pool);
- otherwise a :class:`~concurrent.futures.ProcessPoolExecutor` with the
  'forkserver' start method ('spawn' where there is none) runs the pure
  :func:`~threadline.extract.pipeline.extract_many` on batches of documents.
  The fork server is started first and loads the default pipeline once
  (:mod:`._forkserver`), while this process reads the first documents;
  workers fork from it with the model in memory, shared copy-on-write. Each
  worker's initializer makes sure of its pipeline; no more workers start
  than there are batches.

At most ``window`` batches are in flight, so memory stays flat however long
the input is. Every document gets exactly one result, in input order: an
:class:`~threadline.model.Extraction`, or an :class:`ExtractionError` saying
why not. One bad document never fails its batch: a batch that raises is
redone one document at a time. A worker that dies (a crash in native code,
the OOM killer) breaks the pool; the documents that were in flight are then
run again one at a time, each in a fresh worker, and the one that kills its
worker again is reported as failed. A worker that hangs is treated the same
way: past ``timeout`` seconds per document of the batch waited for, the pool
is stopped, and the document that runs over its time alone is reported. Workers exit on their own when the main
process is killed.

Why not spaCy's own ``nlp.pipe(n_process=...)``: it sends Docs back with
``Doc.to_bytes``, which refuses the custom objects Threadline's components
put in ``doc._`` (error E871), and it would leave the conversion to records
(``to_extraction``) to the main process, which must stay free for writing.
Here workers return finished, picklable ``Extraction`` records.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice

from threadline.errors import ThreadlineError
from threadline.model import Document, Extraction

BATCH_SIZE = 8
_PRELOAD = ["threadline.extract.pipeline", "threadline.extract._forkserver"]


class ExtractionError(Exception):
    """Extraction of one document failed; the message says why. Picklable, so it crosses processes."""


class WorkersUnavailable(ThreadlineError):
    """Worker processes cannot start (or die before extracting anything)."""


def default_jobs() -> int:
    """All cores."""
    return os.cpu_count() or 1


def extract_parallel(documents: Iterable[Document], jobs: int | None = None, batch_size: int = BATCH_SIZE,
                     window: int | None = None, expected: int | None = None,
                     timeout: float | None = None) -> Iterator[Extraction | ExtractionError]:
    """One result per document, in input order, from ``jobs`` worker processes (1: this process).

    No more workers start than there are batches. ``window`` bounds the batches
    in flight (default: two per worker). ``expected``, the number of documents
    when known, lets the workers start loading before the first batch is read.
    ``timeout`` is the time one document may take in a worker (none in this process,
    which cannot be stopped from inside).
    """
    jobs = default_jobs() if jobs is None else jobs
    batches: Iterator[list[Document]] = _batched(documents, batch_size)
    if jobs > 1:  # no more workers than batches: a pool is not worth starting for one batch
        if expected is not None and expected > batch_size:
            _context()  # the fork server loads the pipeline while the first batches are read
        head = list(islice(batches, jobs))
        jobs = min(jobs, len(head))
        batches = chain(head, batches)
    if jobs <= 1:
        for batch in batches:
            yield from extract_batch(batch)
        return
    yield from _Pool(jobs, window or 2 * jobs, timeout).run(batches)


def extract_batch(documents: list[Document]) -> list[Extraction | ExtractionError]:
    """``extract_many`` over a batch; if that raises, one by one, so only the bad document fails."""
    from threadline.extract.pipeline import extract, extract_many

    try:
        return list(extract_many(documents, batch_size=max(1, len(documents))))
    except Exception:
        out: list[Extraction | ExtractionError] = []
        for document in documents:
            try:
                out.append(extract(document))
            except Exception as exc:
                out.append(ExtractionError(f"{type(exc).__name__}: {exc}"))
        return out


def _batched(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(documents)
    while batch := list(islice(it, max(1, size))):
        yield batch


class _Pool:
    """A process pool fed batches in order, restarted after a worker dies."""

    def __init__(self, jobs: int, window: int, timeout: float | None = None):
        self.jobs = jobs
        self.window = max(window, jobs)
        self.timeout = timeout

    def run(self, batches: Iterator[list[Document]]) -> Iterator[Extraction | ExtractionError]:
        executor = _executor(self.jobs)
        pending: deque[tuple[list[Document], Future[list[Extraction | ExtractionError]]]] = deque()
        done = False
        try:
            while True:
                while len(pending) < self.window and (batch := next(batches, None)) is not None:
                    pending.append((batch, _submit(executor, batch)))
                if not pending:
                    break
                batch, future = pending[0]
                try:
                    results = future.result(timeout=self.timeout * len(batch) if self.timeout else None)
                except (BrokenProcessPool, FutureTimeout):  # a worker died or hangs: find out which document
                    _stop(executor, False)
                    entries = list(pending)
                    pending.clear()
                    yield from _recover(entries, self.timeout)
                    executor = _executor(self.jobs)
                    continue
                pending.popleft()
                yield from results
            done = True
        finally:
            _stop(executor, done)


def _submit(executor: ProcessPoolExecutor, batch: list[Document]) -> Future[list[Extraction | ExtractionError]]:
    try:
        return executor.submit(extract_batch, batch)
    except BrokenProcessPool as exc:  # broke since the last result: fail it like the batches in flight
        future: Future[list[Extraction | ExtractionError]] = Future()
        future.set_exception(exc)
        return future


def _recover(entries: list[tuple[list[Document], Future[list[Extraction | ExtractionError]]]],
             timeout: float | None = None) -> Iterator[Extraction | ExtractionError]:
    """After a worker died or hung: keep the batches that finished; run the others one document at a
    time, each worker death or overrun pinned on the document it was extracting."""
    executor: ProcessPoolExecutor | None = None
    try:
        for batch, future in entries:
            if future.done() and not future.cancelled() and future.exception() is None:
                yield from future.result()
                continue
            for document in batch:
                executor = executor or _ready(_executor(1))
                try:
                    yield from executor.submit(extract_batch, [document]).result(timeout=timeout)
                except BrokenProcessPool:
                    yield ExtractionError("the worker process extracting this document died (a crash in native code, "
                                          "or killed, e.g. for lack of memory)")
                    executor.shutdown(wait=True)
                    executor = None
                except FutureTimeout:
                    yield ExtractionError(f"took longer than {timeout:g} s to extract (time limit per document); "
                                          "its worker was stopped")
                    _stop(executor, False)
                    executor = None
    finally:
        if executor is not None:
            _stop(executor, False)


def _ready(executor: ProcessPoolExecutor) -> ProcessPoolExecutor:
    """The executor, once a worker has started; WorkersUnavailable if none can."""
    try:
        executor.submit(os.getpid).result()
    except BrokenProcessPool:
        executor.shutdown(wait=True)
        raise WorkersUnavailable(
            "worker processes cannot start; run with one job (--jobs 1), or, in a script, "
            "call Workspace.add under 'if __name__ == \"__main__\":'") from None
    return executor


def _executor(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker, initargs=(os.getpid(),))


def _context() -> multiprocessing.context.BaseContext:
    """The 'forkserver' context, its server started (it loads the pipeline once for all workers); else 'spawn'."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)  # no effect once the server runs
    from multiprocessing import forkserver

    forkserver.ensure_running()
    return context


def _stop(executor: ProcessPoolExecutor, finished: bool) -> None:
    """Shut the pool down; when the run was cut short, without waiting for batches nobody will read."""
    if not finished:
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            if process.is_alive():
                process.terminate()
    executor.shutdown(wait=True, cancel_futures=True)


def _start_worker(main_pid: int) -> None:
    """Worker initializer: ignore Ctrl-C (the main process handles it), watch the parent, load the pipeline."""
    from threadline.extract.nlp import load_pipeline

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()  # the main process, or the fork server (which exits when the main process does)
    threading.Thread(target=_exit_when_orphaned, args=(parent, main_pid), daemon=True).start()
    load_pipeline()  # the default language; others load on first use


def _exit_when_orphaned(parent: int, main_pid: int, interval: float = 0.5) -> None:
    """Exit once the parent is gone, so a killed ``add`` leaves no workers behind."""
    while True:
        time.sleep(interval)
        if os.getppid() != parent or not _alive(main_pid):
            os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
