"""One reader per supported format, each turning bytes into a `DecodedSource`."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from aigak.core.errors import IngestError
from aigak.core.models import DecodedSource
from aigak.ingest.decode import decode_text, normalize_newlines
from aigak.ingest.derived import dossier_refusal, is_aigak_dossier
from aigak.ingest.pdflines import unwrap_pages
from aigak.ingest.sniff import DOCX, HTML, MARKDOWN, PDF, PLAIN, sniff_media_type

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table as DocxTable
    from docx.table import _Cell as DocxCell

__all__ = ["TABLE_CELL_SEPARATOR", "decode_source", "earlier_texts", "read_source"]

TABLE_CELL_SEPARATOR = " | "
"""Between the cells of a DOCX table row, which is read as one line."""

_MD_TITLE = re.compile(r"\A\s*#\s+(.+)$", re.MULTILINE)
# A year the text states ("1 August 2022", "in 2019"): then the text can date itself, and a DOCX's
# core-properties date (often the template's: python-docx's own is 2013-12-23) is not taken.
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _first_line_title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:200] if len(line) <= 200 else None
    return None


_Read = tuple[DecodedSource, bool]
"""What a reader made of the bytes, and whether the file's metadata marks it as an aigak dossier."""


def _read_plain(data: bytes, filename: str, media_type: str) -> _Read:
    text, encoding = decode_text(data, filename)
    if not text.strip():
        raise IngestError(filename, "the file holds no text")
    title = None
    if media_type == MARKDOWN:
        m = _MD_TITLE.match(text)
        title = m.group(1).strip() if m else None
    return DecodedSource(text=text, media_type=media_type, title=title or _first_line_title(text),
                         encoding=encoding), False


def _read_html(data: bytes, filename: str, media_type: str) -> _Read:
    import trafilatura

    html, encoding = decode_text(data, filename)
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=True, favor_precision=True)
    if not isinstance(doc, trafilatura.settings.Document):
        doc = None
    text = normalize_newlines(doc.text or "") if doc is not None else ""
    if doc is None or not text.strip():
        raise IngestError(filename, "no article text was found in this HTML page "
                          "(is it an index page or does it need JavaScript?)")
    return (DecodedSource(text=text, media_type=media_type, title=doc.title, author=doc.author,
                          published=doc.date, encoding=encoding), is_aigak_dossier(text, title=doc.title, html=html))


def _pdf_pages(data: bytes, filename: str) -> tuple[list[str], dict[str, str | None]]:
    """The text layer of each page as pypdf gives it (lines as laid out), and the PDF's metadata."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError(filename, "the PDF is encrypted; save an unlocked copy first")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
    except IngestError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(filename, f"the PDF could not be read ({exc.__class__.__name__}: {exc})") from exc
    fields: dict[str, str | None] = {
        "title": str(meta.title) if meta is not None and meta.title else None,
        "author": str(meta.author) if meta is not None and meta.author else None,
        "creator": str(meta.creator) if meta is not None and meta.creator else None,
        "keywords": str(meta.get("/Keywords") or "") if meta is not None else None,
    }
    return pages, fields


def _read_pdf(data: bytes, filename: str, media_type: str) -> _Read:
    pages, meta = _pdf_pages(data, filename)
    # The lines of a paragraph are joined (`aigak.ingest.pdflines`): a date or a name wrapped across
    # two lines would otherwise be read as two sentences.
    pages = [normalize_newlines(p).strip("\n") for p in pages]
    text = "\n\n".join(unwrap_pages(pages)).strip("\n")
    if not text.strip():
        raise IngestError(filename, "the PDF has no text layer (a scan?); run OCR on it first")
    return (DecodedSource(text=text, media_type=media_type, title=meta["title"] or _first_line_title(text),
                          author=meta["author"]),
            is_aigak_dossier(text, title=meta["title"], creator=meta["creator"], keywords=meta["keywords"]))


def _docx_document(data: bytes, filename: str) -> DocxDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise IngestError(filename, f"the DOCX could not be read ({exc.__class__.__name__}); "
                          "re-save it in Word or LibreOffice") from exc


def _cell_text(cell: DocxCell) -> str:
    """A table cell on one line: its paragraphs and any table inside it, joined by spaces."""
    from docx.text.paragraph import Paragraph

    parts = [item.text if isinstance(item, Paragraph) else " ".join(_table_rows(item))
             for item in cell.iter_inner_content()]
    return " ".join(" ".join(parts).split())


def _table_rows(table: DocxTable) -> list[str]:
    """Each row of a table on its own line, its non-empty cells separated by " | "."""
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[DocxCell] = []
        for cell in row.cells:
            if any(cell is s for s in seen):  # a cell spanning several columns comes once per column
                continue
            seen.append(cell)
            text = _cell_text(cell)
            if text:
                cells.append(text)
        if cells:
            rows.append(TABLE_CELL_SEPARATOR.join(cells))
    return rows


def _read_docx(data: bytes, filename: str, media_type: str) -> _Read:
    from docx.text.paragraph import Paragraph

    document = _docx_document(data, filename)
    # Paragraphs and tables in the order the document has them: a table of dates is as much the
    # testimony as the paragraphs around it, and must be searchable and read by the extractor.
    blocks = [item.text if isinstance(item, Paragraph) else "\n".join(_table_rows(item))
              for item in document.iter_inner_content()]
    text = "\n\n".join(b for b in blocks if b.strip())
    if not text.strip():
        raise IngestError(filename, "the DOCX holds no text")
    props = document.core_properties
    # The core properties' date is when the file (or its template) was made, not when the text was
    # written: it is kept only for a text that states no year of its own to be dated by.
    published = props.created.date().isoformat() if props.created and not _YEAR.search(text) else None
    return DecodedSource(text=normalize_newlines(text), media_type=media_type,
                         title=props.title or _first_line_title(text), author=props.author or None,
                         published=published), False


def earlier_texts(data: bytes, filename: str, media_type: str) -> list[str]:
    """The texts earlier versions of these readers made of a file, for `aigak verify` to accept a
    document stored before its reader changed (its facts point into that text, which stays as it was).

    PDF: the lines as laid out, before wrapped lines were joined. DOCX: the paragraphs only, before
    tables were read.

    Raises:
        IngestError: the file cannot be read.
    """
    if media_type == PDF:
        pages, _ = _pdf_pages(data, filename)
        return [normalize_newlines("\n\n".join(p.strip("\n") for p in pages)).strip("\n")]
    if media_type == DOCX:
        document = _docx_document(data, filename)
        return [normalize_newlines("\n\n".join(p.text for p in document.paragraphs if p.text.strip()))]
    return []


_READERS: dict[str, Callable[[bytes, str, str], _Read]] = {
    PLAIN: _read_plain, MARKDOWN: _read_plain, HTML: _read_html, PDF: _read_pdf, DOCX: _read_docx,
}


def read_source(data: bytes, filename: str) -> DecodedSource:
    """Decode a source file of any supported kind, refusing aigak's own case dossiers.

    Raises:
        IngestError: the file is empty, binary, unsupported, damaged or undecodable, or a dossier that
            aigak wrote (`aigak.ingest.derived`).
    """
    media_type = sniff_media_type(data, filename)
    decoded, is_dossier = _READERS[media_type](data, filename, media_type)
    # By its metadata, or by its title and colophon (a dossier printed from a browser or copied as text).
    if is_dossier or is_aigak_dossier(decoded.text):
        raise IngestError(filename, dossier_refusal())
    return decoded


def decode_source(data: bytes, filename: str, *, media_type: str | None = None) -> DecodedSource:
    """Decode a source file of any supported kind, as `read_source` does but accepting aigak's
    dossiers, so `aigak verify` can decode again what is already stored.

    Args:
        data, filename: the file's bytes and name.
        media_type: read it as this type (the one stored with it) instead of sniffing.

    Raises:
        IngestError: the file is empty, binary, unsupported, damaged or undecodable.
    """
    media_type = media_type if media_type in _READERS else sniff_media_type(data, filename)
    assert media_type is not None
    return _READERS[media_type](data, filename, media_type)[0]
