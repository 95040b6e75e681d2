"""A page's main content, or in its place a centred grey message: what is loading, why there is
nothing to show yet, what to do first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget


class PlaceholderStack(QStackedWidget):
    """Shows `content`, or `placeholder` with the text given to `show_message`.

    With an `action` (a button for the first step, such as 编制实施方案), the message stands a
    third of the way down with the button under it.
    """

    def __init__(
        self,
        content: QWidget,
        parent: QWidget | None = None,
        *,
        action: QPushButton | None = None,
    ) -> None:
        super().__init__(parent)
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: palette(placeholder-text); font-size: 11pt;")
        self.content = content
        if action is None:
            self.addWidget(self.placeholder)
        else:
            message = QWidget()
            layout = QVBoxLayout(message)
            layout.addStretch(1)
            layout.addWidget(self.placeholder)
            layout.addWidget(action, 0, Qt.AlignmentFlag.AlignHCenter)
            layout.addStretch(2)
            self.addWidget(message)
        self.addWidget(content)

    def show_message(self, text: str) -> None:
        self.placeholder.setText(text)
        self.setCurrentIndex(0)

    def show_content(self) -> None:
        self.setCurrentWidget(self.content)

    def showing_content(self) -> bool:
        return self.currentWidget() is self.content
