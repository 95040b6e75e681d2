"""A stored plan ⇄ PlanData (what the timeline rules read), and the plan file on disk."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from skilldesk.core.models import ExamRoom, ExamSession, Plan
from skilldesk.core.plan_data import TIMELINE_KEYS, ExamSessionData, PlanData, Subject
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.services.plan_sessions import check_room_usable, match_room
from skilldesk.services.plans import PlanDetails, PlanError, get_plan_row, plan_details

# Every key of the plan file (files/plan_file.PLAN_KEYS, repeated here so that reading the
# store never loads the file module): what a whole PlanData stands for.
FILE_KEYS: frozenset[str] = frozenset(
    ("occupation", "occupation_code", "level", *TIMELINE_KEYS, "sessions", "submitted_on")
)
# What a plan cannot be without: a new plan needs them, a stored one cannot have them cleared.
_REQUIRED = {"occupation": "「occupation」（职业名称）", "level": "「level」（等级）"}


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
    with store.session() as session:
        return every_plan_data_in(session)


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


def apply_plan_data(
    store: Store, plan_id: int, data: PlanData, *, keys: Collection[str] = FILE_KEYS
) -> PlanDetails:
    """Bring a stored plan in line with `data` for the plan-file `keys` it holds (all by default).

    A key not in `keys` leaves the stored value alone; a key given as null (or `sessions` as [])
    clears it, except occupation and level, which a stored plan cannot be without (refused).
    Sessions, when given, replace the stored ones; rooms are matched by 试场编号 or name, and
    nothing is changed if one cannot be matched.
    """
    with unit_of_work(store) as uow:
        session = uow.session
        plan = get_plan_row(session, plan_id)
        _refuse_clearing_required(data, keys)
        _apply(session, plan, data, keys)
        return plan_details(session, plan)


def create_plan_from_data(store: Store, data: PlanData) -> PlanDetails:
    """A new plan from `data` (a plan file); occupation and level are required."""
    missing = [_REQUIRED[key] for key in _REQUIRED if not _has_required(data, key)]
    if missing:
        raise PlanError(f"计划文件中缺少{'、'.join(missing)}，无法新建计划。")
    assert data.level is not None  # for mypy: _has_required said so
    with unit_of_work(store) as uow:
        session = uow.session
        plan = Plan(occupation=data.occupation, level=data.level)
        session.add(plan)
        session.flush()
        _apply(session, plan, data, FILE_KEYS)
        return plan_details(session, plan)


def export_plan_file(store: Store, plan_id: int, path: Path) -> PlanData:
    from skilldesk.files.plan_file import write_plan_file

    data = plan_data_for(store, plan_id)
    write_plan_file(data, path)
    return data


def import_plan_file(store: Store, path: Path, *, plan_id: int | None = None) -> PlanImport:
    """Read a plan file into a new plan, or (with `plan_id`) onto an existing one."""
    from skilldesk.files.plan_file import read_plan_contents

    contents = read_plan_contents(path)
    if plan_id is None:
        details = create_plan_from_data(store, contents.data)
    else:
        details = apply_plan_data(store, plan_id, contents.data, keys=contents.keys)
    return PlanImport(plan=details, created=plan_id is None, sessions=details.session_count)


def _has_required(data: PlanData, key: str) -> bool:
    return bool(data.occupation) if key == "occupation" else data.level is not None


def _refuse_clearing_required(data: PlanData, keys: Collection[str]) -> None:
    for key, named in _REQUIRED.items():
        if key in keys and not _has_required(data, key):
            raise PlanError(
                f"计划文件中的{named}为空：已保存的计划不能没有它，请在文件中填写或删去这一项。"
            )


def _apply(session: Session, plan: Plan, data: PlanData, keys: Collection[str]) -> None:
    from skilldesk.core.levels import LEVEL_NAMES

    if data.level is not None and data.level not in LEVEL_NAMES:
        raise PlanError("等级应为 1–5（五级/初级工 … 一级/高级技师）。")
    if "sessions" in keys:
        plan.sessions = _session_rows(session, plan, data)
    if "occupation" in keys and data.occupation:
        plan.occupation = data.occupation
    if "occupation_code" in keys:
        plan.occupation_code = data.occupation_code
    if "level" in keys and data.level is not None:
        plan.level = data.level
    for key in TIMELINE_KEYS:
        if key in keys:
            setattr(plan, key, getattr(data, key))
    if "submitted_on" in keys:
        plan.submitted_on = data.submitted_on


def _session_rows(session: Session, plan: Plan, data: PlanData) -> list[ExamSession]:
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
    return rows


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
