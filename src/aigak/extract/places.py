"""Place names in running text, found with the shipped gazetteers (`data/places_*.tsv`).

Each gazetteer row is one place: its canonical English name, its kind, the country it lies in, and
every spelling we are confident is real (English, pinyin, Kazakh, Uyghur, Russian, Cyrillic). All
spellings go into one compiled regex shaped as a character trie, so scanning a text costs one pass
of the regex engine whatever the gazetteer's size, and the first alternative that matches at a
position is the longest one ("North Kazakhstan" before "Kazakhstan").

Matching is case-sensitive, because capitalisation is what tells "Turkey" from "turkey"; a spelling
also matches in upper case (datelines: "KARAGANDA.") and with its generic words in either case
("Emin county", "Emin County"). A designator after a name ("Tacheng prefecture", "Kyzylsuu Kyrgyz
autonomous region") is taken into the match. Adjectives ("Kazakh", "Chinese") are not places: they
are in `aigak.extract.demonyms`.

The same module holds the small helpers the other gazetteer recognizers share: `read_table` (a TSV
from the package data) and `compile_phrase_pattern` (the trie regex).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import TypeAlias

from anyascii import anyascii

__all__ = [
    "PERSECUTION_COUNTRIES",
    "PLACE_KINDS",
    "PlaceMatch",
    "compile_phrase_pattern",
    "find_places",
    "fold",
    "lookup_place",
    "read_table",
]

PERSECUTION_COUNTRIES = frozenset({"CN"})
"""The country of persecution the case files and redaction reason about (ISO codes as the gazetteer
gives them): where the relatives left behind are, and where a return takes a person back."""
PLACE_KINDS: tuple[str, ...] = ("country", "region", "prefecture", "county", "city", "area")
"""The kinds a gazetteer row may have; "area" is a named geographic area (Siberia, Central Asia)."""

_PLACE_FILES = (
    "places_countries.tsv",
    "places_xinjiang.tsv",
    "places_kazakhstan.tsv",
    "places_kyrgyzstan.tsv",
    "places_uzbekistan.tsv",
    "places_world.tsv",
)

# Words whose capitalisation varies in running text ("Emin county" / "Emin County").
_GENERIC_WORDS = frozenset({
    "county", "prefecture", "region", "oblast", "province", "district", "city", "autonomous",
    "krai", "territory", "republic", "valley", "basin", "lake", "sea", "pass", "desert", "aimag",
    "mountains",
})
# A designator written after a place name: "Tacheng prefecture", "Kyzylsuu Kyrgyz autonomous region".
_DESIGNATOR = re.compile(
    r"(?:[ \u00a0](?:Kazakh|Kyrgyz|Kirghiz|Mongol|Mongolian|Hui|Uyghur|Uighur|Uygur|Tajik|Xibe))?"
    r"(?:[ \u00a0][Aa]utonomous)?"
    r"[ \u00a0](?:[Pp]refecture|[Rr]egion|[Cc]ounty|[Oo]blast|[Pp]rovince|[Dd]istrict|[Cc]ity)(?!\w)"
)
_DESIGNATOR_END = re.compile(
    r"(?:prefecture|region|county|oblast|province|district|city)$", re.IGNORECASE
)
# The same designator on a folded name, for lookups.
_FOLDED_DESIGNATOR = re.compile(
    r"(?: (?:kazakh|kyrgyz|kirghiz|mongol|mongolian|hui|uyghur|uighur|uygur|tajik|xibe))?"
    r"(?: autonomous)? (?:prefecture|region|county|oblast|province|district|city)$"
)
# Names written before a noun as adjectives ("U.S. officials") or that are also English words
# ("Oral hearings", "Reunion dinner"): a place only when not followed by a lower-case word other
# than these function words.
_ATTRIBUTIVE = frozenset({"US", "U.S.", "UK", "U.K.", "USSR", "Oral", "Reunion", "Jersey", "Bole"})
# Names that are also first names: not a place when a capitalised word follows ("Jordan Peterson").
_FIRST_NAMES = frozenset({"Chad", "Jordan", "Georgia", "Israel", "Samara", "Alar", "Ridder"})
_AFTER_NOUN = re.compile(r"[ \u00a0]([a-z]+)")
_AFTER_NAME = re.compile(r"[ \u00a0][A-Z][a-z]")
_FUNCTION_WORDS = frozenset({
    "and", "or", "but", "nor", "in", "on", "at", "to", "from", "for", "with", "by", "of", "as",
    "is", "was", "are", "were", "has", "had", "have", "will", "would", "could", "can", "may",
    "might", "should", "must", "did", "does", "said", "says", "since", "until", "after", "before",
    "where", "which", "who", "that", "than", "because", "if", "when", "while",
})
_Trie: TypeAlias = "dict[str, _Trie]"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʻ": "'", "ʼ": "'", "`": "'"})


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """One place named in a text, or a gazetteer entry found by `lookup_place`.

    Attributes:
        start, end: character offsets of the mention (end exclusive); 0, 0 for a lookup.
        text: the mention as written (`text[start:end]`); the queried name for a lookup.
        name: canonical English name ("Durbuljin county", "Xinjiang", "Almaty", "China").
        kind: one of `PLACE_KINDS`.
        country: ISO 3166-1 alpha-2 code of the country it lies in; the country's own code for a
            country; None for an area that spans several countries ("Central Asia").
        aliases: the gazetteer's other spellings, in all scripts, as listed.
    """

    start: int
    end: int
    text: str
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Place:
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    pattern: re.Pattern[str]
    by_surface: dict[str, _Place]
    by_folded: dict[str, _Place]


def read_table(filename: str) -> Iterator[list[str]]:
    """Yield the rows of a tab-separated file shipped in `aigak/extract/data/`.

    Lines starting with `#` are comments; the first other line is the header and is skipped.
    Cells are stripped; missing trailing cells come back as empty strings (width of the header).

    Args:
        filename: the file's name inside the data folder.

    Returns:
        An iterator of rows, each a list of cells.
    """
    text = resources.files("aigak.extract").joinpath("data", filename).read_text(encoding="utf-8")
    width = 0
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if not width:
            width = len(cells)
            continue
        yield cells + [""] * (width - len(cells))


def fold(text: str) -> str:
    """A spelling reduced for comparison: ASCII, lower case, one kind of apostrophe, single spaces.

    "Ürümqi" and "urumqi" fold alike, and so do "Nur-Sultan" and "nur sultan". Used for lookups,
    never for matching running text (where case carries meaning).
    """
    ascii_text = anyascii(text.translate(_APOSTROPHES)).casefold()
    return " ".join(re.sub(r"[^\w']+", " ", ascii_text).split())


def compile_phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Compile literal phrases into one regex that matches the longest phrase between word boundaries.

    The phrases are laid out as a character trie, so the regex engine follows one branch per
    character instead of trying every phrase, and at each node it tries to go on before it tries to
    stop: the first match found at a position is the longest one that ends at a word boundary.

    Args:
        phrases: the literal strings (case-sensitive; the caller adds case variants it wants).

    Returns:
        A compiled pattern; `finditer` gives leftmost-longest, non-overlapping matches.
    """
    trie: _Trie = {}
    for phrase in phrases:
        if not phrase:
            continue
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(r"(?<!\w)(?:" + _trie_regex(trie) + r")(?!\w)")


def _trie_regex(node: _Trie) -> str:
    is_end = "" in node
    branches = [re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if is_end:
        # Greedy optional: try to continue first, fall back to stopping here.
        return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
    return body


def _surface_variants(spelling: str) -> set[str]:
    """The ways one gazetteer spelling is written in running text."""
    words = spelling.split(" ")
    variants = {
        spelling,
        " ".join(w.lower() if w.lower() in _GENERIC_WORDS else w for w in words),
        " ".join(w[:1].upper() + w[1:] if w.lower() in _GENERIC_WORDS else w for w in words),
    }
    if "-" in spelling:
        spaced = re.sub(r"-(?=[A-ZÀ-Þ])", " ", spelling)
        variants.add(spaced)
    variants |= {v.replace("'", "’") for v in variants if "'" in v}
    variants |= {anyascii(v) for v in variants if not _CYRILLIC.search(v)}
    if sum(ch.isalpha() for ch in spelling) >= 4 and not spelling.isupper():
        variants.add(spelling.upper())
    return variants


def _load_places() -> list[_Place]:
    places = []
    for filename in _PLACE_FILES:
        for name, kind, country, aliases in read_table(filename):
            if kind not in PLACE_KINDS:
                raise ValueError(f"{filename}: unknown kind {kind!r} for {name!r}; use one of {PLACE_KINDS}")
            spellings = tuple(a for a in aliases.split("|") if a and a != name)
            places.append(_Place(name=name, kind=kind, country=country or None, aliases=spellings))
    return places


@functools.cache
def _gazetteer() -> _Gazetteer:
    by_surface: dict[str, _Place] = {}
    by_folded: dict[str, _Place] = {}
    for place in _load_places():
        for spelling in (place.name, *place.aliases):
            by_folded.setdefault(fold(spelling), place)
            for variant in _surface_variants(spelling):
                by_surface.setdefault(variant, place)
    return _Gazetteer(compile_phrase_pattern(by_surface), by_surface, by_folded)


def _match(place: _Place, text: str, start: int, end: int) -> PlaceMatch:
    return PlaceMatch(start=start, end=end, text=text[start:end], name=place.name, kind=place.kind,
                      country=place.country, aliases=place.aliases)


def find_places(text: str) -> list[PlaceMatch]:
    """Find every place the gazetteers know in `text`, longest match first, without overlaps.

    Args:
        text: any text (a whole document is fine: the cost is one regex pass).

    Returns:
        Matches in text order. A designator after a sub-national name is part of the match
        ("Tacheng prefecture"); a spelling the gazetteer lists with its designator wins over the
        bare name plus designator ("Karaganda Region" is the region, "Karaganda" the city).
    """
    gazetteer = _gazetteer()
    found: list[PlaceMatch] = []
    last_end = 0
    for m in gazetteer.pattern.finditer(text):
        if m.start() < last_end:
            continue
        place = gazetteer.by_surface[m.group()]
        end = m.end()
        if m.group() in _ATTRIBUTIVE and _is_attributive(text, end):
            continue
        if text.startswith("$", end):
            continue  # "US$137", "HK$50": a currency sign, not a place
        if m.group() in _FIRST_NAMES and _AFTER_NAME.match(text, end):
            continue
        if place.kind != "country" and not _DESIGNATOR_END.search(m.group()):
            designator = _DESIGNATOR.match(text, end)
            if designator:
                end = designator.end()
        found.append(_match(place, text, m.start(), end))
        last_end = end
    return found


def _is_attributive(text: str, end: int) -> bool:
    following = _AFTER_NOUN.match(text, end)
    return following is not None and following.group(1) not in _FUNCTION_WORDS


def lookup_place(name: str) -> PlaceMatch | None:
    """The gazetteer entry for a spelling, ignoring case, diacritics, script and a trailing designator.

    Args:
        name: any spelling ("urumqi", "Үрімжі", "Tacheng prefecture", "XUAR").

    Returns:
        A `PlaceMatch` with offsets 0, 0 and `text` set to `name`, or None when the name is unknown.
    """
    gazetteer = _gazetteer()
    key = fold(name)
    place = gazetteer.by_folded.get(key)
    if place is None and _FOLDED_DESIGNATOR.search(key):
        place = gazetteer.by_folded.get(_FOLDED_DESIGNATOR.sub("", key))
    if place is None:
        return None
    return PlaceMatch(start=0, end=0, text=name, name=place.name, kind=place.kind,
                      country=place.country, aliases=place.aliases)
