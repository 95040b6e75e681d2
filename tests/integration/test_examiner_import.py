"""Importing the examiner list: matching by badge number or name and birth, refused rows, one
transaction, and `skilldesk examiner import`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy.exc import IntegrityError

from skilldesk.core.progress import Cancelled, CancelToken
from skilldesk.services.examiner_import import import_examiners, split_occupations
from skilldesk.services.examiners import ExaminerFields, add_examiner, list_examiners
from tests.helpers import run_cli

TODAY = dt.date(2025, 6, 1)
HEADER = (
    "序号",
    "姓名",
    "性别",
    "出生日期",
    "年龄",
    "工作单位",
    "职称",
    "考评员证号",
    "等级",
    "考评职业",
)
STAFF = [
    (1, "方建平", "男", dt.date(1972, 3, 14), None, "示范学院", "高级讲师", "ZJ-KP-0101", "高级考评员", "电工、焊工"),
    (2, "毛丽华", "女", None, 39, "示范学院", "讲师", "ZJ-KP-0102", "考评员", "电工/焊工"),
    (3, "郑国强", "男", "1979年11月23日", None, "示范学院", "高级技师", None, "考评员", "电工 焊工"),
]  # fmt: skip


def write_list(path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> Path:
    """The list as offices keep it: a title row, then the header, then one row per examiner."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["考评员名单"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def by_name(workspace: Any) -> dict[str, ExaminerFields]:
    return {e.name: e.fields for e in list_examiners(workspace.store)}


def test_a_list_is_added_and_a_second_import_changes_nothing(workspace, tmp_path: Path) -> None:
    path = write_list(tmp_path / "名单.xlsx", STAFF)
    first = import_examiners(workspace.store, path, today=TODAY)
    assert (first.added, first.updated, first.unchanged, first.refused) == (3, 0, 0, 0)
    assert [r.row for r in first.rows] == [3, 4, 5]  # Excel's numbers: title and header first
    assert all(r.examiner_id for r in first.rows)
    stored = by_name(workspace)
    assert stored["方建平"].grade == "高级考评员"
    assert stored["方建平"].birth_date == dt.date(1972, 3, 14)
    assert stored["郑国强"].birth_date == dt.date(1979, 11, 23)
    assert stored["毛丽华"].occupations == ("电工", "焊工")
    assert stored["郑国强"].occupations == ("电工", "焊工")
    # Only an age: the birth date stays empty rather than an invented 1 January.
    assert stored["毛丽华"].birth_date is None
    [partial] = [f for f in first.findings if f.code == "EXAMINER_BIRTH_PARTIAL"]
    assert partial.row == 4 and partial.severity == "warning" and "39 岁" in partial.message

    again = import_examiners(workspace.store, path, today=TODAY)
    assert (again.added, again.updated, again.unchanged, again.refused) == (0, 0, 3, 0)
    assert by_name(workspace) == stored


def test_rows_update_by_badge_number_or_by_name_and_birth(workspace, tmp_path: Path) -> None:
    store = workspace.store
    add_examiner(
        store,
        ExaminerFields(
            name="方建平", badge_number="ZJ-KP-0101", unit="示范学院", title="讲师",
            occupations=("电工",),
        ),
    )  # fmt: skip
    add_examiner(store, ExaminerFields(name="郑国强", birth_date=dt.date(1979, 11, 23)))
    add_examiner(store, ExaminerFields(name="王伟", birth_date=dt.date(1970, 5, 1)))
    add_examiner(store, ExaminerFields(name="王伟", birth_date=dt.date(1990, 5, 1)))
    rows = [
        # The badge typed in full-width; the empty 工作单位 keeps what is stored.
        (1, "方建平", None, None, None, None, "高级讲师", "ＺＪ-ＫＰ-0101", "高级", "电工、焊工"),
        (2, "郑国强", None, "1979-11-23", None, None, None, "ZJ-KP-0103", None, None),
        (3, "王伟", None, None, 35, None, "技师", None, None, None),  # the age tells which
    ]  # fmt: skip
    result = import_examiners(store, write_list(tmp_path / "l.xlsx", rows), today=TODAY)
    outcomes = [(r.name, r.outcome, r.changed) for r in result.rows]
    assert outcomes == [
        ("方建平", "updated", ("职称", "等级", "考评职业")),
        ("郑国强", "updated", ("考评员证号",)),
        ("王伟", "updated", ("职称",)),
    ]
    unsure = [(1, "王伟", None, None, None, None, "讲师", None, None, None)]  # nothing tells which
    [refused] = import_examiners(store, write_list(tmp_path / "2.xlsx", unsure), today=TODAY).rows
    assert refused.outcome == "refused" and "2 位叫“王伟”" in refused.detail
    stored = list_examiners(store)
    fang = stored[0].fields
    assert (fang.unit, fang.title, fang.grade) == ("示范学院", "高级讲师", "高级考评员")
    assert fang.badge_number == "ZJ-KP-0101"
    assert stored[1].fields.badge_number == "ZJ-KP-0103"
    assert [e.fields.title for e in stored[2:]] == [None, "技师"]  # the one aged 35
    assert len(stored) == 4


def test_refused_rows_say_why_and_the_rest_are_imported(workspace, tmp_path: Path) -> None:
    add_examiner(workspace.store, ExaminerFields(name="徐晓燕", badge_number="ZJ-KP-0104"))
    rows = [
        (1, None, "男", None, None, "示范学院", None, "ZJ-KP-0201", None, "电工"),
        (2, "李明", None, None, None, None, None, None, "首席考评员", "电工"),
        (3, "赵刚", None, "1980-02-30", None, None, None, None, None, "电工"),
        (4, "钱伟", None, "2015-01-01", None, None, None, None, None, "电工"),
        (5, "孙丽", "未知", None, None, None, None, None, None, "电工"),
        (6, "周强", None, None, None, None, None, "ZJ-KP-0301", None, "焊工"),
        (7, "吴敏", None, None, None, None, None, "ZJ-KP-0301", None, "焊工"),
        (8, "郑华", None, None, None, None, None, "ZJ-KP-0104", None, "焊工"),
        (9, "周强", None, None, None, None, None, None, None, "焊工"),
    ]  # fmt: skip
    result = import_examiners(workspace.store, write_list(tmp_path / "l.xlsx", rows), today=TODAY)
    refused = {r.row: r.findings[0].code for r in result.rows if r.outcome == "refused"}
    assert refused == {
        3: "EXAMINER_NAME_MISSING",
        4: "EXAMINER_GRADE_UNKNOWN",
        5: "EXAMINER_BIRTH_INVALID",  # there is no 30 February
        6: "EXAMINER_BIRTH_INVALID",  # ten years old
        7: "EXAMINER_GENDER_UNKNOWN",
        9: "EXAMINER_BADGE_REPEATED",  # the same badge as row 8
        10: "EXAMINER_BADGE_TAKEN",  # 徐晓燕's badge
        11: "EXAMINER_ROW_REPEATED",  # 周强 again
    }
    assert "第8行" in result.rows[6].detail and "徐晓燕" in result.rows[7].detail
    assert [r.name for r in result.rows if r.outcome == "added"] == ["周强"]
    assert sorted(by_name(workspace)) == ["周强", "徐晓燕"]


def test_nothing_is_written_when_a_row_fails_part_way(workspace, tmp_path: Path) -> None:
    store = workspace.store
    add_examiner(store, ExaminerFields(name="方建平", badge_number="ZJ-KP-0101", title="讲师"))
    before = by_name(workspace)
    with store.engine.begin() as connection:  # a constraint only the database knows about
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse_examiner BEFORE INSERT ON examiner WHEN NEW.name = '郑国强' "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    path = write_list(tmp_path / "l.xlsx", STAFF)
    with pytest.raises(IntegrityError):
        import_examiners(store, path, today=TODAY)
    assert by_name(workspace) == before  # 方建平 not updated, 毛丽华 not added

    token = CancelToken()

    def cancel_after_the_first_row(done: int, _total: int, _label: str) -> None:
        if done == 1:
            token.cancel()

    with pytest.raises(Cancelled):
        import_examiners(store, path, progress=cancel_after_the_first_row, cancel=token)
    assert by_name(workspace) == before


def test_a_dry_run_writes_nothing(workspace, tmp_path: Path) -> None:
    result = import_examiners(
        workspace.store, write_list(tmp_path / "l.xlsx", STAFF), dry_run=True, today=TODAY
    )
    assert result.added == 3 and not result.changed_anything
    assert list_examiners(workspace.store) == []


def test_missing_grade_and_occupation_columns_are_warned_about(workspace, tmp_path: Path) -> None:
    path = write_list(
        tmp_path / "l.xlsx", [("方建平", "男", "示范学院")], header=("姓名", "性别", "单位")
    )
    result = import_examiners(workspace.store, path, today=TODAY)
    codes = [(f.code, f.field) for f in result.findings]
    assert codes == [
        ("EXAMINER_COLUMN_MISSING", "等级"),
        ("EXAMINER_COLUMN_MISSING", "考评职业"),
        ("EXAMINER_NO_OCCUPATION", "考评职业"),
    ]
    assert by_name(workspace)["方建平"].grade == "考评员"


def test_occupations_split_on_every_separator_lists_use() -> None:
    assert split_occupations("电工、焊工，车工,钳工;铣工；磨工/刨工 镗工　电工") == (
        "电工", "焊工", "车工", "钳工", "铣工", "磨工", "刨工", "镗工",
    )  # fmt: skip


def test_examiner_import_command(tmp_path: Path) -> None:
    data = tmp_path / "ws"
    clean = write_list(tmp_path / "名单.xlsx", STAFF)
    done = run_cli("examiner", "import", str(clean), data_dir=data)
    assert done.returncode == 0, done.stderr
    assert "新增 3 人" in done.stdout and "第5行  郑国强  新增" in done.stdout
    rows = [*STAFF, (4, "李明", None, None, None, None, None, None, "首席", "电工")]
    with_refusal = write_list(tmp_path / "名单2.xlsx", rows)
    again = run_cli("examiner", "import", str(with_refusal), "--json", data_dir=data)
    assert again.returncode == 1, again.stderr
    report = json.loads(again.stdout)
    assert (report["added"], report["unchanged"], report["refused"]) == (0, 3, 1)
    [refusal] = [r for r in report["rows"] if r["outcome"] == "refused"]
    assert refusal["row"] == 6 and "首席" in refusal["detail"]
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"garbage")
    unreadable = run_cli("examiner", "import", str(broken), data_dir=data)
    assert unreadable.returncode == 2
    assert "已损坏" in unreadable.stderr and "Traceback" not in unreadable.stderr
