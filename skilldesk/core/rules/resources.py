"""Checks of what a plan rests on: certified scope, approved rooms, examiners, question sources.

Pure functions over plain data; the services read the store into these shapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from skilldesk.core.filing import APPROVED, status_label
from skilldesk.core.findings import ERROR, WARNING, Finding, Severity
from skilldesk.core.levels import level_name
from skilldesk.core.normalize import clean_text, to_half_width
from skilldesk.core.plan_data import SUBJECT_NAMES

SEVERITIES: dict[str, Severity] = {
    "LEVEL_OUT_OF_SCOPE": ERROR,
    "ROOM_NOT_APPROVED": ERROR,
    "SITE_NOT_APPROVED": ERROR,
    "EXAMINERS_TOO_FEW": ERROR,
    "EXAMINER_GRADE": ERROR,
    "SELF_MADE_SHARE": ERROR,
    "SITE_COUNTY_MISMATCH": WARNING,
}
MIN_EXAMINERS = 3  # seed 004: 每个职业（工种）配备考评人员不得少于3人
MAX_SELF_MADE_SHARE = 70  # seed 004: 自行命题的试题比例原则上不得超过70%
EXAMINER = "考评员"
SENIOR_EXAMINER = "高级考评员"
GRADES: tuple[str, ...] = (EXAMINER, SENIOR_EXAMINER)
# The highest level (lowest number) each grade may examine. Seed 004: 考评员可对三级（高级工）
# 及以下等级执行考评，高级考评员可对一级（高级技师）及以下等级执行考评。
HIGHEST_LEVEL: dict[str, int] = {EXAMINER: 3, SENIOR_EXAMINER: 1}


@dataclass(frozen=True, slots=True)
class ScopeEntry:
    """One certified-scope row: occupation, code, work type (工种) and its levels."""

    occupation: str
    occupation_code: str | None
    work_type: str | None
    levels: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ExaminerEntry:
    name: str
    grade: str
    occupations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SessionRoom:
    """A session's room and the filing status of the site it belongs to."""

    index: int  # the session's place in the plan (its finding's field is `sessions[index]`)
    subject: str
    room: str  # "001 实训楼3幢2层201"
    site: str
    site_status: str


def same_name(a: str | None, b: str | None) -> bool:
    """Occupation names compared as people type them: spaces and full-width brackets aside."""
    if not a or not b:
        return False
    return _key(a) == _key(b)


def _key(text: str) -> str:
    return to_half_width(clean_text(text)).replace(" ", "")


def may_examine(grade: str, level: int) -> bool:
    return level >= HIGHEST_LEVEL.get(grade, HIGHEST_LEVEL[EXAMINER])


def examines_occupation(examiner: ExaminerEntry, occupation: str, work_type: str | None) -> bool:
    return any(same_name(o, occupation) or same_name(o, work_type) for o in examiner.occupations)


def scope_rows_for(
    scope: Sequence[ScopeEntry], occupation: str, code: str | None, work_type: str | None
) -> list[ScopeEntry]:
    """The scope rows naming this occupation (by name, work type or occupation code)."""
    rows = []
    for entry in scope:
        named = same_name(occupation, entry.occupation) or same_name(occupation, entry.work_type)
        coded = bool(code and entry.occupation_code and code == entry.occupation_code)
        if not (named or coded):
            continue
        if work_type and entry.work_type and not same_name(work_type, entry.work_type):
            continue
        rows.append(entry)
    return rows


def check_level_in_scope(
    scope: Sequence[ScopeEntry],
    occupation: str,
    level: int | None,
    *,
    code: str | None = None,
    work_type: str | None = None,
    record: str | None = None,
) -> list[Finding]:
    """LEVEL_OUT_OF_SCOPE when the occupation or its level is outside the certified scope."""
    if level is None or not occupation:
        return []
    rows = scope_rows_for(scope, occupation, code, work_type)
    if any(level in row.levels for row in rows):
        return []
    if not rows:
        message = (
            f"“{occupation}”不在本机构的认定范围（附件13）内，不能开展该职业的等级认定。"
            "请核对职业名称，或先导入最新的认定范围。"
        )
    else:
        filed = sorted({lv for row in rows for lv in row.levels}, reverse=True)
        shown = "、".join(level_name(lv) for lv in filed) or "无"
        message = (
            f"“{occupation}”的{level_name(level)}不在本机构的认定范围内（已备案等级：{shown}）。"
        )
    return [Finding("LEVEL_OUT_OF_SCOPE", ERROR, message, field="level", record=record)]


def check_examiners(
    occupation: str,
    level: int | None,
    assigned: Sequence[ExaminerEntry],
    on_file: Sequence[ExaminerEntry],
    *,
    work_type: str | None = None,
    record: str | None = None,
) -> list[Finding]:
    """EXAMINERS_TOO_FEW and EXAMINER_GRADE for a plan's examiners.

    A plan with examiners assigned is judged on them; one without is judged on the examiners on
    file for its occupation who may examine its level.
    """
    if level is None:
        return []
    findings: list[Finding] = []
    if assigned:
        for examiner in assigned:
            if not may_examine(examiner.grade, level):
                message = (
                    f"{examiner.name}是{examiner.grade}，只能执评{level_name(HIGHEST_LEVEL[EXAMINER])}"
                    f"及以下等级；{level_name(level)}须由高级考评员执评。"
                )
                findings.append(
                    Finding("EXAMINER_GRADE", ERROR, message, field="examiners", record=record)
                )
        count, whose = len(assigned), "本计划安排的考评员"
    else:
        qualified = [
            e
            for e in on_file
            if examines_occupation(e, occupation, work_type) and may_examine(e.grade, level)
        ]
        count, whose = len(qualified), f"可执评“{occupation}”{level_name(level)}的考评员"
    if count < MIN_EXAMINERS:
        message = (
            f"{whose}只有 {count} 人；每个职业（工种）配备的考评人员不得少于 {MIN_EXAMINERS} 人。"
        )
        findings.append(
            Finding("EXAMINERS_TOO_FEW", ERROR, message, field="examiners", record=record)
        )
    return findings


def check_session_rooms(
    sessions: Sequence[SessionRoom], *, record: str | None = None
) -> list[Finding]:
    """ROOM_NOT_APPROVED for each session held in a room whose site has not been approved."""
    findings = []
    for session in sessions:
        if session.site_status == APPROVED:
            continue
        subject = SUBJECT_NAMES.get(session.subject, session.subject)
        message = (
            f"{subject}安排在考场“{session.room}”，但它所属的考点“{session.site}”"
            f"备案状态为“{status_label(session.site_status)}”：计划只能使用备案已通过的考点的考场。"
        )
        field = f"sessions[{session.index}]"
        findings.append(Finding("ROOM_NOT_APPROVED", ERROR, message, field=field, record=record))
    return findings


def check_plan_site(
    site: str | None, status: str | None, *, record: str | None = None
) -> list[Finding]:
    """SITE_NOT_APPROVED when the plan's site (考点) is not, or is no longer, approved."""
    if site is None or status == APPROVED:
        return []
    shown = status_label(status) if status else "未知"
    message = f"计划选择的考点“{site}”备案状态为“{shown}”：评价计划只能选择备案已通过的考点。"
    return [Finding("SITE_NOT_APPROVED", ERROR, message, field="site", record=record)]


def check_site_county(
    site: str, site_in_filing_region: bool, other_county: bool, *, record: str | None = None
) -> list[Finding]:
    """SITE_COUNTY_MISMATCH when the plan's 备案层级内其他县市区 answer and its site disagree.

    Seed 000: a plan held in another county within the filing level chooses that county's
    filed site (a 备案地以外考点), and that county's center reviews it; a plan at home uses a
    site of the filing region.
    """
    if other_county and site_in_filing_region:
        message = (
            f"计划选择了“在备案层级内其他县市区开展”，但考点“{site}”是备案地考点：请选择该县市区"
            "已备案的考点（备案地以外考点），计划将由该县市区评价中心审核。"
        )
    elif not other_county and not site_in_filing_region:
        message = (
            f"考点“{site}”是备案地以外考点：在其他县市区开展认定时，请把“备案层级内其他县市区"
            "开展等级认定”选为“是”，计划将由该县市区评价中心审核。"
        )
    else:
        return []
    return [Finding("SITE_COUNTY_MISMATCH", WARNING, message, field="site", record=record)]


def check_self_made_share(share: int | None, *, record: str | None = None) -> list[Finding]:
    """SELF_MADE_SHARE when self-made questions exceed 70% of the paper."""
    if share is None or share <= MAX_SELF_MADE_SHARE:
        return []
    message = (
        f"自行命题的试题比例为 {share}%，超过了 {MAX_SELF_MADE_SHARE}% 的上限"
        "（浙人社发〔2014〕131号）。请提高国家或省题库试题的比例。"
    )
    return [Finding("SELF_MADE_SHARE", ERROR, message, field="self_made_share", record=record)]
