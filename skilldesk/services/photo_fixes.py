"""Fixing photos, never silently: renames applied only as confirmed and undoable, a renamed copy
of a zip, and compliant re-encoded copies in a new folder — the originals are never touched."""

from __future__ import annotations

import datetime as dt
import json
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from skilldesk.core.errors import UserFacingError
from skilldesk.core.profiles import Profile, load_profile
from skilldesk.core.progress import Cancelled, CancelToken, ProgressCallback, no_progress
from skilldesk.core.rules.photo_names import RosterCandidate
from skilldesk.core.rules.photo_rename import RenamePlan, RenameProposal, RenameRefusal
from skilldesk.core.rules.photo_rename import propose_renames as _propose
from skilldesk.files.photo_sources import (
    PhotoSourceError,
    list_entries,
    source_kind,
    unsafe_reason,
)
from skilldesk.services.photo_copies import CopyOutcome, CopyReport, make_compliant_copies
from skilldesk.services.photos import READ_LIMIT, PhotoCheck

__all__ = [
    "CopyOutcome",
    "CopyReport",
    "RenameResult",
    "RenamedZip",
    "UndoResult",
    "apply_renames",
    "make_compliant_copies",
    "plan_renames",
    "renamed_zip_path",
    "undo_file_for",
    "undo_renames",
    "write_renamed_zip",
]

UNDO_DIRNAME = "undo"
UNDO_FORMAT = "skilldesk-photo-renames"


class UndoFileError(UserFacingError):
    """An undo list that cannot be read or was used already."""


def plan_renames(
    check: PhotoCheck, roster: Sequence[RosterCandidate], profile: Profile | None = None
) -> RenamePlan:
    """What renaming the checked photos would do; changes nothing."""
    profile = profile or load_profile(check.profile)
    return _propose([photo.facts for photo in check.files], roster, profile.photo)


def undo_file_for(data_dir: Path, now: dt.datetime | None = None) -> Path:
    """A new undo list's path: <data_dir>/undo/photo-renames-<time>.json (outside the photo
    folder, so that it never ends up in an upload)."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    return data_dir / UNDO_DIRNAME / f"photo-renames-{stamp}.json"


@dataclass(slots=True)
class RenameResult:
    folder: Path
    undo_file: Path | None  # None when nothing was renamed
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old, new)
    refused: list[RenameRefusal] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "undo_file": str(self.undo_file) if self.undo_file else None,
            "renamed": [{"file": old, "new_file": new} for old, new in self.renamed],
            "refused": [r.to_json() for r in self.refused],
        }


def apply_renames(
    folder: Path,
    proposals: Sequence[RenameProposal],
    undo_file: Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> RenameResult:
    """Rename files in a folder as proposed, never over an existing file; write the undo list.

    The list is written before the first rename, so that even a crash leaves one that
    `undo_renames` can follow. Cancelling puts back what was renamed already.
    """
    cancel = cancel or CancelToken()
    folder = Path(folder)
    if source_kind(folder) != "folder":
        raise PhotoSourceError("压缩包里的文件不能直接改名：请另存一个改好名的压缩包。")
    result = RenameResult(folder, undo_file)
    pairs = [(p.file, p.new_file) for p in proposals]
    _write_undo(undo_file, folder, pairs, complete=False)
    try:
        for done, (old, new) in enumerate(pairs, 1):
            cancel.raise_if_cancelled()
            problem = _rename(folder, old, new)
            if problem is None:
                result.renamed.append((old, new))
            else:
                result.refused.append(RenameRefusal(old, problem))
            progress(done, len(pairs), "正在重命名…")
    except Cancelled:
        for old, new in reversed(result.renamed):
            _rename(folder, new, old)
        undo_file.unlink(missing_ok=True)
        raise
    if result.renamed:
        _write_undo(undo_file, folder, result.renamed, complete=True)
    else:
        undo_file.unlink(missing_ok=True)
        result.undo_file = None
    return result


@dataclass(slots=True)
class UndoResult:
    folder: Path
    restored: list[tuple[str, str]] = field(default_factory=list)  # (renamed, original)
    refused: list[RenameRefusal] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "restored": [{"file": new, "restored_as": old} for new, old in self.restored],
            "refused": [r.to_json() for r in self.refused],
        }


def undo_renames(
    undo_file: Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> UndoResult:
    """Give the files of an undo list their old names back (never over another file)."""
    cancel = cancel or CancelToken()
    data = read_undo_file(undo_file)
    folder = Path(data["folder"])
    if not folder.is_dir():
        raise UndoFileError(f"找不到照片文件夹「{folder}」，它可能已被移动或改名。")
    result = UndoResult(folder)
    pairs = [(entry["old"], entry["new"]) for entry in reversed(data["renames"])]
    try:
        for done, (old, new) in enumerate(pairs, 1):
            cancel.raise_if_cancelled()
            problem = _rename(folder, new, old)
            if problem is None:
                result.restored.append((new, old))
            else:
                result.refused.append(RenameRefusal(new, problem))
            progress(done, len(pairs), "正在恢复原文件名…")
    except Cancelled:
        for new, old in reversed(result.restored):
            _rename(folder, old, new)
        raise
    data["undone_at"] = dt.datetime.now().isoformat(timespec="seconds")
    _write_json(undo_file, data)
    return result


def read_undo_file(undo_file: Path) -> dict[str, Any]:
    """The undo list, checked: its format, that it was not used yet, that its paths stay inside."""
    try:
        data = json.loads(Path(undo_file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UndoFileError(f"无法读取撤销清单「{undo_file}」：文件不存在或已损坏。") from exc
    if not isinstance(data, dict) or data.get("format") != UNDO_FORMAT:
        raise UndoFileError(f"「{Path(undo_file).name}」不是 SkillDesk 的照片重命名撤销清单。")
    if data.get("undone_at"):
        raise UndoFileError(f"这份撤销清单已在 {data['undone_at']} 用过，文件名已恢复过一次。")
    renames = data.get("renames")
    if not isinstance(renames, list) or not all(
        isinstance(e, dict) and _safe(e.get("old")) and _safe(e.get("new")) for e in renames
    ):
        raise UndoFileError(f"撤销清单「{Path(undo_file).name}」内容有误，未做任何改动。")
    return data


def _safe(name: object) -> bool:
    return isinstance(name, str) and bool(name) and unsafe_reason(name) is None


def _write_undo(
    path: Path, folder: Path, pairs: Sequence[tuple[str, str]], *, complete: bool
) -> None:
    _write_json(
        path,
        {
            "format": UNDO_FORMAT,
            "version": 1,
            "folder": str(folder.resolve()),
            "created": dt.datetime.now().isoformat(timespec="seconds"),
            "complete": complete,
            "renames": [{"old": old, "new": new} for old, new in pairs],
        },
    )


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, path)


def _rename(folder: Path, old: str, new: str) -> str | None:
    """Rename inside `folder`; None when done, else why not (in Chinese)."""
    source, target = folder / old, folder / new
    if not os.path.lexists(source):
        return f"「{old}」已不存在（可能已被移走或改名）"
    if os.path.lexists(target):
        if not _same_file(source, target):
            return f"已有名为「{PurePosixPath(new).name}」的文件，未覆盖"
        # Only the letter case differs on a case-blind disk: go through a temporary name.
        step = source.with_name(f".{source.name}.renaming")
        os.rename(source, step)
        source = step
    try:
        os.rename(source, target)
    except OSError as exc:
        return f"无法改名：{exc.strerror or exc}"
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@dataclass(slots=True)
class RenamedZip:
    path: Path
    renamed: int = 0
    copied: int = 0
    skipped: list[RenameRefusal] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "zip": str(self.path),
            "renamed": self.renamed,
            "copied": self.copied,
            "skipped": [s.to_json() for s in self.skipped],
        }


def renamed_zip_path(source: Path) -> Path:
    """A free name beside the zip for its renamed copy: 照片-已改名.zip, 照片-已改名2.zip …"""
    for number in range(1, 1000):
        suffix = "" if number == 1 else str(number)
        path = source.with_name(f"{source.stem}-已改名{suffix}.zip")
        if not path.exists():
            return path
    raise PhotoSourceError(f"「{source.parent}」中已有太多改名副本，请先整理。")


def write_renamed_zip(
    source: Path,
    proposals: Sequence[RenameProposal],
    out: Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> RenamedZip:
    """A new zip holding every safe file of `source` under its proposed name; `source` is only read.

    Written to a temporary file and moved into place when complete; never over an existing file.
    """
    cancel = cancel or CancelToken()
    source, out = Path(source), Path(out)
    if source_kind(source) != "zip":
        raise PhotoSourceError("只有 .zip 压缩包需要另存改名副本；文件夹可以直接改名。")
    if out.exists():
        raise PhotoSourceError(f"「{out.name}」已存在，不会覆盖它。请换一个文件名。")
    new_names = {p.file: p.new_file for p in proposals}
    entries = list_entries(source)
    result = RenamedZip(out)
    temporary = out.with_name(f".{out.name}.part")
    try:
        with zipfile.ZipFile(source) as archive, zipfile.ZipFile(temporary, "w") as copy:
            infos = archive.infolist()
            for done, entry in enumerate(entries, 1):
                cancel.raise_if_cancelled()
                if entry.unsafe is not None:
                    result.skipped.append(RenameRefusal(entry.name, "不安全的路径，未复制"))
                    continue
                info = infos[int(entry.key)]
                try:
                    with archive.open(info) as handle:
                        content = handle.read(READ_LIMIT + 1)
                except Exception:  # encrypted, damaged or an unsupported method
                    result.skipped.append(RenameRefusal(entry.name, "无法读取，未复制"))
                    continue
                name = new_names.get(entry.name, entry.name)
                target = zipfile.ZipInfo(name, date_time=info.date_time)
                target.compress_type = info.compress_type
                copy.writestr(target, content)
                if name != entry.name:
                    result.renamed += 1
                else:
                    result.copied += 1
                if done % 32 == 0 or done == len(entries):
                    progress(done, len(entries), "正在写入改名后的压缩包…")
        cancel.raise_if_cancelled()
        if out.exists():
            raise PhotoSourceError(f"「{out.name}」已存在，不会覆盖它。请换一个文件名。")
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)
    return result
