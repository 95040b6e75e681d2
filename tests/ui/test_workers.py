"""The background helper: results, errors and cancellation reach the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from skilldesk.core.progress import CancelToken, ProgressCallback
from skilldesk.ui.workers import TaskRunner, describe_error
from tests.helpers import work_until_cancelled
from tests.ui.qt_helpers import child


@pytest.fixture
def runner(qapp: Any) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    try:
        yield tasks
    finally:
        tasks.shutdown()


def test_result_arrives_on_the_ui_thread(qtbot: Any, runner: TaskRunner) -> None:
    seen: list[tuple[Any, bool]] = []
    ui_thread = threading.current_thread()
    task = runner.run(
        lambda: threading.current_thread() is not ui_thread,
        on_success=lambda off_thread: seen.append(
            (off_thread, threading.current_thread() is ui_thread)
        ),
    )
    with qtbot.waitSignal(task.finished):
        pass
    assert seen == [(True, True)]
    assert not runner.busy


def test_an_error_with_a_chinese_message_is_shown_as_is(qtbot: Any, runner: TaskRunner) -> None:
    errors: list[BaseException] = []

    def fail() -> None:
        raise ValueError("文件已损坏，无法读取。")

    task = runner.run(fail, on_failure=errors.append)
    with qtbot.waitSignal(task.finished):
        pass
    assert describe_error(errors[0]) == "文件已损坏，无法读取。"
    assert "意外错误" in describe_error(KeyError("x"))


def test_cancel_button_stops_the_work(qtbot: Any, runner: TaskRunner) -> None:
    runner.dialog_delay_ms = 0
    started = threading.Event()
    outcome: list[str] = []

    def work(*, progress: ProgressCallback, cancel: CancelToken) -> str:
        progress(1, 10, "正在处理…")
        started.set()
        work_until_cancelled(cancel)

    task = runner.run(
        work,
        takes_progress=True,
        progress_label="正在处理…",
        on_success=outcome.append,
        on_cancel=lambda: outcome.append("cancelled"),
    )
    assert task.dialog is not None and task.dialog.isVisible()
    assert started.wait(5)
    button = child(task.dialog, QPushButton)
    assert button.text() == "取消"
    with qtbot.waitSignal(task.finished):
        button.click()
    assert outcome == ["cancelled"]
    assert task.dialog is None
