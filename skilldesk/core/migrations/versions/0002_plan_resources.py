"""plan resources: institution details, site workflow, locked room copies, scheme details,
plan fields, exam sessions and plan examiners

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 22:14:43.531768

Only exam_room is copied and rebuilt (for its new unique constraint), and that happens before
anything references it. Every other table only gains columns through ALTER TABLE ADD COLUMN:
rebuilding `plan`, `exam_site` or `institution` would DROP them while foreign keys are on, and
SQLite's implicit DELETE would cascade into candidates, rooms and scope rows.
"""

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_LIST_SEPARATORS = re.compile(r"[,，、;；\s]+")


def upgrade() -> None:
    with op.batch_alter_table("exam_room", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_name", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("contact_phone", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("address", sa.String(length=200), nullable=True))
        batch_op.create_unique_constraint("uq_exam_room_site_id_number", ["site_id", "number"])
    # Rooms take their site's contact, phone and address, which stay locked from now on.
    op.execute(
        "UPDATE exam_room SET "
        "contact_name = (SELECT contact_name FROM exam_site WHERE exam_site.id = site_id), "
        "contact_phone = (SELECT contact_phone FROM exam_site WHERE exam_site.id = site_id), "
        "address = (SELECT address FROM exam_site WHERE exam_site.id = site_id)"
    )

    op.create_table(
        "exam_session",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=True),
        sa.Column("end", sa.DateTime(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_exam_session_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["exam_room.id"],
            name=op.f("fk_exam_session_room_id_exam_room"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_session")),
        sa.UniqueConstraint("uuid", name=op.f("uq_exam_session_uuid")),
    )
    with op.batch_alter_table("exam_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exam_session_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_exam_session_room_id"), ["room_id"], unique=False)

    op.create_table(
        "plan_examiner",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("examiner_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["examiner_id"],
            ["examiner.id"],
            name=op.f("fk_plan_examiner_examiner_id_examiner"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_examiner_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_examiner")),
        sa.UniqueConstraint("plan_id", "examiner_id", name="uq_plan_examiner_plan_id_examiner_id"),
        sa.UniqueConstraint("uuid", name=op.f("uq_plan_examiner_uuid")),
    )
    with op.batch_alter_table("plan_examiner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_examiner_plan_id"), ["plan_id"], unique=False)

    with op.batch_alter_table("exam_site", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(length=100), nullable=True))
        batch_op.add_column(
            sa.Column("auto_confirmed", sa.Boolean(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", sa.DateTime(), nullable=True))

    with op.batch_alter_table("institution", schema=None) as batch_op:
        batch_op.add_column(sa.Column("short_name", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("email", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("website", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("filed_on", sa.Date(), nullable=True))

    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("application_condition", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("submitted_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("dual_certificate", sa.Boolean(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("other_county", sa.Boolean(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column(
                "application_mode", sa.String(length=20), nullable=False, server_default="常规申报"
            )
        )
        batch_op.add_column(
            sa.Column(
                "registration_mode",
                sa.String(length=20),
                nullable=False,
                server_default="个人实名制申报",
            )
        )

    with op.batch_alter_table("scheme", schema=None) as batch_op:
        for name in ("items", "staff", "examiners", "supervisors"):
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=False, server_default="[]"))
        for name in ("conditions", "methods", "question_sources", "notes"):
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("reject_reason", sa.Text(), nullable=True))

    _examiner_occupations_to_json()


def _examiner_occupations_to_json() -> None:
    """Examiner occupations were free text ("电工,焊工"); they become a JSON list of names."""
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, occupations FROM examiner")).all()
    for examiner_id, text in rows:
        names = [part for part in _LIST_SEPARATORS.split(text or "") if part]
        conn.execute(
            sa.text("UPDATE examiner SET occupations = :value WHERE id = :id"),
            {"value": json.dumps(names, ensure_ascii=False), "id": examiner_id},
        )


def downgrade() -> None:
    conn = op.get_bind()
    for examiner_id, text in conn.execute(sa.text("SELECT id, occupations FROM examiner")).all():
        try:
            names = json.loads(text or "[]")
        except ValueError:
            continue
        conn.execute(
            sa.text("UPDATE examiner SET occupations = :value WHERE id = :id"),
            {"value": ",".join(names), "id": examiner_id},
        )
    # Dropping columns rebuilds these tables: run this only with foreign keys off
    # (PRAGMA foreign_keys=OFF outside the transaction), or rebuilding `plan` empties candidate.
    with op.batch_alter_table("scheme", schema=None) as batch_op:
        for name in (
            "reject_reason",
            "notes",
            "supervisors",
            "examiners",
            "staff",
            "question_sources",
            "methods",
            "conditions",
            "items",
        ):
            batch_op.drop_column(name)

    with op.batch_alter_table("plan", schema=None) as batch_op:
        for name in (
            "registration_mode",
            "application_mode",
            "other_county",
            "dual_certificate",
            "submitted_on",
            "application_condition",
        ):
            batch_op.drop_column(name)

    with op.batch_alter_table("institution", schema=None) as batch_op:
        for name in ("filed_on", "website", "email", "short_name"):
            batch_op.drop_column(name)

    with op.batch_alter_table("exam_site", schema=None) as batch_op:
        for name in ("reviewed_at", "submitted_at", "auto_confirmed", "region"):
            batch_op.drop_column(name)

    with op.batch_alter_table("plan_examiner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_examiner_plan_id"))
    op.drop_table("plan_examiner")
    with op.batch_alter_table("exam_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exam_session_room_id"))
        batch_op.drop_index(batch_op.f("ix_exam_session_plan_id"))
    op.drop_table("exam_session")

    with op.batch_alter_table("exam_room", schema=None) as batch_op:
        batch_op.drop_constraint("uq_exam_room_site_id_number", type_="unique")
        for name in ("address", "contact_phone", "contact_name"):
            batch_op.drop_column(name)
