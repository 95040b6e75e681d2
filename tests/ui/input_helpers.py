"""Typing Chinese into fields in UI tests the way an input method does (QTest.keyClicks cannot)."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_into(editor: QWidget, text: str) -> None:
    """Replace the field's text with `text`, committed as by an IME (so `textEdited` fires)."""
    editor.setFocus()
    editor.selectAll()  # type: ignore[attr-defined]
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(editor, event)
