"""Bytes to text: detect the encoding, refuse what cannot be decoded, and fix line endings."""

from __future__ import annotations

import codecs
from collections import Counter

from charset_normalizer import CharsetMatch, CharsetMatches, from_bytes

from aigak.core.errors import IngestError

__all__ = ["decode_text", "normalize_newlines", "utf16_without_bom"]

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def normalize_newlines(text: str) -> str:
    """CRLF and CR to LF, as Python's text mode reads files, so offsets agree with other tools."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


_PREFERRED = ("cp1252", "latin_1", "cp1251", "koi8_r", "mac_cyrillic", "cp1254", "gb18030", "big5")
"""Among equally plausible decodings (ties are common for short texts), the most widely used wins."""


def _pick(matches: CharsetMatches) -> CharsetMatch | None:
    best = matches.best()
    if best is None:
        return None
    tied = [m for m in matches if m.chaos <= best.chaos and m.coherence >= best.coherence - 0.01]
    for name in _PREFERRED:
        for m in tied:
            if m.encoding == name:
                return m
    return best


def utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for text saved as UTF-16 without a byte-order mark (some Windows tools
    do), told by the high byte of each character, which takes only a few values (0x00 for Latin letters,
    digits and spaces, 0x04 for Cyrillic), while the low byte varies; None otherwise."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    half = len(head) // 2
    for encoding, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        # the high byte of each letter is one of few values: 0x00 (Latin, digits, spaces), 0x04 (Cyrillic)
        common = sum(n for _, n in Counter(high).most_common(3))
        if high.count(0) >= 0.05 * half and common >= 0.95 * half and low.count(0) <= 0.02 * half:
            try:
                text = data[: len(data) - len(data) % 2].decode(encoding)
            except UnicodeDecodeError:
                return None
            controls = sum(1 for c in text[:2048] if ord(c) < 32 and c not in "\t\n\r")
            return encoding if controls <= max(4, len(text[:2048]) // 50) else None
    return None


_CJK_GUESSES = ("shift_jis", "euc", "gb", "big5", "cp932", "cp949", "cp950", "iso2022", "johab", "hz")
_CYRILLIC_SINGLE_BYTE = ("cp1251", "koi8_r", "mac_cyrillic", "cp866")


def _cyrillic_reading(data: bytes) -> tuple[str, str] | None:
    """A short Russian or Kazakh text in a one-byte Cyrillic encoding, which the detector may take for
    Japanese or Chinese: the reading whose Cyrillic letters are nearly all lower case between spaces, as
    running text is (a wrong Cyrillic code page swaps the cases; CJK bytes read as Cyrillic mix them)."""
    best: tuple[float, str, str] | None = None
    for encoding in _CYRILLIC_SINGLE_BYTE:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        visible = [c for c in text if not c.isspace() and not c.isdigit()]
        letters = [c for c in visible if c.isalpha()]
        cyrillic = [c for c in letters if "\u0400" <= c <= "\u04ff"]
        if not letters or len(letters) < 0.8 * len(visible) or len(cyrillic) < 0.6 * len(letters):
            continue
        lower = sum(1 for c in cyrillic if c.islower()) / len(cyrillic)
        words = text.split()
        if lower >= 0.75 and words and sum(map(len, words)) / len(words) <= 12 and (best is None or lower > best[0]):
            best = (lower, text, encoding)
    return (best[1], best[2]) if best else None


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM) first, then the detected encoding.

    Returns:
        The text (newlines normalized, no BOM) and the encoding used.

    Raises:
        IngestError: no encoding decodes the bytes into readable text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return normalize_newlines(data.decode(encoding).lstrip("\ufeff")), encoding
            except UnicodeDecodeError as exc:
                raise IngestError(filename, f"starts with a {encoding} byte-order mark but does not "
                                  f"decode as {encoding} ({exc.reason}); re-save it as UTF-8") from exc
    wide = utf16_without_bom(data)  # before UTF-8, which takes NUL bytes too
    if wide is not None:
        return normalize_newlines(data[: len(data) - len(data) % 2].decode(wide)), wide
    try:
        return normalize_newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    best = _pick(from_bytes(data))
    if best is None or best.encoding is None or best.encoding.startswith(_CJK_GUESSES):
        cyrillic = _cyrillic_reading(data)
        if cyrillic is not None:
            return normalize_newlines(cyrillic[0]), cyrillic[1]
    if best is None or best.encoding is None:
        raise IngestError(filename, "the text encoding could not be recognized; re-save it as UTF-8")
    text = str(best)
    if "\ufffd" in text or not text.strip():
        raise IngestError(filename, f"the bytes do not decode cleanly (best guess {best.encoding}); "
                          "re-save it as UTF-8")
    return normalize_newlines(text), best.encoding
