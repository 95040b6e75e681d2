"""Qt models over a plan's roster: the candidates table, with its findings marked per cell and a
search filter, and the list of those findings."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap, QPolygonF

from skilldesk.core.fields import ATTRS, LABELS
from skilldesk.core.findings import ERROR, Finding

if TYPE_CHECKING:
    from skilldesk.services.roster import CandidateEdit, RosterTable

ModelIndex = QModelIndex | QPersistentModelIndex

# Plain ints: data() compares the role on every call.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_EDIT = Qt.ItemDataRole.EditRole.value
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_DECORATION = Qt.ItemDataRole.DecorationRole.value

ERROR_BACKGROUND = QBrush(QColor("#f9dcdc"))
WARNING_BACKGROUND = QBrush(QColor("#fdf1c7"))
ERROR_COLOR = QColor("#c62828")
WARNING_COLOR = QColor("#e0a100")


def display_text(value: Any) -> str:
    """How a stored value reads in a cell: dates as YYYY-MM-DD, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _search_key(name: Any, id_number: Any) -> str:
    # One string per row so that a filter is a single `in` test; tab cannot be typed in the box.
    return f"{name or ''}\t{id_number or ''}".lower()


@dataclass(frozen=True, slots=True)
class CellFinding:
    """A finding placed on a cell: `row` is the table row (0-based), `column` the model column."""

    row: int
    column: int
    finding: Finding

    @property
    def is_error(self) -> bool:
        return self.finding.severity == ERROR


class RosterTableModel(QAbstractTableModel):
    """The candidates of one plan. Everything `data()` needs is precomputed, so it stays O(1)."""

    edit_requested = Signal(int, str, str)  # candidate id, field attr, new text
    findings_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.plan_id: int | None = None
        self._columns: tuple[str, ...] = ATTRS
        self._labels: list[str] = [LABELS[a] for a in ATTRS]
        self._column_of_label: dict[str, int] = {}
        self._rows: list[list[Any]] = []
        self._ids: list[int] = []
        self._versions: list[int] = []  # each candidate's, as loaded or last saved here
        self._row_of_id: dict[int, int] = {}
        self._row_findings: list[list[Finding]] = []
        self._cell_findings: dict[tuple[int, int], list[Finding]] = {}
        self._cell_error: dict[tuple[int, int], bool] = {}
        self._cell_tooltip: dict[tuple[int, int], str] = {}
        self._search_keys: list[str] = []
        self._visible: list[int] | None = None  # table rows shown, ascending; None = all
        self._filter = ""
        self._pending: dict[tuple[int, int], Any] = {}  # (candidate id, column) → value to restore
        self._errors = 0
        self._warnings = 0

    # -- loading ------------------------------------------------------------------------------

    def set_table(self, table: RosterTable | None) -> None:
        self.beginResetModel()
        self._pending.clear()
        if table is None:
            self.plan_id = None
            self._rows, self._ids, self._row_findings = [], [], []
            self._versions = []
        else:
            self.plan_id = table.plan_id
            self._columns = tuple(table.columns)
            self._labels = [LABELS.get(a, a) for a in self._columns]
            self._rows = table.rows
            self._ids = table.candidate_ids
            self._versions = table.versions
            self._row_findings = table.findings  # taken over, not copied: 50,000 lists
        self._column_of_label = {label: i for i, label in enumerate(self._labels)}
        self._row_of_id = {cid: i for i, cid in enumerate(self._ids)}
        name_col, id_col = self._column("name"), self._column("id_number")
        self._search_keys = [_search_key(r[name_col], r[id_col]) for r in self._rows]
        self._cell_findings.clear()
        self._cell_error.clear()
        self._cell_tooltip.clear()
        self._errors = self._warnings = 0
        for row, findings in enumerate(self._row_findings):
            if findings:
                self._index_row(row)
        self._visible = self._matching_rows(self._filter)
        self.endResetModel()
        self.findings_changed.emit()

    def _column(self, attr: str) -> int:
        return self._columns.index(attr)

    def _column_for(self, finding: Finding) -> int:
        # A finding about the row as a whole is shown on the name.
        column = self._column_of_label.get(finding.field or "")
        return column if column is not None else self._column_of_label.get(LABELS["name"], 0)

    def _index_row(self, row: int) -> None:
        for finding in self._row_findings[row]:
            key = (row, self._column_for(finding))
            self._cell_findings.setdefault(key, []).append(finding)
            is_error = finding.severity == ERROR
            self._cell_error[key] = self._cell_error.get(key, False) or is_error
            if is_error:
                self._errors += 1
            else:
                self._warnings += 1
        for key in {(row, self._column_for(f)) for f in self._row_findings[row]}:
            self._cell_tooltip[key] = "\n".join(
                _severity_prefix(f) + f.message for f in self._cell_findings[key]
            )

    def _unindex_row(self, row: int) -> None:
        for finding in self._row_findings[row]:
            key = (row, self._column_for(finding))
            self._cell_findings.pop(key, None)
            self._cell_error.pop(key, None)
            self._cell_tooltip.pop(key, None)
            if finding.severity == ERROR:
                self._errors -= 1
            else:
                self._warnings -= 1

    # -- Qt model API ---------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._rows) if self._visible is None else len(self._visible)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        # Called for every role of every painted cell: unhandled roles leave first.
        if role == _DISPLAY or role == _EDIT:
            if not index.isValid():
                return None
            row = index.row() if self._visible is None else self._visible[index.row()]
            return display_text(self._rows[row][index.column()])
        if role == _BACKGROUND:
            if not self._cell_error or not index.isValid():
                return None
            row = index.row() if self._visible is None else self._visible[index.row()]
            is_error = self._cell_error.get((row, index.column()))
            if is_error is None:
                return None
            return ERROR_BACKGROUND if is_error else WARNING_BACKGROUND
        if role == _TOOLTIP:
            if not self._cell_tooltip or not index.isValid():
                return None
            row = index.row() if self._visible is None else self._visible[index.row()]
            return self._cell_tooltip.get((row, index.column()))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._labels[section] if 0 <= section < len(self._labels) else None
        # Row numbers stay those of the whole roster while searching, matching “第N行”.
        return str(self.table_row(section) + 1)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: ModelIndex, value: Any, role: int = _EDIT) -> bool:
        """Show the new text at once and ask for it to be saved; `apply_edit` settles it."""
        if role != _EDIT or not index.isValid():
            return False
        row, column = self.table_row(index.row()), index.column()
        text = str(value if value is not None else "").strip()
        old = self._rows[row][column]
        if text == display_text(old):
            return False
        candidate_id = self._ids[row]
        self._pending.setdefault((candidate_id, column), old)
        self._rows[row][column] = text
        self.dataChanged.emit(index, index, [_DISPLAY, _EDIT])
        self.edit_requested.emit(candidate_id, self._columns[column], text)
        return True

    # -- edits coming back ----------------------------------------------------------------------

    def apply_edit(self, candidate_id: int, attr: str, edit: CandidateEdit) -> None:
        """Take the saved row's values and findings, or restore the value if it was not saved."""
        row = self._row_of_id.get(candidate_id)
        if row is None:
            return
        column = self._column(attr)
        old = self._pending.pop((candidate_id, column), None)
        if edit.version is not None and row < len(self._versions):
            self._versions[row] = edit.version
        if edit.saved:
            values = self._rows[row]
            for i, name in enumerate(self._columns):
                if name in edit.values:
                    values[i] = edit.values[name]
            self._replace_findings(row, edit.findings)
        else:
            self._rows[row][column] = old
            self._emit_row_changed(row)

    def version_of(self, candidate_id: int) -> int | None:
        """The version of the candidate the table shows: what saving an edit of it expects."""
        row = self._row_of_id.get(candidate_id)
        return self._versions[row] if row is not None and row < len(self._versions) else None

    def revert_edit(self, candidate_id: int, attr: str) -> None:
        row = self._row_of_id.get(candidate_id)
        key = (candidate_id, self._column(attr))
        if row is None or key not in self._pending:
            return
        self._rows[row][key[1]] = self._pending.pop(key)
        self._emit_row_changed(row)

    def _replace_findings(self, row: int, findings: list[Finding]) -> None:
        self._unindex_row(row)
        self._row_findings[row] = list(findings)
        self._index_row(row)
        values = self._rows[row]
        self._search_keys[row] = _search_key(
            values[self._column("name")], values[self._column("id_number")]
        )
        self._emit_row_changed(row)
        self.findings_changed.emit()

    def _emit_row_changed(self, row: int) -> None:
        view_row = self.view_row(row)
        if view_row is not None:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(view_row, 0), self.index(view_row, last))

    # -- search ---------------------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        """Show only rows whose name contains `text` or whose ID number contains it."""
        needle = text.strip().lower()
        if needle == self._filter:
            return
        self.beginResetModel()
        self._filter = needle
        self._visible = self._matching_rows(needle)
        self.endResetModel()

    def _matching_rows(self, needle: str) -> list[int] | None:
        if not needle:
            return None
        return [i for i, key in enumerate(self._search_keys) if needle in key]

    @property
    def filter_text(self) -> str:
        return self._filter

    def table_row(self, view_row: int) -> int:
        return view_row if self._visible is None else self._visible[view_row]

    def view_row(self, table_row: int) -> int | None:
        if self._visible is None:
            return table_row if 0 <= table_row < len(self._rows) else None
        position = bisect.bisect_left(self._visible, table_row)
        if position < len(self._visible) and self._visible[position] == table_row:
            return position
        return None

    # -- what the page shows around the table ---------------------------------------------------

    @property
    def columns(self) -> tuple[str, ...]:
        return self._columns

    @property
    def labels(self) -> list[str]:
        return list(self._labels)

    @property
    def candidate_count(self) -> int:
        return len(self._rows)

    @property
    def error_count(self) -> int:
        return self._errors

    @property
    def warning_count(self) -> int:
        return self._warnings

    def candidate_id(self, view_row: int) -> int:
        return self._ids[self.table_row(view_row)]

    def view_row_of_candidate(self, candidate_id: int) -> int | None:
        row = self._row_of_id.get(candidate_id)
        return None if row is None else self.view_row(row)

    def value(self, table_row: int, attr: str) -> Any:
        return self._rows[table_row][self._column(attr)]

    def cell_findings(self) -> list[CellFinding]:
        """Every finding on its cell: errors first, then by row and column."""
        cells = [
            CellFinding(row, column, finding)
            for (row, column), findings in self._cell_findings.items()
            for finding in findings
        ]
        cells.sort(key=lambda c: (not c.is_error, c.row, c.column))
        return cells


def _severity_prefix(finding: Finding) -> str:
    if finding.severity == ERROR:
        return QCoreApplication.translate("RosterTableModel", "错误：")
    return QCoreApplication.translate("RosterTableModel", "警告：")


def _severity_icon(is_error: bool, size: int = 12) -> QIcon:
    """A red dot for an error, an amber triangle for a warning: told apart by shape, not only hue."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    if is_error:
        painter.setBrush(ERROR_COLOR)
        painter.drawEllipse(1, 1, size - 2, size - 2)
    else:
        painter.setBrush(WARNING_COLOR)
        painter.drawPolygon(
            QPolygonF(
                [QPointF(size / 2, 0.5), QPointF(size - 0.5, size - 1), QPointF(0.5, size - 1)]
            )
        )
    painter.end()
    return QIcon(pixmap)


class RosterFindingsModel(QAbstractListModel):
    """The findings of the table as a list: “第N行 证件号码：…”, errors first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cells: list[CellFinding] = []
        self._labels: list[str] = []
        self._icons: tuple[QIcon, QIcon] | None = None

    def set_findings(self, cells: list[CellFinding], labels: list[str]) -> None:
        self.beginResetModel()
        self._cells = cells
        self._labels = labels
        self.endResetModel()

    def cell(self, row: int) -> CellFinding:
        return self._cells[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cells)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        cell = self._cells[index.row()]
        if role == _DISPLAY:
            return QCoreApplication.translate(
                "RosterFindingsModel", "第{row}行 {field}：{message}"
            ).format(
                row=cell.row + 1, field=self._labels[cell.column], message=cell.finding.message
            )
        if role == _TOOLTIP:
            return _severity_prefix(cell.finding) + cell.finding.message
        if role == _DECORATION:
            if self._icons is None:
                self._icons = (_severity_icon(True), _severity_icon(False))
            return self._icons[0] if cell.is_error else self._icons[1]
        return None
