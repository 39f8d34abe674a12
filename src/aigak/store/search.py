"""Full-text search over document text: FTS5 on SQLite, tsvector on PostgreSQL, one result shape.

A search is a small tree of words (`Words`, `AnyOf`, `AllOf`) rendered into each engine's own query
syntax; user text only ever becomes quoted FTS5 strings or `\\w+` tsquery operands, never syntax.
Plain queries (`search_documents`) are all their words; `aigak.operations.search` widens them with
the person registry's other spellings of a name. The registry lookups it needs live here too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, exists, select, text
from sqlalchemy.orm import aliased

from aigak.store.schema import documents, person_keys, person_mentions, persons

__all__ = [
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "RANK_WINDOW",
    "AllOf",
    "AnyOf",
    "Match",
    "NamedMention",
    "SearchHit",
    "Words",
    "document_ids_matching",
    "documents_containing",
    "fold_word",
    "make_snippet",
    "mentions_named",
    "name_forms_of_person",
    "search_documents",
    "search_match",
    "words_of",
]

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
    """One ranked document for a query, with a snippet whose matches are between the markers.

    Attributes:
        via: the labels of the added alternatives (other spellings of a name) this document contains.
    """

    document_id: int
    title: str | None
    filename: str
    snippet: str
    rank: float
    via: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Words:
    """Words that must all occur in a document; the last one may be a prefix.

    Attributes:
        words: `\\w+` words (`words_of` gives them from free text).
        prefix: whether the last word also matches longer words it begins.
        label: how to name this alternative to the user when it was added to what they typed
            (`SearchHit.via` lists the labels a document contains); None for the typed words.
    """

    words: tuple[str, ...]
    prefix: bool = False
    label: str | None = None


@dataclass(frozen=True, slots=True)
class AnyOf:
    """At least one of the options must match."""

    options: tuple[Match, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    """Every part must match."""

    parts: tuple[Match, ...]


Match = Words | AnyOf | AllOf
"""A search: words, and alternatives or conjunctions of them."""


@dataclass(frozen=True, slots=True)
class NamedMention:
    """A registry mention whose name keys a search asked for: its person and the names it is written with."""

    mention_id: int
    person_id: int
    person_name: str
    names: tuple[str, ...]


def words_of(query: str) -> list[str]:
    """The words of a free-text query, as search matches them."""
    return _WORD.findall(query)


def fold_word(word: str) -> str:
    """Case- and accent-insensitive form, as the full-text indexes compare words."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def _leaves(match: Match) -> Iterator[Words]:
    if isinstance(match, Words):
        yield match
        return
    for child in match.options if isinstance(match, AnyOf) else match.parts:
        yield from _leaves(child)


def _highlighted(match: Match) -> tuple[set[str], set[str]]:
    """The folded words a snippet highlights whole, and those it highlights as prefixes."""
    whole: set[str] = set()
    prefixes: set[str] = set()
    for leaf in _leaves(match):
        for i, w in enumerate(leaf.words):
            (prefixes if leaf.prefix and i == len(leaf.words) - 1 else whole).add(fold_word(w))
    return whole, prefixes


def _snippet(text_: str, whole: set[str], prefixes: set[str], context_words: int) -> str:
    tokens = list(_WORD.finditer(text_))

    def hit(m: re.Match[str]) -> bool:
        folded = fold_word(m.group())
        return folded in whole or any(folded.startswith(p) for p in prefixes if p)

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


def make_snippet(text_: str, words: list[str], *, context_words: int = SNIPPET_WORDS) -> str:
    """A short passage around the first match, every matching word between the highlight markers.

    Words match whole, except the last query word, which matches as a prefix (as search does).
    """
    prefix = {fold_word(words[-1])} if words else set()
    return _snippet(text_, {fold_word(w) for w in words[:-1]}, prefix, context_words)


def _contains(folded_tokens: set[str], leaf: Words) -> bool:
    """Whether a text with these folded tokens has every word of `leaf` (the last as a prefix if so)."""
    for i, w in enumerate(leaf.words):
        f = fold_word(w)
        if leaf.prefix and i == len(leaf.words) - 1:
            if not any(t.startswith(f) for t in folded_tokens):
                return False
        elif f not in folded_tokens:
            return False
    return True


def _with_snippets(conn: Connection, ranks: dict[int, float], match: Match) -> list[SearchHit]:
    """Hits for the ranked ids, best first, with snippets built from the stored text."""
    if not ranks:
        return []
    whole, prefixes = _highlighted(match)
    labelled = [leaf for leaf in _leaves(match) if leaf.label]
    rows = conn.execute(select(documents.c.id, documents.c.title, documents.c.filename, documents.c.text)
                        .where(documents.c.id.in_(list(ranks)))).all()
    hits = []
    for r in rows:
        via: tuple[str, ...] = ()
        if labelled:
            tokens = {fold_word(w) for w in _WORD.findall(f"{r.title or ''} {r.text}")}
            via = tuple(dict.fromkeys(leaf.label for leaf in labelled if leaf.label and _contains(tokens, leaf)))
        hits.append(SearchHit(r.id, r.title, r.filename, _snippet(r.text, whole, prefixes, SNIPPET_WORDS),
                              ranks[r.id], via))
    return sorted(hits, key=lambda h: (-h.rank, h.document_id))


def _fts5(match: Match) -> str:
    """FTS5 syntax for a match: every word a quoted string (so no operator can come from user text)."""
    if isinstance(match, Words):
        parts = ['"' + w.replace('"', "") + '"' for w in match.words]
        if match.prefix:
            parts[-1] += "*"
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"
    joiner, children = (" OR ", match.options) if isinstance(match, AnyOf) else (" AND ", match.parts)
    rendered = [_fts5(c) for c in children]
    return rendered[0] if len(rendered) == 1 else "(" + joiner.join(rendered) + ")"


def _tsquery(match: Match) -> str:
    """tsquery syntax for a match: `\\w+` words carry no tsquery syntax of their own."""
    if isinstance(match, Words):
        parts = list(match.words)
        if match.prefix:
            parts[-1] += ":*"
        return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"
    joiner, children = (" | ", match.options) if isinstance(match, AnyOf) else (" & ", match.parts)
    rendered = [_tsquery(c) for c in children]
    return rendered[0] if len(rendered) == 1 else "(" + joiner.join(rendered) + ")"


def _clean(match: Match) -> Match | None:
    """The match with words reduced to `\\w+` words and empty branches dropped (None when nothing is left)."""
    if isinstance(match, Words):
        words = tuple(w for word in match.words for w in _WORD.findall(word))
        return Words(words, match.prefix, match.label) if words else None
    children = [c for c in (_clean(x) for x in (match.options if isinstance(match, AnyOf) else match.parts)) if c]
    if not children:
        return None
    return AnyOf(tuple(children)) if isinstance(match, AnyOf) else AllOf(tuple(children))


def search_documents(conn: Connection, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Documents matching every word of `query`, best first, with highlighted snippets.

    The query is plain words; operators and punctuation are treated as text, so user input can
    never change the shape of the SQL or the full-text syntax.
    """
    words = tuple(words_of(query))
    return search_match(conn, Words(words, prefix=True), limit=limit, offset=offset) if words else []


def search_match(conn: Connection, match: Match, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Documents satisfying a match tree, best first, with snippets highlighting every word of the tree.

    Only the newest `RANK_WINDOW` matches (more when paging deeper) are ranked; see `RANK_WINDOW`.
    """
    cleaned = _clean(match)
    return [] if cleaned is None else _with_snippets(conn, _ranked(conn, cleaned, limit, offset), cleaned)


def document_ids_matching(conn: Connection, match: Match, *, limit: int = 1000) -> list[int]:
    """The ids of the best documents for a match tree, as `search_match` ranks them, without snippets."""
    cleaned = _clean(match)
    ranks = {} if cleaned is None else _ranked(conn, cleaned, limit, 0)
    return sorted(ranks, key=lambda i: (-ranks[i], i))


def _ranked(conn: Connection, match: Match, limit: int, offset: int) -> dict[int, float]:
    """The page of matching document ids with their rank (higher is better)."""
    window = max(RANK_WINDOW, offset + limit)
    if conn.dialect.name == "sqlite":
        q = _fts5(match)
        # Ranking costs a little for every matching document; a word found in most of an archive
        # would make every search as slow as the archive is large. So only the newest `window`
        # matches are ranked (the floor is found on the index alone, without ranking), and
        # snippets are built only for the page of results.
        floor = conn.execute(text(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q ORDER BY rowid DESC "
            "LIMIT 1 OFFSET :last"), {"q": q, "last": window - 1}).scalar() or 0
        top = conn.execute(text(
            "SELECT rowid, rank FROM documents_fts WHERE documents_fts MATCH :q AND rowid >= :floor "
            "ORDER BY rank LIMIT :limit OFFSET :offset"),
            {"q": q, "floor": floor, "limit": limit, "offset": offset}).all()
        return {r.rowid: -float(r.rank) for r in top}
    tsq = _tsquery(match)
    # Rank on the stored vector, over the newest `window` matches only (see RANK_WINDOW), cut to
    # the page, and only then build snippets for those rows.
    floor = conn.execute(text(
        "SELECT id FROM documents, to_tsquery('simple', :q) q WHERE search_vector @@ q "
        "ORDER BY id DESC OFFSET :last LIMIT 1"), {"q": tsq, "last": window - 1}).scalar() or 0
    top = conn.execute(text(
        "SELECT id, ts_rank(search_vector, q) AS rank FROM documents, to_tsquery('simple', :q) q "
        "WHERE search_vector @@ q AND id >= :floor ORDER BY rank DESC, id LIMIT :limit OFFSET :offset"),
        {"q": tsq, "floor": floor, "limit": limit, "offset": offset}).all()
    return {r.id: float(r.rank) for r in top}


def documents_containing(conn: Connection, words: Iterable[str], *, prefix: bool = False) -> set[str]:
    """Which of these single words occur in at least one document (one index probe each); with
    `prefix`, which begin a word of some document."""
    found: set[str] = set()
    for word in dict.fromkeys(words):
        if not _WORD.fullmatch(word):
            continue
        if conn.dialect.name == "sqlite":
            hit = conn.execute(text("SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q LIMIT 1"),
                               {"q": _fts5(Words((word,), prefix=prefix))}).first()
        else:
            hit = conn.execute(text("SELECT id FROM documents WHERE search_vector @@ to_tsquery('simple', :q) "
                                    "LIMIT 1"), {"q": word + (":*" if prefix else "")}).first()
        if hit is not None:
            found.add(word)
    return found


def _names_of(name: str | None, features: object) -> tuple[str, ...]:
    names = [name] if name else []
    if isinstance(features, dict):
        names += [n for n in features.get("names") or [] if isinstance(n, str)]
    return tuple(dict.fromkeys(n.strip() for n in names if n and n.strip()))


def mentions_named(conn: Connection, keys: Sequence[str], *, limit: int = 60) -> list[NamedMention]:
    """The newest registry mentions (of named persons in their own right) that carry every one of `keys`.

    Read through the key index from the first key, newest first, and cut at `limit`, so a name
    borne by thousands of mentions costs no more than a rare one.
    """
    if not keys:
        return []
    first = aliased(person_keys)
    stmt = (select(person_mentions.c.id, person_mentions.c.person_id, person_mentions.c.name,
                   person_mentions.c.features, persons.c.display_name)
            .select_from(first.join(person_mentions, person_mentions.c.id == first.c.mention_id)
                         .join(persons, persons.c.id == person_mentions.c.person_id))
            .where(first.c.key == keys[0], persons.c.merged_into.is_(None), persons.c.is_named.is_(True)))
    for key in keys[1:]:
        other = aliased(person_keys)
        stmt = stmt.where(exists().where(other.c.mention_id == person_mentions.c.id, other.c.key == key))
    stmt = stmt.order_by(first.c.mention_id.desc()).limit(limit)
    return [NamedMention(int(r.id), int(r.person_id), str(r.display_name), _names_of(r.name, r.features))
            for r in conn.execute(stmt)]


def name_forms_of_person(conn: Connection, person_id: int, *, limit: int = 100) -> list[str]:
    """The names a person's mentions are written with (at most `limit` mentions read), most used first."""
    counts: dict[str, int] = {}
    rows = conn.execute(select(person_mentions.c.name, person_mentions.c.features)
                        .where(person_mentions.c.person_id == person_id).limit(limit))
    for r in rows:
        for n in _names_of(r.name, r.features):
            counts[n] = counts.get(n, 0) + 1
    return sorted(counts, key=lambda n: -counts[n])
