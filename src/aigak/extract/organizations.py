"""Organizations in running text: a gazetteer of real ones, a pattern for named ones it does not know.

Three sources, merged longest-first without overlaps:

1. `data/organizations.tsv` and `data/news_outlets.txt`: known organizations with their
   abbreviations and other spellings, matched like places (one trie regex, case-sensitive, also in
   upper case for datelines). Outlets come back with kind "news_outlet", so that the caller can
   leave them out where they only act as a source.
2. A pattern for proper names built on a head word ("Party", "Committee", "Ministry", "Embassy",
   ...): capitalised words before it, "of/for/on X" after it ("Democratic Party of Kazakhstan"),
   "in <place>" after an embassy or consulate ("Chinese Embassy in Bishkek"). A court counts only
   when it is named by a place or is a supreme or constitutional court, so "Court of First
   Instance" and "a court in Zharkent" are not organizations; lower-case generic bodies
   ("migration police department", "Kazakh government") never match.
3. Abbreviations defined in the text: "Democratic Party of Kazakhstan (DPK)" makes "DPK" an alias,
   and every bare "DPK" elsewhere in the text a mention of the same organization.

A name found after a country's possessive or beginning with its demonym is looked up again in its
qualified form, so "Kazakhstan's Foreign Ministry" is the gazetteer's "Ministry of Foreign Affairs
of Kazakhstan"; a body the gazetteer does not know keeps its owner ("China's Permanent Mission in
Geneva"). Other forms of one name in a text ("Foreign Ministry" and "Ministry of Foreign Affairs") and
names that only qualify a noun ("a UN committee") are told apart in `org_forms.py`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from importlib import resources

from aigak.extract.demonyms import country_of_demonym
from aigak.extract.org_forms import is_indefinite_modifier, is_praised_party, same_ministry, short_form_of
from aigak.extract.places import compile_phrase_pattern, find_places, fold, lookup_place, read_table

__all__ = ["ORGANIZATION_KINDS", "OrgMatch", "find_organizations"]

ORGANIZATION_KINDS: tuple[str, ...] = (
    "state", "ngo", "party", "international", "company", "news_outlet", "other",
)


@dataclass(frozen=True, slots=True)
class OrgMatch:
    """One organization named in a text.

    Attributes:
        start, end: character offsets of the mention (end exclusive), without a leading "the".
        text: `text[start:end]`.
        name: canonical name: the gazetteer's, or the name as written for one found by pattern.
        aliases: other names: the gazetteer's, and abbreviations the text defines for it.
        kind: one of `ORGANIZATION_KINDS`.
        is_modifier: True when a party is named only to qualify a noun ("Communist Party
            policies", "songs praising the Communist Party"), or any organization after "a"/"an"
            ("a UN committee"), which annotation guidelines leave out; otherwise False, since
            "Amnesty International researchers" still names the organization as an actor.
    """

    start: int
    end: int
    text: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    is_modifier: bool = False


@dataclass(frozen=True, slots=True)
class _Org:
    name: str
    kind: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    pattern: re.Pattern[str]
    by_surface: dict[str, _Org]
    by_folded: dict[str, _Org]


_HEAD_KINDS: dict[str, str] = {
    "Party": "party", "Ministry": "state", "Embassy": "state", "Consulate": "state", "Court": "state",
    "Agency": "state", "Bureau": "state", "Service": "state", "Commission": "other",
    "Committee": "other", "Council": "other", "Office": "other", "Union": "other", "Congress": "other",
    "University": "other", "Institute": "other", "Organisation": "other", "Organization": "other",
    "Foundation": "ngo", "Association": "ngo", "Movement": "ngo", "Centre": "ngo", "Center": "ngo",
    "International": "ngo", "Watch": "ngo", "Monitor": "ngo", "Project": "ngo", "Network": "ngo", "Fund": "ngo",
    "Initiative": "ngo", "Coalition": "ngo", "Alliance": "ngo", "Society": "ngo", "League": "ngo",
    "Board": "other", "Tribunal": "state", "Prosecutor's Office": "state", "Directorate": "state",
    "Mission": "state", "Subcommittee": "other",
}
# A capitalised word: "Human", "Co-operation", "KNB", "U.S."; possessives only for the few nouns
# that take one inside names ("Prosecutor General's Office", "People's Party", "Children's Fund").
_CAP = (
    r"(?:(?:People|Children|Women|Prosecutor|General|Prosecutor-General|Ombudsman|President)['’]s"
    r"|(?:Workers|Writers|Citizens|Veterans|Journalists|Lawyers|Mothers)['’]"
    r"|[A-ZÀ-ÖØ-ÞİŞĞČŠŽ][a-zß-öø-ÿığşčšžāēīōū]+(?:-[A-Za-zß-öø-ÿığşčšž]+)*|[A-Z]{2,}[a-z]?|(?:[A-Z]\.){2,})"
)
# "İstanbul 4th Administrative Court": an ordinal among the words before the head.
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)"
_HEAD = r"(?P<head>" + "|".join(sorted(_HEAD_KINDS, key=len, reverse=True)) + r")(?:[ -](?P<general>General))?"
# "… District Court of Bishkek on Tuesday approved": a day or a month is never part of the name.
_CALENDAR = (r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
             r"July|August|September|October|November|December)\b)")
_CONNECTED = r"(?:[ ](?:(?:of|for|and|on|the|de|&)[ ])*" + _CALENDAR + _CAP + r")*"
_ORG_PATTERN = re.compile(
    r"(?<![\w'’/])(?P<mods>(?:(?:" + _CAP + r"|" + _ORDINAL + r")[ ]){0,6})" + _HEAD + r"(?:[ ]No\.[ ]?\d{1,3})?"  # "Court No. 2"
    + r"(?P<of>[ ](?:of|for|on)[ ](?:the[ ])?" + _CAP + _CONNECTED + r")?"
    + r"(?P<in>[ ]in[ ](?:the[ ])?" + _CAP + r"(?:[ ]" + _CAP + r")*)?"
    + r"(?![\w-])"
)
# Words that cannot start a name: sentence openers and title-case function words in headlines.
_STOP_WORDS = frozenset({
    "The", "A", "An", "This", "That", "These", "Those", "Another", "Other", "His", "Her", "Its", "Their",
    "Our", "My", "Your", "In", "On", "At", "To", "From", "For", "With", "By", "Of", "And", "Or", "But",
    "After", "Before", "When", "While", "Since", "Until", "As", "If", "Outside", "Inside", "Near",
    "Against", "About", "Under", "Over", "Into", "Through", "Between", "Both", "Each", "Every", "All",
    "Some", "Many", "Most", "No", "Not", "Why", "How", "What", "Who", "Where", "Says", "Said",
    "Mr", "Mrs", "Ms", "Dr", "Former", "Ex", "Then", "Now", "Also", "Even", "Only", "Yesterday",
    "Today", "Tomorrow", "Meanwhile", "However", "According", "Local", "Projected", "Proposed",
    "New", "Newly", "Unregistered", "Registered", "Banned", "Opposition", "Is", "Was", "Are", "Were",
    "Will", "Would", "Has", "Have", "Had", "Do", "Does", "Did", "Be", "Been",
})
_NAMED_COURTS = frozenset({"Supreme", "Constitutional"})
# "Medeu District Court", "Almaty City Court", "Zhetisu Regional Court": a court named by its seat.
_COURT_SEATS = frozenset({"District", "City", "Regional", "Region", "Oblast", "County", "Municipal",
                          "Inter-District", "Interdistrict", "Provincial", "Military", "Appeals", "Appellate"})
# Heads after which "in <place>" belongs to the name; a court only with words before it
# ("Medeu District Court in Almaty", not "Court in Karaganda").
_IN_PLACE_HEADS = frozenset({"Embassy", "Consulate", "Court", "Mission"})
# Words that make a "Center" a building, not a body: camps and prisons are facilities.
_FACILITY_WORDS = frozenset({
    "Detention", "Training", "Education", "Re-education", "Reeducation", "Transformation",
    "Vocational", "Internment", "Holding", "Isolation", "Deportation", "Shopping", "Business",
})
_CONTINUES = re.compile(r"[ ][A-Z][a-z]")
_DEFINITION = re.compile(r"(?:['’]s)?[ \u00a0]?\([ ]?(?P<abbr>[^()\n]{2,40}?)[ ]?\)")
_ABBREVIATION = re.compile(r"[A-Z][A-Za-z0-9&./-]{1,11}")
_POSSESSOR = re.compile(r"(?P<owner>[A-Z][\w.-]*(?:[ ][A-Z][\w.-]*){0,3})['’]s[ ](?:the[ ])?$")
_NEXT_WORD = re.compile(r"(?:['’]s)?[ \u00a0]+(?P<word>[a-z][a-z-]*)")
# After a party's name, these words do not make it a modifier: verbs and function words (the party
# acts), and nouns for its people ("Communist Party members" names the party as theirs).
_NOT_MODIFYING = frozenset({
    "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as",
    "that", "which", "who", "whose", "is", "was", "were", "are", "be", "been", "being", "has",
    "have", "had", "will", "would", "can", "could", "may", "might", "must", "shall", "should",
    "did", "does", "do", "said", "says", "say", "announced", "stated", "declared", "issued",
    "called", "calls", "urged", "urges", "denied", "denies", "claimed", "claims", "accused",
    "accuses", "wants", "demands", "controls", "rules", "governs", "runs", "remains", "plans",
    "seeks", "continues", "uses", "sees", "considers", "believes", "requires", "orders", "bans",
    "won", "wins", "lost", "loses", "held", "holds", "took", "takes", "launched", "launches",
    "member", "members", "membership", "official", "officials", "leader", "leaders", "leadership",
    "secretary", "secretaries", "chief", "chairman", "chairwoman", "chair", "head", "cadre",
    "cadres", "functionary", "functionaries", "boss", "bosses", "representative",
    "representatives", "delegate", "delegates", "deputy", "deputies", "spokesman",
    "spokeswoman", "spokesperson", "founder", "founders", "activist", "activists", "candidate",
    "candidates", "initiator", "initiators", "committee", "congress",
})


def _read_outlets() -> list[_Org]:
    text = resources.files("aigak.extract").joinpath("data", "news_outlets.txt").read_text(encoding="utf-8")
    outlets = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, *aliases = [part.strip() for part in line.split("|")]
            outlets.append(_Org(name=name, kind="news_outlet", aliases=tuple(a for a in aliases if a)))
    return outlets


def _load_organizations() -> list[_Org]:
    orgs = []
    for name, kind, aliases in read_table("organizations.tsv"):
        if kind not in ORGANIZATION_KINDS:
            raise ValueError(f"organizations.tsv: unknown kind {kind!r} for {name!r}; use one of {ORGANIZATION_KINDS}")
        orgs.append(_Org(name=name, kind=kind, aliases=tuple(a for a in aliases.split("|") if a)))
    return orgs + _read_outlets()


def _surface_variants(spelling: str) -> set[str]:
    variants = {spelling}
    if spelling.startswith("The "):
        variants.add("the " + spelling[4:])
    variants |= {v.replace("'", "’") for v in variants if "'" in v}
    if sum(ch.isalpha() for ch in spelling) >= 5 and not spelling.isupper():
        variants.add(spelling.upper())
    return variants


@functools.cache
def _gazetteer() -> _Gazetteer:
    by_surface: dict[str, _Org] = {}
    by_folded: dict[str, _Org] = {}
    for org in _load_organizations():
        for spelling in (org.name, *org.aliases):
            by_folded.setdefault(fold(spelling), org)
            for variant in _surface_variants(spelling):
                by_surface.setdefault(variant, org)
    return _Gazetteer(compile_phrase_pattern(by_surface), by_surface, by_folded)


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    name: str
    kind: str
    aliases: tuple[str, ...]
    is_known: bool


def _known(text: str) -> list[_Candidate]:
    gazetteer = _gazetteer()
    found = []
    for m in gazetteer.pattern.finditer(text):
        org = gazetteer.by_surface[m.group()]
        found.append(_Candidate(m.start(), m.end(), org.name, org.kind, org.aliases, True))
    return found


def _trim_modifiers(mods: str) -> tuple[str, int]:
    """Drop the words before and including the last stop word; return the rest and its offset."""
    words = mods.rstrip(" ").split(" ") if mods.strip() else []
    cut = 0
    for i, word in enumerate(words):
        if word in _STOP_WORDS:
            cut = i + 1
    kept = " ".join(w for w in words[cut:] if w)
    offset = sum(len(w) + 1 for w in words[:cut])
    return kept, offset


def _names_a_place(words: str) -> bool:
    return any(p.start == 0 and p.end == len(words) for p in find_places(words)) or lookup_place(words) is not None


def _place_prefix(in_part: str) -> str:
    """The longest " in <place>" at the start of `in_part`, or "" when it names no place."""
    lead = re.match(r" in (?:the )?", in_part)
    assert lead is not None
    words = in_part[lead.end():].split(" ")
    for k in range(len(words), 0, -1):
        if _names_a_place(" ".join(words[:k])):
            return lead.group() + " ".join(words[:k])
    return ""


def _by_pattern(text: str) -> list[_Candidate]:
    found = []
    for m in _ORG_PATTERN.finditer(text):
        head, of_part, in_part = m.group("head"), m.group("of") or "", m.group("in") or ""
        mods, offset = _trim_modifiers(m.group("mods"))
        start = m.start() + offset
        end = m.end()
        if in_part:
            kept = _place_prefix(in_part) if head in _IN_PLACE_HEADS and (mods or head != "Court") else ""
            end -= len(in_part) - len(kept)
            in_part = kept
        branch = re.match(r" for (?:the )?(?P<seat>.+)", of_part)
        if branch and _names_a_place(branch.group("seat")) and fold(text[start:end - len(of_part)]) in \
                _gazetteer().by_folded:
            # "the National Security Committee for Almaty": a known national body's local department
            end, of_part = end - len(of_part), ""
        if not of_part and not in_part and _CONTINUES.match(text, end):
            continue  # "International Airport", "Committee Chairman": the head is not the end
        if not mods and not of_part and not in_part:
            continue  # a head word alone ("the Court", "Party") names nothing
        name = text[start:end]
        if _FACILITY_WORDS & set(mods.split()):
            continue  # "Karamay Detention Center": a place of detention
        if head == "Court" and not (_NAMED_COURTS & set(mods.split()) or find_places(name)
                                    or (len(mods.split()) >= 2 and mods.split()[-1] in _COURT_SEATS)):
            continue  # "Court of First Instance": a kind of court, not a named one
        if _names_a_place(name):
            continue  # "Soviet Union"
        found.append(_Candidate(start, end, name, _HEAD_KINDS[head], (), False))
    return found


# "the Chinese embassy in Astana", "the Kyrgyz consulate general in Urumqi": a country's mission named in
# lower case by the country's demonym and the city it sits in.
_MISSION = re.compile(r"(?<![\w'’])(?P<demonym>[A-Z][a-z]+)[ ](?:embassy|consulate(?P<general>[ -]general)?)"
                      r"(?P<in>[ ]in[ ](?:the[ ])?" + _CAP + r"(?:[ ]" + _CAP + r")*)?")


def _missions(text: str) -> list[_Candidate]:
    """Embassies and consulates written in lower case, which the capitalised head-word pattern misses;
    only with a demonym before and a place after, so that "the embassy" alone names nothing. A consulate
    general is one office, so "the Uzbek consulate general" names it without its city."""
    found = []
    for m in _MISSION.finditer(text):
        if not country_of_demonym(m.group("demonym")):
            continue
        kept = _place_prefix(m.group("in")) if m.group("in") else ""
        if kept:
            end = m.start("in") + len(kept)
        elif m.group("general") and re.search(r"(?<![\w'’])the[ ]$", text[max(0, m.start() - 4):m.start()]):
            end = m.end("general")
        else:
            continue
        found.append(_Candidate(m.start(), end, text[m.start():end], "state", (), False))
    return found


def _qualified(text: str, candidate: _Candidate) -> _Candidate:
    """Replace a bare name by the gazetteer's entry for its country-qualified form, when there is one."""
    gazetteer = _gazetteer()
    options = []
    first, _, rest = candidate.name.partition(" ")
    country = country_of_demonym(first) if rest else None
    if country:
        options.append(f"{rest} of {country}")
    owner = _POSSESSOR.search(text, max(0, candidate.start - 60), candidate.start)
    place = lookup_place(owner.group("owner")) if owner else None
    if owner and place is not None and place.kind == "country":
        options.append(f"{candidate.name} of {place.name}")
    for option in (candidate.name, *options):
        org = gazetteer.by_folded.get(fold(option))
        if org is not None:
            return _Candidate(candidate.start, candidate.end, org.name, org.kind, org.aliases, True)
    if owner and place is not None and place.kind == "country" and not candidate.name.startswith(place.name):
        # "China's Permanent Mission in Geneva": a body the gazetteer does not know keeps its country.
        name = f"{owner.group('owner')}'s {candidate.name}"
        qualified = () if " in " in candidate.name else (f"{candidate.name} of {place.name}",)
        return replace(candidate, name=name, aliases=(candidate.name, *qualified))
    return candidate


def _outlet_services(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """ "RFE/RL's Kazakh Service", "BBC Russian Service": a service named after an outlet is the outlet."""
    out: list[_Candidate] = []
    for candidate in candidates:
        previous = out[-1] if out else None
        if previous is not None and previous.kind == "news_outlet" and not candidate.is_known and re.fullmatch(
                r"(?:['’]s)?[ \u00a0]", text[previous.end:candidate.start]):
            out[-1] = replace(previous, end=candidate.end)
            continue
        out.append(candidate)
    return out


def _short_forms(candidates: list[_Candidate]) -> list[_Candidate]:
    """ "Kazakhstan's Foreign Ministry said … to ask the Foreign Ministry": a bare name is the one known
    organization of the text whose qualified name it begins ("Foreign Ministry of Kazakhstan"). Among
    names the gazetteer does not know, "Foreign Ministry" is the text's "Ministry of Foreign Affairs",
    and a name is the one longer name it begins ("Subcommittee on X" of "Subcommittee on X of Y")."""
    known = {c.name: c for c in candidates if c.is_known}
    unknown = {c.name: c for c in candidates if not c.is_known}
    out = []
    for c in candidates:
        fuller = [k for k in known.values() if not c.is_known and any(
            spelling.startswith(c.name + " of ") for spelling in (k.name, *k.aliases))]
        if len(fuller) == 1:
            out.append(replace(fuller[0], start=c.start, end=c.end))
            continue
        if not c.is_known:
            synonyms = [u for u in unknown.values() if same_ministry(c.name, u.name)]
            longer = short_form_of(c.name, list(unknown))
            if len(synonyms) == 1:
                c = replace(synonyms[0], start=c.start, end=c.end)
            elif longer is not None:
                c = replace(unknown[longer], start=c.start, end=c.end)
        out.append(c)
    return out


def _longest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), not c.is_known, c.start))
    kept: list[_Candidate] = []
    for candidate in ordered:
        if all(candidate.end <= k.start or candidate.start >= k.end for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)


def _definitions(text: str, matches: list[_Candidate]) -> dict[str, _Candidate]:
    """Abbreviations the text defines in parentheses after a name."""
    defined: dict[str, _Candidate] = {}
    for match in matches:
        d = _DEFINITION.match(text, match.end)
        if d is None:
            continue
        abbr = d.group("abbr")
        is_acronym = _ABBREVIATION.fullmatch(abbr) is not None and sum(ch.isupper() for ch in abbr) >= 2
        is_short_name = match.name.startswith(abbr + " ") and abbr[:1].isupper()
        if (is_acronym or is_short_name) and abbr != match.name and lookup_place(abbr) is None:
            defined.setdefault(abbr, match)
    return defined


def _is_modifier(text: str, candidate: _Candidate) -> bool:
    if is_indefinite_modifier(text, candidate.start):
        return True  # "a UN committee"
    if candidate.kind != "party":
        return False
    if is_praised_party(text, candidate.start):
        return True
    following = _NEXT_WORD.match(text, candidate.end)
    if following is None or text.startswith(("'s", "’s"), candidate.end):
        return False
    word = following.group("word")
    return word not in _NOT_MODIFYING and not word.endswith("ed")


# A line that links to another article ("Read also:", "See also:", "Related:") opens with this.
_LINK_LINE = re.compile(r"[ \t]*(?:(?:Read|See)\s+(?:also|more)|Related(?:\s+(?:stories|articles|news))?)\s*:",
                        re.IGNORECASE)


def find_organizations(text: str) -> list[OrgMatch]:
    """Find the organizations named in `text`: known ones, named ones by pattern, and defined abbreviations.

    Args:
        text: any text.

    Returns:
        Matches in text order, without overlaps. Mentions of one organization share `name`,
        `kind` and `aliases` (abbreviations defined anywhere in the text included).
    """
    patterned = [_qualified(text, c) for c in _by_pattern(text) + _missions(text)]
    candidates = _short_forms(_outlet_services(text, _longest_first(_known(text) + patterned)))
    defined = _definitions(text, candidates)
    if defined:
        taken = [(c.start, c.end) for c in candidates]
        for m in compile_phrase_pattern(defined).finditer(text):
            if all(m.end() <= s or m.start() >= e for s, e in taken):
                source = defined[m.group()]
                candidates.append(replace(source, start=m.start(), end=m.end()))
        candidates.sort(key=lambda c: c.start)
    extra: dict[str, list[str]] = {}
    for abbr, source in defined.items():
        extra.setdefault(source.name, []).append(abbr)
    out = []
    for c in candidates:
        if _LINK_LINE.match(text[text.rfind("\n", 0, c.start) + 1:c.start]):
            continue  # "Read also: Uyghur detained in Bishkek — GKNB": another article's headline
        aliases = tuple(dict.fromkeys(a for a in (*c.aliases, *extra.get(c.name, ())) if a != c.name))
        out.append(OrgMatch(start=c.start, end=c.end, text=text[c.start:c.end], name=c.name,
                            aliases=aliases, kind=c.kind, is_modifier=_is_modifier(text, c)))
    return out
