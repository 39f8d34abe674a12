"""Nationality and ethnicity words: "Chinese" → China, "Kazakh" → Kazakhstan and the Kazakh people.

These words are not places ("Kazakh authorities" names no place) but they carry a person's
citizenship or ethnicity, and they qualify organizations ("Kazakh Foreign Ministry"). The tables
are `data/places_demonyms.tsv` (country ← demonyms) and `data/ethnicities.tsv` (people ←
spellings). The same word can be both: "Kazakh" is a citizen of Kazakhstan or a member of the
Kazakh people whatever their passport; which one a sentence means is the caller's decision.
"""

from __future__ import annotations

import functools
import re

from aigak.extract.places import fold, read_table

__all__ = ["DEMONYM_WORDS", "ETHNICITY_WORDS", "country_of_demonym", "ethnicity_of"]

# Plurals are not formed for words ending like these ("Chinese", "Swiss", "Kyrgyz", "French").
_NO_PLURAL = re.compile(r"(?:s|x|z|sh|ch|ese)$")
_LATIN = re.compile(r"^[A-Za-z' .-]+$")


def _with_plural(word: str) -> tuple[str, ...]:
    if (_LATIN.match(word) and not word.isupper() and not _NO_PLURAL.search(word)
            and not word.endswith(("men", "."))):
        return (word, word + "s")
    return (word,)


@functools.cache
def _demonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for country, demonyms in read_table("places_demonyms.tsv"):
        for demonym in demonyms.split("|"):
            for form in _with_plural(demonym):
                table.setdefault(form, country)
    return table


@functools.cache
def _ethnicities() -> dict[str, str]:
    table: dict[str, str] = {}
    for name, spellings in read_table("ethnicities.tsv"):
        for spelling in (name, *spellings.split("|")):
            if spelling:
                table.setdefault(spelling, name)
    return table


@functools.cache
def _folded(kind: str) -> dict[str, str]:
    table = _demonyms() if kind == "demonym" else _ethnicities()
    return {fold(word): value for word, value in table.items()}


def _look_up(kind: str, word: str) -> str | None:
    exact = (_demonyms() if kind == "demonym" else _ethnicities()).get(word.strip())
    return exact if exact is not None else _folded(kind).get(fold(word))


def country_of_demonym(word: str) -> str | None:
    """The country a nationality word refers to, by its canonical place name.

    Args:
        word: "Chinese", "Kazakhstani", "Kazakh", "Syrians", "Russian", "Kyrgyz" (any case).

    Returns:
        The canonical country name as `aigak.extract.places` spells it ("China", "Kazakhstan"),
        or None for a word that is not a known demonym.
    """
    return _look_up("demonym", word)


def ethnicity_of(word: str) -> str | None:
    """The canonical name of the ethnic group a word names, singular or plural, in any listed spelling.

    Args:
        word: "Kazakh", "Kazaks", "Qazaq", "Uighur", "Kirghiz", "Hui", "Dungans" (any case).

    Returns:
        "Kazakh", "Uyghur", "Kyrgyz", ... or None when the word names no listed group.
    """
    return _look_up("ethnicity", word)


DEMONYM_WORDS: frozenset[str] = frozenset(_demonyms())
"""Every demonym spelling as written in the table, with regular plurals ("Kazakhstanis")."""

ETHNICITY_WORDS: frozenset[str] = frozenset(_ethnicities())
"""Every ethnicity spelling as written in the table, canonical names included."""
