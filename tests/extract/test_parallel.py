"""Extraction over worker processes: same results as in-process, in input order, bounded, crash-proof."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from threadline.extract import parallel
from threadline.extract.parallel import ExtractionError, WorkersUnavailable, extract_parallel
from threadline.ingest.readers import make_document
from threadline.model import Document, Extraction

pytestmark = pytest.mark.model

KILLER = "This sentence makes the test worker exit."


def texts(n: int) -> list[Document]:
    """n small invented documents, all different."""
    towns = ["Lisbon", "Ghent", "Cork", "Turin", "Leeds", "Malmo", "Graz"]
    return [make_document(f"Note {i}. The Harbour Watch group said on {i % 27 + 1} June 2022 that an office in "
                          f"{towns[i % len(towns)]} was linked to the United Front Work Department.", {}, f"note-{i}.txt")
            for i in range(n)]


def dying_batch(documents: list[Document]) -> list[Extraction | ExtractionError]:
    """Runs in a worker: a document with KILLER ends the process, as a crash in native code would."""
    if any(KILLER in d.text for d in documents):
        os._exit(3)
    return parallel.extract_batch(documents)


def dying_worker(main_pid: int) -> None:
    """A worker initializer that cannot start (as when a script lacks the __main__ guard)."""
    os._exit(4)


def test_two_jobs_give_the_same_results_in_the_same_order() -> None:
    docs = texts(10)
    one = list(extract_parallel(docs, jobs=1, batch_size=3))
    two = list(extract_parallel(docs, jobs=2, batch_size=3))
    assert all(isinstance(r, Extraction) for r in one)
    assert [r.document.id for r in two] == [d.id for d in docs]  # type: ignore[union-attr]
    assert one == two


def test_a_document_that_raises_fails_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from threadline.extract import pipeline

    real = pipeline._extract_batch

    def fragile(documents, nlp):  # type: ignore[no-untyped-def]
        if any("poison" in d.text for d in documents):
            raise ValueError("poison found")
        return real(documents, nlp)

    monkeypatch.setattr(pipeline, "_extract_batch", fragile)
    docs = texts(3)
    docs.insert(1, make_document("A poison pill of a document.", {}, None))
    results = list(extract_parallel(docs, jobs=1, batch_size=4))
    assert [type(r).__name__ for r in results] == ["Extraction", "ExtractionError", "Extraction", "Extraction"]
    assert str(results[1]) == "ValueError: poison found"


def test_a_worker_crash_is_one_failed_document_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "extract_batch", dying_batch)  # what the pool sends to its workers
    docs = texts(7)
    docs.insert(4, make_document(KILLER, {}, "killer.txt"))
    results = list(extract_parallel(docs, jobs=2, batch_size=2))
    assert len(results) == len(docs)
    failed = [i for i, r in enumerate(results) if isinstance(r, ExtractionError)]
    assert failed == [4]
    assert "worker process extracting this document died" in str(results[4])
    assert [r.document.id for r in results if isinstance(r, Extraction)] == [d.id for i, d in enumerate(docs) if i != 4]


def test_workers_that_cannot_start_are_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_start_worker", dying_worker)
    with pytest.raises(WorkersUnavailable, match="--jobs 1"):
        list(extract_parallel(texts(4), jobs=2, batch_size=1))


@pytest.mark.parametrize("jobs", [1, 2])
def test_input_is_read_as_work_is_done_not_all_at_once(jobs: int) -> None:
    pulled = 0

    def feed() -> Iterator[Document]:
        nonlocal pulled
        for doc in texts(40):
            pulled += 1
            yield doc

    results = extract_parallel(feed(), jobs=jobs, batch_size=2, window=2)
    first = next(results)
    assert isinstance(first, Extraction)
    assert pulled <= 2 * 2 + 2  # the window of batches, plus the one being filled
    assert len([first, *results]) == 40


HANG = "This sentence makes the test worker hang."


def hanging_batch(documents: list[Document]) -> list[Extraction | ExtractionError]:
    """Runs in a worker: a document with HANG never finishes, as a pathological input might not."""
    import time

    if any(HANG in d.text for d in documents):
        time.sleep(3600)
    return parallel.extract_batch(documents)


def test_a_hung_worker_is_stopped_and_only_its_document_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "extract_batch", hanging_batch)
    docs = texts(5)
    docs.insert(2, make_document(HANG, {}, "hang.txt"))
    results = list(extract_parallel(docs, jobs=2, batch_size=2, timeout=8))
    failed = [i for i, r in enumerate(results) if isinstance(r, ExtractionError)]
    assert failed == [2]
    assert "took longer than 8 s to extract" in str(results[2])
    assert [r.document.id for r in results if isinstance(r, Extraction)] == [d.id for i, d in enumerate(docs) if i != 2]
