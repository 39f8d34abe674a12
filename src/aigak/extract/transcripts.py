"""Transcripts: which lines the interviewer speaks, whose name labels a line, and who answers.

"Q: … A: …", "HOST: … GUEST: …", "PRESENTER (Name): …", "Ms. Aigul Tursun (As an Individual): …": the
labels of an interview, a phone-in, a hearing or a podcast. `coref.py` reads the first person of a
labelled line as its speaker, and the interviewer's "you" as the witness.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aigak.extract.persons import Person

__all__ = ["interviewee", "is_question_line", "line_speakers", "on_labelled_question_line"]

_QUESTION_LINE = re.compile(r"^\s*(?:Q|Question|QUESTION|Interviewer|INTERVIEWER|HOST|Host|PRESENTER|Presenter|"
                            r"ANCHOR|Anchor|MODERATOR|Moderator|CHAIR|Chair|"
                            r"REPORTER|Reporter|CORRESPONDENT|Correspondent|JOURNALIST|Journalist)"
                            r"(?:\s*\([^()\n]{1,40}\))?\s*[:.]")
_ANSWER_LINE = re.compile(r"^\s*(?:A|Answer|GUEST|Guest|INTERVIEWEE|Interviewee|WITNESS|Witness|RESPONDENT|"
                          r"Respondent|CALLER|Caller|LISTENER|Listener)\s*(?:\([^)\n]{1,60}\)\s*)?[:.]", re.MULTILINE)

# "Gulbahar:", "CALLER (Ainur T.):", "Ms. Aigul Tursun (As an Individual):", "The Chair (Mr. Erlan Bek):": a
# speaker's name labelling the line, after a title, in brackets after a role, or before bracketed notes.
_SPEAKER_LABEL = re.compile(r"^[ \t]*(?:(?:[A-ZА-ЯЁ]+|The[ \t]+[A-Z][a-z]+)[ \t]*\([ \t]*)?(?:(?:Mr|Mrs|Ms|Miss|Dr|Hon)\.?[ \t]+)?"
                            r"(?P<label>[A-ZА-ЯЁ][\w'’\-]*(?:[ \t]+[A-ZА-ЯЁ][\w'’\-]*){0,2})"
                            r"[ \t]*\)?(?:[ \t]*\([^()\n]{1,40}\))*[ \t]*:", re.MULTILINE)


def on_labelled_question_line(text: str, pos: int) -> bool:
    """Whether `pos` lies on a line labelled as the interviewer's ("Q:", "PRESENTER:", "HOST (Name):" …)."""
    line_start = text.rfind("\n", 0, pos) + 1
    return _QUESTION_LINE.match(text[line_start:pos + 1]) is not None


def is_question_line(text: str, pos: int) -> bool:
    """Whether `pos` lies on an interviewer's line: labelled "Q:", "HOST:" …, or an unlabelled question."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if _QUESTION_LINE.match(line):
        return True
    return line.rstrip().endswith("?") and not _SPEAKER_LABEL.match(line)


_MEDIA_ROLE = (r"(?:presenter|host|co-host|anchor|anchorwoman|anchorman|moderator|correspondent|reporter|journalist|"
               r"interviewer|editor)")
# "presenter Aigerim Sadykova", "our correspondent X", "I'm X and this is Open Line", "X, our reporter,".
_MEDIA_BEFORE = re.compile(r"(?:\b" + _MEDIA_ROLE + r"|\bI['’]m|\bI\s+am|\bmy\s+name\s+is|\bthis\s+is)\s+$", re.IGNORECASE)
_MEDIA_AFTER = re.compile(r"^,?\s+(?:(?:our|the|a|your)\s+)?(?:[\w\-]+\s+)?" + _MEDIA_ROLE + r"\b", re.IGNORECASE)


def _media_people(text: str, persons: Sequence[Person], start: int, end: int) -> set[str]:
    """Persons the introduction presents as the one asking (presenter, host, correspondent …), who never answer."""
    found = set()
    for p in persons:
        for s, e in p.mentions:
            if start <= s < end and (_MEDIA_BEFORE.search(text, max(start, s - 40), s)
                                     or _MEDIA_AFTER.match(text[e:e + 40])):
                found.add(p.id)
    return found


def line_speakers(text: str, persons: Sequence[Person], start: int, end: int) -> dict[int, tuple[int, int, str]]:
    """The person whose name labels each line of a transcript, by line start: (label start, label end, id).

    A name in capitals ("KENZHEBEK:"), as transcripts print speakers, is the one person whose name has
    that word.
    """
    found: dict[int, tuple[int, int, str]] = {}
    for m in _SPEAKER_LABEL.finditer(text, start, end):
        label = m.group("label")
        span = (m.start("label"), m.end("label"))
        named = [p.id for p in persons if p.name and span in p.mentions]
        if not named and label.isupper() and len(label) > 2:
            named = [p.id for p in persons if p.name and label.lower() in p.name.lower().split()]
        if len(named) == 1:
            found[m.start()] = (span[0], span[1], named[0])
    return found


def interviewee(text: str, persons: Sequence[Person], start: int, end: int) -> str | None:
    """The person who answers in a transcript ("HOST: … GUEST: …", "Q: … A: …", "Gulbahar: …").

    A person whose name labels two or more lines speaks them. Otherwise, with generic answer labels,
    it is the first person named on the interviewer's lines before the first answer ("With me in the
    studio is X"), else the person the transcript names most. None when `[start, end)` is no transcript.
    """
    labels: dict[str, int] = {}
    for _, _, pid in line_speakers(text, persons, start, end).values():
        labels[pid] = labels.get(pid, 0) + 1
    if labels and max(labels.values()) >= 2:
        return max(labels, key=lambda pid: labels[pid])
    answers = [m.start() for m in _ANSWER_LINE.finditer(text, start, end)]
    if len(answers) < 2:
        return None
    media = _media_people(text, persons, start, answers[0])
    speakers = [p for p in persons if p.name and p.mentions and p.id not in media]
    if not speakers:
        return None
    for line in re.finditer(r"[^\n]+", text[start:answers[0]]):
        if not _QUESTION_LINE.match(line.group()):
            continue
        ls, le = start + line.start(), start + line.end()
        here = [(min(s for s, _ in p.mentions if ls <= s < le), p.id) for p in speakers
                if any(ls <= s < le for s, _ in p.mentions)]
        if here:
            return min(here)[1]
    # "Wang Lei, 37, worked as … He spoke to us by video link. Q: … A: …": the person the introduction
    # above the first question presents.
    first_question = next((start + m.start() for m in re.finditer(r"[^\n]+", text[start:answers[0]])
                           if _QUESTION_LINE.match(m.group())), answers[0])
    intro = [(min(s for s, _ in p.mentions if start <= s < first_question), p.id) for p in speakers
             if any(start <= s < first_question for s, _ in p.mentions)]
    if intro:
        return min(intro)[1]
    return max(speakers, key=lambda p: len(p.mentions)).id
