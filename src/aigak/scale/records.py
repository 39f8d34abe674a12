"""Article records for batch runs: one flat row per source, from file or dataset row to stored facts.

A record carries everything the store needs to hold a document and its extraction exactly as the
single-machine path (`ingest_paths` then `extract_pending`) would: the original bytes, the decoded
text and metadata, and the extraction JSON. Records are plain dicts of flat values so that Ray and
Parquet can carry them; this module needs neither.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError as SqlIntegrityError

from aigak.core.errors import AigakError, IngestError
from aigak.core.models import DecodedSource
from aigak.ingest.language import ENGLISH_SAMPLE_CHARS, detect_language
from aigak.ingest.readers import read_source
from aigak.operations.extraction import language_refusal, record_extraction
from aigak.resolve.registry import resolve_document
from aigak.store.audit import append_audit
from aigak.store.documents import add_document, find_document_by_sha
from aigak.store.engine import Store
from aigak.store.facts import has_extraction
from aigak.store.persons import unresolved_document_ids

__all__ = [
    "DATASET_TEXT_COLUMN",
    "RECORD_FIELDS",
    "BatchProgress",
    "StoredRecord",
    "extract_record",
    "is_done",
    "record_from_file",
    "record_from_row",
    "resolve_pending",
    "store_record",
]

RECORD_FIELDS: tuple[str, ...] = (
    "ordinal", "path", "sha256", "filename", "media_type", "title", "author", "published", "language",
    "text", "body_start", "body_end", "data", "extraction", "backend", "error",
)
"""The columns of a record, in the order the Parquet files hold them."""
DATASET_TEXT_COLUMN = "text"
"""The one column a Parquet or JSONL dataset of articles must have; `title`, `author`, `published`
and `filename` (or `url`, or `id`) are used when present."""
_WRITE_ATTEMPTS = 3


def _empty(ordinal: int, path: str) -> dict[str, Any]:
    record: dict[str, Any] = dict.fromkeys(RECORD_FIELDS)
    record.update(ordinal=ordinal, path=path)
    return record


def _decoded_record(record: dict[str, Any], data: bytes, decoded: DecodedSource, filename: str) -> dict[str, Any]:
    import hashlib

    record.update(
        sha256=hashlib.sha256(data).hexdigest(), filename=filename, media_type=decoded.media_type,
        title=decoded.title, author=decoded.author, published=decoded.published,
        language=detect_language(decoded.text), text=decoded.text, body_start=decoded.body_start,
        body_end=len(decoded.text) if decoded.body_end is None else decoded.body_end, data=data,
    )
    return record


def record_from_file(path: str, ordinal: int, max_bytes: int) -> dict[str, Any]:
    """Read and decode one file as `aigak ingest` does; a refused file gives a record with `error` set."""
    record = _empty(ordinal, path)
    try:
        p = Path(path)
        try:
            size = p.stat().st_size
            if size > max_bytes:
                raise IngestError(path, f"the file is {size / 1048576:.1f} MiB, over the limit of "
                                  f"{max_bytes / 1048576:.1f} MiB (raise it with --max-mb or AIGAK_MAX_FILE_MB)")
            data = p.read_bytes()
        except FileNotFoundError as exc:
            raise IngestError(path, "no such file (is the folder visible from every node of the cluster?)") from exc
        except OSError as exc:
            raise IngestError(path, f"the file cannot be read ({exc.strerror or exc})") from exc
        return _decoded_record(record, data, read_source(data, path), p.name)
    except IngestError as exc:
        record["error"] = exc.reason
        return record


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def record_from_row(row: Mapping[str, Any], ordinal: int, origin: str) -> dict[str, Any]:
    """A dataset row (Parquet or JSONL) as a record: its `text` is the source, stored as UTF-8 bytes.

    The text is decoded as a plain-text file would be (the same bytes in a `.txt` file make the
    same document); `title`, `author` and `published` columns, when present, replace what the
    reader guessed.
    """
    name = _text_or_none(row.get("filename")) or _text_or_none(row.get("url")) or _text_or_none(row.get("id"))
    record = _empty(ordinal, f"{origin}#{name or ordinal}")
    text = row.get(DATASET_TEXT_COLUMN)
    if not isinstance(text, str):
        record["error"] = f"the row has no {DATASET_TEXT_COLUMN!r} column of text"
        return record
    data = text.encode("utf-8")
    try:
        decoded = read_source(data, "article.txt")
    except IngestError as exc:
        record["error"] = exc.reason
        return record
    title, author, published = (_text_or_none(row.get(key)) for key in ("title", "author", "published"))
    decoded = replace(decoded, title=title if title is not None else decoded.title,
                      author=author if author is not None else decoded.author,
                      published=published if published is not None else decoded.published)
    return _decoded_record(record, data, decoded, (name or f"record-{ordinal}")[:500])


def extract_record(record: dict[str, Any], backend: str) -> dict[str, Any]:
    """Run the backend on a decoded record, as `extract_pending` does; a failure sets `error`."""
    from aigak.extract.run import extract_text

    record["backend"] = backend
    if record.get("error") is not None or record.get("text") is None:
        return record
    refusal = language_refusal(record.get("language"), record["text"][:ENGLISH_SAMPLE_CHARS],
                               str(record.get("filename") or record.get("path") or "a record"), backend)
    if refusal is not None:
        # stored and searchable, as `ingest --extract` leaves it, but not read by rules made for English
        record["error"] = f"not extracted: {refusal}"
        return record
    try:
        result = extract_text(record["text"], title=record["title"], published=record["published"],
                              sha256=record["sha256"], backend=backend)
    except AigakError as exc:
        record["error"] = str(exc)
        return record
    record["extraction"] = json.dumps(result, ensure_ascii=False)
    return record


def is_done(store: Store, sha256: str, backend: str) -> bool:
    """Whether the store already holds this source with an extraction by this backend version."""
    with store.read() as conn:
        document = find_document_by_sha(conn, sha256)
        return document is not None and has_extraction(conn, document.id, backend)


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """What storing one record did.

    Attributes:
        document_id: the stored document (None when the record had no readable source).
        created: the document was new to the store.
        facts: facts saved (None when none were saved: already extracted, or extraction failed).
        error: why the source or its extraction failed, if it did.
    """

    document_id: int | None
    created: bool
    facts: int | None
    error: str | None = None


def _write(store: Store, record: Mapping[str, Any], actor: str, resolve: bool) -> StoredRecord:
    decoded = DecodedSource(text=record["text"], media_type=record["media_type"], title=record["title"],
                            author=record["author"], published=record["published"],
                            body_start=int(record["body_start"]), body_end=int(record["body_end"]))
    facts: int | None = None
    with store.transaction() as conn:
        document, created = add_document(conn, bytes(record["data"]), decoded, filename=record["filename"],
                                         language=record["language"])
        if created:  # the same audit record `aigak ingest` writes
            append_audit(conn, actor=actor, action="ingest", target=f"document:{document.id}",
                         after={"sha256": document.sha256, "filename": document.filename,
                                "media_type": document.media_type, "size_bytes": document.size_bytes})
        if record.get("extraction") is not None:
            result = json.loads(record["extraction"])
            name = str((result.get("backend") or {}).get("name") or record["backend"])
            if not has_extraction(conn, document.id, name):
                facts = len(record_extraction(conn, document.id, result, text=document.text, actor=actor,
                                              resolve=resolve))
    return StoredRecord(document.id, created, facts, record.get("error"))


def store_record(store: Store, record: Mapping[str, Any], *, actor: str, resolve: bool = True) -> StoredRecord:
    """Store a record's document and extraction in one transaction, skipping what the store already has.

    With `resolve`, the document's people join the person registry in the same transaction, as
    `aigak extract` does; concurrent writers pass False and call `resolve_pending` once at the end,
    because the registry's answer depends on the order documents arrive in.

    Several writers may store records at once (Ray workers writing to one PostgreSQL): when two race
    on the same source or extraction, the loser's transaction fails on a unique key and is retried,
    and then finds the winner's rows.
    """
    if record.get("sha256") is None:
        return StoredRecord(None, False, None, record.get("error") or "the source could not be read")
    for attempt in range(_WRITE_ATTEMPTS):
        try:
            return _write(store, record, actor, resolve)
        except SqlIntegrityError:
            if attempt == _WRITE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def resolve_pending(store: Store, *, actor: str) -> int:
    """Place the people of every document not yet resolved in the registry, oldest document first,
    one transaction per document. Returns how many documents were resolved."""
    with store.read() as conn:
        ids = unresolved_document_ids(conn)
    for document_id in ids:
        with store.transaction() as conn:
            resolve_document(conn, document_id, actor=actor)
    return len(ids)


@dataclass(slots=True)
class BatchProgress:
    """Running totals of a batch run or an import, handed to the progress callback.

    Attributes:
        total: records to process, when known in advance (None for a dataset not yet read).
        done: records processed.
        documents: documents new to the store (or written to Parquet).
        facts: facts saved (or extracted, when writing Parquet).
        skipped: records whose document and extraction were already stored.
        errors: records whose source or extraction failed.
        failures: the first `MAX_FAILURES_KEPT` failures, as (path, message).
        started: `time.monotonic()` at the start.
    """

    total: int | None = None
    done: int = 0
    documents: int = 0
    facts: int = 0
    skipped: int = 0
    errors: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    MAX_FAILURES_KEPT = 100

    @property
    def elapsed_s(self) -> float:
        """Seconds since the start."""
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        """Records per second so far."""
        elapsed = self.elapsed_s
        return self.done / elapsed if self.done and elapsed > 0 else 0.0

    def fail(self, path: str, message: str) -> None:
        """Count one failed record and keep its message while there is room."""
        self.errors += 1
        if len(self.failures) < self.MAX_FAILURES_KEPT:
            self.failures.append((path, message))
