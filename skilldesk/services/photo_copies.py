"""Compliant copies of a checked batch in a new folder: what can be fixed is re-encoded (and said
so), what needs nothing is copied as it is, what cannot be fixed is left out with the reason."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from skilldesk.core.findings import ERROR, Finding
from skilldesk.core.profiles import Profile, load_profile
from skilldesk.core.progress import CancelToken, ProgressCallback, no_progress
from skilldesk.core.rules.photo_rename import RenameProposal
from skilldesk.core.rules.photos import check_photo, is_picture
from skilldesk.files.photo_images import CannotFix, needs_downsizing, reencode_to_rules
from skilldesk.files.photo_probe import measure_photo
from skilldesk.files.photo_sources import EntryReadError, PhotoSourceError, open_reader
from skilldesk.services.photos import READ_LIMIT, PhotoCheck, PhotoFile

Status = Literal["reencoded", "copied", "failed", "skipped"]
STATUS_WORDS: dict[str, str] = {
    "reencoded": "已重新编码",
    "copied": "已原样复制",
    "failed": "无法修复",
    "skipped": "未处理",
}
# Problems a re-encoded copy removes (PHOTO_LANDSCAPE only when the EXIF orientation turns it).
REENCODE_CODES = frozenset(
    ("PHOTO_TOO_SMALL_BYTES", "PHOTO_TOO_LARGE_BYTES", "PHOTO_DIMENSIONS", "PHOTO_NOT_JPEG")
    + ("PHOTO_CMYK",)
)
# Problems no copy can remove: the file is left out.
BLOCKING_CODES = ("PHOTO_UNSAFE_PATH", "PHOTO_CORRUPT", "PHOTO_TOO_MANY_PIXELS", "PHOTO_DUPLICATE")


@dataclass(slots=True)
class CopyOutcome:
    """One file's outcome; `remaining` are the copy's own findings (checked again after writing)."""

    file: str
    status: Status
    new_file: str | None = None  # the copy's name in the output folder
    reason: str = ""  # why failed or skipped
    changes: tuple[str, ...] = ()  # what re-encoding did, in Chinese
    remaining: list[Finding] = field(default_factory=list)

    @property
    def status_text(self) -> str:
        return STATUS_WORDS[self.status]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"file": self.file, "status": self.status}
        data["status_text"] = self.status_text
        if self.new_file:
            data["new_file"] = self.new_file
        if self.reason:
            data["reason"] = self.reason
        if self.changes:
            data["changes"] = list(self.changes)
        if self.remaining:
            data["remaining"] = [f.to_json() for f in self.remaining]
        return data


@dataclass(slots=True)
class CopyReport:
    out_dir: Path
    outcomes: list[CopyOutcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def with_errors(self) -> int:
        """Copies written that still have an error (a name that could not be corrected)."""
        return sum(1 for o in self.outcomes if any(f.severity == ERROR for f in o.remaining))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"out": str(self.out_dir)}
        data.update({status: self.count(status) for status in STATUS_WORDS})  # type: ignore[arg-type]
        data["copies_with_errors"] = self.with_errors
        data["files"] = [o.to_json() for o in self.outcomes]
        return data


def make_compliant_copies(
    check: PhotoCheck,
    out_dir: Path,
    *,
    profile: Profile | None = None,
    renames: Sequence[RenameProposal] = (),
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> CopyReport:
    """Write a copy of every usable photo into `out_dir` (flat, as the platform takes them).

    Each copy is named 证件号码+姓名.jpg when known (a rename proposal, or the file's own clean
    name), else keeps its name with `.jpg`. Nothing is overwritten; each file is written to a
    temporary name and moved into place when complete, so cancelling leaves no partial file.
    """
    cancel = cancel or CancelToken()
    profile = profile or load_profile(check.profile)
    out_dir = Path(out_dir).resolve()
    source = Path(check.source).resolve()
    if out_dir == source or (source.is_dir() and source in out_dir.parents):
        raise PhotoSourceError("请选择照片文件夹以外的文件夹存放副本，原照片不会被改动。")
    out_dir.mkdir(parents=True, exist_ok=True)
    new_names = {p.file: PurePosixPath(p.new_file).stem + ".jpg" for p in renames}
    report = CopyReport(out_dir)
    written: set[str] = set()
    reader = open_reader(check.source)
    try:
        for done, photo in enumerate(check.files, 1):
            cancel.raise_if_cancelled()
            outcome = _copy_one(photo, reader, out_dir, profile, new_names, written)
            report.outcomes.append(outcome)
            progress(done, len(check.files), "正在生成合规副本…")
    finally:
        reader.close()
    return report


def _target_name(photo: PhotoFile, new_names: dict[str, str]) -> str:
    if photo.name in new_names:
        return new_names[photo.name]
    name = photo.photo_name
    if name is not None and name.code is None and name.id_number and name.person_name:
        return f"{name.id_number}{name.person_name}.jpg"
    return PurePosixPath(photo.name).stem + ".jpg"


def _copy_one(
    photo: PhotoFile,
    reader: Any,
    out_dir: Path,
    profile: Profile,
    new_names: dict[str, str],
    written: set[str],
) -> CopyOutcome:
    facts, rules = photo.facts, profile.photo
    if not is_picture(facts) or facts.unsafe is not None:
        return CopyOutcome(photo.name, "skipped", reason="不是照片文件")
    codes = {f.code: f for f in photo.findings}
    for code in BLOCKING_CODES:
        if code in codes:
            return CopyOutcome(photo.name, "failed", reason=codes[code].message)
    try:
        content = reader.read(photo.entry.key, READ_LIMIT + 1)
    except EntryReadError:
        return CopyOutcome(photo.name, "failed", reason="无法读取这个文件")
    if len(content) > READ_LIMIT:
        return CopyOutcome(photo.name, "failed", reason="文件过大（超过32MB），无法处理")
    needs = set(codes) & REENCODE_CODES
    if "PHOTO_LANDSCAPE" in codes and facts.orientation in (5, 6, 7, 8):
        needs.add("PHOTO_LANDSCAPE")
    if needs_downsizing(facts.size):
        needs.add("PHOTO_TOO_LARGE_BYTES")
    status: Status = "copied"
    changes: tuple[str, ...] = ()
    if needs:
        try:
            fixed = reencode_to_rules(content, rules)
        except CannotFix as why:
            return CopyOutcome(photo.name, "failed", reason=str(why))
        content, changes, status = fixed.data, fixed.changes, "reencoded"
    name = _target_name(photo, new_names)
    if name.casefold() in written or (out_dir / name).exists():
        reason = f"输出文件夹中已有「{name}」，未覆盖"
        return CopyOutcome(photo.name, "failed", reason=reason)
    _write_atomically(out_dir / name, content)
    written.add(name.casefold())
    remaining = check_photo(measure_photo(name, content, rules), rules)
    return CopyOutcome(photo.name, status, name, changes=changes, remaining=remaining)


def _write_atomically(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        temporary.write_bytes(content)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
