"""The window as a user first sees it, and starting it on a workspace that cannot be opened."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFileDialog, QMessageBox

from skilldesk.app import (
    CJK_FONT_PREFERENCE,
    choose_cjk_font,
    install_qt_translations,
    lock_workspace,
    run_gui,
)
from skilldesk.services.workspace import Workspace
from skilldesk.ui.context import AppContext
from skilldesk.ui.main_window import MainWindow
from skilldesk.ui.pages.examiners_page import ExaminersPage
from skilldesk.ui.pages.institution_page import InstitutionPage
from skilldesk.ui.pages.sites_page import SitesPage
from tests.ui.conftest import Dialogs
from tests.ui.input_helpers import type_into
from tests.ui.qt_helpers import current


def test_window_opens_on_the_home_page_with_every_working_page(window: MainWindow) -> None:
    assert window.page_titles() == [
        "首页",
        "考生名册",
        "评价计划",
        "照片",
        "机构信息",
        "考点与考场",
        "考评员",
        "年度实施方案",
    ]
    assert window.pages.count() == len(window.page_titles())
    assert window.nav.currentRow() == 0
    data_dir = str(window._ctx.workspace.data_dir)
    assert window.windowTitle() == f"SkillDesk 职业技能等级认定助手 — {data_dir}"


def test_every_pages_messages_reach_the_status_bar(qtbot: Any, window: MainWindow) -> None:
    for row, title in enumerate(window.page_titles()):
        window.nav.setCurrentRow(row)
        page = window.pages.currentWidget()
        status = getattr(page, "status_message", None)
        if status is None:
            continue
        status.emit(f"{title}：已保存。")
        assert window.statusBar().currentMessage() == f"{title}：已保存。"


def show_roster(window: MainWindow) -> None:
    window.nav.setCurrentRow(window.page_titles().index("考生名册"))


def test_an_empty_workspace_says_how_to_begin(qtbot: Any, window: MainWindow) -> None:
    show_roster(window)
    page = window.roster_page
    qtbot.waitUntil(lambda: "还没有评价计划" in page.placeholder.text())
    assert page.placeholder.isVisible()
    assert not page.import_button.isEnabled()
    assert page.new_plan_button.isEnabled()


def test_a_damaged_database_is_reported_not_opened(
    qapp: Any, tmp_path: Path, dialogs: Dialogs
) -> None:
    data_dir = tmp_path / "broken"
    data_dir.mkdir()
    (data_dir / "skilldesk.db").write_bytes(b"this is not a database" * 100)
    assert run_gui(data_dir) == 2
    assert len(dialogs.shown) == 1
    kind, _title, text = dialogs.shown[0]
    assert kind == "critical"
    assert "无法打开数据文件" in text


def test_a_preferred_chinese_font_is_chosen(qapp: Any) -> None:
    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        pytest.skip("no Simplified Chinese font installed")
    family = choose_cjk_font(qapp)
    installed = set(QFontDatabase.families())
    if any(f in installed for f in CJK_FONT_PREFERENCE):
        assert family in CJK_FONT_PREFERENCE
    assert qapp.font().family() == family


def test_qt_speaks_chinese_on_its_own_buttons(qapp: Any) -> None:
    translator = install_qt_translations(qapp)
    try:
        assert translator is not None
        assert qapp.translate("QPlatformTheme", "Cancel") == "取消"
        assert qapp.translate("QPlatformTheme", "&Yes") == "是(&Y)"
    finally:
        if translator is not None:
            qapp.removeTranslator(translator)


def test_closing_with_unsaved_edits_asks_first_and_goes_back_to_them(
    qtbot: Any, window: MainWindow, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.nav.setCurrentRow(window.page_titles().index("机构信息"))
    page = current(window.pages, InstitutionPage)
    qtbot.waitUntil(lambda: page.form.name.isEnabled())
    type_into(page.form.name, "衢州市示范技师学院")
    window.nav.setCurrentRow(0)  # looking elsewhere when closing
    assert window.unsaved_edits() == [(window.page_titles().index("机构信息"), "机构信息")]
    assert not window.close()  # the recorded warning answers neither "丢弃"
    assert "以下修改还没有保存：机构信息" in dialogs.texts("warning")[-1]
    assert window.pages.currentWidget() is page and window.isVisible()
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Discard)
    )
    assert window.close()


def test_closing_with_everything_saved_asks_nothing(window: MainWindow, dialogs: Dialogs) -> None:
    window.nav.setCurrentRow(window.page_titles().index("考评员"))
    assert window.unsaved_edits() == []
    assert window.close() and dialogs.shown == []


def test_every_form_with_edits_names_them(qtbot: Any, window: MainWindow) -> None:
    titles = window.page_titles()
    window.nav.setCurrentRow(titles.index("考点与考场"))
    sites = current(window.pages, SitesPage)
    type_into(sites.form.name, "龙游实训基地考点")
    window.nav.setCurrentRow(titles.index("考评员"))
    examiners = current(window.pages, ExaminersPage)
    type_into(examiners.form.name, "方建平")
    assert window.unsaved_edits() == [
        (titles.index("考点与考场"), "考点“新考点”"),
        (titles.index("考评员"), "考评员“方建平”"),
    ]


def test_ctrl_and_a_number_opens_that_page(qtbot: Any, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == 2 and window.page_titles()[2] == "评价计划"
    assert window.nav.item(6).toolTip() == "Ctrl+7"


def test_the_window_opens_as_big_as_it_was_left(
    qtbot: Any, qapp: Any, workspace: Workspace
) -> None:
    first_ctx = AppContext.create(workspace)
    try:
        first = MainWindow(first_ctx)
        qtbot.addWidget(first)
        first.show()
        first.resize(700, 520)  # fits the offscreen screen (800×600), so none is clamped
        assert first.close()  # closing shuts its background runner down
    finally:
        first_ctx.shutdown()  # a no-op when closing did it, the cleanup when it did not
    second_ctx = AppContext.create(workspace)  # as the next start of SkillDesk
    try:
        again = MainWindow(second_ctx)
        qtbot.addWidget(again)
        assert (again.width(), again.height()) == (700, 520)
    finally:
        second_ctx.shutdown()


def test_ctrl_s_saves_the_form_on_screen(qtbot: Any, window: MainWindow) -> None:
    from skilldesk.services.examiners import list_examiners

    window.activateWindow()
    qtbot.waitExposed(window)
    window.nav.setCurrentRow(window.page_titles().index("考评员"))
    page = current(window.pages, ExaminersPage)
    type_into(page.form.name, "方建平")
    type_into(page.form.occupations, "电工")
    qtbot.keyClick(page.form.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    store = window._ctx.workspace.store
    qtbot.waitUntil(lambda: [e.name for e in list_examiners(store)] == ["方建平"])
    qtbot.waitUntil(lambda: window.unsaved_edits() == [])


def test_the_backup_button_writes_the_workspace_to_a_zip(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "U盘" / "SkillDesk备份"  # typed without .zip
    chosen.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(chosen), ""))
    )
    qtbot.mouseClick(window.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已备份到" in window.statusBar().currentMessage(), timeout=10_000)
    archive = chosen.with_name("SkillDesk备份.zip")
    assert str(archive) in window.statusBar().currentMessage()
    assert "skilldesk.db" in zipfile.ZipFile(archive).namelist()


def test_a_second_window_on_the_same_data_is_refused(
    qapp: Any, tmp_path: Path, dialogs: Dialogs
) -> None:
    folder = tmp_path / "SkillDesk"
    first = lock_workspace(folder)
    assert first is not None
    try:
        assert lock_workspace(folder) is None
        assert run_gui(folder) == 3
        assert "已在另一个 SkillDesk 窗口中打开" in dialogs.texts("information")[-1]
    finally:
        first.unlock()
    again = lock_workspace(folder)
    assert again is not None
    again.unlock()


@pytest.mark.slow
def test_the_lock_of_a_window_that_crashed_is_taken_over(qapp: Any, tmp_path: Path) -> None:
    folder = tmp_path / "SkillDesk"
    crashed = (
        "import os, sys\n"
        "from skilldesk.app import lock_workspace\n"
        "from pathlib import Path\n"
        "held = lock_workspace(Path(sys.argv[1]))\n"
        "assert held is not None\n"
        "os._exit(0)  # gone without unlocking, as in a crash\n"
    )
    subprocess.run([sys.executable, "-c", crashed, str(folder)], check=True, timeout=60)
    assert (folder / "skilldesk.lock").exists()
    taken = lock_workspace(folder)
    assert taken is not None
    taken.unlock()
