"""What an asylum decision decided, read from the words of its sources: refused, granted, or a refusal undone.

A decision that annuls, overturns, quashes or sets aside a refusal is no refusal, though its sentence
says "refusal": the claim is open again (`reopened`), or `granted` when the same words grant
protection. A refusal upheld, or an appeal against it dismissed, is `refused`.
"""

from __future__ import annotations

import re

__all__ = ["GRANTED", "REFUSED", "REOPENED", "read_asylum_outcome"]

REFUSED = "refused"
GRANTED = "granted"
REOPENED = "reopened"
"""A refusal annulled, overturned or set aside (or an appeal against it upheld): the claim is pending again."""

ANNULLING = (r"annul+\w*|overturn\w*|quash\w*|set(?:s|ting)?\s+aside|revers\w*|revok\w*|rescind\w*|cancel+\w*|"
             r"invalidat\w*|vacat\w*|str(?:uck|ike|ikes)\s+down")
"""Verbs that undo a decision for good: a refusal or an order annulled, quashed or set aside. The legal
status adds the verbs that only pause an order ("suspended", "halted")."""
_UNDO = rf"(?:{ANNULLING})"
_REFUSAL_NOUN = (r"(?:refusal|rejection|denial|negative decision|decision\s+(?:to\s+(?:refuse|reject|deny)|"
                 r"refusing|rejecting|denying|not to grant))")
_REFUSAL_UNDONE = re.compile(
    rf"\b(?P<active>{_UNDO})(?!\w)[^.;]{{0,60}}?\b{_REFUSAL_NOUN}\b"
    rf"|\b{_REFUSAL_NOUN}\b[^.;]{{0,60}}?\b(?:was|were|has been|had been|is|are|be|being)\s+"
    rf"(?:\w+\s+)?(?P<passive>{_UNDO})(?!\w)", re.IGNORECASE)
"""A refusal undone: "annulled the refusal of asylum", "the rejection of her claim was overturned"."""
_APPEAL_WON = re.compile(
    r"\b(?:upheld|upholds|uphold|allowed|allows|sustained|granted|grants)\s+(?:\w+\s+){0,2}appeal\b"
    r"|\bappeal\w*\s+(?:\w+\s+){0,6}?(?:was|were|has been|had been)\s+(?:upheld|allowed|successful|sustained|granted)\b"
    r"|\bappeal\s+succeeded\b|\bwon\s+(?:\w+\s+){0,2}appeal\b|\bruled in (?:her|his|their) favou?r\b",
    re.IGNORECASE)
"""An appeal (against the refusal) that succeeded."""
_NEGATION_BEFORE = re.compile(r"\b(?:not|never|refus(?:e|ed|es|ing)|declin\w*|reject(?:ed|s|ing)|dismiss\w*|"
                              r"failed to|without)\b|n't\b", re.IGNORECASE)
_REFUSED_WORDS = re.compile(r"\b(refus\w*|reject\w*|turn\w* down|denied|den(?:y|ies)|dismiss\w*|lost|"
                            r"los(?:e|es|ing)|failed|(?:not|never)\s+(?:been\s+)?(?:grant|approv|recogni[sz])\w*)\b"
                            r"|n't\s+(?:grant|approv|recogni[sz])\w*", re.IGNORECASE)
_GRANTED_WORDS = re.compile(r"\b(grant\w*|extend\w*|recogni[sz]\w*|approv\w*|accepted|award\w*)\b", re.IGNORECASE)
_GRANTS_PROTECTION = re.compile(
    r"\b(?:grant\w*|award\w*|recogni[sz]\w*|approv\w*|gave|give[sn]?)\b(?:(?!appeal)[^.;]){0,60}?"
    r"\b(?:asylum|refugee|protection|status)\b"
    r"|\b(?:asylum|refugee status|protection|status|application|claim)\b[^.;]{0,40}?"
    r"\b(?:was|were|has been|had been|is)\s+(?:grant|approv|recogni[sz]|accept)\w*", re.IGNORECASE)
_NOT_GRANTED = re.compile(r"\b(?:not|never)\s+(?:been\s+)?(?:grant|approv|recogni[sz]|award)\w*"
                          r"|n't\s+(?:grant|approv|recogni[sz]|award)\w*", re.IGNORECASE)


def _is_negated(text: str, verb_start: int) -> bool:
    return _NEGATION_BEFORE.search(text[max(0, verb_start - 30):verb_start]) is not None


def _undoes_refusal(text: str) -> bool:
    for m in _REFUSAL_UNDONE.finditer(text):
        verb = "active" if m.group("active") else "passive"
        if not _is_negated(text, m.start(verb)):
            return True
    return any(not _is_negated(text, m.start()) for m in _APPEAL_WON.finditer(text))


def read_asylum_outcome(text: str) -> str | None:
    """What the sentences telling an asylum decision say it decided.

    Args:
        text: the quotes of the decision (from one or more sources).

    Returns:
        `refused`, `granted`, `reopened` (a refusal annulled, overturned, quashed or set aside, or an
        appeal against it upheld, with nothing granted), or None when the words do not say.
    """
    if _undoes_refusal(text):
        rest = _APPEAL_WON.sub(" ", text)  # "her appeal was granted" grants the appeal, not protection
        grants = _GRANTS_PROTECTION.search(rest) is not None and _NOT_GRANTED.search(rest) is None
        return GRANTED if grants else REOPENED
    if _REFUSED_WORDS.search(text):
        return REFUSED
    if _GRANTED_WORDS.search(text):
        return GRANTED
    return None
