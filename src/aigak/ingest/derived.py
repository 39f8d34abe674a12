"""aigak's own outputs are not sources: recognise a case dossier aigak wrote, so it is not ingested again.

A dossier only restates facts already drawn from the sources in its annex. Stored as a document of its
own it would be counted as one more independent source for every fact it repeats, its annex lines
("S1 … SHA-256 e6a61b…") would be read as events, and its labels ("Gender Female") as people.
"""

from __future__ import annotations

import re

__all__ = ["DOSSIER_MARKER", "dossier_refusal", "is_aigak_dossier"]

DOSSIER_MARKER = "aigak-dossier"
"""Written by `aigak dossier` into the HTML `<meta name="keywords">`, which WeasyPrint copies into the
PDF's Keywords."""

_GENERATOR = re.compile(r"^aigak\b", re.IGNORECASE)
_META_TAG = re.compile(r"<meta\s[^>]*(?:name=[\"'](?:keywords|generator)[\"'][^>]*content=[\"']([^\"']*)[\"']"
                       r"|content=[\"']([^\"']*)[\"'][^>]*name=[\"'](?:keywords|generator)[\"'])",
                       re.IGNORECASE)
# The colophon every dossier ends with (also in dossiers written before the marker, and in a dossier
# printed to PDF from a browser or copied into a text file): "Compiled with aigak 0.1.0 on 2026-11-30 07:41 UTC."
_COLOPHON = re.compile(r"Compiled\s+with\s+aigak\s+\S+\s+on\s+\d{4}-\d{2}-\d{2}")
_TITLE = re.compile(r"\bCase\s+dossier\b", re.IGNORECASE)


def is_aigak_dossier(text: str, *, title: str | None = None, creator: str | None = None,
                     keywords: str | None = None, html: str | None = None) -> bool:
    """Whether a decoded file is a case dossier that aigak wrote.

    Args:
        text: the decoded text.
        title, creator, keywords: the file's metadata (a PDF's Title, Creator and Keywords).
        html: the raw page, for an HTML file (its `<meta>` tags).

    Returns:
        True when the dossier marker is in the metadata, or aigak is the generator of a file titled
        "Case dossier", or the text carries the dossier's title and colophon.
    """
    if keywords and DOSSIER_MARKER in keywords.lower():
        return True
    if html is not None:
        for m in _META_TAG.finditer(html[:20_000]):
            content = m.group(1) or m.group(2) or ""
            if DOSSIER_MARKER in content.lower() or (_GENERATOR.match(content) and _TITLE.search(html[:20_000])):
                return True
    if creator and _GENERATOR.match(creator.strip()) and title and _TITLE.search(title):
        return True
    return bool(_COLOPHON.search(text) and _TITLE.search(text[:2_000]))


def dossier_refusal() -> str:
    """Why a dossier is refused, and what to ingest instead (the reason of the `IngestError`)."""
    return ("a case dossier written by aigak, not a source: its facts come from the sources in its Annex A, "
            "and stored it would count as one more independent source for each of them; ingest those sources "
            "instead")
