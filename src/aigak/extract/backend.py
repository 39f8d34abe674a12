"""The extraction backend interface and its registry (built-ins by lazy "module:Class", plugins by entry point).

A backend turns a document's text into the FORMAT.md object. Built-ins are registered as
`"module:Class"` strings so that a heavy backend is imported only when asked for; other packages
add theirs through the `aigak.backends` entry-point group:

    [project.entry-points."aigak.backends"]
    "mybackend.v1" = "mypackage.backend:MyBackend"
"""

from __future__ import annotations

import abc
import importlib
from collections.abc import Mapping
from importlib.metadata import entry_points
from typing import Any, ClassVar

from aigak.core.errors import BackendError, ConfigError

__all__ = [
    "BUILTIN_BACKENDS",
    "ENTRY_POINT_GROUP",
    "SHORT_NAMES",
    "ExtractionBackend",
    "available_backends",
    "get_backend",
]

ENTRY_POINT_GROUP = "aigak.backends"
BUILTIN_BACKENDS: dict[str, str] = {
    "rules.v1": "aigak.extract.rules:RulesBackend",
    "llm.v1": "aigak.extract.llm.backend:LlmBackend",
    "ensemble.v1": "aigak.extract.llm.ensemble:EnsembleBackend",
}
"""Backends shipped with aigak, by versioned name, as lazy `module:Class` references."""
SHORT_NAMES: dict[str, str] = {"rules": "rules.v1", "llm": "llm.v1", "ensemble": "ensemble.v1"}
"""Unversioned names users may type (`--backend llm`), each meaning the current version."""


class ExtractionBackend(abc.ABC):
    """Turns text into the extraction JSON of FORMAT.md.

    Attributes:
        name: the versioned name it is registered under (`rules.v1`).
        version: the implementation's version, stored with every extraction run.
        default_config: every option the backend accepts, with its default.
        config: the resolved options of this instance.
    """

    name: ClassVar[str]
    version: ClassVar[str] = "1"
    default_config: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, **config: Any) -> None:
        unknown = sorted(set(config) - set(self.default_config))
        if unknown:
            known = ", ".join(sorted(self.default_config)) or "none"
            raise ConfigError(f"Backend {self.name} has no option {', '.join(unknown)}. Options: {known}.")
        self.config: dict[str, Any] = {**self.default_config, **config}

    @abc.abstractmethod
    def extract(self, text: str, *, title: str | None = None, published: str | None = None,
                sha256: str | None = None) -> dict[str, Any]:
        """The FORMAT.md object for `text`; every span indexes into `text`."""

    def describe(self) -> dict[str, Any]:
        """The `backend` block of the output: name, version and resolved config."""
        return {"name": self.name, "version": self.version, "config": dict(self.config)}


def _plugin_references() -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}


def available_backends() -> list[str]:
    """Names of every backend that `get_backend` can load, built-in or installed as a plugin."""
    return sorted({**_plugin_references(), **BUILTIN_BACKENDS})


def get_backend(name: str, **config: Any) -> ExtractionBackend:
    """An instance of the backend registered as `name`, configured with `config`.

    Raises:
        ConfigError: no backend has that name (the message lists those available), or an option is unknown.
        BackendError: the backend's module could not be imported.
    """
    name = SHORT_NAMES.get(name, name)
    reference = BUILTIN_BACKENDS.get(name) or _plugin_references().get(name)
    if reference is None:
        raise ConfigError(f"No backend named {name!r}. Available: {', '.join(available_backends())}.")
    module_name, _, class_name = reference.partition(":")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as exc:
        raise BackendError(f"cannot load {reference}: {exc}", backend=name) from exc
    if not (isinstance(cls, type) and issubclass(cls, ExtractionBackend)):
        raise BackendError(f"{reference} is not an ExtractionBackend", backend=name)
    instance: ExtractionBackend = cls(**config)
    return instance
