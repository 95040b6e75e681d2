"""保存 checks the form as it stands before writing it: a date the wheel (or a slip) changed
after the last check is never stored under a panel that still says all is well."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from skilldesk.services.plans import get_plan
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.plan_page import PlanPage
from tests.ui.conftest import Dialogs
from tests.ui.plan_fixtures import make_demo_template, open_copy
from tests.ui.test_plan_page import shown_page


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo_template(tmp_path_factory.mktemp("recheck-demo") / "ws")


@pytest.fixture
def demo_ctx(qapp: Any, demo_template: Path, tmp_path: Path) -> Iterator[AppContext]:
    workspace = open_copy(demo_template, tmp_path / "ws")
    ctx = AppContext.create(workspace)
    yield ctx
    ctx.shutdown()
    workspace.close()


def exam_day_moved_to_2012(page: PlanPage) -> dt.date:
    stored = page.editor.form.dates["evaluation_date"].value()
    assert isinstance(stored, dt.date)
    page.editor.form.dates["evaluation_date"].edit.setDate(QDate(2012, stored.month, stored.day))
    assert page.dirty
    return stored


def test_saving_asks_first_when_the_form_now_has_errors_not_shown(
    qtbot: Any, demo_ctx: AppContext, dialogs: Dialogs
) -> None:
    page = shown_page(qtbot, demo_ctx)
    plan_id = page.state.details.id  # type: ignore[union-attr]
    shown_errors = [f for f in page.state.check.findings if f.severity == "error"]  # type: ignore[union-attr]
    stored = exam_day_moved_to_2012(page)
    dialogs.answer = QMessageBox.StandardButton.No

    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialogs.texts("question")) == 1)
    qtbot.waitUntil(lambda: page._pending is None)

    assert "仍要保存吗" in dialogs.texts("question")[0]
    assert get_plan(demo_ctx.workspace.store, plan_id).timeline["evaluation_date"] == stored
    assert page.dirty  # the edits stay on screen, to be put right
    assert page.editor.findings.list.count() > len(shown_errors)  # what the recheck found


def test_saving_goes_ahead_when_the_user_says_so(
    qtbot: Any, demo_ctx: AppContext, dialogs: Dialogs
) -> None:
    page = shown_page(qtbot, demo_ctx)
    plan_id = page.state.details.id  # type: ignore[union-attr]
    stored = exam_day_moved_to_2012(page)
    dialogs.answer = QMessageBox.StandardButton.Yes

    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.dirty, timeout=10_000)

    assert len(dialogs.texts("question")) == 1
    saved = get_plan(demo_ctx.workspace.store, plan_id).timeline["evaluation_date"]
    assert saved == stored.replace(year=2012)


def test_saving_a_form_without_new_errors_asks_nothing(
    qtbot: Any, demo_ctx: AppContext, dialogs: Dialogs
) -> None:
    page = shown_page(qtbot, demo_ctx)
    page.editor.form.occupation_code.setText("6-31-01-03")
    page.editor.form.occupation_code.textEdited.emit("6-31-01-03")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.dirty, timeout=10_000)
    assert dialogs.texts("question") == []
