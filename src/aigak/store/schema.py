"""Every table, declared once with SQLAlchemy Core. Migrations in `migrations/versions` create them."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = ["audit_log", "documents", "extraction_runs", "facts", "login_attempts", "mentions", "metadata", "sources", "users"]

metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("data", LargeBinary, nullable=False),
    comment="Original bytes of every ingested file, unchanged, keyed by their SHA-256.",
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), ForeignKey("sources.sha256"), nullable=False, unique=True),
    Column("media_type", String(100), nullable=False),
    Column("filename", Text, nullable=False),
    Column("title", Text),
    Column("author", Text),
    Column("published", String(32)),
    Column("language", String(8)),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("text", Text, nullable=False),
    Column("body_start", Integer, nullable=False),
    Column("body_end", Integer, nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("reference_date", String(32)),
)
Index("ix_documents_ingested_at", documents.c.ingested_at)

extraction_runs = Table(
    "extraction_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("backend", String(60), nullable=False),
    Column("config", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("fact_count", Integer, nullable=False),
    UniqueConstraint("document_id", "backend", name="uq_extraction_runs_document_backend"),
    comment="One row per document and backend version: extraction is keyed by both, so reruns skip done work.",
)

facts = Table(
    "facts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("type", String(40), nullable=False),
    Column("local_id", String(40), nullable=False),
    Column("data", JSON, nullable=False),
    Column("original", JSON),
    Column("evidence", JSON, nullable=False),
    Column("char_start", Integer),
    Column("char_end", Integer),
    Column("confidence", Float, nullable=False),
    Column("status", String(16), nullable=False),
    Column("backend", String(60), nullable=False),
    Column("run_id", Integer, ForeignKey("extraction_runs.id", ondelete="CASCADE")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("reviewed_by", String(120)),
    Column("reviewed_at", DateTime(timezone=True)),
    Column("event_start", String(32)),
    Column("event_end", String(32)),
    Column("name", Text),
)
Index("ix_facts_document", facts.c.document_id, facts.c.kind)
Index("ix_facts_kind_type", facts.c.kind, facts.c.type)
Index("ix_facts_status", facts.c.status)
Index("ix_facts_name", facts.c.name)
Index("ix_facts_run", facts.c.run_id)  # 0004_scale_indexes
Index("ix_facts_status_order", facts.c.status, facts.c.document_id, facts.c.char_start, facts.c.id)  # 0004
Index("ix_extraction_runs_backend", extraction_runs.c.backend, extraction_runs.c.document_id)  # 0004

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("fact_id", Integer, ForeignKey("facts.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)
Index("ix_mentions_fact", mentions.c.fact_id)
Index("ix_mentions_document", mentions.c.document_id)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(80), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("is_active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(80), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("succeeded", Boolean, nullable=False),
)
Index("ix_login_attempts_user_at", login_attempts.c.username, login_attempts.c.at)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),
    Column("at", String(40), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", String(120), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    comment="Append-only; each record carries the hash of the one before it (see store/audit.py).",
)
Index("ix_audit_log_target", audit_log.c.target)

# --- Person registry (0003_person_registry) -------------------------------------------------------

persons = Table(
    "persons",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("display_name", Text, nullable=False),
    Column("is_named", Boolean, nullable=False),
    Column("merged_into", Integer, ForeignKey("persons.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    comment="One row per person ever proposed; a merged one points at the person it joined (kept for undo).",
)
Index("ix_persons_merged_into", persons.c.merged_into)

person_mentions = Table(
    "person_mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("persons.id"), nullable=False),
    Column("fact_id", Integer, ForeignKey("facts.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text),
    Column("search_text", Text, nullable=False),
    Column("features", JSON, nullable=False),
    Column("birth_year", Integer),
    Column("assigned_by", String(16), nullable=False),
    Column("score", Float),
    Column("created_at", DateTime(timezone=True), nullable=False),
    comment="A person entity of one document, and the person it belongs to; merges move these, never drop them.",
)
Index("ix_person_mentions_person", person_mentions.c.person_id)
Index("ix_person_mentions_document", person_mentions.c.document_id)

person_keys = Table(
    "person_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("mention_id", Integer, ForeignKey("person_mentions.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(200), nullable=False),
    comment="Blocking and name-count keys of each mention: candidates are found by key, never by scanning.",
)
Index("ix_person_keys_key_mention", person_keys.c.key, person_keys.c.mention_id)  # 0005_person_key_lookup
Index("ix_person_keys_mention", person_keys.c.mention_id)

person_links = Table(
    "person_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_a", Integer, ForeignKey("persons.id"), nullable=False),
    Column("person_b", Integer, ForeignKey("persons.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("score", Float),
    Column("reasons", JSON),
    Column("actor", String(80), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("person_a", "person_b", "kind", name="uq_person_links_pair_kind"),
    comment="`possible`: offered as possibly the same person; `apart`: a person said they are different.",
)
Index("ix_person_links_b", person_links.c.person_b)

person_profiles = Table(
    "person_profiles",
    metadata,
    Column("person_id", Integer, ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True),
    Column("profile", JSON, nullable=False),
    comment="A person's mentions summed up for the resolver (names, birth years, places...), so that a new "
            "mention is scored without reading every mention of a much-reported person (0006_person_profiles). "
            "Derived data: dropped whenever the person's mentions change, saved again at the person's next merge.",
)

person_merges = Table(
    "person_merges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("survivor_id", Integer, ForeignKey("persons.id"), nullable=False),
    Column("absorbed_id", Integer, ForeignKey("persons.id"), nullable=False),
    Column("mention_ids", JSON, nullable=False),
    Column("score", Float),
    Column("reasons", JSON),
    Column("actor", String(80), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("undone_at", DateTime(timezone=True)),
    Column("undone_by", String(80)),
    comment="Every join of two persons (automatic or by a person), with the mentions it moved, so it can be undone.",
)
Index("ix_person_merges_absorbed", person_merges.c.absorbed_id)
Index("ix_person_merges_survivor", person_merges.c.survivor_id)
