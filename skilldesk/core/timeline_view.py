"""What the window draws of plan timelines: stages, a calendar strip, and the deadlines due next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from skilldesk.core.findings import Finding
from skilldesk.core.plan_data import TIMELINE_LABELS, PlanData
from skilldesk.core.profiles import Profile
from skilldesk.core.rules.deadlines import due_dates, first_exam
from skilldesk.core.rules.timeline import INTERVALS, check_plan, session_label
from skilldesk.core.workdays import (
    dates,
    holiday_name,
    is_covered,
    is_makeup_workday,
    is_workday,
    not_covered_text,
)

StageKind = Literal["notice", "window", "deadline", "session"]
_DAY_END = dt.time(23, 59, 59)
StageState = Literal["upcoming", "current", "past"]
_INTERVAL_KINDS: dict[str, StageKind] = {
    "registration": "window",
    "pre_notice": "notice",
    "ticket_download": "window",
    "score_notice": "notice",
}


@dataclass(frozen=True, slots=True)
class Stage:
    """One bar or mark on a plan's timeline, with the findings that concern it.

    `days_left` counts calendar days from today: to the start while upcoming, to the end while
    current, and (negative) since the end once past.
    """

    key: str  # "registration", "pre_notice", "sessions[0]", "plan_submit", …
    name: str
    kind: StageKind
    start: dt.datetime | None
    end: dt.datetime | None
    state: StageState | None = None
    days_left: int | None = None
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class DayInfo:
    """One day of the calendar strip; the flags are None where the calendar does not reach."""

    date: dt.date
    covered: bool
    is_workday: bool | None
    is_holiday: bool | None  # a statutory holiday's day off (not a plain weekend)
    holiday_name: str | None  # also set on the holiday's make-up workdays
    is_makeup_workday: bool | None

    @property
    def is_weekend(self) -> bool:
        return self.date.weekday() >= 5


@dataclass(frozen=True, slots=True)
class Deadline:
    """Something due on one plan: an office deadline or a date on the plan's timeline."""

    plan_title: str
    key: str  # a deadline ("plan_submit", …) or a timeline key ("review_deadline", …)
    label: str
    kind: Literal["deadline", "milestone"]
    due: dt.date | None  # None: the holiday calendar does not reach the date yet
    days_left: int | None
    note: str = ""

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def calendar_days(start: dt.date, end: dt.date) -> list[DayInfo]:
    """Every day from `start` to `end` (both included) with its working-day facts."""
    days = []
    for day in dates(start, end):
        if not is_covered(day):
            days.append(DayInfo(day, False, None, None, None, None))
            continue
        workday = is_workday(day)
        name = holiday_name(day)
        days.append(
            DayInfo(
                day, True, workday, not workday and name is not None, name, is_makeup_workday(day)
            )
        )
    return days


def timeline_stages(plan: PlanData, profile: Profile, today: dt.date | None) -> list[Stage]:
    """The plan's stages in time order (undated ones last), each with its findings."""
    findings = check_plan(plan, profile, today=today)
    stages: list[Stage] = []

    def add(key: str, name: str, kind: StageKind, start: object, end: object) -> None:
        first, last = _as_time(start, dt.time.min), _as_time(end, _DAY_END)
        state, left = _progress(first, last, today)
        mine = tuple(f for f in findings if _stage_of(f) == key)
        stages.append(Stage(key, name, kind, first, last, state, left, mine))

    for due in due_dates(plan, profile):
        add(due.key, f"{due.label}截止", "deadline", due.last_day, due.last_day)
    for key, (name, start_key, end_key) in INTERVALS.items():
        add(key, name, _INTERVAL_KINDS[key], getattr(plan, start_key), getattr(plan, end_key))
    add("review_deadline", "资格审查截止", "deadline", plan.review_deadline, plan.review_deadline)
    add("evaluation_date", "认定日期", "session", plan.evaluation_date, plan.evaluation_date)
    for index, session in enumerate(plan.sessions):
        add(
            f"sessions[{index}]",
            session_label(index, session),
            "session",
            session.start,
            session.end,
        )
    never = dt.datetime.max
    return sorted(stages, key=lambda s: (s.start or s.end or never, s.end or never))


def _stage_of(finding: Finding) -> str | None:
    deadline = finding.extra.get("deadline")
    if isinstance(deadline, str):
        return deadline
    for key, (_, start_key, end_key) in INTERVALS.items():
        if finding.field in (start_key, end_key):
            return key
    return finding.field


def _as_time(value: object, at: dt.time) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, at)
    return None


def _progress(
    start: dt.datetime | None, end: dt.datetime | None, today: dt.date | None
) -> tuple[StageState | None, int | None]:
    first, last = start or end, end or start
    if today is None or first is None or last is None:
        return None, None
    if today < first.date():
        return "upcoming", (first.date() - today).days
    if today <= last.date():
        return "current", (last.date() - today).days
    return "past", (last.date() - today).days


def upcoming_deadlines(
    plans: Sequence[tuple[str, PlanData]], profile: Profile, today: dt.date
) -> list[Deadline]:
    """What is due next across `plans` (title, plan), soonest first.

    Office deadlines stay listed once missed while the exam is still ahead; timeline dates are
    listed from today on.
    """
    found: list[Deadline] = []
    for title, plan in plans:
        exam = first_exam(plan)
        for due in due_dates(plan, profile):
            if due.key == "plan_submit":
                if plan.submitted_on is not None or due.anchor < today:
                    continue
            elif exam is None or exam[1] < today:
                continue
            left = None if due.last_day is None else (due.last_day - today).days
            note = "" if due.last_day else f"{not_covered_text(due.uncovered_years)}，无法推算"
            found.append(Deadline(title, due.key, due.label, "deadline", due.last_day, left, note))
        for key, label in TIMELINE_LABELS.items():
            value = getattr(plan, key)
            day = value.date() if isinstance(value, dt.datetime) else value
            if day is not None and day >= today:
                name = label.removesuffix("时间")
                found.append(Deadline(title, key, name, "milestone", day, (day - today).days))
    return sorted(found, key=lambda d: (d.due or dt.date.max, d.plan_title))
