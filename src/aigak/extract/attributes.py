"""Person attributes: age, gender, ethnicity and citizenship, only as the text states them.

Ages come from "X is 30 years old", "X, 36,", "X (25 years old – ed.)", "aged 52", "a 30-year-old X"
(`ages.py`).
Ethnicity comes from "ethnic Kazakh", "Chinese Kazakhs", "Kyrgyz woman"; citizenship from "a Kazakh
citizen", "Chinese citizens", "citizen of Syria", "has Kazakh citizenship", "a Russian presidential
guard". "From China" or "lived in Turkey" is not citizenship (GUIDELINES). A description attaches to
the name it stands beside, to the subject it is said of ("X is a Kazakh citizen"), to the group it
describes ("The Chinese citizens", "two ethnic Kazakh Chinese citizens" followed by two names), or,
in a headline or lede with no name ("Kyrgyz Woman From China"), to the person the text is about, or
to the people `attribute_groups.py` finds (a list of names before a plural predicate, "The 38-year-old
Tajik citizen", "one of a growing number of Kazakhs"). Gender comes from titles, kinship words and the pronouns used right after a person is named.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from aigak.extract.ages import AGE_BEFORE, AGE_PATTERNS, NOW, NUMBER_WORDS, ages_at, number
from aigak.extract.attribute_groups import described_by_age, group_members, listed_subjects
from aigak.extract.coref import Reference, Resolver, is_teller_aside
from aigak.extract.demonyms import country_of_demonym, ethnicity_of
from aigak.extract.persons import Person
from aigak.extract.quotes import Quote

__all__ = ["assign_attributes", "given_name_gender", "infer_gender"]


def _split(words: str) -> list[str]:
    """The white-space separated words of a literal (word lists read better as text)."""
    return words.split()


_THE_AGED = re.compile(r"[Tt]he\s+(?P<n>\d{1,3})-year-old\b")
_WORD = r"[A-Z][\w\-]*"
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2, "pair": 2, "couple": 2}
_OCCUPATIONS = (r"guard|officer|soldier|journalist|activist|blogger|businessman|businesswoman|official|diplomat|"
                r"student|teacher|doctor|engineer|lawyer|pilot|athlete|writer|poet|singer|dissident|politician|"
                r"national|citizen|deserter|serviceman|conscript|worker|farmer|imam|scholar|researcher|man|woman|"
                r"girl|boy|mother|father|refugee|asylum\s+seeker|pensioner|veteran|entrepreneur|trader|engineer|nurse|"
                r"veterinarian|driver|herder|mechanic|accountant|cook|shopkeeper|merchant|programmer|artist|musician|"
                r"photographer|translator|housewife|widow|academic|professor|economist|businessperson")
# "Age: 41", "Age at detention: forty-one", "Ethnicity: Kazakh", "Citizenship: Chinese" in a record.
_FIELD_VALUE = re.compile(rf"\b(?P<key>Age(?:\s+at\s+(?:the\s+)?(?:time\s+of\s+)?[a-z]+)?|Ethnicity|Ethnic\s+origin|"
                          rf"Citizenship)\s*:\s*(?P<v>\d{{1,3}}\b|{NUMBER_WORDS}\b|{_WORD})")
# The gap between a subject and what is predicated of it: "X is a citizen of …", "X (born 1974) is an
# ethnic Kazakh", "X (Kazakh: Имя; born 1974) is …" (the subject named inside the brackets), "My
# husband, X, is a citizen of …", "X, who fled in 2017, has Kazakh citizenship".
_LINK = re.compile(r"^(?:['’]s)?(?:\)|[;,][^()]{1,60}\))?(?:\s*\([^()]{1,60}\))?\s*(?:,[^,.]{0,80},\s*|\s[—–-][^—–]{0,80}[—–-]\s*)?"
                   r"(?:,\s*(?=(?:who|is|was|are|were|has|had|holds|held|became)\b))?(?:(?:\w+)\s+){0,2}?"
                   r"(?:is|was|am|are|were|has|have|had|became|become|becomes|remains?|remained|holds?|held|"
                   r"obtained|received|acquired|got)\s+(?:\d{1,3}(?:\s+years?\s+old)?\s*(?:,\s*(?:and\s+)?|and\s+))?(?:an?\s+[a-z\-]+\s+and\s+)?(?:(?:since|now|also|already|an?|the|both|still|"
                   r"officially|been)\s+){0,3}$")
# "he's ethnic Kyrgyz", "She's a Chinese citizen": a pronoun's contracted "is".
_CONTRACTED_LINK = re.compile(r"^['’]s\s+(?:(?:also|now|still|an?)\s+){0,2}$")
_COORDINATED = re.compile(r"\band\s+(?:also\s+)?(?:has|have|holds|held|is|was|became|received|obtained|acquired|"
                          r"got)\s+(?:(?:an?|the|since|now|also)\s+)?$")
# "X, a 43-year-old ethnic Kazakh", "X, born 14 March 1990 in Andijan, a citizen of …": the gap between a
# name and what is said of it in apposition.
_COORDINATED_VERB = re.compile(r"(?:holds?|held|has|had|received|obtained|got|carries|carried|acquired)\b")
_APPOSITION = re.compile(r"^(?:['’]s)?[\"”]?\)?(?:\s*\([^()]{1,60}\))?(?:\s*,\s*\d{1,3})?(?:\s*,\s*(?:born|aged?)\b[^,;]{0,50})*"
                         r"\s*,\s*(?:(?:himself|herself)\s+|(?:an?|the)\s+(?:[\w\-]+\s+){0,3})?$")

# "Klara, the boys' aunt and a citizen of …", "X, her cousin and an ethnic Kazakh": a kinship phrase set beside
# the name, then what is said of the same person.
_KIN_APPOSITION = re.compile(r"^\s*,\s*(?:his|her|their|the\s+[a-z]+['’]s?)\s+(?:[a-z\-]+\s+){1,2}and\s+(?:an?\s+)?$")

# "X, 37, an accountant from Ghulja who became a Kazakh citizen in 2019": a relative clause set in apposition
# to the name, whose "who" is the named person.
_WHO_BECAME = re.compile(r"^(?:['’]s)?\s*(?:,\s*\d{1,3}\s*)?,\s*(?:(?:an?|the)\s+[^,;.()\"“”]{0,60}?\s+)?who\s+"
                         r"(?:became|has\s+become|had\s+become|is|was)\s+(?:also\s+|now\s+)?an?\s+$")

# Between two names of a list, past an age or a birth year: ", born 1996, and ", ", 34, ", " and ".
_LISTED_NAME_GAP = re.compile(r"(?:\s*,\s*(?:(?:born|aged)\s+)?\d{1,4}\b[^,;]{0,30})?\s*(?:,\s*and|,|and)\s+")
# "X, a 45-year-old trader who holds a Kazakh residence permit but is still a Chinese national": what is
# said of the name at the end of a relative clause set in apposition to it.
_RELATIVE_CLAUSE_LINK = re.compile(r"^(?:['’]s)?\s*(?:,\s*\d{1,3}\s*)?,\s*(?:(?:an?|the)\s+(?:[\w\-]+\s+){0,4}?)?who\s+"
                                   r"[^.;:()\"“”]{0,100}?\b(?:but|and|yet)\s+(?:is|was|remains|remained|has\s+remained)\s+"
                                   r"(?:(?:still|also|now|already|officially)\s+)*(?:an?\s+)?$")
# "An ethnic Kazakh woman who fled Xinjiang …", "lists a 39-year-old ethnic Kazakh trader": a person the
# opening of a text describes before naming them.
_INDEFINITE_PERSON = re.compile(rf"\b[Aa]n?\s+(?:(?P<n>\d{{1,3}})-year-old\s+)?(?:(?:ethnic|young|elderly|former)\s+)?"
                                rf"(?:{_WORD}\s+){{0,2}}(?P<noun>{_OCCUPATIONS})\b")
_LEDE_SENTENCES = 5  # how many sentences of the opening (headline, standfirst, byline) may describe the person
_NAMED_NEXT_SENTENCES = 2  # how far after the description the person is named
# "her lawyer, X", "his wife X": a name told as someone's relative or counsel is not the person described.
_OWNED_NAME = re.compile(r"\b(?:his|her|their|its)\s+(?:[a-z\-]+\s+){1,2},?\s*$")
# "an ethnic Kazakh and a citizen of China", "a Turkish citizen and an ethnic Kazakh": one person.
# "an ethnic Kyrgyz from Artux, in Kizilsu prefecture, and a Chinese citizen": a place of origin between.
_CHAINED = re.compile(r"(?:\s+by\s+(?:birth|nationality|ethnicity|origin))?"
                      r"(?:\s+from\s+[A-Z][^;.()\"]{0,100}?(?=,\s*and\s))?\s*(?:,\s*)?(?:and\s+)?(?:(?:an?|the)\s+)?")


def infer_gender(text: str, sentences: Sequence[tuple[int, int]], persons: Sequence[Person],
                 quotes: Sequence[Quote]) -> None:
    """Set the gender of persons from the pronouns that follow them where nobody else is named."""
    spans = sorted((s, e, p.id) for p in persons for s, e in p.mentions)
    by_id = {p.id: p for p in persons}
    votes: dict[str, Counter[str]] = {p.id: Counter() for p in persons}

    def outside(pos: int) -> bool:
        return not any(q.start <= pos < q.end for q in quotes)

    for i, (ss, se) in enumerate(sentences):
        named = {pid for s, e, pid in spans if ss <= s < se}
        if len(named) != 1:
            continue
        pid = next(iter(named))
        first = min(s for s, e, p in spans if p == pid and ss <= s < se)
        region = [(first, se)]
        if i + 1 < len(sentences):
            ns, ne = sentences[i + 1]
            if not any(ns <= s < ne for s, _, _ in spans):
                region.append((ns, ne))
        for weight, (rs, re_) in zip((2, 1), region, strict=False):
            # The person's own sentence counts twice: "X says her father … He was released" is about a woman.
            for m in re.finditer(r"\b(he|him|his|himself|she|her|hers|herself)\b", text[rs:re_], re.IGNORECASE):
                if outside(rs + m.start()) and not is_teller_aside(text, ss, rs + m.start(), rs + m.end()):
                    votes[pid]["male" if m.group(1).lower() in ("he", "him", "his", "himself") else "female"] += weight
    for pid, counter in votes.items():
        person = by_id[pid]
        if counter and person.gender is None and person.name and len(person.tokens) >= 2 and (
                prior := given_name_gender(person.tokens[0])):
            # "His lawyer, Yelena Gritsenko, said she had appealed … when he was put on a flight": a pronoun
            # about someone else outvotes her own; the given name weighs as much as her own sentence.
            counter[prior] += 2
        if counter and person.gender is None:
            (top, n), *rest = counter.most_common()
            if not rest or n > rest[0][1]:
                person.gender = top
    for p in persons:
        for s, e in p.mentions:
            title = re.search(r"\b(Mr|Mrs|Ms|Miss|Madam|Sir)\.?\s*$", text[max(0, s - 6):s])
            if title and p.gender is None:
                p.gender = "male" if title.group(1) in ("Mr", "Sir") else "female"


# Given names that end in -a yet are men's (Slavic diminutives, Arabic and Turkic names).
_MALE_IN_A = frozenset({
    "nikita", "ilya", "ilia", "foma", "luka", "kuzma", "sasha", "misha", "grisha", "zhora", "vanya", "kolya",
    "tolya", "petya", "vasya", "seryozha", "dima", "vova", "musa", "isa", "issa", "moussa", "mustafa", "yahya",
    "hamza", "murtaza", "mirza", "mujtaba", "reza", "taha", "osama", "usama", "luca", "andrea", "joshua", "ezra",
    "akira", "zakariya", "zakaria", "yeshua", "aliya-bek", "ata", "baba", "shota", "kasha",
})


def given_name_gender(word: str) -> str | None:
    """ "Yelena", "Dinara", "Madina": a given name in -a is a woman's, unless it is one of the men's names
    that end so ("Musa", "Abdulla"); other endings say nothing (Central Asian men's and women's names share
    them). Only a tie-breaker beside the pronouns, never a gender on its own."""
    low = word.lower()
    if len(low) < 4 or not low.isalpha() or low in _MALE_IN_A or low.endswith(("ulla", "illa", "alla", "ollah")):
        return None  # "Abdulla", "Nurulla", "Hikmatilla"; three letters may be a Chinese surname ("Hua")
    return "female" if low.endswith(("a", "ya")) else None


def _country_named(words: str) -> str | None:
    """The country a run of capitalised words names ("the People's Republic of China" → China)."""
    from aigak.extract.places import lookup_place

    parts = words.split()
    for n in range(len(parts), 0, -1):
        found = lookup_place(" ".join(parts[:n]))
        if found is not None and found.kind == "country":
            return found.name
    return None


def _country_prefix(words: str) -> tuple[str | None, int]:
    """The country the first words of a capitalised run name, and how many characters name it."""
    from aigak.extract.places import lookup_place

    parts = words.split()
    for n in range(len(parts), 0, -1):
        found = lookup_place(" ".join(parts[:n]))
        if found is not None and found.kind == "country":
            return found.name, len(" ".join(parts[:n]))
    return None, 0


def _demonym_pairs(text: str, ss: int, se: int) -> list[tuple[int, int, str, str, bool]]:
    """(start, end, attribute, value, plural) for every nationality or ethnicity statement in a sentence."""
    found: list[tuple[int, int, str, str, bool]] = []
    seg = text[ss:se]
    for m in re.finditer(rf"\bof\s+(?P<w>{_WORD})\s+(?:ethnicity|ethnic\s+origin|origin|descent)\b", seg):
        # "a citizen of Afghanistan of Hazara ethnicity"
        value = ethnicity_of(m.group("w"))
        if value:
            found.append((ss + m.start(), ss + m.end(), "ethnicity", value, False))
    for m in re.finditer(rf"\b[Ee]thnic\s+(?P<w>{_WORD})", seg):
        value = ethnicity_of(m.group("w"))
        if value:
            found.append((ss + m.start(), ss + m.end(), "ethnicity", value, m.group("w").endswith("s")))
    for m in re.finditer(rf"\b(?P<w>{_WORD})\s+(?:[a-z]+\s+)?(?P<n>citizen|citizens|nationals?|passport\s+holders?)\b", seg):
        country = country_of_demonym(m.group("w"))
        if country:
            found.append((ss + m.start(), ss + m.end(), "citizenship", country, m.group("n").endswith("s")))
    for m in re.finditer(r"\b(?P<n>citizens?|nationals?)\s+of\s+(?:the\s+)?(?P<c>[A-Z][\w'’\-]*(?:\s+(?:of\s+)?[A-Z][\w'’\-]*){0,4})", seg):
        country, length = _country_prefix(m.group("c"))
        if country:
            # "citizens of the PRC N. Serikzhanuly": the statement ends with the country, before the name.
            found.append((ss + m.start(), ss + m.start("c") + length, "citizenship", country, m.group("n").endswith("s")))
    for m in re.finditer(rf"\b(?:holds?|held|has|had|received|obtained|got|carries|carried)\s+(?:an?\s+)?(?P<w>{_WORD})\s+passport\b", seg):
        country = country_of_demonym(m.group("w"))
        if country:
            found.append((ss + m.start(), ss + m.end(), "citizenship", country, False))
    for m in re.finditer(rf"\b(?P<w>{_WORD})\s+citizenship\b|\bcitizenship\s+of\s+(?P<c>{_WORD})", seg):
        country = country_of_demonym(m.group("w")) if m.group("w") else m.group("c")
        if country:
            found.append((ss + m.start(), ss + m.end(), "citizenship", country, False))
    for m in re.finditer(rf"\b(?P<a>{_WORD})\s+(?P<b>{_WORD}s)\b", seg):
        # "Chinese Kazakhs": a nationality word before an ethnic group's plural names the group.
        if country_of_demonym(m.group("a")) and ethnicity_of(m.group("b")) and not country_of_demonym(m.group("b")) \
                or country_of_demonym(m.group("a")) and ethnicity_of(m.group("b")) and m.group("a") != m.group("b")[:-1]:
            found.append((ss + m.start("b"), ss + m.end("b"), "ethnicity", str(ethnicity_of(m.group("b"))), True))
    for m in re.finditer(rf"\b(?P<v>am|is|was|are|were)\s+(?:an?\s+)?(?P<w>{_WORD})(?=\s*[.,;]|\s+by\s+(?:birth|ethnicity|origin))", seg):
        value = ethnicity_of(m.group("w"))
        if value:
            # "X and his wife, Y, are Hui": a plural verb speaks of the group, whatever the noun's number.
            plural = m.group("w").endswith("s") or m.group("v") in ("are", "were")
            found.append((ss + m.start("w"), ss + m.end("w"), "ethnicity", value, plural))
    for m in re.finditer(rf"\b(?:[Aa]n?|[Tt]he)\s+(?:\d{{1,3}}-year-old\s+|young\s+|elderly\s+|former\s+)?(?P<w>{_WORD})"
                         rf"(?=\s*(?:,|\.|from\b|of\b|who\b|born\b|living\b|and\b|by\s+(?:birth|nationality|ethnicity|origin)\b))",
                         seg):
        # "a 27-year-old Uyghur from Ghulja", "a Kazakh who moved": a people named as a noun.
        value = ethnicity_of(m.group("w"))
        if value and not m.group("w").endswith("s"):
            found.append((ss + m.start(), ss + m.end(), "ethnicity", value, False))
    for m in re.finditer(rf",\s*\d{{1,3}}\s*,\s*(?P<w>{_WORD})(?=\s*[,.;])", seg):
        # "Ma Xiulan (马秀兰), 55, Hui, a cook": a people named after the age in a list of cases.
        if (value := ethnicity_of(m.group("w"))) and not m.group("w").endswith("s"):
            found.append((ss + m.start("w"), ss + m.end("w"), "ethnicity", value, False))
    for m in re.finditer(rf"\b(?P<w>{_WORD})\s+(?P<n>woman|man|girl|boy)\b", seg, re.IGNORECASE):
        value = ethnicity_of(m.group("w"))
        if value and m.group("w")[0].isupper():
            found.append((ss + m.start(), ss + m.end(), "ethnicity", value, False))
    for m in re.finditer(rf"\b(?:[Aa]n?|[Tt]he)\s+(?:\d{{1,3}}-year-old\s+)?(?:former\s+|young\s+|retired\s+)?(?P<w>{_WORD})\s+(?:[a-z\-]+\s+){{0,2}}?"
                         rf"(?P<n>{_OCCUPATIONS})\b", seg):
        country = country_of_demonym(m.group("w"))
        if re.search(r"\sopposition\s", m.group()):
            continue  # "a Tajik opposition activist": the word names the country's opposition, not the person
        if country and _people_of_a_stan(m.group("w"), country) and m.group("n") not in ("citizen", "national"):
            # "a Kazakh herder": Kazakhs live on both sides of the border; Kazakhstan's citizens are
            # "Kazakhstani", so the word names the people.
            found.append((ss + m.start(), ss + m.end(), "ethnicity", str(ethnicity_of(m.group("w"))), False))
        elif country and m.group("n") not in ("man", "woman", "girl", "boy", "citizen", "national"):
            found.append((ss + m.start(), ss + m.end(), "citizenship", country, False))
        elif not country and ethnicity_of(m.group("w")):
            # "a Uyghur poet": a people without a state of its own names an ethnicity.
            found.append((ss + m.start(), ss + m.end(), "ethnicity", str(ethnicity_of(m.group("w"))), False))
    return found


def _people_of_a_stan(word: str, country: str) -> bool:
    """Whether a demonym is also the people a "-stan" state is named after ("Kazakh" of Kazakhstan)."""
    people = ethnicity_of(word)
    return people is not None and country.endswith("stan") and country.startswith(people)


def assign_attributes(text: str, sentences: Sequence[tuple[int, int]], headline: tuple[int, int] | None,
                      persons: Sequence[Person], resolver: Resolver) -> None:
    """Fill `age`, `ethnicity` and `citizenship` of persons from what the text states."""
    by_id = {p.id: p for p in persons}
    main = max(persons, key=lambda p: len(p.mentions)) if persons else None
    named = [p for p in persons if p.name]
    if named:
        main = max(named, key=lambda p: len(p.mentions))

    def put(pid: str, key: str, value: object) -> None:
        person = by_id.get(pid)
        if person is not None and person.name and key not in person.attributes:
            person.attributes[key] = value

    names = [r for r in resolver.references if r.kind == "name"]
    # "Re: Mr X (Имя), 46, ethnic Kazakh" above the body: a name outside the sentences read still has an age.
    names += [Reference(s, e, "name", (p.id,)) for p in named for s, e in p.mentions
              if not any(r.start == s for r in names) and not (sentences and sentences[0][0] <= s < sentences[-1][1])]
    names.sort(key=lambda r: r.start)
    for ref in names:
        raw = text[ref.end:ref.end + 120]
        # "X (Қайрат Самархан), 46,": the age follows the spelling in brackets, which may itself be the mention.
        for after in (raw, re.sub(r"^[\"”’']?\s*\([^()]{1,60}\)", "", raw), re.sub(r"^\s*\)", "", raw)):
            m = next((m for m in (p.match(after) for p in AGE_PATTERNS) if m), None)
            if m and 0 < number(m.group("n")) < 120:
                put(ref.persons[0], "age", number(m.group("n")))
                if NOW.search(m.group()) and ref.persons[0] in by_id:
                    # "their daughter, X, then 11 … X, now 16": the age the text gives as current wins.
                    by_id[ref.persons[0]].attributes["age"] = number(m.group("n"))
                break
        m2 = AGE_BEFORE.search(text[max(0, ref.start - 60):ref.start])
        if m2:
            put(ref.persons[0], "age", number(m2.group("n") or m2.group("m")))
    for ref in resolver.references:
        # "She is 29", and "My husband is seventy" once the kinship words are resolved to one person.
        if ref.kind in ("pronoun", "description", "kin") and len(ref.persons) == 1 and not ref.possessive \
                and not ref.in_quote:
            for pattern in AGE_PATTERNS[2:4]:
                m = pattern.match(text[ref.end:ref.end + 40])
                if m and 0 < number(m.group("n")) < 120:
                    put(ref.persons[0], "age", number(m.group("n")))
                    break
            # "The 27-year-old software tester arrived …": the description the person is called by.
            aged = _THE_AGED.match(text, ref.start, ref.end) if ref.kind == "description" else None
            if aged and 0 < int(aged.group("n")) < 120:
                put(ref.persons[0], "age", int(aged.group("n")))
    ages_at(text, sentences, resolver, put)
    _record_fields(text, sentences, resolver, put)
    genders = {p.id: p.gender for p in persons}
    regions = list(sentences)
    if headline is not None:
        regions = [headline, *regions]
    for index, (ss, se) in enumerate(regions[:_LEDE_SENTENCES + 1]):
        # "lists a 39-year-old ethnic Kazakh trader … refers to him as X": the age of the person named next.
        for m in _INDEFINITE_PERSON.finditer(text, ss, se):
            if m.group("n") and 0 < int(m.group("n")) < 120:
                for pid in _named_next(text, resolver, regions, index, m, genders) or ():
                    put(pid, "age", int(m.group("n")))
    for index, (ss, se) in enumerate(regions):
        previous: tuple[int, tuple[str, ...]] = (-1, ())
        for start, end, key, value, plural in sorted(_demonym_pairs(text, ss, se)):
            targets = _targets(text, resolver, regions, index, start, end, plural, headline, main, genders)
            if not targets and previous[1] and _CHAINED.fullmatch(text[previous[0]:start]):
                targets = previous[1]  # "a citizen of Afghanistan of Hazara ethnicity": one description, one person
            if not targets:
                targets = listed_subjects(text, resolver.between(ss, se), ss, start) if plural else \
                    described_by_age(text, persons, start)
            for pid in targets:
                put(pid, key, value)
            previous = (end, targets) if targets else previous
    for ss, se in sentences:
        for pid, people in group_members(text, resolver.between(ss, se), (ss, se)):
            put(pid, "ethnicity", people)


def _record_fields(text: str, sentences: Sequence[tuple[int, int]], resolver: Resolver,
                   put: Callable[[str, str, object], None]) -> None:
    """ "Victim: X. Gender: male. Age at detention: forty-one. Ethnicity: Kazakh." in a database record.

    A labelled field belongs to the one person named in its paragraph; with two or more named there,
    nobody can tell whose field it is, so it is left alone.
    """
    if not sentences:
        return
    start, end = sentences[0][0], sentences[-1][1]
    names = [r for r in resolver.references if r.kind == "name" and r.persons]
    for m in _FIELD_VALUE.finditer(text, start, end):
        para_start = text.rfind("\n\n", 0, m.start()) + 1
        para_end = text.find("\n\n", m.end())
        para_end = end if para_end < 0 else para_end
        owners = {p for r in names if para_start <= r.start < para_end for p in r.persons}
        if len(owners) != 1:
            continue
        key, value = m.group("key").split()[0].lower(), m.group("v")
        if key == "age" and (value.isdigit() or value[0].islower()):
            if 0 < number(value) < 120:
                put(next(iter(owners)), "age", number(value))
        elif key == "ethnicity" or key == "ethnic":
            if ethnicity_of(value):
                put(next(iter(owners)), "ethnicity", ethnicity_of(value))
        elif key == "citizenship":
            country = country_of_demonym(value) or _country_named(value)
            if country:
                put(next(iter(owners)), "citizenship", country)


def _targets(text: str, resolver: Resolver, regions: Sequence[tuple[int, int]], index: int, start: int, end: int,
             plural: bool, headline: tuple[int, int] | None, main: Person | None,
             genders: Mapping[str, str | None]) -> tuple[str, ...]:
    ss, se = regions[index]
    refs = [r for r in resolver.references if ss <= r.start < se and r.kind != "generic"]
    holder = next((r for r in refs if r.start <= start and end <= r.end and r.persons), None)
    if holder is not None:
        return holder.persons
    if re.search(r"\b(?:of|to|by|with|for)\s+$", text[max(ss, start - 6):start]):
        return ()  # "the daughter of a Uyghur poet": the description is of someone else
    before = [r for r in refs if r.end <= start and not (r.possessive and r.kind != "name")]
    if before:
        last = before[-1]
        gap = text[last.end:start]
        if (_APPOSITION.match(gap) or _KIN_APPOSITION.match(gap) or _WHO_BECAME.match(gap)) and last.kind == "name":
            return last.persons
        if not plural and _APPOSITION.match(gap) and last.kind == "kin" and len(last.persons) == 1:
            return last.persons  # "His son, a Kazakh citizen who …": the relative, once named
        if plural and _APPOSITION.match(gap) and last.kind == "description" and len(last.persons) > 1:
            return last.persons  # "The brothers, citizens of China and ethnic Kazakhs": each of them
        if last.kind == "pronoun" and len(last.persons) == 1 and not plural and _CONTRACTED_LINK.match(gap):
            return last.persons
        if last.kind == "name" and not plural and _RELATIVE_CLAUSE_LINK.match(gap):
            return last.persons
        if _LINK.match(gap) and last.persons and (plural or len(last.persons) == 1):
            group = _conjoined(text, before)
            return group if plural else last.persons
    people_before = [r for r in before if r.persons]
    if len({p for r in people_before for p in r.persons}) == 1 and (
            _COORDINATED.search(text[ss:start]) or (_COORDINATED_VERB.match(text, start)
                                                    and re.search(r"\band\s+$", text[ss:start]))):
        # "X, an ethnic Kazakh, moved to … and has Kazakh citizenship": one subject, two predicates.
        return people_before[0].persons
    after = [r for r in refs if r.start >= end]
    if after and after[0].kind == "name" and re.fullmatch(r"\s*(?:[a-z\-]+\s+){0,2}|\s*,\s*", text[end:after[0].start]):
        if plural:
            # "citizens of the PRC N. Serikzhanuly, born 1996, and A. Khabdolkyzy": the names listed.
            listed = [after[0]]
            for ref in after[1:]:
                if ref.kind != "name" or not _LISTED_NAME_GAP.fullmatch(text[listed[-1].end:ref.start]):
                    break
                listed.append(ref)
            return tuple(dict.fromkeys(p for r in listed for p in r.persons))
        return after[0].persons  # "a Kazakh citizen Erlan …", "a Han man, Zhang Jianjun"
    count = re.search(r"\b(two|three|four|five|six|both)\s+(?:[\w\-]+\s+){0,3}$", text[max(ss, start - 40):start])
    if plural and count:
        # "two ethnic Kazakh Chinese citizens …" followed by the two names.
        n = _NUMBERS[count.group(1).lower()]
        for ns, ne in regions[index:index + 3]:
            names = [r for r in resolver.references if ns <= r.start < ne and r.kind == "name"
                     and r.start >= end]
            bound = tuple(dict.fromkeys(p for r in names[:n] for p in r.persons))
            if len(bound) == n and _is_conjunction(text, names[:n]):
                return bound
    if not plural and not [r for r in refs if r.kind == "name" and r.start < start]:
        described = next((m for m in _INDEFINITE_PERSON.finditer(text, ss, se) if m.start() <= start and end <= m.end()),
                         None)
        subject = _named_next(text, resolver, regions, index, described, genders) if described else None
        if subject is not None:
            return subject  # empty when the person named next is someone else ("her lawyer, X")
    lede = headline is not None and index == 0 or index <= (2 if headline is not None else 1)
    if lede and not plural and main is not None and not [r for r in refs if r.kind == "name" and r.start < start]:
        lede_ref = next((r for r in refs if r.kind == "description" and r.start <= start < r.end + 40 and r.persons), None)
        return lede_ref.persons if lede_ref is not None else (main.id,)
    return ()


def _named_next(text: str, resolver: Resolver, regions: Sequence[tuple[int, int]], index: int,
                described: re.Match[str], genders: Mapping[str, str | None]) -> tuple[str, ...] | None:
    """ "An ethnic Kazakh woman who fled Xinjiang … ¶ Aigerim Bekova, 34, said": the person an opening
    sentence that names nobody describes is the one named next, in the sentences right after it.

    Only the first sentences count, the name must not be told as someone's relative ("her lawyer, X"),
    and a "woman" is never a man the text has called "he".

    Returns:
        The person; an empty tuple when the person named next is not the one described; None when
        the rule does not apply (a later sentence, a name in the sentence itself, nobody named soon).
    """
    if index >= _LEDE_SENTENCES + 1 or index + 1 >= len(regions):
        return None
    ss, se = regions[index]
    if any(r.kind == "name" and ss <= r.start < se for r in resolver.references):
        return None
    until = regions[min(len(regions), index + 1 + _NAMED_NEXT_SENTENCES) - 1][1]
    following = [r for r in resolver.references if se <= r.start < until and r.kind == "name" and not r.in_quote]
    if not following or len(following[0].persons) != 1:
        return None
    first = following[0]
    if _OWNED_NAME.search(text, max(se, first.start - 40), first.start):
        return ()
    noun = described.group("noun")
    wanted = "female" if noun in ("woman", "girl", "mother", "businesswoman", "housewife", "widow") else \
        "male" if noun in ("man", "boy", "father", "businessman") else None
    if wanted and genders.get(first.persons[0]) not in (wanted, None):
        return ()
    return first.persons


# Between two conjoined subjects: "X, Y", "X and Y", "X and his wife, Y".
_CONJOINED_GAP = re.compile(r"\s*(?:,|,?\s+and)\s*(?:(?:his|her|their)\s+(?:wife|husband|son|daughter|brother|sister|"
                            r"mother|father)\s*,?\s*)?")


def _conjoined(text: str, refs: Sequence[Reference]) -> tuple[str, ...]:
    persons = list(refs[-1].persons)
    i = len(refs) - 1
    while i > 0 and refs[i - 1].kind == "name" and _CONJOINED_GAP.fullmatch(text[refs[i - 1].end:refs[i].start]):
        i -= 1
        persons = [*refs[i].persons, *persons]
    return tuple(dict.fromkeys(persons))


def _is_conjunction(text: str, refs: Sequence[Reference]) -> bool:
    return all(_LISTED_NAME_GAP.fullmatch(text[a.end:b.start]) or re.fullmatch(r"\s*(?:,|,?\s+and)\s*", text[a.end:b.start])
               for a, b in itertools.pairwise(refs))
