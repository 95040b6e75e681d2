"""Keeps a page current when another page or process changes what it shows: it reloads at once
if it is on screen, else when it is next shown, and never over unsaved edits."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from skilldesk.core.changes import ChangeSet
from skilldesk.ui.context import AppContext


class ReloadOnOutsideChanges(QObject):
    """Calls `reload` for announced changes that `shows` says the page shows, unless the page
    made them itself; `has_edits` holds a reload back until the page's edits are saved or given
    up (and the page is shown again)."""

    def __init__(
        self,
        page: QWidget,
        ctx: AppContext,
        reload: Callable[[], None],
        *,
        shows: Callable[[ChangeSet], bool],
        has_edits: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(page)
        self._page = page
        self._reload = reload
        self._has_edits = has_edits
        self._shows = shows
        self.stale = False
        ctx.hub.changed.connect(self._on_changes)
        page.installEventFilter(self)

    def _on_changes(self, changes: ChangeSet, source: object | None) -> None:
        if source is self._page or not self._shows(changes):
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
