"""Pydantic models of the JSON API: what it accepts and returns (they make the OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from aigak.core.models import EVENT_TYPES, RELATION_TYPES

__all__ = [
    "AddedFormOut",
    "AuditOut",
    "CaseFileOut",
    "DocumentDetailOut",
    "DocumentListOut",
    "DocumentOut",
    "ErrorOut",
    "ExcerptOut",
    "FactDetailOut",
    "FactListOut",
    "FactOut",
    "HistoryOut",
    "LoginIn",
    "MatchOut",
    "MatchesOut",
    "MergeOut",
    "MergesOut",
    "OkOut",
    "PairIn",
    "PathId",
    "PeopleOut",
    "PersonOut",
    "ReviewIn",
    "ReviewNextOut",
    "SearchHitOut",
    "SearchOut",
    "SeparationOut",
    "SessionOut",
    "StatRowOut",
    "StatsOut",
    "UploadOut",
    "UploadResultOut",
    "UserIn",
    "UserListOut",
    "UserOut",
    "UserPatch",
]

PathId = Annotated[int, Path(ge=1, le=2**31 - 1, description="A store identifier.")]
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
RelationType = Literal[RELATION_TYPES]  # type: ignore[valid-type]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorOut(_Out):
    """Every API error: what went wrong (and what to do), and the HTTP status."""

    ok: Literal[False] = False
    error: str
    status: int


class OkOut(_Out):
    ok: Literal[True] = True


class SessionOut(_Out):
    """The visitor: account and role (null when anonymous), and the CSRF token to send back."""

    ok: Literal[True] = True
    user: str | None
    role: str | None
    csrf_token: str
    public: bool


class _In(BaseModel):
    """A request body: a field the API does not know is refused with 422, never ignored (an admin sending
    `{"active": false}` must not believe an account disabled that is not)."""

    model_config = ConfigDict(extra="forbid")


class LoginIn(_In):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1024)


class DocumentOut(_Out):
    id: int
    sha256: str
    filename: str
    title: str | None
    author: str | None
    published: str | None
    language: str | None
    media_type: str
    ingested_at: str
    size_bytes: int
    reference_date: str | None
    body: list[int] | None = None
    facts: dict[str, int] = Field(default_factory=dict, description="Fact counts by review status.")


class DocumentListOut(_Out):
    ok: Literal[True] = True
    total: int
    limit: int
    offset: int
    documents: list[DocumentOut]


class FactOut(_Out):
    """A fact with its entities' names resolved and the text its evidence quotes."""

    id: int
    document_id: int
    kind: str
    type: str
    css: str
    label: str
    status: str
    confidence: float
    backend: str
    start: str | None
    end: str | None
    subjects: list[str]
    subject_ids: list[str]
    place: str | None
    place_id: str | None
    attributes: dict[str, Any]
    evidence: list[list[int]]
    quotes: list[str]
    data: dict[str, Any]
    original: dict[str, Any] | None
    reviewed_by: str | None
    reviewed_at: str | None
    is_unaligned: bool


class DocumentDetailOut(_Out):
    ok: Literal[True] = True
    document: DocumentOut
    text: str
    facts: list[FactOut]


class FactListOut(_Out):
    ok: Literal[True] = True
    count: int
    facts: list[FactOut]


class AuditOut(_Out):
    seq: int
    at: str
    actor: str
    action: str
    target: str
    before: Any = None
    after: Any = None


class HistoryOut(_Out):
    ok: Literal[True] = True
    target: str
    history: list[AuditOut]


class ExcerptOut(_Out):
    before: str
    match: str
    after: str


class FactDetailOut(_Out):
    ok: Literal[True] = True
    fact: FactOut
    context: list[ExcerptOut]
    history: list[AuditOut] | None = Field(None, description="Present for roles that may view the audit trail.")


class ReviewIn(_In):
    """A review decision. `correct` replaces the fields given (events: type, dates, subjects, place;
    entities: name; relations: type; amounts: value and currency) and marks the fact `edited`.
    Send `seen_status` (and `seen_reviewed_at`) to have a stale decision refused rather than saved."""

    decision: Literal["confirm", "reject", "correct"]
    type: str | None = Field(None, max_length=40)
    start: str | None = Field(None, pattern=ISO_DATE)
    end: str | None = Field(None, pattern=ISO_DATE)
    subjects: list[str] | None = Field(None, max_length=50)
    place: str | None = Field(None, max_length=40, description="The local id of a place entity, or empty.")
    name: str | None = Field(None, max_length=300)
    value: float | None = None
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    seen_status: Literal["proposed", "confirmed", "rejected", "edited"] | None = Field(
        None, description="The status you saw (the fact's `status`). When the fact has changed since, the decision "
                          "is refused with 409 and nothing is saved, so two reviewers never overwrite each other.")
    seen_reviewed_at: datetime | None = Field(
        None, description="The fact's `reviewed_at` as you saw it (with `seen_status`): also refused with 409 when "
                          "someone reviewed it again since, even to the same status.")


class ReviewNextOut(_Out):
    ok: Literal[True] = True
    remaining: int
    fact: FactOut | None
    context: ExcerptOut | None


class UploadResultOut(_Out):
    filename: str
    document_id: int | None
    created: bool
    facts: int
    error: str | None
    extraction: str = Field(description="extracted, skipped, unavailable, failed, not requested, or not "
                                        "extracted (a language the backend does not read; `error` says which).")


class UploadOut(_Out):
    ok: Literal[True] = True
    results: list[UploadResultOut]


class SearchHitOut(_Out):
    document_id: int
    title: str | None
    filename: str
    snippet: str = Field(description="Matches are between the characters U+0002 and U+0003.")
    via: list[str] = Field(default_factory=list,
                           description="The added forms (see `added`) this document contains.")


class AddedFormOut(_Out):
    form: str = Field(description="Searched besides the typed words: another spelling, script or name form.")
    stands_for: str = Field(description="The typed words it stands in for.")
    person_id: int | None = Field(description="The person whose name it is; null for a typed word in the "
                                              "other script.")
    person_name: str | None


class SearchOut(_Out):
    ok: Literal[True] = True
    q: str
    exact: bool = Field(default=False, description="Whether only the typed words were searched.")
    added: list[AddedFormOut] = Field(default_factory=list)
    documents: list[SearchHitOut]
    facts: list[FactOut]
    total_facts: int


class StatRowOut(_Out):
    label: str
    events: int
    people: int
    link: str


class StatsOut(_Out):
    ok: Literal[True] = True
    totals: dict[str, int]
    year: list[StatRowOut]
    place: list[StatRowOut]
    type: list[StatRowOut]


class PersonOut(_Out):
    id: int
    name: str | None
    detail: dict[str, Any] = Field(default_factory=dict)


class PeopleOut(_Out):
    ok: Literal[True] = True
    total: int | None
    people: list[PersonOut]


class CaseFileOut(_Out):
    ok: Literal[True] = True
    redacted: bool
    case_file: dict[str, Any]


class MatchOut(_Out):
    person_id: int
    name: str | None
    score: float | None
    reasons: list[str]


class MatchesOut(_Out):
    ok: Literal[True] = True
    person_id: int
    matches: list[MatchOut]


class PairIn(_In):
    other_id: int = Field(ge=1, le=2**31 - 1)


class MergeOut(_Out):
    """One standing merge into a person: who was joined to them, by whom and when."""

    merge_id: int
    absorbed_id: int = Field(description="The person that was joined in; `not-same` with it undoes this merge.")
    name: str | None
    kind: str = Field(description="`user` (a reviewer merged them) or `auto` (the resolver did).")
    actor: str
    at: str
    mentions: int


class MergesOut(_Out):
    ok: Literal[True] = True
    person_id: int
    merges: list[MergeOut]


class SeparationOut(_Out):
    """What `not-same` did: the two people (now kept apart) and the merge undone, if they were one."""

    ok: Literal[True] = True
    persons: list[int]
    taken_out: int | None
    left: int | None
    undone_merge: int | None
    moved_mentions: int


class UserOut(_Out):
    username: str
    role: str
    is_active: bool
    created_at: str


class UserListOut(_Out):
    ok: Literal[True] = True
    users: list[UserOut]


class UserIn(_In):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=10, max_length=1024)
    role: Literal["admin", "editor", "viewer", "public"]


class UserPatch(_In):
    is_active: bool | None = None
    password: str | None = Field(None, min_length=10, max_length=1024)
    role: Literal["admin", "editor", "viewer", "public"] | None = None
