"""Roster use cases in-process: import, re-import, cancel, edit, reload — what staff rely on."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from skilldesk.core.models import Candidate
from skilldesk.core.progress import Cancelled, CancelToken
from skilldesk.core.rules.identity import resident_id_check_digit
from skilldesk.services.plans import create_plan
from skilldesk.services.roster import edit_candidate, import_roster_file, load_roster_table


def valid_id(first17: str) -> str:
    return first17 + resident_id_check_digit(first17)


ZHANG = valid_id("33082219901215342")
LI = valid_id("33010219850304123")
WANG = valid_id("33080219780101001")
HEADER = ["姓名", "证件号码", "性别", "出生日期", "手机号码", "文化程度"]


def roster(path: Path, *rows: Sequence[object]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def count(workspace) -> int:
    with workspace.store.session() as session:
        return int(session.scalar(select(func.count()).select_from(Candidate)))


@pytest.fixture
def plan_id(workspace) -> int:
    return create_plan(workspace.store, "电工", 4).id


def test_unreadable_birth_date_is_kept_and_stays_an_error(workspace, plan_id, tmp_path) -> None:
    path = roster(tmp_path / "r.xlsx", ["张三", ZHANG, "女", "1990年13月", "13812345678", "大专"])
    result = import_roster_file(workspace.store, path, plan_id)
    assert result.added == 1
    assert [f.code for f in result.findings] == ["DATE_FORMAT"]
    table = load_roster_table(workspace.store, plan_id)
    birth = table.rows[0][table.columns.index("birth_date")]
    assert birth == "1990年13月", "what the user typed must not be lost"
    assert [f.code for f in table.findings[0]] == ["DATE_FORMAT"]
    education = table.rows[0][table.columns.index("education")]
    assert education == "大学专科"


def test_rows_without_a_usable_id_are_reported_not_imported(workspace, plan_id, tmp_path) -> None:
    path = roster(
        tmp_path / "r.xlsx",
        ["张三", ZHANG, "女", None, "13812345678", None],
        ["李四", None, "男", None, "13912345678", None],
        ["张三", ZHANG, "女", None, "13812345678", None],
        ["王五", 330822199012150000.0, "男", None, "13712345678", None],
    )
    result = import_roster_file(workspace.store, path, plan_id)
    assert result.added == 1
    assert sorted(f.row or 0 for f in result.skipped) == [3, 4, 5]
    assert all(f.code == "ROW_NOT_IMPORTED" for f in result.skipped)
    assert count(workspace) == 1


def test_an_id_held_by_another_person_is_not_overwritten(workspace, plan_id, tmp_path) -> None:
    import_roster_file(
        workspace.store,
        roster(tmp_path / "a.xlsx", ["张三", ZHANG, None, None, "13812345678", None]),
        plan_id,
    )
    result = import_roster_file(
        workspace.store,
        roster(tmp_path / "b.xlsx", ["赵六", ZHANG, None, None, "13812345678", None]),
        plan_id,
    )
    assert (result.added, result.changed) == (0, 0)
    assert [f.code for f in result.findings] == ["DUPLICATE_ID", "ROW_NOT_IMPORTED"]
    table = load_roster_table(workspace.store, plan_id)
    assert table.rows[0][table.columns.index("name")] == "张三"


def test_cancelled_import_leaves_the_store_as_it_was(workspace, plan_id, tmp_path) -> None:
    import_roster_file(
        workspace.store,
        roster(tmp_path / "a.xlsx", ["张三", ZHANG, None, None, "13812345678", None]),
        plan_id,
    )
    rows = [
        [f"考生{i}", valid_id(f"3308221990010{i:04d}"), None, None, "13812345678", None]
        for i in range(2500)
    ]
    token = CancelToken()

    def cancel_midway(done: int, total: int, label: str) -> None:
        if done >= 1000:
            token.cancel()

    with pytest.raises(Cancelled):
        import_roster_file(
            workspace.store,
            roster(tmp_path / "big.xlsx", *rows),
            plan_id,
            progress=cancel_midway,
            cancel=token,
        )
    assert count(workspace) == 1


def test_reimport_bumps_version_only_for_changed_rows(workspace, plan_id, tmp_path) -> None:
    first = roster(
        tmp_path / "a.xlsx",
        ["张三", ZHANG, None, None, "13812345678", None],
        ["李四", LI, None, None, "13912345678", None],
    )
    import_roster_file(workspace.store, first, plan_id)
    second = roster(
        tmp_path / "b.xlsx",
        ["张三", ZHANG, None, None, "13812345678", None],
        ["李四", LI, None, None, "13912340000", None],
        ["王五", WANG, None, None, "13712345678", None],
    )
    result = import_roster_file(workspace.store, second, plan_id)
    assert (result.added, result.changed, result.unchanged) == (1, 1, 1)
    with workspace.store.session() as session:
        versions = dict(session.execute(select(Candidate.name, Candidate.version)).all())
    assert versions == {"张三": 1, "李四": 2, "王五": 1}


def test_editing_a_bad_phone_rechecks_and_saves(workspace, plan_id, tmp_path) -> None:
    import_roster_file(
        workspace.store,
        roster(tmp_path / "a.xlsx", ["张三", ZHANG, None, None, "1381234", None]),
        plan_id,
    )
    table = load_roster_table(workspace.store, plan_id)
    assert [f.code for f in table.findings[0]] == ["PHONE_FORMAT"]
    edit = edit_candidate(workspace.store, table.candidate_ids[0], "phone", " 138 1234 5678 ")
    assert edit.saved
    assert edit.values["phone"] == "13812345678"
    assert [f.code for f in edit.findings] == []
    again = load_roster_table(workspace.store, plan_id)
    assert again.rows[0][again.columns.index("phone")] == "13812345678"
    assert again.findings[0] == []


def test_editing_an_id_into_another_candidates_is_refused(workspace, plan_id, tmp_path) -> None:
    path = roster(
        tmp_path / "a.xlsx",
        ["张三", ZHANG, None, None, "13812345678", None],
        ["李四", LI, None, None, "13912345678", None],
    )
    import_roster_file(workspace.store, path, plan_id)
    table = load_roster_table(workspace.store, plan_id)
    edit = edit_candidate(workspace.store, table.candidate_ids[1], "id_number", ZHANG)
    assert not edit.saved
    assert "张三" in edit.message
    again = load_roster_table(workspace.store, plan_id)
    assert again.rows[1][again.columns.index("id_number")] == LI
