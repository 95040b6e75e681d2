"""Timeline checks of an evaluation plan: intervals, stage order, notice lengths, ticket window.

`field` on each finding is the plan-file key concerned (`pre_notice_end`, `sessions[0]`); the
message names it in Chinese. Deadlines counted from today live in deadlines.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from skilldesk.core.findings import ERROR, WARNING, Finding, Severity
from skilldesk.core.plan_data import SUBJECT_NAMES, TIMELINE_LABELS, ExamSessionData, PlanData
from skilldesk.core.profiles import DaySpan, Profile
from skilldesk.core.rules.deadlines import check_deadlines, show_day
from skilldesk.core.workdays import (
    ONE_DAY,
    CalendarNotCovered,
    add_working_days,
    dates,
    days_in,
    holiday_name,
    is_covered,
    is_workday,
    not_covered_text,
)

# Every code this module (with deadlines.py) emits, with its severity. Never rename one.
SEVERITIES: dict[str, Severity] = {
    "TIMELINE_MISSING": ERROR,
    "TIMELINE_INVERTED": ERROR,
    "TIMELINE_ORDER": ERROR,
    "SESSION_DATE": ERROR,
    "NOTICE_TOO_SHORT": ERROR,
    "TICKET_WINDOW": ERROR,
    "PLAN_SUBMIT_LATE": ERROR,
    "APPROVAL_FORM_LATE": WARNING,
    "MATERIALS_LATE": WARNING,
    "CALENDAR_NOT_COVERED": WARNING,
}
# name, start key, end key of each interval on the plan form
INTERVALS: dict[str, tuple[str, str, str]] = {
    "registration": ("个人申报", "registration_start", "registration_end"),
    "pre_notice": ("评前公示", "pre_notice_start", "pre_notice_end"),
    "ticket_download": ("准考证下载", "ticket_download_start", "ticket_download_end"),
    "score_notice": ("成绩公示", "score_notice_start", "score_notice_end"),
}
_TICKET_KEYS = ("ticket_download_start", "ticket_download_end")
# (earlier key, later key, why): the stages as they must follow each other on the plan form
_ORDER: tuple[tuple[str, str, str], ...] = (
    ("registration_end", "review_deadline", "资格审查应在个人申报截止之后结束"),
    ("review_deadline", "pre_notice_start", "评前公示应在资格审查结束之后开始"),
)


def check_plan(plan: PlanData, profile: Profile, *, today: dt.date | None) -> list[Finding]:
    """Every timeline finding for `plan` under `profile`; deadlines only when `today` is given."""
    inverted = set(_inverted_names(plan))
    return [
        *_missing(plan, profile),
        *_inversions(plan),
        *_order(plan, inverted),
        *_session_dates(plan),
        *_notices(plan, profile, inverted),
        *_ticket_window(plan, profile, inverted),
        *check_deadlines(plan, profile, today),
    ]


def session_label(index: int, session: ExamSessionData) -> str:
    """`第1场考试（理论知识）`."""
    return f"第{index + 1}场考试（{SUBJECT_NAMES.get(session.subject, session.subject)}）"


def show_time(value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value.isoformat()


def _missing(plan: PlanData, profile: Profile) -> Iterator[Finding]:
    rules = profile.ticket_window
    ticket_needed = rules.ends_on_exam_day or rules.min_length is not None
    for key, label in TIMELINE_LABELS.items():
        if getattr(plan, key) is None and (ticket_needed or key not in _TICKET_KEYS):
            yield Finding("TIMELINE_MISSING", ERROR, f"请填写「{label}」。", field=key)
    for index, session in enumerate(plan.sessions):
        gaps = [
            word for word, value in (("开始", session.start), ("结束", session.end)) if not value
        ]
        if gaps:
            text = f"{session_label(index, session)}缺少{'和'.join(gaps)}时间，请填写。"
            yield Finding("TIMELINE_MISSING", ERROR, text, field=f"sessions[{index}]")


def _bad_intervals(plan: PlanData) -> Iterator[tuple[str, str, str, dt.datetime, dt.datetime]]:
    """(name, field, what ends, start, end) of every interval that does not end after it starts."""
    for name, (_, start_key, end_key) in INTERVALS.items():
        start, end = getattr(plan, start_key), getattr(plan, end_key)
        if start is not None and end is not None and end <= start:
            yield name, end_key, f"「{TIMELINE_LABELS[end_key]}」", start, end
    for index, session in enumerate(plan.sessions):
        if session.start is not None and session.end is not None and session.end <= session.start:
            field = f"sessions[{index}]"
            yield (
                field,
                field,
                f"{session_label(index, session)}的结束时间",
                session.start,
                session.end,
            )


def _inverted_names(plan: PlanData) -> Iterator[str]:
    return (name for name, *_ in _bad_intervals(plan))


def _inversions(plan: PlanData) -> Iterator[Finding]:
    for _, field, what, start, end in _bad_intervals(plan):
        relation = "早于" if end < start else "等于"
        text = f"{what}（{show_time(end)}）{relation}开始时间（{show_time(start)}）：结束时间应晚于开始时间。"
        yield Finding("TIMELINE_INVERTED", ERROR, text, field=field)


def _exam_span(plan: PlanData) -> tuple[dt.datetime | dt.date, dt.datetime | dt.date, str] | None:
    """When the exam starts and ends: its sessions' times, else the 认定日期 as a whole day."""
    usable = [
        s for s in plan.sessions if s.start is not None and s.end is not None and s.end > s.start
    ]
    if usable:
        return min(s.start for s in usable if s.start), max(s.end for s in usable if s.end), "考试"
    if plan.evaluation_date is not None:
        return plan.evaluation_date, plan.evaluation_date, "认定日期"
    return None


def _order(plan: PlanData, inverted: set[str]) -> Iterator[Finding]:
    def usable(key: str) -> dt.datetime | None:
        stage = next((n for n, keys in INTERVALS.items() if key in keys[1:]), None)
        value: dt.datetime | None = getattr(plan, key)
        return None if stage in inverted else value

    for earlier_key, later_key, why in _ORDER:
        earlier, later = usable(earlier_key), usable(later_key)
        if earlier is not None and later is not None and later < earlier:
            text = (
                f"「{TIMELINE_LABELS[later_key]}」（{show_time(later)}）早于"
                f"「{TIMELINE_LABELS[earlier_key]}」（{show_time(earlier)}）：{why}。"
            )
            yield Finding("TIMELINE_ORDER", ERROR, text, field=later_key)
    notice_end, score_start = usable("pre_notice_end"), usable("score_notice_start")
    exam = _exam_span(plan)
    if exam is None:  # no exam date to stand between the notices: compare them directly
        if notice_end is not None and score_start is not None and score_start < notice_end:
            text = (
                f"「{TIMELINE_LABELS['score_notice_start']}」（{show_time(score_start)}）早于"
                f"「{TIMELINE_LABELS['pre_notice_end']}」（{show_time(notice_end)}）："
                "成绩公示应在评前公示结束、考试结束之后开始。"
            )
            yield Finding("TIMELINE_ORDER", ERROR, text, field="score_notice_start")
        return
    exam_start, exam_end, exam_name = exam
    if notice_end is not None and _after(notice_end, exam_start):
        text = (
            f"「{TIMELINE_LABELS['pre_notice_end']}」（{show_time(notice_end)}）晚于{exam_name}开始"
            f"（{show_time(exam_start)}）：评前公示应在考试之前结束。"
        )
        yield Finding("TIMELINE_ORDER", ERROR, text, field="pre_notice_end")
    if score_start is not None and _after(exam_end, score_start):
        text = (
            f"「{TIMELINE_LABELS['score_notice_start']}」（{show_time(score_start)}）早于{exam_name}结束"
            f"（{show_time(exam_end)}）：成绩公示应在考试结束之后开始。"
        )
        yield Finding("TIMELINE_ORDER", ERROR, text, field="score_notice_start")


def _after(first: dt.datetime | dt.date, second: dt.datetime | dt.date) -> bool:
    """Whether `first` comes after `second`; a bare date compares by day only."""
    if isinstance(first, dt.datetime) and isinstance(second, dt.datetime):
        return first > second
    as_day = [v.date() if isinstance(v, dt.datetime) else v for v in (first, second)]
    return as_day[0] > as_day[1]


def _session_dates(plan: PlanData) -> Iterator[Finding]:
    exam_day = plan.evaluation_date
    if exam_day is None:
        return
    for index, session in enumerate(plan.sessions):
        days = {t.date() for t in (session.start, session.end) if t is not None}
        if days and days != {exam_day}:
            shown = "、".join(sorted(d.isoformat() for d in days))
            text = f"{session_label(index, session)}安排在 {shown}，不在认定日期 {exam_day.isoformat()} 当天。"
            yield Finding("SESSION_DATE", ERROR, text, field=f"sessions[{index}]")


def _notices(plan: PlanData, profile: Profile, inverted: set[str]) -> Iterator[Finding]:
    for name, span in (
        ("pre_notice", profile.notices.pre_notice),
        ("score_notice", profile.notices.score_notice),
    ):
        label, start_key, end_key = INTERVALS[name]
        start, end = getattr(plan, start_key), getattr(plan, end_key)
        if start is None or end is None or name in inverted:
            continue
        yield from _long_enough(
            "NOTICE_TOO_SHORT", label + "期", start.date(), end.date(), span, end_key
        )


def _ticket_window(plan: PlanData, profile: Profile, inverted: set[str]) -> Iterator[Finding]:
    rules, exam_day = profile.ticket_window, plan.evaluation_date
    start, end = plan.ticket_download_start, plan.ticket_download_end
    if start is None or end is None or exam_day is None or "ticket_download" in inverted:
        return
    if rules.ends_on_exam_day and end.date() != exam_day:
        text = (
            f"「准考证下载结束时间」是 {show_time(end)}，应在认定日期（{exam_day.isoformat()}）"
            f"当天结束（准考证下载结束与考试同一天）。"
        )
        yield Finding("TICKET_WINDOW", ERROR, text, field="ticket_download_end")
    if rules.min_length is not None:
        yield from _long_enough(
            "TICKET_WINDOW",
            "准考证下载时间",
            start.date(),
            end.date(),
            rules.min_length,
            "ticket_download_start",
            move_start=True,
        )


def _long_enough(
    code: str,
    label: str,
    first: dt.date,
    last: dt.date,
    span: DaySpan,
    field: str,
    *,
    move_start: bool = False,
) -> Iterator[Finding]:
    """Whether the dates `first`–`last` (both counted) hold `span`; a finding if they do not.

    The advice moves the end later, or the start earlier when `move_start` (the end is fixed).
    """
    count = days_in(first, last, span.kind)
    verdict = count.at_least(span.days)
    rule = f"{label}应不少于{span.describe()}"
    if verdict is None:
        text = f"{not_covered_text(count.uncovered_years)}，无法核对“{rule}”，已跳过，请人工核对。"
        extra = {"years": list(count.uncovered_years)}
        yield Finding("CALENDAR_NOT_COVERED", WARNING, text, field=field, extra=extra)
        return
    if verdict:
        return
    unit = "个工作日" if span.kind == "working" else "天"
    has = f"只有 {count.exact} {unit}" if count.exact is not None else f"至多 {count.high} {unit}"
    holidays = _holidays_within(first, last) if span.kind == "working" else ""
    fix = _enough_from(last, span, backwards=True) if move_start else _enough_from(first, span)
    moved = "开始日期最晚应为" if move_start else "结束日期至少应到"
    advice = f"{moved} {show_day(fix)}。" if fix else ""
    text = (
        f"{label} {first.isoformat()} 至 {last.isoformat()}（含首尾两天）{has}{holidays}，"
        f"应不少于{span.describe()}。{advice}"
    )
    yield Finding(
        code, ERROR, text, field=field, extra={"days": count.exact, "required": span.days}
    )


def _holidays_within(first: dt.date, last: dt.date) -> str:
    names = dict.fromkeys(
        name
        for day in dates(first, last)
        if is_covered(day) and not is_workday(day) and (name := holiday_name(day))
    )
    return f"（其间{'、'.join(names)}放假不计）" if names else ""


def _enough_from(day: dt.date, span: DaySpan, *, backwards: bool = False) -> dt.date | None:
    """The other end of the shortest run of dates from `day` (counted) that holds `span`."""
    step = -1 if backwards else 1
    if span.kind == "calendar":
        return day + step * dt.timedelta(days=span.days - 1)
    try:
        return add_working_days(day - step * ONE_DAY, step * span.days)
    except CalendarNotCovered:
        return None
