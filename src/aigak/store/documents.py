"""Source documents and their original bytes: add, find, list, re-verify."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from aigak.core.errors import DocumentNotFound
from aigak.core.models import DecodedSource, SourceDocument
from aigak.store.schema import documents, sources

__all__ = [
    "SourceMismatch",
    "add_document",
    "count_documents",
    "find_document_by_sha",
    "get_document",
    "get_source_bytes",
    "iter_source_mismatches",
    "list_documents",
    "set_reference_date",
]


def _row_to_document(row: Any) -> SourceDocument:
    ingested = row.ingested_at
    if ingested.tzinfo is None:
        ingested = ingested.replace(tzinfo=UTC)
    return SourceDocument(
        id=row.id, sha256=row.sha256, media_type=row.media_type, filename=row.filename,
        title=row.title, author=row.author, published=row.published, language=row.language,
        ingested_at=ingested, text=row.text, body_start=row.body_start, body_end=row.body_end,
        size_bytes=row.size_bytes, reference_date=row.reference_date,
    )


def find_document_by_sha(conn: Connection, sha256: str) -> SourceDocument | None:
    """The document ingested from bytes with this SHA-256, if any."""
    row = conn.execute(select(documents).where(documents.c.sha256 == sha256)).first()
    return _row_to_document(row) if row else None


def add_document(conn: Connection, data: bytes, decoded: DecodedSource, *, filename: str,
                 language: str | None) -> tuple[SourceDocument, bool]:
    """Store a source's bytes and decoded text; the same bytes twice are one document.

    Returns:
        The stored document and whether it was newly created.
    """
    sha = hashlib.sha256(data).hexdigest()
    existing = find_document_by_sha(conn, sha)
    if existing is not None:
        return existing, False
    conn.execute(insert(sources).values(sha256=sha, data=data))
    body_end = len(decoded.text) if decoded.body_end is None else decoded.body_end
    new_id = conn.execute(
        insert(documents).values(
            sha256=sha, media_type=decoded.media_type, filename=filename, title=decoded.title,
            author=decoded.author, published=decoded.published, language=language,
            ingested_at=datetime.now(UTC), text=decoded.text, body_start=decoded.body_start,
            body_end=body_end, size_bytes=len(data),
        ).returning(documents.c.id)
    ).scalar_one()
    return get_document(conn, new_id), True


def get_document(conn: Connection, document_id: int) -> SourceDocument:
    """One document by id.

    Raises:
        DocumentNotFound: no document has that id.
    """
    row = conn.execute(select(documents).where(documents.c.id == document_id)).first()
    if row is None:
        raise DocumentNotFound(f"No document with id {document_id}. List them with `aigak docs`.")
    return _row_to_document(row)


def list_documents(conn: Connection, *, limit: int = 100, offset: int = 0) -> list[SourceDocument]:
    """Documents, newest first."""
    rows = conn.execute(select(documents).order_by(documents.c.id.desc()).limit(limit).offset(offset))
    return [_row_to_document(r) for r in rows]


def count_documents(conn: Connection) -> int:
    """How many documents the store holds."""
    return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())


def set_reference_date(conn: Connection, document_id: int, reference_date: str | None) -> None:
    """Record the date the text was written, once extraction has worked it out."""
    conn.execute(update(documents).where(documents.c.id == document_id).values(reference_date=reference_date))


def get_source_bytes(conn: Connection, sha256: str) -> bytes:
    """The original bytes of a source, exactly as ingested."""
    row = conn.execute(select(sources.c.data).where(sources.c.sha256 == sha256)).first()
    if row is None:
        raise DocumentNotFound(f"No stored source bytes for {sha256}.")
    return bytes(row.data)


@dataclass(frozen=True, slots=True)
class SourceMismatch:
    """A stored source whose bytes no longer hash to the SHA-256 it is filed under."""

    document_id: int | None
    sha256: str
    actual: str | None
    filename: str | None


def iter_source_mismatches(conn: Connection) -> Iterator[SourceMismatch]:
    """Re-hash every stored source and yield each one that does not match its recorded hash.

    A document whose source row is missing is reported with `actual=None`.
    """
    stmt = select(documents.c.id, documents.c.filename, documents.c.sha256, sources.c.data).select_from(
        documents.outerjoin(sources, sources.c.sha256 == documents.c.sha256))
    for row in conn.execute(stmt):
        if row.data is None:
            yield SourceMismatch(row.id, row.sha256, None, row.filename)
            continue
        actual = hashlib.sha256(bytes(row.data)).hexdigest()
        if actual != row.sha256:
            yield SourceMismatch(row.id, row.sha256, actual, row.filename)
