"""The person registry: every person entity becomes a mention of one person, joined across sources.

Each new person entity first gets a person of its own; the resolver then looks up candidates by
blocking key, scores the new mention against each candidate's combined evidence, and merges it
into the best one above `MERGE_THRESHOLD` (or, for a lone surname or initial, when one candidate
clearly beats the rest). Weaker candidates are recorded as "possibly the same" for a person to
decide. Every merge and split is written to the merge history and the audit trail and can be undone;
mentions move between persons but are never dropped. Unnamed relatives ("his younger brother")
are persons too, joined across sources through the person they are related to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, select

from aigak.core.errors import AlreadyDone, ConfigError, NotFound
from aigak.resolve.blocking import EVIDENCE_FAMILIES, PAIR_ALL_FAMILIES, BlockingKeys, blocking_keys
from aigak.resolve.cluster import ATTACH_MARGIN, ATTACH_THRESHOLD, ClusterProfile, ambiguity_bits
from aigak.resolve.features import MentionFeatures, birth_year_from, features_from_extraction
from aigak.resolve.kinship import kin_word, kin_words_compatible, relation_label
from aigak.resolve.names import parse_name
from aigak.resolve.profile import PersonProfile, best_display_name
from aigak.resolve.scoring import MERGE_THRESHOLD, POSSIBLE_THRESHOLD, PairScore, score_pair
from aigak.store.audit import append_audit
from aigak.store.documents import get_document
from aigak.store.facts import extraction_for_document
from aigak.store.persons import (
    PersonMention,
    PersonSummary,
    add_link,
    add_mention,
    add_new_person_links,
    birth_years_for_keys,
    candidate_person_ids,
    create_person,
    delete_mention,
    drop_links,
    find_persons,
    get_person,
    list_links,
    list_merges,
    list_persons,
    mentions_by_keys,
    mentions_of,
    mentions_of_facts,
    mentions_of_persons,
    move_mentions,
    persons_named_in_document,
    record_merge,
    remove_links,
    resolved_fact_ids,
    root_of,
    set_display_name,
    set_merged_into,
    undo_merge_record,
    unresolved_document_ids,
    update_mention,
)
from aigak.store.profiles import hold_persons, save_profiles, stored_profiles
from aigak.store.schema import persons

__all__ = [
    "MAX_OFFERS",
    "PossibleMatch",
    "ResolveOutcome",
    "Separation",
    "keep_apart",
    "merge_persons",
    "person_ids_of",
    "possible_matches",
    "query_terms",
    "reresolve_fact",
    "resolve_all",
    "resolve_document",
    "resolve_person_ref",
    "search_people",
    "separate_persons",
    "split_person",
    "undo_merge",
]

MAX_OFFERS = 5
"""At most this many "possibly the same" offers per new mention, the best ones. A common name borne by
dozens of people would otherwise be offered with every one of them: a reviewer cannot use that
list, and recording it would make each new document's work grow with the store."""
_RELATIVE_BIRTH_SPREAD = 2


@dataclass(frozen=True, slots=True)
class ResolveOutcome:
    """What resolving one document did.

    Attributes:
        document_id: the document.
        created: persons started for its person entities.
        joined: (new person, person it joined) for each automatic merge.
        possible: how many "possibly the same" offers were recorded.
    """

    document_id: int
    created: tuple[int, ...]
    joined: tuple[tuple[int, int], ...]
    possible: int


@dataclass(frozen=True, slots=True)
class PossibleMatch:
    """A person that may be the same as the one asked about, and why.

    Attributes:
        person_id: the other person (a person in its own right).
        name: its display name.
        score: the evidence in bits (merge happens automatically at `MERGE_THRESHOLD`).
        reasons: the evidence in words.
    """

    person_id: int
    name: str
    score: float
    reasons: tuple[str, ...]


def query_terms(query: str) -> list[str]:
    """A search query's words in the resolver's folded spelling (`Qaster Мұсаханұлы` -> kaster, musahan)."""
    form = parse_name(query)
    return [s for s in form.stems if len(s) > 1]


def search_people(conn: Connection, query: str, *, limit: int = 50, offset: int = 0) -> list[PersonSummary]:
    """Persons whose names match a query in any spelling or script."""
    return list_persons(conn, query=query, folded_terms=query_terms(query), limit=limit, offset=offset)


def resolve_person_ref(conn: Connection, ref: str | int) -> int:
    """The one person a user means: an id (`12`), `fact:ID` of one of its mentions, or a name.

    Raises:
        NotFound: nobody matches.
        ConfigError: several persons match a name; the message lists them with their ids.
    """
    text = str(ref).strip()
    if text.startswith("fact:") and text[5:].isdigit():
        found = mentions_of_facts(conn, [int(text[5:])])
        if not found:
            raise NotFound(f"Fact {text[5:]} is not a person mention in the registry.")
        return root_of(conn, found[0].person_id)
    matches = find_persons(conn, text, folded_terms=None if text.isdigit() else query_terms(text))
    if not matches:
        raise NotFound(f"No person matches {text!r}. List them with `aigak people --query NAME`.")
    named = [m for m in matches if m.is_named]
    if named and len(named) < len(matches):
        matches = named
    if len(matches) > 1:
        exact = [m for m in matches if m.name.lower() == text.lower()]
        if len(exact) == 1:
            return exact[0].id
        listed = "; ".join(f"#{m.id} {m.name}" for m in matches[:8])
        raise ConfigError(f"{len(matches)} people match {text!r}: {listed}. Give the id instead.")
    return matches[0].id


def person_ids_of(conn: Connection, root: int) -> set[int]:
    """Every person id that now stands for this person: itself and all persons merged into it."""
    ids = {root}
    frontier = [root]
    while frontier:
        rows = conn.execute(select(persons.c.id).where(persons.c.merged_into.in_(frontier)))
        frontier = [int(r.id) for r in rows if int(r.id) not in ids]
        ids.update(frontier)
    return ids


def _name_counts(mentions: Sequence[PersonMention]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in mentions:
        if m.name:
            counts[m.name] = counts.get(m.name, 0) + 1
    return counts


def _refresh_display_name(conn: Connection, person_id: int, name_counts: Mapping[str, int] | None = None) -> None:
    """Show a named person under their best name, from `name_counts` when the caller has them (a
    merge has them in the profile), else from the person's mentions."""
    record = get_person(conn, person_id)
    if record.is_named:
        counts = _name_counts(mentions_of(conn, person_id)) if name_counts is None else name_counts
        set_display_name(conn, person_id, best_display_name(counts, record.display_name))


def _profiles(conn: Connection, person_ids: Sequence[int]) -> dict[int, PersonProfile]:
    """These persons' profiles (root ids): the stored ones, the others built from their mentions.

    A profile built here is not saved: it may be read while another writer changes the person (on
    PostgreSQL). Merges save the profiles, so only persons never merged since their mentions last
    changed (and those of a store older than profiles) are built from their mentions."""
    found: dict[int, PersonProfile] = {}
    for pid, data in stored_profiles(conn, person_ids).items():
        profile = PersonProfile.from_json(data)
        if profile is not None:
            found[pid] = profile
    missing = [pid for pid in person_ids if pid not in found]
    found.update((pid, PersonProfile.of_mentions(ms)) for pid, ms in mentions_of_persons(conn, missing).items())
    return found


def _search_text(names: Iterable[str], f: MentionFeatures | None) -> str:
    from anyascii import anyascii

    parts = [anyascii(n).lower() for n in names if n]
    if f is not None:
        for form in f.names:
            parts.extend(form.tokens)
            parts.extend(form.stems)
    return " ".join(dict.fromkeys(parts))


def merge_persons(conn: Connection, a: int, b: int, *, actor: str, kind: str = "user",
                  score: float | None = None, reasons: Sequence[str] = ()) -> int:
    """Join two persons into one (the older id stays), moving every mention; recorded and audited.

    A merge by a person (`kind="user"`) lifts any "keep apart" between the two. Returns the id of
    the person that remains.
    """
    ra, rb = root_of(conn, a), root_of(conn, b)
    if ra == rb:
        return ra
    survivor, absorbed = min(ra, rb), max(ra, rb)
    if hold_persons(conn, [survivor, absorbed]) and (root_of(conn, a), root_of(conn, b)) != (ra, rb):
        return merge_persons(conn, a, b, actor=actor, kind=kind, score=score, reasons=reasons)  # merged meanwhile
    moving = mentions_of(conn, absorbed)
    moved = [m.id for m in moving]
    profile = _profiles(conn, [survivor])[survivor]
    profile.absorb(PersonProfile.of_mentions(moving))
    move_mentions(conn, moved, survivor, assigned_by="user" if kind == "user" else "auto")
    set_merged_into(conn, absorbed, survivor)
    save_profiles(conn, {survivor: profile.to_json()})
    absorbed_ids = person_ids_of(conn, absorbed)
    if list_links(conn, absorbed_ids):  # a person the resolver just created has none
        survivor_ids = person_ids_of(conn, survivor)
        remove_links(conn, survivor_ids, absorbed_ids, "possible")
        if kind == "user":
            remove_links(conn, survivor_ids, absorbed_ids, "apart")
    merge_id = record_merge(conn, kind=kind, survivor_id=survivor, absorbed_id=absorbed, mention_ids=moved,
                            actor=actor, score=score, reasons=reasons)
    _refresh_display_name(conn, survivor, profile.name_counts)
    append_audit(conn, actor=actor, action="merge", target=f"person:{survivor}",
                 before={"persons": [ra, rb]},
                 after={"person": survivor, "absorbed": absorbed, "mentions": moved, "kind": kind,
                        "merge_id": merge_id, "score": score})
    if kind == "user":
        _join_shared_relatives(conn, survivor, actor=actor)
    return survivor


def undo_merge(conn: Connection, merge_id: int, *, actor: str) -> int:
    """Undo one merge: the absorbed person gets back the mentions it brought; returns its id.

    Raises:
        NotFound: no merge has that id.
        ConfigError: it was undone already.
        AlreadyDone: someone undid it while this was being done.
    """
    records = [r for r in list_merges(conn) if r.id == merge_id]
    if not records:
        raise NotFound(f"No merge with id {merge_id}.")
    rec = records[0]
    if rec.undone_at is not None:
        raise ConfigError(f"Merge {merge_id} was already undone on {rec.undone_at:%Y-%m-%d}.")
    if rec.kind == "split":
        raise ConfigError(f"Record {merge_id} is a split; join the persons again with `aigak same-person`.")
    if not undo_merge_record(conn, merge_id, actor=actor):
        again = next(r for r in list_merges(conn) if r.id == merge_id)
        raise AlreadyDone(f"Merge {merge_id} was undone by {again.undone_by or 'someone'} just now; nothing was "
                          "changed again. Reload the person to see them as they are.")
    current = root_of(conn, rec.survivor_id)
    still_there = [m.id for m in mentions_of(conn, current) if m.id in set(rec.mention_ids)]
    move_mentions(conn, still_there, rec.absorbed_id, assigned_by="user")
    set_merged_into(conn, rec.absorbed_id, None)
    _refresh_display_name(conn, current)
    _refresh_display_name(conn, rec.absorbed_id)
    append_audit(conn, actor=actor, action="split", target=f"person:{current}",
                 before={"person": current, "merge_id": merge_id},
                 after={"persons": [current, rec.absorbed_id], "mentions": still_there})
    return rec.absorbed_id


def split_person(conn: Connection, person_id: int, fact_ids: Iterable[int], *, actor: str) -> int:
    """Take some mentions (by their entity fact ids) out of a person into a new person, kept apart.

    Returns:
        The new person's id.

    Raises:
        NotFound: none of the facts is a mention of that person.
        ConfigError: that would take every mention away (nothing would be split).
    """
    root = root_of(conn, person_id)
    wanted = set(fact_ids)
    current = mentions_of(conn, root)
    taken = [m for m in current if m.fact_id in wanted]
    if not taken:
        raise NotFound(f"None of facts {sorted(wanted)} is a mention of person {root}. "
                       f"See its mentions with `aigak person {root} --format json`.")
    if len(taken) == len(current):
        raise ConfigError(f"Facts {sorted(wanted)} are all of person {root}'s mentions; nothing to split off.")
    record = get_person(conn, root)
    new = create_person(conn, best_display_name(_name_counts(taken), record.display_name), is_named=record.is_named)
    move_mentions(conn, [m.id for m in taken], new, assigned_by="user")
    record_merge(conn, kind="split", survivor_id=root, absorbed_id=new, mention_ids=[m.id for m in taken],
                 actor=actor)
    add_link(conn, root, new, "apart", actor=actor)
    _refresh_display_name(conn, root)
    append_audit(conn, actor=actor, action="split", target=f"person:{root}",
                 before={"person": root}, after={"persons": [root, new], "mentions": [m.id for m in taken]})
    return new


@dataclass(frozen=True, slots=True)
class Separation:
    """What `separate_persons` did.

    Attributes:
        persons: the persons of `a` and of `b`, now kept apart.
        taken_out: the person id whose part left a merged person (`b`, or `a` when `b` was the merged
            person itself); None when they were two persons already.
        left: the merged person it left (and that keeps every other merge).
        undone_merge: the id of the merge undone.
        moved_mentions: how many mentions left with it.
    """

    persons: tuple[int, int]
    taken_out: int | None = None
    left: int | None = None
    undone_merge: int | None = None
    moved_mentions: int = 0


def _absorbing_merge(conn: Connection, person_id: int) -> int | None:
    """The id of the standing merge (not a split) that absorbed this person id, if any."""
    absorbing = [r for r in list_merges(conn, [person_id], include_undone=False)
                 if r.absorbed_id == person_id and r.kind != "split"]
    return absorbing[-1].id if absorbing else None


def separate_persons(conn: Connection, a: int, b: int, *, actor: str) -> Separation:
    """Record that `b` is not the same person as `a`, taking only `b`'s part out when they were merged.

    When `a` and `b` are one person now, exactly one merge is undone: the one that absorbed `b` (the
    mentions `b` brought, with whatever had been merged into `b` before, leave the merged person),
    or, when `b` is the merged person itself, the one that absorbed `a`. Every other merge stays:
    after `same-person 34 3` and `same-person 34 6`, `not-same 34 6` takes #6 out and keeps #34
    with #3.

    Raises:
        ConfigError: both ids are the very same person and no merge separates them.
    """
    ra, rb = root_of(conn, a), root_of(conn, b)
    done = Separation(persons=(ra, rb))
    if ra == rb:
        for x in (b, a):
            merge_id = _absorbing_merge(conn, x) if x != ra else None
            if merge_id is not None:
                before = len(mentions_of(conn, ra))
                undo_merge(conn, merge_id, actor=actor)
                stays = root_of(conn, a if x == b else b)
                done = Separation(persons=(ra, rb), taken_out=x, left=stays, undone_merge=merge_id,
                                  moved_mentions=before - len(mentions_of(conn, stays)))
                break
        ra, rb = root_of(conn, a), root_of(conn, b)
        if ra == rb:
            raise ConfigError(f"{a} and {b} are one person and no merge joined them. Take a mention out with "
                              f"`aigak not-same fact:ID {ra}` (fact ids: `aigak person {ra} --format json`).")
    add_link(conn, ra, rb, "apart", actor=actor)
    remove_links(conn, person_ids_of(conn, ra), person_ids_of(conn, rb), "possible")
    append_audit(conn, actor=actor, action="keep_apart", target=f"person:{min(ra, rb)}",
                 after={"persons": sorted([ra, rb]), "undone_merge": done.undone_merge})
    return replace(done, persons=(ra, rb))


def keep_apart(conn: Connection, a: int, b: int, *, actor: str) -> tuple[int, int]:
    """Record that two persons are different people, undoing the one merge that joined them if needed
    (see `separate_persons`). Returns the two persons' ids.

    Raises:
        ConfigError: both ids are the very same person and no merge separates them.
    """
    return separate_persons(conn, a, b, actor=actor).persons


def _apart_roots(conn: Connection, root: int) -> set[int]:
    out: set[int] = set()
    ids = person_ids_of(conn, root)
    for link in list_links(conn, ids, kind="apart"):
        other = link.person_b if link.person_a in ids else link.person_a
        out.add(root_of(conn, other))
    return out


def possible_matches(conn: Connection, person_id: int) -> list[PossibleMatch]:
    """Persons the resolver found possibly the same as this one (below the merge threshold), best first,
    leaving out those already merged with it or kept apart from it."""
    root = root_of(conn, person_id)
    ids = person_ids_of(conn, root)
    apart = _apart_roots(conn, root)
    best: dict[int, PossibleMatch] = {}
    for link in list_links(conn, ids, kind="possible"):
        other = link.person_b if link.person_a in ids else link.person_a
        other_root = root_of(conn, other)
        if other_root == root or other_root in apart:
            continue
        score = float(link.score or 0.0)
        if other_root not in best or best[other_root].score < score:
            best[other_root] = PossibleMatch(other_root, get_person(conn, other_root).display_name, score,
                                             link.reasons)
    return sorted(best.values(), key=lambda p: (-p.score, p.person_id))


def _candidates(conn: Connection, f: MentionFeatures, keys: Sequence[str], document_id: int
                ) -> list[tuple[PairScore, int]]:
    """Candidate persons for a new mention with its score against each one's combined evidence."""
    person_ids = candidate_person_ids(conn, keys, exclude_document=document_id)
    scored: list[tuple[PairScore, int]] = []
    if not person_ids:
        return scored
    mine = ClusterProfile.of(f)
    profiles = _profiles(conn, person_ids)
    named_here = persons_named_in_document(conn, document_id)
    for pid in person_ids:
        profile = profiles[pid]
        if not profile.mentions:
            continue
        if mine.conflict(profile.cluster([document_id] if pid in named_here else [])) is not None:
            continue
        scored.append((score_pair(f, profile.features(), explain=True), pid))
    scored.sort(key=lambda item: (-item[0].bits, item[1]))
    return scored


def _registry_keys(bk: BlockingKeys) -> tuple[list[str], list[str]]:
    """(the keys a new mention finds its candidates by, the keys it is indexed under).

    They differ so that each lookup brings only the pairs the blocking scheme wants compared, which keeps
    a new document's work flat as the store grows (the scheme is in `aigak.resolve.blocking`):

    - A full name finds other full names by its name keys (`n|`, `k|`, `s|`, `b|`) and by the
      evidence keys it is a member of (a stem with a birth year, place, companion, relative or dated
      event: a misspelt full name whose name keys differ still meets its person, as in a batch), and
      lone names by `l|stem` and by its evidence keys in their probe form (`P` + key). It does not
      look up its bare stems: `t|serik` would bring every Serik of the store.
    - A lone surname or given name finds full names by its bare stems (`t|`: offered as "possibly the
      same") and by its evidence keys; it is indexed under `l|stem` and the probe form of those keys.
    """
    stems = [key[2:] for key in bk.keys if key.startswith("t|")]
    lone = [f"l|{stem}" for stem in stems]
    if bk.is_probe:
        index = [key if _family(key) in PAIR_ALL_FAMILIES or key.startswith("t|") else "P" + key
                 for key in bk.keys]
        return list(bk.keys), [*index, *lone]
    named = [key for key in bk.keys if _family(key) in PAIR_ALL_FAMILIES]
    named += [key for key in bk.member_keys if _family(key) in EVIDENCE_FAMILIES]
    evidence = ["P" + key for key in bk.keys if _family(key) not in PAIR_ALL_FAMILIES and not key.startswith("t|")]
    return [*named, *evidence, *lone], list(bk.keys)


def _index_entry(f: MentionFeatures) -> tuple[list[str], list[str], str]:
    """A named mention's registry entry: (keys to find candidates by, keys to index it under, search text)."""
    lookup, index = _registry_keys(blocking_keys(f, lookup_keys=True))
    return lookup, [*index, *f.name_keys()[1]], _search_text([n.text for n in f.names], f)


def _family(key: str) -> str:
    return key.split("|", 1)[0]


def _register_named(conn: Connection, document_id: int, fact_id: int, f: MentionFeatures, *,
                    actor: str) -> tuple[int, int | None, int]:
    """Give a named person entity its person, join it where the evidence says so.

    Returns (its person, the person it joined or None, possible offers recorded).
    """
    lookup, keys, search_text = _index_entry(f)
    years = birth_years_for_keys(conn, f.name_keys()[0])
    if f.birth_year is not None:
        years.append(f.birth_year)
    f = replace(f, ambiguity=ambiguity_bits(years))
    scored = _candidates(conn, f, lookup, document_id)
    pid = create_person(conn, f.display)
    add_mention(conn, person_id=pid, fact_id=fact_id, document_id=document_id, name=f.display,
                features=f.to_json(), keys=keys, search_text=search_text, birth_year=f.birth_year)
    joined: int | None = None
    if scored:
        best, target = scored[0]
        runner_up = scored[1][0].bits if len(scored) > 1 else 0.0
        lone = not f.full_names
        if best.bits >= MERGE_THRESHOLD or (lone and best.bits >= ATTACH_THRESHOLD
                                            and best.bits - runner_up >= ATTACH_MARGIN):
            joined = merge_persons(conn, target, pid, actor=actor, kind="auto", score=best.bits,
                                   reasons=best.reasons)
    offers = [(other, score.bits, score.reasons) for score, other in scored  # best first
              if score.bits >= POSSIBLE_THRESHOLD and other != joined][:MAX_OFFERS]
    add_new_person_links(conn, pid, offers, "possible", actor=actor)  # pid is new even if it joined
    return pid, joined, len(offers)


def _relative_keys(conn: Connection, anchor_person: int, label: str) -> list[str]:
    return [f"u|{m.fact_id}|{label}" for m in mentions_of(conn, anchor_person)]


def _register_unnamed(conn: Connection, document_id: int, fact_id: int, record: Mapping[str, Any],
                      anchor_fact: int | None, label: str, reference_date: str | None, *,
                      actor: str) -> tuple[int, int | None]:
    attributes = record.get("attributes") if isinstance(record.get("attributes"), Mapping) else {}
    assert isinstance(attributes, Mapping)
    description = str(record.get("description") or "").strip()
    kin = kin_word(description, label)
    birth_year = birth_year_from(attributes, reference_date)
    anchor_person: int | None = None
    if anchor_fact is not None:
        found = mentions_of_facts(conn, [anchor_fact])
        anchor_person = root_of(conn, found[0].person_id) if found else None
    anchor_name = get_person(conn, anchor_person).display_name if anchor_person is not None else None
    shown = description or kin
    display = f"{shown} of {anchor_name}" if anchor_name else (shown or "unnamed person")
    pid = create_person(conn, display, is_named=False)
    keys = [f"u|{anchor_fact}|{label}"] if anchor_fact is not None else []
    features: dict[str, Any] = {"names": [], "birth_year": birth_year, "document": document_id, "kin": kin, "relation": label,
                "description": description, "relative_of_fact": anchor_fact,
                "gender": attributes.get("gender")}
    add_mention(conn, person_id=pid, fact_id=fact_id, document_id=document_id, name=None, features=features,
                keys=keys, search_text=_search_text([display], None), birth_year=birth_year)
    if anchor_person is None:
        return pid, None
    compatible: set[int] = set()
    for m in mentions_by_keys(conn, _relative_keys(conn, anchor_person, label), exclude_document=document_id):
        known = dict(m.features)
        if not kin_words_compatible(str(known.get("kin") or ""), kin):
            continue
        year = known.get("birth_year")
        if birth_year is not None and isinstance(year, int) and abs(year - birth_year) > _RELATIVE_BIRTH_SPREAD:
            continue
        compatible.add(root_of(conn, m.person_id))
    compatible.discard(root_of(conn, pid))
    if len(compatible) == 1:
        target = compatible.pop()
        reason = f"same {kin} of {anchor_name}"
        return pid, merge_persons(conn, target, pid, actor=actor, kind="auto", score=None, reasons=[reason])
    for other in compatible:
        add_link(conn, pid, other, "possible", actor=actor, score=None, reasons=[f"a {kin} of {anchor_name}"])
    return pid, None


def _join_shared_relatives(conn: Connection, root: int, *, actor: str) -> None:
    """After two persons are joined by hand, their unnamed relatives of the same kind become one."""
    relatives: dict[str, list[int]] = {}
    for m in mentions_of(conn, root):
        for r in mentions_by_keys(conn, [f"u|{m.fact_id}|{label}" for label in
                                         ("parent", "child", "sibling", "spouse", "relative")]):
            kin = str(dict(r.features).get("kin") or "")
            relatives.setdefault(kin, []).append(root_of(conn, r.person_id))
    for kin, pids in relatives.items():
        distinct = sorted(set(pids))
        if len(distinct) == 2 and kin in {"mother", "father", "wife", "husband"}:
            merge_persons(conn, distinct[0], distinct[1], actor=actor, kind="auto",
                          reasons=[f"same {kin} of person {root}"])


def resolve_document(conn: Connection, document_id: int, *, actor: str = "resolver") -> ResolveOutcome:
    """Give every person entity of a document its place in the registry (inside the caller's transaction).

    Entities already registered are skipped, so this can run again after new facts arrive. Rejected
    facts are left out. One audit record sums up what was done.
    """
    doc = get_document(conn, document_id)
    reference_date = doc.reference_date or doc.published
    extraction = extraction_for_document(conn, document_id)
    done = resolved_fact_ids(conn, document_id)
    entities = [e for e in extraction["entities"] if e.get("kind") == "person"]
    fact_of = {str(e.get("id")): int(e["fact_id"]) for e in entities}
    feats = features_from_extraction(extraction, reference_date=reference_date, document=document_id)
    created: list[int] = []
    joined: list[tuple[int, int]] = []
    offers = 0
    for entity in entities:
        lid = str(entity.get("id"))
        fact_id = fact_of[lid]
        if fact_id in done or lid not in feats or not feats[lid].names:
            continue
        pid, into, n = _register_named(conn, document_id, fact_id, feats[lid], actor=actor)
        created.append(pid)
        offers += n
        if into is not None:
            joined.append((pid, into))
    for entity in entities:
        lid = str(entity.get("id"))
        fact_id = fact_of[lid]
        if fact_id in done or (lid in feats and feats[lid].names):
            continue
        anchor, label = None, "relative"
        for rel in extraction["relations"]:
            src, dst = str(rel.get("from")), str(rel.get("to"))
            if dst == lid and src in fact_of and src in feats:
                anchor, label = fact_of[src], relation_label(str(rel.get("type")), person_is_from=True)
                break
            if src == lid and dst in fact_of and dst in feats:
                anchor, label = fact_of[dst], relation_label(str(rel.get("type")), person_is_from=False)
                break
        pid, into = _register_unnamed(conn, document_id, fact_id, entity, anchor, label, reference_date,
                                      actor=actor)
        created.append(pid)
        if into is not None:
            joined.append((pid, into))
    if created:
        append_audit(conn, actor=actor, action="resolve", target=f"document:{document_id}",
                     after={"persons": created, "joined": [list(j) for j in joined], "possible": offers})
    return ResolveOutcome(document_id, tuple(created), tuple(joined), offers)


def reresolve_fact(conn: Connection, fact_id: int, *, actor: str) -> int | None:
    """Place a person entity again after a reviewer corrected it (its name, age or other evidence).

    A mention keeps the features it was resolved with, so without this a corrected misspelling would
    stay where the misspelling put it. A mention that a person placed (a manual merge) stays where
    it is, with its corrected name and keys; any other is taken out and resolved again like a new one,
    which may join it to another person or leave it on its own. Audited; returns the person it ends in
    (None when the entity is not a person the registry holds).
    """
    found = mentions_of_facts(conn, [fact_id])
    if not found:
        return None
    mention = found[0]
    before = root_of(conn, mention.person_id)
    doc = get_document(conn, mention.document_id)
    extraction = extraction_for_document(conn, mention.document_id)
    local = next((str(e.get("id")) for e in extraction["entities"] if e.get("fact_id") == fact_id), None)
    if local is None:  # rejected since: rejected facts leave the registry's view of the document
        return before
    feats = features_from_extraction(extraction, reference_date=doc.reference_date or doc.published,
                                     document=mention.document_id)
    f = feats.get(local)
    if mention.assigned_by == "user" and f is not None and f.names:
        _, keys, search_text = _index_entry(f)
        update_mention(conn, mention.id, name=f.display, features=f.to_json(), keys=keys,
                       search_text=search_text, birth_year=f.birth_year)
        _refresh_display_name(conn, before)
        after = before
    else:
        delete_mention(conn, mention.id)
        if mentions_of(conn, before):
            _refresh_display_name(conn, before)
        else:
            drop_links(conn, before, "possible")
        resolve_document(conn, mention.document_id, actor=actor)
        placed = mentions_of_facts(conn, [fact_id])
        after = root_of(conn, placed[0].person_id) if placed else before
    append_audit(conn, actor=actor, action="re-resolve", target=f"fact:{fact_id}",
                 before={"person": before}, after={"person": after})
    return after


def resolve_all(conn: Connection, *, actor: str = "resolver") -> list[ResolveOutcome]:
    """Resolve every document that has person entities not yet in the registry (oldest first)."""
    outcomes = []
    for document_id in unresolved_document_ids(conn):
        outcome = resolve_document(conn, document_id, actor=actor)
        if outcome.created:
            outcomes.append(outcome)
    return outcomes
