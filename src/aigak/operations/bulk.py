"""Extract every stored document not yet done by a backend version, in parallel, resumably."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError as SqlIntegrityError

from aigak.core.errors import BackendError
from aigak.ingest.language import ENGLISH_SAMPLE_CHARS
from aigak.operations.extraction import LANGUAGES_READ, language_refusal, record_extraction
from aigak.store.engine import Store
from aigak.store.facts import has_extraction
from aigak.store.schema import documents, extraction_runs

__all__ = [
    "BATCH_DOCUMENTS",
    "IN_FLIGHT_PER_WORKER",
    "MAX_FAILURES_KEPT",
    "BulkProgress",
    "extract_pending",
    "pending_document_ids",
]

BATCH_DOCUMENTS = 64
"""Documents whose text is read from the store in one query."""
MAX_FAILURES_KEPT = 100
IN_FLIGHT_PER_WORKER = 8
"""Documents handed to each worker process ahead of the writer: enough to keep it busy, few enough that
memory stays flat on a million-document store and an interruption loses little work."""

_Job = tuple[int, str, str | None, str | None, str, str]
_Result = tuple[int, dict[str, Any] | None, str | None]


@dataclass(slots=True)
class BulkProgress:
    """Running totals of a bulk extraction, handed to the progress callback after each document.

    Attributes:
        total: documents pending when the run started.
        done: documents finished (saved, skipped as already done elsewhere, or failed).
        facts: facts saved.
        errors: documents the backend failed on (they stay pending for the next run).
        failures: the first `MAX_FAILURES_KEPT` failures, as (document id, message).
        refused: pending documents in a language the backend does not read, left unextracted (not
            counted in `total`; they stay pending, for `any_language` or another backend).
        refusals: the first `MAX_FAILURES_KEPT` of them, as (document id, `language_refusal` message).
        started: `time.monotonic()` when the run started.
    """

    total: int
    done: int = 0
    facts: int = 0
    errors: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)
    refused: int = 0
    refusals: list[tuple[int, str]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed_s(self) -> float:
        """Seconds since the run started."""
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        """Documents per second so far (0 before the first one is done)."""
        elapsed = self.elapsed_s
        return self.done / elapsed if self.done and elapsed > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        """Seconds left at the current rate, or None before there is a rate."""
        rate = self.rate
        return (self.total - self.done) / rate if rate > 0 else None


def pending_document_ids(store: Store, backend: str) -> list[int]:
    """Documents that have no extraction by this backend version yet (the work left to do)."""
    done = select(extraction_runs.c.document_id).where(extraction_runs.c.backend == backend)
    with store.read() as conn:
        return [r.id for r in conn.execute(select(documents.c.id).where(documents.c.id.not_in(done))
                                           .order_by(documents.c.id))]


def outdated_document_ids(store: Store, backend: str, version: str) -> list[int]:
    """Documents this backend extracted with another version of itself (the rules have changed since)."""
    with store.read() as conn:
        rows = conn.execute(select(extraction_runs.c.document_id, extraction_runs.c.config)
                            .where(extraction_runs.c.backend == backend)
                            .order_by(extraction_runs.c.document_id)).all()
    return [r.document_id for r in rows if not isinstance(r.config, dict) or r.config.get("version") != version]


def _refused_documents(store: Store, backend: str) -> list[tuple[int, str]]:
    """Pending documents in a language the backend does not read, with the reason (`language_refusal`)."""
    read = LANGUAGES_READ.get(backend)
    if read is None:
        return []
    done = select(extraction_runs.c.document_id).where(extraction_runs.c.backend == backend)
    query = (select(documents.c.id, documents.c.filename, documents.c.language,
                    func.substr(documents.c.text, 1, ENGLISH_SAMPLE_CHARS).label("start"))
             .where(documents.c.id.not_in(done), documents.c.language.is_not(None),
                    documents.c.language.not_in(sorted(read)))
             .order_by(documents.c.id))
    with store.read() as conn:
        rows = conn.execute(query).all()
    refused = [(r.id, language_refusal(r.language, r.start, f"{r.filename} (#{r.id})", backend)) for r in rows]
    return [(doc_id, message) for doc_id, message in refused if message is not None]


def _extract_one(args: _Job) -> _Result:
    from aigak.core.errors import AigakError
    from aigak.extract.run import extract_text

    doc_id, text, title, published, sha, backend = args
    try:
        return doc_id, extract_text(text, title=title, published=published, sha256=sha, backend=backend), None
    except AigakError as exc:
        return doc_id, None, str(exc)


def _jobs(store: Store, ids: list[int], backend: str) -> Iterator[_Job]:
    for i in range(0, len(ids), BATCH_DOCUMENTS):
        chunk = ids[i:i + BATCH_DOCUMENTS]
        with store.read() as conn:
            rows = conn.execute(select(documents.c.id, documents.c.text, documents.c.title, documents.c.published,
                                       documents.c.sha256).where(documents.c.id.in_(chunk))
                                .order_by(documents.c.id)).all()
        for r in rows:
            yield r.id, r.text, r.title, r.published, r.sha256, backend


def _in_parallel(jobs: Iterator[_Job], workers: int, backend: str) -> Iterator[tuple[_Job, _Result]]:
    """Results in job order, with at most `workers * IN_FLIGHT_PER_WORKER` jobs submitted ahead.

    `Executor.map` would submit every job at once, reading every pending document into memory.
    """
    from concurrent.futures.process import BrokenProcessPool

    from aigak.core.workers import worker_pool

    pool = worker_pool(workers)
    window: deque[tuple[_Job, Future[_Result]]] = deque()
    try:
        for job in jobs:
            window.append((job, pool.submit(_extract_one, job)))
            if len(window) >= workers * IN_FLIGHT_PER_WORKER:
                first, future = window.popleft()
                yield first, future.result()
        while window:
            first, future = window.popleft()
            yield first, future.result()
    except BrokenProcessPool as exc:
        raise BackendError("a worker process died (out of memory?); run the command again to resume "
                           "where it stopped", backend=backend) from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _save(store: Store, job: _Job, result: dict[str, Any], backend: str, actor: str,
          replace: bool = False) -> int | None:
    """Save one document's facts in one transaction; None when it was already done (by another run).

    With `replace`, the document's earlier extraction by this backend is replaced: facts nobody has
    reviewed give way to the new ones, reviewed facts stay."""
    doc_id, text = job[0], job[1]
    name = str((result.get("backend") or {}).get("name") or backend)
    try:
        with store.transaction() as conn:
            if has_extraction(conn, doc_id, name) and not replace:
                return None
            ids_saved = record_extraction(conn, doc_id, result, text=text, actor=actor, replace=replace)
    except SqlIntegrityError:
        return None  # a concurrent run saved this document first: its work stands, ours is dropped
    return len(ids_saved)


def extract_pending(store: Store, backend: str, *, workers: int = 1, actor: str = "cli",
                    on_progress: Callable[[BulkProgress], None] | None = None,
                    any_language: bool = False, outdated_than: str | None = None) -> BulkProgress:
    """Extract all pending documents with `workers` processes; each result is saved in its own transaction.

    Interrupting it (Ctrl-C, a kill, a power cut) loses at most the documents in flight: a rerun skips
    what was saved, because extraction is keyed by document (its hash) and backend version, and a
    document's facts, reference date, people in the registry and audit record commit together or not
    at all. Documents are saved (and their people resolved) in id order, as one-by-one extraction would.
    On SQLite the run is one `Store.bulk_writes`: the write-ahead log is checkpointed less often.

    Args:
        store: the store whose pending documents to extract.
        backend: the versioned backend name (`rules.v1`).
        workers: processes that run the backend; the writes stay in this process.
        actor: who is acting, for the audit trail.
        on_progress: called after each document with the running totals.
        any_language: also extract documents in a language the backend does not read (by default they
            are counted in `refused` and left pending).
        outdated_than: a backend version: documents extracted by another version of the backend are
            extracted again too, replacing the facts nobody has reviewed (after an upgrade of aigak).
            A rerun resumes, since a document done again carries the new version.

    Returns:
        The final totals.

    Raises:
        BackendError: a worker process died; what was saved before stays saved.
    """
    ids = pending_document_ids(store, backend)
    again = set(outdated_document_ids(store, backend, outdated_than)) if outdated_than else set()
    ids = sorted({*ids, *again})
    refused = [] if any_language else _refused_documents(store, backend)
    if refused:
        skip = {doc_id for doc_id, _ in refused}
        ids = [doc_id for doc_id in ids if doc_id not in skip]
    progress = BulkProgress(total=len(ids), refused=len(refused), refusals=refused[:MAX_FAILURES_KEPT])
    if not ids:
        return progress
    jobs = _jobs(store, ids, backend)
    results: Iterator[tuple[_Job, _Result]]
    if workers <= 1:
        results = ((job, _extract_one(job)) for job in jobs)
    else:
        results = _in_parallel(jobs, workers, backend)
    with store.bulk_writes():
        try:
            for job, (doc_id, result, error) in results:
                if result is None:
                    progress.errors += 1
                    if len(progress.failures) < MAX_FAILURES_KEPT:
                        progress.failures.append((doc_id, error or "unknown error"))
                else:
                    progress.facts += _save(store, job, result, backend, actor, replace=doc_id in again) or 0
                progress.done += 1
                if on_progress is not None:
                    on_progress(progress)
        finally:
            close = getattr(results, "close", None)
            if close is not None:
                close()
    return progress
