"""Relatives: which way a relation points, what a described relative is called, and whether two
descriptions of an unnamed relative can be the same person."""

from __future__ import annotations

import re

__all__ = ["INVERSE_RELATION", "kin_word", "kin_words_compatible", "relation_label"]

INVERSE_RELATION: dict[str, str] = {
    "parent": "child", "child": "parent", "sibling": "sibling", "spouse": "spouse", "relative": "relative",
    "associate": "associate", "lawyer": "client", "member": "member",
}
"""FORMAT.md relations read from the `from` side; this gives the same relation read from the `to` side."""

_KIN: tuple[tuple[str, str], ...] = (
    (r"\b(?:younger|elder|older|little|big|half-?)?\s*brothers?\b", "brother"),
    (r"\b(?:younger|elder|older|little|big|half-?)?\s*sisters?\b", "sister"),
    (r"\bsons?\b", "son"), (r"\bdaughters?\b", "daughter"), (r"\bchild(?:ren)?\b", "child"),
    (r"\bmother\b|\bmum\b|\bmom\b", "mother"), (r"\bfather\b|\bdad\b", "father"), (r"\bparents\b", "parents"),
    (r"\bwife\b", "wife"), (r"\bhusband\b", "husband"), (r"\bspouse\b", "spouse"),
    (r"\bgrand(?:mother|father|parents?)\b", "grandparent"), (r"\bgrand(?:son|daughter|children|child)\b", "grandchild"),
    (r"\buncle\b", "uncle"), (r"\baunt\b", "aunt"), (r"\bnephew\b", "nephew"), (r"\bniece\b", "niece"),
    (r"\bcousin\b", "cousin"), (r"\bson-in-law\b|\bdaughter-in-law\b|\bin-laws?\b", "in-law"),
    (r"\blawyer\b|\battorney\b|\badvocate\b", "lawyer"), (r"\bpartner\b|\bcolleague\b|\bfriend\b", "associate"),
)
_KIN_RE = [(re.compile(p, re.IGNORECASE), word) for p, word in _KIN]
_GENERIC = {"child": {"son", "daughter", "child"}, "spouse": {"wife", "husband", "spouse"},
            "parents": {"mother", "father", "parents"}}


def kin_word(description: str | None, relation: str | None = None) -> str:
    """One word for how a relative is related (`younger brother` -> `brother`), else the relation type."""
    if description:
        for pattern, word in _KIN_RE:
            if pattern.search(description):
                return word
    return relation or "relative"


def kin_words_compatible(a: str, b: str) -> bool:
    """Whether two kin words can name the same relative (`son` and `child` can; `son` and `daughter` not)."""
    if a == b:
        return True
    for generic, specific in _GENERIC.items():
        if (a == generic and b in specific) or (b == generic and a in specific):
            return True
    return False


def relation_label(relation_type: str, *, person_is_from: bool) -> str:
    """The relation as seen from the case file's person: `child` means "this relative is their child"."""
    return relation_type if person_is_from else INVERSE_RELATION.get(relation_type, relation_type)
