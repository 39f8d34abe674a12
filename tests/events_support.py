"""What the event tests read from an extraction: (type, subject names, start) of each event."""

from __future__ import annotations

from typing import Any

from aigak.extract.run import extract_text

__all__ = ["events_in", "subjects_of"]


def events_in(text: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    """Each event of `text` as (type, the names or descriptions of its subjects, start date)."""
    result: dict[str, Any] = extract_text(text)
    names = {e["id"]: e.get("name") or e.get("description") for e in result["entities"]}
    return [(ev["type"], tuple(names[s] for s in ev["subjects"]), ev["start"]) for ev in result["events"]]


def subjects_of(text: str, kind: str) -> list[tuple[str, ...]]:
    """The subjects of each event of this type in `text`."""
    return [subjects for k, subjects, _ in events_in(text) if k == kind]
