"""The public entry point: extract one document's text with a named backend."""

from __future__ import annotations

from typing import Any

from aigak.core.errors import AigakError, BackendError
from aigak.extract.backend import get_backend
from aigak.extract.long_texts import PART_CHARS, extract_in_parts

__all__ = ["extract_text"]


def extract_text(text: str, *, title: str | None = None, published: str | None = None,
                 sha256: str | None = None, backend: str = "rules.v1") -> dict[str, Any]:
    """The FORMAT.md object for `text`: document, entities, relations, events, amounts and backend.

    Args:
        text: the decoded document text; every span of the result indexes into it.
        title: the document's title if the reader knew it (a first line equal to it is a headline).
        published: the publication date (ISO, partial allowed) if known; it becomes the reference date.
        sha256: the hex digest of the document's bytes, copied into `document.sha256`.
        backend: the versioned backend name (`rules.v1`, or a plugin's).

    Raises:
        ConfigError: no backend has that name.
        BackendError: the backend failed, or broke on this text (a bug: the error says so, so that one
            document's failure is reported like any other and a bulk run goes on with the rest).
    """
    extractor = get_backend(backend)
    try:
        if len(text) > PART_CHARS and extractor.name.startswith("rules"):
            # A whole report at once would take the rules time that grows with the square of its length.
            def one_part(part: str, dated: str | None) -> dict[str, Any]:
                return extractor.extract(part, title=title, published=dated, sha256=sha256)
            return extract_in_parts(text, one_part, published=published)
        return extractor.extract(text, title=title, published=published, sha256=sha256)
    except AigakError:
        raise
    except Exception as exc:
        raise BackendError(f"the extractor broke on this document ({exc.__class__.__name__}: {exc}). This is "
                           "a bug: please report it with the document; the other documents are not affected.",
                           backend=backend) from exc
