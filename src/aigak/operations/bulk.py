"""Extract every stored document not yet done by a backend version, in parallel, resumably."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from aigak.store.audit import append_audit
from aigak.store.documents import set_reference_date
from aigak.store.engine import Store
from aigak.store.facts import has_extraction, save_extraction
from aigak.store.schema import documents, extraction_runs

__all__ = ["BulkProgress", "extract_pending", "pending_document_ids"]

BATCH_DOCUMENTS = 64


@dataclass(slots=True)
class BulkProgress:
    """Running totals of a bulk extraction, handed to the progress callback after each document."""

    total: int
    done: int = 0
    facts: int = 0
    errors: int = 0


def pending_document_ids(store: Store, backend: str) -> list[int]:
    """Documents that have no extraction by this backend version yet (the work left to do)."""
    done = select(extraction_runs.c.document_id).where(extraction_runs.c.backend == backend)
    with store.read() as conn:
        return [r.id for r in conn.execute(select(documents.c.id).where(documents.c.id.not_in(done))
                                           .order_by(documents.c.id))]


def _extract_one(args: tuple[int, str, str | None, str | None, str, str]) -> tuple[int, dict[str, Any] | None, str | None]:
    from aigak.core.errors import AigakError
    from aigak.extract.run import extract_text

    doc_id, text, title, published, sha, backend = args
    try:
        return doc_id, extract_text(text, title=title, published=published, sha256=sha, backend=backend), None
    except AigakError as exc:
        return doc_id, None, str(exc)


def _jobs(store: Store, ids: list[int], backend: str) -> Iterator[tuple[int, str, str | None, str | None, str, str]]:
    for i in range(0, len(ids), BATCH_DOCUMENTS):
        chunk = ids[i:i + BATCH_DOCUMENTS]
        with store.read() as conn:
            rows = conn.execute(select(documents.c.id, documents.c.text, documents.c.title, documents.c.published,
                                       documents.c.sha256).where(documents.c.id.in_(chunk))
                                .order_by(documents.c.id)).all()
        for r in rows:
            yield r.id, r.text, r.title, r.published, r.sha256, backend


def extract_pending(store: Store, backend: str, *, workers: int = 1, actor: str = "cli",
                    on_progress: Callable[[BulkProgress], None] | None = None) -> BulkProgress:
    """Extract all pending documents with `workers` processes; each result is saved in its own transaction.

    Interrupting it loses at most the documents in flight: a rerun skips what was saved, because
    extraction is keyed by document (its hash) and backend version.
    """
    ids = pending_document_ids(store, backend)
    progress = BulkProgress(total=len(ids))
    if not ids:
        return progress
    jobs = _jobs(store, ids, backend)
    if workers <= 1:
        results: Iterator[tuple[int, dict[str, Any] | None, str | None]] = map(_extract_one, jobs)
        pool = None
    else:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=workers)
        results = pool.map(_extract_one, jobs, chunksize=4)
    try:
        for doc_id, result, error in results:
            if result is None:
                progress.errors += 1
            else:
                with store.transaction() as conn:
                    name = str((result.get("backend") or {}).get("name") or backend)
                    if not has_extraction(conn, doc_id, name):
                        ids_saved = save_extraction(conn, doc_id, result)
                        set_reference_date(conn, doc_id, (result.get("document") or {}).get("reference_date"))
                        append_audit(conn, actor=actor, action="extract", target=f"document:{doc_id}",
                                     after={"backend": name, "facts": len(ids_saved)})
                        progress.facts += len(ids_saved)
            progress.done += 1
            if on_progress is not None:
                on_progress(progress)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return progress
