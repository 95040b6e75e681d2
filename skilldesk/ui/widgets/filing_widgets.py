"""Widgets shared by filings (site filings, schemes): status badges, the review stand-in dialog,
optional dates, dates in tables and locked fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QIcon,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core import filing

# (text, background) per filing status.
STATUS_COLORS: dict[str, tuple[str, str]] = {
    filing.DRAFT: ("#44546a", "#e6eaf0"),
    # Violet, not blue: a selected site card is light blue.
    filing.SUBMITTED: ("#5b3a9a", "#ece4f8"),
    filing.PENDING: ("#7a4d00", "#fff0c9"),
    filing.APPROVED: ("#1e6b35", "#dcf1e2"),
    filing.REJECTED: ("#a1261c", "#fbe1de"),
}


def locked_tooltip() -> str:
    return QCoreApplication.translate("filing_widgets", "随考点备案信息，不可修改")


class StatusBadge(QLabel):
    """A filing's status as a small coloured pill: 草稿, 已提交（待上报平台）, 待审核, 通过, 不通过."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: str | None = None
        self.hide()

    def set_status(self, status: str | None) -> None:
        self.status = status
        if status is None:
            self.hide()
            return
        text, background = STATUS_COLORS.get(status, STATUS_COLORS[filing.DRAFT])
        self.setText(filing.status_label(status))
        self.setStyleSheet(
            f"QLabel {{ color: {text}; background: {background}; border-radius: 9px;"
            " padding: 2px 10px; font-weight: bold; }"
        )
        self.show()


class ReviewDialog(QDialog):
    """Records the evaluation center's decision by hand until SkillDesk syncs with the platform."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("录入审核结果（代评价中心）"))
        note = QLabel(
            self.tr(
                "审核由评价中心在省平台上进行。在 SkillDesk 与省平台同步之前，"
                "请在此照实录入评价中心对“{what}”的审核结论。"
            ).format(what=what)
        )
        note.setWordWrap(True)
        self.approve_choice = QRadioButton(self.tr("通过"))
        self.reject_choice = QRadioButton(self.tr("不通过（退回修改）"))
        self.approve_choice.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.approve_choice)
        group.addButton(self.reject_choice)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("不通过的原因（评价中心的退回意见）"))
        self.reason.setFixedHeight(80)
        self.reason.setEnabled(False)
        self.reject_choice.toggled.connect(self.reason.setEnabled)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("录入"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reject_choice.toggled.connect(lambda _on: self._update_ok())
        self.reason.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        for widget in (note, self.approve_choice, self.reject_choice, self.reason, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(420)

    def _update_ok(self) -> None:
        ok = not self.reject_choice.isChecked() or bool(self.reason.toPlainText().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def decision(self) -> tuple[bool, str | None]:
        if self.approve_choice.isChecked():
            return True, None
        return False, self.reason.toPlainText().strip()

    @classmethod
    def ask(cls, what: str, parent: QWidget | None) -> tuple[bool, str | None] | None:
        dialog = cls(what, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.decision()


class OptionalDateEdit(QDateEdit):
    """A date field that may be left empty: its lowest date stands for 未填写."""

    EMPTY = QDate(1900, 1, 1)

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "") -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(self.EMPTY)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText(empty_text or self.tr("未填写"))
        self.set_value(None)

    def value(self) -> dt.date | None:
        date = self.date()
        if date == self.EMPTY:
            return None
        return dt.date(date.year(), date.month(), date.day())

    def set_value(self, value: dt.date | None) -> None:
        if value is None:
            self.setDate(self.EMPTY)
        else:
            self.setDate(QDate(value.year, value.month, value.day))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # The calendar opens on the field's date: start from today rather than January 1900.
        if self.value() is None:
            self.setDate(QDate.currentDate())
        super().mousePressEvent(event)


def lock_icon(size: int = 16, color: str = "#7a8494") -> QIcon:
    """A small padlock, drawn rather than shipped: no icon theme is guaranteed on Windows."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 16
    pen = QPen(QColor(color), 1.8 * s)
    painter.setPen(pen)
    shackle = QPainterPath(QPointF(5 * s, 7.5 * s))
    shackle.lineTo(5 * s, 5 * s)
    shackle.arcTo(QRectF(5 * s, 1.5 * s, 6 * s, 7 * s), 180, -180)
    shackle.lineTo(11 * s, 7.5 * s)
    painter.drawPath(shackle)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(QColor(color)))
    painter.drawRoundedRect(QRectF(3 * s, 7 * s, 10 * s, 7.5 * s), 1.5 * s, 1.5 * s)
    painter.end()
    return QIcon(pixmap)


class LockedLineEdit(QLineEdit):
    """A read-only, greyed field with a padlock: a value copied from elsewhere and kept in step."""

    def __init__(self, tooltip: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tooltip = tooltip or locked_tooltip()
        self.setReadOnly(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setToolTip(tooltip)
        self.addAction(lock_icon(), QLineEdit.ActionPosition.TrailingPosition).setToolTip(tooltip)
        self.setStyleSheet(
            "QLineEdit { background: palette(window); color: palette(placeholder-text); }"
        )


class DateDelegate(QStyledItemDelegate):
    """Dates in the items table, picked from a calendar and kept as yyyy-MM-dd text."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QDateEdit(parent)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("yyyy-MM-dd")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        date = QDate.fromString(str(index.data() or ""), "yyyy-MM-dd")
        assert isinstance(editor, QDateEdit)
        editor.setDate(date if date.isValid() else QDate.currentDate())

    def setModelData(
        self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QDateEdit)
        model.setData(index, editor.date().toString("yyyy-MM-dd"))
