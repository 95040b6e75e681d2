"""Notices what another process (the CLI beside the window) committed, and announces it.

Every unit of work appends its ChangeSet to the change log; while the window is shown, a timer
asks for the newest entry (one indexed max(): 0.4 ms measured, so it runs on the UI thread) and, when there is a
newer one, reads what others committed since — off the UI thread — and announces it through
the hub with no source, so every page that shows it refreshes.
"""

from __future__ import annotations

import logging
import os
from functools import partial

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from skilldesk.core.changes import ChangeSet
from skilldesk.core.store import Store
from skilldesk.ui.context import AppContext
from skilldesk.ui.workers import task_key

POLL_MS = 1500

log = logging.getLogger(__name__)


class OutsideChangesWatch(QObject):
    """Polls the change log while `window` is shown, and once more when it is activated."""

    def __init__(self, ctx: AppContext, window: QWidget) -> None:
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self._key = task_key(self, "read")
        # The newest entry when the window opened; read in the background like the pages'
        # first loads (the unit of work's module costs ~0.1 s of start-up to import).
        self.seen: int | None = None
        ctx.tasks.run(partial(_latest_seq, ctx.workspace.store), self._started, key=self._key)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        window.installEventFilter(self)

    def _started(self, seq: int) -> None:
        self.seen = seq

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.WindowActivate:
            self.check()  # back from the terminal: show its work at once
        return False

    def check(self) -> None:
        """Announce what other processes committed since the last look, if anything."""
        from skilldesk.core.unit_of_work import latest_seq

        tasks, seen = self._ctx.tasks, self.seen
        if tasks.closed or seen is None or not self._window.isVisible():
            return
        if tasks.is_running(self._key):
            return
        store = self._ctx.workspace.store
        if latest_seq(store) == seen:
            return
        self._ctx.tasks.run(
            partial(_read_outside, store, seen),
            self._read,
            key=self._key,
            # A failed look is retried on the next tick; it must not open a message box.
            on_failure=lambda exc: log.warning("reading the change log failed: %s", type(exc)),
        )

    def _read(self, result: tuple[int, ChangeSet]) -> None:
        newest, changes = result
        self.seen = max(self.seen or 0, newest)
        self._ctx.hub.announce(changes, None)


def _read_outside(store: Store, seen: int) -> tuple[int, ChangeSet]:
    """What others committed since `seen`; an imported holiday notice also takes effect here."""
    from skilldesk.core.unit_of_work import changes_since
    from skilldesk.services.holiday_calendar import use_stored_years

    newest, changes = changes_since(store, seen, exclude_pid=os.getpid())
    if changes.calendar:
        use_stored_years(store)
    return newest, changes


def _latest_seq(store: Store) -> int:
    from skilldesk.core.unit_of_work import latest_seq

    return latest_seq(store)
