"""The main window's size: what it was left at, never bigger than the screen it is on, and
maximised on its first start on a small screen (a 1366×768 laptop cannot hold 1280×800 with
its taskbar: the status bar ended below the screen edge)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1280, 800)
# Room the window's frame and title bar take around its contents, on any desktop.
FRAME_ALLOWANCE = QSize(16, 48)


def available_area(window: QWidget) -> QRect:
    """The screen area the window may use (the taskbar excluded)."""
    screen = window.screen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def place_window(window: QWidget, saved: QByteArray | None, available: QRect) -> None:
    """Restore the size the window was left at, else choose one; either way fit `available`."""
    if saved is not None and window.restoreGeometry(saved):
        if not window.isMaximized():
            _fit(window, available)
        return
    wanted = PREFERRED + FRAME_ALLOWANCE
    if wanted.width() > available.width() or wanted.height() > available.height():
        _fit(window, available)  # the size it takes when the user un-maximises it
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    window.resize(PREFERRED)
    frame = QRect(available.topLeft(), wanted)
    frame.moveCenter(available.center())
    window.move(frame.topLeft())


def _fit(window: QWidget, available: QRect) -> None:
    room = available.size() - FRAME_ALLOWANCE
    size = window.size().boundedTo(room).expandedTo(window.minimumSizeHint().boundedTo(room))
    window.resize(size)
    frame = size + FRAME_ALLOWANCE  # move() places the frame, resize() the contents
    right_most = available.left() + available.width() - frame.width()
    lowest = available.top() + available.height() - frame.height()
    window.move(
        max(available.left(), min(window.x(), right_most)),
        max(available.top(), min(window.y(), lowest)),
    )
