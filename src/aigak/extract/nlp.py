"""The shared spaCy pipeline: a blank English tokenizer and sentencizer, or a trained one if installed.

spaCy is the rule engine here: every stage works on the blank pipeline's tokens and sentences, which
need no model download. When the user has installed a trained pipeline (for example
`en_core_web_sm`, or a folder written by `nlp.to_disk`) and names it in the backend's
`spacy_model` option, its named entities are offered to the person stage as extra evidence. Nothing
here ever downloads or installs a model.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aigak.core.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Sentence", "blank_pipeline", "load_pipeline", "model_entities", "split_sentences"]

_PARAGRAPH = re.compile(r"[^\n]+")
MAX_PIECE_CHARS = 100_000
"""Longest stretch of one line handed to spaCy at once. A text with no line breaks (a megabyte on one
line) would pass spaCy's `max_length` (1,000,000 characters, E088); it is cut after a sentence end, or
at a space, before this length, which also keeps the tokenizer's memory flat."""
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the text.

    Attributes:
        start, end: character range (end exclusive), without surrounding white space.
        paragraph: index of the line-paragraph it belongs to.
    """

    start: int
    end: int
    paragraph: int


@functools.lru_cache(maxsize=1)
def blank_pipeline() -> Language:
    """The blank English pipeline with a sentencizer, built once per process."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str) -> Language:
    """Load an installed trained pipeline by package name or folder path.

    Raises:
        ConfigError: when no such pipeline is installed; the message says how to install one.
    """
    import spacy

    try:
        return spacy.load(Path(name) if Path(name).exists() else name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed. Install it yourself (for example "
            f"`python -m spacy download en_core_web_sm`) or set spacy_model to null."
        ) from exc


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of `text[start:end]`, never crossing a line break.

    Each line is a paragraph; inside it spaCy's sentencizer finds the boundaries.
    """
    end = len(text) if end is None else end
    nlp = blank_pipeline()
    pieces = [(ps, pe, index) for index, m in enumerate(_PARAGRAPH.finditer(text[start:end]))
              for ps, pe in _pieces(text, m.start() + start, m.end() + start)]
    sentences: list[Sentence] = []
    for doc, (ls, _le, index) in zip(nlp.pipe(text[s:e] for s, e, _ in pieces), pieces, strict=True):
        for sent in doc.sents:
            s = ls + sent.start_char
            e = ls + sent.end_char
            piece = text[s:e]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if e - trail > s + lead:
                sentences.append(Sentence(s + lead, e - trail, index))
    return _split_after_footnotes(text, _merge_quote_tails(text, sentences))


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`text[start:end]` (one line) as ranges of at most `MAX_PIECE_CHARS`, cut after a sentence end or at a space."""
    out: list[tuple[int, int]] = []
    while end - start > MAX_PIECE_CHARS:
        limit = start + MAX_PIECE_CHARS
        ends = [m.end() for m in _SENTENCE_END.finditer(text, limit - MAX_PIECE_CHARS // 10, limit)]
        cut = ends[-1] if ends else text.rfind(" ", start + 1, limit) + 1 or limit
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


# "… on 14 August 2018.[12] His wife …", "… in 2019.¹⁴ He …": a footnote marker after the full stop
# hides the sentence end from the sentencizer.
_FOOTNOTE_END = re.compile(r"[.!?][\"”’)]*(?:\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)+\s+(?=[A-Z\"“‘(])")


def _split_after_footnotes(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """Split sentences at a full stop followed by a footnote marker and a capitalised word."""
    out: list[Sentence] = []
    for sent in sentences:
        start = sent.start
        for m in _FOOTNOTE_END.finditer(text, sent.start, sent.end):
            cut = m.end() - len(m.group()) + len(m.group().rstrip())
            out.append(Sentence(start, cut, sent.paragraph))
            start = m.end()
        out.append(Sentence(start, sent.end, sent.paragraph))
    return out


def _merge_quote_tails(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """Re-attach a lone closing quote mark that the sentencizer split off as its own sentence."""
    out: list[Sentence] = []
    for sent in sentences:
        if out and out[-1].paragraph == sent.paragraph and not re.search(r"\w", text[sent.start:sent.end]):
            prev = out.pop()
            out.append(Sentence(prev.start, sent.end, prev.paragraph))
        else:
            out.append(sent)
    return out


def model_entities(nlp: Language, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Named entities `(start, end, label)` that a trained pipeline finds in `text[start:end]`."""
    found: list[tuple[int, int, str]] = []
    for line in _PARAGRAPH.finditer(text[start:end]):
        for ps, pe in _pieces(text, start + line.start(), start + line.end()):
            doc = nlp(text[ps:pe])
            found.extend((ps + ent.start_char, ps + ent.end_char, ent.label_) for ent in doc.ents)
    return found
