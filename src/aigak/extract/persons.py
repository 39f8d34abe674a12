"""Stage 5: the people a text names, each with every place it mentions them.

A person is a run of capitalised words that is not a place, an organisation, a calendar word or a
word the same text writes in lower case. Runs of two or more such words are names; a single word is
a name only with a cue: a title or kinship word before it ("Judge X", "his wife X"), a speech verb
after it ("X says"), an age ("X, 36,"), or because it is the first name or surname of a full name
found elsewhere in the text (then it is that person's alias). Central Asian and Russian surname
endings (-uly, -kyzy, -ov, -eva, ...) and the Arabic article "Al" are part of names. Bylines and
photo credits are left out (`bylines.py`), and so are phrases in title-case headlines unless named
again below. A street of an address ("45 Zhibek Zholy street", "Zhibek Zholy 45-12") is no person. The
surname-first form of court rulings and official lists ("Nurlanuly Erbol, born 1986") is the same
person as "Erbol Nurlanuly" in the same text, and an alias of it.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from aigak.extract.bylines import is_byline
from aigak.extract.lexicon import kinship, word_list
from aigak.extract.quotes import SPEECH_VERBS

__all__ = ["NameCandidate", "Person", "find_persons", "is_common_word", "surname_like"]

_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*")
_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "ul", "van", "von", "de", "der", "da", "di", "du", "la"})
# Kyrgyz, Kazakh and Turkic patronymics written as a separate lower-case word ("Azamat Abdykadyr uulu").
# Cyrillic spellings too: "Каныбек Акматбек уулу" beside "Kanybek Akmatbek uulu".
_PATRONYMIC_WORDS = frozenset({"uulu", "kyzy", "qyzy", "kizi", "gizi", "uly", "ulı", "ogly", "oglu", "oğlu", "ugli", "qizi",
                               "уулу", "кызы", "қызы", "улы", "ұлы", "оглы", "угли", "кизи"})
_POSSESSIVE = re.compile(r"['’]s?$")
# A gerund of six letters or more ("sending", "deporting"); given names like "Ling" or "Jinping" stay
# names because only the first of three or more capitalised words is dropped.
_GERUND = re.compile(r"[a-z]{3,}ing")
# "Nine-year-old" opening a sentence before a name is the person's age, not a word of the name.
_YEAR_OLD = re.compile(r"[\w\-]+-years?-old")
_SURNAME_END = re.compile(
    r"(?:uly|ulı|uli|ulu|kyzy|qyzy|kyzi|qizi|gizi|ovich|evich|ovna|evna|ov|ova|ev|eva|yev|yeva|in|ina|"
    r"sky|skaya|enko|yan|ian|shvili|dze|bekov|bayev|bayeva|zade|oglu|oğlu|ullah|uddin|jan)$")
_AGE_AFTER = re.compile(r"^\s*(?:,\s*(?:aged?\s+)?\d{1,3}\s*,|\(\s*\d{1,3}\b|,?\s+(?:is|was|aged)\s+\d{1,3}\b)")
_DASH_WHOSE = re.compile(r"^\s*[—–-]\s*(?:whose|who)\b|^,\s*who\s+(?:was|is|had|has)\b")
_KIN_AFTER = re.compile(r"^['’]s\s+(?:\w+\s+)?(?P<kin>[a-z\-]+)")
_AND_HIS_KIN = re.compile(r"^\s+and\s+(?:his|her)\s+(?P<kin>[a-z\-]+)")
# "gives his name in Chinese transliteration, X", "renders her name as X": another spelling of a name.
_ALIAS_CUE = re.compile(r"(?:name\s+(?:appears|is\s+spel(?:led|t)|is\s+written|is\s+given)\s+as|spells\s+(?:his|her)\s+"
                        r"name|also\s+known\s+as|(?:a\.k\.a\.?|aka)|also\s+spelled|(?:gives|writes|spells|renders|records|"
                        r"lists)\s+(?:his|her)\s+name(?:\s+in\s+(?:[A-Za-z\-]+\s+){0,2}?(?:transliteration|spelling|"
                        r"characters|script|form))?\s*(?:,|\s+as))\s*$", re.IGNORECASE)
_SHORT_QUOTE = re.compile(r"[“\"«][^”\"»\n]{1,60}[”\"»]")
# An initial is a capital, or a Cyrillic sound written with two letters ("Sh. Omarova", "Zh. Bekova").
_INITIAL = r"(?:[A-ZА-ЯЁ]|Sh|Zh|Ch|Kh|Ts|Yu|Ya|Ye|Yo)\."
_INITIALS_BEFORE = re.compile(rf"(?<![\w.])(?:{_INITIAL}\s?){{1,3}}$")
_INITIAL_TOKEN = re.compile(r"^(?:[A-ZА-ЯЁ]|Sh|Zh|Ch|Kh|Ts|Yu|Ya|Ye|Yo)\.")
_INITIALS_AFTER = re.compile(rf" (?:{_INITIAL}\s?){{0,2}}{_INITIAL}(?=[\s,;:)]|$)")
_PSEUDONYM_AFTER = re.compile(r"[\"”’']?\s*\((?:not\s+(?:his|her|their)\s+real\s+name|a\s+pseudonym|(?:his|her)\s+name\s+has\s+been\s+"
                              r"changed|name\s+changed)[^)]{0,30}\)", re.IGNORECASE)
_PERSON_NOUN_BEFORE = re.compile(r"\b(?:man|woman|boy|girl|prisoner|detainee|inmate|teacher|student|neighbou?r|friend|"
                                 r"colleague|farmer|herder|driver|imam|doctor|nurse|engineer|cellmate)\s*,\s*$")
# "One of them, Nurlybek, died", "the eldest of her sons, Arman,": one of a group told of, then named.
_ONE_OF_BEFORE = re.compile(r"\b(?:[Oo]ne|[Aa]nother|[Tt]he\s+(?:eldest|youngest|oldest|elder|younger))\s+of\s+"
                            r"(?:them|(?:his|her|their|my|our|the)\s+(?:[a-z\-]+\s+){0,2}?[a-z]+s)\s*,\s*$")
_KIN_BEFORE = re.compile(r"\b(?P<kin>[a-z\-]+)\s*,?\s*$")
# "CALLER (Dina):", "WITNESS (Aigul T.):": a role labelling a transcript's line, then the speaker's name.
_ROLE_LABEL_BEFORE = re.compile(r"^[ \t]*[A-ZА-ЯЁ]{2,}[ \t]*\([ \t]*$")
_ROLE_LABEL_AFTER = re.compile(r"[ \t]*(?:[A-ZА-ЯЁ]\.[ \t]*)?\)[ \t]*:")
# "his sons, Nurdaulet and Arman", "their daughters Aisha, Mariam and Fatima", "their children – Aisha,
# now 15, and Arman": a plural kinship word of an owner, then the names listed so far.
_KIN_LIST_BEFORE = re.compile(r"(?:\b(?:[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Oo]ur)|['’]s)\s+(?:[a-z\-]+\s+){0,2}?"
                              r"(?P<kin>[a-z\-]+)\s*[,–—:]?\s*(?:[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)?\s*(?:,\s*and|,|and)\s+)"
                              r"{0,3}$")
# "X (Имя Фамилия)", "X (Kazakh: Имя Фамилия; born 1974)", "X (in Russian-language documents – Имя
# Фамилия)": a spelling in brackets right after a name, with or without the language it is written in.
_SPELLING_OPEN = re.compile(r"\s*\(\s*(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s*:\s*|(?:in|written\s+in)\s+"
                            r"(?:[\w\-]+\s+){0,3}?[\w\-]+\s*(?:[:,–—]|\s-)\s*)?")
_SPELLING_CLOSE = re.compile(r"\s*[);]")
_APPOSED_OPEN = re.compile(r"\s*[–—,]\s*|\s+-\s+")
_APPOSED_CLOSE = re.compile(r"\s*(?:[,–—]|-\s|$)")
# "One of Ekrem's cousins", "Two of Aliya's sons": a quantifier before "of", not an institution's name.
# "Two of …", "Relatives of X", "The family of X", "Testimony of X": not the start of an institution's name.
_QUANTIFIER_OF = re.compile(r"(?:One|Two|Three|Four|Five|Some|Many|Most|All|Both|Each|None|Several|Few|Any|"
                            r"Relatives|Family|Families|Friends|Supporters|Lawyers?|Neighbou?rs|Colleagues|"
                            r"Testimony|Statement|Interview|Account|Deposition|Case|Cases)$")


@dataclass(frozen=True, slots=True)
class NameCandidate:
    """One run of name words in the text.

    Attributes:
        start, end: the name without title or possessive ending.
        tokens: the name's words.
        cue: why it reads as a person's name ("title", "speech", "kin", ...), or "" when only its shape
            says so.
        gender: a gender the cue implies ("his wife X" is female), else None.
    """

    start: int
    end: int
    tokens: tuple[str, ...]
    cue: str = ""
    gender: str | None = None
    joins_previous: bool = False


@dataclass(slots=True)
class Person:
    """A person entity as the stages build it up.

    Attributes:
        id: the local id (`p1`, ...), or a temporary one for unnamed relatives.
        name: the fullest form of the name, or None for an unnamed relative.
        aliases: other forms the text uses (first name, surname, variant spellings).
        mentions: every span naming or describing the person.
        gender, attributes: what the text says about the person.
        description: for an unnamed person, the noun that refers to them ("daughter").
        confidence: how sure the rules are that this is a person.
    """

    id: str
    name: str | None
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    gender: str | None = None
    attributes: dict[str, object] = field(default_factory=dict)
    description: str | None = None
    confidence: float = 0.8
    is_plural: bool = False

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.name.split()) if self.name else ()


@functools.cache
def _outlet_words() -> frozenset[str]:
    """One-word spellings of news outlets ("Kazinform", "Reuters"): "as Kazinform reported" cites an
    outlet, and an outlet is never a person."""
    spellings = (s for line in word_list("news_outlets") for s in line.split("|"))
    return frozenset(s for s in spellings if " " not in s)


def is_common_word(word: str, lower_words: frozenset[str] | set[str]) -> bool:
    """Whether a capitalised word is an ordinary word rather than a name in this text."""
    low = _POSSESSIVE.sub("", word).lower()
    return low in word_list("names_not_names") or low in lower_words or low in _outlet_words()


def surname_like(word: str) -> bool:
    """Whether a word ends like a Central Asian, Russian or similar surname or patronymic."""
    return len(word) > 4 and bool(_SURNAME_END.search(word.lower()))


def _is_name_token(tok: str) -> bool:
    # "I'm Aigerim Sadykova": a contraction of "I" starts no name.
    return tok[0].isupper() and any(c.islower() for c in tok[1:]) and not _I_CONTRACTION.match(tok)


_I_CONTRACTION = re.compile(r"I['’](?:m|ve|d|ll)$")


def _runs(text: str, start: int, end: int) -> Iterable[list[tuple[int, int, str]]]:
    """Runs of capitalised tokens separated by single spaces (name particles allowed inside)."""
    run: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(text, start, end):
        tok = m.group()
        joined = bool(run) and text[run[-1][1]:m.start()] == " " and not _POSSESSIVE.search(run[-1][2][-2:])
        if _is_name_token(tok) or (joined and tok.lower() in _PARTICLES | _PATRONYMIC_WORDS):
            if run and not joined:
                yield run
                run = []
            run.append((m.start(), m.end(), tok))
        else:
            if run:
                yield run
            run = []
    if run:
        yield run


def _title_case_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Lines written in title case (headlines): most words of four letters or more capitalised."""
    spans = []
    for m in re.finditer(r"[^\n]+", text[start:end]):
        words = [w for w in re.findall(r"[^\W\d_][\w'’\-]*", m.group()) if len(w) > 3]
        if len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words) \
                and not re.search(r"[.!?\"”]\s*$", m.group()):
            spans.append((start + m.start(), start + m.end()))
    return spans


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _overlaps(s: int, e: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


def find_candidates(
    text: str,
    start: int,
    end: int,
    *,
    blocked: Sequence[tuple[int, int]],
    speaker_spans: Sequence[tuple[int, int]],
    lower_words: frozenset[str],
    non_person_words: frozenset[str],
) -> list[NameCandidate]:
    """Every run of name words in `text[start:end]` that could be a person, with its cue."""
    titles = word_list("names_titles")
    org_words = word_list("names_org_words")
    kin = kinship()
    headlines = _title_case_lines(text, start, end)
    slogans = [(m.start(), m.end()) for m in _SHORT_QUOTE.finditer(text, start, end) if len(m.group().split()) <= 5]
    found: list[NameCandidate] = []
    for run in _runs(text, start, end):
        # Strip leading words that are titles ("President", "Judge") or plain words ("If", "Police").
        cue, gender = "", None
        # "welcome back to The Steppe Line": a capitalised article opens the name of a show or a thing.
        titled_thing = len(run) > 2 and run[0][2] == "The"
        while run:
            low = run[0][2].lower()
            if low in titles and len(run) > 1:
                cue = "title"
                if low in kin:
                    gender = kin[low]["gender"]
                run = run[1:]
            elif (is_common_word(run[0][2], lower_words) or low in non_person_words) and low not in _PARTICLES:
                run = run[1:]
            elif len(run) > 2 and _GERUND.fullmatch(low):
                run = run[1:]  # "Deporting Ilyar Ahmet would …": a verb opening the clause, not a given name
            elif _YEAR_OLD.fullmatch(low):
                run = run[1:]  # "Nine-year-old Aruzhan Tokenova was …": an age opening the sentence
            else:
                break
        if run and any(_POSSESSIVE.sub("", t).lower() in org_words for _, _, t in run[-1:]):
            continue
        if titled_thing and cue != "title":
            continue
        while run and run[-1][2].lower() not in _PATRONYMIC_WORDS and (
                run[-1][2].lower() in _PARTICLES
                or is_common_word(_POSSESSIVE.sub("", run[-1][2]), lower_words)
                or _POSSESSIVE.sub("", run[-1][2]).lower() in non_person_words):
            run = run[:-1]
        if len(run) == 1 and run[0][2].lower() in _PATRONYMIC_WORDS:
            continue
        while len(run) > 1 and _overlaps(run[0][0], run[0][1], blocked):
            run = run[1:]  # "… Republic of China Ospanov Serik": the place ends where the name begins
        if not run:
            continue
        s, e = run[0][0], run[-1][1]
        tokens = [t for _, _, t in run]
        last = tokens[-1]
        stripped = _POSSESSIVE.sub("", last) if re.search(r"['’]s$|s['’]$", last) else last
        e -= len(last) - len(stripped)
        tokens[-1] = stripped
        lows = [t.lower() for t in tokens]
        if any(t in org_words for t in lows) or any(t in non_person_words for t in lows):
            continue
        if any(is_common_word(t, lower_words) for t in tokens if t.lower() not in _PARTICLES | _PATRONYMIC_WORDS):
            continue
        if _overlaps(s, e, blocked):
            continue
        if len(tokens) == 1 and (tokens[0].lower() in titles or tokens[0].lower() in kin):
            continue  # "Judge", "Mum is 71 now": a title or a kinship word used as a name is no name
        if len(tokens) >= 2 and re.fullmatch(r"Sh|Zh|Ch|Kh|Ts|Yu|Ya|Ye|Yo", tokens[-1]) and text[e:e + 1] == ".":
            tokens[-1] += "."  # "counsel Omarova Sh.": a two-letter initial, not a name
            e += 1
        initials_after = _INITIALS_AFTER.match(text, e)
        if initials_after and not _INITIALS_BEFORE.search(text, max(start, s - 12), s):
            # "Ospanov S.B. was detained", "Zhomart K., 40,": initials after a name belong to it.
            tokens = [*tokens, *initials_after.group().split()]
            e = initials_after.end()
            cue = cue or "initials"
        initials = _INITIALS_BEFORE.search(text, max(start, s - 12), s)
        if initials and len(tokens) == 1 and not _overlaps(initials.start(), s, blocked):
            # "judge A. Sultanov", "B. Ermekova": initials before a surname make a name of it.
            s = initials.start()
            tokens = [*initials.group().split(), *tokens]
            cue = cue or "initials"
        of_name = re.search(r"(?P<head>[A-Z][\w\-]*)\s+of\s+(?:the\s+)?(?:[A-Z][\w\-]*\s+)*$", text[max(start, s - 60):s])
        if of_name and not _place_then_of(of_name) and not _QUANTIFIER_OF.match(of_name.group("head")):
            continue  # "Court of First Instance", "Republic of …": part of an institution's or place's name
        line_start = text.rfind("\n", 0, s) + 1
        before = text[line_start:s]
        if is_byline(text, s, e):
            continue  # a byline or a credit names the author, not a person of the story
        if _is_street(text, s, e):
            continue  # "45 Zhibek Zholy street", "Abay avenue 150": an address, not a person
        after = text[e:min(end, e + 60)]
        before_words = before[-60:]
        if not cue:
            tb = re.search(r"([a-z][\w\-]*)(?:\s+([a-z][\w\-]*))?\s*(?:,|\s[–—])?\s*$", before_words)
            if tb:
                two = f"{tb.group(1)} {tb.group(2)}" if tb.group(2) else None
                one = tb.group(2) or tb.group(1)
                if (two and two in titles) or one in titles:
                    cue = "title"
                    if one in kin and re.search(r"(?i)(?:\b(?:his|her|my|their|whose|and)|'s|’s)\s+(?:\w+\s+)?"
                                                + re.escape(one) + r"\s*(?:,|\s[–—])?\s*$", before_words):
                        cue = "kin"
                        gender = kin[one]["gender"]
        if not cue and _ROLE_LABEL_BEFORE.search(before) and _ROLE_LABEL_AFTER.match(text, e):
            cue = "speech"  # "CALLER (Dina): Good evening.": the speaker a transcript's line is labelled with
        if not cue and (mk := _KIN_LIST_BEFORE.search(before_words)) and mk.group("kin") in kin \
                and kin[mk.group("kin")]["plural"]:
            cue = "kin"  # "his sons, Nurdaulet and Arman": the names listed after a plural kinship word
        if not cue and re.search(r"\b(?:called|named|nicknamed|known\s+as|(?:will|shall|'ll)\s+call\s+(?:him|her))\s*$",
                                 before_words):
            cue = "named"
        if not cue and _PSEUDONYM_AFTER.match(text, e):
            cue = "named"  # '"Aisulu" (not her real name)'
        if not cue and (_PERSON_NOUN_BEFORE.search(before_words) or _ONE_OF_BEFORE.search(before_words)) \
                and re.match(r"\s*,", text[e:e + 3]):
            cue = "apposition"  # "Another man, Ablet, was about sixty"
        if not cue:
            m = re.match(r"^\s*(?:\w+ly\s+)?(\w+)", after)
            if m and m.group(1).lower() in SPEECH_VERBS:
                cue = "speech"
            elif _AGE_AFTER.match(after) or _DASH_WHOSE.match(after):
                cue = "apposition"
            elif (mk := _KIN_AFTER.match(text[e - (len(last) - len(stripped)):e + 40])) and mk.group("kin") in kin:
                cue = "kin-owner"
            elif (mk := _AND_HIS_KIN.match(after)) and mk.group("kin") in kin:
                cue = "kin-owner"
                gender = "male" if " his " in after[:10] else "female"
            elif _overlaps(s, e, speaker_spans):
                cue = "speech"
        if _inside(s, slogans) and not cue:
            continue
        if _inside(s, headlines) and not cue:
            cue = "headline"
        joins = bool(found) and (bool(_SPELLING_OPEN.fullmatch(text[found[-1].end:s])) and bool(
            _SPELLING_CLOSE.match(text[e:e + 3])) or bool(_ALIAS_CUE.search(before_words))
            or _other_script_apposed(text, found[-1], s, e))
        found.append(NameCandidate(s, e, tuple(tokens), cue, gender, joins))
    return found


def _script(word: str) -> str:
    """ "cyrillic", "han" or "latin": the script of a name's first letter."""
    first = word[:1]
    if "\u0400" <= first <= "\u04ff":
        return "cyrillic"
    if "\u3400" <= first <= "\u9fff":
        return "han"
    return "latin"


def _other_script_apposed(text: str, previous: NameCandidate, start: int, end: int) -> bool:
    """ "Ms Omarkhankyzy - Гүлнар Омарханқызы, as her name is written in her passport -": a name in another
    script set off by dashes or commas right after a name is its spelling there, not another person."""
    return (_APPOSED_OPEN.fullmatch(text, previous.end, start) is not None
            and _APPOSED_CLOSE.match(text, end) is not None
            and _script(text[previous.start:previous.end]) != _script(text[start:end]))


# The word after a street's name ("Zhibek Zholy street", "Abay Ave.", "Dostyk prospekt"), in any case.
_STREET_WORD_AFTER = re.compile(r"\s+(?:street|st\.|avenue|ave\.|prospekt|prospect|pr\.|lane|square|road|boulevard|blvd\.?|"
                                r"alley|highway|embankment|ulitsa|k[oó]shesi|даңғылы|көшесі|улица|проспект)(?!\w)",
                                re.IGNORECASE)
# A house number before the name ("at 45 Zhibek Zholy") and what may follow that name in an address.
_HOUSE_NUMBER_BEFORE = re.compile(r"(?:\b(?:at|on)|,)\s+(?:No\.?\s*)?\d{1,3}[A-Za-z]?(?:[/-]\d{1,4})?,?\s+$")
_ADDRESS_CUE_BEFORE = re.compile(r"\b(?:liv(?:e|es|ed|ing)|resid\w*|address\w*|registered|located|situated|stay\w*)\b",
                                 re.IGNORECASE)
_ADDRESS_REST = re.compile(r"\s*,?\s*(?:apartment|apt\.?|flat|office|kv\.?|building|block|room|suite)\b", re.IGNORECASE)
# A house (and flat) number after the name: "Zhibek Zholy 45-12", "Dostyk 12/3", "Abay 150, flat 7".
_HOUSE_NUMBER_AFTER = re.compile(r"\s+\d{1,3}[A-Za-z]?(?:(?:[/-]\d{1,4})+\b|(?=\s*,?\s*(?:apartment|apt\.?|flat|kv\.?|office)\b))",
                                 re.IGNORECASE)


def _is_street(text: str, start: int, end: int) -> bool:
    """Whether the name at `[start, end)` is a street of an address rather than a person.

    A street word right after it ("Zhibek Zholy street") says so; so does a house number, before the name
    in an address ("residing at 45 Zhibek Zholy", "at 45 Zhibek Zholy, apartment 12") or after it
    ("Zhibek Zholy 45-12"). A number before a name alone is no address: "At 15 Aset left school".
    """
    if _STREET_WORD_AFTER.match(text, end) or _HOUSE_NUMBER_AFTER.match(text, end):
        return True
    if _HOUSE_NUMBER_BEFORE.search(text, max(0, start - 16), start) is None:
        return False
    sentence_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), start - 80)
    return bool(_ADDRESS_CUE_BEFORE.search(text, sentence_start, start) or _ADDRESS_REST.match(text, end))


def _place_then_of(match: re.Match[str]) -> bool:
    """ "the extradition to Uzbekistan of Rustam Yusupov": a country or city right before "of" ends there;
    "Republic of", "Court of" go on into a name."""
    from aigak.extract.places import lookup_place

    tail = re.sub(r"^[A-Z][\w\-]*\s+of\s+(?:the\s+)?", "", match.group()).strip()
    found = lookup_place(tail if tail else match.group("head"))
    return found is not None and found.kind in ("country", "city")


def _initials_form(tokens: Sequence[str]) -> tuple[str, str] | None:
    """(surname, initials) of "Omarova Sh." or "Sh. Omarova"; None for a name not written with initials."""
    given = [t for t in tokens if _INITIAL_TOKEN.match(t)]
    names = [t for t in tokens if not _INITIAL_TOKEN.match(t)]
    if not given or len(names) != 1:
        return None
    return names[0].lower(), "".join(given).replace(" ", "")


def _surname_first_of(official: Sequence[str], usual: Sequence[str]) -> bool:
    """Whether `official` is `usual` written surname first, as court rulings and official lists write names:
    "Nurlanuly Erbol" of "Erbol Nurlanuly", "Ospanov Serik Bolatuly" of "Serik Ospanov".

    Only a surname that looks like one (-uly, -ov, -eva, ...) and a given name that does not may swap
    places: "Tohti Abdurehim" and "Abdurehim Tohti" are, in Uyghur naming, a son and his father.
    """
    if len(official) < 2 or len(usual) < 2:
        return False
    surname, given = official[0], official[1]
    if surname.lower() != usual[-1].lower() or not surname_like(surname) or surname_like(given):
        return False
    if any(_INITIAL_TOKEN.match(t) for t in (*official, *usual)):
        return False  # names written with initials are matched by `_initials_form`
    if difflib.SequenceMatcher(None, given.lower(), usual[0].lower()).ratio() < 0.8:
        return False
    rest, middle = [t.lower() for t in official[2:]], [t.lower() for t in usual[1:-1]]
    return not rest or not middle or rest == middle  # "Ospanov Serik Bolatuly" and "Serik Bolatuly Ospanov"


def _given_first(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether `a` is the given-name-first form of the same name `b` writes surname first."""
    return _surname_first_of(b, a) and not _surname_first_of(a, b)


def _same_person(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two full names of one person: same surname and a first name spelt alike, or one name inside the other."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(short) >= 2 and short[-1].lower() in _PATRONYMIC_WORDS and tuple(long_[-len(short):]) == tuple(short):
        return True  # "Abdykadyr kyzy" is "Jyldyz Abdykadyr kyzy" named by her patronymic
    if _initials_form(a) is not None and _initials_form(a) == _initials_form(b):
        return True  # "Omarova Sh." and "Sh. Omarova"
    initials = [c for t in short[1:] for c in re.findall(r"([A-ZА-ЯЁ])(?:h|s|u|a|e|o)?\.", t)]
    if initials and all(_INITIAL_TOKEN.match(t) for t in short[1:]) and short[0].lower() == long_[0].lower():
        # "Ospanov S.B." is "Ospanov Serik Bolatuly": the surname first, then the initials of the given names.
        return [t[0] for t in long_[1:1 + len(initials)]] == initials
    if _surname_first_of(a, b) or _surname_first_of(b, a):
        return True  # "Nurlanuly Erbol, born 1986" (a court's surname-first form) is "Erbol Nurlanuly"
    if a[-1].lower() != b[-1].lower():
        # Two transliterations of one name ("Abduqadir Tursunjan", "Abdukadir Tursunzhan").
        whole = difflib.SequenceMatcher(None, " ".join(a).lower(), " ".join(b).lower()).ratio()
        same_ending = a[-1][-1].lower() == b[-1][-1].lower()
        return len(a) == len(b) and whole >= 0.85 and same_ending and all(
            difflib.SequenceMatcher(None, x.lower(), y.lower()).ratio() >= 0.75 for x, y in zip(a, b))
    ratio = difflib.SequenceMatcher(None, a[0].lower(), b[0].lower()).ratio()
    return ratio >= 0.8 or (len(a[0]) <= 2 or len(b[0]) <= 2) and a[0][0] == b[0][0]


def find_persons(candidates: Sequence[NameCandidate]) -> list[Person]:
    """Group name candidates into person entities; single words join the full name they abbreviate.

    A multi-word name counts on its own; a single word counts when it has a cue or is a part of a
    full name. A headline-only name with no cue elsewhere is dropped.
    """
    persons: list[Person] = []
    forms: dict[int, dict[str, int]] = {}

    def add(p: Person, cand: NameCandidate) -> None:
        p.mentions.append((cand.start, cand.end))
        surface = " ".join(cand.tokens)
        forms.setdefault(id(p), {}).setdefault(surface, 0)
        forms[id(p)][surface] += 1
        if cand.gender and not p.gender:
            p.gender = cand.gender

    # "Name (Имя Фамилия)": a spelling in parentheses right after a name is the same person.
    spelled: list[tuple[NameCandidate, NameCandidate]] = []
    kept: list[NameCandidate] = []
    for cand in candidates:
        if cand.joins_previous and kept:
            # "The verdict spells his name X": the spelling belongs to the name it resembles most.
            alike = max(kept, key=lambda k: difflib.SequenceMatcher(
                None, " ".join(k.tokens).lower(), " ".join(cand.tokens).lower()).ratio())
            similar = difflib.SequenceMatcher(None, " ".join(alike.tokens).lower(), " ".join(cand.tokens).lower())
            spelled.append((alike if similar.ratio() >= 0.6 else kept[-1], cand))
        else:
            kept.append(cand)
    candidates = kept
    full = [c for c in candidates if len(c.tokens) >= 2 and c.cue != "headline"]
    cued_full = {c.tokens for c in candidates if len(c.tokens) >= 2 and c.cue and c.cue != "headline"}
    for cand in full:
        for p in persons:
            if _same_person(p.tokens, cand.tokens):
                add(p, cand)
                # "Erbol Nurlanuly" is the name and the court's "Nurlanuly Erbol" its alias, whichever comes first.
                if not _given_first(p.tokens, cand.tokens) and (
                        _given_first(cand.tokens, p.tokens) or len(cand.tokens) > len(p.tokens)
                        or (cand.tokens in cued_full and p.tokens not in cued_full)):
                    p.name = " ".join(cand.tokens)
                break
        else:
            p = Person(id="", name=" ".join(cand.tokens))
            add(p, cand)
            persons.append(p)
    singles = [c for c in candidates if len(c.tokens) == 1 or c.cue == "headline"]
    cued_single = {c.tokens[0] for c in singles if len(c.tokens) == 1 and c.cue and c.cue != "headline"}
    for cand in sorted(singles, key=lambda c: c.start):
        word = cand.tokens[0] if len(cand.tokens) == 1 else None
        owners: list[Person] = []
        if word:
            owners = [p for p in persons if p.name and len(p.tokens) > 1 and (
                p.tokens[0] == word or p.tokens[-1] == word
                or " ".join(p.tokens[1:]).replace(" ", "") == word)]
        else:
            owners = [p for p in persons if p.name and p.tokens == cand.tokens]
        if owners:
            # A short form already used for one of them stays theirs ("Ahmet … his father, Ahmet Niyaz …
            # Ahmet's brother"); other ambiguous words go to whoever was named last before this mention.
            established = [p for p in owners if word and forms.get(id(p), {}).get(word)]
            bearers = [p for p in owners if word and p.tokens[-1] == word]
            if len(established) == 1:
                owner = established[0]
            elif word and len(bearers) > 1 and len(bearers) == len(owners):
                # "Sharifjon Nazarov … his brother Farrukh Nazarov told RFE/RL … Nazarov moved to Russia": a
                # surname alone is the story's main bearer, named first; a relative who shares it is named in full.
                owner = min(bearers, key=lambda p: min((s for s, _ in p.mentions), default=cand.start))
            else:
                owner = max(owners, key=lambda p: max((s for s, _ in p.mentions if s < cand.start), default=-1))
            add(owner, cand)
        elif word and word in cued_single:
            same = [p for p in persons if p.name == word]
            if same:
                add(same[0], cand)
            else:
                p = Person(id="", name=word, confidence=0.7)
                add(p, cand)
                persons.append(p)
    for owner_cand, alias_cand in spelled:
        for p in persons:
            if (owner_cand.start, owner_cand.end) in p.mentions:
                add(p, alias_cand)
                break
    for p in persons:
        surfaces = forms.get(id(p), {})
        if p.name and _INITIAL_TOKEN.match(p.name):
            # "B. Zhumadilova" … "Judge Botagoz Zhumadilova": the name written out is the name.
            written = [f for f in surfaces if len(f.split()) == len(p.tokens) and not _INITIAL_TOKEN.match(f)]
            if written:
                p.name = max(written, key=lambda f: (surfaces[f], len(f)))
        elif p.name and any(_INITIAL_TOKEN.match(t) for t in p.tokens[1:]):
            # "Ospanov S.B." … "Ospanov Serik Bolatuly": the name written out in full is the name.
            spelt = [f for f in surfaces if len(f.split()) > 1 and not any(_INITIAL_TOKEN.match(t) for t in f.split())]
            if spelt:
                p.name = max(spelt, key=lambda f: (len(f.split()), surfaces[f]))
        p.aliases = sorted({s for s in surfaces if s != p.name}, key=lambda s: (-len(s), s))
        p.mentions.sort()
        if p.name and len(p.tokens) >= 2:
            p.confidence = 0.9
        if p.name and p.gender is None and len(p.tokens) >= 2:
            p.gender = _gender_of_surname(p.tokens[-1])
    persons.sort(key=lambda p: p.mentions[0])
    return persons


def _gender_of_surname(word: str) -> str | None:
    low = word.lower()
    if low in ("kyzy", "qyzy", "kizi", "gizi", "qizi"):
        return "female"
    if low in ("uulu", "uly", "ulı", "ogly", "oglu", "oğlu", "ugli"):
        return "male"
    if re.search(r"(?:kyzy|qyzy|kyzi|qizi|gizi|ovna|evna|ova|eva|yeva|ina|skaya)$", low):
        return "female"
    if re.search(r"(?:uly|ulı|uli|ulu|ovich|evich|ov|ev|yev|in|sky)$", low):
        return "male"
    return None
