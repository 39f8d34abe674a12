"""Who a kinship phrase names and whose relative it is, read from the words around it.

"My father is X" (a copula), "Bolat, my father's younger brother," (apposition), "his sons, A and B"
(a list after a plural), "Family situation: wife X" (a record's field, about the record's subject),
"a cousin …, she said" (the teller), "Mum" (the narrator's parent). `relations.py` asks these
helpers and records the ties.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from aigak.extract.coref import Resolver

__all__ = ["COPULA_NAME", "DESCRIBED_OWNER", "FAMILY_FIELD", "FAMILY_NAME", "SECOND_KIN_PHRASE", "SOME_RELATIVE",
           "apposed_name", "names_listed", "narrator_of", "paragraph_head", "quote_covers", "record_subject", "teller_or_focus",
           "unnamed_rest"]

# "My father is Qabylbek Tursynuly", "My husband's name is Rakhat": a relative named by a copula.
COPULA_NAME = re.compile(r"(?:['’]s\s+(?:full\s+)?name)?\s+(?:is|was)\s+(?:called\s+|named\s+)?"
                          r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?")


# "the boy's father", "the woman's husband", "the detainee's mother": a kinship owner named by a noun that
# refers back to someone (`coref.py` resolves "the boy" to the last boy or man told of).
DESCRIBED_OWNER = (r"[Tt]he\s+(?:(?:young|elderly|former)\s+)?(?:boy|girl|man|woman|detainee|prisoner|refugee|"
                   r"activist|journalist|blogger|asylum\s+seeker)['’]s"
                   # "the brothers' aunt", "the two sisters' mother": a plural owner, each one of the group
                   r"|[Tt]he\s+(?:two\s+|three\s+)?(?:brothers|sisters|siblings|defendants|detainees)['’](?!\w)")


# "Her husband and the boy's father, X": a second kinship phrase for the same person before the name.
SECOND_KIN_PHRASE = re.compile(r"\s+and\s+(?:the\s+[a-z]+['’]s|his|her|their|my|our)\s+[a-z\-]+(?=\s*,)")


_LIST_JOIN = re.compile(r"\s*(?:,\s*and|,|and)\s+")

# ", now 15,", ", aged 11,", " (15),": an age set beside a listed name, before the list goes on.
_LISTED_AGE = re.compile(r"\s*(?:,\s*(?:now\s+|aged\s+)?\d{1,2}\s*(?=,)|\(\s*\d{1,2}\s*\))")

# "Their three children – Nigara, now 15, and two boys": a name listed before relatives left unnamed.
_UNNAMED_REST = re.compile(r"\s*,?\s+and\s+(?:an?|one|two|three|four|five|\d)\s+[a-z]")


# What may follow a kinship phrase set in apposition: "Bolat, my father's younger brother, chose …", or a
# second description of the same person: "Klara, the boys' aunt and a teacher in Taraz, said …".
_APPOSITION_END = re.compile(r"\s*(?:,(?!\s*(?:and|or)\b)|[.;)]|$)|\s+and\s+an?\s+[a-z]")


def names_listed(text: str, pos: int, name_at: Callable[[int], tuple[int, int, str] | None]
                  ) -> list[tuple[int, int, str]]:
    """ "his sons, Nurdaulet and Arman": two or more names listed right after a plural kinship word, or one
    name before relatives left unnamed ("their children – Nigara, 15, and two boys")."""
    first = name_at(pos)
    if first is None:
        return []
    found = [first]
    end = first[1]
    while (join := _LIST_JOIN.match(text, (age.end() if (age := _LISTED_AGE.match(text, end)) else end))):
        following = name_at(join.end())
        if following is None or following[0] != join.end():
            break
        found.append(following)
        end = following[1]
    if len(found) == 1 and unnamed_rest(text, end):
        return found
    return found if len(found) >= 2 else []


def unnamed_rest(text: str, end: int) -> bool:
    """Whether a list of relatives goes on, after the name ending at `end`, with relatives left unnamed."""
    age = _LISTED_AGE.match(text, end)
    return _UNNAMED_REST.match(text, age.end() if age else end) is not None


def apposed_name(text: str, phrase_start: int, phrase_end: int,
                  name_starts: Sequence[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    """ "My uncle Bolat, my father's younger brother, …": the name the kinship phrase is set beside."""
    if not _APPOSITION_END.match(text, phrase_end):
        return None
    return next(((s, e, pid) for s, e, pid in name_starts if e <= phrase_start
                 and re.fullmatch(r"\s*,\s*", text[e:phrase_start])), None)


FAMILY_NAME = re.compile(r"(?<![\w'’])(?:Mum|Mom|Mama|Mummy|Mommy|Dad|Daddy|Papa|Granny|Grandma|Grandpa|Grandad)\b(?!['’])")


def narrator_of(text: str, resolver: Resolver) -> str | None:
    """The person the text's own "I" and "my" are, outside quotations, when the resolver knows them."""
    counts: dict[str, int] = {}
    for r in resolver.references:
        if r.kind == "pronoun" and not r.in_quote and len(r.persons) == 1 and \
                text[r.start:r.end].lower() in ("i", "me", "my", "mine", "myself"):
            counts[r.persons[0]] = counts.get(r.persons[0], 0) + 1
    return max(counts, key=lambda pid: counts[pid]) if counts else None


# "according to a relative", "a relative said" name an unnamed source, not a tie the text tells of ("according to a cousin"
# still is one: a cousin is a particular person).
SOME_RELATIVE = re.compile(r"\b(?:[Aa]n?|[Oo]ne)\s+(?:(?:distant|close|older|younger|elderly|maternal|paternal)\s+)?"
                           r"(?P<kin>cousin|(?<![Aa]ccording\sto\sa\s)relative(?!\s+(?:said|says|told|added|explained)\b)|"
                           r"uncle|aunt|nephew|niece)\b(?!\s+of\b|['’])")


_TELLER = re.compile(r",?\s*(?:he|she|they|[A-Z][\w'’\-]+)\s+(?:said|says|told|recalled|added|explained)\b")


def quote_covers(resolver: Resolver, pos: int) -> bool:
    """Whether `pos` lies inside a quotation."""
    return any(r.in_quote and r.start <= pos < r.end for r in resolver.references)


def teller_or_focus(text: str, resolver: Resolver, sentences: Sequence[tuple[int, int]], ss: int, se: int,
                     start: int, end: int) -> tuple[str, ...]:
    """Whose relative "a cousin" is: the person who tells it in the sentence ("…, she said"), else the one
    person the story was about just before (the last singular reference of this or the previous sentence)."""
    for m in _TELLER.finditer(text, end, se):
        ref = resolver.at(m.start() + len(m.group()) - len(m.group().lstrip(", ")), m.end())
        if ref is not None and len(ref.persons) == 1 and ref.kind in ("name", "pronoun"):
            return ref.persons
    index = next((i for i, (a, b) in enumerate(sentences) if a <= start < b), 0)
    window_start = sentences[max(0, index - 1)][0]
    before = [r for r in resolver.references if window_start <= r.start < start and len(r.persons) == 1
              and r.kind in ("name", "pronoun", "kin") and not r.in_quote]
    return before[-1].persons if before else ()


# "Family situation:", "Family members:", "Relatives:" opening a record's list of relatives.
FAMILY_FIELD = re.compile(r"\b(?:Family(?:\s+(?:situation|members|member|status|details|background|ties))?|"
                           r"Relatives|Next\s+of\s+kin)\s*:\s*")


# "Subject: X", "Name: X", "Detainee: X": the field naming whom a record is about.
_SUBJECT_FIELD = re.compile(r"\b(?:Subject|Name|Full\s+name|Person|Detainee|Victim|Suspect)\s*:\s*$")


_RECORD_REACH_CHARS = 1500  # how far back the subject field of a record may be


def record_subject(text: str, pos: int, name_starts: Sequence[tuple[int, int, str]]) -> str | None:
    """Whom the record that `pos` is in is about: the person its subject field names, else the first
    person named on the line."""
    for s, _, pid in reversed(name_starts):
        if pos - _RECORD_REACH_CHARS <= s < pos and _SUBJECT_FIELD.search(text, max(0, s - 30), s):
            return pid
    return paragraph_head(text, pos, name_starts)


def paragraph_head(text: str, pos: int, name_starts: Sequence[tuple[int, int, str]]) -> str | None:
    """The first person named on the line (paragraph, list item) that `pos` is in, before `pos`."""
    line_start = text.rfind("\n", 0, pos) + 1
    return next((pid for s, _, pid in name_starts if line_start <= s < pos), None)
