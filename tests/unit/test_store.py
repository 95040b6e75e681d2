"""The local store: creation, SQLite settings, migrations guarded by backups, refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from skilldesk.core import store as store_module
from skilldesk.core.models import Candidate, Plan
from skilldesk.core.store import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    SchemaTooNew,
    StoreError,
    open_store,
)


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
    with store.transaction() as session:
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
    with pytest.raises(Exception, match="FOREIGN KEY"), store.transaction() as session:
        session.add(Candidate(plan_id=999, name="李四", id_number="110101199003077777"))
    store.close()


def test_deleting_a_plan_deletes_its_candidates(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    with store.transaction() as session:
        plan = Plan(occupation="焊工", level=3)
        session.add(plan)
        session.flush()
        session.add(Candidate(plan_id=plan.id, name="王五", id_number="330102198001010011"))
    with store.transaction() as session:
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
    with store.transaction() as session:
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
    with store.transaction() as session:
        session.add(Plan(occupation="保育师", level=5))
    path = store.backup("manual")
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT occupation FROM plan").fetchone() == ("保育师",)
