"""Full-text search over document text: FTS5 on SQLite, tsvector on PostgreSQL, one result shape."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

__all__ = ["HIGHLIGHT_END", "HIGHLIGHT_START", "SearchHit", "search_documents"]

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
"""Snippet highlight markers: control characters that never occur in stored text, so each interface
can escape the snippet first and only then turn the markers into its own highlighting."""

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One ranked document for a query, with a snippet whose matches are between the markers."""

    document_id: int
    title: str | None
    filename: str
    snippet: str
    rank: float


def _fts5_query(query: str) -> str:
    """A safe FTS5 query from free text: each word quoted (no operators), prefix match on the last."""
    words = _WORD.findall(query)
    if not words:
        return ""
    parts = ['"' + w.replace('"', '') + '"' for w in words]
    parts[-1] += "*"
    return " ".join(parts)


def search_documents(conn: Connection, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Documents matching every word of `query`, best first, with highlighted snippets.

    The query is plain words; operators and punctuation are treated as text, so user input can
    never change the shape of the SQL or the full-text syntax.
    """
    if conn.dialect.name == "sqlite":
        match = _fts5_query(query)
        if not match:
            return []
        rows = conn.execute(text(
            "SELECT d.id, d.title, d.filename, bm25(documents_fts) AS rank, "
            "snippet(documents_fts, 1, :hs, :he, '…', 16) AS snip "
            "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
            "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :limit OFFSET :offset"),
            {"q": match, "hs": HIGHLIGHT_START, "he": HIGHLIGHT_END, "limit": limit, "offset": offset})
        return [SearchHit(r.id, r.title, r.filename, r.snip, -float(r.rank)) for r in rows]
    words = _WORD.findall(query)
    if not words:
        return []
    tsq = " & ".join(w.replace("'", "") + ":*" for w in words[:-1]) if len(words) > 1 else ""
    tsq = (tsq + " & " if tsq else "") + words[-1].replace("'", "") + ":*"
    # Rank on the stored vector, cut to the page, and only then build snippets for those rows.
    rows = conn.execute(text(
        "SELECT d.id, d.title, d.filename, top.rank, ts_headline('simple', d.text, top.q, :opts) AS snip "
        "FROM (SELECT id, ts_rank(search_vector, q) AS rank, q FROM documents, to_tsquery('simple', :q) q "
        "      WHERE search_vector @@ q ORDER BY rank DESC, id LIMIT :limit OFFSET :offset) top "
        "JOIN documents d ON d.id = top.id ORDER BY top.rank DESC, d.id"),
        {"q": tsq, "limit": limit, "offset": offset,
         "opts": f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_END}, MaxWords=30, MinWords=12"})
    return [SearchHit(r.id, r.title, r.filename, r.snip, float(r.rank)) for r in rows]
