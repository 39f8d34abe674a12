"""Transcripts: which lines the interviewer speaks, whose name labels a line, and who answers.

"Q: … A: …", "HOST: … GUEST: …", "PRESENTER (Name): …", "Ms. Aigul Tursun (As an Individual): …": the
labels of an interview, a phone-in, a hearing or a podcast. `coref.py` reads the first person of a
labelled line as its speaker, and the interviewer's "you" as the witness.

A testimony whose header names its witness ("Testimony of X", "Interview with X", "Witness statement:
X", "X's testimony", "Name: X") and whose answers are marked ("A:", "Answer:", "—", the witness's name
or initials) speaks for that witness: "I" in its answers is X (`transcript_witness`, `line_roles`), and
the interviewer's questions are never the evidence of an event (`answer_evidence`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from aigak.extract.persons import NameCandidate, Person

if TYPE_CHECKING:
    from aigak.extract.events import Event

__all__ = ["answer_evidence", "header_witness", "interviewee", "is_question_line", "line_roles", "line_speakers",
           "on_labelled_question_line", "transcript_witness", "with_header_witness"]

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
            # "KENZHEBEK:", "ASEL NUROVA:": the words of one person's name.
            named = [p.id for p in persons if p.name and set(label.lower().split()) <= set(p.name.lower().split())]
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


# The header of a testimony naming its witness: "Testimony of X", "Transcript of an interview with Ms X",
# "Witness statement: X", "Interviewee — X", "Name: X", "X's testimony".
_NAME = r"[A-ZА-ЯЁ][\w'’\-]+(?:[ \t]+(?:[A-ZА-ЯЁ][\w'’\-]+|uulu|kyzy|qyzy|uly|ulı)){0,3}"
_HONORIFIC = r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?[ \t]+)?"
_RECORD = r"(?i:testimony|statement|interview|account|deposition|transcript)"
_HEADER = re.compile(
    rf"^[ \t#*_>]*(?:"
    rf"(?i:(?:(?:full|verbatim)[ \t]+)?(?:transcript|record|recording|notes|summary)[ \t]+of[ \t]+(?:(?:an?|the|my)[ \t]+)?)?"
    rf"(?i:witness[ \t]+)?{_RECORD}[ \t]+(?i:of|by|from|with|given[ \t]+by)[ \t]+{_HONORIFIC}(?P<of>{_NAME})"
    rf"|(?i:witness(?:[ \t]+statement)?|witness['’]s[ \t]+name|interviewee|respondent|deponent|"
    rf"name(?:[ \t]+of[ \t]+(?:the[ \t]+)?(?:witness|interviewee))?|full[ \t]+name|{_RECORD})"
    rf"[ \t]*(?::|[ \t][—–-])[ \t]*{_HONORIFIC}(?P<field>{_NAME})"
    rf"|{_HONORIFIC}(?P<owner>{_NAME})['’]s?[ \t]+(?i:(?:witness[ \t]+)?(?:testimony|statement|account|interview|deposition))\b"
    rf")", re.MULTILINE)
_HEADER_LINES = 8  # a header names the witness within the first lines, before the first answer
_DASH_LINE = re.compile(r"^[ \t]*[—–-][ \t]*\S", re.MULTILINE)
# A line labelled with initials: "A.T.:", "AT:", "D. K.:" (two or three letters; "A:" and "Q:" are roles).
_INITIALS_LABEL = re.compile(r"^[ \t]*(?P<initials>[A-ZА-ЯЁ]\.?[ \t]?[A-ZА-ЯЁ]\.?(?:[ \t]?[A-ZА-ЯЁ]\.?)?)[ \t]*:", re.MULTILINE)
_NAME_LABEL = re.compile(r"^[ \t]*(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?[ \t]+)?(?P<label>[A-ZА-ЯЁ][\w'’\-]*(?:[ \t]+[A-ZА-ЯЁ][\w'’\-]*){0,2})"
                         r"[ \t]*:")
_GENERIC_ANSWER = re.compile(r"^\s*(?:A|Answer|ANSWER|WITNESS|Witness|INTERVIEWEE|Interviewee|RESPONDENT|Respondent)"
                             r"\s*(?:\([^)\n]{1,60}\)\s*)?[:.]")
# An answer that says no: "No.", "Never", "No, they did not", "I was not".
_NO = re.compile(r"^\s*(?:(?:No|Never|None|Nobody)\b(?![ \t]+(?:one|doubt)\b)|"
                 r"I[ \t]+(?:was|did|have|had|am|do)(?:n['’]t|[ \t]+not|[ \t]+never)\b)")
# "What happened after you were released?": the question's event is told, not asked about.
_AFTER_IT = re.compile(r"\b(?:after|before|since|until|once|following)\b", re.IGNORECASE)
# Events of one episode: an answer's arrest restates the detention the question asks about.
_KINDRED = ({"arrest", "detention"},)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\n]+", text[start:end])]


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _marks_answer(line: str, witness_name: str | None) -> bool:
    """Whether a line is marked as the witness's: "A:", "Answer:", a dash, the witness's name or initials."""
    if _GENERIC_ANSWER.match(line):
        return True
    if _DASH_LINE.match(line):
        return not line.rstrip().endswith("?")
    if witness_name is None:
        return False
    initials = _INITIALS_LABEL.match(line)
    if initials:
        return re.sub(r"[.\s]", "", initials.group("initials")) == _initials(witness_name)
    label = _NAME_LABEL.match(line)
    return label is not None and set(label.group("label").lower().split()) <= set(witness_name.lower().split())


def header_witness(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the witness's name in the header of a testimony whose answers are marked, else None.

    "Testimony of Aigul Tursun, recorded …" over "Q: … A: I was …" names the one who answers; a title
    naming someone over a news story or a list has no marked answers under it and names nobody here.
    """
    lines = _lines(text, start, end)
    for i, (ls, le) in enumerate(lines[:_HEADER_LINES]):
        m = _HEADER.match(text, ls, le)
        if m is None:
            continue
        group = next(g for g in ("of", "field", "owner") if m.group(g))
        if any(_marks_answer(text[s:e], m.group(group)) for s, e in lines[i + 1:]):
            return (m.start(group), m.end(group))
    return None


def with_header_witness(text: str, start: int, end: int, candidates: Sequence[NameCandidate]) -> list[NameCandidate]:
    """`candidates` with the header's witness as a name ("Testimony of X": the words around a name that
    would otherwise read as an institution's, "Court of …"), in text order."""
    span = header_witness(text, start, end)
    if span is None:
        return list(candidates)
    s, e = span
    kept = [c for c in candidates if not (c.start < e and s < c.end)]
    # A title-case header line would leave the name to a headline; the witness is a person of the text.
    gender = next((c.gender for c in candidates if (c.start, c.end) == span), None)
    witness = NameCandidate(s, e, tuple(text[s:e].split()), "speech", gender)
    return sorted([*kept, witness], key=lambda c: c.start)


def transcript_witness(text: str, persons: Sequence[Person], start: int, end: int) -> str | None:
    """The person a testimony's header names as its witness (`header_witness`), when a person found has that name."""
    span = header_witness(text, start, end)
    if span is None:
        return None
    found = [p.id for p in persons if p.name and span in p.mentions]
    return found[0] if len(found) == 1 else None


def line_roles(text: str, persons: Sequence[Person], witness: str | None, start: int, end: int) -> dict[int, str]:
    """Who speaks each marked line of a transcript, by line start: "question" (the interviewer) or "answer"
    (the witness). Empty when `[start, end)` has no question and marked answer.

    The interviewer's lines are labelled "Q:", "HOST:" …, by a name or initials that are not the witness's,
    or are questions of their own; the witness's are labelled "A:", "Answer:", "—", the witness's name or
    initials.
    """
    name = next((p.name for p in persons if p.id == witness and p.name), None)
    roles: dict[int, str] = {}
    for ls, le in _lines(text, start, end):
        line = text[ls:le]
        if _QUESTION_LINE.match(line):
            roles[ls] = "question"
        elif _marks_answer(line, name):
            roles[ls] = "answer"
        elif line.rstrip().endswith("?") and (_DASH_LINE.match(line) or not _SPEAKER_LABEL.match(line)):
            roles[ls] = "question"
        elif name is not None and (_INITIALS_LABEL.match(line) or _NAME_LABEL.match(line) and line_speakers(
                text, persons, ls, le)):
            roles[ls] = "question"  # "D.K.: Tell us about …" labelled by someone else
    if "question" not in roles.values() or "answer" not in roles.values():
        return {}
    return roles


def _is_question_sentence(text: str, ss: int, se: int, roles: dict[int, str]) -> bool:
    """Whether a sentence is the interviewer's asking: on a "Q:" line, or a question on the interviewer's line."""
    line_start = text.rfind("\n", 0, ss) + 1
    if roles.get(line_start) != "question":
        return False
    line_end = text.find("\n", ss)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return text[ss:se].rstrip().endswith("?") or re.match(r"\s*(?:Q|Question|QUESTION)\s*[:.]", line) is not None


def answer_evidence(text: str, sentences: Sequence[tuple[int, int]], events: Sequence[Event],
                    roles: dict[int, str]) -> list[Event]:
    """Events with the interviewer's questions taken out of their evidence.

    "Q: When were you arrested? A: In August 2017.": an event the question asks about is told by the
    answer, which becomes its evidence (the answer's sentence with the event's year, else its first); it
    is dropped when the answer says no, when nothing answers it, or when the answer tells the event itself
    (its own event of that kind, for the same people).

    Args:
        text: the document text.
        sentences: the body's sentences, in order.
        events: the events found, before episodes are merged.
        roles: the transcript's line roles (`line_roles`); without any, `events` come back unchanged.
    """
    if not roles:
        return list(events)
    asked = [i for i, (ss, se) in enumerate(sentences) if _is_question_sentence(text, ss, se, roles)]
    if not asked:
        return list(events)
    questions = {sentences[i] for i in asked}
    kept: list[Event] = []
    for event in events:
        evidence = [span for span in event.evidence if span not in questions]
        if evidence:
            kept.append(replace(event, evidence=evidence) if len(evidence) < len(event.evidence) else event)
            continue
        index = sentences.index(event.evidence[0]) if event.evidence[0] in sentences else -1
        answer = _answer_sentences(text, sentences, index, roles)
        if not answer or _NO.match(re.sub(r"^\s*(?:[^:\n]{1,40}:|[—–-])\s*", "", text[answer[0][0]:answer[0][1]])):
            continue
        if _AFTER_IT.search(text, event.evidence[0][0], max(event.evidence[0][0], event.position)):
            continue  # "What happened after you were released?" asks about what followed
        told = {span for i in asked for span in _answer_sentences(text, sentences, i, roles)
                if sentences[i][1] <= event.evidence[0][0] or sentences[i] == event.evidence[0]}
        told.update(answer)
        if any(other is not event and other.evidence and other.evidence[0] in told and _kindred(other.type, event.type)
               and set(other.subjects) & set(event.subjects) for other in events):
            continue  # the answer tells it, or an earlier answer did ("And after you came out?")
        year = (event.start or "")[:4]
        kept.append(replace(event, evidence=[next((a for a in answer if year and year in text[a[0]:a[1]]), answer[0])]))
    return kept


def _kindred(a: str, b: str) -> bool:
    return a == b or any(a in kin and b in kin for kin in _KINDRED)


def _answer_sentences(text: str, sentences: Sequence[tuple[int, int]], index: int,
                      roles: dict[int, str]) -> list[tuple[int, int]]:
    """The sentences answering the question sentence `index`: on the lines after its line, up to the next
    question line."""
    if index < 0:
        return []
    line_end = text.find("\n", sentences[index][0])
    found: list[tuple[int, int]] = []
    for ss, se in sentences[index + 1:]:
        if line_end < 0 or ss < line_end:
            continue  # the rest of the question's own line
        if roles.get(text.rfind("\n", 0, ss) + 1) == "question":
            break
        found.append((ss, se))
    return found
