"""Rules: the official links listed in the YAML (those built from a citation are derived when read).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A server default fills the rows already loaded; the loader writes the list from then on.
    with op.batch_alter_table("rules") as batch:
        batch.add_column(sa.Column("official_links", sa.JSON, nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("rules") as batch:
        batch.drop_column("official_links")
