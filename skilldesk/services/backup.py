"""A whole workspace in one .zip, to keep on a USB drive or take to another PC, and back again.

The archive holds a consistent snapshot of the database (SQLite's online backup, so the window
may stay open), every stored photo, and a manifest. It is written beside its destination and
swapped in, so a cancelled or failed backup leaves nothing half-written. A restore goes only
into a folder without SkillDesk data, checks every photo against its SHA-256 name, and opens
the result (upgrading it if it came from an older SkillDesk) before it is put in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from skilldesk.core.errors import UserFacingError
from skilldesk.core.progress import CancelToken, ProgressCallback, no_progress
from skilldesk.core.store import DB_FILENAME, StoreError, backup_database, open_store
from skilldesk.files.safe_write import replace_atomically, why_not_saved
from skilldesk.services.workspace import Workspace

MANIFEST = "skilldesk-backup.json"
FORMAT = 1
PHOTOS = "photos"
_CHUNK = 1 << 20


class BackupError(UserFacingError):
    """A backup that cannot be made or restored; str() is one Chinese line saying why."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    photos: int
    size_bytes: int

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "photos": self.photos, "size_bytes": self.size_bytes}


def make_backup(
    workspace: Workspace,
    out: Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> BackupResult:
    """Write the workspace to `out` (.zip): database snapshot, stored photos, manifest."""
    cancel = cancel or CancelToken()
    out = Path(out)
    if out.resolve().is_relative_to(workspace.data_dir.resolve()):
        raise BackupError("请把备份保存到数据目录以外的地方（如 U 盘），否则备份会和数据一起丢失。")
    photos = sorted(p for p in workspace.photos_dir.glob("??/*.jpg") if p.is_file())
    with tempfile.TemporaryDirectory(prefix="skilldesk-backup-") as scratch:
        progress(0, len(photos) + 1, "正在复制数据库…")
        snapshot = backup_database(workspace.store.db_path, Path(scratch), "backup")

        def write(name: str) -> None:
            with zipfile.ZipFile(name, "w") as archive:
                archive.write(snapshot, DB_FILENAME, compress_type=zipfile.ZIP_DEFLATED)
                for done, photo in enumerate(photos, 1):
                    cancel.raise_if_cancelled()
                    relative = photo.relative_to(workspace.photos_dir).as_posix()
                    # JPEGs are compressed already: stored as they are.
                    archive.write(photo, f"{PHOTOS}/{relative}", compress_type=zipfile.ZIP_STORED)
                    progress(done, len(photos) + 1, "正在复制照片…")
                manifest = {
                    "format": FORMAT,
                    "app": "SkillDesk",
                    "created": dt.datetime.now().isoformat(timespec="seconds"),
                    "photos": len(photos),
                }
                archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))

        try:
            replace_atomically(out, write, suffix=".zip.tmp")
        except OSError as exc:
            raise BackupError(f"无法保存备份「{out.name}」：{why_not_saved(exc)}") from exc
    progress(len(photos) + 1, len(photos) + 1, "备份完成")
    return BackupResult(out, len(photos), out.stat().st_size)


@dataclass(frozen=True)
class RestoreResult:
    data_dir: Path
    photos: int
    created: str  # when the backup was made, as its manifest says

    def to_json(self) -> dict[str, Any]:
        return {"data_dir": str(self.data_dir), "photos": self.photos, "created": self.created}


def restore_backup(
    backup: Path,
    data_dir: Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> RestoreResult:
    """Unpack a backup into `data_dir`, which must not hold SkillDesk data yet."""
    cancel = cancel or CancelToken()
    backup, data_dir = Path(backup), Path(data_dir)
    if (data_dir / DB_FILENAME).exists():
        raise BackupError(
            f"「{data_dir}」里已有 SkillDesk 数据，恢复不会覆盖它。请换一个空文件夹，"
            "或先把这个文件夹改名保留。"
        )
    try:
        archive = zipfile.ZipFile(backup)
    except FileNotFoundError as exc:
        raise BackupError(f"找不到备份文件「{backup}」。") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"「{backup.name}」不是 SkillDesk 备份文件，或文件已损坏。") from exc
    with archive:
        manifest = _manifest(archive, backup.name)
        photos = _photo_entries(archive, backup.name)
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{data_dir.name}.restore-", dir=data_dir.parent))
        try:
            _extract(archive, photos, scratch, backup.name, progress, cancel)
            try:
                open_store(scratch).close()  # refuses a newer schema; upgrades an older one
            except StoreError as exc:
                raise BackupError(f"备份「{backup.name}」中的数据无法打开：{exc}") from exc
            _move_into(scratch, data_dir)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return RestoreResult(data_dir, len(photos), str(manifest.get("created", "")))


def _manifest(archive: zipfile.ZipFile, name: str) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
        archive.getinfo(DB_FILENAME)
    except (KeyError, ValueError) as exc:
        raise BackupError(f"「{name}」不是 SkillDesk 备份文件（缺少数据库或说明文件）。") from exc
    if not isinstance(manifest, dict) or manifest.get("app") != "SkillDesk":
        raise BackupError(f"「{name}」不是 SkillDesk 备份文件。")
    if not isinstance(manifest.get("format"), int) or manifest["format"] > FORMAT:
        raise BackupError(f"「{name}」由更新版本的 SkillDesk 制作，请升级后再恢复。")
    return manifest


def _photo_entries(archive: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    """The photo entries, each checked to be `photos/xx/<sha256>.jpg` and nothing else."""
    photos = []
    for info in archive.infolist():
        if info.filename in (MANIFEST, DB_FILENAME) or info.is_dir():
            continue
        parts = PurePosixPath(info.filename).parts
        digest = parts[-1].removesuffix(".jpg") if len(parts) == 3 else ""
        if (
            parts[0] != PHOTOS
            or len(digest) != 64
            or parts[1] != digest[:2]
            or not all(c in "0123456789abcdef" for c in digest)
        ):
            raise BackupError(
                f"备份「{name}」中有不该有的文件「{info.filename}」，未恢复任何数据。"
            )
        photos.append(info)
    return photos


def _extract(
    archive: zipfile.ZipFile,
    photos: list[zipfile.ZipInfo],
    scratch: Path,
    name: str,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> None:
    progress(0, len(photos) + 1, "正在恢复数据库…")
    try:
        with archive.open(DB_FILENAME) as source, open(scratch / DB_FILENAME, "wb") as target:
            shutil.copyfileobj(source, target, _CHUNK)
        for done, info in enumerate(photos, 1):
            cancel.raise_if_cancelled()
            content = archive.read(info)
            digest = PurePosixPath(info.filename).stem
            if hashlib.sha256(content).hexdigest() != digest:
                raise BackupError(f"备份「{name}」中的照片 {digest[:12]}… 已损坏，未恢复任何数据。")
            path = scratch / PHOTOS / digest[:2] / f"{digest}.jpg"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            progress(done, len(photos) + 1, "正在恢复照片…")
    except zipfile.BadZipFile as exc:
        raise BackupError(f"备份「{name}」已损坏（{exc}），未恢复任何数据。") from exc
    except OSError as exc:
        raise BackupError(f"恢复时无法写入：{why_not_saved(exc)}") from exc


def _move_into(scratch: Path, data_dir: Path) -> None:
    """Put the restored files in place: the folder itself if it is new, else its contents."""
    if not data_dir.exists():
        os.replace(scratch, data_dir)
        scratch.mkdir()  # for the caller's clean-up
        return
    entries = list(scratch.iterdir())
    taken = [entry.name for entry in entries if (data_dir / entry.name).exists()]
    if taken:
        raise BackupError(
            f"「{data_dir}」里已有「{'、'.join(taken)}」，恢复不会覆盖它们。请换一个空文件夹。"
        )
    for entry in entries:
        os.replace(entry, data_dir / entry.name)
