"""The background runner: typed results on the UI thread, latest-only keys, the busy state pages
bind to, cancellation, and the ChangeSet a task commits announced once, before its result."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from skilldesk.core.changes import ChangeSet
from skilldesk.core.models import ExamSite
from skilldesk.core.progress import CancelToken, ProgressCallback
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.services.workspace import Workspace
from skilldesk.ui.busy import BusyBinding
from skilldesk.ui.workers import TaskRunner, describe_error
from tests.ui.qt_helpers import child

WAIT_S = 5  # every wait on a worker is bounded: a hung worker fails the test, not the run


@pytest.fixture
def runner(qapp: Any) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    try:
        yield tasks
    finally:
        tasks.shutdown()


def _add_site(store: Store, name: str) -> int:
    with unit_of_work(store) as uow:
        site = ExamSite(name=name)
        uow.session.add(site)
        uow.session.flush()
        return site.id


def test_result_arrives_on_the_ui_thread(qtbot: Any, runner: TaskRunner) -> None:
    seen: list[tuple[bool, bool]] = []
    ui_thread = threading.current_thread()

    def off_thread() -> bool:
        return threading.current_thread() is not ui_thread

    task = runner.run(
        off_thread, lambda was_off: seen.append((was_off, threading.current_thread() is ui_thread))
    )
    with qtbot.waitSignal(task.finished):
        pass
    assert seen == [(True, True)]
    assert not runner.busy


def test_an_error_with_a_chinese_message_is_shown_as_is(qtbot: Any, runner: TaskRunner) -> None:
    errors: list[BaseException] = []
    done: list[None] = []

    def fail() -> None:
        raise ValueError("文件已损坏，无法读取。")

    task = runner.run(fail, done.append, on_failure=errors.append)
    with qtbot.waitSignal(task.finished):
        pass
    assert done == []
    assert describe_error(errors[0]) == "文件已损坏，无法读取。"
    assert "意外错误" in describe_error(KeyError("x"))


def test_a_newer_task_with_the_same_key_drops_the_older_result(
    qtbot: Any, runner: TaskRunner
) -> None:
    release = threading.Event()
    shown: list[str] = []
    failures: list[BaseException] = []

    def slow() -> str:
        assert release.wait(WAIT_S)
        return "old"

    older = runner.run(slow, shown.append, key="plan", on_failure=failures.append)
    newer = runner.run(lambda: "new", shown.append, key="plan", on_failure=failures.append)
    assert older.token.cancelled  # the older work is told to stop
    with qtbot.waitSignal(newer.finished, timeout=WAIT_S * 1000):
        pass
    release.set()
    with qtbot.waitSignal(older.finished, timeout=WAIT_S * 1000):
        pass
    assert shown == ["new"]
    assert failures == []
    assert not runner.is_running("plan")


def test_tasks_with_other_keys_all_deliver(qtbot: Any, runner: TaskRunner) -> None:
    shown: list[int] = []
    tasks = [runner.run(partial(int, n), shown.append, key=f"k{n}") for n in range(3)]
    qtbot.waitUntil(lambda: all(t.done for t in tasks), timeout=WAIT_S * 1000)
    assert sorted(shown) == [0, 1, 2]


def test_a_busy_binding_disables_while_its_key_or_a_write_runs(
    qtbot: Any, runner: TaskRunner
) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    button, save = QPushButton(page), QPushButton(page)
    loading = BusyBinding(runner, page, keys=("load",), disables=[button])
    writing = BusyBinding(runner, page, writes=True, disables=[save])
    changes: list[bool] = []
    loading.changed.connect(changes.append)
    release = threading.Event()

    task = runner.run(lambda: release.wait(WAIT_S), key="load")
    assert loading.active and not button.isEnabled()
    assert not writing.active and save.isEnabled()  # a read does not hold writes back
    other = runner.run(lambda: None, key="other")
    release.set()
    qtbot.waitUntil(lambda: task.done and other.done, timeout=WAIT_S * 1000)
    assert not loading.active and button.isEnabled()
    assert changes == [True, False]

    release.clear()
    write = runner.run(lambda: release.wait(WAIT_S), writes=True)
    assert writing.active and not save.isEnabled()
    assert button.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: write.done, timeout=WAIT_S * 1000)
    assert save.isEnabled()


def test_a_writes_changes_are_announced_once_with_its_source_before_its_result(
    qtbot: Any, runner: TaskRunner, workspace: Workspace
) -> None:
    events: list[tuple[str, object, object]] = []
    runner.hub.changed.connect(lambda changes, source: events.append(("changed", changes, source)))
    page = QWidget()
    qtbot.addWidget(page)

    task = runner.run(
        lambda: _add_site(workspace.store, "甲考点"),
        lambda site_id: events.append(("done", site_id, None)),
        writes=True,
        source=page,
    )
    with qtbot.waitSignal(task.finished, timeout=WAIT_S * 1000):
        pass
    [site_id] = [e[1] for e in events if e[0] == "done"]
    assert isinstance(site_id, int)
    assert events == [
        ("changed", ChangeSet(sites=frozenset({site_id})), page),
        ("done", site_id, None),
    ]


def test_a_read_announces_nothing(qtbot: Any, runner: TaskRunner, workspace: Workspace) -> None:
    announced: list[object] = []
    runner.hub.changed.connect(lambda changes, source: announced.append(changes))
    task = runner.run(lambda: workspace.store.data_dir, lambda _path: None)
    with qtbot.waitSignal(task.finished, timeout=WAIT_S * 1000):
        pass
    assert announced == []


def test_what_a_failing_or_superseded_task_committed_is_still_announced(
    qtbot: Any, runner: TaskRunner, workspace: Workspace
) -> None:
    announced: list[ChangeSet] = []
    runner.hub.changed.connect(lambda changes, _source: announced.append(changes))
    committed: list[int] = []
    release = threading.Event()

    def commit_then_fail() -> None:
        committed.append(_add_site(workspace.store, "甲考点"))
        raise RuntimeError("after the commit")

    def commit_then_wait() -> None:
        committed.append(_add_site(workspace.store, "乙考点"))
        assert release.wait(WAIT_S)

    failing = runner.run(commit_then_fail, writes=True, on_failure=lambda _exc: None)
    superseded = runner.run(commit_then_wait, writes=True, key="save")
    runner.run(lambda: None, key="save")  # supersedes it: its result is dropped, not its change
    release.set()
    qtbot.waitUntil(lambda: failing.done and superseded.done, timeout=WAIT_S * 1000)
    assert [c.sites for c in announced] == [frozenset({site}) for site in committed]
    assert len(committed) == 2


def test_cancel_button_stops_the_work(qtbot: Any, runner: TaskRunner) -> None:
    runner.dialog_delay_ms = 0
    started = threading.Event()
    outcome: list[str] = []

    def work(*, progress: ProgressCallback, cancel: CancelToken) -> str:
        progress(1, 10, "正在处理…")
        started.set()
        for _ in range(WAIT_S * 100):  # bounded: gives up if the cancel never arrives
            cancel.raise_if_cancelled()
            threading.Event().wait(0.01)
        return "never cancelled"

    task = runner.run_with_progress(
        work,
        outcome.append,
        progress_label="正在处理…",
        on_cancel=lambda: outcome.append("cancelled"),
    )
    assert task.dialog is not None and task.dialog.isVisible()
    assert started.wait(WAIT_S)
    button = child(task.dialog, QPushButton)
    assert button.text() == "取消"
    with qtbot.waitSignal(task.finished, timeout=WAIT_S * 2000):
        button.click()
    assert outcome == ["cancelled"]
    assert task.dialog is None


def test_a_shut_down_runner_delivers_nothing_and_takes_no_more_work(
    qtbot: Any, workspace: Workspace
) -> None:
    runner = TaskRunner()
    delivered: list[object] = []
    try:
        runner.hub.changed.connect(lambda changes, _source: delivered.append(changes))
        runner.run(lambda: _add_site(workspace.store, "甲考点"), delivered.append, writes=True)
    finally:
        runner.shutdown()  # the write finishes (or rolls back) before this returns
    qtbot.wait(50)  # let any queued outcome reach the event loop
    assert delivered == []
    assert runner.closed
    with pytest.raises(RuntimeError):
        runner.run(lambda: None)
