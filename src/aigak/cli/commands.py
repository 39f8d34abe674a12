"""Importing this module registers every command on the app (one line per area)."""

from aigak.cli import admin  # noqa: F401
from aigak.cli import batch  # noqa: F401
from aigak.cli import documents  # noqa: F401
from aigak.cli import exports  # noqa: F401
from aigak.cli import extract  # noqa: F401
from aigak.cli import people  # noqa: F401
from aigak.cli import users  # noqa: F401
from aigak.cli import web  # noqa: F401
