"""Settings declared once, as data: read from CLI options, then `AIGAK_*` variables, then defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass

from aigak.core.errors import ConfigError

__all__ = ["SETTINGS", "Setting", "get_setting", "settings_reference"]


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its name (the variable is `AIGAK_` + upper-case name), default and help."""

    name: str
    default: str | None
    help: str

    @property
    def env_var(self) -> str:
        return "AIGAK_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", "sqlite:///aigak.db",
            "Where the store lives: a SQLite file (`sqlite:///path.db`) or PostgreSQL "
            "(`postgresql+psycopg://user@host/db`)."),
    Setting("max_file_mb", "50", "Largest source file ingest accepts, in MiB."),
    Setting("backend", "rules.v1", "Extraction backend used by `extract` and `ingest --extract`."),
    Setting("llm_url", None, "OpenAI-compatible endpoint for the `llm` backend (off when unset)."),
    Setting("llm_model", None, "Model name sent to the `llm` backend."),
    Setting("llm_key", None, "API key for the `llm` backend, if the server needs one."),
    Setting("db_key", None, "Passphrase of an SQLCipher-encrypted SQLite database."),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def get_setting(name: str, override: str | None = None) -> str | None:
    """The value of a setting: the explicit override, else the environment, else the default.

    Raises:
        ConfigError: when no setting has that name.
    """
    try:
        setting = _BY_NAME[name]
    except KeyError:
        raise ConfigError(f"No setting named {name!r}. Known: {', '.join(sorted(_BY_NAME))}.") from None
    if override is not None:
        return override
    return os.environ.get(setting.env_var, setting.default)


def settings_reference() -> str:
    """A Markdown table of every setting, for the README."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{s.env_var}` | `{s.default or ''}` | {s.help} |" for s in SETTINGS]
    return "\n".join(rows)
