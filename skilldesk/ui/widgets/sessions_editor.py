"""The plan's exam sessions as an editable table: subject, start, end and room per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core.findings import Finding
from skilldesk.core.plan_data import SUBJECT_NAMES
from skilldesk.services.plan_save import SessionEdit as SessionRow  # one row as the user left it
from skilldesk.ui.widgets.date_fields import EMPTY, EMPTY_DATE, to_qdatetime
from skilldesk.ui.widgets.finding_marker import severity_icon, worst_severity

SUBJECT, START, END, ROOM = range(4)


def _time_edit(value: dt.datetime | None) -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setMinimumDateTime(EMPTY)
    edit.setSpecialValueText(edit.tr("未填写"))
    edit.setFrame(False)
    edit.setDateTime(to_qdatetime(value) if value is not None else EMPTY)
    return edit


def _time_value(edit: QDateTimeEdit) -> dt.datetime | None:
    if edit.date() == EMPTY_DATE:
        return None
    value = edit.dateTime().toPython()
    assert isinstance(value, dt.datetime)
    return value.replace(microsecond=0)


class SessionsEditor(QWidget):
    """Rows are edited in place; nothing is saved until the page saves the whole plan."""

    changed = Signal()

    def __init__(
        self, exam_day: Callable[[], dt.date | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._exam_day = exam_day
        self._ids: list[int | None] = []
        self._rooms: list[tuple[int, str]] = []
        self._known_labels: dict[int, str] = {}  # rooms the plan uses that may not be offered
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("科目"), self.tr("开始时间"), self.tr("结束时间"), self.tr("考场")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ROOM, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        self.table.setColumnWidth(SUBJECT, metrics.horizontalAdvance("综合评审") + 44)
        for column in (START, END):
            self.table.setColumnWidth(column, metrics.horizontalAdvance("0000-00-00 00:00") + 40)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 14)
        row_height = self.table.verticalHeader().defaultSectionSize()
        # Room for four sittings (plans rarely have more; the table scrolls if they do).
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height() + 4 * row_height + 6
        )
        self.add_button = QPushButton(self.tr("添加场次"))
        self.remove_button = QPushButton(self.tr("删除所选场次"))
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    # -- content --------------------------------------------------------------------------------

    def set_rooms(self, rooms: Sequence[tuple[int, str]]) -> None:
        """The rooms a session may use (approved sites, the plan's site when it has one)."""
        self._rooms = list(rooms)
        for row in range(self.table.rowCount()):
            combo = self._combo(row, ROOM)
            self._fill_rooms(combo, combo.currentData())

    def room_choices(self, row: int) -> list[tuple[int | None, str]]:
        combo = self._combo(row, ROOM)
        return [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())]

    def set_sessions(self, sessions: Sequence[SessionRow], labels: dict[int, str]) -> None:
        self._known_labels = dict(labels)
        self.table.setRowCount(0)
        self._ids = []
        for session in sessions:
            self._append(session)

    def rows(self) -> list[SessionRow]:
        result = []
        for row in range(self.table.rowCount()):
            start = self.table.cellWidget(row, START)
            end = self.table.cellWidget(row, END)
            assert isinstance(start, QDateTimeEdit) and isinstance(end, QDateTimeEdit)
            result.append(
                SessionRow(
                    self._ids[row],
                    self._combo(row, SUBJECT).currentData(),
                    _time_value(start),
                    _time_value(end),
                    self._combo(row, ROOM).currentData(),
                )
            )
        return result

    def add_row(self) -> None:
        day = self._exam_day() or dt.date.today()
        rows = self.rows()
        if rows and rows[-1].end is not None:
            start = rows[-1].end + dt.timedelta(minutes=30)
        else:
            start = dt.datetime.combine(day, dt.time(9, 0))
        subject = "practical" if any(r.subject == "theory" for r in rows) else "theory"
        room = self._rooms[0][0] if self._rooms else None
        self._append(SessionRow(None, subject, start, start + dt.timedelta(minutes=90), room))
        self.table.selectRow(self.table.rowCount() - 1)
        self.changed.emit()

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        del self._ids[row]
        self.changed.emit()

    def _append(self, session: SessionRow) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._ids.append(session.id)
        subject = QComboBox()
        for key, name in SUBJECT_NAMES.items():
            subject.addItem(name, key)
        subject.setCurrentIndex(max(0, subject.findData(session.subject)))
        subject.setFrame(False)
        rooms = QComboBox()
        rooms.setFrame(False)
        self._fill_rooms(rooms, session.room_id)
        start, end = _time_edit(session.start), _time_edit(session.end)
        for column, widget in ((SUBJECT, subject), (START, start), (END, end), (ROOM, rooms)):
            self.table.setCellWidget(row, column, widget)
        subject.currentIndexChanged.connect(self.changed)
        rooms.currentIndexChanged.connect(self.changed)
        start.dateTimeChanged.connect(self.changed)
        end.dateTimeChanged.connect(self.changed)

    def _fill_rooms(self, combo: QComboBox, room_id: int | None) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("（未安排考场）"), None)
        for rid, label in self._rooms:
            combo.addItem(label, rid)
        if room_id is not None and combo.findData(room_id) < 0:
            label = self._known_labels.get(room_id, str(room_id))
            combo.addItem(self.tr("{room}（不在可选考场中）").format(room=label), room_id)
        combo.setCurrentIndex(max(0, combo.findData(room_id)))
        combo.blockSignals(False)

    def _combo(self, row: int, column: int) -> QComboBox:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QComboBox)
        return widget

    # -- findings -------------------------------------------------------------------------------

    def set_row_findings(self, by_row: dict[int, list[Finding]]) -> None:
        for row in range(self.table.rowCount()):
            findings = by_row.get(row, [])
            item = QTableWidgetItem(str(row + 1))
            severity = worst_severity(findings)
            if severity is not None:
                item.setIcon(severity_icon(severity))
                item.setToolTip("\n".join(f.message for f in findings))
            self.table.setVerticalHeaderItem(row, item)

    def focus_row(self, row: int) -> None:
        if 0 <= row < self.table.rowCount():
            self.table.selectRow(row)
            widget = self.table.cellWidget(row, START)
            self.table.scrollTo(self.table.model().index(row, START))
            if widget is not None:
                widget.setFocus()
        else:
            self.table.setFocus()
