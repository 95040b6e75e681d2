"""Start-up's first sight: a small dialog saying what SkillDesk does while the workspace opens
(backing up and upgrading can take a while) on a plain thread, the UI thread free to paint."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal
from PySide6.QtWidgets import QProgressDialog

from skilldesk.core.progress import ProgressCallback
from skilldesk.core.store import OPEN_STEPS, OPENING

T = TypeVar("T")


class OpeningDialog(QProgressDialog):
    """The step under way (正在打开数据… / 正在备份数据… / 正在升级数据结构…) and how far along.

    It has no Cancel button: a migration is one transaction and is never cut off. Closing the
    dialog is taken as "do not open the window"; `wasCanceled()` says so once the step ends.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(OPENING, "", 0, OPEN_STEPS)
        self.setWindowTitle(
            QCoreApplication.translate("opening", "SkillDesk — {folder}").format(folder=folder)
        )
        self.setCancelButton(None)  # no button: see the class docstring
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(0)
        self.setMinimumWidth(360)
        self.setValue(0)

    def show_step(self, done: int, total: int, label: str) -> None:
        self.setMaximum(total)
        self.setValue(done)
        if label:
            self.setLabelText(label)


class _Relay(QObject):
    """Lives on the UI thread; the opening thread's emits arrive there queued."""

    progressed = Signal(int, int, str)
    finished = Signal()


def run_off_the_ui_thread(
    work: Callable[[ProgressCallback], T], on_progress: Callable[[int, int, str], Any]
) -> T:
    """Run `work(progress)` on a plain thread while the UI thread keeps its events flowing.

    Returns what `work` returned, or raises what it raised, on the UI thread. `on_progress`
    is called on the UI thread. Used before the window and its task runner exist.
    """
    relay = _Relay()
    relay.progressed.connect(on_progress)
    loop = QEventLoop()
    relay.finished.connect(loop.quit)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work(relay.progressed.emit)
        except BaseException as exc:  # handed to the UI thread, which decides
            outcome["error"] = exc
        finally:
            relay.finished.emit()

    thread = threading.Thread(target=run, name="skilldesk-open-workspace")
    thread.start()
    loop.exec()  # the quit is queued, so it cannot arrive before the loop runs
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]
