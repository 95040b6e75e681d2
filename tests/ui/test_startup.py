"""Start-up: a dialog says what is happening before the store opens, off the UI thread; a store
that cannot be opened ends in a message box; the window comes only once the store is open."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from skilldesk.app import EXIT_CANNOT_OPEN, EXIT_CLOSED_WHILE_OPENING, run_gui
from skilldesk.core.progress import ProgressCallback, no_progress
from skilldesk.core.store import BACKING_UP, MIGRATING, OPENING, Store, open_store
from skilldesk.services import workspace as workspace_module
from skilldesk.ui.main_window import MainWindow
from skilldesk.ui.opening import OpeningDialog
from tests.ui.conftest import Dialogs

WAIT_S = 10  # how long the blocked open waits for the test before giving up


def visible(kind: type) -> list[Any]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def when(condition: Callable[[], bool], then: Callable[[], None]) -> QTimer:
    """Call `then` once, on the UI thread, as soon as `condition` holds (polled every 10 ms)."""
    timer = QTimer()
    timer.setInterval(10)

    def poll() -> None:
        if condition():
            timer.stop()
            then()

    timer.timeout.connect(poll)
    timer.start()
    return timer


class BlockedOpen:
    """open_store that reports every step, then waits until the test releases it."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.stores: list[Store] = []

    def __call__(self, data_dir: Path, progress: ProgressCallback = no_progress) -> Store:
        for done, label in enumerate((OPENING, BACKING_UP, MIGRATING)):
            progress(done, 3, label)
        if not self.release.wait(WAIT_S):
            raise AssertionError("the test never saw the opening dialog")
        store = open_store(data_dir)
        self.stores.append(store)
        return store


@pytest.fixture
def blocked_open(monkeypatch: pytest.MonkeyPatch) -> BlockedOpen:
    opener = BlockedOpen()
    monkeypatch.setattr(workspace_module, "open_store", opener)
    return opener


def test_the_opening_dialog_shows_each_step_before_the_store_is_open_then_the_window(
    qapp: Any, tmp_path: Path, blocked_open: BlockedOpen, monkeypatch: pytest.MonkeyPatch
) -> None:
    while_blocked: list[tuple[str, int, bool, int]] = []
    once_open: list[tuple[str, int]] = []

    def record_then_release() -> None:
        (dialog,) = visible(OpeningDialog)
        state = (dialog.labelText(), dialog.value(), blocked_open.release.is_set())
        while_blocked.append((*state, len(visible(MainWindow))))
        blocked_open.release.set()

    def event_loop_entered(_app: QApplication) -> int:
        # Instead of running the real loop (which would leave the application quitting for
        # the tests after this one): what the user sees when it starts.
        (window,) = visible(MainWindow)
        once_open.append((window.windowTitle(), len(visible(OpeningDialog))))
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop_entered)
    dialog_on_last_step = when(
        lambda: any(d.labelText() == MIGRATING for d in visible(OpeningDialog)), record_then_release
    )

    assert run_gui(tmp_path / "ws") == 0

    dialog_on_last_step.stop()
    assert while_blocked == [(MIGRATING, 2, False, 0)]
    folder = (tmp_path / "ws").resolve()
    assert once_open == [(f"SkillDesk 职业技能等级认定助手 — {folder}", 0)]


def test_a_store_error_ends_in_a_message_box_with_exit_code_2(
    qapp: Any, tmp_path: Path, dialogs: Dialogs
) -> None:
    open_store(tmp_path).close()
    with sqlite3.connect(tmp_path / "skilldesk.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")

    assert run_gui(tmp_path) == EXIT_CANNOT_OPEN == 2

    assert [(kind, title) for kind, title, _text in dialogs.shown] == [("critical", "无法打开数据")]
    assert "请升级 SkillDesk 后再打开" in dialogs.shown[0][2]
    assert visible(OpeningDialog) == [] and visible(MainWindow) == []


def test_closing_the_dialog_while_opening_opens_no_window_and_closes_the_store(
    qapp: Any, tmp_path: Path, blocked_open: BlockedOpen, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed: list[Store] = []
    real_close = Store.close

    def recording_close(store: Store) -> None:
        closed.append(store)
        real_close(store)

    monkeypatch.setattr(Store, "close", recording_close)

    def close_the_dialog() -> None:
        (dialog,) = visible(OpeningDialog)
        dialog.close()  # the title bar's ×
        blocked_open.release.set()

    closing = when(lambda: bool(visible(OpeningDialog)), close_the_dialog)

    assert run_gui(tmp_path) == EXIT_CLOSED_WHILE_OPENING == 0

    closing.stop()
    assert visible(MainWindow) == []
    assert closed == blocked_open.stores and len(closed) == 1
