"""Bytes to text: detect the encoding, refuse what cannot be decoded, and fix line endings."""

from __future__ import annotations

import codecs

from charset_normalizer import CharsetMatch, CharsetMatches, from_bytes

from aigak.core.errors import IngestError

__all__ = ["decode_text", "normalize_newlines"]

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
    try:
        return normalize_newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    best = _pick(from_bytes(data))
    if best is None or best.encoding is None:
        raise IngestError(filename, "the text encoding could not be recognized; re-save it as UTF-8")
    text = str(best)
    if "\ufffd" in text or not text.strip():
        raise IngestError(filename, f"the bytes do not decode cleanly (best guess {best.encoding}); "
                          "re-save it as UTF-8")
    return normalize_newlines(text), best.encoding
