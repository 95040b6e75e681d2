"""The local store: creation, SQLite settings, migrations guarded by backups, refusals."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from skilldesk.core import store as store_module
from skilldesk.core.models import Candidate, Examiner, ExamRoom, ExamSite, Plan, Scheme
from skilldesk.core.store import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    SchemaTooNew,
    StoreError,
    open_store,
)
from tests.helpers import writing


def test_new_store_is_at_head_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
        )
    store.close()


def test_records_get_uuid_version_and_timestamps(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    with writing(store) as session:
        plan = Plan(occupation="电工", level=4)
        session.add(plan)
        session.flush()
        session.add(Candidate(plan_id=plan.id, name="张三", id_number="330822199012153420"))
    with store.session() as session:
        candidate = session.query(Candidate).one()
        assert len(candidate.uuid) == 36
        assert candidate.version == 1
        assert candidate.created_at is not None and candidate.updated_at is not None
    store.close()


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    with pytest.raises(Exception, match="FOREIGN KEY"), writing(store) as session:
        session.add(Candidate(plan_id=999, name="李四", id_number="110101199003077777"))
    store.close()


def test_deleting_a_plan_deletes_its_candidates(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    with writing(store) as session:
        plan = Plan(occupation="焊工", level=3)
        session.add(plan)
        session.flush()
        session.add(Candidate(plan_id=plan.id, name="王五", id_number="330102198001010011"))
    with writing(store) as session:
        session.delete(session.query(Plan).one())
    with store.session() as session:
        assert session.query(Candidate).count() == 0
    store.close()


def test_database_from_newer_program_is_refused_and_left_untouched(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    db = tmp_path / "skilldesk.db"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = db.read_bytes()
    with pytest.raises(SchemaTooNew, match="更新版本"):
        open_store(tmp_path)
    assert db.read_bytes() == before


def test_a_file_that_is_not_a_database_gets_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "skilldesk.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="无法打开数据文件"):
        open_store(tmp_path)


def test_upgrade_takes_a_backup_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(tmp_path)
    with writing(store) as session:
        session.add(Plan(occupation="电工", level=4))
    store.close()
    # Pretend this program knows a newer revision, so the file on disk needs an upgrade.
    monkeypatch.setattr(store_module, "KNOWN_REVISIONS", (*KNOWN_REVISIONS, "next"))
    monkeypatch.setattr(store_module, "HEAD_REVISION", "next")
    seen_backups: list[Path] = []

    def fake_upgrade(engine) -> None:
        seen_backups.extend((tmp_path / "backups").glob("*.db"))
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'next'"))

    monkeypatch.setattr(store_module, "_run_alembic_upgrade", fake_upgrade)
    open_store(tmp_path).close()
    assert len(seen_backups) == 1, "the backup must exist before the migration runs"
    with sqlite3.connect(seen_backups[0]) as conn:
        assert conn.execute("SELECT occupation FROM plan").fetchall() == [("电工",)]
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            HEAD_REVISION,
        )


def test_known_revisions_match_the_migration_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(store_module.MIGRATIONS_DIR))
    chain = [rev.revision for rev in scripts.walk_revisions()][::-1]
    assert tuple(chain) == KNOWN_REVISIONS


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from skilldesk.core.models import Base

    store = open_store(tmp_path)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.close()
    assert diff == [], "models changed without a migration: add one under core/migrations"


def test_old_fixture_database_opens_with_its_data(tmp_path: Path) -> None:
    fixture = Path(__file__).parents[1] / "fixtures" / "skilldesk-0001.db"
    (tmp_path / "skilldesk.db").write_bytes(fixture.read_bytes())
    store = open_store(tmp_path)
    with store.session() as session:
        names = sorted(c.name for c in session.query(Candidate))
    store.close()
    assert names == ["张三", "欧阳·娜娜"]


def test_backup_is_a_consistent_copy(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    with writing(store) as session:
        session.add(Plan(occupation="保育师", level=5))
    path = store.backup("manual")
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT occupation FROM plan").fetchone() == ("保育师",)


FIXTURES = Path(__file__).parents[1] / "fixtures"


def _fixture_workspace(tmp_path: Path, revision: str) -> Path:
    (tmp_path / "skilldesk.db").write_bytes((FIXTURES / f"skilldesk-{revision}.db").read_bytes())
    return tmp_path / "skilldesk.db"


def test_0001_fixture_upgrades_to_head_keeping_data_after_a_backup(tmp_path: Path) -> None:
    db = _fixture_workspace(tmp_path, "0001")
    # Records of the kinds 0002 reshapes, written as SkillDesk 0001 wrote them.
    stamp = "2026-11-01 08:00:00.000000"
    tracked = "version, created_at, updated_at"
    with sqlite3.connect(db) as conn:
        conn.execute(
            f"INSERT INTO exam_site (id, uuid, name, in_filing_region, status, contact_name, "
            f"contact_phone, address, {tracked}) VALUES (1, 's1', '老考点', 1, '通过', '周老师', "
            f"'13800000000', '示范路1号', 1, '{stamp}', '{stamp}')"
        )
        conn.execute(
            f"INSERT INTO exam_room (id, uuid, site_id, name, number, seats, kind, {tracked}) "
            f"VALUES (1, 'r1', 1, '3幢2层201', '001', 30, 'theory', 1, '{stamp}', '{stamp}')"
        )
        conn.execute(
            f"INSERT INTO examiner (id, uuid, name, grade, occupations, {tracked}) "
            f"VALUES (1, 'e1', '方建平', '高级考评员', '电工,焊工、 钳工', 1, '{stamp}', '{stamp}')"
        )
    conn.close()

    store = open_store(tmp_path)
    with store.session() as session:
        assert sorted(c.name for c in session.query(Candidate)) == ["张三", "欧阳·娜娜"]
        plan = session.query(Plan).one()
        assert (plan.occupation, plan.dual_certificate, plan.registration_mode) == (
            "电工",
            False,
            "个人实名制申报",
        )
        assert plan.sessions == [] and plan.submitted_on is None
        room = session.query(ExamRoom).one()
        assert (room.contact_name, room.contact_phone, room.address) == (
            "周老师",
            "13800000000",
            "示范路1号",
        )
        assert json.loads(session.query(Examiner).one().occupations) == ["电工", "焊工", "钳工"]
        assert session.query(ExamSite).one().auto_confirmed is False
        assert session.query(Scheme).count() == 0
    with store.engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == HEAD_REVISION
    store.close()
    backups = list((tmp_path / "backups").glob("*before-upgrade-0001*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT occupations FROM examiner").fetchone() == ("电工,焊工、 钳工",)


def test_upgraded_0001_fixture_matches_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from skilldesk.core.models import Base

    _fixture_workspace(tmp_path, "0001")
    store = open_store(tmp_path)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    store.close()
    assert diff == []


def test_0002_fixture_upgrades_to_head_with_its_data(tmp_path: Path) -> None:
    _fixture_workspace(tmp_path, "0002")
    store = open_store(tmp_path)
    with store.session() as session:
        plan = session.query(Plan).one()
        assert [(s.subject, s.room and s.room.number) for s in plan.sessions] == [
            ("theory", "001"),
            ("practical", "002"),
        ]
        assert sorted(link.examiner.name for link in plan.examiner_links) == [
            "方建平",
            "毛丽华",
            "郑国强",
        ]
        assert [c.name for c in plan.candidates] == ["张三"]
        assert session.query(ExamSite).filter_by(status="不通过").one().reject_reason
        # 0003 dropped the per-candidate counts for the derived roster summary.
        columns = {row[1] for row in session.execute(text("PRAGMA table_info(candidate)"))}
        assert "error_count" not in columns and "warning_count" not in columns
    store.close()
    backups = list((tmp_path / "backups").glob("*before-upgrade-0002*.db"))
    assert len(backups) == 1


def test_deleting_a_room_keeps_the_session_without_it(tmp_path: Path) -> None:
    _fixture_workspace(tmp_path, "0002")
    store = open_store(tmp_path)
    with writing(store) as session:
        session.delete(session.get(ExamRoom, 2))
    with store.session() as session:
        sessions = session.query(Plan).one().sessions
        assert [(s.subject, s.room_id) for s in sessions] == [("theory", 1), ("practical", None)]
    store.close()


def test_a_table_rebuilding_migration_keeps_rows_that_refer_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch rebuild of `plan` must not cascade-delete its candidates (foreign keys off)."""
    import shutil

    migrations = tmp_path / "migrations"
    shutil.copytree(store_module.MIGRATIONS_DIR, migrations)
    (migrations / "versions" / "9001_rebuild_plan.py").write_text(
        "import sqlalchemy as sa\n"
        "from alembic import op\n"
        "revision = '9001'\n"
        f"down_revision = {HEAD_REVISION!r}\n"
        "branch_labels = None\n"
        "depends_on = None\n"
        "def upgrade():\n"
        "    with op.batch_alter_table('plan', recreate='always') as batch:\n"
        "        batch.add_column(sa.Column('note', sa.Text(), nullable=True))\n"
        "def downgrade():\n"
        "    pass\n",
        encoding="utf-8",
    )
    data_dir = tmp_path / "ws"
    store = open_store(data_dir)
    with writing(store) as session:
        plan = Plan(occupation="电工", level=4)
        session.add(plan)
        session.flush()
        session.add(Candidate(plan_id=plan.id, name="张三", id_number="330822199012153426"))
    store.close()
    monkeypatch.setattr(store_module, "MIGRATIONS_DIR", migrations)
    monkeypatch.setattr(store_module, "KNOWN_REVISIONS", (*KNOWN_REVISIONS, "9001"))
    monkeypatch.setattr(store_module, "HEAD_REVISION", "9001")
    store = open_store(data_dir)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM candidate")).fetchall() == [("张三",)]
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    store.close()
