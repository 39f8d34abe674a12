"""What the public role may see: published people (named, confirmed by a reviewer) and reviewed events.

A case file is *published* once a reviewer has confirmed (or corrected) at least one of the facts that
name the person; until then it stays with the team. Two kinds of people are never published, even
when reviewed, because their own case file would name them and tie the name to the family:

- a person the sources make a relative left behind in the country of persecution;
- a minor (any source gives them an age under 18, or a birth year that makes them one).

Neither is listed, found by a search, or served by id: the HTML page and the JSON case file both
answer 404, as for an id that does not exist. Where they appear in someone else's published case
file they are redacted (`[relative]`, `[minor, 15]`), without a link. A reviewer who marks the
person public (`aigak mark-sensitive FACT --public`) overrides both rules.

A public reader sees only the reviewed items of a published case file, with reviewers' sensitivity
marks applied and then the redaction rules of `aigak.security.redaction`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection

from aigak.core.models import ReviewStatus
from aigak.store.browse import facts_by_ids

__all__ = ["REVIEWED", "is_published", "listed_person_ids", "public_case_file", "published_person_ids"]

REVIEWED = frozenset({ReviewStatus.CONFIRMED.value, ReviewStatus.EDITED.value})


def _is_publishable(conn: Connection, person_id: int) -> bool:
    """Neither a relative left behind nor a minor, as every source about them reads together."""
    from aigak.security.protected import safe_person_sources

    info = safe_person_sources(conn, person_id)
    return info is not None and info.relative_at_risk is None and info.minor_age is None


def is_published(conn: Connection, person_id: int) -> bool:
    """Whether the person is named, a reviewer has confirmed or corrected a fact that names them, and
    no source makes them a relative left behind or a minor (whose names redaction hides everywhere)."""
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
    return _is_publishable(conn, root)


def published_person_ids(conn: Connection) -> set[int]:
    """Every published person (see `is_published`).

    The reviewed people come from one query; each is then checked against its own sources, which
    costs a few queries per reviewed person (reviewers confirm people one by one, so they stay few).
    """
    from aigak.store.persons import named_persons_with_facts_in

    return {p for p in named_persons_with_facts_in(conn, sorted(REVIEWED)) if _is_publishable(conn, p)}


def listed_person_ids(conn: Connection) -> set[int]:
    """The people the public list and name search may show: the published ones (minors never are:
    a hit would tie a child's name to the case file)."""
    return published_person_ids(conn)


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
