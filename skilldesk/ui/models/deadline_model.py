"""What is due next across plans, as a Qt table: overdue rows red, those due within a week amber."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from skilldesk.core.rules.deadlines import show_day

if TYPE_CHECKING:
    from skilldesk.services.home_agenda import DueRow

OVERDUE_BACKGROUND = QBrush(QColor("#f9dcdc"))
OVERDUE_COLOR = QColor("#c62828")
SOON_BACKGROUND = QBrush(QColor("#fdf1c7"))
PLAN_ID_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
_CONTEXT = "DeadlineTableModel"
COLUMNS = (
    str(QT_TRANSLATE_NOOP(_CONTEXT, "计划")),
    str(QT_TRANSLATE_NOOP(_CONTEXT, "事项")),
    str(QT_TRANSLATE_NOOP(_CONTEXT, "截止日期")),
    str(QT_TRANSLATE_NOOP(_CONTEXT, "剩余")),
    str(QT_TRANSLATE_NOOP(_CONTEXT, "说明")),
)
# Where each office deadline is counted from, for the note.
ANCHORS = {"plan_submit": str(QT_TRANSLATE_NOOP(_CONTEXT, "个人申报开始前至少{span}"))}
EXAM_ANCHOR = str(QT_TRANSLATE_NOOP(_CONTEXT, "首场考试前至少{span}"))

Index = QModelIndex | QPersistentModelIndex


class DeadlineTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[DueRow] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[DueRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        deadline = row.deadline
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("双击打开这个计划")
        if role == Qt.ItemDataRole.BackgroundRole:
            if deadline.overdue:
                return OVERDUE_BACKGROUND
            return SOON_BACKGROUND if row.soon else None
        if role == Qt.ItemDataRole.ForegroundRole and deadline.overdue:
            return OVERDUE_COLOR
        if (
            role == Qt.ItemDataRole.FontRole
            and index.column() == 3
            and (row.soon or deadline.overdue)
        ):
            return self._bold
        if role == PLAN_ID_ROLE:
            return row.plan_id
        if role == KEY_ROLE:
            return deadline.key
        return None

    def text(self, row: DueRow, column: int) -> str:
        deadline = row.deadline
        if column == 0:
            return deadline.plan_title
        if column == 1:
            return deadline.label
        if column == 2:
            return show_day(deadline.due) if deadline.due else self.tr("无法推算")
        if column == 3:
            return self.days_text(deadline.days_left)
        return self.note(row)

    def days_text(self, left: int | None) -> str:
        if left is None:
            return "—"
        if left > 0:
            return self.tr("还剩 {n} 天").format(n=left)
        if left == 0:
            return self.tr("就是今天")
        return self.tr("已超过 {n} 天").format(n=-left)

    def note(self, row: DueRow) -> str:
        deadline = row.deadline
        if deadline.kind == "milestone":
            return self.tr("计划时间安排")
        rule = self.tr(ANCHORS.get(deadline.key, EXAM_ANCHOR)).format(span=row.span)
        parts = [rule, deadline.note]
        if deadline.overdue:
            parts.append(self.tr("如已办理，可忽略"))
        return "；".join(p for p in parts if p)
