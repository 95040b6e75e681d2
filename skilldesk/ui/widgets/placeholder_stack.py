"""A page's main content, or in its place a centred grey message: what is loading, why there is
nothing to show yet, what to do first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget


class PlaceholderStack(QStackedWidget):
    """Shows `content`, or `placeholder` with the text given to `show_message`."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: palette(placeholder-text); font-size: 11pt;")
        self.content = content
        self.addWidget(self.placeholder)
        self.addWidget(content)

    def show_message(self, text: str) -> None:
        self.placeholder.setText(text)
        self.setCurrentWidget(self.placeholder)

    def show_content(self) -> None:
        self.setCurrentWidget(self.content)
