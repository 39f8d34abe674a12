"""Episodes: join the sentences that tell one event into one record, and close lasting events.

Testimony tells a detention over several sentences: "police took him to a camp" (the start), "he
spent four years and eight months at the camp" (its length), "In November 2017 I was released" (its
end). Here such restatements become one event: an arrest followed by custody is one detention, a
stated stay closes the episode it belongs to, a release closes an open detention, and mentions of
the same event with compatible dates are merged, keeping the most precise date and all evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

from aigak.extract.events import Event, period_end
from aigak.extract.timex import shift_date
from aigak.extract.timex_calendar import coarser, precision_of, truncate

__all__ = ["merge_episodes"]

_GROUP = {"arrest": "detention", "detention": "detention", "surveillance": "house_arrest",
          "house_arrest": "house_arrest"}
_CUSTODY = {"arrest", "detention"}
_RESTATEMENT_WINDOW = 600  # characters: an undated restatement is joined to a dated event this close


def _key(event: Event) -> str:
    return _GROUP.get(event.type, event.type)


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _same_people(a: Event, b: Event) -> bool:
    sa, sb = set(a.subjects), set(b.subjects)
    return sa <= sb or sb <= sa


def _absorb(into: Event, other: Event) -> None:
    """Merge `other` into `into`: the explicit and more precise date wins; evidence and subjects are joined."""
    better_start = (other.start_explicit and not into.start_explicit) or (
        other.start_explicit == into.start_explicit and other.start and into.start
        and other.start.startswith(into.start) and len(other.start) > len(into.start)) or (
        into.start is None and other.start is not None)
    if better_start:
        into.start, into.start_explicit = other.start, other.start_explicit
    if into.end is None and other.end is not None:
        into.end = other.end
    if into.duration is None and other.duration is not None:
        into.duration = other.duration
        into.duration_approximate = other.duration_approximate
    if into.type == "arrest" and other.type == "detention" or into.type == "surveillance" and other.type == "house_arrest":
        into.type = other.type
    into.subjects = list(dict.fromkeys([*into.subjects, *other.subjects]))
    into.agents = list(dict.fromkeys([*into.agents, *other.agents]))
    into.place = into.place or other.place
    into.amount = into.amount or other.amount
    into.evidence = list(dict.fromkeys([*into.evidence, *other.evidence]))
    into.confidence = min(0.95, max(into.confidence, other.confidence) + 0.05)
    into.durative = into.durative or other.durative
    into.pending = into.pending and other.pending


def merge_episodes(events: Sequence[Event]) -> list[Event]:
    """Join restatements, attach stated stays and releases, and drop pending outcomes nobody decided."""
    ordered = sorted(events, key=lambda e: e.position)
    out: list[Event] = []
    for event in ordered:
        if event.extends and event.start_explicit:
            # "spent eleven months in a camp between 2018 and 2019": an episode of its own.
            event.type, event.extends = "detention", False
            if event.duration is not None and event.end is None and event.start:
                event.end = period_end(event.start, event.duration, approximate=event.duration_approximate)
        if event.extends:
            previous = [e for e in out if e.type in _CUSTODY and set(e.subjects) & set(event.subjects)]
            if previous:
                target = previous[-1]
                if target.end is None and target.start and event.duration is not None:
                    target.end = period_end(target.start, event.duration, approximate=event.duration_approximate)
                target.evidence.append(event.evidence[0])
                continue
            event.type = "detention"
        if event.type == "release" and event.start:
            for e in reversed(out):
                if e.type in _CUSTODY and set(e.subjects) & set(event.subjects) and e.end is None and (
                        e.start is None or e.start <= event.start):
                    e.end = event.start
                    if e.start is None and e.duration is not None:
                        # "spent twenty months in a camp, was released in December 2019": it began in 2018-04
                        began = shift_date(event.start, e.duration, forward=False)
                        e.start = truncate(began, coarser(e.duration.finest_unit, precision_of(event.start)))
                    break
        merged = False
        for e in out:
            if _key(e) != _key(event) or not _same_people(e, event):
                continue
            if event.type == "public_statement" and not _same_statement(e, event):
                continue
            if e.end and event.start and event.start[:len(e.end)] > e.end[:len(event.start)]:
                continue  # "released in December 2019 … detained again in March 2021": a new episode
            if event.is_repeat and _key(event) == "detention" and e.start != event.start:
                continue  # "detained again" is another detention
            both_explicit = e.start_explicit and event.start_explicit
            if both_explicit and set(e.subjects) != set(event.subjects) and e.start and event.start \
                    and e.start != event.start:
                continue  # "her mother and brothers are held" (today) is not "her brother was detained in 2019"
            if _compatible(e.start, event.start) or (
                    not both_explicit and set(e.subjects) == set(event.subjects) and e.type != "criminal_proceeding"
                    and (event.position - e.position <= _RESTATEMENT_WINDOW
                         or e.start_explicit and not event.start_explicit and _not_later(event.start, e.start))
                    and not event.is_repeat and not _has_explicit_twin(out, event)):
                if both_explicit and e.start != event.start and e.start and event.start and e.durative and event.durative:
                    continue
                _absorb(e, event)
                merged = True
                break
        if not merged:
            if event.durative and event.start:
                # A new period of the same kind closes the one before it (a transfer, a new term).
                for e in reversed(out):
                    if _key(e) == _key(event) and set(e.subjects) == set(event.subjects) and e.end is None \
                            and e.start and e.start < event.start:
                        e.end = event.start
                        break
            out.append(event)
    decided = {s for e in out if e.type == "asylum_decision" for s in e.subjects}
    kept = []
    for e in out:
        if e.pending:
            if e.type in ("deportation", "deportation_order") and set(e.subjects) & decided:
                e.type = "deportation_order"
                e.pending = False
            elif e.type != "criminal_proceeding":
                continue
        kept.append(e)
    return kept


def _not_later(inherited: str | None, explicit: str | None) -> bool:
    """A later, undated retelling carries the story's date, which is not after the event it retells."""
    return inherited is None or explicit is None or inherited[:len(explicit)] <= explicit


def _has_explicit_twin(out: Sequence[Event], event: Event) -> bool:
    """Whether an explicitly dated event of the same kind and people exists with exactly this date."""
    return any(e.start_explicit and e.start == event.start and _key(e) == _key(event)
               and set(e.subjects) == set(event.subjects) for e in out)


def _same_statement(a: Event, b: Event) -> bool:
    """Whether two public statements are one: told in one sentence, or on one stated date. Campaigners
    speak again and again ("gave interviews …; in 2021 she testified before the tribunal"), so an
    undated statement is not a retelling of the next dated one."""
    if a.evidence and b.evidence and a.evidence[0] == b.evidence[0]:
        return True
    return a.start_explicit and b.start_explicit and _compatible(a.start, b.start)

