"""The one way the window runs work off the UI thread: a plain function on a thread pool, with
its result, error or cancellation handed back to the UI thread through signals."""

from __future__ import annotations

import gc
import logging
import re
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from skilldesk.core.errors import UserFacingError
from skilldesk.core.progress import Cancelled, CancelToken

log = logging.getLogger(__name__)

_CJK = re.compile(r"[\u4e00-\u9fff]")
PROGRESS_POLL_MS = 100


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


class Task(QObject):
    """One piece of background work. Its outcome signals arrive on the UI thread."""

    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()  # after any of the three above

    # Emitted from the worker thread; queued to the UI thread because this object lives there.
    _worker_succeeded = Signal(object)
    _worker_failed = Signal(object)
    _worker_cancelled = Signal()

    def __init__(
        self,
        fn: Callable[..., Any],
        *,
        takes_progress: bool,
        progress_label: str | None,
        parent_widget: QWidget | None,
        dialog_delay_ms: int,
    ) -> None:
        super().__init__()
        self.token = CancelToken()
        self.dialog: QProgressDialog | None = None
        self._fn = fn
        self._takes_progress = takes_progress
        self._progress_label = progress_label
        self._parent_widget = parent_widget
        self._dialog_delay_ms = dialog_delay_ms
        self._latest: tuple[int, int, str] | None = None
        self._done = False
        self._discarded = False
        self._poll = QTimer(self)
        self._poll.setInterval(PROGRESS_POLL_MS)
        self._poll.timeout.connect(self._show_progress)
        self._worker_succeeded.connect(self._on_succeeded)
        self._worker_failed.connect(self._on_failed)
        self._worker_cancelled.connect(self._on_cancelled)

    @property
    def done(self) -> bool:
        return self._done

    def cancel(self) -> None:
        self.token.cancel()

    # -- worker thread ------------------------------------------------------------------------

    def _report(self, done: int, total: int, label: str) -> None:
        # A plain assignment: the UI polls it, so a chatty callback never floods the event loop.
        self._latest = (done, total, label)

    def run_in_worker(self) -> None:
        try:
            if self._takes_progress:
                result = self._fn(progress=self._report, cancel=self.token)
            else:
                result = self._fn()
        except Cancelled:
            self._worker_cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the UI
            self._worker_failed.emit(exc)
        else:
            self._worker_succeeded.emit(result)

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
        if self._done or self.dialog is not None:
            return
        dialog = QProgressDialog(self._parent_widget)
        dialog.setWindowTitle(QCoreApplication.translate("workers", "请稍候"))
        dialog.setLabelText(self._progress_label or "")
        dialog.setRange(0, 0)
        dialog.setMinimumWidth(360)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if self._takes_progress:
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

    def _close_dialog(self) -> None:
        self._done = True
        self._poll.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None

    def discard(self) -> None:
        """Drop the outcome: the window is closing and its widgets may already be gone."""
        self._discarded = True
        self.token.cancel()
        self._close_dialog()

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._finish(self.succeeded, result)

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        self._finish(self.failed, exc)

    @Slot()
    def _on_cancelled(self) -> None:
        self._finish(self.cancelled)

    def _finish(self, signal: Any, *args: object) -> None:
        self._close_dialog()
        if self._discarded:
            return
        signal.emit(*args)
        self.finished.emit()


class TaskRunner(QObject):
    """Owns the thread pools: reads run side by side, database writes strictly one at a time."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(max(2, min(4, QThreadPool.globalInstance().maxThreadCount())))
        # SQLite allows one writer; a single worker keeps writes in the order the user made them.
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._running: set[Task] = set()
        self._closed = False
        self.dialog_delay_ms = 400

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def run(
        self,
        fn: Callable[..., Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        writes: bool = False,
        takes_progress: bool = False,
        progress_label: str | None = None,
        parent: QWidget | None = None,
    ) -> Task:
        """Run `fn` in the background and call back on the UI thread.

        `fn()` is called with no arguments, or as `fn(progress=..., cancel=...)` when
        `takes_progress`; then the progress dialog (shown when `progress_label` is given) has a
        取消 button that sets the CancelToken. `writes=True` queues it behind other writes.
        Without `on_failure`, errors are shown in a message box over `parent`.
        """
        if self._closed:
            raise RuntimeError("TaskRunner is shut down")
        task = Task(
            fn,
            takes_progress=takes_progress,
            progress_label=progress_label,
            parent_widget=parent,
            dialog_delay_ms=self.dialog_delay_ms,
        )
        if on_success is not None:
            task.succeeded.connect(on_success)
        task.failed.connect(on_failure or (lambda exc: _show_error(parent, exc)))
        if on_cancel is not None:
            task.cancelled.connect(on_cancel)
        task.finished.connect(lambda: self._forget(task))
        self._running.add(task)
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        task.start_feedback()
        (self._writes if writes else self._reads).start(task.run_in_worker)
        return task

    def _forget(self, task: Task) -> None:
        self._running.discard(task)
        if not self._running:
            self.busy_changed.emit(False)

    def running_tasks(self) -> list[Task]:
        return list(self._running)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until queued work has finished (its outcome signals are still to be delivered)."""
        return self._writes.waitForDone(msecs) and self._reads.waitForDone(msecs)

    def shutdown(self) -> None:
        """Cancel what can be cancelled, let writes finish or roll back, drop all outcomes."""
        self._closed = True
        for task in list(self._running):
            task.discard()
        self._reads.clear()
        self.wait_for_done()
        self._running.clear()


def _show_error(parent: QWidget | None, exc: BaseException) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(
        parent, QCoreApplication.translate("workers", "操作未完成"), describe_error(exc)
    )
