"""What the timeline picture shows, worked out apart from painting: lanes, date range, texts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from skilldesk.core.findings import ERROR, Finding
from skilldesk.core.plan_data import PlanData
from skilldesk.core.profiles import Profile
from skilldesk.core.rules.deadlines import DEADLINE_LABELS, show_day
from skilldesk.core.timeline_view import DayInfo, Stage, calendar_days, timeline_stages
from skilldesk.core.workdays import not_covered_text

# (lane key, name shown on the left), top to bottom; names go through translate() when shown.
LANES: tuple[tuple[str, str], ...] = (
    ("deadlines", str(QT_TRANSLATE_NOOP("timeline", "办理期限"))),
    ("registration", str(QT_TRANSLATE_NOOP("timeline", "个人申报"))),
    ("review", str(QT_TRANSLATE_NOOP("timeline", "资格审查"))),
    ("pre_notice", str(QT_TRANSLATE_NOOP("timeline", "评前公示"))),
    ("ticket_download", str(QT_TRANSLATE_NOOP("timeline", "准考证下载"))),
    ("exam", str(QT_TRANSLATE_NOOP("timeline", "考试"))),
    ("score_notice", str(QT_TRANSLATE_NOOP("timeline", "成绩公示"))),
)
# Short names for deadline markers, where the label must stay narrow.
MARKER_NAMES: dict[str, str] = {
    "plan_submit": str(QT_TRANSLATE_NOOP("timeline", "推送计划")),
    "approval_form": str(QT_TRANSLATE_NOOP("timeline", "审批表")),
    "electronic_materials": str(QT_TRANSLATE_NOOP("timeline", "电子材料")),
    "paper_materials": str(QT_TRANSLATE_NOOP("timeline", "纸质材料")),
}
PADDING_DAYS = 2
TODAY_REACH_DAYS = 14  # today is pulled into the strip when it is this close to the dates
MAX_DAYS = 400


def lane_of(key: str) -> str:
    if key in DEADLINE_LABELS:
        return "deadlines"
    if key == "review_deadline":
        return "review"
    if key == "evaluation_date" or key.startswith("sessions["):
        return "exam"
    return key


@dataclass(frozen=True, slots=True)
class Bar:
    """One stage placed on its lane, by whole days (`first` ≤ `last`)."""

    stage: Stage
    lane: str
    first: dt.date
    last: dt.date

    @property
    def is_marker(self) -> bool:
        return self.lane == "deadlines"

    @property
    def worst(self) -> str | None:
        """`error`, `warning` or None: how the bar is outlined."""
        if not self.stage.findings:
            return None
        return ERROR if any(f.severity == ERROR for f in self.stage.findings) else "warning"


@dataclass(frozen=True)
class TimelinePicture:
    """Everything the strip draws; `days` runs from `first` to `last` inclusive."""

    bars: tuple[Bar, ...] = ()
    days: tuple[DayInfo, ...] = ()
    today: dt.date | None = None
    undated: tuple[Stage, ...] = ()  # stages the strip cannot place (no dates)
    truncated: bool = False
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def first(self) -> dt.date | None:
        return self.days[0].date if self.days else None

    @property
    def last(self) -> dt.date | None:
        return self.days[-1].date if self.days else None

    def day_index(self, day: dt.date) -> int | None:
        if not self.days or not self.days[0].date <= day <= self.days[-1].date:
            return None
        return (day - self.days[0].date).days


def build_picture(plan: PlanData, profile: Profile, today: dt.date | None) -> TimelinePicture:
    """Place the plan's stages on lanes and choose the dates the strip covers."""
    stages = timeline_stages(plan, profile, today)
    bars: list[Bar] = []
    undated: list[Stage] = []
    for stage in stages:
        start, end = stage.start or stage.end, stage.end or stage.start
        if start is None or end is None:
            undated.append(stage)
            continue
        first, last = sorted((start.date(), end.date()))
        if stage.key == "review_deadline" and plan.registration_end is not None:
            # Drawn as the review period: from the day after registration closes.
            first = min(last, plan.registration_end.date() + dt.timedelta(days=1))
        bars.append(Bar(stage, lane_of(stage.key), first, last))
    if not bars:
        return TimelinePicture(today=today, undated=tuple(undated))
    first = min(b.first for b in bars) - dt.timedelta(days=PADDING_DAYS)
    last = max(b.last for b in bars) + dt.timedelta(days=PADDING_DAYS)
    if today is not None:
        if first - dt.timedelta(days=TODAY_REACH_DAYS) <= today < first:
            first = today - dt.timedelta(days=1)
        elif last < today <= last + dt.timedelta(days=TODAY_REACH_DAYS):
            last = today + dt.timedelta(days=1)
    truncated = (last - first).days + 1 > MAX_DAYS
    if truncated:
        last = first + dt.timedelta(days=MAX_DAYS - 1)
    days = calendar_days(first, last)
    findings = tuple(f for s in stages for f in s.findings)
    return TimelinePicture(tuple(bars), tuple(days), today, tuple(undated), truncated, findings)


# -- texts ------------------------------------------------------------------------------------


def days_text(stage: Stage) -> str:
    """`还剩 3 天` / `今天截止` / `已过 2 天` for a deadline; progress words for a period."""
    left, state = stage.days_left, stage.state
    if left is None or state is None:
        return ""
    if stage.kind == "deadline":
        if left > 0:
            return QCoreApplication.translate("timeline", "还剩 {n} 天").format(n=left)
        if left == 0:
            return QCoreApplication.translate("timeline", "今天截止")
        return QCoreApplication.translate("timeline", "已过 {n} 天").format(n=-left)
    if state == "upcoming":
        return QCoreApplication.translate("timeline", "{n} 天后开始").format(n=left)
    if state == "current":
        if left == 0:
            return QCoreApplication.translate("timeline", "今天结束")
        return QCoreApplication.translate("timeline", "进行中，还剩 {n} 天结束").format(n=left)
    return QCoreApplication.translate("timeline", "已结束")


def marker_label(stage: Stage) -> str:
    name = MARKER_NAMES.get(stage.key)
    shown = QCoreApplication.translate("timeline", name) if name else stage.name
    return f"{shown} {days_text(stage)}".strip()


def bar_text(bar: Bar) -> str:
    """The short text drawn on a bar: its dates."""
    if bar.first == bar.last:
        return f"{bar.first.month}/{bar.first.day}"
    return f"{bar.first.month}/{bar.first.day}–{bar.last.month}/{bar.last.day}"


def _when(value: dt.datetime | None) -> str:
    if value is None:
        return QCoreApplication.translate("timeline", "未填写")
    return value.strftime("%Y-%m-%d %H:%M")


def stage_tooltip(stage: Stage) -> str:
    lines = [stage.name]
    if stage.kind == "deadline" and stage.end is not None:
        day = show_day(stage.end.date())
        lines.append(QCoreApplication.translate("timeline", "最晚 {day}").format(day=day))
    elif stage.key == "evaluation_date" and stage.start is not None:
        lines.append(show_day(stage.start.date()))
    else:
        lines.append(
            QCoreApplication.translate("timeline", "{start} 至 {end}").format(
                start=_when(stage.start), end=_when(stage.end)
            )
        )
    progress = days_text(stage)
    if progress:
        lines.append(progress)
    for finding in stage.findings:
        mark = "●" if finding.severity == ERROR else "▲"
        lines.append(f"{mark} {finding.message}")
    return "\n".join(lines)


def day_tooltip(day: DayInfo) -> str:
    lines = [show_day(day.date)]
    if not day.covered:
        lines.append(
            QCoreApplication.translate("timeline", "日历未覆盖：{why}，无法判断是否工作日").format(
                why=not_covered_text((day.date.year,))
            )
        )
    elif day.is_makeup_workday:
        lines.append(
            QCoreApplication.translate("timeline", "调休上班（{holiday}）").format(
                holiday=day.holiday_name or ""
            )
        )
    elif day.is_holiday:
        lines.append(
            QCoreApplication.translate("timeline", "{holiday} · 法定节假日放假").format(
                holiday=day.holiday_name
            )
        )
    elif day.is_weekend:
        lines.append(QCoreApplication.translate("timeline", "周末"))
    return "\n".join(lines)


def uncovered_spans(picture: TimelinePicture) -> list[tuple[int, int]]:
    """(first index, last index) of each run of days the holiday calendar does not reach."""
    spans: list[tuple[int, int]] = []
    for index, day in enumerate(picture.days):
        if day.covered:
            continue
        if spans and spans[-1][1] == index - 1:
            spans[-1] = (spans[-1][0], index)
        else:
            spans.append((index, index))
    return spans
