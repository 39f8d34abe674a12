"""0001_initial: sources, documents, facts, mentions, and the full-text index."""

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("sources.sha256"), nullable=False, unique=True),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("published", sa.String(32)),
        sa.Column("language", sa.String(8)),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("body_start", sa.Integer, nullable=False),
        sa.Column("body_end", sa.Integer, nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("reference_date", sa.String(32)),
    )
    op.create_index("ix_documents_ingested_at", "documents", ["ingested_at"])
    op.create_table(
        "extraction_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("backend", sa.String(60), nullable=False),
        sa.Column("config", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fact_count", sa.Integer, nullable=False),
        sa.UniqueConstraint("document_id", "backend", name="uq_extraction_runs_document_backend"),
    )
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("local_id", sa.String(40), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("original", sa.JSON),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("char_start", sa.Integer),
        sa.Column("char_end", sa.Integer),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("backend", sa.String(60), nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("extraction_runs.id", ondelete="CASCADE")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_by", sa.String(120)),
        sa.Column("reviewed_at", sa.DateTime(timezone=True)),
        sa.Column("event_start", sa.String(32)),
        sa.Column("event_end", sa.String(32)),
        sa.Column("name", sa.Text),
    )
    op.create_index("ix_facts_document", "facts", ["document_id", "kind"])
    op.create_index("ix_facts_kind_type", "facts", ["kind", "type"])
    op.create_index("ix_facts_status", "facts", ["status"])
    op.create_index("ix_facts_name", "facts", ["name"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("fact_id", sa.Integer, sa.ForeignKey("facts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("char_start", sa.Integer, nullable=False),
        sa.Column("char_end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_mentions_fact", "mentions", ["fact_id"])
    op.create_index("ix_mentions_document", "mentions", ["document_id"])

    if op.get_bind().dialect.name == "sqlite":
        # An external-content FTS5 index: the text lives once, in documents; triggers keep it in step.
        op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', "
                   "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
        op.execute("CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
                   "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END")
        op.execute("CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN "
                   "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
                   "VALUES ('delete', old.id, old.title, old.text); END")
        op.execute("CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN "
                   "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
                   "VALUES ('delete', old.id, old.title, old.text); "
                   "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END")
    else:
        # A stored tsvector: ranking reads it instead of re-parsing every matching document.
        op.execute("ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
                   "(to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED")
        op.execute("CREATE INDEX ix_documents_fts ON documents USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS documents_fts")
    for table in ("mentions", "facts", "extraction_runs", "documents", "sources"):
        op.drop_table(table)
