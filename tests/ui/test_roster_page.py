"""The 考生名册 page as a user works with it: plans, search, fixing cells, import and export."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QProgressDialog, QPushButton
from sqlalchemy import select

import skilldesk.services.roster as roster_service
from skilldesk.core.models import Candidate
from skilldesk.services.plans import list_plans
from skilldesk.services.sample_data import make_candidates
from skilldesk.services.workspace import Workspace
from skilldesk.ui.context import AppContext
from skilldesk.ui.main_window import MainWindow
from skilldesk.ui.models.roster_model import ERROR_BACKGROUND
from skilldesk.ui.pages.roster_page import RosterPage
from skilldesk.ui.widgets.new_plan_dialog import NewPlanDialog
from tests.ui.conftest import Dialogs, PlanFactory

BAD_PHONE = "1380000000"  # ten digits


def shown_page(qtbot: Any, window: MainWindow, rows: int) -> RosterPage:
    window.nav.setCurrentRow(window.page_titles().index("考生名册"))
    page = window.roster_page
    qtbot.waitUntil(lambda: page.model.candidate_count == rows and page.table.isVisible())
    return page


def finding_texts(page: RosterPage) -> list[str]:
    model = page.findings_model
    return [model.data(model.index(i)) for i in range(model.rowCount())]


def write_roster(path: Path, people: list[dict[str, Any]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "证件号码", "手机号码", "性别", "出生日期", "文化程度"])
    for p in people:
        sheet.append(
            [p["name"], p["id_number"], p["phone"], p["gender"], p["birth_date"], p["education"]]
        )
    workbook.save(path)
    return path


def candidate_count(workspace: Workspace) -> int:
    return sum(plan.candidate_count for plan in list_plans(workspace.store))


def test_choosing_a_plan_fills_the_table(
    qtbot: Any, add_plan: PlanFactory, ctx: AppContext
) -> None:
    add_plan("电工", 4, make_candidates(2, seed=1))
    add_plan("焊工", 3, make_candidates(3, seed=2))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = shown_page(qtbot, window, 2)
    assert page.plan_combo.count() == 2
    assert page.plan_combo.currentText() == "电工（四级/中级工）"

    page.plan_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.model.candidate_count == 3)
    assert page.model.rowCount() == 3
    assert page.counts_label.text() == "3 名考生 · 0 个错误 · 0 个警告"
    birth = page.model.columns.index("birth_date")
    assert len(page.model.data(page.model.index(0, birth))) == len("1990-01-01")


def test_search_narrows_rows_by_name_or_id_prefix(
    qtbot: Any, add_plan: PlanFactory, window: MainWindow
) -> None:
    people = make_candidates(3, seed=3)
    people[1]["name"] = "欧阳明"
    add_plan(people=people)
    window.roster_page.reload_plans()
    page = shown_page(qtbot, window, 3)

    page.search.insert("欧阳")  # as an input method commits it; QTest types only ASCII
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.counts_label.text().startswith("显示 1 / 3 名考生")

    page.search.clear()
    assert page.model.rowCount() == 3
    qtbot.keyClicks(page.search, people[2]["id_number"][:14])
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    name = page.model.columns.index("name")
    assert page.model.data(page.model.index(0, name)) == people[2]["name"]


def test_fixing_a_bad_phone_clears_its_error(
    qtbot: Any, add_plan: PlanFactory, window: MainWindow, workspace: Workspace
) -> None:
    people = make_candidates(3, seed=4)
    people[1]["phone"] = BAD_PHONE
    add_plan(people=people)
    window.roster_page.reload_plans()
    page = shown_page(qtbot, window, 3)
    phone = page.model.columns.index("phone")
    index = page.model.index(1, phone)
    assert page.model.data(index, Qt.ItemDataRole.BackgroundRole) == ERROR_BACKGROUND
    assert any(t.startswith("第2行 手机号码：") for t in finding_texts(page))
    assert "1 个错误" in page.counts_label.text()

    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == BAD_PHONE
    editor.setText("13912345678")
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: page.model.data(index, Qt.ItemDataRole.BackgroundRole) is None)
    assert not any("手机号码" in t for t in finding_texts(page))
    assert "0 个错误" in page.counts_label.text()
    assert "已保存「手机号码」" in window.statusBar().currentMessage()
    with workspace.store.session() as session:
        stored = session.scalars(select(Candidate.phone).order_by(Candidate.id)).all()
    assert stored[1] == "13912345678"


def test_an_edit_that_cannot_be_saved_restores_the_value(
    qtbot: Any, add_plan: PlanFactory, window: MainWindow
) -> None:
    people = make_candidates(2, seed=5)
    add_plan(people=people)
    window.roster_page.reload_plans()
    page = shown_page(qtbot, window, 2)
    id_column = page.model.columns.index("id_number")
    index = page.model.index(1, id_column)

    page.model.setData(index, people[0]["id_number"])  # already the other candidate's
    qtbot.waitUntil(lambda: page.model.data(index) == people[1]["id_number"])
    assert "已有考生" in window.statusBar().currentMessage()


def test_choosing_a_finding_selects_its_cell(
    qtbot: Any, add_plan: PlanFactory, window: MainWindow
) -> None:
    people = make_candidates(40, seed=6)
    people[33]["phone"] = BAD_PHONE
    add_plan(people=people)
    window.roster_page.reload_plans()
    page = shown_page(qtbot, window, 40)
    assert page.findings_model.rowCount() == 1

    view = page.findings_view
    rect = view.visualRect(page.findings_model.index(0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    current = page.table.currentIndex()
    assert (current.row(), current.column()) == (33, page.model.columns.index("phone"))
    assert page.table.selectionModel().isSelected(current)
    assert page.table.visualRect(current).intersects(page.table.viewport().rect())


def test_importing_a_workbook_adds_rows_and_shows_findings(
    qtbot: Any,
    add_plan: PlanFactory,
    window: MainWindow,
    dialogs: Dialogs,
    tmp_path: Path,
    monkeypatch: Any,
) -> None:
    add_plan()
    window.roster_page.reload_plans()
    page = window.roster_page
    qtbot.waitUntil(lambda: "本计划还没有考生" in page.placeholder.text())

    people = make_candidates(3, seed=7)
    people[2]["phone"] = BAD_PHONE
    path = write_roster(tmp_path / "名册.xlsx", people)
    started_in: list[str] = []

    def choose(_parent: Any, _title: str, folder: str, _filter: str) -> tuple[str, str]:
        started_in.append(folder)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: bool(dialogs.texts("information")))
    summary = dialogs.texts("information")[0]
    assert "新增 3 名" in summary
    assert "1 个错误" in summary
    page = shown_page(qtbot, window, 3)
    assert any(t.startswith("第3行 手机号码：") for t in finding_texts(page))
    # The next import opens where this one came from.
    page.files.choose_import_file()
    assert started_in == ["", str(tmp_path)]


def test_dropping_a_workbook_imports_it(
    qtbot: Any,
    add_plan: PlanFactory,
    window: MainWindow,
    dialogs: Dialogs,
    tmp_path: Path,
) -> None:
    add_plan(people=make_candidates(1, seed=8))
    window.roster_page.reload_plans()
    page = shown_page(qtbot, window, 1)
    path = write_roster(tmp_path / "more.xlsx", make_candidates(2, seed=9))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(event)
    qtbot.waitUntil(lambda: page.model.candidate_count == 3)
    assert "新增 2 名" in dialogs.texts("information")[0]


def test_an_unreadable_file_changes_nothing(
    qtbot: Any,
    add_plan: PlanFactory,
    window: MainWindow,
    dialogs: Dialogs,
    workspace: Workspace,
    tmp_path: Path,
) -> None:
    add_plan(people=make_candidates(2, seed=10))
    window.roster_page.reload_plans()
    page = shown_page(qtbot, window, 2)
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"this is not a workbook at all" * 50)

    page.import_file(bad)
    qtbot.waitUntil(lambda: bool(dialogs.texts("warning")))
    message = dialogs.texts("warning")[0]
    assert "名册未做任何改动" in message
    assert "意外错误" not in message
    assert candidate_count(workspace) == 2
    assert page.model.candidate_count == 2


def test_cancelling_an_import_leaves_the_roster_unchanged(
    qtbot: Any,
    add_plan: PlanFactory,
    window: MainWindow,
    ctx: AppContext,
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: Any,
) -> None:
    add_plan(people=make_candidates(2, seed=11))
    window.roster_page.reload_plans()
    page = shown_page(qtbot, window, 2)
    path = write_roster(tmp_path / "big.xlsx", make_candidates(50, seed=12))

    real_import = roster_service.import_roster_file
    waiting = threading.Event()

    def import_after_cancel(*args: Any, progress: Any, cancel: Any, **kwargs: Any) -> Any:
        progress(0, 0, "正在读取文件…")
        waiting.set()
        for _ in range(500):  # until the user clicks 取消 (at most 5 s)
            if cancel.cancelled:
                break
            threading.Event().wait(0.01)
        return real_import(*args, progress=progress, cancel=cancel, **kwargs)

    monkeypatch.setattr(roster_service, "import_roster_file", import_after_cancel)
    ctx.tasks.dialog_delay_ms = 0
    page.import_file(path)
    assert waiting.wait(5)
    dialog = window.findChild(QProgressDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: "已取消导入" in window.statusBar().currentMessage())
    assert candidate_count(workspace) == 2
    assert page.model.candidate_count == 2


def test_new_plan_is_created_and_chosen(qtbot: Any, window: MainWindow, monkeypatch: Any) -> None:
    offered: list[object] = []

    def answer(cls: Any, parent: Any, scope: Any) -> tuple[str, int]:
        offered.append(scope)
        return "焊工", 3

    monkeypatch.setattr(NewPlanDialog, "ask", classmethod(answer))
    page = window.roster_page
    qtbot.mouseClick(page.new_plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: offered == [{}])  # the scope, read first: none entered yet
    qtbot.waitUntil(lambda: page.plan_combo.currentText() == "焊工（三级/高级工）")
    qtbot.waitUntil(lambda: "本计划还没有考生" in page.placeholder.text())
    assert page.import_button.isEnabled()


def test_new_plan_dialog_offers_the_five_levels(qtbot: Any) -> None:
    dialog = NewPlanDialog()
    qtbot.addWidget(dialog)
    levels = [dialog.level.itemText(i) for i in range(dialog.level.count())]
    assert levels == ["五级/初级工", "四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师"]
    assert not dialog._ok.isEnabled()
    dialog.occupation.insert("电工")
    assert dialog._ok.isEnabled()
    assert dialog.values() == ("电工", 5)
    assert "还没有录入认定范围" in dialog.scope_note.text()


def test_new_plan_dialog_says_what_the_certified_scope_covers(qtbot: Any) -> None:
    dialog = NewPlanDialog(scope={"电工": (4, 3), "焊工": (5, 4, 3, 2)})
    qtbot.addWidget(dialog)
    completer = dialog.occupation.completer()
    assert completer is not None and completer.model().rowCount() == 2
    dialog.occupation.insert("电工")
    assert dialog.values() == ("电工", 4)  # moved onto a level the scope covers
    assert dialog.scope_note.text() == "认定范围内的等级：四级/中级工、三级/高级工"
    dialog.level.setCurrentIndex(dialog.level.findData(1))
    assert "该等级不在认定范围内（可选：四级/中级工、三级/高级工）" in dialog.scope_note.text()
    dialog.occupation.setText("车工")
    assert dialog.scope_note.text() == "“车工”不在本机构的认定范围内。"
    assert dialog._ok.isEnabled()  # a plan may still be made; its check will say the same


def test_export_writes_the_chosen_layout(
    qtbot: Any, add_plan: PlanFactory, window: MainWindow, tmp_path: Path, monkeypatch: Any
) -> None:
    add_plan(people=make_candidates(4, seed=13))
    window.roster_page.reload_plans()
    page = shown_page(qtbot, window, 4)
    out = tmp_path / "报名信息表.xlsx"
    monkeypatch.setattr(
        QInputDialog, "getItem", lambda _p, _t, _l, items, *a, **k: (items[0], True)
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已导出 4 名考生" in window.statusBar().currentMessage())
    assert out.exists()


def test_keyboard_shortcuts(qtbot: Any, add_plan: PlanFactory, window: MainWindow) -> None:
    add_plan(people=make_candidates(2, seed=14))
    window.roster_page.reload_plans()
    page = shown_page(qtbot, window, 2)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()


def test_escape_in_the_search_box_clears_it_and_returns_to_the_table(
    qtbot: Any, add_plan: PlanFactory, window: MainWindow
) -> None:
    add_plan(people=make_candidates(3, seed=15))
    window.roster_page.reload_plans()
    page = shown_page(qtbot, window, 3)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.search.setFocus()
    qtbot.keyClicks(page.search, "3308")
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == ""
    assert page.table.hasFocus()
    assert page.model.rowCount() == 3
