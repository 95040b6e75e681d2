"""The roster grid: 姓名 stays in view when a finding shows a far cell, and row numbers say which
numbering they are: "Excel 第N行" for a file's rows, the table's own rows (its row header) on
the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from skilldesk.services.sample_data import make_candidates
from skilldesk.ui.main_window import MainWindow
from tests.ui.conftest import Dialogs, PlanFactory
from tests.ui.test_roster_page import finding_texts, shown_page, write_roster


def test_the_name_stays_in_view_beside_a_far_cell(
    qtbot: Any, add_plan: PlanFactory, window: MainWindow
) -> None:
    people = make_candidates(40, seed=6)
    people[33]["email"] = "zhangsan@"  # the last columns: far to the right
    add_plan(people=people)
    window.roster_page.reload_plans()
    page = shown_page(qtbot, window, 40)
    page.resize(900, 600)
    [text] = finding_texts(page)
    page.panel.reveal_finding(0)
    table, frozen = page.table, page.table.frozen
    current = table.currentIndex()
    assert (current.row(), current.column()) == (33, page.model.columns.index("email"))
    assert table.horizontalScrollBar().value() > 0  # the table did scroll sideways
    name = page.model.index(33, page.model.columns.index("name"))
    assert frozen.isVisible() and not frozen.isColumnHidden(name.column())
    assert frozen.visualRect(name).intersects(frozen.viewport().rect())
    assert frozen.visualRect(name).top() == table.visualRect(current).top()  # the same row
    assert page.model.data(name) == people[33]["name"]
    assert table.visualRect(current).left() >= frozen.width()  # not hidden under the name
    assert text.startswith("第34行 ")  # the table's own row, as its row header numbers it
    assert page.model.headerData(33, Qt.Orientation.Vertical) == "34"


def test_file_rows_are_called_excel_rows(
    qtbot: Any,
    add_plan: PlanFactory,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Dialogs,
) -> None:
    people = make_candidates(3, seed=8)
    people[1]["id_number"] = ""  # Excel row 3: cannot be keyed to anyone
    add_plan(people=make_candidates(1, seed=9))
    window.roster_page.reload_plans()
    page = shown_page(qtbot, window, 1)
    path = write_roster(tmp_path / "名册.xlsx", people)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    page.import_button.click()
    qtbot.waitUntil(lambda: bool(dialogs.texts("information")), timeout=10_000)
    text = dialogs.texts("information")[-1]
    assert "Excel 第3行：" in text
    assert "\n第3行" not in text  # never a bare row number beside the table's
