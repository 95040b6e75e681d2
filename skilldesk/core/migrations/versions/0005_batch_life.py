"""batch life: withdrawn and late candidates, import batches that can be undone

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 19:00:00

A candidate gains a status (active / withdrawn, with the reason and when) and a late-addition
mark (补报); existing candidates are active and not late. `import_batch` and
`import_batch_item` record what each roster import added or changed, with the values before,
so that a plan's latest import can be undone.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ALTER TABLE … ADD COLUMN keeps `candidate` in place (a batch rebuild would copy every
    # roster); NOT NULL columns take their server default for the rows already there.
    op.add_column(
        "candidate",
        sa.Column("status", sa.String(length=20), nullable=False, server_default="active"),
    )
    op.add_column("candidate", sa.Column("withdraw_reason", sa.Text(), nullable=True))
    op.add_column("candidate", sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
    op.add_column(
        "candidate", sa.Column("added_late", sa.Boolean(), nullable=False, server_default="0")
    )
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_import_batch_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
    )
    op.create_index(op.f("ix_import_batch_plan_id"), "import_batch", ["plan_id"], unique=False)
    op.create_table(
        "import_batch_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("version_after", sa.Integer(), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_import_batch_item_batch_id_import_batch"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch_item")),
    )
    op.create_index(
        op.f("ix_import_batch_item_batch_id"), "import_batch_item", ["batch_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_import_batch_item_batch_id"), table_name="import_batch_item")
    op.drop_table("import_batch_item")
    op.drop_index(op.f("ix_import_batch_plan_id"), table_name="import_batch")
    op.drop_table("import_batch")
    op.execute("ALTER TABLE candidate DROP COLUMN added_late")
    op.execute("ALTER TABLE candidate DROP COLUMN withdrawn_at")
    op.execute("ALTER TABLE candidate DROP COLUMN withdraw_reason")
    op.execute("ALTER TABLE candidate DROP COLUMN status")
