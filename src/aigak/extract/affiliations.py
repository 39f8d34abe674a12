"""Ties outside the family: associates, lawyers and members of organisations.

Associates and lawyers are read from possessed role nouns beside a name ("his business partner X",
"Her lawyer, X", "X, the lawyer for Y"); membership from role phrases around an organisation's name
("X is the leader of ORG", "one of the initiators of ORG", "Another ORG initiator, … X", "a former
shift supervisor of ORG"). Family ties are `relations.py`'s; both report through the same callback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aigak.extract.coref import Reference, Resolver

__all__ = ["AddTie", "OrgMention", "find_affiliations"]

AddTie = Callable[[str, str, str, tuple[int, int], float], None]
"""Records a tie: (type, from id, to id, evidence span, confidence)."""

_ASSOCIATE = r"(?:business\s+)?(?:partner|colleague|co-worker|coworker|friend|associate|companion|comrade)"
_LAWYER = r"(?:defen[cs]e\s+)?(?:lawyer|attorney|advocate|legal\s+counsel|counsel|barrister|solicitor)s?"
_ROLES = (r"leader|head|chairman|chairwoman|chair|founder|co-founder|initiator|member|activist|"
          r"employee|officer|supervisor|director|deputy\s+director|spokesman|spokeswoman|spokesperson|"
          r"coordinator|volunteer|staff\s+member|representative|organi[sz]er|president|secretary|"
          r"editor|journalist|correspondent|researcher|manager|chief|lawyer|worker|guard|associate|expert|analyst|"
          r"professor|lecturer|scholar|scientist|specialist|advis[eo]r|consultant|official|campaigner|fellow|"
          r"investigator|[a-z]+ologist|[a-z]+ographer|economist")
_ROLE_OF = re.compile(
    rf"\b(?:the|a|an|one\s+of\s+the|another|former|its|their)?\s*(?:(?:former|then|current|acting|"
    rf"prominent|well-known|founding|[a-z]+)\s+){{0,3}}(?:{_ROLES})s?\s+(?:of|at|in|with|for)\s+(?:the\s+)?"
    rf"(?:(?:human\s+rights|rights|public|civic|non-governmental|opposition|banned|unregistered|independent|"
    rf"political|projected|new|local|volunteer)\s+)*(?:organi[sz]ation|group|movement|party|NGO|association|"
    rf"foundation|network|union|initiative)?\s*$")
# "X, Central Asia director at ORG", "X, China researcher for ORG": a role narrowed by a region or
# country name, set in apposition right after the person.
_REGION_ROLE_OF = re.compile(
    rf",\s*(?:(?:senior|deputy|acting|former)\s+)?(?:[A-Z][a-z]+\s+){{1,2}}(?:{_ROLES})\s+(?:at|of|with|for)\s+(?:the\s+)?$")
# "X, Amnesty International's Central Asia researcher": the organisation owns the role set beside the person.
# The title may be capitalised and narrowed ("Amnesty International's Deputy Director for …", "HRW's
# regional director").
_ORG_OWNS_ROLE = re.compile(rf"['’]s\s+(?:[A-Za-z][a-z\-]+\s+){{0,3}}?(?i:{_ROLES})s?\b")
# "X, 38, a member of …": an age set between the person and the role phrase.
_AGE_APPOSITION = re.compile(r"^,\s*\d{1,3}\s*(?=,)")
_SET_UP = re.compile(r"\b(?:set\s+up|founded|co-founded|established|created|heads?|headed|leads?|led|runs?|ran|"
                     r"joined|chairs?|chaired)\s+(?:the\s+)?(?:[a-z\-]+\s+){0,3}$")


@dataclass(frozen=True, slots=True)
class OrgMention:
    """An organisation entity and where it is named (built from the organisation finder)."""

    id: str
    name: str
    spans: tuple[tuple[int, int], ...]
    aliases: tuple[str, ...] = ()


def find_affiliations(text: str, ss: int, se: int, resolver: Resolver, name_starts: Sequence[tuple[int, int, str]],
                      orgs: Sequence[OrgMention], add: AddTie) -> None:
    """Associates, lawyers and memberships stated in the sentence `[ss, se)`, each passed to `add`."""
    _associates_and_lawyers(text, ss, se, resolver, name_starts, add)
    _membership(text, ss, se, resolver, orgs, add)


def _associates_and_lawyers(text: str, ss: int, se: int, resolver: Resolver,
                            name_starts: Sequence[tuple[int, int, str]], add: AddTie) -> None:
    for kind, noun in (("associate", _ASSOCIATE), ("lawyer", _LAWYER)):
        pattern = re.compile(
            rf"\b(?P<owner>[Hh]is|[Hh]er|[Mm]y|[Tt]heir|[Oo]ur|[A-ZА-Я][\w\-]*['’]s)\s+(?:[a-z\-]+\s+){{0,2}}?{noun}\s*,?\s*$")
        for s, e, pid in name_starts:
            if not ss <= s < se:
                continue
            m = pattern.search(text[max(ss, s - 70):s])
            if not m:
                continue
            base = max(ss, s - 70)
            word = m.group("owner")
            ref = resolver.at(base + m.start("owner"), base + m.start("owner") + len(re.sub(r"['’]s$", "", word)))
            for owner in ref.persons if ref else ():
                if kind == "lawyer":
                    add("lawyer", owner, pid, (base + m.start(), e), 0.8)
                else:
                    add("associate", owner, pid, (base + m.start(), e), 0.8)
        if kind == "lawyer":
            # "X, the lawyer for Y" / "Y's lawyer, X"
            for m in re.finditer(rf"\b{noun}\s+(?:for|of|representing)\s+", text[ss:se]):
                after = ss + m.end()
                target = next(((s, e, pid) for s, e, pid in name_starts if s == after), None)
                before = [(s, e, pid) for s, e, pid in name_starts if ss <= s and e <= ss + m.start()
                          and re.fullmatch(r"\s*,\s*(?:the|a|an|his|her)?\s*(?:[a-z\-]+\s+)?", text[e:ss + m.start()])]
                if target and before:
                    add("lawyer", target[2], before[-1][2], (before[-1][0], target[1]), 0.8)


def _membership(text: str, ss: int, se: int, resolver: Resolver, orgs: Sequence[OrgMention],
                add: AddTie) -> None:
    spans = sorted((s, e, o.id) for o in orgs for s, e in o.spans if ss <= s < se)
    refs = [r for r in resolver.references if ss <= r.start < se and r.persons and r.kind in ("name", "pronoun")
            and len(r.persons) == 1]
    for s, e, oid in spans:
        before = text[max(ss, s - 90):s]
        m = _REGION_ROLE_OF.search(before) or _ROLE_OF.search(before) or _SET_UP.search(before)
        if m:
            role_start = max(ss, s - 90) + m.start()
            # The person is the subject or the apposition just before the role phrase.
            cands = [r for r in refs if r.end <= role_start and not r.in_quote]
            gap = _AGE_APPOSITION.sub("", text[cands[-1].end:role_start]).strip() if cands else ""
            if cands and re.fullmatch(
                    r"(?:['’]s)?\s*(?:,\s*|(?:is|was|has\s+been|had\s+been|became|remains)\s+|(?:\w+\s+){0,8}?)",
                    gap + " " if gap else "") and role_start - cands[-1].end < 80:
                add("member", cands[-1].persons[0], oid, (cands[-1].start, e), 0.8)
                continue
        owner = _ORG_OWNS_ROLE.match(text, e)
        apposed = [r for r in refs if r.end <= s and r.kind == "name" and re.fullmatch(r",\s*(?:the\s+)?", text[r.end:s])]
        if owner and apposed:
            add("member", apposed[-1].persons[0], oid, (apposed[-1].start, owner.end()), 0.8)
            continue
        # "Another ORG initiator, the prominent politician X" / "ORG leader X"
        after = text[e:min(se, e + 90)]
        # The role word stands right before the name or, after a comma, before a description of the
        # person; "GKNB officers had told him" is a clause, not a title.
        m2 = re.match(rf"^(?:['’]s)?\s+(?:{_ROLES})\s*(?:,\s*(?:(?:the|a|an)\s+)?(?:[a-z\-]+\s+){{0,3}})?$",
                      after[:max(0, _first_ref_offset(refs, e) - e)] if _first_ref_offset(refs, e) > e else "")
        target = next((r for r in refs if r.start >= e), None)
        if m2 and target is not None and target.kind == "name":
            add("member", target.persons[0], oid, (max(ss, s - 10), target.end), 0.75)


def _first_ref_offset(refs: Sequence[Reference], pos: int) -> int:
    return next((r.start for r in refs if r.start >= pos), -1)
