"""What the public role may see: published people (named, confirmed by a reviewer) and reviewed events.

A case file is *published* once a reviewer has confirmed (or corrected) at least one of the facts that
name the person; until then it stays with the team. A person the sources make a relative left behind
in the country of persecution is never published: their own case file would name them. A public reader sees only the reviewed items of
a published case file, with reviewers' sensitivity marks applied and then the redaction rules of
`aigak.security.redaction`.

A minor (any source gives them an age under 18) is never *listed*: the public list and name search
leave them out, since a hit would tie the name to the case file; the case file itself, reached from
its address, is redacted to `[minor, 15]` like every other place the child appears.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection

from aigak.core.models import ReviewStatus
from aigak.store.browse import facts_by_ids

__all__ = ["REVIEWED", "is_published", "listed_person_ids", "public_case_file", "published_person_ids"]

REVIEWED = frozenset({ReviewStatus.CONFIRMED.value, ReviewStatus.EDITED.value})


def _is_relative_at_risk(conn: Connection, person_id: int) -> bool:
    from aigak.security.protected import safe_person_sources

    info = safe_person_sources(conn, person_id)
    return info is not None and info.relative_at_risk is not None


def _is_listable(conn: Connection, person_id: int) -> bool:
    """Neither a relative left behind nor a minor (see `listed_person_ids`)."""
    from aigak.security.protected import safe_person_sources

    info = safe_person_sources(conn, person_id)
    return info is not None and info.relative_at_risk is None and info.minor_age is None


def is_published(conn: Connection, person_id: int) -> bool:
    """Whether the person is named, a reviewer has confirmed or corrected a fact that names them, and
    no source makes them a relative left behind (whose name redaction hides everywhere)."""
    from aigak.core.errors import NotFound
    from aigak.store.persons import get_person, mentions_of, root_of

    try:
        root = root_of(conn, person_id)
        if not get_person(conn, root).is_named:
            return False
    except NotFound:
        return False
    fact_ids = [m.fact_id for m in mentions_of(conn, root)]
    if not any(f.status.value in REVIEWED for f in facts_by_ids(conn, fact_ids)):
        return False
    return not _is_relative_at_risk(conn, root)


def published_person_ids(conn: Connection) -> set[int]:
    """Every published person (see `is_published`).

    The reviewed people come from one query; each is then checked against its own sources, which
    costs a few queries per reviewed person (reviewers confirm people one by one, so they stay few).
    """
    from aigak.store.persons import named_persons_with_facts_in

    return {p for p in named_persons_with_facts_in(conn, sorted(REVIEWED)) if not _is_relative_at_risk(conn, p)}


def listed_person_ids(conn: Connection) -> set[int]:
    """The published people the public list and name search may show: every published person but minors.

    A minor's name must not be found by a search, whatever the redacted case file shows.
    """
    from aigak.store.persons import named_persons_with_facts_in

    return {p for p in named_persons_with_facts_in(conn, sorted(REVIEWED)) if _is_listable(conn, p)}


def _reviewed(item: Any) -> bool:
    return not isinstance(item, Mapping) or "review_status" not in item or item.get("review_status") in REVIEWED


def public_case_file(conn: Connection, case: Mapping[str, Any]) -> dict[str, Any]:
    """The case file as the public role reads it: reviewed items only, marks applied, then redacted."""
    from aigak.resolve.names import fold_token
    from aigak.security.redaction import annotate_sensitivity, redact_case_file

    out = dict(case)
    out["timeline"] = [t for t in case.get("timeline") or [] if _reviewed(t)]
    legal = dict(case.get("legal_status") or {})
    for key in ("asylum", "proceedings", "orders"):
        legal[key] = [i for i in legal.get(key) or [] if _reviewed(i)]
    out["legal_status"] = legal
    out.pop("possible_matches", None)
    return redact_case_file(annotate_sensitivity(conn, out), fold=fold_token)
