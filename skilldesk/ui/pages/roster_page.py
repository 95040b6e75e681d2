"""The 考生名册 page: choose a plan, import and export its roster, find and fix problems in place."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from skilldesk.core.changes import ChangeSet
from skilldesk.services import plans, roster
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.roster_files import RosterFiles, is_roster_file
from skilldesk.ui.pages.roster_table_panel import RosterTablePanel
from skilldesk.ui.pages.stale_copy import offer_reload
from skilldesk.ui.widgets.new_plan_dialog import ask_new_plan
from skilldesk.ui.widgets.path_drop import PathDrop
from skilldesk.ui.widgets.plan_selector import PlanSelector
from skilldesk.ui.workers import bulk_allocation, describe_error, task_key

if TYPE_CHECKING:
    from skilldesk.core.store import Store
    from skilldesk.services.plans import PlanSummary
    from skilldesk.services.roster import CandidateEdit, RosterTable


def load_roster_table(store: Store, plan_id: int) -> RosterTable:
    """The plan's table, built with the collector paused (see bulk_allocation)."""
    with bulk_allocation():
        return roster.load_roster_table(store, plan_id)


class RosterPage(QWidget):
    """One plan's candidates: the table with problem cells marked, and the list of problems."""

    status_message = Signal(str)
    table_shown = Signal()  # a freshly loaded table is on screen

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._select_after_reload: int | None = None
        self._table_stale = False
        # Edits waiting for an earlier edit of the same candidate to come back with the version
        # they must expect (candidate id → field, text); a key is present while one is saving.
        self._waiting_edits: dict[int, list[tuple[str, str]]] = {}
        self.panel = RosterTablePanel()
        # What tests, scripts and the user guide reach for on the page itself.
        self.model = self.panel.model
        self.findings_model = self.panel.findings_model
        self.table = self.panel.table
        self.search = self.panel.search
        self.counts_label = self.panel.counts_label
        self.findings_view = self.panel.findings_view
        self.placeholder = self.panel.placeholder
        self.files = RosterFiles(
            ctx, self, current_plan=lambda: self.current_plan, model=self.model
        )
        self._build()
        self._connect()
        self._drops = PathDrop(
            self,
            accepts=is_roster_file,
            handle=self.import_file,
            enabled=lambda: self.current_plan is not None,
        )
        self._set_plan_actions_enabled(False)
        ctx.hub.changed.connect(self._on_changes)
        self.reload_plans()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.plan_combo = PlanSelector(min_chars=26)
        self.new_plan_button = QPushButton(self.tr("新建计划…"))
        self.import_button = QPushButton(self.tr("导入名册…"))
        self.export_button = QPushButton(self.tr("导出…"))
        self.import_button.setToolTip(
            self.tr("导入 .xlsx / .xls / .csv 名册（Ctrl+O），也可把文件拖到此页")
        )
        self.export_button.setToolTip(self.tr("导出报名信息表或花名册（Ctrl+E）"))
        self.new_plan_button.setToolTip(self.tr("新建评价计划（Ctrl+N）"))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("评价计划：")))
        top.addWidget(self.plan_combo)
        top.addWidget(self.new_plan_button)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.panel, 1)

        self.import_action = self._action(self.tr("导入名册…"), QKeySequence.StandardKey.Open)
        self.export_action = self._action(self.tr("导出…"), QKeySequence("Ctrl+E"))
        self.new_plan_action = self._action(self.tr("新建计划…"), QKeySequence.StandardKey.New)
        self.find_action = self._action(self.tr("搜索"), QKeySequence.StandardKey.Find)

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        self.addAction(action)
        return action

    def _connect(self) -> None:
        self.plan_combo.plan_chosen.connect(self._load_table)
        self.new_plan_button.clicked.connect(self.new_plan)
        self.import_button.clicked.connect(self.files.choose_import_file)
        self.export_button.clicked.connect(self.files.export_roster)
        self.new_plan_action.triggered.connect(self.new_plan)
        self.import_action.triggered.connect(self.files.choose_import_file)
        self.export_action.triggered.connect(self.files.export_roster)
        self.find_action.triggered.connect(self.panel.focus_search)
        self.model.edit_requested.connect(self._save_edit)
        self.files.status_message.connect(self.status_message)

    def _set_plan_actions_enabled(self, enabled: bool) -> None:
        for widget in (self.import_button, self.export_button, self.search):
            widget.setEnabled(enabled)
        self.import_action.setEnabled(enabled)
        self.export_action.setEnabled(enabled)

    # -- plans ----------------------------------------------------------------------------------

    @property
    def current_plan(self) -> PlanSummary | None:
        return self.plan_combo.current_plan()

    def reload_plans(self, *, reload_table: bool = False) -> None:
        self._table_stale = self._table_stale or reload_table
        self._ctx.tasks.run(
            partial(plans.list_plans, self._ctx.workspace.store),
            self._plans_loaded,
            key=task_key(self, "plans"),  # a newer list replaces one on its way
            parent=self,
        )

    def _plans_loaded(self, found: list[PlanSummary]) -> None:
        reload_table, self._table_stale = self._table_stale, False
        previous = self.plan_combo.plan_id()
        self.plan_combo.set_plans(found, prefer=self._select_after_reload)
        self._select_after_reload = None
        current = self.plan_combo.plan_id()
        if current is None:
            self._set_plan_actions_enabled(False)
            self.model.set_table(None)
            self.panel.show_message(
                self.tr("还没有评价计划。\n点击「新建计划…」创建一个，然后导入考生名册。")
            )
        elif current != previous or reload_table or self.model.plan_id != current:
            self._load_table(current)

    def new_plan(self) -> None:
        ask_new_plan(self._ctx, self, self._create_plan)

    def _create_plan(self, occupation: str, level: int) -> None:
        self._ctx.tasks.run(
            partial(plans.create_plan, self._ctx.workspace.store, occupation, level),
            self._plan_created,
            writes=True,
            parent=self,
        )

    def _plan_created(self, plan: PlanSummary) -> None:
        self._select_after_reload = plan.id
        self.status_message.emit(self.tr("已新建评价计划：{title}").format(title=plan.title))
        self.reload_plans()  # the runner announced the plan before this; select it now

    def _on_changes(self, changes: ChangeSet, source: object | None) -> None:
        if source is self:
            return
        current = self.plan_combo.plan_id()
        # The table shows each candidate's photo state, so photo changes reload it too.
        shown = current is not None and current in changes.rosters | changes.photo_plans
        if changes.plans or changes.plans_removed or changes.rosters:
            self.reload_plans(reload_table=shown)  # the selector shows candidate counts
        elif shown and current is not None:
            self._load_table(current)

    # -- the table ------------------------------------------------------------------------------

    def _load_table(self, plan_id: int) -> None:
        self._set_plan_actions_enabled(True)
        if self.model.plan_id != plan_id:
            self.model.set_table(None)
            self.panel.show_message(self.tr("正在加载名册…"))
        self._ctx.tasks.run(
            partial(load_roster_table, self._ctx.workspace.store, plan_id),
            self._table_loaded,
            key=task_key(self, "table"),  # the user may move on to another plan meanwhile
            parent=self,
        )

    def _table_loaded(self, table: RosterTable) -> None:
        self.panel.show_table(table)
        self.table_shown.emit()

    # -- inline editing -------------------------------------------------------------------------

    def _save_edit(self, candidate_id: int, attr: str, text: str) -> None:
        waiting = self._waiting_edits.get(candidate_id)
        if waiting is not None:
            waiting.append((attr, text))
            return
        self._waiting_edits[candidate_id] = []
        self._send_edit(candidate_id, attr, text)

    def _send_edit(self, candidate_id: int, attr: str, text: str) -> None:
        edit = partial(
            roster.edit_candidate,
            self._ctx.workspace.store,
            candidate_id,
            attr,
            text,
            expected_version=self.model.version_of(candidate_id),
        )
        self._ctx.tasks.run(
            edit,
            lambda edit: self._edit_done(candidate_id, attr, edit),
            writes=True,
            on_failure=lambda exc: self._edit_failed(candidate_id, attr, exc),
            parent=self,
            source=self,  # the model shows the edit already
        )

    def _edit_done(self, candidate_id: int, attr: str, edit: CandidateEdit) -> None:
        self.model.apply_edit(candidate_id, attr, edit)
        waiting = self._waiting_edits.get(candidate_id)
        if waiting:
            self._send_edit(candidate_id, *waiting.pop(0))
        else:
            self._waiting_edits.pop(candidate_id, None)
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

    def _edit_failed(self, candidate_id: int, attr: str, exc: BaseException) -> None:
        # The edits waiting behind this one would meet the same refusal: none of them is saved.
        waiting = self._waiting_edits.pop(candidate_id, [])
        for field in (attr, *(waiting_attr for waiting_attr, _text in waiting)):
            self.model.revert_edit(candidate_id, field)
        plan_id = self.model.plan_id
        if plan_id is None or not offer_reload(self, exc, partial(self._load_table, plan_id)):
            QMessageBox.warning(self, self.tr("未保存"), describe_error(exc))

    # -- import by file or drop -----------------------------------------------------------------

    def import_file(self, path: Path) -> None:
        self.files.import_file(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._drops.drag_enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._drops.drop(event)
