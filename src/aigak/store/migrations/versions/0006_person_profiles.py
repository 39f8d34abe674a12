"""0006_person_profiles: each person's mentions summed up, so the resolver's cost per new mention stays flat."""

import sqlalchemy as sa
from alembic import op

revision = "0006_person_profiles"
down_revision = "0005_person_key_lookup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty at first on an existing store: until a person's next merge saves their profile, the
    # resolver builds it from their mentions whenever it needs it.
    op.create_table(
        "person_profiles",
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("profile", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("person_profiles")
