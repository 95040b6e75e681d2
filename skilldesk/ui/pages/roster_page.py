"""The 考生名册 page: choose a plan, import and export its roster, find and fix problems in place."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core.levels import LEVEL_NAMES
from skilldesk.ui.context import AppContext, Changes
from skilldesk.ui.models.roster_model import RosterFindingsModel, RosterTableModel
from skilldesk.ui.workers import bulk_allocation, describe_error

if TYPE_CHECKING:
    from skilldesk.core.store import Store
    from skilldesk.services.plans import PlanSummary
    from skilldesk.services.roster import CandidateEdit, ImportResult, RosterTable

ROSTER_SUFFIXES = (".xlsx", ".xls", ".csv")
SEARCH_DELAY_MS = 150
SKIPPED_SHOWN = 8

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


# Background functions: plain Python, no widgets. The services load lazily, in the worker, so
# that the window opens without waiting for the ORM models, the workbook reader and the rules.
def _list_plans(store: Store) -> list[PlanSummary]:
    from skilldesk.services.plans import list_plans

    return list_plans(store)


def _create_plan(store: Store, occupation: str, level: int) -> PlanSummary:
    from skilldesk.services.plans import create_plan

    return create_plan(store, occupation, level)


def _load_table(store: Store, plan_id: int) -> RosterTable:
    from skilldesk.services.roster import load_roster_table

    with bulk_allocation():
        return load_roster_table(store, plan_id)


def _import_roster(store: Store, path: Path, plan_id: int, **kwargs: Any) -> ImportResult:
    from skilldesk.services.roster import import_roster_file

    return import_roster_file(store, path, plan_id, **kwargs)


def _edit_candidate(store: Store, candidate_id: int, attr: str, text: str) -> CandidateEdit:
    from skilldesk.services.roster import edit_candidate

    return edit_candidate(store, candidate_id, attr, text)


def _export_roster(store: Store, plan_id: int, layout: str, out_path: Path) -> int:
    from skilldesk.services.roster import export_plan_roster

    return export_plan_roster(store, plan_id, layout, out_path)  # type: ignore[arg-type]


class NewPlanDialog(QDialog):
    """Asks for what a new evaluation plan needs first: the occupation and the level."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建评价计划"))
        self.occupation = QLineEdit()
        self.occupation.setPlaceholderText(self.tr("如：电工"))
        self.level = QComboBox()
        for level in sorted(LEVEL_NAMES, reverse=True):
            self.level.addItem(LEVEL_NAMES[level], level)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setText(self.tr("创建"))
        self._ok.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.occupation.textChanged.connect(lambda t: self._ok.setEnabled(bool(t.strip())))
        form = QFormLayout(self)
        form.addRow(self.tr("职业（工种）："), self.occupation)
        form.addRow(self.tr("等级："), self.level)
        form.addRow(buttons)
        self.setMinimumWidth(340)

    def values(self) -> tuple[str, int]:
        return self.occupation.text().strip(), int(self.level.currentData())

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[str, int] | None:
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()


class RosterPage(QWidget):
    """One plan's candidates: the table with problem cells marked, and the list of problems."""

    status_message = Signal(str)
    table_shown = Signal()  # a freshly loaded table is on screen

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._plans: list[PlanSummary] = []
        self._select_after_reload: int | None = None
        self._load_generation = 0
        self._plans_generation = 0
        self._table_stale = False
        self._importing = False
        self.model = RosterTableModel(self)
        self.findings_model = RosterFindingsModel(self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._build()
        self._connect()
        self.setAcceptDrops(True)
        self._set_plan_actions_enabled(False)
        ctx.hub.changed.connect(self._on_changes)
        self.reload_plans()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.plan_combo = QComboBox()
        self.plan_combo.setMinimumContentsLength(26)
        self.plan_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.new_plan_button = QPushButton(self.tr("新建计划…"))
        self.import_button = QPushButton(self.tr("导入名册…"))
        self.export_button = QPushButton(self.tr("导出…"))
        self.import_button.setToolTip(
            self.tr("导入 .xlsx / .xls / .csv 名册（Ctrl+O），也可把文件拖到此页")
        )
        self.export_button.setToolTip(self.tr("导出报名信息表或花名册（Ctrl+E）"))
        self.new_plan_button.setToolTip(self.tr("新建评价计划（Ctrl+N）"))

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索姓名或证件号码"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(self.tr("Ctrl+F"))
        self.search.setMinimumWidth(240)
        self.counts_label = QLabel()
        self.counts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("评价计划：")))
        top.addWidget(self.plan_combo)
        top.addWidget(self.new_plan_button)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        second = QHBoxLayout()
        second.addWidget(self.search)
        second.addStretch(1)
        second.addWidget(self.counts_label)

        self.table = QTableView()
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

        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: palette(placeholder-text); font-size: 11pt;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.splitter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.stack, 1)

        self.import_action = self._action(self.tr("导入名册…"), QKeySequence.StandardKey.Open)
        self.export_action = self._action(self.tr("导出…"), QKeySequence("Ctrl+E"))
        self.new_plan_action = self._action(self.tr("新建计划…"), QKeySequence.StandardKey.New)
        self.find_action = self._action(self.tr("搜索"), QKeySequence.StandardKey.Find)

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        self.addAction(action)
        return action

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
        self.plan_combo.currentIndexChanged.connect(self._plan_chosen)
        self.new_plan_button.clicked.connect(self.new_plan)
        self.import_button.clicked.connect(self.choose_import_file)
        self.export_button.clicked.connect(self.export_roster)
        self.new_plan_action.triggered.connect(self.new_plan)
        self.import_action.triggered.connect(self.choose_import_file)
        self.export_action.triggered.connect(self.export_roster)
        self.find_action.triggered.connect(self.focus_search)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.table.setFocus)
        self.model.edit_requested.connect(self._save_edit)
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

    def _set_plan_actions_enabled(self, enabled: bool) -> None:
        for widget in (self.import_button, self.export_button, self.search):
            widget.setEnabled(enabled)
        self.import_action.setEnabled(enabled)
        self.export_action.setEnabled(enabled)

    def _show_placeholder(self, text: str) -> None:
        self.placeholder.setText(text)
        self.stack.setCurrentWidget(self.placeholder)

    # -- plans ----------------------------------------------------------------------------------

    @property
    def current_plan(self) -> PlanSummary | None:
        plan_id = self.plan_combo.currentData()
        return next((p for p in self._plans if p.id == plan_id), None)

    def reload_plans(self, *, reload_table: bool = False) -> None:
        self._plans_generation += 1
        generation = self._plans_generation
        self._table_stale = self._table_stale or reload_table
        self._ctx.tasks.run(
            partial(_list_plans, self._ctx.workspace.store),
            on_success=lambda plans: self._plans_loaded(generation, plans),
            parent=self,
        )

    def _plans_loaded(self, generation: int, plans: list[PlanSummary]) -> None:
        if generation != self._plans_generation:
            return  # a newer list is on its way
        reload_table, self._table_stale = self._table_stale, False
        previous = self.plan_combo.currentData()
        wanted = self._select_after_reload or previous
        self._select_after_reload = None
        self._plans = plans
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for plan in plans:
            text = plan.title
            if plan.plan_number:
                text += self.tr(" · 计划编号 {number}").format(number=plan.plan_number)
            self.plan_combo.addItem(text, plan.id)
        index = self.plan_combo.findData(wanted) if wanted is not None else -1
        self.plan_combo.setCurrentIndex(index if index >= 0 else (0 if plans else -1))
        self.plan_combo.blockSignals(False)
        current = self.plan_combo.currentData()
        if current is None:
            self._set_plan_actions_enabled(False)
            self.model.set_table(None)
            self._show_placeholder(
                self.tr("还没有评价计划。\n点击「新建计划…」创建一个，然后导入考生名册。")
            )
        elif current != previous or reload_table or self.model.plan_id != current:
            self._load_table(current)

    def _plan_chosen(self, _index: int) -> None:
        plan_id = self.plan_combo.currentData()
        if plan_id is not None:
            self._load_table(plan_id)

    def new_plan(self) -> None:
        answer = NewPlanDialog.ask(self)
        if answer is None:
            return
        occupation, level = answer
        self._ctx.tasks.run(
            partial(_create_plan, self._ctx.workspace.store, occupation, level),
            writes=True,
            on_success=self._plan_created,
            parent=self,
        )

    def _plan_created(self, plan: PlanSummary) -> None:
        self._select_after_reload = plan.id
        self.status_message.emit(self.tr("已新建评价计划：{title}").format(title=plan.title))
        self._ctx.announce(Changes(plans=True))

    def _on_changes(self, changes: Changes) -> None:
        if changes.source is self:
            return
        current = self.plan_combo.currentData()
        roster_changed = current is not None and current in changes.rosters
        if changes.plans:
            self.reload_plans(reload_table=roster_changed)
        elif roster_changed:
            self._load_table(current)

    # -- the table ------------------------------------------------------------------------------

    def _load_table(self, plan_id: int) -> None:
        self._load_generation += 1
        generation = self._load_generation
        self._set_plan_actions_enabled(True)
        if self.model.plan_id != plan_id:
            self.model.set_table(None)
            self._show_placeholder(self.tr("正在加载名册…"))
        self._ctx.tasks.run(
            partial(_load_table, self._ctx.workspace.store, plan_id),
            on_success=lambda table: self._table_loaded(generation, table),
            parent=self,
        )

    def _table_loaded(self, generation: int, table: RosterTable) -> None:
        if generation != self._load_generation:
            return  # the user has moved on to another plan meanwhile
        same_plan = self.model.plan_id == table.plan_id
        current = self.table.currentIndex()
        keep_candidate = self.model.candidate_id(current.row()) if current.isValid() else None
        keep_column = current.column() if current.isValid() else 0
        scroll = self.table.verticalScrollBar().value()
        self.model.set_table(table)
        if not table.rows:
            self._show_placeholder(
                self.tr(
                    "本计划还没有考生。\n点击「导入名册…」，或把名册文件（.xlsx / .xls / .csv）拖到这里。"
                )
            )
        else:
            self.stack.setCurrentWidget(self.splitter)
        if same_plan and keep_candidate is not None:
            row = self.model.view_row_of_candidate(keep_candidate)
            if row is not None:
                self.table.setCurrentIndex(self.model.index(row, keep_column))
            self.table.verticalScrollBar().setValue(scroll)
        self.table_shown.emit()

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
        if self.search.hasFocus() and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Escape):
            if event.key() == Qt.Key.Key_Escape:
                self.search.clear()
            self.table.setFocus()
            return
        super().keyPressEvent(event)

    # -- inline editing -------------------------------------------------------------------------

    def _save_edit(self, candidate_id: int, attr: str, text: str) -> None:
        plan_id = self.model.plan_id
        self._ctx.tasks.run(
            partial(_edit_candidate, self._ctx.workspace.store, candidate_id, attr, text),
            writes=True,
            on_success=lambda edit: self._edit_done(plan_id, candidate_id, attr, edit),
            on_failure=lambda exc: self._edit_failed(candidate_id, attr, exc),
            parent=self,
        )

    def _edit_done(
        self, plan_id: int | None, candidate_id: int, attr: str, edit: CandidateEdit
    ) -> None:
        self.model.apply_edit(candidate_id, attr, edit)
        label = self.model.labels[self.model.columns.index(attr)]
        if not edit.saved:
            self.status_message.emit(edit.message or self.tr("未保存。"))
            return
        remaining = [f.message for f in edit.findings if f.field == label]
        if remaining:
            message = self.tr("已保存「{field}」，但仍有问题：{problem}").format(
                field=label, problem=remaining[0]
            )
        else:
            message = self.tr("已保存「{field}」。").format(field=label)
        self.status_message.emit(message)
        if plan_id is not None:
            self._ctx.announce(Changes(rosters=frozenset({plan_id}), source=self))

    def _edit_failed(self, candidate_id: int, attr: str, exc: BaseException) -> None:
        self.model.revert_edit(candidate_id, attr)
        QMessageBox.warning(self, self.tr("未保存"), describe_error(exc))

    # -- import ---------------------------------------------------------------------------------

    def choose_import_file(self) -> None:
        if self.current_plan is None:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("导入考生名册"),
            "",
            self.tr("名册文件 (*.xlsx *.xls *.csv);;所有文件 (*)"),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        plan = self.current_plan
        if plan is None:
            QMessageBox.information(
                self, self.tr("导入名册"), self.tr("请先新建或选择一个评价计划，再导入名册。")
            )
            return
        if self._importing:
            self.status_message.emit(self.tr("上一个名册还在导入，请稍候。"))
            return
        self._importing = True
        self.status_message.emit(self.tr("正在导入 {file}…").format(file=path.name))
        self._ctx.tasks.run(
            partial(_import_roster, self._ctx.workspace.store, path, plan.id),
            writes=True,
            takes_progress=True,
            progress_label=self.tr("正在导入名册 {file}…").format(file=path.name),
            parent=self.window(),
            on_success=lambda result: self._import_done(plan, path, result),
            on_failure=lambda exc: self._import_failed(path, exc),
            on_cancel=self._import_cancelled,
        )

    def _import_done(self, plan: PlanSummary, path: Path, result: ImportResult) -> None:
        self._importing = False
        lines = [
            self.tr("“{file}”已导入到“{plan}”。").format(file=path.name, plan=plan.title),
            self.tr(
                "新增 {added} 名，更新 {changed} 名，未变 {unchanged} 名，未导入 {skipped} 行。"
            ).format(
                added=result.added,
                changed=result.changed,
                unchanged=result.unchanged,
                skipped=len(result.skipped),
            ),
        ]
        if result.errors or result.warnings:
            lines.append(
                self.tr(
                    "发现 {errors} 个错误、{warnings} 个警告：有问题的单元格已标出，可在表格中直接修改。"
                ).format(errors=result.errors, warnings=result.warnings)
            )
        else:
            lines.append(self.tr("没有发现问题。"))
        if result.skipped:
            lines.append("")
            lines.append(self.tr("未导入的行："))
            for finding in result.skipped[:SKIPPED_SHOWN]:
                lines.append(
                    self.tr("第{row}行：{message}").format(row=finding.row, message=finding.message)
                )
            if len(result.skipped) > SKIPPED_SHOWN:
                lines.append(self.tr("…… 共 {n} 行").format(n=len(result.skipped)))
        self.status_message.emit(lines[1])
        self._ctx.announce(Changes(plans=True, rosters=frozenset({plan.id})))
        QMessageBox.information(self, self.tr("导入完成"), "\n".join(lines))

    def _import_failed(self, path: Path, exc: BaseException) -> None:
        self._importing = False
        self.status_message.emit(self.tr("未能导入 {file}，名册未改动。").format(file=path.name))
        QMessageBox.warning(
            self,
            self.tr("无法导入名册"),
            self.tr("{message}\n\n名册未做任何改动。").format(message=describe_error(exc)),
        )

    def _import_cancelled(self) -> None:
        self._importing = False
        self.status_message.emit(self.tr("已取消导入，名册未改动。"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.current_plan is not None and _dropped_roster(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_roster(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # Leave the drop handler first: the import may open dialogs.
        QTimer.singleShot(0, self, lambda: self.import_file(path))

    # -- export ---------------------------------------------------------------------------------

    def export_roster(self) -> None:
        plan = self.current_plan
        if plan is None or self.model.plan_id != plan.id:
            return
        if self.model.candidate_count == 0:
            QMessageBox.information(
                self, self.tr("导出"), self.tr("本计划还没有考生，没有可导出的内容。")
            )
            return
        layouts = {
            self.tr("报名信息表（平台批量导入格式）"): ("registration", self.tr("报名信息表")),
            self.tr("花名册（学员花名册）"): ("training", self.tr("花名册")),
        }
        choice, ok = QInputDialog.getItem(
            self, self.tr("导出名册"), self.tr("导出哪一种表？"), list(layouts), 0, False
        )
        if not ok or choice not in layouts:
            return
        layout, short_name = layouts[choice]
        if self.model.error_count:
            answer = QMessageBox.question(
                self,
                self.tr("导出名册"),
                self.tr("本计划还有 {errors} 个错误，平台导入时可能被退回。仍要导出吗？").format(
                    errors=self.model.error_count
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        suggested = str(Path.home() / f"{plan.occupation}{short_name}.xlsx")
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("导出{name}").format(name=short_name),
            suggested,
            self.tr("Excel 工作簿 (*.xlsx)"),
        )
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        self._ctx.tasks.run(
            partial(_export_roster, self._ctx.workspace.store, plan.id, layout, out),
            progress_label=self.tr("正在导出{name}…").format(name=short_name),
            parent=self.window(),
            on_success=lambda count: self.status_message.emit(
                self.tr("已导出 {count} 名考生到 {file}").format(count=count, file=out)
            ),
            on_failure=lambda exc: QMessageBox.warning(
                self, self.tr("导出失败"), describe_error(exc)
            ),
        )


def _dropped_roster(event: QDragEnterEvent | QDropEvent) -> Path | None:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in ROSTER_SUFFIXES else None
