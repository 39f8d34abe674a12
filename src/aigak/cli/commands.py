"""Importing this module registers every command on the app (one line per area)."""

from aigak.cli import (
    admin,  # noqa: F401
    batch,  # noqa: F401
    documents,  # noqa: F401
    exports,  # noqa: F401
    extract,  # noqa: F401
    people,  # noqa: F401
    stats,  # noqa: F401
    users,  # noqa: F401
    web,  # noqa: F401
)
