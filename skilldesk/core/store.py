"""The local SQLite store: opening it (WAL, foreign keys), migrating it safely, backing it up.

Opening checks the schema revision with one cheap query; Alembic is loaded only when the
database actually needs upgrading, and then only after a backup of any file holding data has
been taken (with or without a schema version). Opening reports its steps as progress.
A database written by a newer SkillDesk is refused, never opened.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from skilldesk.core.errors import UserFacingError
from skilldesk.core.progress import ProgressCallback, no_progress

DB_FILENAME = "skilldesk.db"
BACKUP_DIRNAME = "backups"
# Oldest first; the last is the head. A test keeps this in step with migrations/versions.
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005")
HEAD_REVISION = KNOWN_REVISIONS[-1]
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class StoreError(UserFacingError):
    """A store problem with a message (Chinese) the user can act on."""


class SchemaTooNew(StoreError):
    pass


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(db_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{db_path}")
    event.listen(engine, "connect", _configure_sqlite)
    return engine


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if not has_table:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def backup_database(db_path: Path, dest_dir: Path, reason: str) -> Path:
    """Copy the database consistently (SQLite's online backup) and return the copy's path."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = dest_dir / f"skilldesk-{stamp}-{reason}.db"
    source = sqlite3.connect(db_path)
    try:
        target = sqlite3.connect(dest)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    return dest


def _run_alembic_upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as conn:
        # Batch migrations rebuild tables (copy, drop, rename). With foreign keys on, dropping
        # the old table would cascade and delete every row that refers to it, so they are off
        # for the migration and the whole database is checked before anything is committed.
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    tables = "、".join(sorted({str(row[0]) for row in broken}))
                    raise StoreError(
                        f"数据升级后发现 {len(broken)} 处引用不一致（{tables}），升级已撤销，数据保持原样。"
                        "请把 backups 文件夹中最新的备份发给技术支持。"
                    )
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


class Store:
    """An open workspace database. Create sessions with `session()`."""

    def __init__(self, data_dir: Path, engine: Engine) -> None:
        self.data_dir = data_dir
        self.db_path = data_dir / DB_FILENAME
        self.engine = engine
        self.session_factory = sessionmaker(engine, expire_on_commit=False)

    def session(self) -> Session:
        return self.session_factory()

    def backup(self, reason: str = "manual") -> Path:
        return backup_database(self.db_path, self.data_dir / BACKUP_DIRNAME, reason)

    def close(self) -> None:
        self.engine.dispose()


# The steps of opening, as the window's start-up dialog shows them; total OPEN_STEPS.
OPENING = "正在打开数据…"
BACKING_UP = "正在备份数据…"
MIGRATING = "正在升级数据结构…"
OPEN_STEPS = 3


def open_store(data_dir: Path, progress: ProgressCallback = no_progress) -> Store:
    """Open (creating or upgrading as needed) the workspace database in `data_dir`.

    Reports each step it takes to `progress` (0 OPENING, 1 BACKING_UP, 2 MIGRATING), then
    (3, 3, "") when the store is ready; a step that is not needed is not reported.
    """
    progress(0, OPEN_STEPS, OPENING)
    data_dir.mkdir(parents=True, exist_ok=True)
    db_path = data_dir / DB_FILENAME
    existed = db_path.exists() and db_path.stat().st_size > 0
    engine = make_engine(db_path)
    try:
        revision = _revision_or_refuse(engine, db_path)
        if revision != HEAD_REVISION:
            if existed:
                progress(1, OPEN_STEPS, BACKING_UP)
                _backup_before_upgrade(db_path, revision)
            progress(2, OPEN_STEPS, MIGRATING)
            _run_alembic_upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    progress(OPEN_STEPS, OPEN_STEPS, "")
    return Store(data_dir, engine)


def _revision_or_refuse(engine: Engine, db_path: Path) -> str | None:
    """The file's schema revision (None: no schema yet); refuses a damaged or newer file."""
    try:
        revision = current_revision(engine)
    except Exception as exc:  # a file that is not a SQLite database, or is damaged
        raise StoreError(
            f"无法打开数据文件 {db_path}：文件已损坏或不是 SkillDesk 数据库（{exc.__class__.__name__}）。"
            "请从 backups 文件夹恢复备份，或换一个数据目录。"
        ) from exc
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise SchemaTooNew(
            f"数据文件 {db_path} 由更新版本的 SkillDesk 创建（结构版本 {revision}），"
            "本程序无法安全打开。请升级 SkillDesk 后再打开，数据未做任何改动。"
        )
    return revision


def _backup_before_upgrade(db_path: Path, revision: str | None) -> Path:
    # A non-empty file without alembic_version holds data all the same (an interrupted first
    # start, an old or foreign file): the upgrade writes into it, so it is copied first too.
    reason = f"before-upgrade-{revision or 'unversioned'}"
    return backup_database(db_path, db_path.parent / BACKUP_DIRNAME, reason)
