"""The domain model: what aigak stores and reasons about. Read this module first.

A *source document* is kept exactly as it arrived (its bytes and their SHA-256) together with the
decoded text that every fact points into. A *fact* is one extraction record from
`shared/eval/FORMAT.md` (an entity, a relation, an event or an amount) tied to the character spans
that support it, with the backend that proposed it and its review status.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = [
    "EVENT_TYPES",
    "RELATION_TYPES",
    "DecodedSource",
    "Fact",
    "FactKind",
    "Mention",
    "ReviewStatus",
    "SourceDocument",
    "Span",
]


class ReviewStatus(enum.StrEnum):
    """Where a fact stands with the people who check it."""

    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    EDITED = "edited"


class FactKind(enum.StrEnum):
    """The four record families of the extraction format."""

    ENTITY = "entity"
    RELATION = "relation"
    EVENT = "event"
    AMOUNT = "amount"


EVENT_TYPES: tuple[str, ...] = (
    "arrest", "detention", "release", "torture", "coerced_confession", "house_arrest",
    "surveillance", "restriction", "fine", "confiscation", "forced_labor", "forced_marriage",
    "sexual_violence", "disappearance", "death", "threat", "summons", "flight",
    "border_crossing", "arrival", "asylum_application", "asylum_decision",
    "criminal_proceeding", "deportation_order", "deportation", "public_statement",
)
"""The fixed event vocabulary (FORMAT.md); nothing outside it is stored as an event."""

RELATION_TYPES: tuple[str, ...] = (
    "parent", "child", "sibling", "spouse", "relative", "associate", "member", "lawyer",
)
"""Relation types, read from the `from` entity's side: `parent` means "to is a parent of from"."""


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range of `str` indices into a document's decoded text.

    Attributes:
        start: index of the first character.
        end: index one past the last character.
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def as_list(self) -> list[int]:
        """The `[start, end]` form used in the extraction JSON."""
        return [self.start, self.end]


@dataclass(frozen=True, slots=True)
class DecodedSource:
    """What a reader made of a file's bytes, before it is stored.

    Attributes:
        text: the decoded text that facts will point into.
        media_type: the detected media type (`text/plain`, `text/html`, ...).
        title, author, published: metadata when the format carries it (published is ISO, partial allowed).
        body_start, body_end: the article body inside `text` (navigation and footers excluded).
        encoding: the character encoding the bytes were decoded with, when that applies.
    """

    text: str
    media_type: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    body_start: int = 0
    body_end: int | None = None
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One stored source: the exact bytes' hash, its metadata, and its decoded text.

    Attributes:
        id: the store's identifier.
        sha256: hex digest of the exact bytes ingested; the same bytes are one document.
        media_type: `text/plain`, `text/markdown`, `text/html`, `application/pdf`, or the DOCX type.
        filename: the original file name (no folder), or `-` for standard input.
        title, author, published: metadata, when known (published is ISO 8601, partial allowed).
        language: ISO 639-1 code guessed from the text, or None when too short to tell.
        ingested_at: when the source entered the store (UTC).
        text: the decoded text every span points into.
        body_start, body_end: the character range of the article body.
        size_bytes: length of the original bytes.
        reference_date: the date the text was written, once extraction has worked it out.
    """

    id: int
    sha256: str
    media_type: str
    filename: str
    title: str | None
    author: str | None
    published: str | None
    language: str | None
    ingested_at: datetime
    text: str
    body_start: int
    body_end: int
    size_bytes: int
    reference_date: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in a document where an entity is named or referred to."""

    fact_id: int
    document_id: int
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Fact:
    """One extraction record, grounded in its source, with its review state.

    Attributes:
        id: the store's identifier.
        document_id: the source it was extracted from.
        kind: entity, relation, event or amount.
        type: the entity kind (person, organization, place), event type, relation type, or currency.
        local_id: the record's id inside its extraction (`p1`, `e3`), which relations and events use.
        data: the record as the extraction JSON gives it (FORMAT.md), as currently held.
        evidence: the spans that support it; empty only for an unaligned record kept for review.
        confidence: the backend's confidence, 0..1.
        status: the review status.
        backend: the backend name and version that proposed it (`rules.v1`).
        original: the record as first proposed, kept when a reviewer edits it.
        reviewed_by, reviewed_at: who last changed the status, and when.
    """

    id: int
    document_id: int
    kind: FactKind
    type: str
    local_id: str
    data: Mapping[str, Any]
    evidence: tuple[Span, ...]
    confidence: float
    status: ReviewStatus
    backend: str
    created_at: datetime
    original: Mapping[str, Any] | None = None
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    mentions: tuple[Span, ...] = field(default=())
