"""Document search that finds a person's sources under any spelling or script of their name.

What was typed is searched as it is, and also: each typed word as another script would write it
(`Турсынбеккызы`/`Tursynbekkyzy`; kept only when some document has it), and, when the words name
people in the registry (the same folded-name keys `aigak people --query` matches on), those people's
other spellings of the typed words and their other full names (`Aygerim Tursinbekqizi`, a Chinese
transcription). Every addition is reported, so the user knows why a document matched; `exact=True`
searches the typed words only. The widening is bounded: a few people per name, a few forms each, read
through indexes (the registry's key index, one full-text probe per guessed spelling).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from aigak.operations.scripts import other_script_spellings
from aigak.resolve.names import Script, detect_script, fold_token, parse_name, stem_token, token_similarity
from aigak.store.search import (
    AllOf,
    AnyOf,
    Match,
    NamedMention,
    SearchHit,
    Words,
    documents_containing,
    fold_word,
    mentions_named,
    name_forms_of_person,
    search_match,
    words_of,
)

__all__ = [
    "MAX_NAME_FORMS",
    "MAX_PERSONS",
    "MAX_SPELLINGS",
    "AddedForm",
    "DocumentSearch",
    "WidenedQuery",
    "describe_added",
    "russian_stem",
    "search_sources",
    "widen_query",
]

MAX_PERSONS = 3
"""People whose names widen one name of a query: those written exactly so (folded) first, then the most
mentioned among the newest mentions read."""
MAX_SPELLINGS = 6
"""Other spellings added for one typed word."""
MAX_NAME_FORMS = 6
"""Other full names added for one name of a query."""
_NAME_WORDS = 4
"""A query of at most this many words is first looked up as one name; otherwise (or when no one bears
it) its words are looked up one by one, the first `_NAME_WORDS` of them."""
_CANDIDATE_MENTIONS = 60
_SCRIPT_WORDS = 8
_MIN_STEM = 3
_SPELLING_SIMILARITY = 0.8


@dataclass(frozen=True, slots=True)
class AddedForm:
    """One spelling or name form searched besides what was typed.

    Attributes:
        form: the words added, as the sources write them (or as the other script would).
        stands_for: the typed words it stands in for.
        person_id: the person whose name it is; None for a typed word written in the other script.
        person_name: that person's display name.
        reason: why a form that is no person's name was added ("in the other script", "other endings").
    """

    form: str
    stands_for: str
    person_id: int | None = None
    person_name: str | None = None
    reason: str = "in the other script"

    @property
    def is_other_script(self) -> bool:
        """Whether this is a typed word in the other script rather than a name from the registry."""
        return self.person_id is None


@dataclass(frozen=True, slots=True)
class WidenedQuery:
    """A query ready to search: its match tree and what was added to the typed words."""

    query: str
    match: Match
    added: tuple[AddedForm, ...]


@dataclass(frozen=True, slots=True)
class DocumentSearch:
    """The answer to a document search: the hits, and the forms searched besides the typed words."""

    query: str
    exact: bool
    added: tuple[AddedForm, ...]
    hits: tuple[SearchHit, ...]


@dataclass(frozen=True, slots=True)
class _Person:
    id: int
    name: str
    forms: tuple[str, ...]


_RUSSIAN_ENDINGS = sorted(("ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ая", "яя", "ое", "ее", "ые", "ие",
                           "ой", "ей", "ий", "ый", "ом", "ем", "ах", "ях", "ов", "ев", "ам", "ям", "а", "я", "о",
                           "е", "ы", "и", "у", "ю", "ь", "й"), key=len, reverse=True)
_CYRILLIC_WORD = re.compile(r"[а-яёәғқңөұүһі]+")


def russian_stem(word: str) -> str | None:
    """A Cyrillic word without its case ending, to search its other forms by prefix: "Кульджа" finds
    "в Кульдже", "лагерь" finds "в лагере". None for other words and for words too short to cut
    (a stem under four letters would match far too much)."""
    low = word.lower()
    if len(low) < 5 or not _CYRILLIC_WORD.fullmatch(low):
        return None
    for ending in _RUSSIAN_ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= 4:
            return low[: -len(ending)]
    return None


def _stem(word: str) -> str:
    """The folded stem of one typed word ('' when it is no name: too short, a title, digits)."""
    form = parse_name(word)
    stem = form.stems[0] if len(form.stems) == 1 else ""
    return stem if len(stem) >= _MIN_STEM and stem.isalpha() else ""


def _written_exactly(mention: NamedMention, folds: Sequence[str]) -> bool:
    """Whether one of the mention's names has every typed word, compared in the folded alphabet."""
    return any(set(folds) <= {fold_token(t) for t in words_of(n)} for n in mention.names)


def _choose_persons(conn: Connection, mentions: Sequence[NamedMention], words: Sequence[str]) -> list[_Person]:
    """The few people the words most likely name: written exactly so first, then by mentions read."""
    folds = [fold_token(w) for w in words]
    seen: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for m in mentions:
        score = seen.setdefault(m.person_id, [0, 0])
        score[0] |= _written_exactly(m, folds)
        score[1] += 1
        names[m.person_id] = m.person_name
    if any(exact for exact, _ in seen.values()):
        seen = {pid: s for pid, s in seen.items() if s[0]}
    chosen = sorted(seen, key=lambda pid: (-seen[pid][0], -seen[pid][1], pid))[:MAX_PERSONS]
    return [_Person(pid, names[pid], tuple(name_forms_of_person(conn, pid))) for pid in chosen]


def _spellings(word: str, people: Sequence[_Person]) -> list[tuple[str, _Person]]:
    """The people's written name words that are the typed word in another spelling or script."""
    stem, fold, typed = _stem(word), fold_token(word), fold_word(word)
    if not stem:
        return []
    found: dict[str, tuple[str, _Person]] = {}
    for person in people:
        for form in person.forms:
            for token in words_of(form):
                if fold_word(token) == typed or fold_word(token) in found or detect_script(token) is Script.HAN:
                    continue
                folded = fold_token(token)
                other = stem_token(folded) if len(folded) >= _MIN_STEM else ""
                if other and (folded == fold or token_similarity(other, stem) >= _SPELLING_SIMILARITY):
                    found[fold_word(token)] = (token, person)
    return list(found.values())[:MAX_SPELLINGS]


def _name_forms(words: Sequence[str], people: Sequence[_Person], covered: Sequence[set[str]]) -> list[tuple[str, _Person]]:
    """The people's full names that do not already contain each typed word or one of its spellings.

    `covered[i]` holds the folded words that stand for typed word `i`. Forms differing only in case
    or accents count once, and a form that merely adds words to a kept one is left out."""
    candidates: list[tuple[frozenset[str], str, _Person]] = []
    for person in people:
        for form in person.forms:
            if not parse_name(form).is_full:
                continue
            folded = frozenset(fold_word(w) for w in words_of(form))
            if all(folded & c for c in covered[: len(words)]):
                continue  # the typed words (or their spellings) find it already
            candidates.append((folded, form, person))
    kept: list[tuple[frozenset[str], str, _Person]] = []
    for folded, form, person in candidates:
        if any(other < folded for other, _, _ in candidates) or any(k[0] == folded for k in kept):
            continue
        kept.append((folded, form, person))
    return [(form, person) for _, form, person in kept[:MAX_NAME_FORMS]]


def _people_named(conn: Connection, words: Sequence[str]) -> list[_Person]:
    stems = [_stem(w) for w in words]
    if not stems or not all(stems):
        return []
    keys = sorted({f"t|{s}" for s in stems}, key=len, reverse=True)  # the longest stem is the rarest
    return _choose_persons(conn, mentions_named(conn, keys, limit=_CANDIDATE_MENTIONS), words)


def widen_query(conn: Connection, query: str, *, exact: bool = False) -> WidenedQuery:
    """The search for `query`: its words, widened (unless `exact`) with other spellings and scripts.

    Args:
        conn: a read connection.
        query: free text; every word must occur (the last may be a prefix), or a form that stands for it.
        exact: search the typed words only.

    Returns:
        The match tree to search and the forms added, in the order they were added.
    """
    words = words_of(query)
    typed = Words(tuple(words), prefix=True)
    if exact or not words:
        return WidenedQuery(query, typed, ())
    whole = _people_named(conn, words) if len(words) <= _NAME_WORDS else []
    segments: list[tuple[list[int], list[_Person]]] = []
    if whole:
        segments.append((list(range(len(words))), whole))
    else:
        looked_up = [i for i, w in enumerate(words) if _stem(w)][:_NAME_WORDS]
        segments += [([i], people) for i in looked_up if (people := _people_named(conn, [words[i]]))]
    person_of_word = {i: people for indexes, people in segments for i in indexes}

    added: list[AddedForm] = []
    scripts = _other_scripts(conn, words)
    options: list[list[Match]] = []
    covered: list[set[str]] = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        alternatives: list[Match] = [Words((word,), prefix=last)]
        folds = {fold_word(word)}
        for token, person in _spellings(word, person_of_word.get(i, [])):
            alternatives.append(Words((token,), label=token))
            folds.add(fold_word(token))
            added.append(AddedForm(token, word, person.id, person.name))
        for spelling in scripts.get(i, []):
            if fold_word(spelling) not in folds:
                alternatives.append(Words((spelling,), prefix=last, label=spelling))
                folds.add(fold_word(spelling))
                added.append(AddedForm(spelling, word))
        # a person's name is widened by their own spellings above; other words by their case endings
        stem = russian_stem(word) if i not in person_of_word else None
        if stem is not None:
            added.append(AddedForm(f"{stem}…", word, reason="other endings"))
            if last:  # the typed word, already a prefix, is one of the stem's words
                alternatives[0] = Words((stem,), prefix=True)
            else:
                alternatives.append(Words((stem,), prefix=True, label=f"{stem}…"))
        options.append(alternatives)
        covered.append(folds)

    clauses: list[Match] = []
    in_segment: set[int] = set()
    for indexes, people in segments:
        core: Match = AllOf(tuple(AnyOf(tuple(options[i])) for i in indexes))
        forms = _name_forms([words[i] for i in indexes], people, [covered[i] for i in indexes])
        stands_for = " ".join(words[i] for i in indexes)
        for form, person in forms:
            added.append(AddedForm(form, stands_for, person.id, person.name))
        clauses.append(AnyOf((core, *[Words(tuple(words_of(f)), label=f) for f, _ in forms])) if forms else core)
        in_segment.update(indexes)
    clauses += [AnyOf(tuple(options[i])) for i in range(len(words)) if i not in in_segment]
    return WidenedQuery(query, AllOf(tuple(clauses)), tuple(added))


def _other_scripts(conn: Connection, words: Sequence[str]) -> dict[int, list[str]]:
    """Each typed word in the other script, where some document writes it so (the last as a prefix)."""
    guesses = {i: other_script_spellings(w) for i, w in enumerate(words[:_SCRIPT_WORDS])}
    last = len(words) - 1
    whole = documents_containing(conn, [g for i, gs in guesses.items() if i != last for g in gs])
    begun = documents_containing(conn, guesses.get(last, []), prefix=True)
    return {i: [g for g in gs if g in (begun if i == last else whole)] for i, gs in guesses.items() if gs}


def search_sources(conn: Connection, query: str, *, limit: int = 20, offset: int = 0,
                   exact: bool = False) -> DocumentSearch:
    """Documents for a query, best first, under any spelling or script of the names in it.

    Args:
        conn: a read connection.
        query: free text.
        limit, offset: the page.
        exact: search only the typed words.

    Returns:
        The hits (each with the added forms it contains in `via`) and every form added.
    """
    widened = widen_query(conn, query, exact=exact)
    hits = search_match(conn, widened.match, limit=limit, offset=offset)
    return DocumentSearch(query=query, exact=exact, added=widened.added, hits=tuple(hits))


def describe_added(added: Sequence[AddedForm]) -> list[str]:
    """The added forms in words, one line per typed word and person they come from:
    `Турсынбеккызы: Tursynbekkyzy, Tursinbekqizi (names of #1 Aigerim Tursynbekkyzy)`."""
    groups: dict[tuple[str, int | None], list[AddedForm]] = {}
    for a in added:
        groups.setdefault((a.stands_for, a.person_id), []).append(a)
    lines = []
    for (typed, person_id), forms in groups.items():
        why = forms[0].reason if person_id is None else f"names of #{person_id} {forms[0].person_name}"
        lines.append(f"{typed}: {', '.join(f.form for f in forms)} ({why})")
    return lines
