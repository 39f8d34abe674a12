"""People: the searchable list, case files (audited reads; redacted for the public role),
"possibly the same person" suggestions to accept (merge) or refuse (keep apart), and undoing a merge."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import asdict, is_dataclass
from types import ModuleType
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from aigak.core.errors import NotFound
from aigak.core.roles import Action
from aigak.store.audit import append_audit, audit_history
from aigak.web.auth import Auditor, Merger, Principal, PublicReader, store_of, write_lock
from aigak.web.errors import FeatureUnavailable, InvalidInput
from aigak.web.models import (
    CaseFileOut,
    HistoryOut,
    MatchesOut,
    MatchOut,
    MergeOut,
    MergesOut,
    PairIn,
    PathId,
    PeopleOut,
    PersonOut,
    SeparationOut,
)
from aigak.web.publication import is_published, listed_person_ids, public_case_file
from aigak.web.routes.facts import audit_out
from aigak.web.templating import render
from aigak.web.timeline import timeline_chart

__all__ = ["load_case_file", "router"]

log = logging.getLogger("aigak.web")
router = APIRouter(tags=["people"])
PAGE_SIZE = 50
HISTORY_LIMIT = 100
MERGES_SHOWN = 50
PUBLIC_SCAN_SIZE = 500
PUBLIC_SCAN_PAGES = 40


_UNAVAILABLE = "The person registry is not part of this build; people and case files cannot be shown."


def _casefile() -> tuple[Callable[..., Any], Callable[..., dict[str, Any]]]:
    """`build_case_file` and `case_file_to_dict` (aigak.casefile)."""
    try:
        from aigak.casefile import build_case_file, case_file_to_dict
    except ImportError as exc:
        raise FeatureUnavailable(_UNAVAILABLE) from exc
    return build_case_file, case_file_to_dict


def _resolver() -> ModuleType:
    """The registry operations (aigak.resolve): search, possible matches, merge, keep apart."""
    try:
        from aigak import resolve
    except ImportError as exc:
        raise FeatureUnavailable(_UNAVAILABLE) from exc
    for name in ("search_people", "possible_matches", "merge_persons", "keep_apart"):
        if not hasattr(resolve, name):
            raise FeatureUnavailable(_UNAVAILABLE)
    return resolve


def _plain(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return {k: getattr(value, k) for k in dir(value) if not k.startswith("_") and not callable(getattr(value, k))}


def _person_out(p: Any) -> PersonOut:
    data = _plain(p)
    detail = {k: v for k, v in data.items() if k not in ("id", "name") and isinstance(v, (str, int, float, bool, type(None)))}
    return PersonOut(id=int(data["id"]), name=data.get("name"), detail=detail)


def _is_public(principal: Principal) -> bool:
    return not principal.can(Action.READ)


def load_case_file(request: Request, principal: Principal, person_id: int) -> tuple[dict[str, Any], bool]:
    """A person's case file as a dict (redacted for the public role); the read is written to the audit trail.

    Returns:
        The case file and whether it was redacted.
    """
    build_case_file, case_file_to_dict = _casefile()
    store = store_of(request)
    redacted = _is_public(principal)
    with store.read() as conn:
        if redacted and not is_published(conn, person_id):
            raise NotFound(f"No published case file has the id {person_id}.")
        case = case_file_to_dict(build_case_file(conn, person_id))
        if redacted:
            case = public_case_file(conn, case)
    with write_lock(request), store.transaction() as conn:
        append_audit(conn, actor=principal.actor, action="read_casefile", target=f"person:{person_id}",
                     after={"redacted": redacted})
    log.info("case file %s read (redacted=%s)", person_id, redacted)
    return case, redacted


def _list(request: Request, principal: Principal, q: str | None, limit: int, offset: int) -> list[Any]:
    """A page of people; the public role sees published people only, minors left out (`listed_person_ids`)."""
    resolve = _resolver()
    from aigak.store.persons import list_persons

    def page(conn: Any, size: int, start: int) -> list[Any]:
        if q and q.strip():
            return list(resolve.search_people(conn, q.strip(), limit=size, offset=start))
        return list(list_persons(conn, limit=size, offset=start))

    with store_of(request).read() as conn:
        if not _is_public(principal):
            return page(conn, limit, offset)
        published = listed_person_ids(conn)
        found: list[Any] = []
        for n in range(PUBLIC_SCAN_PAGES):
            batch = page(conn, PUBLIC_SCAN_SIZE, n * PUBLIC_SCAN_SIZE)
            found += [p for p in batch if int(_plain(p)["id"]) in published]
            if len(batch) < PUBLIC_SCAN_SIZE or len(found) >= offset + limit:
                break
        return found[offset:offset + limit]


def _matches(request: Request, person_id: int) -> list[MatchOut]:
    resolve = _resolver()
    with store_of(request).read() as conn:
        raw = list(resolve.possible_matches(conn, person_id))
    return [MatchOut(person_id=m.person_id, name=m.name, score=round(float(m.score), 2),
                     reasons=[str(r) for r in m.reasons]) for m in raw]


def _pair(request: Request, principal: Principal, person_id: int, other_id: int, merge: bool) -> None:
    if person_id == other_id:
        raise InvalidInput("Choose two different people.")
    resolve = _resolver()
    with write_lock(request), store_of(request).transaction() as conn:
        if merge:
            resolve.merge_persons(conn, person_id, other_id, actor=principal.actor)
        else:
            resolve.keep_apart(conn, person_id, other_id, actor=principal.actor)
    log.info("%s persons %s and %s", "merged" if merge else "kept apart", person_id, other_id)


def _merges(request: Request, person_id: int) -> list[MergeOut]:
    """The standing merges that joined someone into this person (newest first), each undoable."""
    from aigak.store.persons import get_person, list_merges, root_of

    resolve = _resolver()
    with store_of(request).read() as conn:
        root = root_of(conn, person_id)
        records = [r for r in list_merges(conn, resolve.person_ids_of(conn, root), include_undone=False)
                   if r.kind != "split" and root_of(conn, r.survivor_id) == root]
        out = [MergeOut(merge_id=r.id, absorbed_id=r.absorbed_id, name=get_person(conn, r.absorbed_id).display_name,
                        kind=r.kind, actor=r.actor, at=r.at.isoformat(timespec="seconds"), mentions=len(r.mention_ids))
               for r in reversed(records[-MERGES_SHOWN:])]
    return out


def _separate(request: Request, principal: Principal, person_id: int, other_id: int) -> SeparationOut:
    """`aigak not-same`: the two are different people; the one merge that joined them is undone (audited)."""
    if person_id == other_id:
        raise InvalidInput("Choose two different people.")
    _resolver()
    from aigak.resolve.registry import separate_persons

    with write_lock(request), store_of(request).transaction() as conn:
        done = separate_persons(conn, person_id, other_id, actor=principal.actor)
    log.info("persons %s and %s kept apart (merge undone: %s)", person_id, other_id, done.undone_merge)
    return SeparationOut(persons=list(done.persons), taken_out=done.taken_out, left=done.left,
                         undone_merge=done.undone_merge, moved_mentions=done.moved_mentions)


@router.get("/people", include_in_schema=False)
def people_page(request: Request, principal: PublicReader,
                q: Annotated[str | None, Query(max_length=200)] = None,
                page: Annotated[int, Query(ge=1, le=100000)] = 1) -> Response:
    people = [_person_out(p) for p in _list(request, principal, q, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)]
    has_more = len(people) > PAGE_SIZE
    return render(request, "people.html", {"people": people[:PAGE_SIZE], "q": q or "", "page": page,
                                           "has_more": has_more, "params": {"q": q or None}})


@router.get("/api/people", response_model=PeopleOut)
def api_people(request: Request, principal: PublicReader,
               q: Annotated[str | None, Query(max_length=200)] = None,
               limit: Annotated[int, Query(ge=1, le=500)] = PAGE_SIZE,
               offset: Annotated[int, Query(ge=0, le=10**7)] = 0) -> PeopleOut:
    """People in the registry, searchable by name."""
    return PeopleOut(total=None, people=[_person_out(p) for p in _list(request, principal, q, limit, offset)])


@router.get("/people/{person_id}", include_in_schema=False)
def casefile_page(request: Request, principal: PublicReader, person_id: PathId) -> Response:
    case, redacted = load_case_file(request, principal, person_id)
    matches: list[MatchOut] = []
    if principal.can(Action.MERGE):
        listed = case.get("possible_matches")
        matches = ([MatchOut(person_id=int(m["person_id"]), name=m.get("name"), score=m.get("score"),
                             reasons=[str(r) for r in m.get("reasons") or []]) for m in listed]
                   if isinstance(listed, list) else _matches(request, person_id))
    merges = _merges(request, person_id) if principal.can(Action.MERGE) else []
    history = None
    if principal.can(Action.VIEW_AUDIT):
        with store_of(request).read() as conn:
            history = audit_history(conn, f"person:{person_id}", limit=HISTORY_LIMIT)
    timeline = case.get("timeline") or []
    return render(request, "casefile.html", {
        "case": case, "person": case.get("person") or {}, "person_id": person_id, "redacted": redacted,
        "timeline": timeline, "chart": timeline_chart(timeline), "matches": matches, "merges": merges,
        "history": history, "separated": request.query_params.get("separated")})


@router.get("/api/people/{person_id}", response_model=CaseFileOut)
def api_casefile(request: Request, principal: PublicReader, person_id: PathId) -> CaseFileOut:
    """A person's case file: identity, relatives, timeline, legal status, contradictions, sources.
    The public role gets it redacted. Every read is recorded in the audit trail."""
    case, redacted = load_case_file(request, principal, person_id)
    return CaseFileOut(redacted=redacted, case_file=case)


@router.get("/api/people/{person_id}/history", response_model=HistoryOut)
def api_person_history(request: Request, principal: Auditor, person_id: PathId) -> HistoryOut:
    """Every recorded change and read of the person's case file, newest first."""
    with store_of(request).read() as conn:
        records = audit_history(conn, f"person:{person_id}", limit=HISTORY_LIMIT)
    return HistoryOut(target=f"person:{person_id}", history=audit_out(records))


@router.get("/api/people/{person_id}/matches", response_model=MatchesOut)
def api_matches(request: Request, principal: Merger, person_id: PathId) -> MatchesOut:
    """People who are possibly the same as this one, for a reviewer to accept or refuse."""
    return MatchesOut(person_id=person_id, matches=_matches(request, person_id))


@router.post("/people/{person_id}/merge", include_in_schema=False)
def merge_form(request: Request, principal: Merger, person_id: PathId,
               other_id: Annotated[int, Form(ge=1, le=2**31 - 1)]) -> Response:
    _pair(request, principal, person_id, other_id, merge=True)
    return RedirectResponse(f"/people/{person_id}", status_code=303)


@router.post("/people/{person_id}/keep-apart", include_in_schema=False)
def keep_apart_form(request: Request, principal: Merger, person_id: PathId,
                    other_id: Annotated[int, Form(ge=1, le=2**31 - 1)]) -> Response:
    _pair(request, principal, person_id, other_id, merge=False)
    return RedirectResponse(f"/people/{person_id}", status_code=303)


@router.post("/api/people/{person_id}/merge", response_model=CaseFileOut)
def api_merge(request: Request, principal: Merger, person_id: PathId, body: PairIn) -> CaseFileOut:
    """Accept a suggestion: the other person is merged into this one (audited); returns the new case file."""
    _pair(request, principal, person_id, body.other_id, merge=True)
    case, redacted = load_case_file(request, principal, person_id)
    return CaseFileOut(redacted=redacted, case_file=case)


@router.post("/api/people/{person_id}/keep-apart", response_model=MatchesOut)
def api_keep_apart(request: Request, principal: Merger, person_id: PathId, body: PairIn) -> MatchesOut:
    """Refuse a suggestion: the two are recorded as different people and not suggested again."""
    _pair(request, principal, person_id, body.other_id, merge=False)
    return MatchesOut(person_id=person_id, matches=_matches(request, person_id))



@router.get("/people/{person_id}/not-same", include_in_schema=False)
def not_same_page(request: Request, principal: Merger, person_id: PathId,
                  other_id: Annotated[int, Query(ge=1, le=2**31 - 1)]) -> Response:
    """Ask before undoing a merge: what will leave this case file, and that the two are then kept apart."""
    merge = next((m for m in _merges(request, person_id) if m.absorbed_id == other_id), None)
    with store_of(request).read() as conn:
        from aigak.store.persons import get_person, root_of

        name = get_person(conn, root_of(conn, person_id)).display_name
    return render(request, "not_same.html", {"person_id": person_id, "other_id": other_id, "name": name,
                                             "merge": merge})


@router.post("/people/{person_id}/not-same", include_in_schema=False)
def not_same_form(request: Request, principal: Merger, person_id: PathId,
                  other_id: Annotated[int, Form(ge=1, le=2**31 - 1)]) -> Response:
    done = _separate(request, principal, person_id, other_id)
    return RedirectResponse(f"/people/{person_id}?separated={done.taken_out or other_id}", status_code=303)


@router.get("/api/people/{person_id}/merges", response_model=MergesOut)
def api_merges(request: Request, principal: Merger, person_id: PathId) -> MergesOut:
    """The merges that joined other people into this one, newest first; `not-same` undoes one."""
    return MergesOut(person_id=person_id, merges=_merges(request, person_id))


@router.post("/api/people/{person_id}/not-same", response_model=SeparationOut)
def api_not_same(request: Request, principal: Merger, person_id: PathId, body: PairIn) -> SeparationOut:
    """Record that `other_id` is not the same person (as `aigak not-same`): when a merge joined them, that
    one merge is undone and `other_id` leaves with the mentions it brought; both are then kept apart."""
    return _separate(request, principal, person_id, body.other_id)
