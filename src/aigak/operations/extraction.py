"""Run an extraction backend on a stored document and keep its facts as `proposed`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from aigak.core.settings import get_setting
from aigak.ingest.language import MIN_ENGLISH_WORD_SHARE, english_word_share
from aigak.resolve.registry import resolve_document
from aigak.store.audit import append_audit
from aigak.store.documents import get_document, set_reference_date
from aigak.store.engine import Store
from aigak.store.facts import has_extraction, save_extraction

__all__ = [
    "LANGUAGES_READ",
    "ExtractionOutcome",
    "extract_stored_document",
    "language_refusal",
    "record_extraction",
    "resolve_backend_name",
]

LANGUAGES_READ: dict[str, frozenset[str]] = {"rules.v1": frozenset({"en"}), "ensemble.v1": frozenset({"en"})}
"""The languages (ISO 639-1) a backend's rules are written for; a backend not listed (`llm.v1`, a plugin)
is given any language. On a Russian ruling the English rules find no events and take phrases such as
"Китайской Народной Республики" for people, so a document in another language is not handed to them."""


@dataclass(frozen=True, slots=True)
class ExtractionOutcome:
    """The result of extracting one stored document.

    Attributes:
        document_id: the document.
        result: the extraction JSON (None when the document was not extracted).
        fact_ids: the new facts (empty when skipped or not extracted).
        skipped: already extracted by this backend version; nothing new saved.
        refusal: why the document was not extracted (`language_refusal`), or None.
    """

    document_id: int
    result: dict[str, Any] | None
    fact_ids: tuple[int, ...]
    skipped: bool = False
    refusal: str | None = None


def resolve_backend_name(name: str | None) -> str:
    """The versioned backend to use: the one named, else `AIGAK_BACKEND`, else `rules.v1`.

    Short names (`rules`, `llm`, `ensemble`) become their versioned names, because extraction runs
    are keyed by the versioned name: `extract --all --backend llm` must find the `llm.v1` runs.
    """
    from aigak.extract.backend import SHORT_NAMES

    chosen = get_setting("backend", name) or "rules.v1"
    return SHORT_NAMES.get(chosen, chosen)


def _language_name(code: str) -> str:
    import pycountry

    found = pycountry.languages.get(alpha_2=code.split("-")[0].lower())
    return str(found.name) if found is not None else code


def language_refusal(language: str | None, text: str, document: str, backend: str) -> str | None:
    """Why a backend does not read a document in this language, or None when it does.

    The guess made at ingest decides, except that a text too short to tell (no guess) is read, and so
    is a text whose words are English often enough (`MIN_ENGLISH_WORD_SHARE`): langdetect takes a short
    English line full of Kazakh names for Afrikaans or Turkish.

    Args:
        language: the document's guessed language (ISO 639-1), as ingest stored it.
        text: the document's text (its start is enough).
        document: how to name the document in the message (its file name and id).
        backend: the versioned backend name.

    Returns:
        One line for the user, such as "notes.txt (#3) is in Russian (ru); rules.v1 reads English
        only — translate it, or extract it with an LLM backend (see README)".
    """
    read = LANGUAGES_READ.get(backend)
    if read is None or language is None or language.split("-")[0].lower() in read:
        return None
    if "en" in read and english_word_share(text) >= MIN_ENGLISH_WORD_SHARE:
        return None
    names = " and ".join(sorted(_language_name(code) for code in read))
    return (f"{document} is in {_language_name(language)} ({language}); {backend} reads {names} only — "
            "translate it, or extract it with an LLM backend (see README)")


def extract_stored_document(store: Store, document_id: int, *, backend: str | None = None,
                            replace: bool = False, actor: str = "cli", any_language: bool = False
                            ) -> ExtractionOutcome:
    """Extract facts from a stored document and save them, in one transaction.

    A document already extracted by the same backend version is skipped unless `replace` is set,
    so interrupted bulk runs resume without duplicating work. A document in a language the backend
    does not read is not extracted (the outcome's `refusal` says why) unless `any_language` is set:
    it stays stored and searchable.
    """
    from aigak.extract.run import extract_text

    name = resolve_backend_name(backend)
    with store.read() as conn:
        document = get_document(conn, document_id)
    refusal = language_refusal(document.language, document.text, f"{document.filename} (#{document.id})", name)
    if refusal is not None and not any_language:
        return ExtractionOutcome(document_id, None, (), refusal=refusal)
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
