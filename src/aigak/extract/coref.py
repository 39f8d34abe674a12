"""Who "he", "they", "we" and "the men" are: pronoun and description resolution good enough for events.

The resolver reads the body once, in order, keeping the last man, the last woman and the last group
(two or more people named together: "X and Y", "X and his wife Y", "with my business partner Y").
Inside a quotation, "I/me/my" is the speaker and "we/us/our" the speaker with the companions named
with them; "they" there is usually the authorities and resolves to nobody. Generic plurals ("those
who", "people", "others") are recorded as blockers so that claims about groups do not become events
about a person.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from aigak.extract.persons import Person
from aigak.extract.quotes import Quote
from aigak.extract.sources import fix_source_pronouns
from aigak.extract.transcripts import is_question_line, line_roles, line_speakers

__all__ = ["GENERIC_NOUNS", "PARTY_ROLES", "ROLE_NOUNS", "Reference", "Resolver", "is_teller_aside", "kin_links_of",
           "mentions_kin_description", "resolve_references", "resolve_to_relatives", "role_bindings"]


def _split(words: str) -> list[str]:
    """The white-space separated words of a literal (word lists read better as text)."""
    return words.split()

_PRONOUN = re.compile(
    r"\b(?:he|him|his|himself|she|her|hers|herself|they|them|their|theirs|themselves|I|me|my|mine|myself|"
    r"we|us|our|ours|ourselves|He|Him|His|She|Her|They|Them|Their|Me|My|We|Us|Our|you|your|You|Your)\b")
_GROUP_NOUNS = (r"men|women|pair|couple|two|three|brothers|sisters|refugees|activists|asylum[ -]seekers|"
                r"family|families|defendants|detainees|migrants|spouses|politicians|journalists|"
                r"(?!(?:States|Nations|Emirates|Islands|Netherlands|Philippines|Maldives|Bahamas|Seychelles|Comoros|"
                r"Mountains|Alps|Urals|Americas|Balkans|Territories|Provinces)\b)[A-Z][a-z]+s")
_GROUP_DESCRIPTION = re.compile(
    rf"\b(?:[Tt]he|[Bb]oth|[Tt]hese)\s+(?:(?:two|three|four|young|elderly|[A-Z][a-z]+|[a-z]+-[a-z]+)\s+){{0,3}}"
    rf"(?:{_GROUP_NOUNS})\b(?!['’]\w)"
    # "Both had been held in a camp": "both" alone before its verb
    r"|\b[Bb]oth(?=\s+(?:had|have|has|were|are|was|said|say|told|tell|fled|crossed|applied|remain|remained|"
    r"spent|\w+ed)\b)")
_SINGLE_DESCRIPTION = re.compile(
    r"\b(?:[Tt]he)\s+(?:(?:young|elderly|former|[A-Z][a-z]+)\s+){0,2}"
    r"(?P<noun>man|woman|boy|girl|activist|refugee|defendant|detainee|plaintiff|applicant|journalist|"
    r"blogger|citizen of [A-Z][a-z]+|[A-Z][a-z]+ citizen|asylum seeker|prisoner)\b")
# "The 38-year-old Tajik citizen was detained": the person the text gave that age ("X, 38,").
_AGED_DESCRIPTION = re.compile(r"\b[Tt]he\s+(?P<age>\d{1,3})-year-old\b(?:\s+(?:[A-Z][a-z]+|[a-z]+)){0,2}?"
                               r"(?=\s+(?:was|were|is|has|had|said|told|who|,|now|still|also|then|fled|left|came|went|"
                               r"spent|got|took|became|ran|[a-z]{3,}ed\b|[a-z]{3,}s\b(?!\s+of\b)))")
_AGE_AFTER_NAME = re.compile(r",\s*(?:aged\s+)?(\d{1,3})\s*[,.]")
GENERIC_NOUNS: frozenset[str] = frozenset(_split("""
people persons those others residents prisoners detainees inmates citizens kazakhs uyghurs uighurs
muslims minorities employees officials workers men women children students believers refugees
migrants villagers locals anyone everyone nobody someone many some thousands hundreds dozens millions
"""))
_GENERIC = re.compile(r"\b(?:[Tt]hose\s+who|[Pp]eople|[Oo]thers|(?<!(?:his|her|our|eir|.my)\s)(?:[Rr]elatives|[Ff]amilies|[Ff]amily\s+members)|[Aa]nyone|[Ee]veryone|[Mm]any\s+\w+|"
                      r"[A-Z]?[a-z]+\s+(?:employees|residents|prisoners|detainees|inmates|believers|workers)"
                      r"|(?<![Tt]he\s)(?<![Tt]wo\s)(?<!his\s)(?<!her\s)(?<!our\s)(?<!eir\s)(?<!\d\s)"
                      r"(?:[Dd]etainees|[Pp]risoners|[Ii]nmates|[Cc]ellmates)"
                      r"|[Ss]ome\s+\w+|[Tt]housands|[Hh]undreds)\b")
# A sentence that opens by comparing with someone ("Like Lagutin, he …", "Unlike her brother Askhat, she …")
# is about someone else.
_COMPARED = re.compile(r"\W*(?:Like|Unlike)\s+(?:(?:his|her|their)\s+\w+\s+)?")
# A source named at the end of the sentence that reports on someone else: ", his brother Y told Asia-Plus",
# ", Y, a lawyer, said".
_SOURCE_BEFORE = re.compile(r",\s*(?:(?:his|her|their)\s+(?:[a-z\-]+\s+){1,2}|(?:a|an|the)\s+(?:[a-z\-]+\s+){1,3})?$")
_SOURCE_AFTER = re.compile(r"(?:\s*,\s*(?:an?|the|his|her)\s+[^,.;]{1,50},)?\s+(?:told|said|says|tells|wrote|added)\b")
_AND_OTHERS = re.compile(r"^\s+and\s+(?:several\s+|many\s+|other\s+|some\s+)*(?:others|other\s+[\w\s]{0,30}?\w+s)\b")
# Between two names told together: "X and Y", "X, Y", "X and his wife Y", "X's wife, Y", and past an age
# or a birth year said of the first: "X, born 1996, and Y", "X, 34, and Y", "X (34) and Y".
_JOIN = re.compile(r"^(?:\s*,\s*(?:(?:born|aged)\s+(?:in\s+)?)?\d{1,4}\b(?:\s+years?\s+old)?|\s*\(\s*(?:born\s+|b\.\s*)?\d{1,4}\s*\))?"
                   r"\s*(?:(?:,|,?\s+and|,?\s+&)\s+(?:(?:his|her|their|my)\s+(?:[a-z\-]+\s+){0,3})?|"
                   r"['’]s\s+(?:wife|husband|spouse|partner)\s*,?\s*)$")
_WITH_COMPANION = re.compile(
    r"\b(?:with|and)\s+(?:my|his|her|our|their)\s+(?:[a-z\-]+\s+){0,3}?"
    r"(?:partner|colleague|friend|wife|husband|brother|sister|son|daughter|cousin|companion|neighbou?r)s?\s+$")
# Parties of a legal text, named once and then referred to by their role: "The author of the
# communication is X", "X (hereinafter 'the applicant')", "the applicant, X", "Submitted by: X".
ROLE_NOUNS = (r"author|applicant|complainant|petitioner|claimant|plaintiff|defendant|accused|appellant|"
              r"alleged\s+victim|victim|deceased|convict|submitter|client")
_ROLE = re.compile(rf"\b[Tt]he\s+(?P<role>{ROLE_NOUNS})\b(?!\s+of\s+(?:the\s+)?(?:communication|complaint|"
                   rf"application|petition|appeal|report|article|book|letter|study))")
_ROLE_BEFORE_NAME = re.compile(
    rf"(?:\b[Tt]he\s+(?P<role>{ROLE_NOUNS})(?:\s+of\s+the\s+(?:communication|complaint|application|petition|appeal|"
    rf"case))?(?:\s+(?:is|was)|\s*,)?\s+"
    rf"|^[ \t]*(?P<label>(?:[Ss]ubmitted|[Pp]resented)\s+by|[Aa]lleged\s+victims?|[Cc]laimant|[Aa]pplicant|"
    rf"[Cc]omplainant|[Pp]etitioner|[Aa]ppellant|[Aa]uthor|[Pp]laintiff|[Dd]efendant|[Aa]ccused|[Cc]ounsel|[Ll]awyer|"
    rf"[Rr]epresented\s+by|[Rr]epresentative|[Dd]efen[cs]e\s+(?:counsel|lawyer)|[Cc]lient|[Vv]ictim)\s*:\s*"
    rf"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?"
    rf"|\b[Rr]epresented\s+by\s+(?:(?:his|her|their|a)\s+)?(?:counsel|lawyer|attorney|advocate)\s*,?\s*)$",
    re.MULTILINE)
_LABEL_ROLE = {"submitted by": "author", "presented by": "author", "alleged victim": "victim",
               "alleged victims": "victim", "lawyer": "counsel", "represented by": "counsel",
               "representative": "counsel", "defence counsel": "counsel", "defense counsel": "counsel",
               "defence lawyer": "counsel", "defense lawyer": "counsel"}
_ROLE_AFTER_NAME = re.compile(rf"\s*(?:,\s*|\(\s*(?:hereinafter\s+)?[\"“'‘]?)[Tt]he\s+(?P<role>{ROLE_NOUNS})\b")
_KIN_DESCRIPTION = re.compile(r"\b[Tt]he\s+(?P<kin>father|mother|son|daughter|husband|wife|brother|sister|widow|"
                              r"widower)\b(?!\s+of\b|['’])")
_COUNTS = {"two": 2, "three": 3, "four": 4}
_COUNTED_GROUP = re.compile(
    r"\b(?P<n>[Tt]wo|[Tt]hree|[Ff]our)\s+(?:(?:well-known|prominent|young|elderly|local|ethnic|former|[A-Z][a-z]+)\s+){0,3}"
    r"(?:politicians|activists|men|women|journalists|lawyers|defenders|bloggers|refugees|brothers|sisters|"
    r"citizens|nationals|[A-Z][a-z]+s)\b")
_CATAPHORA_CHARS = 1500  # how far ahead "two politicians" may be named
_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}
_PLURAL3 = {"they", "them", "their", "theirs", "themselves"}
_FIRST = {"i", "me", "my", "mine", "myself"}
_FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}
_GROUP_MEMORY_SENTENCES = 6
# A person of unknown gender named since the last man (woman) is "he" ("she") only this many sentences
# on; further on, "he" goes back to the man the text is about.
_UNKNOWN_GENDER_REACH = 2
# "…, who, he said, was taken": a speech tag set inside a relative clause.
_TELLER_ASIDE = re.compile(r"\s+(?:said|says|recalled|added|believes|believed|thinks|thought)\s*,")
_RELATIVE_WHO = re.compile(r"\bwho\s*,\s*$")


def is_teller_aside(text: str, sentence_start: int, start: int, end: int) -> bool:
    """Whether the pronoun at `[start, end)` tells who is speaking inside a relative clause ("his friend X,
    who, he said, was taken"): it is then the teller, never the person the clause is about."""
    return _TELLER_ASIDE.match(text, end) is not None and _RELATIVE_WHO.search(text, sentence_start, start) is not None
_MIN_FALLBACK_WORDS = 8  # a shorter unattributed quote is a sign, a slogan or a title, not testimony


@dataclass(frozen=True, slots=True)
class Reference:
    """A span that refers to people, and whom it refers to.

    Attributes:
        start, end: the referring words.
        kind: "name", "pronoun", "description", "kin" (an unnamed relative) or "generic".
        persons: the person ids referred to; empty when unresolved or generic.
        in_quote: whether the span lies inside a quotation.
        possessive: whether it is a possessive form ("his", "Qaster's").
    """

    start: int
    end: int
    kind: str
    persons: tuple[str, ...]
    in_quote: bool = False
    possessive: bool = False


@dataclass(slots=True)
class Resolver:
    """All references of a document, searchable by position."""

    references: list[Reference] = field(default_factory=list)
    speakers: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def between(self, start: int, end: int) -> list[Reference]:
        """References that lie inside `[start, end)`, in text order."""
        return [r for r in self.references if r.start >= start and r.end <= end]

    def at(self, start: int, end: int) -> Reference | None:
        """The reference covering exactly or overlapping `[start, end)`, if any."""
        for r in self.references:
            if r.start < end and start < r.end:
                return r
        return None

    def add(self, ref: Reference) -> None:
        self.references.append(ref)
        self.references.sort(key=lambda r: (r.start, -r.end))


_NOT_NOUN_AFTER_HER = frozenset(_split("""
to for with in on at and or twice again that from of by as about into up down out away off back a an the because
when if but so since until before after while who which where there here then than alone herself home once
"""))


def _her_is_possessive(text: str, end: int) -> bool:
    """ "her flat" (possessive) or "summoned her twice" (object)?"""
    m = re.match(r"\s*([A-Za-z][\w\-]*)", text[end:end + 30])
    if not m or text[end:end + 1] in ",.;:!?)\"”":
        return False
    word = m.group(1)
    return word.lower() not in _NOT_NOUN_AFTER_HER and not word[0].isupper() and not word[0].isdigit()


def _quote_at(quotes: Sequence[Quote], pos: int) -> Quote | None:
    for q in quotes:
        if q.start <= pos < q.end:
            return q
    return None


def resolve_references(
    text: str,
    sentences: Sequence[tuple[int, int]],
    persons: Sequence[Person],
    quotes: Sequence[Quote],
    *,
    narrator: str | None = None,
    kin_links: Mapping[tuple[str, str], str] | None = None,
) -> Resolver:
    """Resolve names, pronouns and descriptions of the body to person ids, in one pass.

    Args:
        text: the document text.
        sentences: the body's sentences, in order.
        persons: the named persons with their mentions.
        quotes: the quotations with their speaker spans.
        narrator: the person writing in the first person outside quotes, when the text names them.
        kin_links: named relatives by (person id, kinship word): ("n2", "father") → "n1". With it,
            "the father" resolves to the father of the person the story was last about.
    """
    gender = {p.id: p.gender for p in persons}
    roles = role_bindings(text, persons)
    # "Ms. Aigul Tursun: … I was taken": in a transcript the label says whose "I" a line's is.
    labelled = line_speakers(text, persons, sentences[0][0], sentences[-1][1]) if sentences else {}
    label_spans = {(s, e) for s, e, _ in labelled.values()}
    # "Q: … A: …", "— …?" / "— …", "D.K.: … A.T.: …": who asks and who answers on each marked line.
    turns = line_roles(text, persons, narrator, sentences[0][0], sentences[-1][1]) if sentences else {}

    def asking(pos: int) -> bool:
        role = turns.get(text.rfind("\n", 0, pos) + 1)
        return role == "question" or role is None and is_question_line(text, pos)

    def line_speaker(pos: int) -> str | None:
        found = labelled.get(text.rfind("\n", 0, pos) + 1)
        return found[2] if found is not None and found[1] <= pos else None
    mention_owner = sorted((s, e, p.id) for p in persons for s, e in p.mentions)
    resolver = Resolver()
    last: dict[str | None, str] = {}
    named_at: dict[str, int] = {}
    named_in: dict[str, int] = {}  # the sentence each person was last named in
    group: list[str] = []
    group_sentence = -100
    group_is_couple = False  # a married couple stays "they" much longer than two people named together
    quote_speaker: dict[int, tuple[str, ...]] = {}
    pending: list[tuple[int, int, int]] = []
    companions: dict[str, list[str]] = {}

    def speaker_of(q: Quote, index: int) -> tuple[str, ...]:
        if q.start in quote_speaker:
            return quote_speaker[q.start]
        who: tuple[str, ...] = ()
        if q.speaker is not None:
            s, e = q.speaker
            owners = [pid for ms, me, pid in mention_owner if ms < e and s < me]
            if owners:
                who = (owners[0],)
            else:
                word = text[s:e].lower()
                if word in ("he", "his", "she", "her"):
                    found = last.get("male" if word in ("he", "his") else "female") or last.get(None)
                    who = (found,) if found else ()
                elif word in ("they", "their") and group:
                    who = tuple(group)
        elif q.speaker_continues and index > 0:
            prev = [x for x in quotes if x.end <= q.start]
            if prev:
                who = quote_speaker.get(prev[-1].start, ())
        if not who and last.get(None) and len(text[q.start:q.end].split()) >= _MIN_FALLBACK_WORDS:
            # Unattributed speech belongs to the person the story is about at that point.
            who = (last[None],)
        quote_speaker[q.start] = tuple(w for w in who if w)
        return quote_speaker[q.start]

    # Speakers named after their quote are resolved before the quote is read.
    for index, q in enumerate(quotes):
        if q.speaker is not None and any(ms < q.speaker[1] and q.speaker[0] < me for ms, me, _ in mention_owner):
            speaker_of(q, index)

    ages = {pid: m.group(1) for ms, me, pid in mention_owner if (m := _AGE_AFTER_NAME.match(text, me))}
    for sent_index, (ss, se) in enumerate(sentences):
        items: list[tuple[int, int, str, str]] = []
        items += [(ms, me, "name", pid) for ms, me, pid in mention_owner if ss <= ms < se]
        items += [(m.start(), m.end(), "pronoun", m.group()) for m in _PRONOUN.finditer(text, ss, se)]
        items += [(m.start(), m.end(), "group", m.group()) for m in _GROUP_DESCRIPTION.finditer(text, ss, se)]
        items += [(m.start(), m.end(), "single", m.group("noun")) for m in _SINGLE_DESCRIPTION.finditer(text, ss, se)]
        items += [(m.start(), m.end(), "aged", m.group("age")) for m in _AGED_DESCRIPTION.finditer(text, ss, se)]
        if roles:
            items += [(m.start(), m.end(), "role", _role_key(m.group("role")))
                      for m in _ROLE.finditer(text, ss, se) if _role_key(m.group("role")) in roles]
        items += [(m.start(), m.end(), "generic", m.group()) for m in _GENERIC.finditer(text, ss, se)]
        items += [(m.start(), m.end(), "counted", m.group("n").lower()) for m in _COUNTED_GROUP.finditer(text, ss, se)]
        if kin_links:
            items += [(m.start(), m.end(), "kin_desc", m.group("kin").lower())
                      for m in _KIN_DESCRIPTION.finditer(text, ss, se)]
        # A party bound by its role ("Applicant: X … the applicant") is that party, not the last man named.
        items.sort(key=lambda x: (x[0], -x[1], x[2] != "role"))
        names_here: list[tuple[int, int, str]] = []
        covered = -1
        for start, end, kind, value in items:
            if start < covered:
                continue
            covered = end
            quote = _quote_at(quotes, start)
            in_quote = quote is not None and not (
                quote.attribution is not None and quote.attribution[0] <= start < quote.attribution[1])
            if kind == "name":
                pid = value
                names_here.append((start, end, pid))
                possessive = text[end:end + 2] in ("'s", "’s")
                resolver.add(Reference(start, end, "name", (pid,), in_quote, possessive))
                if (start, end) in label_spans:
                    continue  # the speaker labelling a line is not who the talk is about
                if _COMPARED.fullmatch(text, ss, start):
                    continue  # "Like Lagutin, he is a Russian citizen": "he" is someone else
                if possessive and not in_quote and any(
                        other != pid and not text[e2:e2 + 2] in ("'s", "’s") and gender.get(other) == gender.get(pid)
                        for _, e2, other in names_here[:-1]):
                    # "Askhat was detained in 2018 - some months after Yerlan's arrest - … His release …": a
                    # possessive said in passing does not take "his" from the sentence's subject.
                    continue
                if len(names_here) >= 2 and names_here[-2][2] != pid and _SOURCE_AFTER.match(text, end) \
                        and _SOURCE_BEFORE.search(text, names_here[-2][1], start):
                    # "X was detained on 28 January, his brother Y told Asia-Plus. On 7 February he was
                    # deported": the source named after the news is not who the story goes on about.
                    continue
                if not in_quote:
                    last[None] = pid
                    last[gender.get(pid) or "unknown"] = pid
                    named_at[pid] = start
                    named_in[pid] = sent_index
                # "X and Y", "X and his wife Y": a group is formed.
                if len(names_here) >= 2:
                    _, pe, prev = names_here[-2]
                    joint = _JOIN.match(text[pe:start])
                    if prev != pid and joint:
                        if group_sentence == sent_index and prev in group:
                            group = [*group, pid] if pid not in group else group
                        else:
                            group = [prev, pid]
                        group_sentence = sent_index
                        group_is_couple = bool(re.search(r"wife|husband|spouse", joint.group()))
                if _AND_OTHERS.match(text[end:end + 60]):
                    group = [pid]
                    group_sentence = sent_index
                continue
            if kind == "generic":
                resolver.add(Reference(start, end, "generic", (), in_quote))
                continue
            if kind == "group":
                recent = sent_index - group_sentence <= _GROUP_MEMORY_SENTENCES * 3
                # "the brothers' aunt": a plural possessive owns what follows
                plural_owner = text[end:end + 1] in ("'", "’")
                resolver.add(Reference(start, end, "description", tuple(group) if recent else (), in_quote,
                                       plural_owner))
                if recent and group and not in_quote:
                    # "X and Y … The defendants pleaded guilty. In their testimony they stated": the
                    # description names the group again, so "they" after it is still the group.
                    group_sentence = sent_index
                continue
            if kind == "counted":
                # "two well-known Kazakh politicians" … later "declared X", "Y stated": bound after the pass.
                if not in_quote:
                    pending.append((start, end, _COUNTS[value]))
                continue
            if kind == "kin_desc":
                lately = [last.get(None), last.get("male"), last.get("female"), last.get("unknown")]
                target = next((kin_links[(pid, value)] for pid in lately if pid and kin_links
                               and (pid, value) in kin_links), None)
                resolver.add(Reference(start, end, "description", (target,) if target else (), in_quote))
                if target and not in_quote:
                    last[None] = target
                    last[gender.get(target) or "unknown"] = target
                continue
            if kind == "role":
                pid = roles[value]
                possessive = text[end:end + 2] in ("'s", "’s")
                resolver.add(Reference(start, end, "description", (pid,), in_quote, possessive))
                if not in_quote:
                    last[None] = pid
                    last[gender.get(pid) or "unknown"] = pid
                continue
            if kind == "aged":
                bearers = {pid for pid, age in ages.items() if age == value}
                chosen = next(iter(bearers)) if len(bearers) == 1 else last.get(None)
                resolver.add(Reference(start, end, "description", (chosen,) if chosen else (), in_quote))
                if chosen and not in_quote:
                    last[None] = chosen
                    last[gender.get(chosen) or "unknown"] = chosen
                continue
            if kind == "single":
                noun = value.lower()
                want = "female" if noun in ("woman", "girl") else "male" if noun in ("man", "boy") else None
                chosen = last.get(want) if want else last.get(None)
                resolver.add(Reference(start, end, "description", (chosen,) if chosen else (), in_quote))
                continue
            word = value.lower()
            possessive = word in {"his", "their", "my", "our", "its", "your"} or (word == "her" and _her_is_possessive(text, end))
            who: tuple[str, ...] = ()
            if in_quote and quote is not None:
                speaker = speaker_of(quote, quotes.index(quote))
                if word in _FIRST:
                    who = speaker
                elif word in _FIRST_PLURAL:
                    mates = [c for sp in speaker for c in companions.get(sp, [])]
                    if not mates and group and set(speaker) & set(group):
                        mates = group
                    who = tuple(dict.fromkeys([*speaker, *mates]))
                elif word in _MALE or word in _FEMALE:
                    g = "male" if word in _MALE else "female"
                    inside = [pid for ms, me, pid in mention_owner if quote.start <= ms < start
                              and pid not in speaker and gender.get(pid) in (g, None)]
                    who = (inside[-1],) if inside else ()
                # "they" inside a quote is mostly the authorities: left unresolved.
            elif word in ("you", "your"):
                # In an interview transcript the interviewer's "you" is the witness.
                speaking = line_speaker(start)
                asked = asking(start) or speaking is not None and speaking != narrator
                who = (narrator,) if narrator and asked else ()
            elif (word in _FIRST or word in _FIRST_PLURAL) and line_speaker(start) is not None:
                speaking = line_speaker(start)
                assert speaking is not None
                who = (speaking,) if word in _FIRST else tuple(dict.fromkeys([speaking, *companions.get(speaking, [])]))
            elif word in _FIRST or word in _FIRST_PLURAL:
                # In a transcript the interviewer's "I" and "me" are not the witness's.
                asks = narrator is not None and asking(start)
                who = (narrator,) if narrator and not asks else ()
                if word in _FIRST_PLURAL and narrator and not asks:
                    who = tuple(dict.fromkeys([narrator, *companions.get(narrator, [])]))
            elif word in _MALE or word in _FEMALE:
                g = "male" if word in _MALE else "female"
                latest = last.get(None)
                unknown = latest if latest and gender.get(latest) is None else None
                chosen = last.get(g) or unknown
                # "his friend Ma Yuxiang, who, he said, was taken": the teller's aside is not about the one told of
                aside = is_teller_aside(text, ss, start, end)
                if unknown and named_at.get(unknown, -1) > named_at.get(chosen or "", -1) and not (aside and chosen) and (
                        chosen is None or sent_index - named_in.get(unknown, -100) <= _UNKNOWN_GENDER_REACH):
                    chosen = unknown  # a man named before, and someone of unknown gender named since
                who = (chosen,) if chosen else ()
                if chosen and gender.get(chosen) is None and not in_quote:
                    # "Mehmet Tokhti … His daughter Zulfiya … that he had died": "his" told us he is a man.
                    gender[chosen] = g
                    last[g] = chosen
            elif word in _PLURAL3:
                memory = _GROUP_MEMORY_SENTENCES * (4 if group_is_couple else 1)
                recent = sent_index - group_sentence <= memory
                who = tuple(group) if group and recent else ()
            resolver.add(Reference(start, end, "pronoun", who, in_quote, possessive))
            if not in_quote and len(who) == 1 and word in _MALE | _FEMALE:
                last[None] = who[0]
            if in_quote and word in _FIRST_PLURAL and len(who) >= 2:
                group = list(who)
                group_sentence = sent_index
        # "with my business partner X" makes X a companion of the speaker.
        for start, end, pid in names_here:
            m = _WITH_COMPANION.search(text[max(ss, start - 80):start])
            if not m:
                continue
            around = _quote_at(quotes, start)
            owner: tuple[str, ...] = ()
            if around is not None and re.search(r"\b(?:my|our)\b", m.group()):
                owner = speaker_of(around, quotes.index(around))
            else:
                ref = resolver.at(max(ss, start - 80) + m.start() + len(m.group().split()[0]) + 1, start)
                owner = ref.persons if ref else ()
            for o in owner:
                if o != pid:
                    companions.setdefault(o, []).append(pid)
                    companions.setdefault(pid, []).append(o)
                    group = [o, pid]
                    group_sentence = sent_index
    for q in quotes:
        resolver.speakers[q.start] = quote_speaker.get(q.start) or speaker_of(q, quotes.index(q))
    first_mention = {p.id: min(s for s, _ in p.mentions) for p in persons if p.mentions and p.name}
    for start, end, count in pending:
        newcomers = sorted((pos, pid) for pid, pos in first_mention.items() if end <= pos < end + _CATAPHORA_CHARS)
        if len(newcomers) >= count:
            resolver.add(Reference(start, end, "description", tuple(pid for _, pid in newcomers[:count])))
    if sentences:
        fix_source_pronouns(text, resolver, sentences[0][0], sentences[-1][1])
    return resolver


def _role_key(role: str) -> str:
    key = " ".join(role.lower().split())
    return {"alleged victim": "victim", "submitter": "author"}.get(key, key)


PARTY_ROLES: tuple[str, ...] = ("author", "applicant", "claimant", "complainant", "petitioner", "appellant",
                                "plaintiff", "defendant", "accused", "victim", "client")
"""Roles of the party a legal text is about, in the order that names the client of its counsel."""


def role_bindings(text: str, persons: Sequence[Person]) -> dict[str, str]:
    """The parties a legal text names by role, bound to the person named with the role.

    "The author of the communication is Gulmira Tokhtarova", "Submitted by: X" (the author),
    "Alleged victim: Y", "Claimant: X", "X (hereinafter 'the applicant')", "the applicant, X":
    afterwards "the author" and "the applicant's son" refer to those persons. "Counsel: Z" and
    "represented by counsel, Z" bind the role "counsel". A role bound to two people is dropped.
    """
    found: dict[str, set[str]] = {}
    for p in persons:
        if not p.name:
            continue
        for s, e in p.mentions:
            before = _ROLE_BEFORE_NAME.search(text, max(0, s - 80), s)
            after = _ROLE_AFTER_NAME.match(text, e)
            if before is not None:
                if before.group("role"):
                    role = _role_key(before.group("role"))
                elif before.group("label"):
                    label = " ".join(before.group("label").lower().split())
                    role = _LABEL_ROLE.get(label, label)
                else:
                    role = "counsel"  # "(represented by counsel, X)"
                found.setdefault(role, set()).add(p.id)
            if after is not None:
                found.setdefault(_role_key(after.group("role")), set()).add(p.id)
    return {role: next(iter(ids)) for role, ids in found.items() if len(ids) == 1}


_RELATIVE_REACH_CHARS = 400  # how far back an unnamed relative is still "he" or "she"


def resolve_to_relatives(text: str, resolver: Resolver, persons: Sequence[Person],
                         sentences: Sequence[tuple[int, int]] = ()) -> None:
    """Let "he" and "she" refer to relatives named by kinship words, once relations are known.

    "whose father has been missing … He called me": an unresolved pronoun after an unnamed relative
    of its gender is that relative. "His son Timur says police detained his father and took him":
    an object "him" or "her" whose antecedent was named before a relative of its gender, in the
    relative's clause, refers to the relative, the nearer of the two; so does a "he" or "she" opening
    the sentence after one that told of the relative without naming the antecedent again.
    """
    gender = {p.id: p.gender for p in persons if not p.is_plural and p.gender}
    _the_relative(text, resolver, persons)
    _the_relatives(text, resolver, persons)
    kin_refs = [r for r in resolver.references if r.kind == "kin" and len(r.persons) == 1 and r.persons[0] in gender]
    if not kin_refs:
        return
    for i, ref in enumerate(resolver.references):
        word = text[ref.start:ref.end].lower()
        wanted = "male" if word in _MALE else "female" if word in _FEMALE else None
        if ref.kind != "pronoun" or wanted is None:
            continue
        prior = [k for k in kin_refs if k.end <= ref.start and ref.start - k.end <= _RELATIVE_REACH_CHARS
                 and gender[k.persons[0]] == wanted]
        if not prior:
            continue
        nearest = prior[-1]
        if not ref.persons:
            resolver.references[i] = replace(ref, persons=nearest.persons)
            continue
        if len(ref.persons) != 1 or nearest.persons == ref.persons or ref.in_quote or ref.possessive:
            continue
        index = next((k for k, (s, e) in enumerate(sentences) if s <= ref.start < e), None)
        if index is None:
            continue
        sentence = sentences[index]
        opens = word in ("he", "she") and not text[sentence[0]:ref.start].strip()
        if opens:
            # "X says her father was sent to a camp. He was released in 2019.": the new sentence goes on
            # about the relative the last one told of.
            # A new paragraph goes back to whom the story is about: "They have a son. ¶ He applied for asylum".
            if index == 0 or nearest.start < sentences[index - 1][0] or "\n" in text[nearest.end:ref.start] or any(
                    sentences[index - 1][0] <= r.start < sentence[0] and r.persons == ref.persons
                    for r in resolver.references):
                continue
        elif word not in ("him", "her") or re.search(r"[,;:]", text[nearest.end:ref.start]) \
                or nearest.start < sentence[0]:
            continue  # an object in the relative's own clause: "detained his father … and took him"
        chosen_at = [r.end for r in resolver.references if r.persons == ref.persons and r.end <= ref.start
                     and r.kind in ("name", "kin")]
        if chosen_at and chosen_at[-1] <= nearest.start:
            resolver.references[i] = replace(ref, persons=nearest.persons)


def _the_relative(text: str, resolver: Resolver, persons: Sequence[Person]) -> None:
    """ "His 72-year-old father lives in Tacheng … police summoned the father": "the father" is the
    unnamed father told of shortly before (a named one is found earlier, through `kin_links`)."""
    described = {p.id: (p.description or "").lower() for p in persons if not p.name and not p.is_plural}
    kin_refs = [r for r in resolver.references if r.kind == "kin" and len(r.persons) == 1 and r.persons[0] in described]
    if not kin_refs:
        return
    for m in _KIN_DESCRIPTION.finditer(text):
        existing = resolver.at(m.start(), m.end())
        if existing is not None and existing.persons:
            continue
        prior = [k for k in kin_refs if k.end <= m.start() and m.start() - k.end <= 2 * _RELATIVE_REACH_CHARS
                 and described[k.persons[0]] == m.group("kin").lower()]
        if not prior or len({k.persons for k in prior}) != 1:
            continue  # two unnamed fathers (of two people) told of: which one is meant is unclear
        if existing is not None:
            resolver.references.remove(existing)
        resolver.add(Reference(m.start(), m.end(), "kin", prior[-1].persons))


# The gender a group description says its members have: "the young men", "the sisters".
_GROUP_NOUN_GENDER = re.compile(r"\b(?:(?P<male>men|brothers|sons|boys)|(?P<female>women|sisters|daughters|girls))$")


def _the_relatives(text: str, resolver: Resolver, persons: Sequence[Person]) -> None:
    """ "X and his wife Y said their two sons were held … the young men were moved": a group description
    that cannot be the people named together (a man and a woman are not "the young men") is the plural
    relatives told of shortly before, and so is "they" after it in the sentence."""
    gender = {p.id: p.gender for p in persons}
    plural = {p.id: p.gender for p in persons if p.is_plural and not p.name}
    kin_refs = [r for r in resolver.references if r.kind == "kin" and len(r.persons) == 1 and r.persons[0] in plural]
    if not kin_refs:
        return
    for i, ref in enumerate(list(resolver.references)):
        noun = _GROUP_NOUN_GENDER.search(text[ref.start:ref.end]) if ref.kind == "description" else None
        if noun is None:
            continue
        wanted = "male" if noun.group("male") else "female"
        if ref.persons and all(gender.get(p) in (wanted, None) for p in ref.persons):
            continue  # "X and Y … the two men": the people named together fit
        prior = [k for k in kin_refs if k.end <= ref.start and ref.start - k.end <= _RELATIVE_REACH_CHARS
                 and plural[k.persons[0]] in (wanted, None)]
        if not prior:
            continue
        relatives, old = prior[-1].persons, ref.persons
        sentence_end = min((m.start() + 1 for m in re.finditer(r"[.!?](?:\s|$)", text[ref.end:])), default=0)
        for j, other in enumerate(resolver.references):
            if other is ref or old and other.persons == old and other.kind == "pronoun" and not other.in_quote \
                    and ref.end <= other.start < ref.end + sentence_end \
                    and text[other.start:other.end].lower() in _PLURAL3:
                resolver.references[j] = replace(other, persons=relatives)


_KIN_WORDS = {"parent": ("father", "mother"), "child": ("son", "daughter"), "spouse": ("husband", "wife", "widow", "widower"),
              "sibling": ("brother", "sister")}
_KIN_GENDER = {"father": "male", "mother": "female", "son": "male", "daughter": "female", "husband": "male",
               "wife": "female", "widow": "female", "widower": "male", "brother": "male", "sister": "female"}
_INVERSE = {"parent": "child", "child": "parent", "spouse": "spouse", "sibling": "sibling"}


def mentions_kin_description(text: str, start: int, end: int) -> bool:
    """Whether the text says "the father", "the wife", … somewhere in `[start, end)`."""
    return _KIN_DESCRIPTION.search(text, start, end) is not None


def kin_links_of(ties: Sequence[tuple[str, str, str]], genders: Mapping[str, str | None]) -> dict[tuple[str, str], str]:
    """Named relatives by (person, kinship word), from (source, type, target) ties between named persons."""
    links: dict[tuple[str, str], str] = {}
    for source, kind, target in ties:
        for a, rel, b in ((source, kind, target), (target, _INVERSE.get(kind, ""), source)):
            for word in _KIN_WORDS.get(rel, ()):
                if genders.get(b) in (_KIN_GENDER[word], None):
                    links.setdefault((a, word), b)
    return links
