"""Integrity checks that `aigak verify` runs: sources, their stored text, the audit chain and what it covers."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from aigak.core.errors import ConfigError, DocumentNotFound, IngestError
from aigak.ingest.readers import decode_source, earlier_texts
from aigak.store.audit import audit_head, check_audit_head, verify_audit_chain, verify_audit_coverage
from aigak.store.documents import get_source_bytes, iter_source_mismatches, list_documents
from aigak.store.engine import Store

__all__ = ["INTEGRITY_CHECKS", "IntegrityReport", "parse_head", "run_integrity_checks", "verify_store"]

_TEXT_BATCH = 100


@dataclass(slots=True)
class IntegrityReport:
    """What `verify_store` checked, and every problem it found.

    Attributes:
        checked: one line per check that ran, saying what it covered.
        problems: one line per mismatch (empty when all is well).
        head: the audit trail's last record as `SEQ:SHA256`, for the user to keep (None when empty).
        records: how many audit records the trail holds.
    """

    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    head: str | None = None
    records: int = 0


def parse_head(value: str) -> tuple[int | None, str]:
    """An audit head as `aigak verify` prints it (`SEQ:SHA256`), or a bare SHA-256 (a backup manifest's
    `audit_head`), as its sequence number (None for a bare hash) and hash.

    Raises:
        ConfigError: the value is neither.
    """
    seq, _, digest = value.strip().rpartition(":")
    if (seq and not seq.isdigit()) or len(digest) != 64 or any(c not in "0123456789abcdefABCDEF" for c in digest):
        raise ConfigError(f"{value[:80]!r} is not an audit head: give it as aigak verify prints it, SEQ:SHA256 "
                          "(64 hex digits), or the audit_head of a backup manifest.")
    return (int(seq) if seq else None), digest.lower()


def _source_hashes(store: Store) -> list[str]:
    with store.read() as conn:
        return [
            f"document #{m.document_id} ({m.filename}): stored bytes are missing" if m.actual is None
            else f"document #{m.document_id} ({m.filename}): bytes hash to {m.actual}, recorded {m.sha256}"
            for m in iter_source_mismatches(conn)
        ]


def _first_difference(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _stored_texts(store: Store) -> list[str]:
    """Decode every stored original again, with its stored media type, and compare with the stored text.

    Every offset of every fact points into the stored text, so a text changed after ingest would
    make the quotes say something the source does not. Sources whose bytes no longer match their
    hash are left to `_source_hashes`.
    """
    problems: list[str] = []
    offset = 0
    while True:
        with store.read() as conn:
            batch = list_documents(conn, limit=_TEXT_BATCH, offset=offset)
            originals = {}
            for d in batch:
                try:
                    originals[d.id] = get_source_bytes(conn, d.sha256)
                except DocumentNotFound:  # a missing source row is reported by _source_hashes
                    continue
        for d in batch:
            data = originals.get(d.id)
            if data is None or hashlib.sha256(data).hexdigest() != d.sha256:
                continue
            try:
                decoded = decode_source(data, d.filename, media_type=d.media_type)
            except IngestError as exc:
                problems.append(f"document #{d.id} ({d.filename}): its original bytes no longer decode "
                                f"({exc.reason}), so its stored text cannot be checked")
                continue
            # A document stored before its reader changed (PDF lines joined, DOCX tables read) keeps the
            # text it was stored with: its facts point into that text.
            if decoded.text != d.text and d.text not in earlier_texts(data, d.filename, d.media_type):
                at = _first_difference(decoded.text, d.text)
                problems.append(f"document #{d.id} ({d.filename}): the stored text differs from the text its "
                                f"original bytes decode to, from character {at} on (stored {len(d.text)} "
                                f"characters, decoded {len(decoded.text)}): the text was changed after ingest, "
                                "or a newer reader decodes this file differently")
        if len(batch) < _TEXT_BATCH:
            return problems
        offset += _TEXT_BATCH


def _audit_chain(store: Store) -> list[str]:
    with store.read() as conn:
        return verify_audit_chain(conn)


def _audit_coverage(store: Store) -> list[str]:
    with store.read() as conn:
        return verify_audit_coverage(conn).problems


INTEGRITY_CHECKS: list[Callable[[Store], list[str]]] = [_source_hashes, _stored_texts, _audit_chain, _audit_coverage]
"""Each check returns one line per problem."""


def run_integrity_checks(store: Store) -> list[str]:
    """Run every integrity check and return all problems found (empty when all is well)."""
    problems: list[str] = []
    for check in INTEGRITY_CHECKS:
        problems.extend(check(store))
    return problems


def verify_store(store: Store, *, kept_head: tuple[int | None, str] | None = None) -> IntegrityReport:
    """Run every check, saying what each covered, and compare the trail with a head kept outside.

    Args:
        store: the store to check.
        kept_head: `(seq, sha256)` of an audit record printed by an earlier `aigak verify` (seq None:
            a backup manifest's `audit_head`); the trail must still hold it, unchanged.
    """
    report = IntegrityReport()
    with store.read() as conn:
        count, last = audit_head(conn)
        coverage = verify_audit_coverage(conn)
    report.records = count
    report.head = f"{last.seq}:{last.hash}" if last is not None else None
    sources = _source_hashes(store)
    texts = _stored_texts(store)
    chain = _audit_chain(store)
    report.problems += sources + texts + chain + coverage.problems
    report.checked += [
        "sources: every stored file re-hashed and compared with its recorded SHA-256",
        "stored text: every stored file decoded again and compared with the text that facts point into",
        f"audit chain: {count} records, each hash recomputed and linked to the one before it",
        (f"audit coverage: {coverage.documents} documents looked up for their ingest record, {coverage.reviewed} "
        "reviewed facts compared with their last review record (proposed facts are not covered: the trail "
        "holds how many facts an extraction proposed, not what they say)"),
    ]
    if kept_head is not None:
        with store.read() as conn:
            report.problems += check_audit_head(conn, *kept_head)
        which = f"record {kept_head[0]}" if kept_head[0] is not None else "the record"
        report.checked.append(f"kept head: the trail must still hold {which} with the hash you kept")
    return report
