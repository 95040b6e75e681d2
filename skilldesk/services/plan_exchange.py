"""A stored plan ⇄ PlanData (what the timeline rules read), and the plan file on disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from skilldesk.core.models import ExamRoom, ExamSession, Plan
from skilldesk.core.plan_data import TIMELINE_KEYS, ExamSessionData, PlanData, Subject
from skilldesk.core.store import Store
from skilldesk.services.plan_sessions import check_room_usable, match_room
from skilldesk.services.plans import PlanDetails, PlanError, get_plan_row, plan_details


@dataclass(frozen=True)
class PlanImport:
    plan: PlanDetails
    created: bool  # a new plan, or an existing one brought in line with the file
    sessions: int

    def to_json(self) -> dict[str, Any]:
        return {"plan": self.plan.id, "created": self.created, "sessions": self.sessions}


def plan_data_for(store: Store, plan_id: int) -> PlanData:
    """The stored plan as PlanData.

    A session's room is named by its 试场编号 when it is under the plan's site, else as
    `考点名称（考场名称）`, which stays unambiguous across sites.
    """
    with store.session() as session:
        return plan_data_of(get_plan_row(session, plan_id))


def every_plan_data(store: Store) -> dict[int, PlanData]:
    """Every stored plan as PlanData, by plan id, read in one go (sessions and rooms included)."""
    query = select(Plan).options(
        selectinload(Plan.sessions).selectinload(ExamSession.room).selectinload(ExamRoom.site)
    )
    with store.session() as session:
        return {plan.id: plan_data_of(plan) for plan in session.scalars(query)}


def plan_data_of(plan: Plan) -> PlanData:
    data = PlanData(
        occupation=plan.occupation,
        occupation_code=plan.occupation_code,
        level=plan.level,
        submitted_on=plan.submitted_on,
    )
    for key in TIMELINE_KEYS:
        setattr(data, key, getattr(plan, key))
    data.sessions = [
        ExamSessionData(
            subject=_subject(s.subject),
            start=s.start,
            end=s.end,
            room=_room_ref(plan, s),
        )
        for s in plan.sessions
    ]
    return data


def apply_plan_data(store: Store, plan_id: int, data: PlanData) -> PlanDetails:
    """Bring a stored plan in line with `data`: timeline, submission day and sessions (replaced).

    Occupation, code and level change only where `data` gives them. Rooms are matched by
    试场编号 or name; nothing is changed if one cannot be matched.
    """
    with store.transaction() as session:
        plan = get_plan_row(session, plan_id)
        _apply(session, plan, data)
        return plan_details(session, plan)


def create_plan_from_data(store: Store, data: PlanData) -> PlanDetails:
    """A new plan from `data` (a plan file); occupation and level are required."""
    if not data.occupation or data.level is None:
        raise PlanError("计划文件中缺少职业（occupation）或等级（level），无法新建计划。")
    with store.transaction() as session:
        plan = Plan(occupation=data.occupation, level=data.level)
        session.add(plan)
        session.flush()
        _apply(session, plan, data)
        return plan_details(session, plan)


def export_plan_file(store: Store, plan_id: int, path: Path) -> PlanData:
    from skilldesk.files.plan_file import write_plan_file

    data = plan_data_for(store, plan_id)
    write_plan_file(data, path)
    return data


def import_plan_file(store: Store, path: Path, *, plan_id: int | None = None) -> PlanImport:
    """Read a plan file into a new plan, or (with `plan_id`) onto an existing one."""
    from skilldesk.files.plan_file import read_plan_file

    data = read_plan_file(path)
    if plan_id is None:
        details = create_plan_from_data(store, data)
    else:
        details = apply_plan_data(store, plan_id, data)
    return PlanImport(plan=details, created=plan_id is None, sessions=len(data.sessions))


def _apply(session: Session, plan: Plan, data: PlanData) -> None:
    from skilldesk.core.levels import LEVEL_NAMES

    if data.level is not None and data.level not in LEVEL_NAMES:
        raise PlanError("等级应为 1–5（五级/初级工 … 一级/高级技师）。")
    rows = []
    for index, entry in enumerate(data.sessions, 1):
        row = ExamSession(subject=entry.subject, start=entry.start, end=entry.end)
        if entry.room:
            room = match_room(session, plan, entry.room)
            try:
                check_room_usable(plan, room)
            except PlanError as error:
                raise PlanError(f"第{index}场考试：{error}") from error
            row.room = room
        rows.append(row)
    if data.occupation:
        plan.occupation = data.occupation
    if data.occupation_code:
        plan.occupation_code = data.occupation_code
    if data.level is not None:
        plan.level = data.level
    for key in TIMELINE_KEYS:
        setattr(plan, key, getattr(data, key))
    plan.submitted_on = data.submitted_on
    plan.sessions = rows


def _room_ref(plan: Plan, row: ExamSession) -> str | None:
    room = row.room
    if room is None:
        return None
    if plan.site_id is not None and room.site_id == plan.site_id:
        return room.number
    return f"{room.site.name}（{room.name}）"


def _subject(value: str) -> Subject:
    if value == "practical":
        return "practical"
    if value == "comprehensive":
        return "comprehensive"
    return "theory"


def every_plan_data_in(session: Session) -> dict[int, PlanData]:
    """every_plan_data, read inside the caller's session (one snapshot with its other reads)."""
    query = select(Plan).options(
        selectinload(Plan.sessions).selectinload(ExamSession.room).selectinload(ExamRoom.site)
    )
    return {plan.id: plan_data_of(plan) for plan in session.scalars(query)}
