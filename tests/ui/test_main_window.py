"""The window as a user first sees it, and starting it on a workspace that cannot be opened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFontDatabase

from skilldesk.app import CJK_FONT_PREFERENCE, choose_cjk_font, run_gui
from skilldesk.ui.main_window import MainWindow
from tests.ui.conftest import Dialogs


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
