"""Sources: upload (ingest and extract), the filtered list, and the reader with every fact highlighted."""

from __future__ import annotations

import logging
import unicodedata
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import Response

from aigak.core.errors import AigakError, IngestError
from aigak.ingest.pipeline import ingest_bytes
from aigak.store.browse import (
    DocumentRow,
    SourceFilters,
    SourceReview,
    fact_counts_by_document,
    list_languages,
    list_sources,
)
from aigak.store.documents import get_document
from aigak.store.facts import list_facts
from aigak.web.auth import Ingester, Principal, Reader, store_of, write_lock
from aigak.web.errors import InvalidInput, PayloadTooLarge
from aigak.web.models import (
    DocumentDetailOut,
    DocumentListOut,
    DocumentOut,
    FactOut,
    PathId,
    UploadOut,
    UploadResultOut,
)
from aigak.web.templating import render
from aigak.web.views import fact_view, highlight_segments, names_by_local_id

__all__ = ["router", "safe_filename", "upload_files"]

log = logging.getLogger("aigak.web")
router = APIRouter(tags=["sources"])
PAGE_SIZE = 50
MAX_FILENAME_CHARS = 200
GROUPS: tuple[tuple[str, str], ...] = (
    ("event", "Events"), ("person", "People"), ("place", "Places"), ("org", "Organizations"),
    ("entity", "Other names"), ("relation", "Relations"), ("amount", "Amounts"),
)
MEDIA_TYPES = ("text/plain", "text/markdown", "text/html", "application/pdf",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def safe_filename(raw: str | None) -> str:
    """The bare file name of an upload: no folders (`../`, `C:\\`), no control characters, bounded length."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".").strip()
    return name[:MAX_FILENAME_CHARS] or "upload"


def _row_out(d: DocumentRow, counts: dict[str, int]) -> DocumentOut:
    return DocumentOut(id=d.id, sha256=d.sha256, filename=d.filename, title=d.title, author=d.author,
                       published=d.published, language=d.language, media_type=d.media_type,
                       ingested_at=d.ingested_at.isoformat(), size_bytes=d.size_bytes,
                       reference_date=d.reference_date, facts=counts)


def _extract(request: Request, document_id: int, actor: str, any_language: bool) -> tuple[str, int, str | None]:
    """Extract facts from a new document (which also gives its people their place in the person registry)."""
    try:
        from aigak.operations.extraction import extract_stored_document

        with write_lock(request):
            outcome = extract_stored_document(store_of(request), document_id, actor=actor,
                                              any_language=any_language)
    except ImportError:
        return "unavailable", 0, None
    except AigakError as exc:
        log.warning("extraction of document %s failed: %s", document_id, exc.__class__.__name__)
        return "failed", 0, str(exc)
    except Exception as exc:  # noqa: BLE001  (a backend's bug must not lose the upload: the document is stored)
        log.error("extraction of document %s crashed: %s", document_id, exc.__class__.__name__)
        return "failed", 0, "The extractor failed unexpectedly; the source is stored, run `aigak extract` later."
    if outcome.refusal is not None:
        return "not extracted", 0, f"Not extracted: {outcome.refusal}."
    return ("skipped" if outcome.skipped else "extracted"), len(outcome.fact_ids), None


def upload_files(request: Request, principal: Principal, files: list[UploadFile], *,
                 extract: bool, any_language: bool = False) -> list[UploadResultOut]:
    """Ingest each file (and extract facts from new ones); a refused file is reported, the rest go on.

    A document in a language the backend does not read is stored, not extracted ("not extracted", the
    reason in `error`), unless `any_language`.

    Raises:
        InvalidInput: no file was sent.
    """
    if not files:
        raise InvalidInput("Choose at least one file to upload.")
    limit: int = request.app.state.max_file_bytes
    results: list[UploadResultOut] = []
    for upload in files:
        name = safe_filename(upload.filename)
        data = upload.file.read(limit + 1)
        if len(data) > limit:
            results.append(UploadResultOut(
                filename=name, document_id=None, created=False, facts=0, extraction="not requested",
                error=f"The file is over the limit of {limit / 1048576:.1f} MiB (AIGAK_MAX_FILE_MB)."))
            continue
        try:
            with write_lock(request):
                document, created = ingest_bytes(store_of(request), data, name, actor=principal.actor)
        except IngestError as exc:
            results.append(UploadResultOut(filename=name, document_id=None, created=False, facts=0,
                                           error=exc.reason, extraction="not requested"))
            continue
        status, n_facts, error = ("not requested", 0, None)
        if extract and (created or _never_extracted(request, document.id)):
            # Also a document stored by an upload that died before its extraction finished.
            status, n_facts, error = _extract(request, document.id, principal.actor, any_language)
        log.info("upload: document %s %s, extraction %s, %s facts", document.id,
                 "stored" if created else "already stored", status, n_facts)
        results.append(UploadResultOut(filename=name, document_id=document.id, created=created, facts=n_facts,
                                       error=error, extraction=status))
    return results


def _never_extracted(request: Request, document_id: int) -> bool:
    from aigak.operations.extraction import resolve_backend_name
    from aigak.store.facts import has_extraction

    with store_of(request).read() as conn:
        return not has_extraction(conn, document_id, resolve_backend_name(None))


def _refuse_if_all_failed(results: list[UploadResultOut]) -> None:
    if results and all(r.document_id is None for r in results):
        first = results[0]
        message = f"{first.filename}: {first.error}"
        if "over the limit" in (first.error or ""):
            raise PayloadTooLarge(message)
        raise InvalidInput(message)


@router.post("/api/documents", response_model=UploadOut, responses={413: {"description": "Too large."}})
def api_upload(request: Request, principal: Ingester,
               files: Annotated[list[UploadFile], File(description="One or more files.")],
               extract: bool = True,
               any_language: Annotated[bool, Query(description=(
                   "Extract a document even when it is not in a language the backend reads "
                   "(rules.v1: English)."))] = False) -> UploadOut:
    """Upload sources: each is stored unchanged with its SHA-256 and (by default) its facts extracted.

    A document in a language the backend does not read is stored and searchable but not extracted
    (`extraction` "not extracted", the reason in `error`) unless `any_language` is set.

    Answers 200 with one result per file when at least one was stored; when every file was refused,
    answers with the first file's error (413 too large, 422 unreadable).
    """
    results = upload_files(request, principal, files, extract=extract, any_language=any_language)
    _refuse_if_all_failed(results)
    return UploadOut(results=results)


@router.post("/sources/upload", include_in_schema=False)
def upload_form(request: Request, principal: Ingester, files: Annotated[list[UploadFile], File()]
                ) -> Response:
    results = upload_files(request, principal, [f for f in files if f.filename], extract=True)
    return render(request, "upload_result.html", {"results": results})


def _filters(q: str | None, language: str | None, media_type: str | None, review: SourceReview | None
             ) -> SourceFilters:
    return SourceFilters(q=(q or "").strip() or None, language=language or None, media_type=media_type or None,
                         review=review)


@router.get("/sources", include_in_schema=False)
def sources_page(request: Request, principal: Reader, q: Annotated[str | None, Query(max_length=200)] = None,
                 language: Annotated[str | None, Query(max_length=8)] = None,
                 media_type: Annotated[str | None, Query(max_length=100)] = None,
                 review: SourceReview | None = None, page: Annotated[int, Query(ge=1, le=100000)] = 1
                 ) -> Response:
    filters = _filters(q, language, media_type, review)
    with store_of(request).read() as conn:
        rows, total = list_sources(conn, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        counts = fact_counts_by_document(conn, [d.id for d in rows])
        languages = list_languages(conn)
    params = {"q": filters.q, "language": filters.language, "media_type": filters.media_type,
              "review": review.value if review else None}
    return render(request, "sources.html", {
        "rows": rows, "counts": counts, "total": total, "page": page, "pages": max(1, -(-total // PAGE_SIZE)),
        "params": params, "languages": languages, "media_types": MEDIA_TYPES, "reviews": list(SourceReview)})


@router.get("/api/documents", response_model=DocumentListOut)
def api_documents(request: Request, principal: Reader, q: Annotated[str | None, Query(max_length=200)] = None,
                  language: Annotated[str | None, Query(max_length=8)] = None,
                  media_type: Annotated[str | None, Query(max_length=100)] = None,
                  review: SourceReview | None = None, limit: Annotated[int, Query(ge=1, le=500)] = PAGE_SIZE,
                  offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> DocumentListOut:
    """Stored documents, newest first, filtered by title or file name, language, type and review state."""
    with store_of(request).read() as conn:
        rows, total = list_sources(conn, _filters(q, language, media_type, review), limit=limit, offset=offset)
        counts = fact_counts_by_document(conn, [d.id for d in rows])
    return DocumentListOut(total=total, limit=limit, offset=offset,
                           documents=[_row_out(d, counts.get(d.id, {})) for d in rows])


def _reader_data(request: Request, document_id: int) -> dict[str, Any]:
    with store_of(request).read() as conn:
        document = get_document(conn, document_id)
        facts = list_facts(conn, document_id=document_id)
    names = names_by_local_id(facts)
    views = [fact_view(f, names, document.text) for f in facts]
    return {"document": document, "facts": facts, "views": views}


@router.get("/sources/{document_id}", include_in_schema=False)
def reader_page(request: Request, principal: Reader, document_id: PathId,
                mark: Annotated[str | None, Query(max_length=30, pattern=r"^\d{1,9}-\d{1,9}$")] = None
                ) -> Response:
    data = _reader_data(request, document_id)
    document = data["document"]
    marked = tuple(int(x) for x in mark.split("-")) if mark else None
    segments = highlight_segments(document.text, data["facts"], body=(document.body_start, document.body_end),
                                  mark=marked)  # type: ignore[arg-type]
    groups = [(key, title, [v for v in data["views"] if v["css"] == key]) for key, title in GROUPS]
    counts: dict[str, int] = {}
    for v in data["views"]:
        counts[v["status"]] = counts.get(v["status"], 0) + 1
    return render(request, "reader.html", {"document": document, "segments": segments,
                                           "groups": [g for g in groups if g[2]], "counts": counts,
                                           "views": data["views"]})


@router.get("/api/documents/{document_id}", response_model=DocumentDetailOut)
def api_document(request: Request, principal: Reader, document_id: PathId) -> DocumentDetailOut:
    """One document: metadata, its decoded text, and every fact with the text its evidence quotes."""
    data = _reader_data(request, document_id)
    d = data["document"]
    counts: dict[str, int] = {}
    for v in data["views"]:
        counts[v["status"]] = counts.get(v["status"], 0) + 1
    out = DocumentOut(id=d.id, sha256=d.sha256, filename=d.filename, title=d.title, author=d.author,
                      published=d.published, language=d.language, media_type=d.media_type,
                      ingested_at=d.ingested_at.isoformat(), size_bytes=d.size_bytes,
                      reference_date=d.reference_date, body=[d.body_start, d.body_end], facts=counts)
    return DocumentDetailOut(document=out, text=d.text, facts=[FactOut(**v) for v in data["views"]])
