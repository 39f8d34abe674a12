"""Guess a text's language, deterministically, without any model download."""

from __future__ import annotations

import re
import threading

from langdetect import DetectorFactory, LangDetectException, detector_factory

__all__ = ["ENGLISH_SAMPLE_CHARS", "MIN_CHARS_FOR_LANGUAGE", "MIN_ENGLISH_WORD_SHARE", "detect_language",
           "english_word_share"]

MIN_CHARS_FOR_LANGUAGE = 20
"""Shorter texts get no guess (None)."""
SAMPLE_CHARS = 1000  # enough to tell languages apart; more only costs time (n-gram scoring is linear)
TRIALS = 3  # langdetect's default of 7 random restarts changes nothing on article-length text, at twice the cost
DetectorFactory.seed = 0  # langdetect is random by default; the same text must give the same answer
MIN_ENGLISH_WORD_SHARE = 0.05
"""A text at least this share of whose words are common English words ("the", "was", "his"…) is
English whatever the guess: every English text of the test corpora has 6% or more, a text in Russian,
French, German or Turkish none. It keeps a short English line full of Kazakh names ("Serik Omarov
was detained in Ghulja in 2018.", guessed Afrikaans) from being taken for another language."""
ENGLISH_SAMPLE_CHARS = 5000
_ENGLISH_WORDS = frozenset({
    "the", "of", "and", "to", "was", "were", "is", "are", "he", "she", "his", "her", "they", "their", "that",
    "with", "for", "from", "had", "has", "have", "been", "not", "this", "who", "which", "said", "after", "but", "by",
})
"""Frequent English words that are not also frequent words of the languages aigak's sources come in."""
_LETTERS = re.compile(r"[^\W\d_]+")
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


def english_word_share(text: str) -> float:
    """The share of the words at the start of a text that are common English words (0.0 to 1.0)."""
    words = [w.lower() for w in _LETTERS.findall(text[:ENGLISH_SAMPLE_CHARS])]
    return sum(w in _ENGLISH_WORDS for w in words) / len(words) if words else 0.0
