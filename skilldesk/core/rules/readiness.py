"""Whether a stored plan has what a batch needs before it goes to the center: an institution, a
roster without errors, a photo for everyone who sits, a site, sessions, an approved annual scheme
that lists it, and an exam day still ahead.

Pure functions over plain data; services/plan_check.py reads the store into these shapes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from skilldesk.core.filing import APPROVED, status_label
from skilldesk.core.findings import ERROR, WARNING, Finding, Severity
from skilldesk.core.levels import level_name
from skilldesk.core.rules.resources import ScopeEntry, scope_rows_for

SEVERITIES: dict[str, Severity] = {
    "INSTITUTION_MISSING": ERROR,
    "PLAN_ROSTER_EMPTY": ERROR,
    "PLAN_ROSTER_ERRORS": ERROR,
    "PLAN_PHOTOS_MISSING": ERROR,
    "PLAN_SITE_MISSING": ERROR,
    "PLAN_SESSIONS_MISSING": ERROR,
    "SCHEME_NOT_COVERING": ERROR,
    "EVALUATION_DATE_PAST": WARNING,
}
NAMES_SHOWN = 3  # candidates named in PLAN_PHOTOS_MISSING; the rest are counted
ROSTER = "考生名册"  # the `record` of roster and photo findings: where the user fixes them
SCHEME = "年度实施方案"


@dataclass(frozen=True, slots=True)
class SchemeEntry:
    """An annual scheme as far as coverage goes: its year, status and the items it lists."""

    year: int
    status: str
    items: tuple[ScopeEntry, ...]  # occupation, work type and levels of each item (no code)


def check_institution(named: bool) -> list[Finding]:
    """INSTITUTION_MISSING while the workspace has no institution with a name."""
    if named:
        return []
    message = (
        "还没有填写机构信息：认定范围、备案有效期和按地区适用的规则都以它为准。"
        "请先到「机构信息」页填写。"
    )
    return [Finding("INSTITUTION_MISSING", ERROR, message, record="机构信息")]


def check_roster(active: int, withdrawn: int, rows_with_errors: int) -> list[Finding]:
    """PLAN_ROSTER_EMPTY when nobody sits the plan; PLAN_ROSTER_ERRORS with how many candidates
    have errors (the roster page's own count, withdrawn candidates excluded)."""
    if not active:
        message = (
            f"本计划的考生都已退考（{withdrawn} 名已退考），名册中没有报考中的考生。"
            if withdrawn
            else "名册中还没有考生：导入报名名册后才能提交。"
        )
        return [Finding("PLAN_ROSTER_EMPTY", ERROR, message, record=ROSTER)]
    if not rows_with_errors:
        return []
    message = f"名册中有 {rows_with_errors} 名考生的信息有错误，请到「考生名册」页改正。"
    extra = {"candidates_with_errors": rows_with_errors}
    return [Finding("PLAN_ROSTER_ERRORS", ERROR, message, record=ROSTER, extra=extra)]


def check_photos(without_photo: Sequence[str]) -> list[Finding]:
    """PLAN_PHOTOS_MISSING: how many active candidates have no accepted photo, naming a few."""
    if not without_photo:
        return []
    count = len(without_photo)
    named = "、".join(without_photo[:NAMES_SHOWN]) + ("等" if count > NAMES_SHOWN else "")
    message = f"{count} 名考生还没有合格的照片（{named}），请到「照片」页导入。"
    extra = {"candidates_without_photo": count}
    return [Finding("PLAN_PHOTOS_MISSING", ERROR, message, record=ROSTER, extra=extra)]


def check_site_and_sessions(has_site: bool, sessions: int) -> list[Finding]:
    """PLAN_SITE_MISSING without a site (考点); PLAN_SESSIONS_MISSING without any exam session."""
    findings = []
    if not has_site:
        message = "还没有选择考点：请选择一个备案已通过的考点。"
        findings.append(Finding("PLAN_SITE_MISSING", ERROR, message, field="site"))
    if not sessions:
        message = "还没有安排考试场次：请添加理论知识、操作技能等各科的考试时间和考场。"
        findings.append(Finding("PLAN_SESSIONS_MISSING", ERROR, message))
    return findings


def check_scheme_coverage(
    schemes: Sequence[SchemeEntry],
    occupation: str,
    level: int,
    evaluation_date: dt.date | None,
    *,
    code: str | None = None,
    work_type: str | None = None,
) -> list[Finding]:
    """SCHEME_NOT_COVERING unless an approved scheme of the exam's year lists the plan's
    occupation (or work type) at its level. Without an exam day there is no year to judge
    (TIMELINE_MISSING asks for the day)."""
    if evaluation_date is None or not occupation:
        return []
    year = evaluation_date.year
    of_year = [s for s in schemes if s.year == year]
    approved = [s for s in of_year if s.status == APPROVED]
    what = f"“{occupation}”{level_name(level)}"
    for scheme in approved:
        rows = scope_rows_for(scheme.items, occupation, code, work_type)
        if any(level in row.levels for row in rows):
            return []
    if approved:
        message = (
            f"{year} 年度已审核通过的实施方案中没有{what}：认定须在当年实施方案所列的职业和等级内，"
            "请补报实施方案。"
        )
    elif of_year:
        shown = "、".join(dict.fromkeys(status_label(s.status) for s in of_year))
        message = (
            f"{year} 年度实施方案的状态为“{shown}”，还未审核通过：认定日期在 {year} 年，"
            "须等当年的实施方案审核通过。"
        )
    else:
        message = (
            f"还没有 {year} 年度实施方案（附件8）：认定日期在 {year} 年，"
            f"须先编制当年的实施方案并经审核通过，其中列入{what}。"
        )
    return [Finding("SCHEME_NOT_COVERING", ERROR, message, record=SCHEME)]


def check_evaluation_date(evaluation_date: dt.date | None, today: dt.date) -> list[Finding]:
    """EVALUATION_DATE_PAST once the exam day is behind us (the day itself is still ahead)."""
    if evaluation_date is None or evaluation_date >= today:
        return []
    message = f"认定日期 {evaluation_date.isoformat()} 已经过去：如果考试还没有举行，请改期后重新报送计划。"
    return [Finding("EVALUATION_DATE_PAST", WARNING, message, field="evaluation_date")]
