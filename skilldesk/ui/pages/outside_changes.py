"""Keeps a resource page current when another page changes the institution's resources: it
reloads at once if it is on screen, else when it is next shown, and never over unsaved edits."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from skilldesk.ui.context import AppContext, Changes


class ReloadOnOutsideChanges(QObject):
    """Calls `reload` for changes other pages announce; `has_edits` holds a reload back until
    the page's edits are saved or given up (and the page is shown again)."""

    def __init__(
        self,
        page: QWidget,
        ctx: AppContext,
        reload: Callable[[], None],
        *,
        has_edits: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(page)
        self._page = page
        self._reload = reload
        self._has_edits = has_edits
        self.stale = False
        ctx.hub.changed.connect(self._on_changes)
        page.installEventFilter(self)

    def _on_changes(self, changes: Changes) -> None:
        # Plan and roster changes leave what these pages show alone; resource changes come
        # without those flags (Changes has no resource flag yet).
        if changes.source is self._page or changes.plans or changes.rosters:
            return
        self.stale = True
        if self._page.isVisible():
            self._reload_if_stale()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._page and event.type() == QEvent.Type.Show:
            self._reload_if_stale()
        return False

    def _reload_if_stale(self) -> None:
        if self.stale and not self._has_edits():
            self.stale = False
            self._reload()
