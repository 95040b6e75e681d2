"""The one way the window runs work off the UI thread: a plain function on a thread pool, with
its result, error or cancellation handed back to the UI thread, and what it committed announced.

    ctx.tasks.run(partial(list_plans, store), self._show_plans, key=task_key(self, "plans"))

`on_done` is checked against the function's return type. A key makes a task latest-only; a
`BusyBinding` (ui/busy.py) disables what must wait while tasks of given keys, or writes, run.
"""

from __future__ import annotations

import gc
import logging
import re
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from skilldesk.core.changes import ChangeSet
from skilldesk.core.errors import UserFacingError
from skilldesk.core.progress import Cancelled, CancelToken, ProgressCallback
from skilldesk.ui.change_hub import ChangeHub

log = logging.getLogger(__name__)

_CJK = re.compile(r"[\u4e00-\u9fff]")
PROGRESS_POLL_MS = 100

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


def describe_error(exc: BaseException) -> str:
    """A message for the user: the exception's own if it speaks Chinese, else a plain summary.

    Only the exception type and traceback are logged, never the message: messages (SQL
    parameters, file contents) can carry ID numbers and other personal data.
    """
    message = str(exc).strip().strip("'\"")
    if message and (isinstance(exc, UserFacingError) or _CJK.search(message)):
        return message
    log.error(
        "unexpected %s\n%s",
        type(exc).__name__,
        "".join(traceback.format_tb(exc.__traceback__)),
    )
    detail = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    if len(detail) > 300:
        detail = detail[:300] + "…"
    return QCoreApplication.translate(
        "workers", "出现意外错误，操作未完成。\n\n技术信息：{detail}"
    ).format(detail=detail)


_bulk_lock = threading.Lock()
_bulk_depth = 0


@contextmanager
def bulk_allocation() -> Iterator[None]:
    """Wrap building large long-lived data off the UI thread (a 50,000-row table).

    While the heap grows by a million objects, the cycle collector's full passes each hold the
    GIL for ~100 ms and stall the UI thread. Pause it for the build; afterwards collect what the
    build discarded and freeze the survivors, so later full passes do not walk the table again.
    Frozen objects are still freed by reference counting when the table is replaced. The only
    pause of the collector in the program; measured by bench/gc_roster_load.py (docs/benchmarks.md).
    """
    global _bulk_depth
    with _bulk_lock:
        _bulk_depth += 1
        if _bulk_depth == 1:
            gc.disable()
    try:
        yield
    finally:
        with _bulk_lock:
            _bulk_depth -= 1
            if _bulk_depth == 0:
                gc.collect(0)
                gc.freeze()
                gc.enable()


class ProgressWork(Protocol[R_co]):
    """Long work that reports progress and stops when asked (a service's usual keywords)."""

    def __call__(self, *, progress: ProgressCallback, cancel: CancelToken) -> R_co: ...


def task_key(owner: object, name: str) -> str:
    """A latest-only key private to one page (two pages of one kind never supersede each other)."""
    return f"{type(owner).__name__}.{name}#{id(owner):x}"


_SUCCEEDED, _FAILED, _CANCELLED = "succeeded", "failed", "cancelled"


class Task(QObject):
    """One piece of background work, run inside `collect_changes()` on a worker thread.

    Its outcome is handed to the runner on the UI thread; `finished` follows once the outcome
    was delivered (or dropped, when a newer task with the same key replaced this one).
    """

    finished = Signal()
    # Emitted from the worker thread; queued to the UI thread because this object lives there.
    _worker_finished = Signal(str, object, object)  # outcome, result or exception, ChangeSet

    def __init__(
        self,
        call: Callable[[ProgressCallback, CancelToken], object],
        *,
        key: str | None,
        writes: bool,
        source: object | None,
        cancellable: bool,
        progress_label: str | None,
        parent_widget: QWidget | None,
        dialog_delay_ms: int,
    ) -> None:
        super().__init__()
        self.key = key
        self.writes = writes
        self.source = source
        self.token = CancelToken()
        self.dialog: QProgressDialog | None = None
        self.dropped = False  # superseded: its outcome is never delivered
        self.discarded = False  # the runner shut down: nothing is delivered or announced
        self.on_done: Callable[[Any], object] | None = None
        self.on_failure: Callable[[BaseException], object] | None = None
        self.on_cancel: Callable[[], object] | None = None
        self._call = call
        self._cancellable = cancellable
        self._progress_label = progress_label
        self._parent_widget = parent_widget
        self._dialog_delay_ms = dialog_delay_ms
        self._latest: tuple[int, int, str] | None = None
        self._done = False
        self._poll = QTimer(self)
        self._poll.setInterval(PROGRESS_POLL_MS)
        self._poll.timeout.connect(self._show_progress)

    @property
    def done(self) -> bool:
        """The work has ended and its outcome was handed over (or dropped)."""
        return self._done

    def cancel(self) -> None:
        self.token.cancel()

    # -- worker thread ------------------------------------------------------------------------

    def _report(self, done: int, total: int, label: str) -> None:
        # A plain assignment: the UI polls it, so a chatty callback never floods the event loop.
        self._latest = (done, total, label)

    def run_in_worker(self) -> None:
        # Imported here, on the worker: it loads the ORM models and the roster rules, which
        # cost ~0.1 s before the window could show (bench/bench_startup.py).
        from skilldesk.core.unit_of_work import collect_changes

        payload: object = None
        # The units of work the function commits on this thread, whatever its outcome: a task
        # that fails after one commit still changed what that commit wrote.
        with collect_changes() as collected:
            try:
                payload = self._call(self._report, self.token)
                outcome = _SUCCEEDED
            except Cancelled:
                outcome = _CANCELLED
            except BaseException as exc:  # noqa: BLE001 - every failure must reach the UI
                outcome, payload = _FAILED, exc
        self._worker_finished.emit(outcome, payload, collected.changes)

    # -- UI thread ----------------------------------------------------------------------------

    def start_feedback(self) -> None:
        if self._progress_label is None:
            return
        if self._dialog_delay_ms <= 0:
            self._open_dialog()
        else:
            # Quick work finishes before the dialog would appear, so it never flashes.
            QTimer.singleShot(self._dialog_delay_ms, self, self._open_dialog)

    def _open_dialog(self) -> None:
        if self._done or self.dropped or self.dialog is not None:
            return
        dialog = QProgressDialog(self._parent_widget)
        dialog.setWindowTitle(QCoreApplication.translate("workers", "请稍候"))
        dialog.setLabelText(self._progress_label or "")
        dialog.setRange(0, 0)
        dialog.setMinimumWidth(360)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if self._cancellable:
            button = QPushButton(QCoreApplication.translate("workers", "取消"))
            dialog.setCancelButton(button)
            # Keep the dialog up until the work has really stopped and rolled back.
            dialog.canceled.disconnect(dialog.cancel)
            dialog.canceled.connect(self._user_cancelled)
        else:
            dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog = dialog
        dialog.show()
        self._show_progress()
        self._poll.start()

    def _user_cancelled(self) -> None:
        self.token.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(QCoreApplication.translate("workers", "正在取消…"))
            button = self.dialog.findChild(QPushButton)
            if button is not None:
                button.setEnabled(False)

    def _show_progress(self) -> None:
        if self.dialog is None or self._latest is None or self.token.cancelled:
            return
        done, total, label = self._latest
        if total > 0:
            self.dialog.setRange(0, total)
            self.dialog.setValue(min(done, total))
        else:
            self.dialog.setRange(0, 0)
        if label:
            self.dialog.setLabelText(label)

    def close_dialog(self) -> None:
        self._poll.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None

    def drop(self) -> None:
        """A newer task with the same key replaces this one: stop it and never deliver it."""
        self.dropped = True
        self.token.cancel()
        self.close_dialog()

    def discard(self) -> None:
        """The window is closing and its widgets may already be gone: deliver nothing."""
        self.discarded = True
        self.drop()


class TaskRunner(QObject):
    """Owns the thread pools: reads run side by side, database writes strictly one at a time.

    Every task's committed changes are announced on `hub` (with the task's `source`) before
    its `on_done` runs, so other pages refresh from the one signal and never from a page.
    """

    busy_changed = Signal()  # a task started or finished; ask `is_running` / `writing`

    def __init__(self, hub: ChangeHub | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub if hub is not None else ChangeHub(self)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(max(2, min(4, QThreadPool.globalInstance().maxThreadCount())))
        # SQLite allows one writer; a single worker keeps writes in the order the user made them.
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._running: list[Task] = []
        self._latest: dict[str, Task] = {}
        self._closed = False
        self.dialog_delay_ms = 400

    @property
    def busy(self) -> bool:
        return bool(self._running)

    @property
    def closed(self) -> bool:
        """Shut down: it takes no more work."""
        return self._closed

    @property
    def writing(self) -> bool:
        """A write is queued or running."""
        return any(task.writes for task in self._running)

    def is_running(self, key: str) -> bool:
        return any(task.key == key for task in self._running)

    def run(
        self,
        fn: Callable[[], R],
        on_done: Callable[[R], object] | None = None,
        *,
        key: str | None = None,
        writes: bool = False,
        progress_label: str | None = None,
        on_failure: Callable[[BaseException], object] | None = None,
        on_cancel: Callable[[], object] | None = None,
        parent: QWidget | None = None,
        source: object | None = None,
    ) -> Task:
        """Run `fn()` in the background; `on_done(result)` on the UI thread.

        `key`: latest only — a task started with the key of one still running cancels that
        one and drops its outcome. `writes=True` queues it behind other writes. A
        `progress_label` shows a progress dialog if the work takes a while. Without
        `on_failure`, an error is shown in a message box over `parent`. `source`: the page that
        will show the result itself, passed with the announced changes.
        """
        return self._start(
            lambda _progress, _cancel: fn(),
            on_done,
            cancellable=False,
            key=key,
            writes=writes,
            progress_label=progress_label,
            on_failure=on_failure,
            on_cancel=on_cancel,
            parent=parent,
            source=source,
        )

    def run_with_progress(
        self,
        fn: ProgressWork[R],
        on_done: Callable[[R], object] | None = None,
        *,
        key: str | None = None,
        writes: bool = False,
        progress_label: str | None = None,
        on_failure: Callable[[BaseException], object] | None = None,
        on_cancel: Callable[[], object] | None = None,
        parent: QWidget | None = None,
        source: object | None = None,
    ) -> Task:
        """As `run`, with `fn(progress=…, cancel=…)`; its dialog has a 取消 button."""
        return self._start(
            lambda progress, cancel: fn(progress=progress, cancel=cancel),
            on_done,
            cancellable=True,
            key=key,
            writes=writes,
            progress_label=progress_label,
            on_failure=on_failure,
            on_cancel=on_cancel,
            parent=parent,
            source=source,
        )

    def _start(
        self,
        call: Callable[[ProgressCallback, CancelToken], object],
        on_done: Callable[[Any], object] | None,
        *,
        cancellable: bool,
        key: str | None,
        writes: bool,
        progress_label: str | None,
        on_failure: Callable[[BaseException], object] | None,
        on_cancel: Callable[[], object] | None,
        parent: QWidget | None,
        source: object | None,
    ) -> Task:
        if self._closed:
            raise RuntimeError("TaskRunner is shut down")
        task = Task(
            call,
            key=key,
            writes=writes,
            source=source,
            cancellable=cancellable,
            progress_label=progress_label,
            parent_widget=parent,
            dialog_delay_ms=self.dialog_delay_ms,
        )
        task.on_done, task.on_failure, task.on_cancel = on_done, on_failure, on_cancel
        if key is not None:
            older = self._latest.get(key)
            if older is not None:
                older.drop()
            self._latest[key] = task
        task._worker_finished.connect(partial(self._deliver, task))
        self._running.append(task)
        task.start_feedback()
        (self._writes if writes else self._reads).start(task.run_in_worker)
        self.busy_changed.emit()
        return task

    def _deliver(self, task: Task, outcome: str, payload: object, changes: ChangeSet) -> None:
        task._done = True
        task.close_dialog()
        if task in self._running:
            self._running.remove(task)
        if task.key is not None and self._latest.get(task.key) is task:
            del self._latest[task.key]
        if task.discarded:
            return
        try:
            self.busy_changed.emit()
            # Even a superseded or failed task announces what it committed: it happened.
            self.hub.announce(changes, task.source)
            if task.dropped:
                return
            if outcome == _SUCCEEDED:
                if task.on_done is not None:
                    task.on_done(payload)
            elif outcome == _FAILED:
                assert isinstance(payload, BaseException)
                if task.on_failure is not None:
                    task.on_failure(payload)
                else:
                    _show_error(task._parent_widget, payload)
            elif task.on_cancel is not None:
                task.on_cancel()
        finally:
            task.finished.emit()

    def drop(self, key: str) -> None:
        """Stop the task running under `key`, if any; its outcome is never delivered."""
        task = self._latest.pop(key, None)
        if task is not None:
            task.drop()

    def running_tasks(self) -> list[Task]:
        return list(self._running)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until queued work has finished (its outcomes are still to be delivered)."""
        return self._writes.waitForDone(msecs) and self._reads.waitForDone(msecs)

    def shutdown(self) -> None:
        """Cancel what can be cancelled, let writes finish or roll back, drop all outcomes."""
        self._closed = True
        for task in list(self._running):
            task.discard()
        self._reads.clear()
        self.wait_for_done()
        self._running.clear()
        self._latest.clear()


def _show_error(parent: QWidget | None, exc: BaseException) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(
        parent, QCoreApplication.translate("workers", "操作未完成"), describe_error(exc)
    )
