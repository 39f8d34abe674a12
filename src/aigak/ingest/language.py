"""Guess a text's language, deterministically, without any model download."""

from __future__ import annotations

import threading

from langdetect import DetectorFactory, LangDetectException, detector_factory

__all__ = ["MIN_CHARS_FOR_LANGUAGE", "detect_language"]

MIN_CHARS_FOR_LANGUAGE = 20
SAMPLE_CHARS = 1000  # enough to tell languages apart; more only costs time (n-gram scoring is linear)
TRIALS = 3  # langdetect's default of 7 random restarts changes nothing on article-length text, at twice the cost
DetectorFactory.seed = 0  # langdetect is random by default; the same text must give the same answer
_LOADING = threading.Lock()
"""langdetect loads its profiles lazily into a global; two threads loading at once (concurrent web
uploads) saw a half-loaded factory and answered wrongly or raised."""


def _factory() -> DetectorFactory:
    with _LOADING:
        detector_factory.init_factory()
        factory = detector_factory._factory
    assert factory is not None
    return factory


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS_FOR_LANGUAGE:
        return None
    detector = _factory().create()
    detector.n_trial = TRIALS
    detector.append(sample)
    try:
        return str(detector.detect())
    except LangDetectException:
        return None
