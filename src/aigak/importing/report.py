"""What an import did: sources created or already there, facts saved, and what was skipped and why."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ImportReport"]


@dataclass(slots=True)
class ImportReport:
    """The outcome of one import.

    Attributes:
        source: the file imported, as the user named it.
        kind: `spreadsheet` or `aigak-export`.
        rows: rows read (spreadsheets) or documents read (exports).
        created: source documents newly stored.
        existing: source documents that were already in the store.
        facts: facts saved.
        document_ids: the stored documents, new or not.
        warnings: one line per row or document skipped in part, naming it and the reason.
    """

    source: str
    kind: str
    rows: int = 0
    created: int = 0
    existing: int = 0
    facts: int = 0
    document_ids: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the terminal."""
        unit = "rows" if self.kind == "spreadsheet" else "documents"
        return (f"{self.rows} {unit} read: {self.created} new sources, {self.existing} already stored, "
                f"{self.facts} facts saved, {len(self.warnings)} warnings.")
