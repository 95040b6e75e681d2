"""Office deadlines of a plan: what must be done how long before registration or the exam.

"N days before a date" means at least N days of the rule's kind strictly between the day it is
done and that date, so the last day to do it is one day before the N-th day counted back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from skilldesk.core.findings import ERROR, WARNING, Finding
from skilldesk.core.plan_data import PlanData
from skilldesk.core.profiles import DaySpan, Profile
from skilldesk.core.workdays import (
    CalendarNotCovered,
    days_between,
    latest_day_before,
    not_covered_text,
)

WEEKDAYS = "一二三四五六日"
DEADLINE_LABELS: dict[str, str] = {
    "plan_submit": "推送评价计划",
    "approval_form": "报送方案审批（备案）表",
    "electronic_materials": "提交电子材料",
    "paper_materials": "提交纸质材料",
}
# The exam-preparation deadlines and the code each one reports under.
PREPARATION_CODES: dict[str, str] = {
    "approval_form": "APPROVAL_FORM_LATE",
    "electronic_materials": "MATERIALS_LATE",
    "paper_materials": "MATERIALS_LATE",
}


def show_day(day: dt.date) -> str:
    """`2026-02-27 周五`."""
    return f"{day.isoformat()} 周{WEEKDAYS[day.weekday()]}"


@dataclass(frozen=True, slots=True)
class DueDate:
    """One deadline of one plan: counted back `span` from `anchor` (the plan's `anchor_key`)."""

    key: str
    label: str
    span: DaySpan
    anchor_key: str
    anchor_label: str
    anchor: dt.date
    last_day: dt.date | None  # None: the holiday calendar does not reach that far yet
    uncovered_years: tuple[int, ...] = ()


def first_exam(plan: PlanData) -> tuple[str, dt.date] | None:
    """The key and date of the first exam session; the 认定日期 when no session has a time."""
    timed = [(s.start, i) for i, s in enumerate(plan.sessions) if s.start is not None]
    if timed:
        start, index = min(timed)
        return f"sessions[{index}]", start.date()
    if plan.evaluation_date is not None:
        return "evaluation_date", plan.evaluation_date
    return None


def due_dates(plan: PlanData, profile: Profile) -> list[DueDate]:
    """Every deadline of the profile this plan has the dates for."""
    rules = profile.deadlines
    found: list[DueDate] = []
    if rules.plan_submit is not None and plan.registration_start is not None:
        found.append(
            _due(
                "plan_submit",
                rules.plan_submit,
                "registration_start",
                "个人申报开始",
                plan.registration_start.date(),
            )
        )
    exam = first_exam(plan)
    if exam is not None:
        for key in PREPARATION_CODES:
            span = getattr(rules, key)
            if span is not None:
                found.append(_due(key, span, exam[0], "首场考试", exam[1]))
    return found


def _due(key: str, span: DaySpan, anchor_key: str, anchor_label: str, anchor: dt.date) -> DueDate:
    try:
        last: dt.date | None = latest_day_before(anchor, span.days, span.kind)
        years: tuple[int, ...] = ()
    except CalendarNotCovered as missing:
        last, years = None, missing.years
    return DueDate(key, DEADLINE_LABELS[key], span, anchor_key, anchor_label, anchor, last, years)


def check_deadlines(plan: PlanData, profile: Profile, today: dt.date | None) -> list[Finding]:
    """PLAN_SUBMIT_LATE, APPROVAL_FORM_LATE and MATERIALS_LATE, judged from `today`."""
    findings: list[Finding] = []
    for due in due_dates(plan, profile):
        if due.key == "plan_submit":
            findings.extend(_plan_submit(due, plan.submitted_on or today, plan.submitted_on))
        elif today is not None and today <= due.anchor:
            findings.extend(_preparation(due, today, profile.deadlines.remind_within_days))
    return findings


def _plan_submit(
    due: DueDate, reference: dt.date | None, submitted: dt.date | None
) -> list[Finding]:
    if reference is None:
        return []
    count = days_between(reference, due.anchor, due.span.kind)
    verdict = count.at_least(due.span.days)
    last_day = due.last_day.isoformat() if due.last_day else None
    extra: dict[str, object] = {"deadline": due.key, "last_day": last_day}
    rule = f"评价计划需在个人申报开始（{show_day(due.anchor)}）前至少{due.span.describe()}推送评价中心确认"
    if verdict is None:
        return [
            Finding(
                "CALENDAR_NOT_COVERED",
                WARNING,
                f"{not_covered_text(count.uncovered_years)}，无法核对“{rule}”这一条，已跳过，请人工核对。",
                field=due.anchor_key,
                extra={**extra, "years": list(count.uncovered_years)},
            )
        ]
    if verdict:
        return []
    unit = "工作日" if due.span.kind == "working" else "自然日"
    when = (
        f"评价计划于 {show_day(reference)} 推送" if submitted else f"今天是 {show_day(reference)}"
    )
    if reference >= due.anchor:
        gap = "，个人申报已经开始" if submitted is None else "，不早于申报开始"
    elif count.exact is not None:
        gap = f"，距申报开始只有 {count.exact} 个{unit}"
    else:
        gap = f"，距申报开始至多 {count.high} 个{unit}"
    last = f"，最晚应在 {show_day(due.last_day)}推送" if due.last_day else ""
    advice = "" if submitted else "请推迟个人申报开始时间，或尽快推送。"
    return [
        Finding(
            "PLAN_SUBMIT_LATE",
            ERROR,
            f"{rule}{last}；{when}{gap}。{advice}",
            field=due.anchor_key,
            extra={**extra, "days_between": count.exact},
        )
    ]


def _preparation(due: DueDate, today: dt.date, remind_within: int) -> list[Finding]:
    code = PREPARATION_CODES[due.key]
    rule = f"{due.label}需在首场考试（{show_day(due.anchor)}）前至少{due.span.describe()}"
    if due.last_day is None:
        return [
            Finding(
                "CALENDAR_NOT_COVERED",
                WARNING,
                f"{not_covered_text(due.uncovered_years)}，无法推算“{rule}”的最晚日期，请人工核对。",
                field=due.anchor_key,
                extra={"deadline": due.key, "years": list(due.uncovered_years)},
            )
        ]
    left = (due.last_day - today).days
    if left > remind_within:
        return []
    if left < 0:
        state = f"已超过 {-left} 天。如已办理，可忽略此提醒"
    elif left == 0:
        state = "今天是最后一天"
    else:
        state = f"还剩 {left} 天"
    return [
        Finding(
            code,
            WARNING,
            f"{rule}，最晚 {show_day(due.last_day)}；{state}。",
            field=due.anchor_key,
            extra={"deadline": due.key, "last_day": due.last_day.isoformat(), "days_left": left},
        )
    ]
