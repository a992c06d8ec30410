"""Rules: the summary in Spanish (null when the data gives none; answers then use the English one).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: the rows already loaded have none until the loader writes the data set again.
    with op.batch_alter_table("rules") as batch:
        batch.add_column(sa.Column("summary_es", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rules") as batch:
        batch.drop_column("summary_es")
