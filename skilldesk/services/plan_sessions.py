"""A plan's exam sessions (理论 / 实操 / 综合): when, and in which room of an approved site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from skilldesk.core import filing
from skilldesk.core.models import ExamRoom, ExamSession, Plan
from skilldesk.core.normalize import clean_text, to_half_width
from skilldesk.core.plan_data import SUBJECT_NAMES
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.services.plans import PlanError, get_plan_row


@dataclass(frozen=True)
class SessionInfo:
    id: int
    plan_id: int
    subject: str  # theory / practical / comprehensive
    start: dt.datetime | None
    end: dt.datetime | None
    room_id: int | None
    room_number: str | None
    room_name: str | None
    site_name: str | None
    site_status: str | None

    @property
    def subject_name(self) -> str:
        return SUBJECT_NAMES.get(self.subject, self.subject)

    @property
    def room_label(self) -> str:
        """`考点名称（考场名称）` as the ticket shows it; empty without a room."""
        return f"{self.site_name}（{self.room_name}）" if self.room_name else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "subject": self.subject,
            "subject_name": self.subject_name,
            "start": self.start.isoformat(" ") if self.start else None,
            "end": self.end.isoformat(" ") if self.end else None,
            "room_id": self.room_id,
            "room_number": self.room_number,
            "room": self.room_label or None,
        }


def list_sessions(store: Store, plan_id: int) -> list[SessionInfo]:
    with store.session() as session:
        return [session_info(s) for s in get_plan_row(session, plan_id).sessions]


def add_session(
    store: Store,
    plan_id: int,
    subject: str,
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    room_id: int | None = None,
) -> SessionInfo:
    """A new sitting. Times are stored as given: the plan check reports an end before a start."""
    with unit_of_work(store) as uow:
        row = write_new_session(
            uow.session, plan_id, subject, start=start, end=end, room_id=room_id
        )
        return session_info(row)


def update_session(
    store: Store,
    session_id: int,
    *,
    subject: str,
    start: dt.datetime | None,
    end: dt.datetime | None,
    room_id: int | None,
) -> SessionInfo:
    with unit_of_work(store) as uow:
        row = write_session(
            uow.session, session_id, subject=subject, start=start, end=end, room_id=room_id
        )
        return session_info(row)


def delete_session(store: Store, session_id: int) -> None:
    with unit_of_work(store) as uow:
        remove_session(uow.session, session_id)


# The steps above within a caller's transaction (plan_save.py runs them all in one).


def write_new_session(
    session: Session,
    plan_id: int,
    subject: str,
    *,
    start: dt.datetime | None,
    end: dt.datetime | None,
    room_id: int | None,
) -> ExamSession:
    plan = get_plan_row(session, plan_id)
    row = ExamSession(subject=_subject(subject), start=start, end=end)
    row.room = _usable_room(session, plan, room_id)
    plan.sessions.append(row)
    session.flush()
    return row


def write_session(
    session: Session,
    session_id: int,
    *,
    subject: str,
    start: dt.datetime | None,
    end: dt.datetime | None,
    room_id: int | None,
) -> ExamSession:
    row = _get(session, session_id)
    row.subject, row.start, row.end = _subject(subject), start, end
    if room_id != row.room_id:
        row.room = _usable_room(session, row.plan, room_id)
    return row


def remove_session(session: Session, session_id: int) -> None:
    session.delete(_get(session, session_id))


def match_room(session: Session, plan: Plan, ref: str) -> ExamRoom:
    """The room a plan file names by 试场编号 (`001`, `1`) or by name (`3幢2层201`).

    Looked for under the plan's site when it has one, else among every site's rooms.
    """
    text = to_half_width(clean_text(ref))
    query = select(ExamRoom)
    if plan.site_id is not None:
        query = query.where(ExamRoom.site_id == plan.site_id)
    rooms = list(session.scalars(query))
    number = f"{int(text):03d}" if text.isdigit() and len(text) <= 3 else None
    found = [r for r in rooms if r.number == number] if number else []
    if not found:
        found = [r for r in rooms if r.name == text or f"{r.site.name}（{r.name}）" == text]
    if len(found) == 1:
        return found[0]
    if found:
        raise PlanError(
            f"有 {len(found)} 个考点都有考场“{ref}”：请先为计划选择考点，或在文件中写考场名称。"
        )
    where = "计划所选考点下" if plan.site_id is not None else ""
    raise PlanError(f"{where}找不到试场编号或名称为“{ref}”的考场，请先在考场管理中添加它。")


def session_info(row: ExamSession) -> SessionInfo:
    room = row.room
    return SessionInfo(
        id=row.id,
        plan_id=row.plan_id,
        subject=row.subject,
        start=row.start,
        end=row.end,
        room_id=room.id if room else None,
        room_number=room.number if room else None,
        room_name=room.name if room else None,
        site_name=room.site.name if room else None,
        site_status=room.site.status if room else None,
    )


def check_room_usable(plan: Plan, room: ExamRoom) -> None:
    """Refuse a room of an unapproved site, or of a site other than the plan's."""
    if room.site.status != filing.APPROVED:
        raise PlanError(
            f"考场“{room.name}”所属的考点“{room.site.name}”备案状态为"
            f"“{filing.status_label(room.site.status)}”：计划只能使用备案已通过的考点的考场。"
        )
    if plan.site_id is not None and room.site_id != plan.site_id:
        raise PlanError(f"考场“{room.name}”不属于本计划选择的考点，请选择该考点下的考场。")


def _usable_room(session: Session, plan: Plan, room_id: int | None) -> ExamRoom | None:
    if room_id is None:
        return None
    room = session.get(ExamRoom, room_id)
    if room is None:
        raise PlanError(f"找不到考场 {room_id}，它可能已被删除。")
    check_room_usable(plan, room)
    return room


def _subject(subject: str) -> str:
    from skilldesk.files.plan_file import SUBJECTS

    canonical = SUBJECTS.get(clean_text(subject).lower())
    if canonical is None:
        raise PlanError("考试科目应为 理论、实操 或 综合。")
    return canonical


def _get(session: Session, session_id: int) -> ExamSession:
    row = session.get(ExamSession, session_id)
    if row is None:
        raise PlanError(f"找不到考试场次 {session_id}，它可能已被删除。")
    return row
