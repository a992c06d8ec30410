"""Rules, data set description and the append-only audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY_MESSAGE = "rule_audit is append-only"


def upgrade() -> None:
    op.create_table(
        "rules",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("jurisdiction", sa.String(8), nullable=False, index=True),
        sa.Column("kind", sa.String(60), nullable=False, index=True),
        sa.Column("variant", sa.String(60)),
        sa.Column("status", sa.String(20)),
        sa.Column("value_number", sa.String(40)),  # exact decimal text
        sa.Column("value_text", sa.Text),
        sa.Column("currency", sa.String(3)),
        sa.Column("unit", sa.String(10)),
        sa.Column("effective_from", sa.Date, index=True),
        sa.Column("effective_to", sa.Date, index=True),
        sa.Column("scope", sa.JSON, nullable=False),
        sa.Column("exclusions", sa.JSON, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("citation", sa.Text, nullable=False),
        sa.Column("source_url", sa.Text, nullable=False),
        sa.Column("confidence", sa.String(10), nullable=False),
        sa.Column("last_verified", sa.Date, nullable=False),
        sa.Column("source_file", sa.String(200), nullable=False),
    )
    op.create_table(
        "dataset",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("data_as_of", sa.Date, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
    )
    op.create_table(
        "rule_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("rule_id", sa.String(100), nullable=False, index=True),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("old_value", sa.JSON),
        sa.Column("new_value", sa.JSON),
        sa.Column("source", sa.Text, nullable=False),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER rule_audit_no_{operation.lower()} BEFORE {operation} ON rule_audit "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION rule_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER rule_audit_append_only BEFORE UPDATE OR DELETE ON rule_audit "
            "FOR EACH ROW EXECUTE FUNCTION rule_audit_append_only()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS rule_audit_append_only ON rule_audit")
        op.execute("DROP FUNCTION IF EXISTS rule_audit_append_only()")
    op.drop_table("rule_audit")
    op.drop_table("dataset")
    op.drop_table("rules")
