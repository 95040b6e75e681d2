"""One unit of work for every write: one transaction that reads, decides and writes, in turn.

    with unit_of_work(store) as uow:
        site = uow.get(ExamSite, site_id, expected_version=form.version)
        site.name = form.name
    uow.changes  # ChangeSet(sites=frozenset({site_id}))

Inside, the workspace's write lock is held (the window and every command-line process take
turns), the session reads and writes in one transaction, and on the way out:
- every record the ORM updated has had its `version` raised (Tracked's version counter) and
  `updated_at` set; a plan whose sessions or examiners changed, and a candidate whose photo or
  attachments changed, count as changed themselves (they travel as one document to the service);
- derived data is rebuilt for what changed (the roster summaries, core/roster_summary.py);
- the ChangeSet — built from the rows actually written, never by hand — is stored in the
  change log in the same transaction (the sync outbox will be written at the same point),
  and after the commit handed to every `collect_changes()` open on this thread.
A unit of work opened inside another on the same thread joins it. Bulk writes (core/bulk.py)
report their rows with `note_rows`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete, event, func, inspect, select
from sqlalchemy.orm import Session

from skilldesk.core.changes import NO_CHANGES, ChangeSet
from skilldesk.core.errors import UserFacingError
from skilldesk.core.models import (
    Attachment,
    Candidate,
    CertifiedScope,
    ChangeLogEntry,
    Examiner,
    ExamRoom,
    ExamSession,
    ExamSite,
    HolidayYear,
    Institution,
    Plan,
    PlanExaminer,
    RosterSummary,
    Scheme,
    Tracked,
    bump_versions,
    utc_now,
)
from skilldesk.core.roster_summary import rebuild_summaries
from skilldesk.core.store import Store
from skilldesk.core.write_lock import WriteLock, writer_identity

T = TypeVar("T", bound=Tracked)

CHANGE_LOG_DAYS = 30

_local = threading.local()
_locks: dict[Path, WriteLock] = {}
_locks_guard = threading.Lock()


class StaleRecord(UserFacingError):
    """The record changed since the user's copy was read; saving would overwrite that change."""


class RecordMissing(UserFacingError, LookupError):
    """The record the user acted on is no longer there."""


def record_label(record: Tracked) -> str:
    """The record as a user would name it, for messages."""
    if isinstance(record, Plan):
        return f"评价计划「{record.title}」"
    if isinstance(record, Candidate):
        return f"考生「{record.name}」"
    if isinstance(record, ExamSite):
        return f"考点「{record.name}」"
    if isinstance(record, ExamRoom):
        return f"考场「{record.name}」"
    if isinstance(record, Examiner):
        return f"考评员「{record.name}」"
    if isinstance(record, Scheme):
        return f"{record.year} 年度实施方案"
    if isinstance(record, Institution):
        return "机构信息"
    if isinstance(record, CertifiedScope):
        return f"认定范围「{record.occupation}」"
    if isinstance(record, ExamSession):
        return "考试场次"
    return "这条记录"


_KIND_NAMES: dict[type[Tracked], str] = {
    Plan: "评价计划",
    Candidate: "考生",
    ExamSite: "考点",
    ExamRoom: "考场",
    Examiner: "考评员",
    Scheme: "实施方案",
    Institution: "机构信息",
    CertifiedScope: "认定范围",
    ExamSession: "考试场次",
    Attachment: "附件",
    PlanExaminer: "计划考评员",
}


def write_lock_for(store: Store) -> WriteLock:
    key = store.data_dir.resolve()
    with _locks_guard:
        lock = _locks.get(key)
        if lock is None:
            lock = _locks[key] = WriteLock(key)
        return lock


@dataclass
class _Touched:
    plans: set[int] = field(default_factory=set)
    plans_removed: set[int] = field(default_factory=set)
    candidates: dict[int, set[int]] = field(default_factory=dict)
    photos: dict[int, set[int]] = field(default_factory=dict)
    sites: set[int] = field(default_factory=set)
    rooms: set[int] = field(default_factory=set)
    examiners: set[int] = field(default_factory=set)
    schemes: set[int] = field(default_factory=set)
    institution: bool = False
    scope: bool = False
    calendar: set[int] = field(default_factory=set)
    exam_dates_changed: set[int] = field(default_factory=set)

    def change_set(self) -> ChangeSet:
        return ChangeSet(
            plans=frozenset(self.plans - self.plans_removed),
            plans_removed=frozenset(self.plans_removed),
            candidates={
                k: frozenset(v) for k, v in self.candidates.items() if k not in self.plans_removed
            },
            photos={k: frozenset(v) for k, v in self.photos.items() if k not in self.plans_removed},
            sites=frozenset(self.sites),
            rooms=frozenset(self.rooms),
            examiners=frozenset(self.examiners),
            schemes=frozenset(self.schemes),
            institution=self.institution,
            scope=self.scope,
            calendar=frozenset(self.calendar),
        )


class UnitOfWork:
    """The open transaction of one write. Use `session` as any SQLAlchemy session."""

    def __init__(self, store: Store, session: Session, today: dt.date) -> None:
        self.store = store
        self.session = session
        self.today = today
        self.changes: ChangeSet = NO_CHANGES  # filled in when the work is committed
        self._touched = _Touched()
        self._pending: list[tuple[Tracked, str, int | None]] = []  # (record, op, plan id)
        session.info["unit_of_work"] = self
        event.listen(session, "before_flush", self._before_flush)
        event.listen(session, "after_flush", self._after_flush)

    # -- for use cases ------------------------------------------------------------------------

    def get(self, model: type[T], record_id: int, *, expected_version: int | None = None) -> T:
        """The record, or RecordMissing; StaleRecord if it is no longer at `expected_version`."""
        record = self.session.get(model, record_id)
        if record is None:
            kind = _KIND_NAMES.get(model, "记录")
            raise RecordMissing(f"找不到该{kind}（编号 {record_id}），它可能已被删除。")
        self.expect(record, expected_version)
        return record

    def expect(self, record: Tracked, expected_version: int | None) -> None:
        """Refuse to go on if the record is not at the version the user's copy was read at."""
        if expected_version is not None and record.version != expected_version:
            raise StaleRecord(
                f"{record_label(record)}在你打开之后已被修改（你看到的是第 {expected_version} 版，"
                f"现在是第 {record.version} 版），你的修改未保存。请重新打开后再改。"
            )

    def note_rows(self, table: str, ids: Iterable[int]) -> None:
        """Rows a bulk statement wrote (inserted, updated), by table name."""
        ids = list(ids)
        if not ids:
            return
        if table == Candidate.__tablename__:
            for plan_id, candidate_id in self.session.execute(
                select(Candidate.plan_id, Candidate.id).where(Candidate.id.in_(ids))
            ):
                self._touched.candidates.setdefault(plan_id, set()).add(candidate_id)
        elif table == Attachment.__tablename__:
            for plan_id, candidate_id in self.session.execute(
                select(Candidate.plan_id, Candidate.id)
                .join(Attachment, Attachment.candidate_id == Candidate.id)
                .where(Attachment.id.in_(ids))
            ):
                self._touched.photos.setdefault(plan_id, set()).add(candidate_id)
        else:
            raise ValueError(f"bulk writes to {table} are not tracked")

    # -- session events -----------------------------------------------------------------------

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        with session.no_autoflush:
            bump_versions(session)
            for record in list(session.new):
                if isinstance(record, Tracked):
                    self._pending.append((record, "new", self._plan_of(record)))
            for record in list(session.dirty):
                if isinstance(record, Tracked) and session.is_modified(record):
                    self._pending.append((record, "dirty", self._plan_of(record)))
                    if isinstance(record, Plan):
                        history = inspect(record).attrs.evaluation_date.history
                        if history.has_changes():
                            self._touched.exam_dates_changed.add(record.id)
                    if isinstance(record, Candidate):
                        # A candidate moved to another plan changes the roster it left too.
                        for left in inspect(record).attrs.plan_id.history.deleted:
                            if left is not None:
                                self._touched.candidates.setdefault(left, set()).add(record.id)
            for record in list(session.deleted):
                if isinstance(record, Tracked):
                    self._pending.append((record, "deleted", self._plan_of(record)))

    def _plan_of(self, record: Tracked) -> int | None:
        if isinstance(record, Candidate | ExamSession | PlanExaminer):
            return record.plan_id if record.plan_id is not None else _parent_id(record, "plan")
        if isinstance(record, Attachment):
            candidate = record.candidate or self.session.get(Candidate, record.candidate_id)
            return candidate.plan_id if candidate is not None else None
        return None

    def _after_flush(self, _session: Session, _context: Any) -> None:
        touched = self._touched
        for record, op, plan_id in self._pending:
            record_id = record.id
            if isinstance(record, Plan):
                (touched.plans_removed if op == "deleted" else touched.plans).add(record_id)
            elif isinstance(record, ExamSession | PlanExaminer):
                if plan_id is not None:
                    touched.plans.add(plan_id)
            elif isinstance(record, Candidate):
                if plan_id is not None:
                    touched.candidates.setdefault(plan_id, set()).add(record_id)
            elif isinstance(record, Attachment):
                if plan_id is not None:
                    touched.photos.setdefault(plan_id, set()).add(record.candidate_id)
            elif isinstance(record, ExamSite):
                touched.sites.add(record_id)
            elif isinstance(record, ExamRoom):
                touched.rooms.add(record_id)
            elif isinstance(record, Examiner):
                touched.examiners.add(record_id)
            elif isinstance(record, Scheme):
                touched.schemes.add(record_id)
            elif isinstance(record, Institution):
                touched.institution = True
            elif isinstance(record, CertifiedScope):
                touched.scope = True
            elif isinstance(record, HolidayYear):
                touched.calendar.add(record.year)
        self._pending.clear()

    # -- commit -------------------------------------------------------------------------------

    def _finish(self) -> None:
        session = self.session
        session.flush()
        changes = self._touched.change_set()
        rebuild = set(changes.rosters) | (self._touched.exam_dates_changed - changes.plans_removed)
        rebuild |= {p for p in changes.plans if p not in self._summarised(changes.plans)}
        rebuild_summaries(session, rebuild, self.today)
        if changes:
            session.add(
                ChangeLogEntry(
                    writer=writer_identity()[:100], pid=os.getpid(), changes=changes.dumps()
                )
            )
            cutoff = utc_now() - dt.timedelta(days=CHANGE_LOG_DAYS)
            session.execute(delete(ChangeLogEntry).where(ChangeLogEntry.committed_at < cutoff))
        session.flush()
        self.changes = changes

    def _summarised(self, plan_ids: Iterable[int]) -> set[int]:
        ids = list(plan_ids)
        if not ids:
            return set()
        return set(
            self.session.scalars(
                select(RosterSummary.plan_id).where(RosterSummary.plan_id.in_(ids))
            )
        )


def _parent_id(record: Any, relation: str) -> int | None:
    parent = getattr(record, relation, None)
    # A parent added in the same flush has no id yet; it is announced as new in its own right.
    return None if parent is None or parent.id is None else int(parent.id)


def current(store: Store) -> UnitOfWork | None:
    active: dict[int, UnitOfWork] = getattr(_local, "active", {})
    return active.get(id(store))


@contextmanager
def unit_of_work(
    store: Store, *, wait: float | None = None, today: dt.date | None = None
) -> Iterator[UnitOfWork]:
    """Hold the workspace's write lock and one transaction; commit, or roll back on any error."""
    outer = current(store)
    if outer is not None:
        yield outer  # joins the enclosing unit: one transaction, one ChangeSet
        return
    with write_lock_for(store).held(wait):
        session = store.session_factory()
        uow = UnitOfWork(store, session, today or dt.date.today())
        active: dict[int, UnitOfWork] = getattr(_local, "active", None) or {}
        _local.active = active
        active[id(store)] = uow
        try:
            with session.begin():
                # The driver would begin only at the first write; reads, decisions and writes
                # must see one state, and SQLite's own write lock backs up the file lock.
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                yield uow
                uow._finish()
        finally:
            active.pop(id(store), None)
            session.close()
    for collector in list(getattr(_local, "collectors", ())):
        collector.changes = collector.changes | uow.changes


class CollectedChanges:
    """What every unit of work committed on this thread while the collector was open."""

    def __init__(self) -> None:
        self.changes: ChangeSet = NO_CHANGES


@contextmanager
def collect_changes() -> Iterator[CollectedChanges]:
    """Gather the ChangeSets of the units of work this thread commits (the runner announces them)."""
    collector = CollectedChanges()
    collectors: list[CollectedChanges] = getattr(_local, "collectors", None) or []
    _local.collectors = collectors
    collectors.append(collector)
    try:
        yield collector
    finally:
        collectors.remove(collector)


def changes_since(
    store: Store, seq: int, *, exclude_pid: int | None = None
) -> tuple[int, ChangeSet]:
    """The union of what was committed after change-log entry `seq`, and the newest seq.

    `exclude_pid` leaves out this process's own writes, which it announced already.
    """
    merged = NO_CHANGES
    with store.session() as session:
        rows = session.execute(
            select(ChangeLogEntry.seq, ChangeLogEntry.pid, ChangeLogEntry.changes)
            .where(ChangeLogEntry.seq > seq)
            .order_by(ChangeLogEntry.seq)
        ).all()
    newest = seq
    for entry_seq, pid, text in rows:
        newest = entry_seq
        if exclude_pid is not None and pid == exclude_pid:
            continue
        merged = merged | ChangeSet.from_json(json.loads(text))
    return newest, merged


def latest_seq(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.max(ChangeLogEntry.seq))) or 0)
