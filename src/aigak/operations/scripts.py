"""A word in the other script: Cyrillic (and other non-Latin letters) in Latin, Latin in Cyrillic.

Search uses these as guesses at how another source may have written a typed word (`Текес`/`Tekes`,
`Aygerim`/`Айгерим`); it keeps only the guesses some document contains, so a wrong one costs nothing.
Latin is spelled the Russian way and, where the word has letters only Kazakh spells differently
(`q`, `gh`, `-uly`, `-kyzy`), also the Kazakh way.
"""

from __future__ import annotations

from anyascii import anyascii

from aigak.resolve.names import Script, detect_script

__all__ = ["in_cyrillic", "in_latin", "other_script_spellings"]

_VOWELS = frozenset("aeiouyäöüı")
_LATIN_GROUPS: tuple[tuple[str, str], ...] = (
    # longest first; `y` and `i` after a vowel are handled in `_cyrillic`
    ("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"), ("yu", "ю"),
    ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("gh", "г"),
)
_LATIN_LETTERS = {
    "a": "а", "b": "б", "c": "ц", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "ж",
    "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р", "s": "с", "t": "т",
    "u": "у", "v": "в", "w": "у", "x": "х", "y": "ы", "z": "з", "ä": "ә", "ö": "ө", "ü": "ү", "ı": "ы",
}
_KAZAKH_LETTERS = {"q": "қ", "gh": "ғ"}
_KAZAKH_ENDINGS = (("uly", "ұлы"), ("kyzy", "қызы"), ("qyzy", "қызы"), ("kizi", "қызы"), ("qizi", "қызы"))


def _cyrillic(word: str, *, kazakh: bool) -> str:
    low = word.lower()
    ending = ""
    if kazakh:
        for latin, cyr in _KAZAKH_ENDINGS:
            if low.endswith(latin) and len(low) > len(latin) + 2:
                low, ending = low[: -len(latin)], cyr
                break
    out: list[str] = []
    i = 0
    while i < len(low):
        for group, cyr in _LATIN_GROUPS:
            if low.startswith(group, i):
                out.append(_KAZAKH_LETTERS.get(group, cyr) if kazakh else cyr)
                i += len(group)
                break
        else:
            ch = low[i]
            after_vowel = i > 0 and low[i - 1] in _VOWELS
            before_vowel = i + 1 < len(low) and low[i + 1] in _VOWELS
            if ch in "yi" and after_vowel and not before_vowel:
                out.append("й")  # Aygerim, Aigerim -> Айгерим; Baimurat -> Баймурат
            elif kazakh and ch in _KAZAKH_LETTERS:
                out.append(_KAZAKH_LETTERS[ch])
            else:
                out.append(_LATIN_LETTERS.get(ch, ch))
            i += 1
    text = "".join(out) + ending
    return text[:1].upper() + text[1:] if word[:1].isupper() else text


def in_cyrillic(word: str) -> list[str]:
    """A Latin word spelled in Cyrillic: the Russian way, then the Kazakh way when that differs."""
    if detect_script(word) is not Script.LATIN:
        return []
    spellings = [_cyrillic(word, kazakh=False), _cyrillic(word, kazakh=True)]
    return list(dict.fromkeys(s for s in spellings if s != word))


def in_latin(word: str) -> list[str]:
    """A word in another script (Cyrillic, Arabic, Greek, …) in Latin letters; nothing for Chinese,
    which the person registry reads with its own transcription table."""
    if detect_script(word) in (Script.LATIN, Script.HAN, Script.MIXED):
        return []
    latin = anyascii(word)
    return [latin] if latin and latin != word and latin.isascii() and latin.replace("'", "").isalnum() else []


def other_script_spellings(word: str) -> list[str]:
    """How the word may be written in the other script (empty for digits and mixed words)."""
    return in_cyrillic(word) if detect_script(word) is Script.LATIN else in_latin(word)
