"""Whom an event happened to: the person a trigger's role points at in its sentence.

After an active verb the person follows ("police took him"), before an intransitive or passive
one it precedes ("I was released", "they crossed"), and a noun names its possessor ("his arrest").
Generic phrases ("those who are released") block a subject, so that no event is invented for them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aigak.extract.coref import Reference, Resolver
from aigak.extract.lexicon import kinship
from aigak.extract.triggers import TriggerMatch

__all__ = ["left_subject", "refs_in", "shares_subject", "subjects_of"]

_PASSIVE = re.compile(r"\b(?:was|were|been|being|be|is|are|got|get|gets|am|kept|remained|remain|remains)\s+(?:(?:\w+ly|also|not|then|later|"
                      r"once|again|soon|still|never|just|already|allegedly|reportedly|eventually)\s+)*$",
                      re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;:]|\s[–—-]\s|,\s+(?:but|and\s+then|while|whereas)\b")
_JOINABLE = ("name", "kin")
_SPEECH_TAG = re.compile(r"^\s*(?:said|says|added|adds|explained|recalled|noted)\s*,")
_OBJECT_APPOSITION = re.compile(r"\s+(?:an?|the)\s+(?:[\w\-]+\s+){0,3}?(?:citizen|national|resident|native|man|woman|"
                                r"activist|refugee|journalist|blogger|teacher|student|farmer|herder|trader|driver|"
                                r"worker|imam|writer|poet)(?:\s+of\s+(?:the\s+)?[\w\-]+(?:\s+[A-Z][\w\-]*){0,3})?,\s*")
_INCLUDING = re.compile(r"^\s*(?:[\w\-]+\s+){0,3}?(?:of\s+(?:them|us|the\s+[\w\-]+)\s*)?,?\s*(?:including|among\s+them)\s+"
                        r"(?:(?:the|two|three|its|their)\s+[\w\-]+(?:\s+[\w\-]+)?\s*,\s*)?$")
# "detained Mr. Ospanov": a title with its full stop between the verb and the name.
_HONORIFIC_GAP = re.compile(r"\s*(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+")
# "… and was taken", "… and were later released": a second verb that shares the clause's subject.
_SHARED_SUBJECT = re.compile(r"\band\s+(?:was|were|had\s+been|has\s+been|got)\s+(?:(?:\w+ly|later|then|soon|also)\s+)?$",
                             re.IGNORECASE)

# The comma closing an opening phrase ("In his final word, X asked"), skipped to reach the name after it.
_LEADING_COMMA = re.compile(r"\s*,?\s*")


# What may join two conjoined persons: "X and Y", "X, Y", "X, 34, and her brother Y".
_CONJUNCT_GAP = re.compile(r"\s*(?:[(（][^()（）]{1,40}[)）]|[)）])?\s*(?:,\s*(?:aged\s+)?\d{1,3}\s*)?"
                           r"(?:,\s*(?:an?|the)\s+[^,;()]{1,40})?(?:,|,?\s+and)\s*(?:(?:his|her|their|my|our)\s+"
                           r"(?:(?:younger|older|elder|little|late)\s+)?(?:[a-z\-]+\s+)?)?")


def refs_in(resolver: Resolver, start: int, end: int) -> list[Reference]:
    """The resolved references lying wholly inside `[start, end)` (one sentence)."""
    return [r for r in resolver.references if start <= r.start and r.end <= end]


def _with_conjuncts(text: str, refs: Sequence[Reference], index: int) -> list[str]:
    """The persons of `refs[index]` plus names joined to it by "and" or commas ("X and Y crossed")."""
    # "Dina and their three children moved": the possessive between two conjuncts joins nothing.
    target = refs[index]
    refs = [r for r in refs if r is target or not (r.kind == "pronoun" and r.possessive)]
    index = refs.index(target)
    persons = list(refs[index].persons)
    i = index
    while i > 0 and refs[i - 1].kind in _JOINABLE and refs[i].kind in _JOINABLE and _CONJUNCT_GAP.fullmatch(
            text, refs[i - 1].end, refs[i].start):
        i -= 1
        persons = [*refs[i].persons, *persons]
    j = index
    while j + 1 < len(refs) and refs[j + 1].kind in _JOINABLE and refs[j].kind in _JOINABLE and _CONJUNCT_GAP.fullmatch(
            text, refs[j].end, refs[j + 1].start):
        j += 1
        persons = [*persons, *refs[j].persons]
    return list(dict.fromkeys(persons))


# ", who visited his mother in Ghulja,", ", the uncle of Dauren Serikbayuly,": a closed relative clause or
# a described apposition (an article, up to a few words, "of" someone) after the subject's name.
_SPEECH_BETWEEN = re.compile(r"\b(?:said|says|told\s+(?:reporters|journalists|the\s+\w+|us|him|her|them)|"
                             r"added|stated|claimed|alleged)\s+(?:that\s+)?[\"“'‘]?\S", re.IGNORECASE)
_RELATIVE_ASIDE = re.compile(r",\s*(?:who|whose|which|whom)\b[^,;()—–]*,|"
                             r",\s*(?:an?|the)\s+(?:[\w\-]+\s+){0,3}?of\s+[^,;()—–]{1,60},")


def relative_asides(text: str, ss: int, pos: int) -> list[tuple[int, int]]:
    """Spans of the relative clauses (", who …,") between the sentence start and `pos`."""
    return [(m.start(), m.end()) for m in _RELATIVE_ASIDE.finditer(text, ss, pos)]


def _names_kin_after(text: str, end: int) -> bool:
    """Whether a possessive is followed by a kinship noun ("his uncle", "her late father")."""
    m = re.match(r"(?:['’]s?)?\s+(?:(?:late|elder|older|younger|little|eldest|youngest|own)\s+)?([a-z\-]+)", text[end:end + 40])
    return m is not None and m.group(1).lower() in kinship()


def left_subject(text: str, refs: Sequence[Reference], ss: int, pos: int, *, allow_possessive_at: int | None = None
          ) -> list[str] | None:
    """The nearest person reference before `pos` in the sentence; None when a generic phrase is nearer."""
    before = [r for r in refs if r.end <= pos and r.start >= ss]
    # "two of his cousins were arrested": the words inside a longer reference are not its subject.
    before = [r for r in before if not any(o is not r and o.start <= r.start and r.end <= o.end
                                           and (o.end - o.start) > (r.end - r.start) for o in before)]
    # "X, 41, who visited his mother in Ghulja, was arrested": the people of a closed relative clause are not
    # the subject of the verb after it.
    closed = [(a, b) for a, b in relative_asides(text, ss, pos) if b <= pos and text[a:b].rstrip().endswith(",")]
    before = [r for r in before if not any(a < r.start < b for a, b in closed)]
    for index in range(len(before) - 1, -1, -1):
        ref = before[index]
        if ref.kind == "generic" or (ref.kind == "description" and not ref.persons):
            return None
        speech = _SPEECH_BETWEEN.search(text, ref.end, pos)
        if speech is not None and not ref.possessive and not any(speech.start() < r.start < pos for r in refs):
            # 'X, a lawyer, said "Maria" was also detained': the speaker is not whom it happened to (but in
            # "X stated that his application was refused" the "his" between says it is X's)
            return None
        if re.search(r"\bwhose\s+(?:[\w\-]+\s+){0,2}$", text[max(ss, ref.start - 30):ref.start]) \
                and "," in text[ref.end:pos]:
            continue  # "X, whose husband has been held in Y, stood …": the relative clause is not the subject
        if re.search(r"\b(?:like|such\s+as|including)\s+$", text[max(ss, ref.start - 20):ref.start]):
            continue  # "employees like Zhilin are not permitted": an example of a group
        if _SPEECH_TAG.match(text[ref.end:ref.end + 20]) and text[max(0, ref.start - 2):ref.start].strip() == ",":
            continue  # ", she said," is a speech tag, not the subject
        if ref.possessive and not (allow_possessive_at is not None and allow_possessive_at - ref.end <= 25
                                   and re.fullmatch(r"(?:['’]s?)?\s+(?:(?!(?:at|in|on|of|for|to|with|about|from)\s)[\w\-]+\s+){0,2}",
                                                    text[ref.end:allow_possessive_at])
                                   and not _names_kin_after(text, ref.end)):
            continue  # but "his uncle was detained" is the uncle's event, never the possessor's
        if ref.persons:
            if re.match(r"\s*,?\s*who\b", text[ref.end:pos]):
                return list(ref.persons)  # "…, a wife and a brother who was sent": only the antecedent
            return _with_conjuncts(text, before, index)
    return []


def _right(text: str, refs: Sequence[Reference], start: int, end: int, trigger_end: int) -> list[str] | None:
    """The first person reference inside the trigger or just after it (the object of the verb).

    None when the object is generic ("people") or a pronoun that refers to nobody named.
    """
    after = [r for r in refs if r.start >= start and r.start < end]
    for index, ref in enumerate(after):
        gap = text[trigger_end:ref.start] if ref.start > trigger_end else ""
        if _OBJECT_APPOSITION.fullmatch(gap) or _HONORIFIC_GAP.fullmatch(gap) or _INCLUDING.search(gap):
            # "detained a citizen of the PRC, Ospanov Serik", "is Ms. X": the words name the object;
            # "detained five of them, including the organisers, X and Y": the ones the text names
            gap = ""
        if _CLAUSE_BREAK.search(gap) or re.search(r"[.,]", gap):
            break
        if ref.kind == "generic":
            return None
        if ref.kind == "pronoun" and not ref.persons and not ref.possessive and ref.start < trigger_end + 3:
            return None
        if ref.possessive and ref.kind != "name":
            continue
        if ref.persons:
            # conjuncts may run past the window: "…, including the organisers, X, 35, and Y, 28"
            return _with_conjuncts(text, after + [r for r in refs if r.start >= end], index)
    # "rejected his appeal", "upheld her conviction": the owner of the thing the trigger names.
    owners = [r for r in after if r.possessive and r.persons and r.start < trigger_end]
    return list(owners[0].persons) if owners else []


# "…, died", "…, was later released": a verb that follows the comma closing an aside.
_AFTER_ASIDE = re.compile(r",\s*(?:(?:was|were|had|has|have|is|are|been|later|then|also|\w+ly)\s+){0,3}$", re.IGNORECASE)
# The start of a relative clause or an apposition right after the head noun.
_ASIDE_OPENS = re.compile(r"\s*,\s*(?:an?\s|the\s|who\b|whose\b|whom\b|which\b|(?:with|by|for|to)\s+whom\b|"
                          r"(?:his|her|their)\s|\d{1,3}\s*,)", re.IGNORECASE)


def _head_before_aside(text: str, refs: Sequence[Reference], ss: int, pos: int) -> list[str]:
    """ "X, a herder whose account of his months in a camp was watched by thousands, died on 4 May": the
    subject of a verb after a long aside is the name the sentence opens with, not the nearest person."""
    if not _AFTER_ASIDE.search(text, max(ss, pos - 40), pos):
        return []
    heads = [r for r in refs if r.start < pos and r.persons and not r.possessive and r.kind == "name"]
    if not heads or text[ss:heads[0].start].strip() or not _ASIDE_OPENS.match(text, heads[0].end):
        return []
    head = heads[0]
    if any(r.kind in ("name", "kin") and not r.possessive and set(r.persons) - set(head.persons)
           for r in refs if head.end <= r.start < pos):
        return []  # "X, 29, said that her father, Y, 61, had been convicted": Y is nearer and named
    return list(head.persons)


# "They also have a father who died in custody": an indefinite noun before "who" is someone the text
# does not name, so the subject is not the nearest person before it.
_UNNAMED_WHO = re.compile(r"\b(?:a|an|another|one|two|three|four)\s+(?:[\w\-]+\s+){0,2}?(?P<head>[a-z\-]+)\s*,?\s+"
                          r"who\s+(?:(?:had|has|have|was|were|is|are|later|also|then|never|still)\s+){0,2}$")


def _unnamed_antecedent(text: str, refs: Sequence[Reference], ss: int, pos: int) -> bool:
    """Whether the trigger at `pos` opens a relative clause about an indefinite, unnamed noun."""
    m = _UNNAMED_WHO.search(text, max(ss, pos - 60), pos)
    if m is None or any(r.start < m.end("head") and m.start("head") < r.end and r.persons for r in refs):
        return False
    # "Tileubaikyzy, a pensioner who moved …": an apposition to a name describes that person.
    return not any(r.persons and re.fullmatch(r"\s*(?:,\s*\d{1,3}\s*)?,\s*", text[r.end:m.start()])
                   for r in refs if r.end <= m.start())


def subjects_of(text: str, match: TriggerMatch, refs: Sequence[Reference], ss: int, se: int) -> list[str] | None:
    """Whom the trigger `match` of the sentence `[ss, se)` happened to, from its role in the lexicon.

    Returns:
        Person ids; an empty list when no one is named; None when the subject is generic ("people"),
        so that no event is made.
    """
    role = match.trigger.role
    if role == "after":
        # "did not know where he was": the one whose whereabouts are unknown, not the one who asks;
        # "in his final word, X asked": the name after the opening phrase's comma
        comma = _LEADING_COMMA.match(text, match.end)
        begin = comma.end() if comma else match.end
        return _right(text, refs, begin, min(se, begin + 50), begin)
    if role == "owner":
        # "seized his passport", "her phone was confiscated": the owner is whose things were taken.
        owners = [r for r in refs if r.possessive and r.persons and abs(r.start - match.start) <= 80]
        within = [r for r in owners if match.start <= r.start < match.end]
        if within:
            return list(within[-1].persons)  # "refused to renew his sister's passport": the sister's
        if owners:
            return list(min(owners, key=lambda r: abs(r.start - match.start)).persons)
        role = "object"
    if role == "object" and _PASSIVE.search(text[max(ss, match.start - 40):match.start]):
        role = "subject"
    if role == "object":
        found = _right(text, refs, match.start, min(se, match.end + 50), match.end)
        if found is None:
            return None
        if found:
            return found
        return _shared_subject(text, refs, ss, match) or left_subject(text, refs, ss, match.start,
                                                               allow_possessive_at=match.start)
    if role == "noun":
        possessor = left_subject(text, refs, max(ss, match.start - 30), match.start, allow_possessive_at=match.start)
        if possessor:
            return possessor
        of = re.match(r"\s+of\s+", text[match.end:match.end + 6])
        if of:
            found = _right(text, refs, match.end, min(se, match.end + 40), match.end)
            if found:
                return found
        return left_subject(text, refs, ss, match.start)
    shared = _shared_subject(text, refs, ss, match) or _head_before_aside(text, refs, ss, match.start)
    if shared:
        return shared
    if _unnamed_antecedent(text, refs, ss, match.start):
        return None
    inside = [r for r in refs if match.start <= r.start < match.end and r.persons and not r.possessive]
    left = left_subject(text, refs, ss, match.start, allow_possessive_at=match.start)
    if left is None:
        return None
    return left or (list(inside[0].persons) if inside else [])


def shares_subject(text: str, ss: int, match: TriggerMatch) -> bool:
    """Whether the trigger follows "and was" / "and were", sharing the subject of the verb before it."""
    auxiliary = re.match(r"(?:was|were|had\s+been|has\s+been|got)\s+", text[match.start:match.end], re.IGNORECASE)
    end = match.start + (auxiliary.end() if auxiliary else 0)
    return _SHARED_SUBJECT.search(text, max(ss, end - 50), end) is not None


def _shared_subject(text: str, refs: Sequence[Reference], ss: int, match: TriggerMatch) -> list[str]:
    """ "He went to China to visit his grandfather and was taken by police": whom the second verb happened
    to is the subject of the first, not the last person named in the first verb's object."""
    auxiliary = re.match(r"(?:was|were|had\s+been|has\s+been|got)\s+", text[match.start:match.end], re.IGNORECASE)
    end = match.start + (auxiliary.end() if auxiliary else 0)
    shared = _SHARED_SUBJECT.search(text, max(ss, end - 50), end)
    if shared is None:
        return []
    # "X said her mother still lives in Tacheng and had been questioned": the reported clause's subject.
    clause_start = ss + max([0] + [m.end() for m in re.finditer(r"[;:]|\b(?:said|says|told\s+\w+|added|explained)\s+(?:that\s+)?",
                                                                  text[ss:shared.start()])])
    first = next((i for i, r in enumerate(refs) if clause_start <= r.start < shared.start() and r.persons
                  and not r.possessive and r.kind != "generic"), None)
    return _with_conjuncts(text, refs, first) if first is not None else []
