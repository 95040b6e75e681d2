"""One truth for roster errors: the counts the plan list and the home page show always equal
what the roster page's live check finds — after import, edit, a new exam date, new rules, a new day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from skilldesk.core import roster_summary
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.services.plans import create_plan, list_plans
from skilldesk.services.roster import edit_candidate, import_roster_file, load_roster_table

from .test_roster_service import LI, WANG, ZHANG, roster

TODAY = dt.date(2026, 12, 4)


def live(workspace, plan_id: int, today: dt.date = TODAY) -> tuple[int, int]:
    """What the roster page shows: rows, and rows with at least one error."""
    table = load_roster_table(workspace.store, plan_id, today=today)
    errors = sum(1 for findings in table.findings if any(f.severity == "error" for f in findings))
    return len(table.rows), errors


def listed(workspace, plan_id: int, today: dt.date = TODAY) -> tuple[int, int]:
    plan = next(p for p in list_plans(workspace.store, today=today) if p.id == plan_id)
    return plan.candidate_count, plan.error_rows


@pytest.fixture
def plan_id(workspace) -> int:
    return create_plan(workspace.store, "电工", 4, evaluation_date=dt.date(2027, 1, 20)).id


def test_the_same_person_on_two_rows_counts_as_the_roster_page_shows(
    workspace, plan_id, tmp_path: Path
) -> None:
    path = roster(
        tmp_path / "r.xlsx",
        ["张三", ZHANG, "女", "", "13812345678", "大专"],
        ["张三", ZHANG, "女", "", "13812345678", "大专"],  # the same person again
        ["李四", LI, "女", "", "1381234", "大专"],  # a phone that is wrong
    )
    import_roster_file(workspace.store, path, plan_id, today=TODAY)
    assert listed(workspace, plan_id) == live(workspace, plan_id) == (2, 1)


def test_counts_follow_an_edit_a_new_exam_date_and_a_new_day(workspace, plan_id, tmp_path) -> None:
    # Born 2011-01-25: under 16 on an exam in January 2027, 16 by the summer.
    young = "330802201101250012"
    from skilldesk.core.rules.identity import resident_id_check_digit

    young = young[:17] + resident_id_check_digit(young[:17])
    path = roster(
        tmp_path / "r.xlsx",
        ["张三", ZHANG, "女", "", "13812345678", "大专"],
        ["王五", WANG, "男", "", "138", "大专"],
        ["少年", young, "男", "", "13812345679", "初中"],
    )
    import_roster_file(workspace.store, path, plan_id, today=TODAY)
    assert listed(workspace, plan_id) == live(workspace, plan_id) == (3, 1)

    table = load_roster_table(workspace.store, plan_id, today=TODAY)
    wang = table.candidate_ids[1]
    edit_candidate(workspace.store, wang, "phone", "13812345670", today=TODAY)
    assert listed(workspace, plan_id) == live(workspace, plan_id) == (3, 0)

    with unit_of_work(workspace.store, today=TODAY) as uow:
        from skilldesk.core.models import Plan

        uow.get(Plan, plan_id).evaluation_date = dt.date(2027, 8, 1)
    assert listed(workspace, plan_id) == live(workspace, plan_id)

    tomorrow = TODAY + dt.timedelta(days=1)
    assert listed(workspace, plan_id, tomorrow) == live(workspace, plan_id, tomorrow)


def test_new_rules_make_stored_counts_stale(workspace, plan_id, tmp_path, monkeypatch) -> None:
    path = roster(tmp_path / "r.xlsx", ["王五", WANG, "男", "", "138", "大专"])
    import_roster_file(workspace.store, path, plan_id, today=TODAY)
    assert listed(workspace, plan_id) == (1, 1)
    # An upgrade whose rules judge differently: stored counts made under the old rules are
    # not believed, whatever they say.
    monkeypatch.setattr(
        roster_summary, "ROSTER_RULES_VERSION", roster_summary.ROSTER_RULES_VERSION + 1
    )
    monkeypatch.setattr(
        roster_summary,
        "live_counts",
        lambda rows, date, today: roster_summary.RosterCounts(len(rows), 0, 0),
    )
    assert listed(workspace, plan_id) == (1, 0)
