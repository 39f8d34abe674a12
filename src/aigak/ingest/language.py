"""Guess a text's language, deterministically, without any model download."""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect

__all__ = ["MIN_CHARS_FOR_LANGUAGE", "detect_language"]

MIN_CHARS_FOR_LANGUAGE = 20
DetectorFactory.seed = 0  # langdetect is random by default; the same text must give the same answer


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:5000]
    if len(sample.strip()) < MIN_CHARS_FOR_LANGUAGE:
        return None
    try:
        return str(detect(sample))
    except LangDetectException:
        return None
