"""Forms of one organization's name within a text, and names that only qualify a noun.

- "Foreign Ministry" and "Ministry of Foreign Affairs" in one text are one ministry: "<X> Ministry"
  is "Ministry of <X>" or "Ministry of <X> Affairs" ("Interior Ministry", "Ministry of Internal Affairs").
- "the Subcommittee on International Human Rights" is the "Subcommittee on International Human Rights of
  the Standing Committee on …" the text names in full elsewhere.
- "China's Permanent Mission in Geneva": a name the gazetteer does not know keeps the country that owns it.
- "a UN committee", "an OSCE delegation": an organization after "a"/"an" only qualifies the noun after
  it; "songs in praise of the Communist Party" names the party only as what songs praise.
"""

from __future__ import annotations

import re

__all__ = ["MINISTRY_SYNONYMS", "is_indefinite_modifier", "is_praised_party", "same_ministry", "short_form_of"]

# "<X> Ministry" beside "Ministry of <Y>": the X that names the same ministry as Y.
MINISTRY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "Foreign": ("Foreign Affairs",),
    "Interior": ("Internal Affairs", "the Interior", "Interior Affairs"),
    "Justice": ("Justice",),
    "Defence": ("Defence", "Defense"),
    "Defense": ("Defense", "Defence"),
    "Health": ("Health",),
    "Education": ("Education",),
    "Labour": ("Labour", "Labor"),
    "Emergencies": ("Emergency Situations", "Emergencies"),
}
_BARE_MINISTRY = re.compile(r"(?P<x>[A-Z][a-z]+) Ministry")
_INDEFINITE_BEFORE = re.compile(r"(?<![\w'’])(?:a|an|A|An)[ \u00a0]+$")
_PRAISED_BEFORE = re.compile(r"\b(?:songs?|hymns?|anthems?|slogans?|poems?|odes?)\s+(?:in\s+praise\s+of|praising|"
                             r"glorifying|extolling|about|to|for)\s+(?:the\s+)?$", re.IGNORECASE)


def same_ministry(bare: str, full: str) -> bool:
    """Whether the bare "<X> Ministry" names the ministry written in full as "Ministry of <Y>".

    Args:
        bare: a name like "Foreign Ministry".
        full: a name like "Ministry of Foreign Affairs".
    """
    m = _BARE_MINISTRY.fullmatch(bare)
    if m is None or not full.startswith("Ministry of "):
        return False
    return full[len("Ministry of "):] in MINISTRY_SYNONYMS.get(m.group("x"), ())


def short_form_of(short: str, names: list[str]) -> str | None:
    """The one longer name among `names` that `short` begins and "of"/"for"/"in" goes on from.

    "Subcommittee on International Human Rights" is the short form of "Subcommittee on International
    Human Rights of the Standing Committee on Foreign Affairs"; with two such names none is chosen.
    """
    longer = [n for n in names if n != short and re.match(re.escape(short) + r" (?:of|for|in|at) ", n)]
    return longer[0] if len(set(longer)) == 1 else None


def is_indefinite_modifier(text: str, start: int) -> bool:
    """ "a UN committee", "An OSCE mission": a name after an indefinite article qualifies the noun after it."""
    return _INDEFINITE_BEFORE.search(text, max(0, start - 4), start) is not None


def is_praised_party(text: str, start: int) -> bool:
    """ "sing songs in praise of the Communist Party": a party named only as what songs or slogans praise."""
    return _PRAISED_BEFORE.search(text, max(0, start - 40), start) is not None
