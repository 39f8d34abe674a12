"""Full-text search over document text: FTS5 on SQLite, tsvector on PostgreSQL, one result shape."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import Connection, select, text

from aigak.store.schema import documents

__all__ = ["HIGHLIGHT_END", "HIGHLIGHT_START", "RANK_WINDOW", "SearchHit", "make_snippet", "search_documents", "words_of"]

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
"""Snippet highlight markers: control characters that never occur in stored text, so each interface
can escape the snippet first and only then turn the markers into its own highlighting."""

_WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_WORDS = 24
RANK_WINDOW = 5000
"""Matches ranked per query: the newest this many (more when paging deeper). Bounds search time
for words that occur in most of an archive; rarer words are ranked over all their matches."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One ranked document for a query, with a snippet whose matches are between the markers."""

    document_id: int
    title: str | None
    filename: str
    snippet: str
    rank: float


def words_of(query: str) -> list[str]:
    """The words of a free-text query, as search matches them."""
    return _WORD.findall(query)


def _fold(word: str) -> str:
    """Case- and accent-insensitive form, as the full-text indexes compare words."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def make_snippet(text_: str, words: list[str], *, context_words: int = SNIPPET_WORDS) -> str:
    """A short passage around the first match, every matching word between the highlight markers.

    Words match whole, except the last query word, which matches as a prefix (as search does).
    """
    wanted = {_fold(w) for w in words[:-1]}
    prefix = _fold(words[-1]) if words else ""
    tokens = list(_WORD.finditer(text_))

    def hit(m: re.Match[str]) -> bool:
        folded = _fold(m.group())
        return folded in wanted or (bool(prefix) and folded.startswith(prefix))

    first = next((i for i, m in enumerate(tokens) if hit(m)), 0)
    lo = max(0, first - context_words // 3)
    hi = min(len(tokens), lo + context_words)
    if not tokens:
        return text_[:200]
    start, end = tokens[lo].start(), tokens[hi - 1].end()
    out, pos = [], start
    for m in tokens[lo:hi]:
        if hit(m):
            out += [text_[pos:m.start()], HIGHLIGHT_START, m.group(), HIGHLIGHT_END]
            pos = m.end()
    out.append(text_[pos:end])
    return ("…" if lo > 0 else "") + "".join(out) + ("…" if hi < len(tokens) else "")


def _with_snippets(conn: Connection, ranks: dict[int, float], words: list[str]) -> list[SearchHit]:
    """Hits for the ranked ids, best first, with snippets built from the stored text."""
    if not ranks:
        return []
    rows = conn.execute(select(documents.c.id, documents.c.title, documents.c.filename, documents.c.text)
                        .where(documents.c.id.in_(list(ranks)))).all()
    hits = [SearchHit(r.id, r.title, r.filename, make_snippet(r.text, words), ranks[r.id]) for r in rows]
    return sorted(hits, key=lambda h: (-h.rank, h.document_id))


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
    window = max(RANK_WINDOW, offset + limit)
    if conn.dialect.name == "sqlite":
        match = _fts5_query(query)
        if not match:
            return []
        # Ranking costs a little for every matching document; a word found in most of an archive
        # would make every search as slow as the archive is large. So only the newest `window`
        # matches are ranked (the floor is found on the index alone, without ranking), and
        # snippets are built only for the page of results.
        floor = conn.execute(text(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q ORDER BY rowid DESC "
            "LIMIT 1 OFFSET :last"), {"q": match, "last": window - 1}).scalar() or 0
        top = conn.execute(text(
            "SELECT rowid, rank FROM documents_fts WHERE documents_fts MATCH :q AND rowid >= :floor "
            "ORDER BY rank LIMIT :limit OFFSET :offset"),
            {"q": match, "floor": floor, "limit": limit, "offset": offset}).all()
        if not top:
            return []
        ranks = {r.rowid: -float(r.rank) for r in top}
        return _with_snippets(conn, ranks, words_of(query))
    words = words_of(query)
    if not words:
        return []
    tsq = " & ".join([*words[:-1], words[-1] + ":*"])  # \w+ words carry no tsquery syntax
    # Rank on the stored vector, over the newest `window` matches only (see RANK_WINDOW), cut to
    # the page, and only then build snippets for those rows.
    floor = conn.execute(text(
        "SELECT id FROM documents, to_tsquery('simple', :q) q WHERE search_vector @@ q "
        "ORDER BY id DESC OFFSET :last LIMIT 1"), {"q": tsq, "last": window - 1}).scalar() or 0
    top = conn.execute(text(
        "SELECT id, ts_rank(search_vector, q) AS rank FROM documents, to_tsquery('simple', :q) q "
        "WHERE search_vector @@ q AND id >= :floor ORDER BY rank DESC, id LIMIT :limit OFFSET :offset"),
        {"q": tsq, "floor": floor, "limit": limit, "offset": offset}).all()
    return _with_snippets(conn, {r.id: float(r.rank) for r in top}, words)
