"""Where an event happened: the place named in the trigger's clause, else where its subject was.

A sentence often names several places, and only some say where the event took place. The place of
an event is, in order:

1. a place inside the trigger's own words ("stood outside the police department in Taldykorgan");
2. a place after the trigger in the same clause, introduced by a locative or destination word
   ("detained in Kashgar", "took him to a camp in Tacheng", "at the border post of Bakhty");
3. a place before the trigger in the same clause ("a court in Zharkent fined her", "Police in
   Ulugqat warned"), or a sentence's frame ("In Almaty, police detained …").

Places that only describe someone or something are skipped: an origin ("a Uyghur from Ghulja",
"returned from Naryn"), a place inside an aside that does not hold the trigger (", whose husband
is held in Ghulja,"), a country named as the owner of a more precise place ("China's Ili
prefecture"), a place inside an organisation's name ("Consulate General of China") and the
dateline. A movement event takes its destination ("crossed into Kazakhstan" → Kazakhstan; a
crossing point beats the country: "crossed into Kazakhstan at Khorgos" → Khorgos), never the
origin. An event whose clause names no place happened where its subject last was: the place of
their previous event, or where the text says they live or stayed, in the same or the previous
paragraph (`SubjectLocations`). A statement is not placed by what it reports ("told reporters that
her sons are held in Hotan"); a court event, or a statement made in court, without a place of its
own stays at the court the text last seated ("opened at the Urzhar District Court … found guilty");
"detained at her home" is at the home named as her origin; a deportation through a checkpoint is at
the checkpoint.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["LOCATED_TYPES", "PlaceRef", "SubjectLocations", "asides", "clause_place", "dateline_end", "residence_statements"]

LOCATED_TYPES: frozenset[str] = frozenset({
    "arrest", "detention", "release", "torture", "coerced_confession", "house_arrest", "surveillance",
    "restriction", "fine", "confiscation", "forced_labor", "forced_marriage", "sexual_violence",
    "disappearance", "death", "threat", "summons", "asylum_application", "criminal_proceeding",
    "public_statement",
})
"""Event types that happen where their subject is (and may take that place when the clause names none)."""

_MOVEMENT_TO = frozenset({"arrival", "border_crossing"})
_INHERIT_CHARS = 700  # how far back a subject's known location still holds
# A word right before a place that makes it an origin, not where the event happened.
_ORIGIN = re.compile(r"\b(?:from|of\s+origin\s+in|natives?\s+of|born\s+in|hails\s+from|originally\s+from|"
                     r"citizens?\s+of|nationals?\s+of|(?:passport|citizenship)\s+of)\s+"
                     r"(?:the\s+)?(?:(?:city|town|village|region|county|province|prefecture)\s+of\s+)?$",
                     re.IGNORECASE)
# "a few kilometres from Bakhty": a distance from a place locates the event near it.
_NEAR = re.compile(r"\b(?:km|kilomet(?:re|er)s?|miles?|metres?|meters?)\s+(?:\w+\s+)?(?:from|of|outside)\s+(?:the\s+)?"
                   r"(?:(?:city|town|village)\s+of\s+)?$", re.IGNORECASE)
_LOCATIVE = re.compile(
    r"\b(?:in|at|to|into|inside|near|outside|across|on|within|towards?|through|via|around|throughout)\s+"
    r"(?:(?:the|a|an|his|her|their|its|China's|China’s)\s+)?(?:[\w“”\"'’\-]+\s+){0,6}?$", re.IGNORECASE)
_DIRECT_LOCATIVE = re.compile(
    r"\b(?:in|at|to|into|inside|near|outside|within|via|through)\s+(?:the\s+)?(?:(?:[\w\-]+\s+){0,2}?(?:city|"
    r"town|village|settlement|district|region|county|province|prefecture|capital)\s+of\s+)?$", re.IGNORECASE)
# "Kazakhstan's security service announced …": the country of the authority that acts.
_OWNER_OF_AUTHORITY = re.compile(
    r"^['’]s?\s+(?:[\w\-]+\s+){0,3}?(?:authorities|government|police|court|courts|officials|prosecutors?|"
    r"(?-i:[A-Z][\w\-]*\s+)*(?-i:Committee|Ministry|Service|Court|Office|Agency|Bureau|Council))\b", re.IGNORECASE)
# "a court in Taldykorgan", "the Almaty City Court": where a court sits.
_COURT_BEFORE = re.compile(r"\b[Cc]ourt(?:room)?s?\b(?:[^.;,]{0,70}?\bin|\s+(?:of|for))\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?$")
_COURT_AFTER = re.compile(r"\s+(?:(?:[A-Z][\w\-]*|city|district|regional|military|administrative)\s+){0,3}[Cc]ourt\b")
# A place inside the charge of a court event: "sentenced for illegally crossing the border into Kazakhstan".
_CHARGED_MOVE = re.compile(r"\b(?:for|of)\s+(?:\w+ly\s+)?(?:crossing|entering|leaving|travel(?:l)?ing)\b[^,;.]*$", re.IGNORECASE)
_COURT_TYPES = frozenset({"criminal_proceeding", "asylum_decision", "fine", "deportation_order"})
# "… to go to China, where they were detained": the place a "where" clause refers to.
_WHERE_BACK = re.compile(r"\s*,\s*where\b")
_APPOSITION = re.compile(r",\s+(?:an?|the)\s+[^,;()]{1,80}?,")
# A clause that opens inside the sentence: the places in it are not those of a trigger outside it.
_ASIDE = re.compile(r"(?:,|\s[—–]|\()\s*(?:(?:an?|the)\s+(?:[\w\-]+\s+){0,4}?)?(?:(?:with|by|for|to|from|of)\s+whom|who|whose|which|where|when)\b[^,;()—–]*"
                    r"(?:,|\s[—–]|\)|$)")
_CLAUSE_STOP = re.compile(r"[;:]|\s[—–]\s|,\s*(?:and|but|while|whereas|although|though|after|before|when|"
                          r"who|whose|which|where|as|because|since|until|shortly|two|three|then)\b|\.\s|"
                          r"\b(?:because|although|though|whereas|unless)\b|"
                          r"\b(?:and|but)\s+(?:then\s+|later\s+|soon\s+)?(?:was\s+|were\s+|had\s+|has\s+)?[a-z]+ed\b")
_FACILITY_OF = re.compile(r"\b(?:facility|facilities|centre|center|camp|prison|station|department|office|colony|"
                         r"jail|court|post|checkpoint|unit)\s+(?:of|in|at|near)\s+(?:the\s+)?$", re.IGNORECASE)
# "Kazakhs held in Xinjiang": a participle after a noun, not a verb of the clause ("and held him at").
_REDUCED_RELATIVE = re.compile(r"(?<!\band\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bbe\s)(?<!\bis\s)(?<!\bare\s)"
                               r"\b(?:held|detained|imprisoned|jailed|interned|living|based|born|kept|located|"
                               r"missing|working|studying)\s+(?:in|at|near|inside)\b", re.IGNORECASE)
_POINT = re.compile(r"\b(?:at|near|through|via|outside|by)\s+(?:the\s+)?(?:[\w\-]+\s+){0,3}?$", re.IGNORECASE)
_DATELINE = re.compile(r"[A-ZА-ЯЁ][A-ZА-ЯЁ .'’\-]{2,40}(?:,[^\n—–]{0,40})?\s*(?:\([^)\n]{1,40}\)\s*)?[—–-]{1,2}\s")
_FRAME = re.compile(r"^(?:[A-Z][\w\s,.\-]{0,40}?[—–]\s*)?(?:In|At|Near|Outside|Inside)\s+(?:the\s+)?"
                    r"(?:(?:city|town|village|region|district)\s+of\s+)?$")
_OWNER_OF_NEXT = re.compile(r"['’]s?\s+(?:[A-Z][\w\-]*\s+){0,2}")
_RESIDENCE = re.compile(
    r"\b(?:lives|lived|living|live|stayed|stays|stay|remained|remains|remain|settled|resides|resided|"
    r"was\s+living|is\s+living|has\s+lived|had\s+lived|stayed\s+behind)\s+(?:behind\s+)?(?:with\s+[\w\s]{0,30}?\s+)?"
    r"(?:in|at)\s+(?:the\s+)?$|\b(?:a\s+)?(?:long-?time\s+|local\s+)?residents?\s+of\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$",
    re.IGNORECASE)


# A sentence about what happens in a courtroom: "told the court", "the judge announced the verdict".
_COURT_SCENE = re.compile(r"\b(?:court(?:room)?|judge|verdict|hearings?|trial|testif(?:y|ied|ies)|final\s+word|acquit\w*)\b",
                          re.IGNORECASE)
# "a court in Zharkent", "the District Court of Bishkek": a seat named right after the court, unlike
# "told the court that he had worked in Tacheng".
_COURT_SEAT_BEFORE = re.compile(r"\b[Cc]ourt\s+(?:in|of|for)\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?$")
_COURT_SCENE_BACK = 200  # how far before the sentence a courtroom word still sets the scene
_COURT_SCENE_TYPES = frozenset(_COURT_TYPES | {"public_statement"})
# "died on Jan. 9 in Yining", "Mr. Li was held in Hotan": a period that ends an abbreviation, not a clause.
_ABBREVIATION = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|No|Gen|Col|Lt|Sgt)\.")
# "told reporters that her sons are held in Tacheng", "said: …": what a statement says, not where it was made.
_REPORTED = re.compile(r"\bthat\b|[\"“:]")
# "was detained by servicemen of the Border Service of … in the vicinity of Koktal": a passive agent
# phrase between the verb and its place.
_AGENT_PHRASE = re.compile(r"\s*(?:on\s+[\w\s]{1,20}?\s+)?by\s+[^,;:\"“]*$")
# "arrested at the airport as he attempted to board a flight to Armenia": where someone was going, not
# where the event of the clause happened.
_TRAVEL_DESTINATION = re.compile(
    r"\b(?:(?:flights?|plane|train|bus|tickets?|ferry)\s+(?:back\s+)?(?:to|for)|bound\s+for|"
    r"on\s+(?:his|her|their|the)\s+way\s+(?:back\s+)?to|(?:leave|leaving|left|fly|flying|travel|travelling|traveling)\s+for)"
    r"\s+(?:the\s+)?$", re.IGNORECASE)
_AGENT_REACH = 200  # how far a place may follow the trigger across an agent phrase
_CLAUSE_REACH = 100  # how far a place may otherwise follow the trigger in its clause
# "at the Irkeshtam checkpoint", "through the Nur Zholy checkpoint": a crossing point named before its noun.
_CROSSING_NOUN = re.compile(r"\s+(?:border\s+)?(?:checkpoint|crossing(?:\s+point)?|border\s+post|pass|port\s+of\s+entry)\b",
                            re.IGNORECASE)
# "was detained at his home", "at her father's house": the home of the subject, named as its origin elsewhere.
_AT_HOME = re.compile(r"\s+(?:[\w\s]{0,30}?\s)?(?:at|in|from)\s+(?:his|her|their|the\s+family)\s+(?:(?:own|family|"
                      r"father['’]s|mother['’]s|parents['’])\s+)?(?:home|house|flat|apartment)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place entity and one span that names it (or a nationality word that implies it).

    Attributes:
        id: the place entity.
        start, end: the mention.
        kind: the gazetteer kind ("country", "city", ...) or None when unknown.
        is_demonym: a nationality word standing for its country ("the Kazakh border").
        country: the ISO code of the country it lies in, when known.
    """

    id: str
    start: int
    end: int
    kind: str | None = None
    is_demonym: bool = False
    country: str | None = None


def _in_spans(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def asides(text: str, ss: int, se: int, ts: int, te: int) -> list[tuple[int, int]]:
    """Relative clauses and appositions of the sentence `[ss, se)` that do not hold the trigger at `ts`.

    ", whose husband has been held in Ghulja since 2018,", ", a citizen of China,": the places
    and dates in them belong to another clause.
    """
    found = [(m.start(), m.end()) for m in _ASIDE.finditer(text, ss, se)]
    found += [(m.start(), m.end()) for m in _APPOSITION.finditer(text, ss, se)]
    return [(s, e) for s, e in found if not (s <= ts < e)]


def _is_origin(text: str, ss: int, place: PlaceRef) -> bool:
    before = text[max(ss, place.start - 40):place.start]
    return bool(_ORIGIN.search(before)) and not _NEAR.search(before)


def _names_owner_of_next(text: str, place: PlaceRef, places: Sequence[PlaceRef]) -> bool:
    """ "China's Ili prefecture": the country owns the place named next; the latter is meant."""
    m = _OWNER_OF_NEXT.match(text, place.end)
    if not m or not text[place.end:place.end + 2].strip().startswith(("'", "’")):
        return False
    return any(p.start == m.end() or place.end < p.start <= m.end() + 1 for p in places if p is not place)


def _inside_org_name(place: PlaceRef, orgs: Sequence[tuple[int, int]], text: str) -> bool:
    """A place inside an organisation's name, unless the name says where the body sits ("… Court in X")."""
    for s, e in orgs:
        if s <= place.start and place.end <= e:
            return not re.search(r"\bin\s+(?:the\s+)?$", text[s:place.start])
    return False


def clause_place(text: str, event_type: str, ts: int, te: int, ss: int, se: int,
                 places: Sequence[PlaceRef], orgs: Sequence[tuple[int, int]] = (),
                 dateline_end: int = 0) -> str | None:
    """The place of the event whose trigger is `text[ts:te]` in the sentence `[ss, se)`, or None.

    Args:
        text: the document text.
        event_type: the event's type (movement events take their destination).
        ts, te: the trigger's span.
        ss, se: the sentence's span.
        places: every place mention of the document (filtered here to the sentence).
        orgs: spans of organisation names.
        dateline_end: where a dateline at the top of the body ends (its place is not an event's).
    """
    aside_spans = asides(text, ss, se, ts, te)
    usable = [p for p in places if ss <= p.start < se and p.start >= dateline_end
              and not _in_spans(p.start, aside_spans) and not _inside_org_name(p, orgs, text)]
    if event_type not in _MOVEMENT_TO:
        usable = [p for p in usable if not p.is_demonym]
    usable = [p for p in usable if not _names_owner_of_next(text, p, usable)]
    if event_type in ("deportation", "deportation_order"):
        # "returned X to China" names the destination; only "from Y" or a place before says where it was decided.
        after = [p for p in usable if p.start >= te and _is_origin(text, ss, p)]
        before = [p for p in usable if p.end <= ts and _locative_before(text, ss, p, ts) and not _is_residence(text, ss, p)]
        # "handed over to Chinese border officials at the Irkeshtam checkpoint": where the person left.
        point = [p for p in usable if te <= p.start < min(se, te + _CLAUSE_REACH) and p.kind != "country"
                 and _CROSSING_NOUN.match(text, p.end) and _POINT.search(text[max(ss, p.start - 40):p.start])
                 and not re.search(r"[.;]\s", text[te:p.start])]
        if event_type == "deportation" and point:
            return point[0].id
        if before:
            return before[-1].id
        if event_type == "deportation_order" and (court := _court_seat(text, ts, ss, se, places, aside_spans)):
            return court
        return after[0].id if after else None
    # An origin in an apposition counts here: ", a teacher from Tekes county," says where her home is.
    origins = [p for p in places if ss <= p.start < ts and p.start >= dateline_end and _is_origin(text, ss, p)]
    usable = [p for p in usable if not _is_origin(text, ss, p)]
    inside = [p for p in usable if ts <= p.start < te]
    after = [p for p in usable if te <= p.start < min(se, te + _reach(text, te, p)) and _same_clause_after(text, te, p)]
    if event_type not in _MOVEMENT_TO:
        after = [p for p in after if not _TRAVEL_DESTINATION.search(text[max(te, p.start - 40):p.start])]
    if event_type == "public_statement":
        # "told reporters that their sons are held in Tacheng": the place of what was said.
        after = [p for p in after if not _REPORTED.search(text, te, p.start)]
    if event_type == "arrival":
        # "went to Almaty", not "went to the Chinese consulate in Almaty": the destination follows the verb.
        after = [p for p in after if re.fullmatch(r"\s*(?:the\s+)?(?:(?:city|town|village|region)\s+of\s+)?",
                                                  text[te:p.start], re.IGNORECASE)]
    if event_type in _MOVEMENT_TO:
        found = inside + after
        # "crossed into Kazakhstan at Khorgos": the crossing point is more precise than the country.
        precise = [p for p in found if p.kind != "country" and not p.is_demonym
                   and (_POINT.search(text[max(ss, p.start - 40):p.start]) or _NEAR.search(text[max(ss, p.start - 40):p.start]))]
        return (precise or found)[0].id if found else None
    if inside:
        return inside[-1].id
    if event_type in _COURT_TYPES and after and _CHARGED_MOVE.search(text, max(ss, after[0].start - 50), after[0].start) \
            and (court := _court_seat(text, ts, ss, se, places, aside_spans)):
        return court  # "sentenced for crossing the border into Kazakhstan, a court in Zharkent ruled"
    if after:
        return after[0].id
    if event_type in _COURT_TYPES and (court := _court_seat(text, ts, ss, se, places, aside_spans)):
        return court
    if event_type in LOCATED_TYPES and _AT_HOME.match(text, te) and len(origins) == 1:
        # "Ms Li, a teacher from Tekes county, was detained at her home": her home is where she is from.
        return origins[0].id
    where = [p for p in places if ss <= p.end <= ts and _WHERE_BACK.match(text, p.end)
             and not re.search(r"[.;]", text[p.end:ts])]
    if where:
        return where[-1].id
    before = [p for p in usable if p.end <= ts and _locative_before(text, ss, p, ts) and not _is_residence(text, ss, p)]
    if before:
        return before[-1].id
    if event_type in _COURT_SCENE_TYPES and _COURT_SCENE.search(text, max(dateline_end, ss - _COURT_SCENE_BACK), se):
        return _last_court_seat(text, ss, places, dateline_end)
    return None


def _last_court_seat(text: str, ss: int, places: Sequence[PlaceRef], dateline_end: int) -> str | None:
    """The seat of the court the text last named before `ss` ("has opened at the Urzhar District Court
    … Aidos testified first … Both brothers were found guilty"): a hearing told in parts stays there."""
    seats = [p for p in places if dateline_end <= p.start and p.end <= ss
             and (_COURT_SEAT_BEFORE.search(text[max(0, p.start - 40):p.start]) or _COURT_AFTER.match(text, p.end))]
    return seats[-1].id if seats else None


def _court_seat(text: str, ts: int, ss: int, se: int, places: Sequence[PlaceRef],
                aside_spans: Sequence[tuple[int, int]]) -> str | None:
    """Where the court of the sentence sits, even inside its name ("the Shymkent City Court convicted
    him", "the Medeu District Court of Almaty ordered his extradition"): the closest to the trigger."""
    court = [p for p in places if ss <= p.start < se and not _in_spans(p.start, aside_spans)
             and (_COURT_BEFORE.search(text[max(ss, p.start - 90):p.start]) or _COURT_AFTER.match(text, p.end))]
    return min(court, key=lambda p: abs(p.start - ts)).id if court else None


def _is_residence(text: str, ss: int, place: PlaceRef) -> bool:
    """ "a man who had lived in Osh for three years was handed over": where someone lives, not where
    the verb after it happened."""
    return bool(_RESIDENCE.search(text[max(ss, place.start - 60):place.start]))


def _reach(text: str, te: int, place: PlaceRef) -> int:
    """How far after the trigger its clause may still name the place: further across a passive agent
    ("detained by servicemen of the Border Service of the National Security Committee in Koktal")."""
    return _AGENT_REACH if _AGENT_PHRASE.match(text[te:place.start]) else _CLAUSE_REACH


def dateline_end(text: str, start: int) -> int:
    """Where a dateline ("ALMATY, 14 March 2021 —", "BISHKEK, Oct 8 (CAW) -") opening the body ends, else `start`."""
    m = _DATELINE.match(text, start)
    return m.end() if m else start


def _same_clause_after(text: str, te: int, place: PlaceRef) -> bool:
    gap = _ABBREVIATION.sub(lambda m: m.group()[:-1] + " ", text[te:place.start])
    if re.fullmatch(r"\s*(?:the\s+)?", gap, re.IGNORECASE):
        return True  # "arrived in the United States", "reached Almaty"
    if _FACILITY_OF.search(gap) and not re.search(r"[.;,]", gap):
        return True  # "placed in the detention facility of the Panfilov district police"
    if _REDUCED_RELATIVE.search(gap):
        return False  # "campaigned for the release of Kazakhs held in Xinjiang": the place of others
    if re.search(r"[.;!?]\s", gap):
        return False
    if "," in gap:
        # "…, in Zhambyl region" continues the clause; any other comma ends it.
        tail = gap[gap.rfind(",") + 1:]
        return bool(_DIRECT_LOCATIVE.fullmatch(tail.lstrip()) or re.fullmatch(r"\s*(?:in|at|near)\s+(?:the\s+)?", tail))
    if _CLAUSE_STOP.search(gap):
        return False
    return bool(_LOCATIVE.search(gap) or _NEAR.search(gap)) or gap.strip() == ""


def _locative_before(text: str, ss: int, place: PlaceRef, ts: int) -> bool:
    """A place before the trigger that says where: "a court in X …", "Police in X …", "In X, …"."""
    lead = text[ss:place.start]
    gap = text[place.end:ts]
    if _FRAME.search(lead) and re.match(r"\s*,", gap):
        return True  # "In Almaty, police detained …"
    if _CLAUSE_STOP.search(gap) or "," in gap:
        return False
    if _OWNER_OF_AUTHORITY.match(gap) and len(gap) <= 80:
        return True
    return len(gap) <= 40 and bool(_DIRECT_LOCATIVE.search(lead[-50:]) or _NEAR.search(lead[-40:]))


@dataclass(slots=True)
class SubjectLocations:
    """Where each person was last placed by the text, for events whose clause names no place."""

    paragraph_breaks: list[int] = field(default_factory=list)
    known: dict[str, tuple[str, int, str | None, str | None]] = field(default_factory=dict)
    countries: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def paragraph_of(self, pos: int) -> int:
        return sum(1 for b in self.paragraph_breaks if b <= pos)

    def place(self, subject: str, pos: int, when: str | None = None) -> str | None:
        """Where `subject` was at `pos` (an event dated `when`), if the text said so lately.

        A place known from an episode that ended more than a year before `when`, or began after it,
        says nothing of where the later event happened ("held in Ghulja in 2018–2019 … his
        application of October 2022").
        """
        found = self.known.get(subject)
        if found is None:
            return None
        place, at, first, last = found
        if pos - at > _INHERIT_CHARS or self.paragraph_of(pos) - self.paragraph_of(at) > 1:
            return None
        if when and first and int(when[:4]) < int(first[:4]):
            return None
        if when and last and int(when[:4]) > int(last[:4]) + 1:
            return None
        return place

    def put(self, subjects: Sequence[str], place: str | None, pos: int, *, moved: bool = False,
            start: str | None = None, end: str | None = None) -> None:
        """Record where `subjects` are from `pos` on (None: they left), from `start` until `end` when known
        (an `end` of None leaves the stay open: custody lasts until a release is told).
        Unless they `moved`, a country does not replace a more precise place inside it that is already
        known ("detained in Almaty … held in Kazakhstan")."""
        kind, country = self.countries.get(place or "", (None, None))
        for s in subjects:
            if place is None:
                self.known.pop(s, None)
                continue
            old = self.known.get(s)
            if old is not None and start and old[2] and start[:4] < old[2][:4]:
                continue  # a flashback to an earlier year does not move the person back
            if old is not None and kind == "country" and old[0] != place and not moved:
                old_kind, old_country = self.countries.get(old[0], (None, None))
                if old_kind != "country" and old_country is not None and old_country == country:
                    self.known[s] = (old[0], pos, start or old[2], end or old[3])
                    continue
            self.known[s] = (place, pos, start, end)


def residence_statements(text: str, ss: int, se: int, places: Sequence[PlaceRef]) -> list[tuple[int, str]]:
    """ "lives in X", "stayed behind in X": (position, place id) of each statement in a sentence."""
    found = []
    for p in places:
        if ss <= p.start < se and _RESIDENCE.search(text[max(ss, p.start - 60):p.start]):
            found.append((p.start, p.id))
    return found
