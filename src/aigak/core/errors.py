"""One exception tree for everything aigak reports to its users.

Each message says what happened and what to do about it; the CLI prints it on one line and the web
app maps the class to an HTTP status.
"""

from __future__ import annotations

__all__ = [
    "AigakError",
    "BackendError",
    "ConfigError",
    "DocumentNotFound",
    "IngestError",
    "IntegrityError",
    "NotFound",
    "PermissionDenied",
    "StoreError",
]


class AigakError(Exception):
    """Root of every error aigak raises on purpose. `status` is the HTTP status it maps to."""

    status: int = 400


class ConfigError(AigakError):
    """A setting, option or configuration file is wrong."""


class AlreadyDone(AigakError):
    """Someone else did the same thing first (two editors undoing one merge at once); nothing was changed
    twice, and the message says who did it."""

    status = 409


class StoreError(AigakError):
    """The database could not be opened, migrated or written."""

    status = 500


class NotFound(AigakError):
    """A record that was asked for does not exist."""

    status = 404


class DocumentNotFound(NotFound):
    """No source document has the identifier or hash that was asked for."""


class IngestError(AigakError):
    """A file could not be ingested; the message names the file and the reason.

    Attributes:
        path: the file as the user named it.
        reason: why it was refused, in words the user can act on.
    """

    status = 422

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class BackendError(AigakError):
    """An extraction backend failed; `backend` names it."""

    status = 502

    def __init__(self, message: str, *, backend: str) -> None:
        super().__init__(f"{backend}: {message}")
        self.backend = backend


class IntegrityError(AigakError):
    """Stored data no longer matches its hash or the audit chain is broken."""

    status = 409


class PermissionDenied(AigakError):
    """The signed-in account's role does not allow this action."""

    status = 403
