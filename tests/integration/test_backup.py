"""The workspace in one .zip and back: complete, never half-written, never over existing data."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from skilldesk.core.progress import Cancelled, CancelToken
from skilldesk.core.store import DB_FILENAME
from skilldesk.services.backup import BackupError, make_backup, restore_backup
from skilldesk.services.photo_store import photo_path, store_photo
from skilldesk.services.plans import list_plans
from skilldesk.services.sample_data import make_portrait_jpeg
from skilldesk.services.workspace import Workspace, open_workspace
from tests.helpers import run_cli
from tests.integration.store_setup import furnish

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def furnished(workspace: Workspace) -> tuple[Workspace, list[str]]:
    furnish(workspace.store)
    digests = [store_photo(workspace.photos_dir, make_portrait_jpeg(s))[0] for s in range(3)]
    (workspace.data_dir / "thumbnails").mkdir()
    (workspace.data_dir / "thumbnails" / "cache.jpg").write_bytes(b"a cache, not data")
    return workspace, digests


def test_a_backup_restores_every_plan_and_photo(
    furnished: tuple[Workspace, list[str]], tmp_path: Path
) -> None:
    workspace, digests = furnished
    out = tmp_path / "U盘" / "SkillDesk备份.zip"
    result = make_backup(workspace, out)
    assert result.photos == 3 and result.size_bytes == out.stat().st_size
    names = zipfile.ZipFile(out).namelist()
    assert DB_FILENAME in names and not any("thumbnails" in n for n in names)
    assert [p.name for p in out.parent.iterdir()] == ["SkillDesk备份.zip"]  # no scraps

    target = tmp_path / "新电脑" / "SkillDesk"
    restored = restore_backup(out, target)
    assert restored.photos == 3 and restored.data_dir == target
    again = open_workspace(target)
    try:
        assert [p.title for p in list_plans(again.store)] == ["电工（四级/中级工）"]
        for digest in digests:
            assert (
                photo_path(again.photos_dir, digest).read_bytes()
                == photo_path(workspace.photos_dir, digest).read_bytes()
            )
    finally:
        again.close()
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]  # scratch gone


def test_a_cancelled_backup_leaves_nothing(
    furnished: tuple[Workspace, list[str]], tmp_path: Path
) -> None:
    workspace, _digests = furnished
    token = CancelToken()

    def cancel_after_the_database(done: int, _total: int, _label: str) -> None:
        if done >= 1:
            token.cancel()

    with pytest.raises(Cancelled):
        make_backup(workspace, tmp_path / "b.zip", progress=cancel_after_the_database, cancel=token)
    assert list(tmp_path.glob("*b.zip*")) == []


def test_a_backup_is_not_kept_inside_the_data_it_backs_up(
    furnished: tuple[Workspace, list[str]],
) -> None:
    workspace, _digests = furnished
    with pytest.raises(BackupError, match="数据目录以外"):
        make_backup(workspace, workspace.data_dir / "备份.zip")


def test_restore_never_overwrites_data(
    furnished: tuple[Workspace, list[str]], tmp_path: Path
) -> None:
    workspace, _digests = furnished
    out = tmp_path / "b.zip"
    make_backup(workspace, out)
    before = (workspace.data_dir / DB_FILENAME).read_bytes()
    with pytest.raises(BackupError, match="已有 SkillDesk 数据"):
        restore_backup(out, workspace.data_dir)
    assert (workspace.data_dir / DB_FILENAME).read_bytes() == before
    occupied = tmp_path / "occupied"
    (occupied / "photos").mkdir(parents=True)
    with pytest.raises(BackupError, match="已有「photos」"):
        restore_backup(out, occupied)
    assert [p.name for p in occupied.iterdir()] == ["photos"]


def bad_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return path


MANIFEST = json.dumps({"format": 1, "app": "SkillDesk", "created": "2026-11-01T09:00:00"})


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"readme.txt": b"hello"}, "不是 SkillDesk 备份文件"),
        ({"skilldesk-backup.json": MANIFEST.replace('"format": 1', '"format": 9'),
          DB_FILENAME: b""}, "更新版本"),
        ({"skilldesk-backup.json": MANIFEST, DB_FILENAME: b"", "../evil.txt": b"x"}, "不该有的文件"),
        ({"skilldesk-backup.json": MANIFEST, DB_FILENAME: b"not a database"}, "无法打开"),
        ({"skilldesk-backup.json": MANIFEST, DB_FILENAME: b"",
          f"photos/ab/{'ab' * 32}.jpg": b"not the photo its name promises"}, "已损坏"),
    ],
)  # fmt: skip
def test_a_bad_backup_restores_nothing(
    tmp_path: Path, entries: dict[str, object], message: str
) -> None:
    archive = bad_zip(tmp_path / "bad.zip", {k: _bytes(v) for k, v in entries.items()})
    target = tmp_path / "target"
    with pytest.raises(BackupError, match=message):
        restore_backup(archive, target)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.zip"]  # no scratch folder left


def test_a_file_that_is_no_zip_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "备份.zip"
    fake.write_bytes(b"PK but not really")
    with pytest.raises(BackupError, match="不是 SkillDesk 备份文件，或文件已损坏"):
        restore_backup(fake, tmp_path / "target")


def test_a_backup_from_an_older_skilldesk_is_upgraded_on_restore(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shutil.copy(FIXTURES / "skilldesk-0001.db", old)
    archive = bad_zip(tmp_path / "old.zip", {"skilldesk-backup.json": MANIFEST.encode()})
    with zipfile.ZipFile(archive, "a") as add:
        add.write(old, DB_FILENAME)
    target = tmp_path / "restored"
    restore_backup(archive, target)
    assert list((target / "backups").glob("*before-upgrade-0001*.db"))
    restored = open_workspace(target)
    try:
        assert list_plans(restored.store)  # the fixture's plan, now on the current schema
    finally:
        restored.close()


def test_backup_and_restore_from_the_command_line(
    furnished: tuple[Workspace, list[str]], tmp_path: Path
) -> None:
    workspace, _digests = furnished
    out = tmp_path / "备份.zip"
    made = run_cli("backup", str(out), "--json", data_dir=workspace.data_dir)
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["photos"] == 3
    target = tmp_path / "restored"
    restored = run_cli("restore", str(out), data_dir=target)
    assert restored.returncode == 0 and "照片 3 张" in restored.stdout
    refused = run_cli("restore", str(out), data_dir=target)
    assert refused.returncode == 2 and "已有 SkillDesk 数据" in refused.stderr


def _bytes(value: object) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


def test_a_backup_restores_into_an_empty_folder_that_already_exists(
    furnished: tuple[Workspace, list[str]], tmp_path: Path
) -> None:
    workspace, digests = furnished
    out = tmp_path / "b.zip"
    make_backup(workspace, out)
    empty = tmp_path / "empty"
    empty.mkdir()
    restore_backup(out, empty)
    assert (empty / DB_FILENAME).exists()
    assert all(photo_path(empty / "photos", d).exists() for d in digests)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
