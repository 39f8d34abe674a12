"""Event triggers: the lexicon in `data/event_triggers.json` and the tests of mood around a match.

A trigger match is only an event when the text says it happened: not under a modal or a condition
("could face the death penalty", "if returned", "should be released"), not negated ("was not
arrested", "police denied that she had been beaten"), not undone ("the deportation order was suspended"), not as the content of a charge ("charges of illegal border-crossing"), and not a
pending outcome ("faces extradition"), which becomes an event only once a decision makes it so.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from aigak.extract.lexicon import load_json

__all__ = ["Trigger", "TriggerMatch", "find_triggers", "mood_of", "scan_triggers", "triggers"]

_HYPOTHETICAL = re.compile(r"\b(?:could|might|(?-i:may)|should|must|can|cannot|can['’]t|couldn['’]t|shouldn['’]t|"
                           r"unless|whether|ought|in\s+case|would\s+like)\b[^.;:]*$"
                           r"|\b(?:threaten(?:ed|s|ing)?|promis(?:ed|es|ing)|plan(?:ned|s|ning)?|want(?:ed|s)?|tr(?:ied|ies|y)|"
                           r"intend(?:ed|s)?|attempt(?:ed|s)?|in\s+order|so\s+as|due|scheduled)\s+to\s+(?:\w+\s+){0,4}$"
                           # "I would have been sent back to the camp": what would have happened did not
                           r"|\bwould(?:\s+\w+)?\s+have\s+(?:been\s+)?(?:\w+\s+){0,2}$"
                           # "the threat of criminal charges": threatened, not brought
                           r"|\b(?:threats?|danger|possibility)\s+of\s+(?:[\w\-]+\s+){0,2}$",
                           re.IGNORECASE)
# An appeal for something to happen: "I urge you to drop all charges", "calls on the authorities to release",
# "appealed for the release of their son", "campaigning for his release".
_DIRECTIVE = re.compile(r"\b(?:urge[sd]?|urging|call(?:s|ed|ing)?\s+(?:on|upon|for)|demand(?:s|ed|ing)?|"
                        r"appeal(?:s|ed|ing)?\s+(?:to|for)|plead(?:s|ed|ing)?\s+for|pleas?\s+for|"
                        r"(?:campaign|lobby|lobbie|lobbied|press|fight)(?:s|es|ed|ing)?\s+for|"
                        r"ask(?:s|ed)?\s+(?:you|them|the\s+\w+)\s+to|petition(?:s|ed)?)\b"
                        r"(?:(?!\b(?:who|which|whose|after|because)\b)[^.;:])*$", re.IGNORECASE)
# "filed an application for his client's release": a release asked for, not granted.
_ASKED_FOR = re.compile(r"\b(?:applications?|requests?|motions?|bids?|petitions?)\s+for\s+(?:[\w'’\-]+\s+){0,3}$", re.IGNORECASE)
# A finite auxiliary opening a trigger ("was questioned"): the verb is no infinitive under "tried to".
_FINITE_AUX = re.compile(r"(?:was|were|had|has|have)\b", re.IGNORECASE)
_IF_BEFORE = re.compile(r"\b(?:if|unless)\b", re.IGNORECASE)
_WOULD = re.compile(r"\bwould\b[^.;:]*$", re.IGNORECASE)
_PENDING = re.compile(r"\b(?:faces?|facing|faced\s+with|risks?|risking|at\s+risk\s+of|fears?|feared|danger\s+of|"
                      r"threat\s+of|possibility\s+of|possible|potential|likely|expected|threatened\s+with|"
                      r"request(?:ed|s)?\s+(?:for\s+)?(?:his|her|their)?|seeking)\s+(?:an?\s+|the\s+|his\s+|her\s+)?"
                      r"(?:[\w\-]+\s+){0,2}$", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not(?!\s+only\b)|never|no|n['’]t|neither|nor|without)\s+(?:\w+\s+){0,2}$"
                       # "Nobody has sent him a call-up paper" (but "Nobody knows where he is being held" is held)
                       r"|\b(?:nobody|no\s+one|no-one)\s+(?:(?!(?:where|what|whether|why|how|when|if|that|before|after|until|while|because|and|but|so|as|since|he|she|they|we|i)\b)\w+\s+){0,4}$"
                       r"|\bnot\s+(?:informed|told|notified|aware)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_CHARGE = re.compile(r"\b(?:(?:charges?\s+(?:of|for)|guilty\s+of|accused\s+of|suspicion\s+of|convicted\s+of|"
                     r"accus(?:es|ed|ing)\s+(?:him|her|them|me|us)\s+of|"
                     r"charged\s+with|on\s+charges\s+of)\s+[“\"‘']?(?:[\w\-]+\s+(?:and\s+)?){0,3}"
                     # "his application for refugee status was refused" asks for something; it is no charge
                     r"|(?<!application\s)(?<!applications\s)(?<!request\s)(?<!claim\s)(?<!applied\s)(?<!appeal\s)"
                     # a charge is often quoted: for "illegal border crossing"
                     r"(?<!asked\s)for\s+[“\"‘']?(?!(?:[\w\-]+\s+){0,2}(?:hours?|days?|weeks?|months?|years?|nights?)\b)"
                     r"(?:(?-i:[a-z])[\w\-]*\s+(?:and\s+)?){0,3})$", re.IGNORECASE)
# "Police denied that she had been tortured", "rejected claims that she was beaten": what is denied is
# reported, not told as having happened ("denied that …, but was detained" goes on with a new verb).
_DENIAL = re.compile(
    r"\b(?:(?:den(?:y|ies|ied|ying)|refut(?:e|es|ed|ing))\s+(?:(?:the\s+|any\s+|all\s+)?(?:claims?|allegations?|"
    r"reports?|accusations?|suggestions?)\s+)?(?:that|having)\b|(?:reject|dismiss|disput|contest)(?:ed|s|es|ing)?\s+"
    r"(?:the\s+|any\s+|all\s+)?(?:claims?|allegations?|reports?|accusations?|suggestions?)\b)"
    r"(?:(?!\bbut\b|,\s*and\b)[^.;:])*$", re.IGNORECASE)
# "The deportation order was suspended", "the court halted his deportation", "withdrew her asylum
# application": a step undone is no new order, deportation or application.
_REVERSIBLE = frozenset({"deportation_order", "deportation", "asylum_application"})
_UNDONE_AFTER = re.compile(
    r"(?:\s+(?:against|of|for)\s+(?:him|her|them|(?-i:[A-Z])[\w'’\-]+(?:\s+(?-i:[A-Z])[\w'’\-]+)?))?\s+"
    r"(?:was|were|has\s+been|had\s+been|have\s+been|is|are)\s+(?:\w+ly\s+)?(?:suspended|overturned|cancell?ed|"
    r"annulled|revoked|lifted|quashed|withdrawn|halted|stayed|set\s+aside|struck\s+down|reversed)\b", re.IGNORECASE)
_UNDONE_BEFORE = re.compile(
    r"\b(?:suspend|overturn|cancel|annul|revok|lift|quash|withdr[ae]w|halt|revers|block|str[ui]ck\s+down|"
    r"set\s+aside)\w*\s+(?:the\s+|his\s+|her\s+|their\s+|a\s+|an\s+)?(?:[\w\-]+\s+){0,2}$", re.IGNORECASE)
_DECIDED_ON = re.compile(r"\b(?:refusal|rejection|denial|decision|ruling)\s+(?:on|of|regarding|concerning)\s+"
                         r"(?:(?:his|her|their|the|this|that)\s+|(?-i:[A-Z])[\w'’\-]+(?:\s+(?-i:[A-Z])[\w'’\-]+)?['’]s\s+)"
                         r"(?:[\w\-]+\s+)?$", re.IGNORECASE)
_MOOD_WINDOW = 60
# "she could not leave the village", "could not go to the market without permission": a negated "could"
# tells what someone was unable to do, a past restriction, unlike "could face" or "could be deported".
_PAST_INABILITY = re.compile(r"(?:could\s+not|couldn['’]t)\b", re.IGNORECASE)
_INABILITY_TYPES = frozenset({"restriction", "house_arrest", "surveillance"})
# "Instead the police took his old one": a thing named by "one" is a seizure only when a passport,
# phone or document was named just before it.
_ONE_ANAPHOR = re.compile(r"\bone$", re.IGNORECASE)
_SEIZABLE_BEFORE = re.compile(r"\b(?:passports?|phones?|documents?|ID\s+cards?|identity\s+cards?|laptops?)\b",
                              re.IGNORECASE)
_ANAPHOR_REACH = 200
_CUSTODY = frozenset({"arrest", "detention"})
# "after the hearing", "during the trial": a time adjunct that refers back to a known event.
_ADJUNCT = re.compile(r"\b(?:after|before|during|at|since|following|until)\s+(?:the|this|that|an?)\s+(?:[\w\-]+\s+)?$",
                      re.IGNORECASE)
# "faces torture if returned", "would be detained if deported": a condition after the trigger.
_IF_AFTER = re.compile(r"[^.;:]{0,40}?\bif\s+(?:(?:he|she|they|I|we|it)\s+)?(?:(?:is|are|was|were|be)\s+)?"
                       r"(?:returned|deported|extradited|sent\s+back|forcibly\s+returned|handed\s+over)\b",
                       re.IGNORECASE)
# "to meet him in detention", "told us from custody": where the person is, not a new arrest.
_WHERE_HELD = re.compile(r"\b(?:meet|meeting|visit|visiting|see|seeing|access\s+to|contact|call(?:ed|ing)?|"
                         r"interview(?:ed)?|spoke|speak|wrote|write|from)\s+"
                         r"(?:(?:him|her|them|us|me|(?-i:[A-Z])[\w'’\-]+(?:\s+(?-i:[A-Z])[\w'’\-]+){0,2})\s+)?(?:in|from)\s+$",
                         re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Trigger:
    """One entry of the trigger lexicon (see the `_doc` of `event_triggers.json`)."""

    type: str
    pattern: re.Pattern[str]
    role: str
    durative: bool = False
    extends: bool = False
    needs_place: bool = False
    negated_ok: bool = False
    ordered: bool = False
    pending_only: bool = False
    reported_only: bool = False
    upholds: bool = False


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A trigger found in a sentence, with the mood the text gives it."""

    trigger: Trigger
    start: int
    end: int
    mood: str


@functools.cache
def triggers() -> tuple[Trigger, ...]:
    """The trigger lexicon, compiled once."""
    out = []
    for entry in load_json("event_triggers")["triggers"]:
        out.append(Trigger(
            type=entry["type"], pattern=re.compile(r"\b(?:" + entry["pattern"] + r")\b", re.IGNORECASE),
            role=entry["role"], durative=entry.get("durative", False), extends=entry.get("extends", False),
            needs_place=entry.get("needs_place", False), negated_ok=entry.get("negated_ok", False),
            ordered=entry.get("ordered", False), pending_only=entry.get("pending_only", False),
            reported_only=entry.get("reported_only", False), upholds=entry.get("upholds", False)))
    return tuple(out)


def mood_of(text: str, sentence_start: int, start: int, trigger: Trigger, end: int | None = None) -> str:
    """"real", "hypothetical", "negated", "undone", "charge", "reference" or "pending" for a trigger at
    `start` (ending at `end`, which "was suspended" after it may follow)."""
    clause_start = max(sentence_start, text.rfind(";", sentence_start, start) + 1)
    window = text[max(clause_start, start - _MOOD_WINDOW):start]
    sentence_before = text[sentence_start:start]
    if _CHARGE.search(window) and trigger.type != "criminal_proceeding" and not (
            trigger.role != "noun" and re.search(r"\band\s+$", window)):
        return "charge"  # but "accused us of bribery and locked us up": a new verb after "and"
    if _ADJUNCT.search(window[-30:]) and trigger.role == "noun" or _ADJUNCT.search(window[-30:]) and \
            trigger.type == "criminal_proceeding":
        return "reference"
    if trigger.role == "noun" and _WHERE_HELD.search(window[-30:]):
        return "reference"
    if not trigger.negated_ok and _NEGATION.search(window):
        return "negated"
    if _DENIAL.search(text, sentence_start, start):
        return "negated"
    if trigger.type in _REVERSIBLE and (_UNDONE_BEFORE.search(window) or _UNDONE_AFTER.match(text, start if end is None else end)):
        return "undone"
    hypothetical = _HYPOTHETICAL.search(window)
    if hypothetical and _FINITE_AUX.match(text, start) and hypothetical.group(0).lower().endswith(" and "):
        hypothetical = None  # "tried to visit her and was questioned": a new finite verb ends the intent
    if hypothetical and trigger.type in _INABILITY_TYPES and _PAST_INABILITY.match(hypothetical.group(0)) \
            and not _HYPOTHETICAL.search(hypothetical.group(0)[5:]):
        hypothetical = None  # "could not visit her parents and had to report weekly": unable, not hypothetical
    if hypothetical or _IF_BEFORE.search(sentence_before):
        return "hypothetical"
    if _IF_AFTER.match(text, start):
        return "hypothetical"
    if trigger.type == "release" and _ASKED_FOR.search(window):
        return "hypothetical"
    if _DIRECTIVE.search(window) and trigger.type not in ("asylum_application", "public_statement"):
        return "hypothetical"  # appealing for asylum is applying for it; appealing for a release is no release
    if _WOULD.search(window[-40:]) and not trigger.ordered and _IF_BEFORE.search(text[sentence_start:start + 200]):
        return "hypothetical"
    if _PENDING.search(window):
        return "pending"
    return "real"


def scan_triggers(text: str, sentences: Sequence[tuple[int, int]]) -> list[list[tuple[int, int, int]]]:
    """Every trigger match of the sentences, found with one pass of each pattern over their whole range.

    Returns:
        For each sentence, its matches as (trigger index, start, end), in lexicon order then text order;
        a match that runs past its sentence's end is dropped, as a per-sentence search would not find it.
    """
    buckets: list[list[tuple[int, int, int]]] = [[] for _ in sentences]
    if not sentences:
        return buckets
    starts = [ss for ss, _ in sentences]
    begin, finish = sentences[0][0], sentences[-1][1]
    for index, trig in enumerate(triggers()):
        for m in trig.pattern.finditer(text, begin, finish):
            k = bisect_right(starts, m.start()) - 1
            if k >= 0 and m.end() <= sentences[k][1]:
                buckets[k].append((index, m.start(), m.end()))
    return buckets


def find_triggers(text: str, start: int, end: int,
                  matches: Sequence[tuple[int, int, int]] | None = None) -> Iterator[TriggerMatch]:
    """Trigger matches in `text[start:end]` (one sentence), overlapping matches of one type merged.

    `matches` are the sentence's matches from `scan_triggers` when the caller scanned the whole text.
    """
    lexicon = triggers()
    if matches is None:
        matches = [(i, m.start(), m.end()) for i, trig in enumerate(lexicon)
                   for m in trig.pattern.finditer(text, start, end)]
    seen: list[tuple[str, int, int]] = []
    decisions = [(s, e) for i, s, e in matches if lexicon[i].type == "asylum_decision"]
    seizures = [(s, e) for i, s, e in matches if lexicon[i].type == "confiscation"]
    statements = [(s, e) for i, s, e in matches if lexicon[i].type == "public_statement"]
    questionings = [s for i, s, e in matches if lexicon[i].type == "summons"]
    custody = [s for i, s, e in matches if lexicon[i].type in _CUSTODY]
    for i, ms, me in matches:
        trig = lexicon[i]
        if any(t == trig.type and ms < e and s < me for t, s, e in seen):
            continue
        if trig.type == "confiscation" and _ONE_ANAPHOR.search(text, ms, me) and \
                not _SEIZABLE_BEFORE.search(text, max(0, ms - _ANAPHOR_REACH), ms):
            continue  # "took his old one" with no passport or phone named before: nothing known was seized
        if trig.type == "asylum_application" and any(ms < e and s < me for s, e in decisions):
            continue  # "her asylum claim was rejected" is the decision, not a new application
        if trig.type == "asylum_application" and _DECIDED_ON.search(text, max(0, ms - 50), ms):
            continue  # "annulled the refusal of his refugee application": the application decided on, told before
        if trig.type == "deportation" and any(t == "deportation_order" and ms < e and s < me for t, s, e in seen):
            continue  # "will be deported" is the order, not the deportation
        if trig.type == "arrival" and any(t == "border_crossing" and ms < e and s < me for t, s, e in seen):
            continue  # "returned to Kazakhstan through Khorgos" tells the crossing
        if trig.type in _CUSTODY and any(ms < e and s < me for s, e in seizures):
            continue  # "her passport was taken in 2018": the passport was seized, not the person
        if trig.type == "criminal_proceeding" and any(ms < e and s < me for s, e in decisions):
            continue  # "her appeal was dismissed by the court" after an asylum refusal: the decision, told once
        if trig.type == "criminal_proceeding" and any(ms < e and s < me for s, e in statements):
            continue  # "spoke at a hearing of the committee": the hearing is where she spoke, not a trial
        if trig.type == "release" and any(q < ms and not any(q < c < ms for c in custody) for q in questionings):
            continue  # "questioned for six hours before being released": let go after questioning, not from custody
        seen.append((trig.type, ms, me))
        yield TriggerMatch(trig, ms, me, mood_of(text, start, ms, trig, me))
