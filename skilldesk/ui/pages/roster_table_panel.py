"""The roster page below its plan row: the search box with the counts, the candidates table with
problem cells marked, and the list of problems that leads to each cell."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from skilldesk.ui.models.roster_model import RosterFindingsModel, RosterTableModel
from skilldesk.ui.widgets.frozen_table import FrozenColumnTable
from skilldesk.ui.widgets.placeholder_stack import PlaceholderStack

if TYPE_CHECKING:
    from skilldesk.services.roster import RosterTable

SEARCH_DELAY_MS = 150

# A sample of the widest usual content per column; the header's own width is the floor.
_COLUMN_SAMPLES = {
    "name": "欧阳明明明",
    "id_type": "居民身份证",
    "id_number": "33082219901215342X",
    "birth_date": "2000-12-31",
    "education": "高中/中专/技校",
    "phone": "13800000000",
    "source": "本单位职工",
    "employer": "浙西精工机械有限公司",
    "certificate_number": "1933000000300001",
    "address": "浙江省衢州市柯城区示范路1号",
    "email": "zhangsan@example.com",
    "level": "四级/中级工",
    "subjects": "理论知识、操作技能",
    "application_condition": "取得本职业五级证书后累计",
}
_MAX_COLUMN_WIDTH = 260


class RosterTablePanel(QWidget):
    """One plan's candidates and their problems, or a message in their place (`show_message`).

    Owns the table model (`model`) and the findings model; the page fills the first with
    `show_table` and saves the edits it asks for (`model.edit_requested`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RosterTableModel(self)
        self.findings_model = RosterFindingsModel(self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._build()
        self._connect()

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索姓名或证件号码"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(self.tr("Ctrl+F"))
        self.search.setMinimumWidth(240)
        self.counts_label = QLabel()
        self.counts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search)
        search_row.addStretch(1)
        search_row.addWidget(self.counts_label)

        self.table = FrozenColumnTable()  # 姓名 stays in view when a far cell is shown
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._size_columns()

        self.findings_title = QLabel()
        self.findings_view = QListView()
        self.findings_view.setModel(self.findings_model)
        self.findings_view.setUniformItemSizes(True)
        self.findings_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        findings_box = QWidget()
        findings_layout = QVBoxLayout(findings_box)
        findings_layout.setContentsMargins(0, 4, 0, 0)
        findings_layout.setSpacing(4)
        findings_layout.addWidget(self.findings_title)
        findings_layout.addWidget(self.findings_view)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(findings_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 170])
        self.splitter.setChildrenCollapsible(False)
        self.stack = PlaceholderStack(self.splitter)
        self.placeholder = self.stack.placeholder

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(search_row)
        layout.addWidget(self.stack, 1)

    def _size_columns(self) -> None:
        metrics = self.table.fontMetrics()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        for column, attr in enumerate(self.model.columns):
            label = self.model.headerData(column, Qt.Orientation.Horizontal)
            width = max(
                header_metrics.horizontalAdvance(str(label)) + 28,
                metrics.horizontalAdvance(_COLUMN_SAMPLES.get(attr, "")) + 18,
            )
            self.table.setColumnWidth(column, min(width, _MAX_COLUMN_WIDTH))

    def _connect(self) -> None:
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.table.setFocus)
        self.model.findings_changed.connect(self._refresh_findings)
        self.model.modelReset.connect(self._update_counts)
        # Choosing a finding (click, arrow keys) shows its cell and leaves the list in charge, so
        # the user can walk through the findings; Enter or a double click goes to the cell.
        self.findings_view.selectionModel().currentChanged.connect(
            lambda current, _previous: self.reveal_finding(current.row(), focus_table=False)
        )
        self.findings_view.clicked.connect(
            lambda index: self.reveal_finding(index.row(), focus_table=False)
        )
        self.findings_view.activated.connect(lambda index: self.reveal_finding(index.row()))

    # -- what is shown --------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.stack.show_message(text)

    def show_table(self, table: RosterTable) -> None:
        """Show a freshly loaded table; a reload of the same plan keeps the current cell and the
        scroll position."""
        same_plan = self.model.plan_id == table.plan_id
        current = self.table.currentIndex()
        keep_candidate = self.model.candidate_id(current.row()) if current.isValid() else None
        keep_column = current.column() if current.isValid() else 0
        scroll = self.table.verticalScrollBar().value()
        self.model.set_table(table)
        if not table.rows:
            self.show_message(
                self.tr(
                    "本计划还没有考生。\n点击「导入名册…」，或把名册文件（.xlsx / .xls / .csv）拖到这里。"
                )
            )
        else:
            self.stack.show_content()
        if same_plan and keep_candidate is not None:
            row = self.model.view_row_of_candidate(keep_candidate)
            if row is not None:
                self.table.setCurrentIndex(self.model.index(row, keep_column))
            self.table.verticalScrollBar().setValue(scroll)

    def _update_counts(self) -> None:
        model = self.model
        if model.plan_id is None:
            self.counts_label.clear()
            return
        counts = self.tr("{errors} 个错误 · {warnings} 个警告").format(
            errors=model.error_count, warnings=model.warning_count
        )
        if model.filter_text:
            shown = self.tr("显示 {shown} / {total} 名考生").format(
                shown=model.rowCount(), total=model.candidate_count
            )
        else:
            shown = self.tr("{total} 名考生").format(total=model.candidate_count)
        self.counts_label.setText(f"{shown} · {counts}")

    def _refresh_findings(self) -> None:
        cells = self.model.cell_findings()
        self.findings_model.set_findings(cells, self.model.labels)
        if cells:
            self.findings_title.setText(
                self.tr("问题（选中一条即可定位到对应单元格，改正后自动消失）")
            )
        else:
            self.findings_title.setText(self.tr("没有发现问题。"))
        self._update_counts()

    def reveal_finding(self, row: int, *, focus_table: bool = True) -> None:
        """Select the cell a finding is about and scroll it into view."""
        if row < 0 or row >= self.findings_model.rowCount():
            return
        cell = self.findings_model.cell(row)
        view_row = self.model.view_row(cell.row)
        if view_row is None:  # hidden by the search: show everything again
            self.search.clear()
            self._apply_search()
            view_row = self.model.view_row(cell.row)
            if view_row is None:
                return
        index = self.model.index(view_row, cell.column)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        if focus_table:
            self.table.setFocus()

    # -- search ---------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_changed(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
        else:
            self._apply_search()

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.search.text())

    def keyPressEvent(self, event: Any) -> None:
        # The search box passes these keys on: Down goes to the table, Escape clears and goes.
        if self.search.hasFocus() and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Escape):
            if event.key() == Qt.Key.Key_Escape:
                self.search.clear()
            self.table.setFocus()
            return
        super().keyPressEvent(event)
