"""Accounts' roles and what each may do: one table, checked by the web app, the API and the CLI."""

from __future__ import annotations

import enum

from aigak.core.errors import PermissionDenied

__all__ = ["PERMISSIONS", "Action", "Role", "can", "require"]


class Role(enum.StrEnum):
    """admin: users and settings; editor: ingest, review, merge; viewer: read; public: published, redacted."""

    ADMIN = "admin"
    EDITOR = "editor"
    VIEWER = "viewer"
    PUBLIC = "public"


class Action(enum.StrEnum):
    """Everything a role can be allowed to do."""

    READ_PUBLIC = "read_public"
    READ = "read"
    READ_SENSITIVE = "read_sensitive"
    INGEST = "ingest"
    REVIEW = "review"
    MERGE = "merge"
    EXPORT = "export"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"


_READ = {Action.READ_PUBLIC, Action.READ, Action.READ_SENSITIVE}
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.PUBLIC: frozenset({Action.READ_PUBLIC}),
    Role.VIEWER: frozenset(_READ),
    Role.EDITOR: frozenset(_READ | {Action.INGEST, Action.REVIEW, Action.MERGE, Action.EXPORT, Action.VIEW_AUDIT}),
    Role.ADMIN: frozenset(Action),
}


def can(role: Role | None, action: Action) -> bool:
    """Whether `role` (None: not signed in) may perform `action`."""
    return role is not None and action in PERMISSIONS[role]


def require(role: Role | None, action: Action) -> None:
    """Raise PermissionDenied unless `role` may perform `action`."""
    if not can(role, action):
        who = f"the {role.value} role" if role is not None else "anonymous visitors"
        raise PermissionDenied(f"{who} may not {action.value.replace('_', ' ')}; ask an admin for access.")
