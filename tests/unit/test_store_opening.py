"""Opening the store in steps: a backup before any upgrade, and progress a window can show."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from skilldesk.core import store as store_module
from skilldesk.core.store import (
    BACKING_UP,
    HEAD_REVISION,
    MIGRATING,
    OPENING,
    open_store,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_a_database_without_a_schema_version_is_backed_up_before_it_is_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sqlite3.connect(tmp_path / "skilldesk.db") as conn:
        conn.execute("CREATE TABLE note (text TEXT)")
        conn.execute("INSERT INTO note VALUES ('机构自己的记录')")
    backups_during_upgrade: list[Path] = []

    def upgrade_that_records_backups(engine: Engine) -> None:
        backups_during_upgrade.extend(sorted((tmp_path / "backups").glob("*.db")))
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE alembic_version (version_num TEXT)"))
            conn.execute(text(f"INSERT INTO alembic_version VALUES ('{HEAD_REVISION}')"))

    monkeypatch.setattr(store_module, "_run_alembic_upgrade", upgrade_that_records_backups)
    open_store(tmp_path).close()

    assert len(backups_during_upgrade) == 1
    assert "before-upgrade-unversioned" in backups_during_upgrade[0].name
    with sqlite3.connect(backups_during_upgrade[0]) as conn:
        assert conn.execute("SELECT text FROM note").fetchall() == [("机构自己的记录",)]


def test_an_upgrade_reports_opening_backing_up_and_migrating_in_order(tmp_path: Path) -> None:
    (tmp_path / "skilldesk.db").write_bytes((FIXTURES / "skilldesk-0001.db").read_bytes())
    reported: list[tuple[int, int, str]] = []
    open_store(tmp_path, progress=lambda *step: reported.append(step)).close()
    assert reported == [(0, 3, OPENING), (1, 3, BACKING_UP), (2, 3, MIGRATING), (3, 3, "")]


def test_a_database_at_head_reports_only_opening(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    reported: list[tuple[int, int, str]] = []
    open_store(tmp_path, progress=lambda *step: reported.append(step)).close()
    assert reported == [(0, 3, OPENING), (3, 3, "")]
    assert not (tmp_path / "backups").exists()


def test_a_new_database_is_created_without_a_backup(tmp_path: Path) -> None:
    reported: list[tuple[int, int, str]] = []
    open_store(tmp_path / "new", progress=lambda *step: reported.append(step)).close()
    assert reported == [(0, 3, OPENING), (2, 3, MIGRATING), (3, 3, "")]
    assert not (tmp_path / "new" / "backups").exists()


def test_the_step_labels_are_the_ones_the_window_shows() -> None:
    assert (OPENING, BACKING_UP, MIGRATING) == (
        "正在打开数据…",
        "正在备份数据…",
        "正在升级数据结构…",
    )
