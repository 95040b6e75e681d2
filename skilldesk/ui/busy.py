"""The busy state a page binds to: while tasks of some keys, or any write, are running, what
must wait is disabled, and enabled again when they are done."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from skilldesk.ui.workers import TaskRunner


class BusyBinding(QObject):
    """`active` while a task with one of `keys` runs, or (with `writes`) any write is queued.

    `disables` are widgets or actions that are only ever disabled for being busy; a page whose
    buttons also depend on a selection connects `changed` to its own update and reads `active`.
    """

    changed = Signal(bool)

    def __init__(
        self,
        runner: TaskRunner,
        parent: QObject,
        *,
        keys: Iterable[str] = (),
        writes: bool = False,
        disables: Iterable[QWidget | QAction] = (),
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._keys = tuple(keys)
        self._writes = writes
        self._disables = list(disables)
        self.active = False
        runner.busy_changed.connect(self._update)
        self._update()

    def disable(self, *targets: QWidget | QAction) -> None:
        """Also disable these while busy."""
        self._disables.extend(targets)
        for target in targets:
            target.setEnabled(not self.active)

    def _update(self) -> None:
        active = (self._writes and self._runner.writing) or any(
            self._runner.is_running(key) for key in self._keys
        )
        if active == self.active:
            return
        self.active = active
        for target in self._disables:
            target.setEnabled(not active)
        self.changed.emit(active)
