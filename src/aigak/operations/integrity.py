"""Integrity checks that `aigak verify` runs: source hashes now, and every registered extra check."""

from __future__ import annotations

from collections.abc import Callable

from aigak.store.audit import verify_audit_chain
from aigak.store.documents import iter_source_mismatches
from aigak.store.engine import Store

__all__ = ["INTEGRITY_CHECKS", "run_integrity_checks"]


def _source_hashes(store: Store) -> list[str]:
    with store.read() as conn:
        return [
            f"document #{m.document_id} ({m.filename}): stored bytes are missing" if m.actual is None
            else f"document #{m.document_id} ({m.filename}): bytes hash to {m.actual}, recorded {m.sha256}"
            for m in iter_source_mismatches(conn)
        ]


def _audit_chain(store: Store) -> list[str]:
    with store.read() as conn:
        return verify_audit_chain(conn)


INTEGRITY_CHECKS: list[Callable[[Store], list[str]]] = [_source_hashes, _audit_chain]
"""Each check returns one line per problem."""


def run_integrity_checks(store: Store) -> list[str]:
    """Run every integrity check and return all problems found (empty when all is well)."""
    problems: list[str] = []
    for check in INTEGRITY_CHECKS:
        problems.extend(check(store))
    return problems
