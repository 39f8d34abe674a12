"""Split a long text into overlapping chunks that start and end at sentence boundaries.

A model reads a few thousand characters well and a whole report badly; cutting mid-sentence would
split the very clause that states a fact. Each chunk therefore ends on a sentence boundary, and the
next one starts a few sentences earlier so that a fact spanning the cut is seen whole at least once
(the duplicates this creates are merged in `merge`).
"""

from __future__ import annotations

from dataclasses import dataclass

from aigak.extract.nlp import split_sentences

__all__ = ["Chunk", "split_into_chunks"]


@dataclass(frozen=True, slots=True)
class Chunk:
    """One piece of the text sent to the model.

    Attributes:
        index: position of the chunk, from 0.
        start, end: character range in the document (end exclusive).
        text: `document[start:end]`.
    """

    index: int
    start: int
    end: int
    text: str


def split_into_chunks(text: str, start: int = 0, end: int | None = None, *, max_chars: int = 6000,
                      overlap_chars: int = 600) -> list[Chunk]:
    """Chunks of `text[start:end]` of at most about `max_chars`, overlapping by whole sentences.

    Args:
        text: the document text.
        start, end: the range to cover (the article body; default the whole text).
        max_chars: the longest chunk; a single sentence longer than this becomes a chunk of its own.
        overlap_chars: how much of the end of one chunk the next repeats, in whole sentences: as
            many as fit in this many characters, and at least the last one when it is shorter
            than half a chunk (0: no overlap).

    Returns:
        The chunks in order; one chunk when the range fits; none when it holds no text.
    """
    end = len(text) if end is None else end
    if max_chars <= 0 or overlap_chars < 0 or overlap_chars >= max_chars:
        raise ValueError("need max_chars > overlap_chars >= 0")
    if not text[start:end].strip():
        return []
    if end - start <= max_chars:
        return [Chunk(0, start, end, text[start:end])]
    sentences = [(s.start, s.end) for s in split_sentences(text, start, end)]
    chunks: list[Chunk] = []
    first = 0
    while first < len(sentences):
        last = first
        while last + 1 < len(sentences) and sentences[last + 1][1] - sentences[first][0] <= max_chars:
            last += 1
        cs, ce = sentences[first][0], sentences[last][1]
        chunks.append(Chunk(len(chunks), cs, ce, text[cs:ce]))
        if last + 1 >= len(sentences):
            break
        # Step back over whole sentences that fit in the overlap (at least the last one, unless it
        # is half a chunk long), so the next chunk knows who "he" is; but always move forward.
        nxt = last + 1
        if overlap_chars and nxt - 1 > first and ce - sentences[nxt - 1][0] <= max_chars // 2:
            nxt -= 1
        while nxt - 1 > first and ce - sentences[nxt - 1][0] <= overlap_chars:
            nxt -= 1
        first = nxt
    return chunks
