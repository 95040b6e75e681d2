"""Pure rules behind the institution and plan checks: levels, codes, grades, scope, shares."""

from __future__ import annotations

import datetime as dt

import pytest

from skilldesk.core.rules.institution import (
    check_scope_row,
    credit_code_problem,
    filing_number_problem,
    filing_valid_until,
    format_levels,
    normalize_scope_code,
    parse_levels,
)
from skilldesk.core.rules.resources import (
    ExaminerEntry,
    ScopeEntry,
    check_examiners,
    check_level_in_scope,
    check_self_made_share,
    check_site_county,
    may_examine,
)


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("5、4、3、2、1", (5, 4, 3, 2, 1)),
        ("3,4，5", (5, 4, 3)),
        ("五级/初级工、四级/中级工", (5, 4)),
        ("三级", (3,)),
        ("高级技师", (1,)),
        ("５、４", (5, 4)),
        ("5、5、4", (5, 4)),
        ("", None),
        ("初级、高手", None),
        ("6", None),
    ],
)
def test_levels_as_attachment_13_writes_them(text: str, levels: tuple[int, ...] | None) -> None:
    assert parse_levels(text) == levels


def test_levels_are_shown_highest_number_first() -> None:
    assert format_levels([3, 5, 4]) == "5、4、3"


def test_occupation_codes() -> None:
    assert normalize_scope_code(" 4－03—02–01 ") == "4-03-02-01"
    assert check_scope_row("中式烹调师", "4-03-02-01", "5、4") == []
    bad = check_scope_row("质检员", "6-31-3-5", "5", row=7)
    assert [(f.code, f.row, f.field) for f in bad] == [("SCOPE_CODE_FORMAT", 7, "occupation_code")]
    assert [f.code for f in check_scope_row("质检员", None, "5")] == ["SCOPE_CODE_FORMAT"]


def test_credit_code_and_filing_number() -> None:
    assert credit_code_problem("91110000600037341L") is None
    assert "校验位" in (credit_code_problem("91110000600037341M") or "")
    assert "I、O、Z、S、V" in (credit_code_problem("9111000060003734IL") or "")
    assert filing_number_problem("Y3308", "enterprise") is None
    assert filing_number_problem("Y3308", "school") is not None


def test_filing_validity_is_two_years_less_a_day() -> None:
    assert filing_valid_until(dt.date(2025, 3, 1)) == dt.date(2027, 2, 28)
    assert filing_valid_until(dt.date(2024, 2, 29)) == dt.date(2026, 2, 27)


def test_grades() -> None:
    assert may_examine("考评员", 3) and not may_examine("考评员", 2)
    assert may_examine("高级考评员", 1)


def test_scope_matches_by_name_work_type_or_code() -> None:
    scope = [
        ScopeEntry("汽车生产线操作工", "6-22-01-01", "汽车涂装生产线操作工", (5, 4)),
        ScopeEntry("电工", "6-31-01-03", None, (5, 4, 3)),
    ]
    assert check_level_in_scope(scope, "汽车涂装生产线操作工", 4) == []
    assert check_level_in_scope(scope, "电 工", 3) == []
    assert check_level_in_scope(scope, "维修电工", 3, code="6-31-01-03") == []
    [out] = check_level_in_scope(scope, "电工", 2)
    assert (
        out.code == "LEVEL_OUT_OF_SCOPE" and "五级/初级工、四级/中级工、三级/高级工" in out.message
    )
    assert check_level_in_scope(scope, "电工", None) == []


def test_examiners_on_file_count_only_when_qualified() -> None:
    on_file = [
        ExaminerEntry("甲", "高级考评员", ("电工",)),
        ExaminerEntry("乙", "考评员", ("电工",)),
        ExaminerEntry("丙", "考评员", ("电工（维修）", "电工")),
    ]
    assert check_examiners("电工", 3, [], on_file) == []
    [few] = check_examiners("电工", 2, [], on_file)
    assert few.code == "EXAMINERS_TOO_FEW" and "只有 1 人" in few.message
    grade = check_examiners("电工", 1, on_file, on_file)
    assert [f.code for f in grade] == ["EXAMINER_GRADE", "EXAMINER_GRADE"]


def test_self_made_share_limit_is_inclusive() -> None:
    assert check_self_made_share(70) == [] and check_self_made_share(None) == []
    [finding] = check_self_made_share(71)
    assert finding.code == "SELF_MADE_SHARE" and finding.severity == "error"


def test_the_other_county_answer_must_fit_the_site() -> None:
    assert check_site_county("本校考点", True, False) == []
    assert check_site_county("龙游实训基地考点", False, True) == []
    home = check_site_county("本校考点", True, True)
    assert [(f.code, f.severity, f.field) for f in home] == [
        ("SITE_COUNTY_MISMATCH", "warning", "site")
    ]
    assert "请选择该县市区已备案的考点" in home[0].message
    away = check_site_county("龙游实训基地考点", False, False)
    assert "选为“是”" in away[0].message and "该县市区评价中心审核" in away[0].message
