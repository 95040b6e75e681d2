"""Candidates' photos kept in the workspace: importing checked photos into a plan (stored once,
content-addressed by SHA-256, one current photo per candidate), listing a plan's photos, and
cached thumbnails."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from skilldesk.core.findings import ERROR
from skilldesk.core.models import Attachment, Candidate, Plan
from skilldesk.core.progress import CancelToken, ProgressCallback, no_progress
from skilldesk.core.rules.identity import normalize_id_number
from skilldesk.core.rules.photo_names import RosterCandidate, match_roster
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.files.photo_sources import EntryReadError, PhotoReader, open_reader
from skilldesk.services.photos import READ_LIMIT, PhotoCheck, PhotoFile

PHOTO_KIND = "photo"
THUMBNAILS_DIRNAME = "thumbnails"
# A thumbnail of a photo no plan holds (one only seen in a checked folder) goes after this long
# unseen; those of stored photos stay.
THUMBNAIL_KEEP_DAYS = 60
_DAY_SECONDS = 86400
_ROSTER_CODES = frozenset(("PHOTO_NO_CANDIDATE", "PHOTO_NAME_MISMATCH"))


def store_photo(photos_dir: Path, content: bytes) -> tuple[str, Path]:
    """Keep a photo once, named by its SHA-256; returns (digest, path)."""
    digest = hashlib.sha256(content).hexdigest()
    path = photo_path(photos_dir, digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{digest}.{os.getpid()}.{threading.get_ident()}.part")
        temporary.write_bytes(content)
        os.replace(temporary, path)
    return digest, path


def photo_path(photos_dir: Path, sha256: str) -> Path:
    """Where the stored photo with this digest lives: photos/ab/<sha256>.jpg."""
    return photos_dir / sha256[:2] / f"{sha256}.jpg"


# -- a plan's photos ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanPhoto:
    """A candidate of a plan, with their current stored photo if any (`sha256` None: none)."""

    candidate_id: int
    row: int  # as the roster page numbers the plan's candidates
    name: str
    id_number: str
    gender: str | None
    birth_date: str | None
    education: str | None
    employer: str | None
    phone: str | None
    sha256: str | None = None
    filename: str | None = None
    size: int | None = None

    @property
    def roster_candidate(self) -> RosterCandidate:
        return RosterCandidate(self.row, self.name, self.id_number)


def list_plan_photos(store: Store, plan_id: int) -> list[PlanPhoto]:
    """Every candidate of the plan in roster order, with the photo stored for each."""
    with store.session() as session:
        if session.get(Plan, plan_id) is None:
            raise LookupError(f"找不到评价计划 {plan_id}。")
        rows = session.execute(
            select(
                Candidate.id,
                Candidate.name,
                Candidate.id_number,
                Candidate.gender,
                Candidate.birth_date,
                Candidate.education,
                Candidate.employer,
                Candidate.phone,
                Attachment.sha256,
                Attachment.filename,
                Attachment.size,
            )
            .outerjoin(
                Attachment,
                (Attachment.candidate_id == Candidate.id) & (Attachment.kind == PHOTO_KIND),
            )
            .where(Candidate.plan_id == plan_id)
            .order_by(Candidate.id, Attachment.id.desc())
        ).all()
    result: list[PlanPhoto] = []
    seen: set[int] = set()
    for row in rows:
        if row[0] in seen:
            continue  # an older second photo link: the newest counts
        seen.add(row[0])
        result.append(PlanPhoto(row[0], len(result) + 1, row[1] or "", *row[2:]))
    return result


def match_to_roster(check: PhotoCheck, roster: Sequence[RosterCandidate] | None) -> PhotoCheck:
    """The same checked photos matched to another roster (a plan chosen or edited); no I/O."""
    files = [
        replace(
            photo,
            candidate=None,
            findings=[f for f in photo.findings if f.code not in _ROSTER_CODES],
        )
        for photo in check.files
    ]
    result = PhotoCheck(check.source, check.profile, files)
    if roster is None:
        return result
    names = [photo.photo_name for photo in files]
    match = match_roster(names, [photo.name for photo in files], roster)
    for index, found in match.file_findings.items():
        files[index].findings.extend(found)
    for index, candidate in match.matched.items():
        files[index].candidate = candidate
    result.missing = match.missing
    result.candidates = len(roster)
    return result


# -- import ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportRefusal:
    file: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"file": self.file, "reason": self.reason}


@dataclass(slots=True)
class PhotoImport:
    """What importing a checked batch into a plan did."""

    plan_id: int
    imported: list[str] = field(default_factory=list)  # files linked to a candidate with none
    replaced: list[str] = field(default_factory=list)  # files that took another photo's place
    unchanged: list[str] = field(default_factory=list)  # already the candidate's photo
    refused: list[ImportRefusal] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.imported or self.replaced)

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan_id,
            "imported": len(self.imported),
            "replaced": len(self.replaced),
            "unchanged": len(self.unchanged),
            "refused": [r.to_json() for r in self.refused],
        }


def import_photos(
    store: Store,
    photos_dir: Path,
    check: PhotoCheck,
    plan_id: int,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> PhotoImport:
    """Link every accepted photo of `check` to its candidate in the plan, in one transaction.

    Accepted: no error findings, matched to a candidate who is (still) on the plan, and the
    file unchanged since it was checked. Files are stored first (content-addressed, so a
    cancelled or repeated import leaves at most unused copies, never a wrong link); then the
    links are written together or not at all.
    """
    cancel = cancel or CancelToken()
    result = PhotoImport(plan_id)
    # A first look at the roster decides which files to read; the files are read, hashed and
    # stored before the write transaction opens, so the write lock is held only for the links.
    with store.session() as session:
        by_number = _candidates_by_number(session, plan_id)
    accepted: list[tuple[str, PhotoFile, int]] = []
    for photo in check.files:
        reason = _refusal(photo, by_number)
        if reason is not None:
            result.refused.append(ImportRefusal(photo.name, reason))
        else:
            assert photo.candidate is not None
            number = normalize_id_number(photo.candidate.id_number)
            accepted.append((photo.name, photo, by_number[number]))
    links: dict[int, PhotoLink] = {}  # candidate id (at the first look) → the photo for them
    reader = open_reader(check.source)
    try:
        for done, (name, photo, candidate_id) in enumerate(accepted, 1):
            cancel.raise_if_cancelled()
            try:
                content = reader.read(photo.entry.key, READ_LIMIT + 1)
            except EntryReadError:
                result.refused.append(ImportRefusal(name, "检查后无法再读取这个文件"))
                continue
            digest = hashlib.sha256(content).hexdigest()
            if digest != photo.sha256:
                reason = "文件在检查之后被修改过，请重新检查后再导入"
                result.refused.append(ImportRefusal(name, reason))
                continue
            if candidate_id in links:
                reason = f"与「{links[candidate_id].name}」是同一位考生的照片，只导入了前一张"
                result.refused.append(ImportRefusal(name, reason))
                continue
            store_photo(photos_dir, content)
            assert photo.candidate is not None
            number = normalize_id_number(photo.candidate.id_number)
            links[candidate_id] = PhotoLink(
                name, number, photo.candidate.name, digest, len(content)
            )
            if done % 32 == 0 or done == len(accepted):
                progress(done, len(accepted), "正在保存照片…")
    finally:
        reader.close()
    cancel.raise_if_cancelled()
    progress(len(accepted), len(accepted), "正在写入…")
    with unit_of_work(store) as uow:
        write_photo_links(uow.session, plan_id, list(links.values()), result)
        cancel.raise_if_cancelled()
    return result


@dataclass(frozen=True)
class PhotoLink:
    """A stored photo file to link: its name in the source, whose it is, and its content."""

    name: str
    id_number: str  # normalised
    candidate_name: str
    sha256: str
    size: int


def write_photo_links(
    session: Session, plan_id: int, links: Sequence[PhotoLink], result: PhotoImport
) -> None:
    """Link each photo to its candidate as the plan stands in `session`'s transaction: re-read
    here, so a candidate removed or re-photographed since the first look is judged as it is now."""
    by_number = _candidates_by_number(session, plan_id)
    current: dict[int, list[tuple[int, str]]] = {}
    for attachment_id, candidate_id, sha in session.execute(
        select(Attachment.id, Attachment.candidate_id, Attachment.sha256)
        .join(Candidate, Candidate.id == Attachment.candidate_id)
        .where(Candidate.plan_id == plan_id, Attachment.kind == PHOTO_KIND)
        .order_by(Attachment.id.desc())
    ):
        current.setdefault(candidate_id, []).append((attachment_id, sha))
    for link in links:
        owner = by_number.get(link.id_number)
        if owner is None:
            reason = f"考生“{link.candidate_name}”已不在本计划名单中"
            result.refused.append(ImportRefusal(link.name, reason))
            continue
        filename = PurePosixPath(link.name).name
        existing = current.get(owner, [])
        if existing and existing[0][1] == link.sha256:
            result.unchanged.append(link.name)
        elif existing:
            photo = session.get_one(Attachment, existing[0][0])
            photo.sha256, photo.size, photo.filename = link.sha256, link.size, filename
            result.replaced.append(link.name)
        else:
            session.add(
                Attachment(
                    candidate_id=owner,
                    kind=PHOTO_KIND,
                    filename=filename,
                    sha256=link.sha256,
                    size=link.size,
                )
            )
            result.imported.append(link.name)
        for attachment_id, _sha in existing[1:]:  # one current photo per candidate
            session.delete(session.get_one(Attachment, attachment_id))


def _candidates_by_number(session: Session, plan_id: int) -> dict[str, int]:
    """The plan's candidate ids by normalised ID number; LookupError when the plan is gone."""
    if session.get(Plan, plan_id) is None:
        raise LookupError(f"找不到评价计划 {plan_id}。")
    query = select(Candidate.id_number, Candidate.id).where(Candidate.plan_id == plan_id)
    return {normalize_id_number(number): cid for number, cid in session.execute(query)}


def _refusal(photo: PhotoFile, by_number: dict[str, int]) -> str | None:
    errors = [f for f in photo.findings if f.severity == ERROR]
    if errors:
        return errors[0].message + (f"（另有{len(errors) - 1}个错误）" if len(errors) > 1 else "")
    if photo.candidate is None:
        return "没有对应到本计划名单中的考生"
    if normalize_id_number(photo.candidate.id_number) not in by_number:
        return f"考生“{photo.candidate.name}”已不在本计划名单中"
    if photo.sha256 is None:
        return "文件没有完整读取，无法导入"
    return None


# -- thumbnails --------------------------------------------------------------------------------


def thumbnails_dir(data_dir: Path) -> Path:
    return data_dir / THUMBNAILS_DIRNAME


def thumbnail_path(data_dir: Path, sha256: str, size: int) -> Path:
    """The cached thumbnail: <data_dir>/thumbnails/<sha256>-<size>.jpg."""
    return thumbnails_dir(data_dir) / f"{sha256}-{size}.jpg"


def cached_thumbnail(
    data_dir: Path, sha256: str, size: int, read_content: Callable[[], bytes]
) -> Any:
    """The thumbnail (a Pillow RGB image) from the cache, or made from the photo and cached.

    Raises what reading or decoding the photo raises; a broken cache file is remade.
    """
    from skilldesk.files.photo_images import make_thumbnail, thumbnail_jpeg

    path = thumbnail_path(data_dir, sha256, size)
    if path.exists():
        try:
            image = make_thumbnail(path.read_bytes(), size)
        except Exception:  # a cache file cut short by a crash: make it again
            pass
        else:
            _mark_used(path)
            return image
    image = make_thumbnail(read_content(), size)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        temporary.write_bytes(thumbnail_jpeg(image))
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a read-only data dir still shows thumbnails
    return image


def _mark_used(path: Path) -> None:
    """Keep a thumbnail that is still being looked at from being pruned (once a day is enough)."""
    try:
        if time.time() - path.stat().st_mtime > _DAY_SECONDS:
            os.utime(path)
    except OSError:
        pass  # a read-only data dir


def prune_thumbnails(
    store: Store, data_dir: Path, *, keep_days: int = THUMBNAIL_KEEP_DAYS, now: float | None = None
) -> int:
    """Delete cached thumbnails of photos no plan holds that nobody has looked at for `keep_days`,
    and day-old scraps of writes cut short; returns how many files went. Photos are never touched.
    """
    folder = thumbnails_dir(data_dir)
    if not folder.is_dir():
        return 0
    with store.session() as session:
        stored = set(session.scalars(select(Attachment.sha256).distinct()))
    now = time.time() if now is None else now
    removed = 0
    for path in folder.iterdir():
        if path.name.endswith(".part"):
            age_limit = _DAY_SECONDS
        elif path.suffix == ".jpg" and path.name.split("-", 1)[0] not in stored:
            age_limit = keep_days * _DAY_SECONDS
        else:
            continue
        try:
            if now - path.stat().st_mtime > age_limit:
                path.unlink()
                removed += 1
        except OSError:
            continue  # gone already, or not ours to delete
    return removed


def source_thumbnails(
    data_dir: Path,
    source: Path,
    wanted: Sequence[tuple[str | int, str]],
    size: int,
    cancel: CancelToken | None = None,
) -> Iterator[tuple[str, Any]]:
    """(sha256, image or None) for each (entry key, sha256) of a checked folder or zip."""
    cancel = cancel or CancelToken()
    opened: list[PhotoReader] = []  # the source is opened only when a thumbnail is not cached

    def reader() -> PhotoReader:
        if not opened:
            opened.append(open_reader(source))
        return opened[0]

    try:
        for key, sha in wanted:
            cancel.raise_if_cancelled()
            try:
                image = cached_thumbnail(data_dir, sha, size, partial(_read_entry, reader, key))
            except Exception:  # an unreadable picture shows a placeholder
                image = None
            yield sha, image
    finally:
        for each in opened:
            each.close()


def _read_entry(reader: Callable[[], PhotoReader], key: str | int) -> bytes:
    return reader().read(key, READ_LIMIT)
