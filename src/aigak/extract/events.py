"""Stage 7: events from the FORMAT.md vocabulary, each with subjects, date, place and evidence.

For every trigger in a body sentence (see `triggers`), the person it happened to is found from the
trigger's role (`event_subjects`): after an active verb ("police took him"), before an intransitive
or passive one ("I was released", "they crossed"), or as the possessor of a noun ("his arrest"). Pronouns and
descriptions are already resolved (`coref`), so "we" in a quote is the speaker and companions;
generic subjects ("those who are released") yield no event. The date is the closest date of the
sentence (a relative "five days after … on Sept. 21" beats its anchor), else the story's date at
that point; a stated duration gives the end of a lasting event. `episodes` then joins restatements.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from aigak.extract.coref import Reference, Resolver
from aigak.extract.event_context import (
    JUDGED_TYPES,
    Judgment,
    court_decides_at,
    judgment_heading,
    told_otherwise,
    upheld_order_subjects,
)
from aigak.extract.event_places import (
    LOCATED_TYPES,
    PlaceRef,
    SubjectLocations,
    asides,
    clause_place,
    dateline_end,
    residence_statements,
)
from aigak.extract.event_subjects import left_subject, refs_in, shares_subject, subjects_of
from aigak.extract.money import MoneyAmount
from aigak.extract.timex import TimeExpression, TimeKind, narrative_date_at, shift_date
from aigak.extract.timex_calendar import coarser, precision_of, truncate
from aigak.extract.timex_types import Duration
from aigak.extract.triggers import TriggerMatch, find_triggers, scan_triggers

__all__ = ["Event", "PlaceRef", "find_events", "period_end"]

_FOCUS_TYPES = {"criminal_proceeding", "asylum_decision", "deportation_order"}
_NEXT_DATE_TYPES = {"flight"}
_MOVEMENT = {"border_crossing", "arrival", "flight", "deportation"}
# "the next hearing is set for 21 June", "A court hearing on the extradition itself is scheduled for 3 May",
# "The hearing was postponed five times": no proceeding told as having happened.
_ORDERED_THAT = re.compile(r"\b(?:ordered|ruled|decided)\s+that\s+(?:[\w'’\-.]+\s+){1,5}?(?:should\s+)?be\s+$", re.IGNORECASE)
_ORDERED_NOUN_BEFORE = re.compile(r"\b(?:ordered|approved|authori[sz]ed|sanctioned|granted)\s+(?:the|his|her|their)\s+"
                                  r"(?:[\w\-]+\s+)?$", re.IGNORECASE)
_ORDERED_NOUN_AFTER = re.compile(r"\s+(?:was|were|has\s+been|had\s+been)\s+(?:ordered|approved|authori[sz]ed|sanctioned|granted)\b",
                                 re.IGNORECASE)
_STILL_HELD = re.compile(r"\b(?:(?:remains?|remained|is|are|was|were)\s+still|still|remains?|remained)\s+(?:in\s+)?$",
                         re.IGNORECASE)
_NOT_CRIMINAL_HEARING = re.compile(r"\b(?:asylum|refugee|migration|deportation|extradition|expulsion|citizenship)\s+"
                                   r"(?:appeal\s+|case\s+)?$", re.IGNORECASE)
_SCHEDULED = re.compile(r"(?:\s+(?:on|of|into|in)\s+[^.;,]{1,40}?)?\s*(?:(?:is|are)\s+(?:set|scheduled|due|expected|planned)\s+"
                        r"(?:for|on)\b|(?:was|were|has\s+been|had\s+been)\s+(?:postponed|adjourned|rescheduled)\b|"
                        r"(?:is|are)\s+on\s+(?:\d|(?-i:[A-Z]))|will\s+(?:be\s+held|take\s+place|resume|open|begin|start)\b)")
_OTHER_CLAUSE = re.compile(r"[;:]|,\s*(?:and|but|while|whereas|although|after\s+which)\b")
# Where a court or a ministry decides is not where the person is.
_INSTITUTIONAL = frozenset({"criminal_proceeding", "asylum_decision"})
# A sentence without a subject, as list items and case notes write them: "Detained in April 2018.",
# "Sentenced to 10 years in 2019.", "Missing since March 2018.", "Under house arrest since then."
_ELIDED = re.compile(r"\s*(?:\d{1,3}[.)]\s*)?(?:[A-Z][a-z]+ed|Held|Taken|Beaten|Sentenced|Missing|Under|Sent|Kept|"
                     r"Forced|Put|Given|Found|Shot|Seen)\b")
_DATE_RIGHT_AFTER = re.compile(r"\s*(?:in|on|at|since|from|until|by|during|at\s+the\s+(?:end|beginning|start)\s+of)?\s*",
                               re.IGNORECASE)
# "came back to Almaty in May 2020", "arrived in Bishkek, Kyrgyzstan, on 3 March": the date after the
# trigger's place complement is the trigger's own, however near a date before it is.
_DATE_AFTER_PLACE = re.compile(r"\s*(?:(?:to|in|at|into|from|near)\s+)?(?:the\s+)?(?-i:[A-Z])[\w'’\-]+"
                               r"(?:\s+(?-i:[A-Z])[\w'’\-]+){0,2}(?:,\s*(?-i:[A-Z])[\w'’\-]+)?,?\s+(?:in|on)\s*")
# "was detained in May 2017 and died … in October 2018": a verb joined by "and" after a date leaves that
# date to the verb before it, when a date of its own follows.
_CONJOINED_VERB = re.compile(r"\band\s+(?:(?:then|later|eventually|finally|was|were|had)\s+){0,2}$", re.IGNORECASE)
# "Police took his passport, and in January 2018 he was detained": a date opening the next coordinated
# clause dates that clause's verb, not a trigger before it (read on the text between trigger and date).
_NEXT_CLAUSE_DATE = re.compile(r"[,;]\s*(?:and|but|then)\s+(?:then\s+|later\s+)?(?:in|on|at|by)?\s*$", re.IGNORECASE)
# "The court has delivered a verdict", "have been detained": a present perfect told of the time of writing.
_RECENT_PERFECT = re.compile(r"\b(?:has|have)\s+(?:(?:now|just|recently|already)\s+)?(?:been\s+)?(?:[a-z]+ed\s+(?:an?\s+)?)?$", re.IGNORECASE)
_PAST_PERFECT = re.compile(r"\bhad\s+(?:(?:already|earlier|previously|once|been|also)\s+)*$", re.IGNORECASE)
_BEFORE_DOING = re.compile(r"\b(?:before|until)\s+(?:\w+\s+)?\w+ing\b", re.IGNORECASE)
# A person named with such a title acts in the events of the text; they are not what happens to someone.
_OFFICIAL_TITLE = re.compile(r"\b(?:[Jj]udges?|[Pp]rosecutors?|[Ii]nvestigators?|[Oo]fficers?|[Ss]pokes(?:man|woman|person)|"
                             r"[Mm]inisters?|[Aa]mbassadors?|[Cc]onsuls?|[Gg]overnors?|[Aa]kims?|[Pp]olice\s+chief|"
                             r"[Cc]ommanders?|[Ii]nterrogators?|"
                             # the outlet's own reporter travels and asks; nothing happens to them
                             r"[Oo]ur\s+(?:own\s+)?(?:correspondent|reporter)s?)\s*,?\s*(?:(?:[A-Z]\.\s?){1,3})?$")
_HABITUAL = re.compile(r"\b(?:regularly|often|usually|frequently|routinely|habitually|sometimes|used\s+to)\s+"
                       r"(?:\w+\s+)?$", re.IGNORECASE)
_SUMMONED_INTO_CUSTODY = re.compile(r"[^.;]{0,50}?\band\s+(?:was\s+|were\s+)?(?:then\s+|immediately\s+)?"
                                    r"(?:detained|arrested|held)\b", re.IGNORECASE)
# A place reached for a purpose that ends with the visit: "travelled to Geneva to testify at the UN".
_TRIP = re.compile(r"\s+(?:the\s+)?(?:[A-ZİÜÖ][\w'’\-]+\s+){1,3}(?:to\s+(?:testify|attend|speak|meet|visit|take\s+part|"
                   r"participate|address|lobby|present|give\s+evidence)|for\s+(?:a|an|the)\s+(?:[\w\-]+\s+){0,2}"
                   r"(?:conference|meeting|hearing|session|talks|forum|event|visit|summit|trial))\b")
_CUSTODY_TYPES = frozenset({"arrest", "detention", "house_arrest", "forced_labor"})
_REQUESTED = re.compile(r"\b(?:request(?:ed|s)?|seek(?:s|ing)?|sought|asked\s+for)\s+(?:[\w’'\-]+\s+){0,2}$",
                        re.IGNORECASE)
_ASYLUM_CONTEXT_CHARS = 600
_ASYLUM_CONTEXT = re.compile(r"asylum|refugee", re.IGNORECASE)
_COURT_CONTEXT = re.compile(r"\b(?:court|judge|appeal|verdict|sentence|convict\w*|cassation)\b", re.IGNORECASE)
_ONLOOKER = re.compile(r"\b(?:attended|attends|attend|attending|watched|observed|monitored|covered|sat\s+in\s+on)\s+"
                      r"(?:the|a|an|his|her|their)\s+(?:[\w\-]+\s+){0,2}$", re.IGNORECASE)
# "In total, 17 persons were convicted": a count of people is a statistic, not an event of someone named.
_COUNTED_GROUP = re.compile(r"\b(?:\d[\d,]*|dozens|hundreds|thousands|several|many|some|[a-z]+ty(?:-[a-z]+)?)\s+"
                            r"(?:(?:more|other|[A-Z]?[a-z]+)\s+)?(?:persons|people|citizens|individuals|nationals|"
                            r"foreigners|defendants|detainees|men|women)\b[^.;:]*$")
# "summoned three times in 2018 and 2019", "repeatedly in May and June": one repeated episode, not two.
_REPEATED_OVER = re.compile(r"\b(?:(?:\w+|\d+)\s+times|repeatedly|several\s+times|again\s+and\s+again)\s+"
                            r"(?:in|between|during)\s*$", re.IGNORECASE)
# A photo caption restates the story ("Photo: X with her son at a picket, 8 September").
_CAPTION = re.compile(r"\s*\[?\s*(?:Photo|Photograph|Picture|Caption|Pictured|Image)(?:\s+caption)?\s*(?:\([^)]{0,40}\))?\s*[:|]",
                      re.IGNORECASE)
# "I", "my", "we" outside quotes: a speaker's own account (testimony, transcript, blog), not a report.
_FIRST_PERSON = re.compile(r"\b(?:I|[Mm]y|[Ww]e|[Mm]e)\b|\b[Oo]ur\b(?!\s+(?:own\s+)?(?:correspondent|reporter|newspaper|website|"
                           r"agency|editor|readers)s?\b)")
_QUOTED = re.compile(r"[\"“][^\"“”\n]*[\"”]")
_REPEAT = re.compile(r"\b(?:again|another\s+time|second\s+time|re-?arrested|re-?detained)\b", re.IGNORECASE)


@dataclass(slots=True)
class Event:
    """An event as the rules build it (FORMAT.md fields plus what merging needs).

    Attributes:
        type: one of the event types.
        subjects, agents: person (or organisation) ids.
        place: a place entity id or None.
        start, end: ISO dates or None.
        start_explicit: the start comes from the trigger's own sentence, not from the story so far.
        duration: a stated length, to close the event once its start is known.
        evidence: supporting spans, the first being the trigger's sentence.
        confidence: 0..1.
        position: where the trigger is.
        extends: the event only restates a stay of an earlier episode ("spent four years in the camp").
        pending: a pending outcome ("faces deportation") that becomes an order once a decision is known.
    """

    type: str
    subjects: list[str]
    agents: list[str] = field(default_factory=list)
    place: str | None = None
    start: str | None = None
    end: str | None = None
    start_explicit: bool = False
    duration: Duration | None = None
    amount: dict[str, object] | None = None
    evidence: list[tuple[int, int]] = field(default_factory=list)
    confidence: float = 0.7
    position: int = 0
    durative: bool = False
    extends: bool = False
    pending: bool = False
    is_repeat: bool = False
    place_explicit: bool = False
    duration_approximate: bool = False
    is_flashback: bool = False


# A restrictive relative clause opening right before a trigger ("a woman who fled", "the man who had been
# detained"), and the finite verb of the main clause that follows it ("… was sentenced").
_RELATIVE_BEFORE = re.compile(r"(?<![,(—–])\s(?:who|that)\s+(?:had\s+|has\s+|have\s+)?(?:been\s+)?(?:\w+ly\s+)?$",
                              re.IGNORECASE)
_MAIN_VERB_AFTER = re.compile(r"[^,;:]{1,80}?\s(?:was|were|is|are|has|have|had)\s", re.IGNORECASE)
_RELATIVE_OPEN = re.compile(r"(?<![,(—–])\s(?:who|that)\s", re.IGNORECASE)
_FINITE_MAIN = re.compile(r"\s(?:has|have|had|was|were|is|are)\s")


def _closed_relative(text: str, ss: int, ds: int, de: int, trigger: int) -> bool:
    """Whether the date at [ds, de) lies in a restrictive relative clause ("who fled in 2019") that a finite
    verb of the main clause closes before the trigger."""
    opening = [m for m in _RELATIVE_OPEN.finditer(text, max(ss, ds - 80), ds)]
    if not opening or re.search(r"[,;:]", text[opening[-1].end():ds]):
        return False
    if not re.search(r"\b(?:was|were|had|has|have|is|are|\w+ed|fled|left|went|came|ran)\b", text[opening[-1].end():ds]):
        return False  # "a brother who in 2016 was sent to a camp": the date opens the clause its verb follows
    between = text[de:trigger]
    return len(between) <= 40 and "," not in between and bool(_FINITE_MAIN.search(between))


_SPEECH_TAG_BEFORE = re.compile(r",\s*(?:he|she|they|(?-i:[A-Z])[\w'’\-]+(?:\s+(?-i:[A-Z])[\w'’\-]+)?)\s+$", re.IGNORECASE)
_REPORTED_CONTENT = re.compile(r"\bthat\b|[:\"“]")
_SUBORDINATOR = re.compile(r"\b(?:after|before|when|while|because|until|once|whose|who|whom|which)\b", re.IGNORECASE)


def _in_subordinate(text: str, ss: int, position: int, before: int) -> bool:
    """Whether the trigger at `position` lies in a subordinate clause closed before `before`: in "X was detained
    after his cousin Y was questioned, and was later sentenced" the sentence goes on with X, not Y."""
    lead = [m for m in _SUBORDINATOR.finditer(text, ss, position)]
    if not lead:
        return False
    return "," in text[position:before] and "," not in text[lead[-1].end():position]


def _told_as_subject(text: str, refs: Sequence[Reference], ss: int, event: Event) -> bool:
    """Whether a person the event happened to is named before its trigger, as the clause's subject: "Police
    detained X and were accused of …" goes on about the police, whom no event is about."""
    return any(ss <= r.start < event.position and set(r.persons) & set(event.subjects) and not r.possessive
               for r in refs)


def _pick_date(text: str, times: Sequence[TimeExpression], ss: int, se: int, start: int, end: int,
               opening: int = -1, *, statement: bool = False) -> TimeExpression | None:
    # "ALMATY, 14 March 2022 — A woman … was sentenced, a court ruled on Friday": the dateline's date
    # (ending at or before `opening`) is when the story was written, not when the verb happened.
    dates = [t for t in times if t.kind is TimeKind.DATE and ss <= t.start < se and not t.is_birth and t.end > opening]
    anchored = [t for t in dates if t.anchor == "sentence"]
    for rel in anchored:
        # "five days after … on Sept. 21": the anchor date is the base, not the event's date.
        later = [t for t in dates if t.start > rel.end and t is not rel]
        if later:
            dates.remove(later[0])
    dates = [t for t in dates if t.value]
    if not dates:
        return None
    # ", whose husband has been held since 2018," — a date inside a relative clause dates that clause;
    # a trigger inside such a clause (", who were never told where he was held,") is not dated by the
    # rest of the sentence.
    aside_spans = asides(text, ss, se, start, end)
    own = [(a, b) for a, b in asides(text, ss, se, -1, -1) if a <= start < b]
    if own:
        dates = [t for t in dates if own[0][0] <= t.start < own[0][1]]
        if not dates:
            return None
    else:
        # "X, who had been warned for a picket in January, was sentenced": the aside's date is not the verb's.
        dates = [t for t in dates if not any(a <= t.start < b for a, b in aside_spans)]
        if not dates:
            return None

    dates = [t for t in dates if not (t.start >= end and _NEXT_CLAUSE_DATE.search(text[end:t.start]))]
    if statement:
        # "told the court that in 2018 she had been held": the date of what is said, not of the saying;
        # "… from April 2018 to December 2019, he told the court": the same, said before the speech tag.
        dates = [t for t in dates if not (t.start >= end and _REPORTED_CONTENT.search(text[end:t.start]))]
        if _SPEECH_TAG_BEFORE.search(text, max(ss, start - 40), start):
            dates = [t for t in dates if t.start >= start]
    # "An activist who was returned from Russia in August has been sentenced": the relative clause's date
    # is not the main verb's.
    dates = [t for t in dates if not (t.end <= start and _closed_relative(text, ss, t.start, t.end, start))]
    if _RELATIVE_BEFORE.search(text, max(ss, start - 25), start):
        # "A woman who fled China was sentenced on Friday": the date after the main verb is not the flight's.
        main_verb = _MAIN_VERB_AFTER.search(text, end, se)
        if main_verb is not None:
            dates = [t for t in dates if t.start < main_verb.start()]
    if not dates:
        return None

    def distance(t: TimeExpression) -> int:
        # A date in another clause ("…in August, and she was deported on 3 November") is farther.
        if any(a <= t.start < b for a, b in aside_spans):
            return 1000 + abs(t.start - start)
        if t.end <= start:
            gap = text[t.end:start]
            conjoined = 45 if _CONJOINED_VERB.search(gap) else 0
            return start - t.end + conjoined + (30 if _OTHER_CLAUSE.search(gap) else 20 if "," in gap else 0)
        if t.start >= end:
            if _DATE_RIGHT_AFTER.fullmatch(text, end, t.start):
                return 0  # "released in December 2018": the date the trigger's own phrase gives
            if _DATE_AFTER_PLACE.fullmatch(text, end, t.start):
                return 1
            if ";" in text[end:t.start]:
                return 500 + t.start - end  # "held him for five hours; two days later a court fined him"
            return t.start - end + 5 + (30 if _OTHER_CLAUSE.search(text[end:t.start]) else 0)
        # inside the trigger's own words: "her application, filed on 1 September, was rejected on 10 January"
        # is dated by the date right after the verb, when there is one
        return 2

    return min(dates, key=distance)


def find_events(
    text: str,
    sentences: Sequence[tuple[int, int]],
    resolver: Resolver,
    times: Sequence[TimeExpression],
    places: Sequence[PlaceRef],
    org_spans: Sequence[tuple[int, int, str]],
    amounts: Sequence[MoneyAmount],
    reference_date: str | None = None,
) -> list[Event]:
    """Events of the body sentences, before restatements are merged (`episodes.merge_episodes`).

    `reference_date` dates what has gone on "for two years" up to the time of writing.
    """
    events: list[Event] = []
    officials = {r.persons[0] for r in resolver.references if r.kind == "name" and len(r.persons) == 1
                 and _OFFICIAL_TITLE.search(text, max(0, r.start - 40), r.start)}
    org_bounds = [(s, e) for s, e, _ in org_spans]
    first_at = dateline_end(text, sentences[0][0]) if sentences else 0
    residences: list[tuple[int, list[str], str]] = []
    scanned = scan_triggers(text, sentences)
    for index, (ss, se) in enumerate(sentences):
        refs = refs_in(resolver, ss, se)
        for pos, pid in residence_statements(text, ss, se, places):
            who = left_subject(text, refs, ss, pos)
            if who:
                residences.append((pos, who, pid))
        if _CAPTION.match(text, ss):
            continue
        for match in find_triggers(text, ss, se, scanned[index]):
            if match.trigger.type == "asylum_decision" and not _ASYLUM_CONTEXT.search(
                    text, max(0, min(sentences[max(0, index - 2)][0], ss - _ASYLUM_CONTEXT_CHARS)), se):
                # "the regional court rejected his appeal" in a criminal case: no asylum was asked for.
                if not _COURT_CONTEXT.search(text, ss, se):
                    continue
                match = replace(match, trigger=replace(match.trigger, type="criminal_proceeding"))
            if match.trigger.type == "deportation" and (
                    _ORDERED_THAT.search(text, max(ss, match.start - 60), match.start)
                    or match.trigger.role == "noun" and (
                        _ORDERED_NOUN_BEFORE.search(text, max(ss, match.start - 40), match.start)
                        or _ORDERED_NOUN_AFTER.match(text, match.end))):
                # "a court ordered that X be deported", "ordered the extradition of X", "whose extradition was
                # ordered": the order, not the deportation, which has not happened.
                match = replace(match, mood="real", trigger=replace(
                    match.trigger, type="deportation_order", pending_only=False))
            still_held = match.trigger.type == "arrest" and bool(
                _STILL_HELD.search(text, max(ss, match.start - 30), match.start))
            if still_held:
                # "Her father remains in detention", "is still detained": a stay that goes on, not an arrest
                # on the date the story last gave.
                match = replace(match, trigger=replace(match.trigger, type="detention", durative=True))
            trig = match.trigger
            if match.mood in ("hypothetical", "negated", "undone", "charge", "reference"):
                continue
            if _SCHEDULED.match(text, match.end):
                continue  # "the next hearing is set for 21 June" has not happened
            if trig.type == "criminal_proceeding" and _NOT_CRIMINAL_HEARING.search(text, max(ss, match.start - 30), match.start):
                continue  # "the asylum hearing": the asylum case's step, which its decision tells
            if trig.type == "criminal_proceeding" and _ONLOOKER.search(text, max(ss, match.start - 40), match.start):
                continue  # "the uncle of the defendant attended the hearing": the proceeding is not his
            if trig.type in _MOVEMENT and _HABITUAL.search(text, max(ss, match.start - 30), match.start):
                continue  # "a driver who regularly crossed at the pass": a habit, not a crossing
            if trig.type == "summons" and _SUMMONED_INTO_CUSTODY.match(text, match.end):
                continue  # "was called to the police station and detained": the detention, told once
            if trig.type == "arrival" and _TRIP.match(text, match.end):
                continue  # "travelled to Geneva to testify": a trip, not a move
            if match.mood == "pending" and trig.type not in ("deportation", "deportation_order", "criminal_proceeding"):
                continue
            if match.mood == "pending" and _REQUESTED.search(text, max(ss, match.start - 40), match.start):
                continue  # "Uzbekistan has requested his extradition": a request, which no decision makes an order
            if trig.pending_only and match.mood != "pending":
                continue
            if trig.reported_only and _FIRST_PERSON.search(
                    _QUOTED.sub("", text[text.rfind("\n", 0, ss) + 1:match.start])):
                continue  # "My husband wrote to the embassy" in testimony belongs to the account
            subjects = subjects_of(text, match, refs, ss, se)
            earlier_here = [ev for ev in events if ev.evidence[0] == (ss, se) and ev.position < match.start]
            earlier_here = [ev for ev in earlier_here if _told_as_subject(text, refs, ss, ev)
                            and not _in_subordinate(text, ss, ev.position, match.start)]
            if earlier_here and shares_subject(text, ss, match):
                # "the young man was held … and was released": the subject of the verb before "and".
                subjects = list(earlier_here[-1].subjects)
            elided = _ELIDED.match(text, ss)
            if elided is not None and (match.start < elided.end() or not subjects and not any(r.persons for r in refs)):
                # A list item about a person: "2. Gulzhan M., born 1975. Detained on 15 October 2017, released …";
                # the item's head is the subject of its opening participle whoever the rest names ("Detained in
                # Artux while visiting his grandparents").
                line_start = text.rfind("\n", 0, ss) + 1
                heads = [r for r in resolver.references if line_start <= r.start < ss and r.kind == "name"]
                subjects = list(heads[0].persons) if heads else subjects
            if subjects is None:
                continue
            if not subjects and trig.type in _FOCUS_TYPES and not _COUNTED_GROUP.search(text, ss, match.start):
                earlier = [r for r in resolver.references if r.end <= match.start and len(r.persons) >= 1
                           and r.kind in ("name", "pronoun") and not r.in_quote and r.start >= sentences[max(0, index - 2)][0]
                           and not set(r.persons) & officials]
                subjects = list(earlier[-1].persons) if earlier else []
            subjects = [s for s in subjects if s and (s not in officials or trig.type == "public_statement")]
            if trig.upholds:
                subjects = upheld_order_subjects(match.start, events)  # "the court upheld that decision"
            if not subjects or told_otherwise(text, match, subjects, events, places):
                continue  # "interrogated at night" while held; "sent back to Kashgar" inside the country
            if trig.type in _MOVEMENT:
                subjects += [p for p in _companions(text, refs, match.end, se) if p not in subjects]
            place = clause_place(text, trig.type, match.start, match.end, ss, se, places, org_bounds, first_at)
            if trig.needs_place and place is None:
                continue
            if trig.type == "flight":
                place = None
            event = Event(type=trig.type, subjects=subjects, place=place, evidence=[(ss, se)],
                          position=match.start, durative=trig.durative, extends=trig.extends,
                          pending=match.mood == "pending" or trig.pending_only,
                          is_repeat=bool(_REPEAT.search(text, ss, se)))
            if trig.ordered and trig.type == "deportation_order":
                event.pending = False
            chosen = _date(event, text, times, sentences, index, match, first_at)
            if still_held and not event.start_explicit:
                event.start = None  # the story's date is not when the stay began
            _date_ongoing(event, text, times, ss, se, match, reference_date)
            again = _coordinated_date(text, times, chosen) if not event.durative else None
            if chosen is not None and _REPEATED_OVER.search(text, max(ss, chosen.start - 30), chosen.start):
                again = None
            if again is not None and again.value:
                # "press conferences in Almaty in June 2018 and in February 2019": two events.
                twin = replace(event, start=again.value, evidence=list(event.evidence), position=match.start + 1,
                               subjects=list(event.subjects))
                events.append(twin)
            if trig.type in ("fine", "confiscation"):
                here = sorted((a for a in amounts if ss <= a.start < se), key=lambda a: a.start)
                if here:
                    event.amount = {"value": here[0].value, "currency": here[0].currency}
            agents = [oid for s, e, oid in org_spans if ss <= s and e <= match.start and trig.role == "object"]
            event.agents = list(dict.fromkeys(agents[-1:]))
            event.confidence = 0.75 + (0.1 if event.start_explicit else 0.0) - (0.15 if event.pending else 0.0)
            event.place_explicit = event.place is not None
            event.is_flashback = bool(_PAST_PERFECT.search(text, max(ss, match.start - 30), match.start))
            events.append(event)
    _place_by_subject(text, events, residences, places)
    judgment = judgment_heading(text, sentences[0][0], times, places, reference_date) if sentences else None
    if judgment is not None:
        _date_by_judgment(text, events, judgment)
    _date_by_episode(text, events)
    _date_court_statements(text, events)
    _undate_told_in_court(text, events, times)
    _date_since_then(text, events)
    return events



_DECISION_TYPES = frozenset({"criminal_proceeding", "asylum_decision", "deportation_order"})


def _date_by_judgment(text: str, events: list[Event], judgment: Judgment) -> None:
    """In a judgment, the court's own decision told without a date ("The court found X guilty and
    sentenced him to …") was given on the judgment's date, at the court: not on the date the story
    reached last (the arrest it recounts), nor where the defendant was then."""
    for event in events:
        if event.type not in JUDGED_TYPES or event.start_explicit or not event.evidence:
            continue
        ss, se = event.evidence[0]
        if not court_decides_at(text, ss, se, event.position):
            continue
        event.start, event.start_explicit = judgment.date, True
        if event.duration is not None and not event.extends:
            event.end = period_end(judgment.date, event.duration, approximate=event.duration_approximate)
        if event.type in _DECISION_TYPES and not event.place_explicit:
            event.place = judgment.court_place


# "She has not been heard from since.", "… ever since", "since then": from the event told just before.
_SINCE_THEN = re.compile(r"\b(?:ever\s+since|since\s+then|since)\s*[.!]?\s*$|\bsince\s+then\b", re.IGNORECASE)


def _date_since_then(text: str, events: list[Event]) -> None:
    """An undated event that lasts "since" (with nothing after it) began with the same person's event told
    before it: "was detained in Tekes on 2 May, two weeks after … She has not been heard from since." went
    missing on 2 May, not on the date said in passing."""
    for event in events:
        if event.start_explicit or not event.evidence:
            continue
        ss, se = event.evidence[0]
        if not _SINCE_THEN.search(text[ss:se]):
            continue
        before = [e for e in events if e is not event and e.position < event.position and e.start
                  and set(e.subjects) & set(event.subjects)]
        if before:
            event.start = max(before, key=lambda e: e.position).start


# "… Tursynbekkyzy told the court", "she said at the hearing", "testified": said in the courtroom.
_IN_COURT = re.compile(r"\b(?:told|tells|telling|addressed|addressing)\s+(?:the\s+)?(?:court|judge|hearing|jury|trial)\b|"
                       r"\b(?:in|before\s+the)\s+court(?:room)?\b|\bat\s+(?:the|his|her|their)\s+(?:trial|hearing)\b|"
                       r"\btestif(?:y|ied|ies|ying)\b|\bfinal\s+word\b", re.IGNORECASE)


def _date_court_statements(text: str, events: list[Event]) -> None:
    """A statement made in court that the text does not date is dated by the proceeding told before it:
    "…, a court in Zharkent ruled on Friday. … 'I had no choice,' she told the court." was said on Friday."""
    for event in events:
        if event.type != "public_statement" or event.start_explicit or not event.evidence:
            continue
        ss, se = event.evidence[0]
        if not _IN_COURT.search(text, ss, se):
            continue
        hearings = [e for e in events if e.type == "criminal_proceeding" and e.start and e.start_explicit
                    and e.position < event.position]
        own = [e for e in hearings if set(e.subjects) & set(event.subjects)]
        if own or hearings:
            event.start = max(own or hearings, key=lambda e: e.position).start


# "… told the court that he had been detained in a camp and tortured there": what had happened by then.
_TOLD_BEFORE = re.compile(r"\bthat\b[^.;]*?\bhad\b", re.IGNORECASE)


def _undate_told_in_court(text: str, events: list[Event], times: Sequence[TimeExpression]) -> None:
    """What a statement in court says had happened before it ("he told the court that he had been
    tortured") took place at some earlier time it does not give: not on the date the story of the case
    reached last (his arrest), which a wrong date would make it look like. A date the statement itself
    gives before it ("that after her husband moved in 2018, the authorities had refused …") stays."""
    for event in events:
        if event.type == "public_statement" or event.start_explicit or not event.evidence:
            continue
        said = _IN_COURT.search(text, event.evidence[0][0], event.position)
        if said is None or not _TOLD_BEFORE.search(text, said.end(), event.position):
            continue
        if not any(t.kind is TimeKind.DATE and said.end() <= t.start < event.position for t in times):
            event.start = event.end = None


_DURING = re.compile(r"\b(?:during|throughout|in\s+the\s+course\s+of)\s+(?:his|her|their|my|our|the)\s+"
                     r"(?:(?:pre-?trial|first|second|initial|administrative)\s+)?(?P<noun>detention|custody|"
                     r"imprisonment|arrest|interrogations?|questioning|trial|house\s+arrest)\b"
                     # "after her release": what follows it, and the release retold, take the release's date
                     r"|\b(?:after|since|following|upon|on)\s+(?:his|her|their|my|our)\s+(?P<after>release)\b",
                     re.IGNORECASE)
_EPISODE_OF = {"detention": ("arrest", "detention"), "custody": ("arrest", "detention"),
               "imprisonment": ("arrest", "detention"), "arrest": ("arrest", "detention"),
               "interrogation": ("summons", "arrest", "detention"), "interrogations": ("summons", "arrest", "detention"),
               "questioning": ("summons", "arrest", "detention"), "trial": ("criminal_proceeding",),
               "house arrest": ("house_arrest",), "release": ("release",)}


def _date_by_episode(text: str, events: list[Event]) -> None:
    """ "was beaten during his pre-trial detention": an undated event takes the date of the episode it
    names, told earlier about the same person, rather than the story's latest date."""
    for event in events:
        if event.start_explicit or not event.evidence:
            continue
        ss, se = event.evidence[0]
        m = _DURING.search(text, ss, se)
        if m is None:
            continue
        kinds = _EPISODE_OF[" ".join((m.group("noun") or m.group("after")).lower().split())]
        earlier = [e for e in events if e is not event and e.type in kinds and e.position < ss and e.start
                   and set(e.subjects) & set(event.subjects)]
        if earlier:
            event.start = min(earlier, key=lambda e: e.position).start


def _place_by_subject(text: str, events: list[Event], residences: Sequence[tuple[int, list[str], str]],
                      places: Sequence[PlaceRef]) -> None:
    """An event whose clause names no place happened where its subject last was (`SubjectLocations`)."""
    where = SubjectLocations(paragraph_breaks=[m.start() for m in re.finditer(r"\n+", text)],
                             countries={p.id: (p.kind, p.country) for p in places})
    steps: list[tuple[int, int, Event | tuple[list[str], str]]] = [(e.position, 1, e) for e in events]
    steps += [(pos, 0, (who, pid)) for pos, who, pid in residences]
    for pos, _, item in sorted(steps, key=lambda x: (x[0], x[1])):
        if not isinstance(item, Event):
            where.put(item[0], item[1], pos)
            continue
        event = item
        if event.place is None and event.type in LOCATED_TYPES:
            event.place = next((p for s in event.subjects if (p := where.place(s, pos, event.start))), None)
            if event.type == "asylum_application" and event.place is not None:
                event.place = _country_of(event.place, places)
        if event.type in ("flight", "deportation") or (
                event.type in ("arrival", "border_crossing") and event.place is None):
            where.put(event.subjects, None, pos)  # they left; where to, the text does not say here
        elif event.is_flashback:
            pass  # "police in Khorgas had threatened him": before the story's time, not where he is now
        elif event.place_explicit and event.type in LOCATED_TYPES and event.type not in _INSTITUTIONAL:
            end = event.end
            if end is None and event.start and event.duration is not None:
                end = period_end(event.start, event.duration, approximate=event.duration_approximate)
            if end is None and not event.durative and event.type not in _CUSTODY_TYPES:
                end = event.start  # a moment, not a stay: its place holds for about a year
            where.put(event.subjects, event.place, pos, start=event.start, end=end)
        elif event.place_explicit and event.type in ("arrival", "border_crossing"):
            where.put(event.subjects, event.place, pos, moved=True, start=event.start)


def _country_of(place: str, places: Sequence[PlaceRef]) -> str:
    """Asylum is asked of a state: an application placed by where its subject last was ("held in
    Almaty … applied for asylum") is placed in the country of that place when the text names that
    country; a text that names no such country keeps the city (as its gold does: "got to Almaty …
    applied for refugee status")."""
    known = next((p for p in places if p.id == place and p.kind is not None), None)
    if known is None or known.kind == "country" or known.country is None:
        return place
    return next((p.id for p in places if p.kind == "country" and p.country == known.country), place)


def _date(event: Event, text: str, times: Sequence[TimeExpression], sentences: Sequence[tuple[int, int]],
          index: int, match: TriggerMatch, opening: int) -> TimeExpression | None:
    """Date `event` from its sentence, an answer, the story so far or a stated length; the date chosen
    from the sentence, if any. `opening` is where the body's dateline ends (`dateline_end`)."""
    ss, se = sentences[index]
    chosen = _pick_date(text, times, ss, se, match.start, match.end, opening,
                        statement=event.type == "public_statement")
    _settle_date(event, text, times, sentences, index, match, chosen, opening)
    return chosen


def _settle_date(event: Event, text: str, times: Sequence[TimeExpression], sentences: Sequence[tuple[int, int]],
                 index: int, match: TriggerMatch, chosen: TimeExpression | None, opening: int) -> None:
    ss, se = sentences[index]

    # "An activist who was returned in August has been sentenced": the relative clause's date, which
    # `_pick_date` passed over, is no story date for the main verb either.
    chosen_rejected = chosen is None and any(t.kind is TimeKind.DATE and t.value and ss <= t.start < match.start
                                             and _closed_relative(text, ss, t.start, t.end, match.start) for t in times)

    def story_date() -> str | None:
        # A statement, or a present perfect ("has delivered a verdict"), is told as of the writing.
        of_writing = event.type == "public_statement" or bool(
            _RECENT_PERFECT.search(text, max(ss, match.start - 25), match.start))
        return _story_date(text, times, sentences, ss if chosen_rejected else match.start, -1 if of_writing else opening)

    if chosen is not None and chosen.value:
        if event.durative and chosen.start >= match.end and _BEFORE_DOING.search(text, match.end, chosen.start):
            # "held for 14 months … before escaping to Kazakhstan in 2019": the date ends the stay.
            event.end = chosen.value
        elif chosen.boundary == "end" and event.durative:
            event.end = chosen.value
        else:
            event.start = chosen.value
            event.start_explicit = True
            if chosen.boundary == "start" and (event.durative or event.type in ("arrest", "detention")):
                # "held from April 2018 to December 2019": the range's other end closes the stay
                closing = next((t for t in times if t.kind is TimeKind.DATE and t.value and t.boundary == "end"
                                and chosen.end <= t.start <= chosen.end + 20), None)
                closes = closing.value if closing is not None else None
                if closes and closes >= chosen.value[:len(closes)]:
                    event.end = closes
    elif text[ss:se].rstrip().endswith("?") and index + 1 < len(sentences):
        # "When did they take you?" is answered by the first date of the answer's next few sentences.
        answer = [t for t in times if t.kind is TimeKind.DATE and t.value and not t.is_birth
                  and se <= t.start < _answer_end(text, sentences, index)]
        event.start = answer[0].value if answer else story_date()
    elif event.type in _NEXT_DATE_TYPES and index + 1 < len(sentences):
        ns, _ = sentences[index + 1]
        first = [t for t in times if t.kind is TimeKind.DATE and t.value and ns <= t.start < ns + 20]
        event.start = first[0].value if first else story_date()
    elif not _names_an_unknown_date(text, times, ss, se, match):
        event.start = story_date()
    durations = [t for t in times if t.kind is TimeKind.DURATION and ss <= t.start < se and t.duration
                 and not t.is_upper_bound]
    durations = [t for t in durations if _close_in_clause(text, t.start, t.end, match.start, match.end)]
    if durations and (event.durative or event.extends):
        near = min(durations, key=lambda t: abs(t.start - match.start))
        event.duration = near.duration
        event.duration_approximate = near.is_approximate
        if event.start and event.end is None and not event.extends and near.duration is not None:
            event.end = period_end(event.start, near.duration, approximate=near.is_approximate)
        elif event.start is None and event.end and near.duration is not None:
            began = shift_date(event.end, near.duration, forward=False)
            event.start = truncate(began, coarser(near.duration.finest_unit, precision_of(event.end)))


def period_end(start: str, duration: Duration, *, approximate: bool = False) -> str | None:
    """When a period that began at `start` and lasted `duration` ended; None when it cannot be counted.

    An approximate length ("almost a year", "over two years") gives an end only as precise as its own
    unit: "over two years" from 2017-03-05 ended in 2019, not on 2019-03-05.
    """
    try:
        end = shift_date(start, duration)
    except ValueError:
        return None
    return truncate(end, coarser(duration.finest_unit, precision_of(start))) if approximate else end


_ONGOING = re.compile(r"\b(?:has|have)\s+(?:now\s+|already\s+)?been\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _date_ongoing(event: Event, text: str, times: Sequence[TimeExpression], ss: int, se: int, match: TriggerMatch,
                  reference_date: str | None) -> None:
    """ "Murat has been protesting for two years": what goes on still began that long before the writing."""
    if reference_date is None or not _ONGOING.search(text, max(ss, match.start - 40), match.start):
        return
    lengths = [t for t in times if t.kind is TimeKind.DURATION and t.duration and not t.is_upper_bound
               and ss <= t.start < se and _close_in_clause(text, t.start, t.end, match.start, match.end)]
    if not lengths:
        return
    length = min(lengths, key=lambda t: abs(t.start - match.start))
    assert length.duration is not None
    began = shift_date(reference_date, length.duration, forward=False)
    event.start = truncate(began, coarser(length.duration.finest_unit, precision_of(reference_date)))
    event.start_explicit = True


_AND_DATE = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)(?:again\s+|later\s+)?(?:in|on)?\s*")


def _coordinated_date(text: str, times: Sequence[TimeExpression], chosen: TimeExpression | None
                      ) -> TimeExpression | None:
    """The second of two dates joined by "and" ("in June 2018 and in February 2019"), when `chosen` is the first."""
    if chosen is None or chosen.boundary is not None:
        return None
    following = [t for t in times if t.start >= chosen.end and t.kind is TimeKind.DATE]
    if not following or following[0].boundary is not None or following[0].anchor == "preceding":
        return None  # ", sixteen months after she fled" dates another event, not a second one of this
    return following[0] if _AND_DATE.fullmatch(text, chosen.end, following[0].start) else None


def _story_date(text: str, times: Sequence[TimeExpression], sentences: Sequence[tuple[int, int]],
                position: int, opening: int = -1) -> str | None:
    """The story's date at `position` (`narrative_date_at`), not counting dates said in passing inside a
    relative clause or apposition (", whose brother was taken to a camp in 2018,").

    The date of writing (a header or dateline ending at or before `opening`) is no story date: "My father
    confessed on television" under "OPINION | 20 March 2024" happened at some earlier time the text does
    not give, and a wrong date misleads more than none. A caller passes -1 for an event told as of the
    writing (a statement, a present perfect), which the writing's date does date.
    """
    before = [t for t in times if t.kind is TimeKind.DATE and t.value and t.end <= position and not t.is_birth]
    for t in reversed(before):
        sentence = next(((ss, se) for ss, se in sentences if ss <= t.start < se), None)
        if sentence is None or not any(a <= t.start < b for a, b in asides(text, *sentence, -1, -1)):
            return None if t.end <= opening else t.value
    value = narrative_date_at(times, position)
    latest = [t for t in before if t.value == value]
    return None if latest and latest[-1].end <= opening else value


def _answer_end(text: str, sentences: Sequence[tuple[int, int]], index: int) -> int:
    """Where the answer to the question sentence `index` ends: three sentences on, or the next question."""
    end = sentences[index][1]
    for ns, ne in sentences[index + 1:index + 4]:
        if text[ns:ne].rstrip().endswith("?"):
            break
        end = ne
    return end


def _names_an_unknown_date(text: str, times: Sequence[TimeExpression], ss: int, se: int, match: TriggerMatch) -> bool:
    """ "Last week police detained him" with no reference date: the event has a date of its own that
    cannot be resolved, so the story's earlier date ("they married in 1997") is not its date."""
    for t in times:
        if t.kind is TimeKind.DATE and t.value is None and ss <= t.start < se and (
                t.relation is None or re.search(r"\bago\b", t.text, re.IGNORECASE)) and not re.search(
                r"\d0s\b|\d0['’]s\b", t.text) and _close_in_clause(text, t.start, t.end, match.start, match.end):
            return True
    return False


def _companions(text: str, refs: Sequence[Reference], end: int, se: int) -> list[str]:
    """ "… entered Kazakhstan with their children": relatives who went along."""
    found: list[str] = []
    for ref in refs:
        if end <= ref.start < min(se, end + 60) and ref.kind in ("kin", "name") and ref.persons and re.search(
                r"\bwith\s+(?:(?:his|her|their|my|our)\s+)?(?:[\w\-]+\s+){0,2}$", text[max(end, ref.start - 40):ref.start]):
            found.extend(ref.persons)
    return found


def _close_in_clause(text: str, s: int, e: int, ts: int, te: int) -> bool:
    """Whether a duration at [s, e) belongs to the trigger at [ts, te): near it, with no comma between."""
    between = text[e:ts] if e <= ts else text[te:s] if s >= te else ""
    return len(between) <= 60 and "," not in between and ";" not in between
