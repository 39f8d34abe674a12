"""Review decisions on facts, written together with their audit record."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aigak.core.models import Fact, FactKind, ReviewStatus
from aigak.store.audit import append_audit
from aigak.store.engine import Store
from aigak.store.facts import get_fact, review_fact

__all__ = ["review"]


def review(store: Store, fact_id: int, decision: ReviewStatus, *, actor: str,
           data: Mapping[str, Any] | None = None) -> Fact:
    """Confirm, reject or edit a fact (edit: pass the corrected record as `data`), audited."""
    with store.transaction() as conn:
        before = get_fact(conn, fact_id)
        after = review_fact(conn, fact_id, decision, reviewer=actor, data=data)
        append_audit(conn, actor=actor, action="review", target=f"fact:{fact_id}",
                     before={"status": before.status.value, "data": dict(before.data)},
                     after={"status": after.status.value, "data": dict(after.data)})
        if _person_evidence_changed(before, after):
            from aigak.resolve import reresolve_fact

            reresolve_fact(conn, fact_id, actor=actor)
    return after


def _person_evidence_changed(before: Fact, after: Fact) -> bool:
    """Whether an edit changed what the person registry resolved a person entity by."""
    if after.kind is not FactKind.ENTITY or after.type != "person" or after.status is not ReviewStatus.EDITED:
        return False
    keys = ("name", "aliases", "attributes")
    return any(before.data.get(k) != after.data.get(k) for k in keys)
