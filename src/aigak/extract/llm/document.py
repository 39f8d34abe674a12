"""The `document` block of an extraction (hash, reference date, body) for the model backends.

The model is never asked when a text was written or where its body lies: both come from the same
rules the rules backend uses (`aigak.extract.body`), so the backends agree on them.
"""

from __future__ import annotations

from typing import Any

from aigak.extract.body import find_body, find_reference_date

__all__ = ["describe_document"]


def describe_document(text: str, *, title: str | None = None, published: str | None = None,
                      sha256: str | None = None) -> dict[str, Any]:
    """`{"sha256", "reference_date", "body"}` for `text`.

    Args:
        text: the decoded document text.
        title: its title, when known (a first line equal to it is a headline, not body).
        published: its publication date, when known.
        sha256: the digest of the stored bytes, copied as is (None when the caller has no bytes).
    """
    body = find_body(text, title=title)
    return {
        "sha256": sha256,
        "reference_date": find_reference_date(text, body, published=published),
        "body": [body.start, body.end],
    }
