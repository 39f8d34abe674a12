"""What kind of file a byte string is: by its content first, its name second."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from aigak.core.errors import IngestError
from aigak.ingest.decode import utf16_without_bom

__all__ = ["DOCX", "HTML", "MARKDOWN", "PDF", "PLAIN", "sniff_media_type"]

PLAIN = "text/plain"
MARKDOWN = "text/markdown"
HTML = "text/html"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_TEXT_SUFFIXES = {".txt", ".text", "", ".md", ".markdown", ".html", ".htm", ".xhtml"}
_UNSUPPORTED = {".doc": "old Word .doc files: save it as .docx or PDF",
                ".rtf": "RTF files: save it as .docx or PDF",
                ".odt": "OpenDocument files: save it as .docx or PDF",
                ".xlsx": "spreadsheets: use `aigak import` for tables of cases"}
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article")
MAX_DOCX_UNPACKED_RATIO = 40
"""A DOCX that unpacks to more than this many times its size is refused (a decompression bomb)."""


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        # UTF-16 text has NUL bytes too; it starts with a byte-order mark.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > max(4, len(head) // 50)


def sniff_media_type(data: bytes, filename: str) -> str:
    """The media type of a source, from its bytes (magic numbers) and then its name.

    Raises:
        IngestError: the file is empty, binary or of a kind aigak does not read.
    """
    name = filename or "-"
    if not data.strip():
        raise IngestError(name, "the file is empty: there is nothing to ingest")
    suffix = PurePath(name).suffix.lower()
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
                unpacked = sum(i.file_size for i in zf.infolist())
        except zipfile.BadZipFile as exc:
            raise IngestError(name, f"a damaged ZIP/DOCX archive ({exc}); re-save the file") from exc
        if "word/document.xml" in names:
            if unpacked > MAX_DOCX_UNPACKED_RATIO * len(data) + 50_000_000:
                raise IngestError(name, "the DOCX unpacks to far more than its size (a ZIP bomb?); refused")
            return DOCX
        raise IngestError(name, "a ZIP archive that is not a Word document; unpack it and ingest the files")
    if suffix in _UNSUPPORTED:
        raise IngestError(name, f"aigak does not read {_UNSUPPORTED[suffix]}")
    if _looks_binary(data[:4096]) and utf16_without_bom(data) is None:
        raise IngestError(name, "a binary file, not a document aigak reads (text, Markdown, HTML, PDF, DOCX)")
    if suffix not in _TEXT_SUFFIXES and suffix not in {".csv", ".json", ".log"}:
        raise IngestError(name, f"unsupported file type {suffix!r}: aigak reads .txt, .md, .html, .pdf and .docx")
    head = data[:2048].lstrip().lower()
    if suffix in {".html", ".htm", ".xhtml"} or head.startswith(_HTML_MARKERS):
        return HTML
    if suffix in {".md", ".markdown"}:
        return MARKDOWN
    return PLAIN
