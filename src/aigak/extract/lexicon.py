"""The word lists the rules read, loaded once from `extract/data/` (titles, kinship, triggers, ...)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

__all__ = ["kinship", "load_json", "word_list"]

_DATA = Path(__file__).resolve().parent / "data"


@functools.cache
def word_list(name: str) -> frozenset[str]:
    """The entries of `data/<name>.txt`, lower case, without comments and blank lines."""
    lines = (_DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def load_json(name: str) -> Any:
    """The parsed `data/<name>.json`."""
    return json.loads((_DATA / f"{name}.json").read_text(encoding="utf-8"))


@functools.cache
def kinship() -> dict[str, dict[str, Any]]:
    """Kinship nouns mapped to the relation they name (`wife` → spouse, `parents` → parent, ...)."""
    words: dict[str, dict[str, Any]] = load_json("names_kinship")["words"]
    return words
