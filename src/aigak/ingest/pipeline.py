"""Ingest files and folders into the store: one transaction per document, errors reported per file."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import IntegrityError as SqlIntegrityError

from aigak.core.errors import IngestError
from aigak.core.models import DecodedSource, SourceDocument
from aigak.core.settings import get_setting
from aigak.ingest.language import detect_language
from aigak.ingest.readers import read_source
from aigak.store.audit import append_audit
from aigak.store.documents import add_document, find_document_by_sha
from aigak.store.engine import Store

__all__ = ["IngestOutcome", "IngestReport", "expand_paths", "ingest_bytes", "ingest_paths", "max_file_bytes"]

STDIN = "-"
IN_FLIGHT_PER_WORKER = 8


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What happened to one file: stored (new or already there) or refused with a reason."""

    path: str
    document: SourceDocument | None = None
    created: bool = False
    error: str | None = None


@dataclass(slots=True)
class IngestReport:
    """All outcomes of one ingest run."""

    outcomes: list[IngestOutcome] = field(default_factory=list)

    @property
    def created(self) -> list[IngestOutcome]:
        return [o for o in self.outcomes if o.created]

    @property
    def duplicates(self) -> list[IngestOutcome]:
        return [o for o in self.outcomes if o.document is not None and not o.created]

    @property
    def failed(self) -> list[IngestOutcome]:
        return [o for o in self.outcomes if o.error is not None]


def max_file_bytes(override_mb: float | None = None) -> int:
    """The size limit for one source file, from `--max-mb`, `AIGAK_MAX_FILE_MB` or the default."""
    raw = override_mb if override_mb is not None else float(get_setting("max_file_mb") or 50)
    return int(float(raw) * 1024 * 1024)


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files named, and files inside folders named (recursively, sorted, hidden ones skipped)."""
    for raw in paths:
        if raw == STDIN:
            yield raw
            continue
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield str(Path(root) / name)
        else:
            yield raw


def _read_bytes(path: str, limit: int) -> bytes:
    if path == STDIN:
        data = sys.stdin.buffer.read(limit + 1)
    else:
        p = Path(path)
        try:
            if not p.exists():
                raise IngestError(path, "no such file")
            size = p.stat().st_size
            if size > limit:
                raise IngestError(path, f"the file is {size / 1048576:.1f} MiB, over the limit of "
                                  f"{limit / 1048576:.1f} MiB (raise it with --max-mb or AIGAK_MAX_FILE_MB)")
            with p.open("rb") as fh:
                data = fh.read(limit + 1)
        except PermissionError as exc:
            raise IngestError(path, "permission denied: the file cannot be read") from exc
        except IsADirectoryError as exc:
            raise IngestError(path, "is a folder") from exc
        except OSError as exc:
            raise IngestError(path, f"the file cannot be read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise IngestError(path, f"over the size limit of {limit / 1048576:.1f} MiB "
                          "(raise it with --max-mb or AIGAK_MAX_FILE_MB)")
    return data


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A file read and decoded (the CPU-heavy part, done in worker processes when --workers > 1)."""

    path: str
    data: bytes | None = None
    decoded: DecodedSource | None = None
    language: str | None = None
    error: str | None = None


def _prepare(path: str, limit: int) -> _Prepared:
    try:
        data = _read_bytes(path, limit)
        decoded = read_source(data, path)
        return _Prepared(path, data, decoded, detect_language(decoded.text))
    except IngestError as exc:
        return _Prepared(path, error=exc.reason)


def _store_decoded(store: Store, data: bytes, decoded: DecodedSource, filename: str, language: str | None,
                   actor: str) -> tuple[SourceDocument, bool]:
    """Store one decoded source, or return the one stored already.

    Two people may upload the same file at the same moment: both find it absent, and the second
    insert then meets the first one's row. That is the same bytes stored once, as for an upload
    made twice in turn, not an error.
    """
    try:
        with store.transaction() as conn:
            document, created = add_document(conn, data, decoded, language=language,
                                             filename=Path(filename).name if filename != STDIN else STDIN)
            if created:
                append_audit(conn, actor=actor, action="ingest", target=f"document:{document.id}",
                             after={"sha256": document.sha256, "filename": document.filename,
                                    "media_type": document.media_type, "size_bytes": document.size_bytes})
    except SqlIntegrityError:
        with store.read() as conn:
            existing = find_document_by_sha(conn, hashlib.sha256(data).hexdigest())
        if existing is None:
            raise
        return existing, False
    return document, created


def ingest_bytes(store: Store, data: bytes, filename: str, *, actor: str = "cli") -> tuple[SourceDocument, bool]:
    """Decode and store one source in its own transaction; the same bytes twice are one document.

    Raises:
        IngestError: the bytes cannot be read as a document.
    """
    sha = hashlib.sha256(data).hexdigest()
    with store.read() as conn:
        existing = find_document_by_sha(conn, sha)
    if existing is not None:
        return existing, False
    decoded = read_source(data, filename)
    return _store_decoded(store, data, decoded, filename, detect_language(decoded.text), actor)


def _prepared_files(paths: list[str], limit: int, workers: int) -> Iterator[_Prepared]:
    """Files read and decoded in order, by `workers` processes when more than one.

    At most `workers * IN_FLIGHT_PER_WORKER` files are decoded ahead of the writer, so a million
    files never pile up as decoded text in memory.
    """
    if workers <= 1 or len(paths) < 2 or STDIN in paths:
        for path in paths:
            yield _prepare(path, limit)
        return
    from collections import deque
    from concurrent.futures import Future

    from aigak.core.workers import worker_pool

    with worker_pool(workers) as pool:
        pending: deque[Future[_Prepared]] = deque()
        todo = iter(paths)
        for path in todo:
            pending.append(pool.submit(_prepare, path, limit))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                break
        while pending:
            yield pending.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append(pool.submit(_prepare, nxt, limit))


def ingest_paths(store: Store, paths: Iterable[str], *, max_bytes: int | None = None, actor: str = "cli",
                 workers: int = 1, on_outcome: Callable[[IngestOutcome], None] | None = None) -> IngestReport:
    """Ingest every file named (folders recursively); a bad file is reported and the rest go on.

    With `workers` > 1, files are read and decoded in that many processes; writes stay in this
    one, one transaction per document, so the store is never left half-written.
    """
    limit = max_bytes if max_bytes is not None else max_file_bytes()
    report = IngestReport()
    with store.bulk_writes():
        for prepared in _prepared_files(list(expand_paths(paths)), limit, workers):
            if prepared.error is not None or prepared.data is None or prepared.decoded is None:
                outcome = IngestOutcome(prepared.path, error=prepared.error)
            else:
                with store.read() as conn:
                    existing = find_document_by_sha(conn, hashlib.sha256(prepared.data).hexdigest())
                if existing is not None:
                    outcome = IngestOutcome(prepared.path, document=existing, created=False)
                else:
                    document, created = _store_decoded(store, prepared.data, prepared.decoded, prepared.path,
                                                       prepared.language, actor)
                    outcome = IngestOutcome(prepared.path, document=document, created=created)
            report.outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    return report
