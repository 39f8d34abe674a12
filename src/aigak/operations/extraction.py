"""Run an extraction backend on a stored document and keep its facts as `proposed`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from aigak.core.settings import get_setting
from aigak.resolve.registry import resolve_document
from aigak.store.audit import append_audit
from aigak.store.documents import get_document, set_reference_date
from aigak.store.engine import Store
from aigak.store.facts import has_extraction, save_extraction

__all__ = ["ExtractionOutcome", "extract_stored_document", "record_extraction", "resolve_backend_name"]


@dataclass(frozen=True, slots=True)
class ExtractionOutcome:
    """The result of extracting one stored document: the JSON, and the new fact ids (empty if skipped)."""

    document_id: int
    result: dict[str, Any] | None
    fact_ids: tuple[int, ...]
    skipped: bool = False


def resolve_backend_name(name: str | None) -> str:
    """The versioned backend to use: the one named, else `AIGAK_BACKEND`, else `rules.v1`.

    Short names (`rules`, `llm`, `ensemble`) become their versioned names, because extraction runs
    are keyed by the versioned name: `extract --all --backend llm` must find the `llm.v1` runs.
    """
    from aigak.extract.backend import SHORT_NAMES

    chosen = get_setting("backend", name) or "rules.v1"
    return SHORT_NAMES.get(chosen, chosen)


def extract_stored_document(store: Store, document_id: int, *, backend: str | None = None,
                            replace: bool = False, actor: str = "cli") -> ExtractionOutcome:
    """Extract facts from a stored document and save them, in one transaction.

    A document already extracted by the same backend version is skipped unless `replace` is set,
    so interrupted bulk runs resume without duplicating work.
    """
    from aigak.extract.run import extract_text

    name = resolve_backend_name(backend)
    with store.read() as conn:
        document = get_document(conn, document_id)
    result = extract_text(document.text, title=document.title, published=document.published,
                          sha256=document.sha256, backend=name)
    stored_name = str((result.get("backend") or {}).get("name") or name)
    with store.transaction() as conn:
        if has_extraction(conn, document_id, stored_name) and not replace:
            return ExtractionOutcome(document_id, result, (), skipped=True)
        ids = record_extraction(conn, document_id, result, text=document.text, actor=actor, replace=replace)
    return ExtractionOutcome(document_id, result, tuple(ids))


def record_extraction(conn: Connection, document_id: int, result: Mapping[str, Any], *, text: str,
                      actor: str, replace: bool = False, resolve: bool = True) -> list[int]:
    """Keep one extraction result inside the caller's transaction: its facts, the document's
    reference date, the people it names in the registry (unless `resolve` is off, for paths that
    resolve afterwards in order), and the audit record — every path that extracts does all four.

    Returns:
        The ids of the new facts.
    """
    name = str((result.get("backend") or {}).get("name") or "unknown")
    ids = save_extraction(conn, document_id, result, text=text, replace=replace)
    set_reference_date(conn, document_id, (result.get("document") or {}).get("reference_date"))
    if resolve:
        resolve_document(conn, document_id, actor=actor)
    append_audit(conn, actor=actor, action="extract", target=f"document:{document_id}",
                 after={"backend": name, "facts": len(ids)})
    return ids
