"""A form that shows what is wrong with each field right under it, and a banner above it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core.findings import Finding

Tone = Literal["error", "warning", "info", "ok"]
# Text colours readable on the default light palette; the banner uses matching soft backgrounds.
TEXT_COLORS: dict[str, str] = {
    "error": "#b3261e",
    "warning": "#8a5300",
    "info": "#44546a",
    "ok": "#1e6b35",
}
BANNER_STYLES: dict[str, str] = {
    "error": "background: #fdecea; border: 1px solid #f1b0a9; color: #8c1d18;",
    "warning": "background: #fff4e0; border: 1px solid #f0c97a; color: #6d4200;",
    "info": "background: #eef3fa; border: 1px solid #b9cbe4; color: #28415f;",
    "ok": "background: #e8f5ec; border: 1px solid #a7d3b4; color: #1e5a30;",
}
_MARKS: dict[str, str] = {"error": "✖ ", "warning": "▲ ", "info": "", "ok": "✔ "}


class Banner(QLabel):
    """A coloured, word-wrapped strip for one message about the whole record; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tone: Tone | None = None
        self.hide()

    def show_message(self, text: str, tone: Tone = "info") -> None:
        if not text:
            self.clear_message()
            return
        self.tone = tone
        self.setText(text)
        self.setStyleSheet(
            f"QLabel {{ {BANNER_STYLES[tone]} border-radius: 4px; padding: 7px 10px; }}"
        )
        self.show()

    def clear_message(self) -> None:
        self.tone = None
        self.setText("")
        self.hide()


class FieldForm(QWidget):
    """Labelled fields on a grid (one or more columns); under each field a line for its message.

    A field's *hint* (grey) shows while it has no problem; a finding replaces it until cleared.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = Banner()
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(3)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        outer.addWidget(self.banner)
        outer.addLayout(self._grid)
        outer.addStretch(1)
        # A read-only field looks it, so a submitted filing is not mistaken for an editable one.
        self.setStyleSheet(
            'QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"],'
            ' QAbstractSpinBox[readOnly="true"] { background: palette(window); }'
        )
        self._next_row: dict[int, int] = {}
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self._messages: dict[str, QLabel] = {}
        self._hints: dict[str, str] = {}
        self._codes: dict[str, list[str]] = {}
        self._aliases: dict[str, tuple[str, ...]] = {}

    # -- building -------------------------------------------------------------------------------

    def add_field(
        self,
        key: str,
        label: str,
        editor: QWidget,
        *,
        column: int = 0,
        span: int = 1,
        hint: str = "",
        aliases: Iterable[str] = (),
    ) -> QWidget:
        """Put `editor` in the next free row of `column`; `span` columns wide.

        `aliases` are further words that, found in an error message, point at this field.
        """
        row = self._take_rows(column, span)
        caption = QLabel(label)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        caption.setBuddy(editor)
        message = QLabel()
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        message.setObjectName(f"finding_{key}")
        self._grid.addWidget(caption, row, column * 2)
        self._grid.addWidget(editor, row, column * 2 + 1, 1, span * 2 - 1)
        self._grid.addWidget(message, row + 1, column * 2 + 1, 1, span * 2 - 1)
        self._grid.setColumnStretch(column * 2 + 1, 1)
        self.editors[key], self.labels[key], self._messages[key] = editor, caption, message
        self._hints[key] = hint
        self._aliases[key] = (label.rstrip("：:*").strip(), *aliases)
        self._show(key, hint, "info")
        return editor

    def add_heading(self, text: str, *, column: int = 0, span: int = 1) -> QLabel:
        row = self._take_rows(column, span)
        heading = QLabel(text)
        heading.setStyleSheet("font-weight: bold; padding-top: 6px;")
        self._grid.addWidget(heading, row, column * 2, 1, span * 2)
        return heading

    def add_wide(self, widget: QWidget, *, column: int = 0, span: int = 1) -> QWidget:
        """A widget across label and field columns (a note, a table)."""
        row = self._take_rows(column, span)
        self._grid.addWidget(widget, row, column * 2, 1, span * 2)
        return widget

    def _take_rows(self, column: int, span: int) -> int:
        columns = range(column, column + span)
        row = max(self._next_row.get(c, 0) for c in columns)
        for c in columns:
            self._next_row[c] = row + 2
        return row

    def set_read_only(self, editors: Iterable[QWidget], read_only: bool) -> None:
        """Make text fields read-only (still selectable), restyled at once."""
        for editor in editors:
            editor.setReadOnly(read_only)  # type: ignore[attr-defined]
            editor.style().unpolish(editor)
            editor.style().polish(editor)

    # -- messages -------------------------------------------------------------------------------

    def set_hint(self, key: str, hint: str) -> None:
        self._hints[key] = hint
        if not self._codes.get(key) and not self.has_problem(key):
            self._show(key, hint, "info")

    def set_message(self, key: str, text: str, tone: Tone = "error", code: str = "") -> None:
        """Show `text` under field `key` (replacing its hint); an empty text restores the hint."""
        if not text:
            self.clear_message(key)
            return
        self._codes[key] = [code] if code else []
        self._show(key, text, tone)

    def clear_message(self, key: str) -> None:
        self._codes.pop(key, None)
        self._show(key, self._hints.get(key, ""), "info")

    def clear_messages(self, *, banner: bool = True) -> None:
        """Every field back to its hint (and the banner cleared, unless `banner` is False)."""
        for key in self._messages:
            self.clear_message(key)
        if banner:
            self.banner.clear_message()

    def message(self, key: str) -> str:
        """What is shown under the field: its finding, its live note, or its hint."""
        return self._messages[key].text()

    def has_problem(self, key: str) -> bool:
        return self._messages[key].property("tone") in ("error", "warning")

    def codes(self, key: str) -> list[str]:
        return list(self._codes.get(key, []))

    def problem_keys(self) -> list[str]:
        return [key for key in self._messages if self.has_problem(key)]

    def show_findings(
        self, findings: Iterable[Finding], fields: Mapping[str, str]
    ) -> list[Finding]:
        """Put each finding under the field `fields[finding.field]`; return the ones left over."""
        placed: dict[str, list[Finding]] = {}
        rest: list[Finding] = []
        for finding in findings:
            key = fields.get(finding.field or "")
            if key in self._messages:
                placed.setdefault(key, []).append(finding)
            else:
                rest.append(finding)
        for key, found in placed.items():
            tone: Tone = "error" if any(f.severity == "error" for f in found) else "warning"
            self._show(key, "\n".join(f.message for f in found), tone)
            self._codes[key] = [f.code for f in found]
        return rest

    def show_error(self, text: str) -> str | None:
        """Place a refusal beside the field it names, else in the banner; returns the field key.

        Services say what is wrong in one Chinese line without naming a field in code, so the
        field is found by its label (or an alias) in the message — earliest mention wins.
        """
        best: tuple[int, int, str] | None = None
        for key, words in self._aliases.items():
            if not self.editors[key].isVisibleTo(self):
                continue
            for word in words:
                at = text.find(word) if word else -1
                if at >= 0 and (best is None or (at, -len(word)) < best[:2]):
                    best = (at, -len(word), key)
        if best is None:
            self.banner.show_message(text, "error")
            return None
        self.set_message(best[2], text, "error")
        return best[2]

    def _show(self, key: str, text: str, tone: Tone) -> None:
        label = self._messages[key]
        label.setProperty("tone", tone)
        label.setText(f"{_MARKS[tone]}{text}" if text and tone != "info" else text)
        color = TEXT_COLORS[tone] if tone != "info" else "palette(placeholder-text)"
        label.setStyleSheet(f"QLabel {{ color: {color}; }}")
        label.setVisible(bool(text))
        editor = self.editors[key]
        frame = {"error": "#d93025", "warning": "#e0a100"}.get(tone)
        editor.setProperty("problem", tone if frame else "")
        # Outline the field itself, so the problem is seen even when the message is scrolled away.
        sheet = f"border: 1px solid {frame}; border-radius: 3px;" if frame else ""
        # Only plain text fields: a styled border breaks the drawing of spin and combo boxes.
        if isinstance(editor, QLineEdit | QPlainTextEdit):
            editor.setStyleSheet(sheet)
