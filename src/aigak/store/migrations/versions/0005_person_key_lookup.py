"""0005_person_key_lookup: the resolver's candidate lookup reads keys and mentions from the index alone."""

from alembic import op

revision = "0005_person_key_lookup"
down_revision = "0004_scale_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Candidates are ranked by how many keys they share (GROUP BY mention_id over a set of keys): with
    # the mention id in the index, that never touches the table, however large the store grows.
    op.create_index("ix_person_keys_key_mention", "person_keys", ["key", "mention_id"])
    op.drop_index("ix_person_keys_key", table_name="person_keys")


def downgrade() -> None:
    op.create_index("ix_person_keys_key", "person_keys", ["key"])
    op.drop_index("ix_person_keys_key_mention", table_name="person_keys")
