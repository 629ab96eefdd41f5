"""Extraction on a Dask cluster, with results in input order: the backend of ``add --cluster``.

The same contract as :func:`~threadline.extract.parallel.extract_parallel`,
on Dask distributed's workers instead of local processes. The caller
(:class:`threadline.intake.Intake`) is the same for both: it reads, checks for
copies and writes, one transaction per document, in input order; workers only
run the pure :func:`~threadline.extract.parallel.extract_batch` and send
finished ``Extraction`` records back. So the store is the same whichever
backend extracted, and whatever store the client writes to (the workers never
open it).

- ``connect("tcp://host:8786")`` joins a running scheduler;
  ``connect("local:N")`` starts a ``LocalCluster`` of N single-threaded worker
  processes on this machine.
- Each worker loads the pipeline once, when it joins, through a worker plugin
  (:class:`PipelinePlugin`), which also refuses a worker whose Threadline or
  spaCy model differs from this client's. The scheduler runs the plugin on
  workers that join later, restarted ones included.
- One batch runs per worker thread (looked up again as workers come and go),
  and at most ``window`` finished ones wait for those before them, so memory
  stays flat.
- A worker that dies has its tasks run again on another worker by the
  scheduler. A task that was running on ``allowed-failures + 1`` workers that
  died fails with ``KilledWorker``; its batch is then run again one document
  at a time, and the document that still kills workers is reported as failed,
  while the rest of the run goes on. (Dask counts a death against every task
  assigned to the dead worker, running or not: hence one batch per thread.)
- The time limit per document holds: a task past it ends its worker process
  (:func:`within`), which Dask counts as a death, after logging why.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from threadline.errors import InputError, ThreadlineError
from threadline.extract.parallel import BATCH_SIZE, ExtractionError, _batched, extract_batch
from threadline.model import Document, Extraction

if TYPE_CHECKING:
    from distributed import Client, Future

LOCAL = "local:"
OVERRUN = "threadline-overrun"  # the event a worker logs before it ends itself for a batch past its time
ALLOWED_FAILURES = 1  # worker deaths a running task survives on a local cluster (Dask's default is 3)
CONNECT_SECONDS = 30.0
# Beside the extraction, a Dask worker samples its own stack every 10 ms (the dashboard's profile), wakes its
# event loop every 20 ms and measures the process every 0.5 s; each wake-up takes the interpreter from the
# extraction thread. Without the profiler and with the other two at 1 s and 2 s, a worker spends about 9 % less CPU
# per document, and its own threads 1 % of the extraction instead of 7 % (a default and a quiet worker side by side
# on the same batches: bench/worker_overhead.py).
QUIET_WORKERS = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
                 "distributed.admin.system-monitor.interval": "2s"}
# Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536, so that freed memory goes back to the system at
# once. Setting it also turns off glibc's sliding mmap threshold: every parse's large arrays are mapped and
# unmapped again, about 5,200 page faults per document instead of 950. Without it a worker spends 4-12 % less CPU
# per document (4 paired runs, bench/worker_overhead.py's method) and holds about 20 MiB more.
KEEP_FREED_MEMORY = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
NO_WORKERS_SECONDS = 180.0  # a run with no worker this long stops instead of waiting for ever
Result = Extraction | ExtractionError
_EXTRACTING = threading.Lock()  # one extraction at a time per worker process, however many threads it has


class ClusterUnavailable(ThreadlineError):
    """The Dask scheduler cannot be reached, has no workers, or its workers cannot extract."""


def run_batch(documents: list[Document], limit: float | None = None) -> list[Result]:
    """The task a worker runs: extract one batch (pure; the pipeline is loaded already by the plugin)."""
    return within(limit, extract_batch, documents)


def within(limit: float | None, work: Callable[..., list[Result]], *args: Any) -> list[Result]:
    """``work(*args)``, one at a time in this worker process, which ends itself past ``limit`` seconds.

    It tells the scheduler why first (a thread cannot be stopped from outside);
    Dask counts the end as a worker death against the task, and the worker's
    nanny starts a new process.
    """
    with _EXTRACTING:
        if not limit:
            return work(*args)
        from distributed import get_worker

        finished = threading.Event()
        worker = get_worker()
        threading.Thread(target=_watch, args=(worker, worker.get_current_task(), limit, finished), daemon=True).start()
        try:
            return work(*args)
        finally:
            finished.set()


def _watch(worker: Any, key: str, limit: float, finished: threading.Event) -> None:
    if finished.wait(limit):
        return
    try:
        worker.log_event(OVERRUN, {"key": key, "seconds": limit})
        time.sleep(0.5)  # for the event to reach the scheduler
    finally:
        os._exit(1)


def worker_versions() -> dict[str, str]:
    """What a worker runs: Threadline's version and the name and version of each pinned spaCy model."""
    import threadline
    from threadline.provenance import PIPELINES, installed_meta

    found = {"threadline": threadline.__version__}
    for language, pipeline in PIPELINES.items():
        meta = installed_meta(pipeline.package)
        found[language] = f"{meta.get('name')} {meta.get('version')}"
    return found


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - dask is a dependency; this only keeps the import error for connect()
    WorkerPlugin = object  # type: ignore[misc,assignment]


class PipelinePlugin(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Loads the default pipeline once per worker process, after checking it runs what the client runs."""

    name = "threadline-pipeline"
    idempotent = False  # registering again (a new client) replaces it, so a new version is checked

    def __init__(self, expected: dict[str, str]):
        self.expected = expected

    def setup(self, worker: Any) -> None:
        from threadline.extract.pipeline import warm_up
        from threadline.provenance import check_installed

        found = worker_versions()
        if found != self.expected:
            raise ClusterUnavailable(f"worker {worker.address} runs {_versions(found)}, but this client runs "
                                     f"{_versions(self.expected)}; install the same Threadline on every worker")
        check_installed()
        warm_up()  # the default language, as the fork server of local jobs loads it; others load on first use


def _versions(found: dict[str, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in found.items())


class Cluster:
    """A connection to a Dask cluster (and the LocalCluster started for it, if any) that extracts documents."""

    def __init__(self, client: Client, local: Any = None, address: str = ""):
        self.client, self.local, self.address = client, local, address
        self._threads, self._looked = 0, 0.0
        self._keys = itertools.count()
        self._run = uuid.uuid4().hex[:8]
        self.timeout: float | None = None  # per document, for the current extract()
        self._no_workers_since: float | None = None

    @property
    def dashboard(self) -> str | None:
        """The link to the scheduler's dashboard, when it serves one (it needs bokeh)."""
        try:
            if "dashboard" not in self.client.scheduler_info().get("services", {}):
                return None
            return str(self.client.dashboard_link)
        except Exception:  # noqa: BLE001  (a link is a courtesy; never fail a run for it)
            return None

    def threads(self) -> int:
        """Worker threads in the cluster now (looked up at most every 5 s)."""
        if time.monotonic() - self._looked > 5:
            self._threads = sum(self.client.nthreads().values())
            self._looked = time.monotonic()
        return self._threads

    def extract(self, documents: Iterable[Document], batch_size: int = BATCH_SIZE,
                window: int | None = None, timeout: float | None = None) -> Iterator[Result]:
        """One result per document, in input order, extracted on the cluster's workers.

        One batch runs per worker thread, no more: a worker that dies then takes
        only the batch it was running under suspicion, so Dask's count of worker
        deaths per task points at the document that kills them. Finished batches
        wait for the ones before them, ``window`` at most (default four per thread).
        ``timeout`` is the time one document may take: past it (per document of the
        batch) the worker process running it ends itself, which counts as a worker death.
        """
        self.timeout = timeout
        batches = _batched(documents, batch_size)
        pending: deque[tuple[list[Document], Future]] = deque()

        def top_up() -> None:
            threads = max(1, self.threads())  # none for a moment (all restarting): tasks wait for workers
            while (sum(not f.done() for _, f in pending) < threads
                   and len(pending) < (window or 4 * threads) and (batch := next(batches, None)) is not None):
                pending.append((batch, self._submit(batch)))

        try:
            while True:
                top_up()
                if not pending:
                    return
                if not pending[0][1].done():
                    self._wait_any([f for _, f in pending if not f.done()])
                    continue
                batch, future = pending.popleft()
                for result in self._results(batch, future):
                    yield result
                    top_up()  # a worker that finished while the caller stores this batch gets its next one now
        finally:
            for _, future in pending:  # cut short (an error, or the caller stopped): nobody will read these
                future.cancel()

    def _wait_any(self, futures: list[Future], seconds: float = 1.0) -> None:
        """Until one of the futures finishes, or ``seconds`` pass (a result lost with its worker is pending again).

        ClusterUnavailable once the cluster has had no worker for ``NO_WORKERS_SECONDS``:
        tasks would wait for one for ever.
        """
        from distributed import wait

        with self.client.as_current():
            try:
                wait(futures, timeout=seconds, return_when="FIRST_COMPLETED")
                return
            except TimeoutError:
                pass
        if self.client.nthreads():
            self._no_workers_since = None
            return
        now = time.monotonic()
        self._no_workers_since = self._no_workers_since or now
        if now - self._no_workers_since > NO_WORKERS_SECONDS:
            raise ClusterUnavailable(f"the Dask cluster at {self.address} has had no worker for {NO_WORKERS_SECONDS:g} s; "
                                     "what is stored is whole documents: start workers and run the same command again")

    def _submit(self, batch: list[Document]) -> Future:
        key = f"threadline-extract-{self._run}-{next(self._keys)}"  # readable on the dashboard, unique per run
        limit = self.timeout * len(batch) if self.timeout else None
        return self.client.submit(run_batch, batch, limit, key=key, pure=False)

    def _results(self, batch: list[Document], future: Future) -> Iterator[Result]:
        """The batch's results; a batch that failed is run again one document at a time, each pinned.

        The documents of a failed batch run one after the other, alone, so that a
        worker death is blamed on the one document running.
        """
        from distributed.scheduler import KilledWorker

        while not future.done():  # the documents of a failed batch, one at a time
            self._wait_any([future])
        try:
            results: list[Result] = future.result()
            yield from results
            return
        except KilledWorker as exc:
            if len(batch) == 1:
                yield ExtractionError(self._death(str(future.key), exc.allowed_failures + 1))
                return
        except Exception as exc:  # noqa: BLE001  (the task itself failed, or the scheduler is gone)
            self._check_connected(exc)
            if len(batch) == 1:
                yield ExtractionError(f"{type(exc).__name__}: {exc}")
                return
        for document in batch:
            yield from self._results([document], self._submit([document]))

    def _death(self, key: str, times: int) -> str:
        """Why a document was given up on: its time limit (the worker said so), or worker deaths."""
        if any(msg.get("key") == key for _, msg in self.client.get_events(OVERRUN)):
            return (f"took longer than {self.timeout:g} s to extract (time limit per document); "
                    f"its worker was stopped ({times} times, on a Dask cluster)")
        return (f"the worker processes extracting this document died {times} times "
                "(a crash in native code, or killed, e.g. for lack of memory); not tried again")

    def _check_connected(self, exc: BaseException) -> None:
        if self.client.status != "running":
            raise ClusterUnavailable(f"lost the Dask scheduler at {self.address} ({type(exc).__name__}: {exc}); "
                                     "what is stored is whole documents: run the same command again to complete it") from exc

    def close(self) -> None:
        self.client.close()
        if self.local is not None:
            self.local.close()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(address: str, timeout: float = CONNECT_SECONDS) -> Cluster:
    """A Cluster: ``local:N`` starts N worker processes here; anything else is a scheduler address."""
    import logging

    import dask
    from distributed import Client, LocalCluster

    local = None
    if address.startswith(LOCAL):
        workers = address[len(LOCAL):]
        if not workers.isdigit() or int(workers) < 1:
            raise InputError(f"--cluster {address!r}: write local:N with N the number of worker processes, e.g. local:2")
        with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                              "distributed.comm.timeouts.connect": "120s",  # restarts on a busy machine are slow
                              **KEEP_FREED_MEMORY}):  # read by each nanny once, for every worker it starts
            local = LocalCluster(n_workers=int(workers), threads_per_worker=1, processes=True,
                                 silence_logs=logging.ERROR, dashboard_address=":8787",
                                 config=QUIET_WORKERS)  # the nanny applies them to every worker it starts
        target: Any = local
    else:
        target = address
    try:
        client = Client(target, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        if local is not None:
            local.close()
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    cluster = Cluster(client, local, address)
    try:
        client.wait_for_workers(1, timeout=timeout)
        client.register_plugin(PipelinePlugin(worker_versions()))
    except ClusterUnavailable:
        cluster.close()
        raise
    except Exception as exc:  # noqa: BLE001  (no worker came, or one could not load the pipeline)
        cluster.close()
        raise ClusterUnavailable(f"the Dask cluster at {address} cannot extract: {type(exc).__name__}: {exc}") from None
    return cluster
