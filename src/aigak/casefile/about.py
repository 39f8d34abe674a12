"""Whom a stretch of a source is about: the person it names, a pronoun's antecedent, or the sentence before.

The case file reads some things from sentences rather than from facts (dates ahead, an appeal under
way, a relative "still detained"). A document about a family speaks of several people, so each such
sentence or phrase is first given to the person it is about:

- a sentence that names the person (any mention the extraction linked to them, except as someone
  else's lawyer) is about them; so is one that names their lawyer as theirs ("Her lawyer, Marat
  Abenov, said ...") or tells an event that happened to them;
- otherwise a third-person pronoun ("her appeal") points to the person named last before it in its
  sentence, else to the first person named in the nearest sentence before that names one (the
  subject, as a reader takes it: "Tursynbekkyzy's mother, Gulsim, was detained. She has not been
  heard from since." is about the mother), gender permitting; a pronoun that only introduces a
  relative ("Her husband ...") makes the sentence about that relative, not about her;
- a sentence naming no one and using no pronoun continues the sentence before it, within a paragraph
  ("The appeal hearing is scheduled for 15 July 2022.").

Within a sentence, a phrase ("... is still held") is about the person named last before it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from aigak.casefile.sources import DocView, sentences_of
from aigak.core.models import Fact, FactKind

__all__ = ["Mention", "TextReader", "sentences_about"]

_PRONOUN = re.compile(r"\b(she|her|hers|herself|he|him|his|himself)\b", re.IGNORECASE)
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_KIN_AFTER = re.compile(r"\s+(?:(?:late|elder|older|younger|little|eldest|youngest|two|three|four|adult|"
                        r"teenage|grown)\s+)*(husband|wife|spouse|brothers?|sisters?|mother|father|parents?|"
                        r"sons?|daughters?|child(?:ren)?|relatives?|family|uncle|aunt|nephew|niece|cousin|"
                        r"grand\w+|in-laws?|siblings?)\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\b")
_PARAGRAPH = re.compile(r"\n\s*\n")
_LOOK_BACK_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a source names a person: the span, the person's local id, and their gender if stated."""

    start: int
    end: int
    lid: str
    gender: str | None


def _mentions(view: DocView) -> list[Mention]:
    out: list[Mention] = []
    for fact in view.facts.values():
        if fact.kind is not FactKind.ENTITY or fact.type != "person":
            continue
        attributes = fact.data.get("attributes") or {}
        gender = attributes.get("gender") if isinstance(attributes, Mapping) else None
        for span in fact.evidence:
            out.append(Mention(span.start, span.end, fact.local_id, str(gender).lower() if gender else None))
    out.sort(key=lambda m: (m.start, m.end))
    return out


@dataclass(slots=True)
class TextReader:
    """One source read for whom each sentence and phrase is about.

    Attributes:
        view: the source.
        mentions: every span naming a person (their entity facts' evidence), in text order.
        sentences: the sentence spans of the whole text.
    """

    view: DocView
    mentions: list[Mention] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _mention_starts: list[int] = field(default_factory=list)
    _told: list[tuple[int, Fact]] = field(default_factory=list)
    _told_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mentions = _mentions(self.view)
        self.sentences = sentences_of(self.view.doc.text)
        self._starts = [s for s, _ in self.sentences]
        self._mention_starts = [m.start for m in self.mentions]
        self._told = sorted(((sp.start, f) for f in self.view.facts.values() for sp in f.evidence),
                            key=lambda t: t[0])
        self._told_starts = [t[0] for t in self._told]

    def _sentence_index(self, position: int) -> int | None:
        i = bisect.bisect_right(self._starts, position) - 1
        if i >= 0 and self.sentences[i][0] <= position < self.sentences[i][1]:
            return i
        return None

    def named_in(self, start: int, end: int) -> list[Mention]:
        """The mentions that begin in [start, end)."""
        lo, hi = bisect.bisect_left(self._mention_starts, start), bisect.bisect_left(self._mention_starts, end)
        return self.mentions[lo:hi]

    def told_in(self, start: int, end: int) -> list[Fact]:
        """The facts with evidence beginning in [start, end)."""
        lo, hi = bisect.bisect_left(self._told_starts, start), bisect.bisect_left(self._told_starts, end)
        return list({id(f): f for _, f in self._told[lo:hi]}.values())

    def _fits(self, mention: Mention, pronoun: str) -> bool:
        if mention.gender not in ("female", "male"):
            return True
        return (pronoun.lower() in _FEMALE) == (mention.gender == "female")

    def _is_possessor(self, mention: Mention) -> bool:
        return _POSSESSIVE.match(self.view.doc.text, mention.end) is not None

    def antecedent(self, position: int, pronoun: str) -> str | None:
        """The local id of the person a pronoun at `position` stands for, or None."""
        index = self._sentence_index(position)
        if index is None:
            return None
        start = self.sentences[index][0]
        before = [m for m in self.named_in(start, position) if m.end <= position and self._fits(m, pronoun)]
        if before:
            return before[-1].lid
        for s, e in reversed(self.sentences[max(0, index - _LOOK_BACK_SENTENCES):index]):
            named = [m for m in self.named_in(s, e) if self._fits(m, pronoun)]
            subjects = [m for m in named if not self._is_possessor(m)] or named
            if subjects:
                return subjects[0].lid
        return None

    def pronoun_subject(self, start: int, end: int) -> tuple[bool, str | None]:
        """Whether text[start:end] uses a third-person pronoun, and the person the first one stands for
        (None when it only introduces a relative, "her husband", or stands for no one named)."""
        text = self.view.doc.text
        m = _PRONOUN.search(text, start, end)
        if m is None:
            return False, None
        if m.group(1).lower() in ("her", "his") and _KIN_AFTER.match(text, m.end()):
            return True, None
        return True, self.antecedent(m.start(), m.group(1))

    def subject_at(self, position: int) -> str | None:
        """The local id of the person a phrase at `position` is about: the last person named before it
        in its sentence, else the person its sentence's pronoun stands for, else None."""
        index = self._sentence_index(position)
        start = self.sentences[index][0] if index is not None else position
        named = self.named_in(start, position)
        if named:
            return named[-1].lid
        return self.pronoun_subject(start, position)[1]


def _carries_party(told: list[Fact], lids: Collection[str]) -> bool:
    """Whether these facts name the person's lawyer as theirs, or tell an event of theirs."""
    for fact in told:
        if fact.kind is FactKind.RELATION and fact.type == "lawyer" and str(fact.data.get("from")) in lids:
            return True
        if fact.kind is FactKind.EVENT and any(str(s) in lids for s in fact.data.get("subjects") or []):
            return True
    return False


def _as_counsel(told: list[Fact], lids: Collection[str], mention: Mention) -> bool:
    """Whether a mention of the person names them only as someone else's lawyer ("her lawyer, Marat Abenov")."""
    return any(f.kind is FactKind.RELATION and f.type == "lawyer" and str(f.data.get("to")) in lids
               and any(sp.start <= mention.start and mention.end <= sp.end for sp in f.evidence) for f in told)


def sentences_about(view: DocView, lids: Collection[str], *, thread: re.Pattern[str] | None = None,
                    ) -> list[tuple[int, int]]:
    """The spans of the document's body sentences that are about the person with these local ids.

    Args:
        view: the source.
        lids: the person's local ids in it.
        thread: what the caller reads for (legal words, say): a sentence naming no one then continues
            the last sentence of its paragraph on that matter, rather than simply the one before
            ("She lost her appeal. Her brother is still detained. A new hearing is set for 15 March."
            gives her the hearing).
    """
    reader = TextReader(view)
    text = view.doc.text
    body_start = view.doc.body_start
    body_end = view.doc.body_end or len(text)
    out: list[tuple[int, int]] = []
    about = False
    on_thread: bool | None = None
    previous_end = body_start
    for s, e in reader.sentences:
        s, e = max(s, body_start), min(e, body_end)
        if s >= e:
            continue
        if _PARAGRAPH.search(text, previous_end, s):
            about, on_thread = False, None
        previous_end = e
        named = reader.named_in(s, e)
        told = reader.told_in(s, e)
        has_pronoun, subject = reader.pronoun_subject(s, e)
        if any(m.lid in lids and not _as_counsel(told, lids, m) for m in named) or _carries_party(told, lids):
            about = True
        elif has_pronoun:
            about = subject is not None and subject in lids
        elif named:
            about = False
        elif on_thread is not None:
            about = on_thread
        if thread is not None and thread.search(text, s, e):
            on_thread = about
        if about:
            out.append((s, e))
    return out
