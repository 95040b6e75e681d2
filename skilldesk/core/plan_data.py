"""An evaluation plan's timeline and exam sessions as plain data: what the rules check.

The plan file (`plan export` / `plan import` / `plan check FILE.json`) and the stored Plan both
map onto PlanData, so the same timeline rules serve both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Subject = Literal["theory", "practical", "comprehensive"]
SUBJECT_NAMES: dict[str, str] = {
    "theory": "理论知识",
    "practical": "操作技能",
    "comprehensive": "综合评审",
}

# The plan file's timeline keys in the order the stages happen (seed 000's plan form plus the
# ticket-download window of seed 002).
TIMELINE_KEYS: tuple[str, ...] = (
    "registration_start",
    "registration_end",
    "review_deadline",
    "pre_notice_start",
    "pre_notice_end",
    "ticket_download_start",
    "ticket_download_end",
    "evaluation_date",
    "score_notice_start",
    "score_notice_end",
)
TIMELINE_LABELS: dict[str, str] = {
    "registration_start": "个人申报开始时间",
    "registration_end": "个人申报截止时间",
    "review_deadline": "资格审查截止时间",
    "pre_notice_start": "评前公示开始时间",
    "pre_notice_end": "评前公示结束时间",
    "ticket_download_start": "准考证下载开始时间",
    "ticket_download_end": "准考证下载结束时间",
    "evaluation_date": "认定日期",
    "score_notice_start": "成绩公示开始时间",
    "score_notice_end": "成绩公示结束时间",
}


@dataclass
class ExamSessionData:
    """One subject's sitting: 理论 / 实操 / 综合, from start to end, in a room (试场编号 or name)."""

    subject: Subject
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    room: str | None = None


@dataclass
class PlanData:
    """Everything the timeline rules need to know about one plan. Times are naive local times."""

    occupation: str = ""
    occupation_code: str | None = None
    level: int | None = None
    registration_start: dt.datetime | None = None
    registration_end: dt.datetime | None = None
    review_deadline: dt.datetime | None = None
    pre_notice_start: dt.datetime | None = None
    pre_notice_end: dt.datetime | None = None
    ticket_download_start: dt.datetime | None = None
    ticket_download_end: dt.datetime | None = None
    evaluation_date: dt.date | None = None
    score_notice_start: dt.datetime | None = None
    score_notice_end: dt.datetime | None = None
    sessions: list[ExamSessionData] = field(default_factory=list)
    # The day the plan was pushed to the evaluation center; the ≥ 10-working-days rule is judged
    # from it (instead of today) once the plan is sent.
    submitted_on: dt.date | None = None
