"""Review decisions on facts, written together with their audit record."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aigak.core.models import Fact, ReviewStatus
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
    return after
