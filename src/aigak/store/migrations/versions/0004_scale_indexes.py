"""0004_scale_indexes: indexes that keep bulk extraction, re-extraction and the review queue fast at scale."""

from alembic import op

revision = "0004_scale_indexes"
down_revision = "0003_person_registry"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Pending work for a backend (`extract --all`): a range of this index, not a scan of every run.
    op.create_index("ix_extraction_runs_backend", "extraction_runs", ["backend", "document_id"])
    # Deleting a run (`--replace`) cascades to its facts: without this, every delete scans all facts.
    op.create_index("ix_facts_run", "facts", ["run_id"])
    # The review queue (next proposed fact, in document order) reads this in order and stops at once.
    op.create_index("ix_facts_status_order", "facts", ["status", "document_id", "char_start", "id"])


def downgrade() -> None:
    op.drop_index("ix_facts_status_order", table_name="facts")
    op.drop_index("ix_facts_run", table_name="facts")
    op.drop_index("ix_extraction_runs_backend", table_name="extraction_runs")
