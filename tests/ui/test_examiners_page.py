"""The 考评员 page: add and change examiners, filter by occupation, see who may examine what."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from skilldesk.core.changes import ChangeSet
from skilldesk.services.examiners import ExaminerFields, add_examiner, list_examiners
from skilldesk.services.institution import InstitutionProfile, save_institution
from skilldesk.services.scope import add_scope_row
from skilldesk.services.workspace import Workspace
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.examiners_page import ExaminersPage
from tests.ui.conftest import Dialogs
from tests.ui.input_helpers import type_into
from tests.ui.qt_helpers import cell


@pytest.fixture
def staff(workspace: Workspace) -> None:
    for name, badge, grade, occupations in (
        ("方建平", "ZJ-KP-0101", "高级考评员", ("电工", "焊工")),
        ("毛丽华", "ZJ-KP-0102", "考评员", ("电工",)),
        ("吴志刚", "ZJ-KP-0105", "考评员", ("焊工", "车工")),
    ):
        fields = ExaminerFields(name=name, badge_number=badge, grade=grade, occupations=occupations)
        add_examiner(workspace.store, fields)


def open_page(qtbot: Any, ctx: AppContext) -> ExaminersPage:
    page = ExaminersPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded):
        page.show()
    return page


def column(page: ExaminersPage, index: int) -> list[str]:
    return [cell(page.table, r, index).text() for r in range(page.table.rowCount())]


def test_the_table_shows_what_each_grade_may_examine(
    qtbot: Any, ctx: AppContext, staff: None
) -> None:
    page = open_page(qtbot, ctx)
    assert column(page, 0) == ["方建平", "毛丽华", "吴志刚"]
    assert column(page, 7) == ["一级及以下", "三级及以下", "三级及以下"]
    assert page.form.name.text() == "方建平"  # the first is shown in the form
    assert "考评员可对三级/高级工及以下" in page.form.grade_note.text()
    assert "高级考评员可对一级/高级技师及以下" in page.form.grade_note.text()


def test_filtering_by_occupation_counts_who_may_examine_each_level(
    qtbot: Any, ctx: AppContext, staff: None
) -> None:
    page = open_page(qtbot, ctx)
    page.filter.setCurrentIndex(page.filter.findData("电工"))
    assert column(page, 0) == ["方建平", "毛丽华"]
    assert "共 2 人" in page.count_label.text()
    assert page.coverage.tone == "error"  # fewer than three for the occupation
    assert "不足 3 人" in page.coverage.text()
    page.filter.setCurrentIndex(page.filter.findData(None))
    assert page.table.rowCount() == 3
    assert not page.coverage.isVisible()


def test_a_new_examiner_is_added(
    qtbot: Any, ctx: AppContext, workspace: Workspace, staff: None
) -> None:
    page = open_page(qtbot, ctx)
    page.filter.setCurrentIndex(page.filter.findData("电工"))
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert (
        page.form.name.text() == "" and page.form.occupations.text() == "电工"
    )  # the filter's occupation
    type_into(page.form.name, "郑国强")
    page.form.gender.setCurrentIndex(page.form.gender.findData("男"))
    page.form.birth_date.set_value(dt.date(1979, 11, 23))
    type_into(page.form.badge_number, "ZJ-KP-0103")
    type_into(page.form.occupations, "电工、焊工")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.table.rowCount() == 3)  # the filter (电工) still applies
    assert "郑国强" in column(page, 0)
    assert page.coverage.tone == "warning"  # three may examine 三级, but only one 二级/一级
    stored = [e for e in list_examiners(workspace.store) if e.name == "郑国强"][0]
    assert stored.fields.occupations == ("电工", "焊工")
    assert stored.fields.birth_date == dt.date(1979, 11, 23)
    assert page.current is not None and page.current.id == stored.id


def test_a_duplicate_badge_number_is_shown_beside_the_field(
    qtbot: Any, ctx: AppContext, workspace: Workspace, staff: None
) -> None:
    page = open_page(qtbot, ctx)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    type_into(page.form.name, "徐晓燕")
    type_into(page.form.badge_number, "ZJ-KP-0101")
    type_into(page.form.occupations, "车工")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.form.has_problem("badge_number"))
    assert "方建平" in page.form.message("badge_number")
    assert len(list_examiners(workspace.store)) == 3


def test_an_examiner_needs_a_name_and_occupations(qtbot: Any, ctx: AppContext) -> None:
    page = open_page(qtbot, ctx)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.form.has_problem("name")
    type_into(page.form.name, "杨督导")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.form.has_problem("occupations")


def test_an_examiner_is_deleted_after_asking(
    qtbot: Any, ctx: AppContext, workspace: Workspace, staff: None, dialogs: Dialogs
) -> None:
    page = open_page(qtbot, ctx)
    page.table.selectRow(1)
    assert page.form.name.text() == "毛丽华"
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "毛丽华" in dialogs.texts("question")[0]
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    assert [e.name for e in list_examiners(workspace.store)] == ["方建平", "吴志刚"]


def test_a_change_announced_elsewhere_refreshes_the_filter(
    qtbot: Any, ctx: AppContext, workspace: Workspace, staff: None
) -> None:
    page = open_page(qtbot, ctx)
    assert page.filter.findData("保育师") < 0
    save_institution(workspace.store, InstitutionProfile(name="衢州市示范技师学院"))
    add_scope_row(workspace.store, "保育师", "4-10-01-03", None, "5、4")
    ctx.hub.announce(ChangeSet(scope=True))  # as after a scope change on the 机构信息 page
    qtbot.waitUntil(lambda: page.filter.findData("保育师") >= 0)


def test_a_workbook_is_imported_from_the_button(
    qtbot: Any,
    ctx: AppContext,
    workspace: Workspace,
    staff: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["考评员名单"])
    sheet.append(["姓名", "证书编号", "等级", "考评职业"])
    sheet.append(["方建平", "ZJ-KP-0101", "高级考评员", "电工、焊工"])  # as stored
    sheet.append(["毛丽华", "ZJ-KP-0102", "考评员", "电工、焊工"])  # one more occupation
    sheet.append(["郑国强", "ZJ-KP-0103", "考评员", "电工"])  # new
    sheet.append(["李明", "ZJ-KP-0106", "首席", "电工"])  # no such grade
    book.save(tmp_path / "名单.xlsx")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "名单.xlsx"), "")
    )
    announced: list[tuple[ChangeSet, object]] = []
    ctx.hub.changed.connect(lambda changes, source: announced.append((changes, source)))
    page = open_page(qtbot, ctx)

    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.import_dialog is not None and page.table.rowCount() == 4)
    dialog = page.import_dialog
    assert dialog is not None and dialog.isVisible()
    assert "新增 1 人，更新 1 人，未变 1 人，未导入 1 行" in dialog.summary.text()
    listed = [
        tuple(cell(dialog.table, r, c).text() for c in range(3))
        for r in range(dialog.table.rowCount())
    ]
    assert listed == [
        ("6", "李明", "未导入"),  # refused rows first, by their row in the workbook
        ("5", "郑国强", "新增"),
        ("4", "毛丽华", "更新"),
        ("3", "方建平", "未变"),
    ]
    assert "首席" in cell(dialog.table, 0, 3).text()
    assert "郑国强" in column(page, 0)
    assert all(source is page for _changes, source in announced)  # it shows them itself
    assert len(list_examiners(workspace.store)) == 4
    if not _import_writes_through_the_unit_of_work():
        pytest.xfail("examiner import writes outside the unit of work (branch uow-resources)")
    written = {e.id for e in list_examiners(workspace.store) if e.name in ("毛丽华", "郑国强")}
    assert announced == [(ChangeSet(examiners=frozenset(written)), page)]


def _import_writes_through_the_unit_of_work() -> bool:
    import inspect

    from skilldesk.services import examiner_import, examiners

    return any("unit_of_work" in inspect.getsource(m) for m in (examiner_import, examiners))


def test_an_unreadable_workbook_is_explained_and_changes_nothing(
    qtbot: Any,
    ctx: AppContext,
    workspace: Workspace,
    staff: None,
    tmp_path: Path,
    dialogs: Dialogs,
) -> None:
    (tmp_path / "坏.xlsx").write_bytes(b"garbage")
    page = open_page(qtbot, ctx)
    page.import_file(tmp_path / "坏.xlsx")
    qtbot.waitUntil(lambda: bool(dialogs.texts("warning")))
    assert "已损坏" in dialogs.texts("warning")[0]
    assert "未做任何改动" in dialogs.texts("warning")[0]
    assert page.import_button.isEnabled() and page.import_dialog is None
    assert not page.form.has_problem("name")  # the refusal is not the form's
    assert len(list_examiners(workspace.store)) == 3
