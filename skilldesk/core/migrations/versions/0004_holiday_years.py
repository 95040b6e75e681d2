"""holiday years: the State Council's notices imported for years chinese-calendar does not know

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 10:00:00

A new table only: nothing existing changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "holiday_year",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("document_number", sa.String(length=60), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("file_name", sa.String(length=260), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("days", sa.Text(), nullable=False),
        sa.Column("notice_text", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holiday_year")),
        sa.UniqueConstraint("uuid", name=op.f("uq_holiday_year_uuid")),
        sa.UniqueConstraint("year", name=op.f("uq_holiday_year_year")),
    )


def downgrade() -> None:
    op.drop_table("holiday_year")
