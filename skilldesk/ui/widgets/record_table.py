"""A plain read-only table of records (scope rows, rooms, examiners), selected a row at a time,
that says what to do while it is empty."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QWidget,
)

CELL_PADDING = 6  # pixels each side of a cell's text


class _PaddedDelegate(QStyledItemDelegate):
    """Asks for the cell padding too, so columns sized to their content do not clip it."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 2 * CELL_PADDING, size.height())


class RecordTable(QTableWidget):
    """Columns sized to their content with room to breathe; `placeholder` shows while empty."""

    def __init__(
        self, headers: list[str], *, stretch: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(0, len(headers), parent)
        self.placeholder = ""
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setStyleSheet(f"QTableView::item {{ padding: 0 {CELL_PADDING}px; }}")
        self.setItemDelegate(_PaddedDelegate(self))
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Headers wider than their text, so an empty table's columns are not cramped.
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("试场编号") + 16)
        if stretch is None:
            header.setStretchLastSection(True)
        else:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.rowCount() or not self.placeholder:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = self.viewport().rect().adjusted(24, 32, -24, -16)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(area, int(flags), self.placeholder)
        painter.end()


def make_record_table(
    headers: list[str], *, stretch: int | None = None, parent: QWidget | None = None
) -> RecordTable:
    return RecordTable(headers, stretch=stretch, parent=parent)


def selected_row(table: QTableWidget) -> int | None:
    """The selected row's index, or None when nothing is selected."""
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None
