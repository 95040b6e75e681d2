"""unit of work: the change log, the derived roster summary; per-candidate counts dropped

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 18:00:00

The per-candidate error/warning counts were stored at import time and went stale as soon as
another row, the exam date or the rules changed; they are dropped for `roster_summary`, which
the unit of work rebuilds with every change to its inputs. Summaries start empty: a reader
checks live until the first write (or the window's start-up refresh) stores them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roster_summary",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("computed_for", sa.String(length=60), nullable=False),
        sa.Column("candidates", sa.Integer(), nullable=False),
        sa.Column("rows_with_errors", sa.Integer(), nullable=False),
        sa.Column("rows_with_warnings", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
            name=op.f("fk_roster_summary_plan_id_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_roster_summary")),
    )
    op.create_table(
        "change_log",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("committed_at", sa.DateTime(), nullable=False),
        sa.Column("writer", sa.String(length=100), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_log")),
    )
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+) keeps the table in place: rebuilding `candidate`
    # would mean copying every roster, and its attachments refer to it.
    op.execute("ALTER TABLE candidate DROP COLUMN error_count")
    op.execute("ALTER TABLE candidate DROP COLUMN warning_count")


def downgrade() -> None:
    op.add_column(
        "candidate", sa.Column("warning_count", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column(
        "candidate", sa.Column("error_count", sa.Integer(), nullable=False, server_default="0")
    )
    op.drop_table("change_log")
    op.drop_table("roster_summary")
