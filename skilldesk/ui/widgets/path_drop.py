"""Dropping one file or folder onto a page: which drags to accept, and handing the path over
once the drop is over."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget


class PathDrop:
    """A page's `dragEnterEvent` and `dropEvent` delegate here.

    A drag is accepted while `enabled()` holds if it carries a single local path that
    `accepts(path)` takes; a drop of such a path calls `handle(path)` from the event loop, after
    the drop handler has returned, because handling it may open dialogs.
    """

    def __init__(
        self,
        widget: QWidget,
        *,
        accepts: Callable[[Path], bool],
        handle: Callable[[Path], None],
        enabled: Callable[[], bool],
    ) -> None:
        self._widget = widget
        self._accepts, self._handle, self._enabled = accepts, handle, enabled
        widget.setAcceptDrops(True)

    def path(self, event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) != 1 or not urls[0].isLocalFile():
            return None
        path = Path(urls[0].toLocalFile())
        return path if self._accepts(path) else None

    def drag_enter(self, event: QDragEnterEvent) -> None:
        if self._enabled() and self.path(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop(self, event: QDropEvent) -> None:
        path = self.path(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        QTimer.singleShot(0, self._widget, lambda: self._handle(path))
