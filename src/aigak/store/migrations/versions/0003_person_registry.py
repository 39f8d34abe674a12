"""0003_person_registry: persons, their mentions and blocking keys, links between them, merge history."""

import sqlalchemy as sa
from alembic import op

revision = "0003_person_registry"
down_revision = "0002_accounts_and_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("is_named", sa.Boolean, nullable=False),
        sa.Column("merged_into", sa.Integer, sa.ForeignKey("persons.id")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_persons_merged_into", "persons", ["merged_into"])
    op.create_table(
        "person_mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("fact_id", sa.Integer, sa.ForeignKey("facts.id", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("features", sa.JSON, nullable=False),
        sa.Column("birth_year", sa.Integer),
        sa.Column("assigned_by", sa.String(16), nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_person_mentions_person", "person_mentions", ["person_id"])
    op.create_index("ix_person_mentions_document", "person_mentions", ["document_id"])
    op.create_table(
        "person_keys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mention_id", sa.Integer, sa.ForeignKey("person_mentions.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
    )
    op.create_index("ix_person_keys_key", "person_keys", ["key"])
    op.create_index("ix_person_keys_mention", "person_keys", ["mention_id"])
    op.create_table(
        "person_links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_a", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("person_b", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("reasons", sa.JSON),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("person_a", "person_b", "kind", name="uq_person_links_pair_kind"),
    )
    op.create_index("ix_person_links_b", "person_links", ["person_b"])
    op.create_table(
        "person_merges",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("survivor_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("absorbed_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("mention_ids", sa.JSON, nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("reasons", sa.JSON),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True)),
        sa.Column("undone_by", sa.String(80)),
    )
    op.create_index("ix_person_merges_absorbed", "person_merges", ["absorbed_id"])
    op.create_index("ix_person_merges_survivor", "person_merges", ["survivor_id"])


def downgrade() -> None:
    op.drop_table("person_merges")
    op.drop_table("person_links")
    op.drop_table("person_keys")
    op.drop_table("person_mentions")
    op.drop_table("persons")
