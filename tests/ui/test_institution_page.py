"""The 机构信息 page as staff use it: the profile checked as it is typed, the scope imported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from skilldesk.services.institution import InstitutionProfile, get_institution, save_institution
from skilldesk.services.scope import add_scope_row, list_scope
from skilldesk.services.workspace import Workspace
from skilldesk.ui.context import AppContext
from skilldesk.ui.main_window import MainWindow
from skilldesk.ui.pages.institution_page import InstitutionPage
from tests.ui.conftest import Dialogs
from tests.ui.input_helpers import type_into
from tests.ui.qt_helpers import cell

VALID_CODE = "12330800MB0000000P"  # the demo school's: a correct check digit
MISTYPED_CODE = "12330800MB0000000Q"  # one character off


@pytest.fixture
def page(qtbot: Any, ctx: AppContext) -> InstitutionPage:
    widget = InstitutionPage(ctx)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded):
        widget.show()
    qtbot.waitUntil(lambda: widget.scope.summary.text() != "")
    return widget


def test_the_pages_are_in_the_window(window: MainWindow) -> None:
    titles = window.page_titles()
    for title in ("机构信息", "考点与考场", "考评员", "年度实施方案"):
        assert title in titles


def test_an_empty_workspace_says_what_to_fill_in(page: InstitutionPage) -> None:
    assert "还没有机构信息" in page.form.banner.text()
    assert not page.scope.add_button.isEnabled()
    assert "附件13" in page.scope.summary.text()


def test_credit_code_is_checked_while_typing(qtbot: Any, page: InstitutionPage) -> None:
    type_into(page.form.credit_code, VALID_CODE[:10])
    assert "10/18" in page.form.message("credit_code")
    type_into(page.form.credit_code, MISTYPED_CODE)
    assert page.form.has_problem("credit_code")
    assert "校验位" in page.form.message("credit_code")
    type_into(page.form.credit_code, VALID_CODE)
    assert not page.form.has_problem("credit_code")
    assert "有效" in page.form.message("credit_code")


def test_the_region_says_which_rules_the_plans_are_checked_by(
    qtbot: Any, page: InstitutionPage
) -> None:
    assert "浙江省（通用）" in page.form.message("region")
    type_into(page.form.region, "浙江省衢州市柯城区")
    assert "衢州市" in page.form.message("region")
    assert "不少于10个自然日" in page.form.message("region")
    type_into(page.form.region, "浙江省杭州市")
    assert "浙江省（通用）" in page.form.message("region")
    assert "不少于5个工作日" in page.form.message("region")


def test_an_invalid_credit_code_is_shown_beside_it_and_not_saved(
    qtbot: Any, page: InstitutionPage, workspace: Workspace
) -> None:
    type_into(page.form.name, "衢州市测试技工学校")
    type_into(page.form.credit_code, MISTYPED_CODE)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert "校验位" in page.form.message("credit_code")
    assert "未保存" in page.form.banner.text()
    page._ctx.tasks.wait_for_done()
    assert get_institution(workspace.store) is None


def test_a_filing_number_must_fit_the_kind(qtbot: Any, page: InstitutionPage) -> None:
    page.form.kind.setCurrentIndex(page.form.kind.findData("school"))
    type_into(page.form.filing_number, "Y3308001")
    assert "S" in page.form.message("filing_number")
    page.form.kind.setCurrentIndex(page.form.kind.findData("enterprise"))
    assert not page.form.has_problem("filing_number")


def test_a_valid_profile_is_saved_and_the_validity_worked_out(
    qtbot: Any, page: InstitutionPage, workspace: Workspace
) -> None:
    type_into(page.form.name, "衢州市测试技工学校")
    type_into(page.form.credit_code, VALID_CODE.lower())
    page.form.kind.setCurrentIndex(page.form.kind.findData("school"))
    page.form.level.setCurrentIndex(page.form.level.findData("市"))
    page.form.filed_on.set_value(dt.date.today() - dt.timedelta(days=100))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.saved_label.text() == "已保存")
    stored = get_institution(workspace.store)
    assert stored is not None and stored.credit_code == VALID_CODE
    assert stored.filing_valid_until is not None
    assert page.form.filing_valid_until.value() == stored.filing_valid_until
    assert page.scope.add_button.isEnabled()


@pytest.mark.parametrize(("days_left", "code"), [(30, "FILING_EXPIRING"), (-3, "FILING_EXPIRED")])
def test_a_lapsing_filing_shows_a_banner(
    qtbot: Any, ctx: AppContext, workspace: Workspace, days_left: int, code: str
) -> None:
    until = dt.date.today() + dt.timedelta(days=days_left)
    save_institution(workspace.store, InstitutionProfile(name="某公司", filing_valid_until=until))
    page = InstitutionPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded):
        page.show()
    assert page.form.banner.isVisible()
    assert until.isoformat() in page.form.banner.text()
    assert page.form.codes("filing_valid_until") == [code]
    assert page.form.banner.tone == ("warning" if days_left > 0 else "error")


def write_attachment_13(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["机构信息与认定范围清单"])
    sheet.append(["机构名称", "衢州市测试技工学校"])
    sheet.append(["备案号", "S330800000009"])
    sheet.append([])
    sheet.append(["职业名称", "职业编码", "工种", "等级"])
    sheet.append(["电工", "6-31-01-03", None, "5、4、3"])
    sheet.append(["焊工", "6-18-02-04", "电焊工", "五级/初级工、四级/中级工"])
    sheet.append(["保育师", "4-10-1-03", None, "5、4"])  # a code with a digit missing
    book.save(path)
    return path


def test_importing_attachment_13_fills_the_table_and_the_profile(
    qtbot: Any,
    page: InstitutionPage,
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Dialogs,
) -> None:
    path = write_attachment_13(tmp_path / "附件13.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(page.scope.import_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.scope.table.rowCount() == 3)
    summary = dialogs.texts("information")[0]
    assert "新增 3 行" in summary
    assert "第8行" in summary  # the malformed code, by its row in the workbook
    table = page.scope.table
    assert [cell(table, r, 0).text() for r in range(3)] == ["电工", "焊工", "保育师"]
    assert cell(table, 1, 2).text() == "电焊工"
    assert cell(table, 1, 3).text() == "5、4"
    assert "1-23-45-67" in cell(table, 2, 1).toolTip()
    assert "1 行" in page.scope.summary.text()
    # The workbook's institution block became the profile, shown in the form.
    qtbot.waitUntil(lambda: page.form.name.text() == "衢州市测试技工学校")
    assert page.form.filing_number.text() == "S330800000009"
    assert len(list_scope(workspace.store)) == 3


def test_reimporting_asks_before_replacing_the_scope(
    qtbot: Any,
    ctx: AppContext,
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Dialogs,
) -> None:
    save_institution(workspace.store, InstitutionProfile(name="衢州市测试技工学校"))
    add_scope_row(workspace.store, "车工", "6-18-01-01", None, "5、4")
    page = InstitutionPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.scope.table.rowCount() == 1)
    dialogs.answer = dialogs.answer.No
    page.scope.import_file(write_attachment_13(tmp_path / "附件13.xlsx"))
    assert "删除" in dialogs.texts("question")[0]
    ctx.tasks.wait_for_done()
    assert [row.occupation for row in list_scope(workspace.store)] == ["车工"]
