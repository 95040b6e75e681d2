"""Checking a folder or zip of candidates' photos, optionally against a roster; changes nothing.

Measuring is the slow part (every JPEG is decoded once). Large batches are measured by a pool
of worker processes that each open the folder or zip themselves and read their own files, so
only entry names go out and small facts come back; small batches stay in this process, where
starting the workers would cost more than it saves.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import signal
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skilldesk.core.findings import Finding, count_by_severity
from skilldesk.core.profiles import PhotoRules, Profile, load_profile
from skilldesk.core.progress import CancelToken, ProgressCallback, no_progress
from skilldesk.core.rules.photo_names import (
    PhotoName,
    RosterCandidate,
    match_roster,
    parse_photo_name,
    repeated_id_findings,
)
from skilldesk.core.rules.photos import PhotoFacts, check_photo, duplicate_findings, is_picture
from skilldesk.files.photo_probe import HEAD_BYTES, measure_photo
from skilldesk.files.photo_sources import (
    EntryReadError,
    PhotoEntry,
    PhotoReader,
    list_entries,
    open_reader,
)

if TYPE_CHECKING:
    from skilldesk.core.store import Store

READ_LIMIT = 32 * 1024 * 1024  # larger files are judged by their header and size alone
WORKERS = 2
PARALLEL_MIN_FILES = 300  # measured break-even (bench_photos, 2 CPUs): 200–400 files
CHUNK = 32  # files per task sent to a worker
_IN_FLIGHT = 4  # tasks queued per worker: enough to keep it busy, few enough to cancel fast


@dataclass(slots=True)
class PhotoFile:
    """One file as checked: what was measured, what its name says, whose it is, what is wrong."""

    entry: PhotoEntry  # where it is: open_reader(check.source).read(entry.key, limit)
    facts: PhotoFacts
    photo_name: PhotoName | None  # None for files that are not pictures, or unsafe entries
    candidate: RosterCandidate | None = None  # the roster row it belongs to, when matched
    findings: list[Finding] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.facts.name

    @property
    def size(self) -> int:
        return self.facts.size

    @property
    def width(self) -> int | None:
        return self.facts.width

    @property
    def height(self) -> int | None:
        return self.facts.height

    @property
    def sha256(self) -> str | None:
        return self.facts.sha256


@dataclass(slots=True)
class PhotoCheck:
    """The outcome of checking a folder or zip of photos."""

    source: Path
    profile: str
    files: list[PhotoFile]
    missing: list[Finding] = field(default_factory=list)  # PHOTO_MISSING, about candidates
    candidates: int | None = None  # roster size, when checked against one

    @property
    def findings(self) -> list[Finding]:
        return [f for photo in self.files for f in photo.findings] + self.missing

    def to_json(self) -> dict[str, Any]:
        findings = self.findings
        errors, warnings = count_by_severity(findings)
        data: dict[str, Any] = {"files": len(self.files), "errors": errors, "warnings": warnings}
        if self.candidates is not None:
            data["candidates"] = self.candidates
            data["matched"] = sum(1 for photo in self.files if photo.candidate is not None)
        data["findings"] = [f.to_json() for f in findings]
        return data


def check_photos(
    path: Path,
    *,
    profile: Profile | None = None,
    roster: Sequence[RosterCandidate] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
    today: dt.date | None = None,
) -> PhotoCheck:
    """Check every photo in a folder (subfolders included) or a .zip; raises PhotoSourceError.

    With a roster, photos are matched to candidates by the ID number in their names.
    `workers` forces the number of processes (1 = in this process); by default a pool is used
    for batches of PARALLEL_MIN_FILES or more.
    """
    profile = profile or load_profile()
    cancel = cancel or CancelToken()
    path = Path(path)
    progress(0, 0, "正在列出照片…")
    entries = list_entries(path)
    cancel.raise_if_cancelled()
    facts = list(measure_entries(path, entries, profile.photo, progress, cancel, workers))
    progress(len(entries), len(entries), "正在比对…")
    names = [parse_photo_name(f.name, today=today) if is_picture(f) else None for f in facts]
    files = [
        PhotoFile(entry, f, name, findings=check_photo(f, profile.photo, name=name))
        for entry, f, name in zip(entries, facts, names, strict=True)
    ]
    shown = [f.name for f in facts]
    for index, finding in duplicate_findings(facts).items():
        files[index].findings.append(finding)
    for index, finding in repeated_id_findings(names, shown).items():
        files[index].findings.append(finding)
    result = PhotoCheck(path, profile.name, files)
    if roster is not None:
        match = match_roster(names, shown, roster)
        for index, found in match.file_findings.items():
            files[index].findings.extend(found)
        for index, candidate in match.matched.items():
            files[index].candidate = candidate
        result.missing = match.missing
        result.candidates = len(roster)
    return result


def measure_entries(
    path: Path,
    entries: Sequence[PhotoEntry],
    rules: PhotoRules,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
) -> Iterator[PhotoFacts]:
    """Facts for each entry, in order, yielded as they come; raises Cancelled when asked to stop."""
    cancel = cancel or CancelToken()
    total = len(entries)
    if workers is None:
        workers = WORKERS if total >= PARALLEL_MIN_FILES else 1
    if workers <= 1:
        reader = open_reader(path)
        try:
            for done, entry in enumerate(entries, 1):
                cancel.raise_if_cancelled()
                yield measure_entry(reader, entry, rules)
                if done % CHUNK == 0 or done == total:
                    progress(done, total, "正在检查照片…")
        finally:
            reader.close()
        return
    yield from _measure_in_pool(path, entries, rules, progress, cancel, workers)


def _measure_in_pool(
    path: Path,
    entries: Sequence[PhotoEntry],
    rules: PhotoRules,
    progress: ProgressCallback,
    cancel: CancelToken,
    workers: int,
) -> Iterator[PhotoFacts]:
    # "spawn" everywhere: it is all Windows has, and forking a process that runs Qt threads
    # is unsafe; the workers import only the probe, not the application.
    context = multiprocessing.get_context("spawn")
    chunks = [list(entries[i : i + CHUNK]) for i in range(0, len(entries), CHUNK)]
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(str(path), rules)
    )
    pending: dict[int, Future[list[PhotoFacts]]] = {}
    done = submitted = emitted = 0
    try:
        while emitted < len(chunks):
            while submitted < len(chunks) and len(pending) < workers * _IN_FLIGHT:
                pending[submitted] = pool.submit(_measure_chunk, chunks[submitted])
                submitted += 1
            wait([pending[emitted]], timeout=0.1, return_when=FIRST_COMPLETED)
            cancel.raise_if_cancelled()
            while emitted in pending and pending[emitted].done():
                batch = pending.pop(emitted).result()
                emitted += 1
                done += len(batch)
                yield from batch
                progress(done, len(entries), "正在检查照片…")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_worker_reader: PhotoReader | None = None
_worker_rules: PhotoRules | None = None


def _start_worker(path: str, rules: PhotoRules) -> None:
    global _worker_reader, _worker_rules
    # Ctrl+C in a terminal reaches every process of the group: the parent stops the pool and
    # says so in one line; a worker printing its own traceback would only add noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_reader, _worker_rules = open_reader(Path(path)), rules


def _measure_chunk(entries: list[PhotoEntry]) -> list[PhotoFacts]:
    assert _worker_reader is not None and _worker_rules is not None
    return [measure_entry(_worker_reader, entry, _worker_rules) for entry in entries]


def measure_entry(reader: PhotoReader, entry: PhotoEntry, rules: PhotoRules) -> PhotoFacts:
    """Read one entry (only its head when huge) and measure it."""
    if entry.unsafe is not None:
        return PhotoFacts(entry.name, entry.size, unsafe=entry.unsafe)
    whole = entry.size <= READ_LIMIT
    try:
        data = reader.read(entry.key, READ_LIMIT + 1 if whole else HEAD_BYTES)
    except EntryReadError as error:
        return PhotoFacts(entry.name, entry.size, problem=error.problem)
    if whole and len(data) <= READ_LIMIT:
        return measure_photo(entry.name, data, rules)
    return measure_photo(entry.name, data[:HEAD_BYTES], rules, size=max(entry.size, len(data)))


def roster_candidates_from_file(
    path: Path, *, today: dt.date | None = None
) -> list[RosterCandidate]:
    """The candidates of a roster workbook, cleaned as `roster check` cleans them."""
    from skilldesk.core.rules.roster import check_roster
    from skilldesk.files.roster_reader import RosterReadError, read_roster

    today = today or dt.date.today()
    sheet = read_roster(Path(path))
    if "id_number" not in sheet.columns:
        raise RosterReadError(
            f"名单「{sheet.path.name}」中没有「证件号码」列，无法把照片与考生对应。请检查表头。"
        )
    check = check_roster(sheet.rows, reference_date=today, today=today)
    return [
        RosterCandidate(row.row, row.values.get("name") or "", row.values["id_number"])
        for row in check.rows
        if row.values.get("id_number")
    ]


def roster_candidates_from_plan(store: Store, plan_id: int) -> list[RosterCandidate]:
    """The candidates of a stored plan, numbered as the roster page shows them."""
    from sqlalchemy import select

    from skilldesk.core.models import Candidate

    with store.session() as session:
        rows = session.execute(
            select(Candidate.name, Candidate.id_number)
            .where(Candidate.plan_id == plan_id)
            .order_by(Candidate.id)
        ).all()
    return [RosterCandidate(i, name or "", number) for i, (name, number) in enumerate(rows, 1)]
