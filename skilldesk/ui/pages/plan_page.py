"""The 评价计划 page: choose a plan, see its timeline as a picture, edit the form, save and check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core.changes import ChangeSet
from skilldesk.core.findings import Finding
from skilldesk.core.levels import level_name
from skilldesk.services import plans
from skilldesk.ui.busy import BusyBinding
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.plan_editor import PlanEditor, PlanView, load_plan_view, save_plan_view
from skilldesk.ui.pages.plan_files import PlanFiles
from skilldesk.ui.pages.plan_recheck import new_errors, recheck
from skilldesk.ui.pages.stale_copy import offer_reload
from skilldesk.ui.widgets.new_plan_dialog import ask_new_plan
from skilldesk.ui.widgets.placeholder_stack import PlaceholderStack
from skilldesk.ui.workers import describe_error, task_key

if TYPE_CHECKING:
    from skilldesk.services.plan_state import PlanEdits, PlanState
    from skilldesk.services.plans import PlanDetails, PlanSummary


class PlanPage(QWidget):
    """One plan: the timeline picture on top, the form with its findings beside it."""

    status_message = Signal(str)
    plan_shown = Signal()  # a freshly loaded or saved plan is on screen

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.today = today
        self.state: PlanState | None = None
        self.dirty = False
        self._plans: list[PlanSummary] = []
        self._wanted: int | None = None
        self._focus_after_load = ""
        self._plan_key = task_key(self, "plan")  # loads and saves: only the last one is shown
        self._pending: int | None = None  # the plan being loaded or saved
        self._build()
        # Saving waits while any write runs (a second Ctrl+S would add new sessions twice).
        self.writing = BusyBinding(ctx.tasks, self, writes=True)
        self.writing.changed.connect(
            lambda busy: self.save_button.setEnabled(not busy and self.state is not None)
        )
        ctx.hub.changed.connect(self._on_changes)
        ctx.hub.plan_requested.connect(self.show_plan)
        self.reload_plans()

    def _build(self) -> None:
        self.plan_combo = QComboBox()
        self.plan_combo.setMinimumContentsLength(26)
        self.new_button = QPushButton(self.tr("新建计划…"))
        self.import_button = QPushButton(self.tr("导入计划文件…"))
        self.export_button = QPushButton(self.tr("导出计划文件…"))
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setToolTip(self.tr("保存并重新核对（Ctrl+S）"))
        self.save_button.setDefault(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("评价计划：")))
        top.addWidget(self.plan_combo)
        top.addWidget(self.new_button)
        top.addStretch(1)
        for button in (self.import_button, self.export_button, self.save_button):
            top.addWidget(button)
        self.info = QLabel()
        self.info.setStyleSheet("color: palette(placeholder-text);")
        self.number_button = QPushButton(self.tr("填写计划编号…"))
        self.number_button.setEnabled(False)
        self.number_button.setFlat(True)
        self.number_button.setToolTip(self.tr("评价中心确认计划后分配的计划编号"))
        self.dirty_label = QLabel(self.tr("有未保存的修改"))
        self.dirty_label.setStyleSheet("color: #b26a00;")
        self.dirty_label.hide()
        info_row = QHBoxLayout()
        info_row.addWidget(self.info)
        info_row.addWidget(self.number_button)
        info_row.addStretch(1)
        info_row.addWidget(self.dirty_label)

        self.editor = PlanEditor(self.today)
        self.stack = PlaceholderStack(self.editor)
        self.placeholder = self.stack.placeholder
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(info_row)
        layout.addWidget(self.stack, 1)

        save = QAction(self.tr("保存"), self)
        save.setShortcut(QKeySequence.StandardKey.Save)
        save.triggered.connect(lambda: self.save())
        self.addAction(save)
        self.plan_combo.activated.connect(self._plan_chosen)
        self.new_button.clicked.connect(self.new_plan)
        self.files = PlanFiles(
            self._ctx,
            self,
            current=lambda: self.state,
            dirty=lambda: self.dirty,
            save_then=lambda then: self.save(then=then),
            may_discard=self._may_discard,
        )
        self.files.status_message.connect(self.status_message)
        self.files.imported.connect(self._imported)
        self.import_button.clicked.connect(self.files.import_)
        self.export_button.clicked.connect(self.files.export)
        self.save_button.clicked.connect(lambda: self.save())
        self.number_button.clicked.connect(self.record_number)
        self.editor.changed.connect(lambda: self._set_dirty(True))
        self._show_placeholder(self.tr("正在加载…"))

    # -- plans ----------------------------------------------------------------------------------

    @property
    def plan_id(self) -> int | None:
        return self.state.details.id if self.state is not None else None

    def _show_placeholder(self, text: str) -> None:
        self.stack.show_message(text)
        for button in (self.export_button, self.save_button, self.number_button):
            button.setEnabled(False)

    def unsaved_edits(self) -> str | None:
        """What closing the window would lose, in words; None if nothing."""
        if not self.dirty:
            return None
        title = self.state.details.title if self.state is not None else ""
        return self.tr("评价计划“{title}”").format(title=title) if title else self.tr("评价计划")

    def reload_plans(self) -> None:
        self._ctx.tasks.run(
            partial(plans.list_plans, self._ctx.workspace.store),
            self._plans_loaded,
            key=task_key(self, "plans"),
            parent=self,
        )

    def _plans_loaded(self, found: list[PlanSummary]) -> None:
        self._plans = found
        wanted = self._wanted or self.plan_combo.currentData()
        self.plan_combo.clear()
        for plan in found:
            number = plan.plan_number or self.tr("未编号")
            self.plan_combo.addItem(f"{plan.title} · {number}", plan.id)
        index = self.plan_combo.findData(wanted) if wanted is not None else -1
        self.plan_combo.setCurrentIndex(index if index >= 0 else (0 if found else -1))
        current = self.plan_combo.currentData()
        self._wanted = None
        if current is None:
            self.state = None
            self._show_placeholder(
                self.tr("还没有评价计划。\n点击「新建计划…」创建一个，或「导入计划文件…」。")
            )
        elif current != self.plan_id or not self.dirty:
            self._load(current)
        self._show_info()

    def _plan_chosen(self, _index: int) -> None:
        plan_id = self.plan_combo.currentData()
        if plan_id == self.plan_id:
            return
        if not self._may_discard():
            self.plan_combo.setCurrentIndex(self.plan_combo.findData(self.plan_id))
            return
        self._load(plan_id)

    def show_plan(self, plan_id: int, field: str = "") -> None:
        """Show this plan (asked for from another page), at `field` when given."""
        if plan_id != self.plan_id and not self._may_discard():
            return
        self._focus_after_load = field
        if self.plan_combo.findData(plan_id) < 0:
            self._wanted = plan_id
            self.reload_plans()
            return
        self.plan_combo.setCurrentIndex(self.plan_combo.findData(plan_id))
        if plan_id != self.plan_id:
            self._load(plan_id)
        elif field:
            self.focus_field(field)

    def _may_discard(self) -> bool:
        if not self.dirty:
            return True
        answer = QMessageBox.question(
            self, self.tr("评价计划"), self.tr("当前计划有未保存的修改。放弃这些修改吗？")
        )
        return answer == QMessageBox.StandardButton.Yes

    def new_plan(self) -> None:
        ask_new_plan(self._ctx, self, self._create_plan)

    def _create_plan(self, occupation: str, level: int) -> None:
        if not self._may_discard():
            return
        self._ctx.tasks.run(
            partial(plans.create_plan, self._ctx.workspace.store, occupation, level),
            self._plan_created,
            writes=True,
            parent=self,
            source=self,
        )

    def _plan_created(self, plan: PlanSummary) -> None:
        self._set_dirty(False)
        self._wanted = plan.id
        self.status_message.emit(self.tr("已新建评价计划：{title}").format(title=plan.title))
        self.reload_plans()

    def _on_changes(self, changes: ChangeSet, source: object | None) -> None:
        # The list shows titles, numbers and candidate counts; the form offers sites, rooms
        # and examiners, and its check reads the scope, the institution's filing, the roster
        # and who still lacks a photo.
        if source is not self and (
            changes.plans
            or changes.plans_removed
            or changes.rosters
            or changes.photo_plans
            or changes.resources
            or changes.calendar
        ):
            self.reload_plans()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Sites, rooms and examiners are edited on other pages: offer what is on file now
        # (unless a plan is on its way already, such as one asked for from the home page).
        if self._pending is None and self.plan_id is not None and not self.dirty:
            self._load(self.plan_id)

    # -- loading and saving ---------------------------------------------------------------------

    def _load(self, plan_id: int) -> None:
        self._pending = plan_id
        if plan_id != self.plan_id:
            self._show_placeholder(self.tr("正在加载计划…"))
        self._ctx.tasks.run(
            partial(load_plan_view, self._ctx.workspace.store, plan_id, self.today()),
            self._show_view,
            key=self._plan_key,
            on_failure=self._load_failed,
            parent=self,
        )

    def _load_failed(self, exc: BaseException) -> None:
        self._pending = None
        QMessageBox.warning(self, self.tr("无法打开计划"), describe_error(exc))

    def _show_view(self, view: PlanView) -> None:
        self._pending = None
        self.state = view.state
        self.editor.show_view(view)
        self._set_dirty(False)
        self.stack.show_content()
        for button in (self.export_button, self.save_button, self.number_button):
            button.setEnabled(True)
        self._show_info()
        if self._focus_after_load:
            self.focus_field(self._focus_after_load)
            self._focus_after_load = ""
        self.plan_shown.emit()

    def _show_info(self) -> None:
        summary = next((p for p in self._plans if p.id == self.plan_id), None)
        if self.state is None or summary is None:
            self.info.clear()
            return
        details = self.state.details
        self.info.setText(
            self.tr("计划编号：{number} · {level} · 考生 {count} 人").format(
                number=details.plan_number or self.tr("未编号（评价中心确认后分配）"),
                level=level_name(details.fields.level),
                count=summary.candidate_count,
            )
        )
        self.number_button.setText(
            self.tr("修改计划编号…") if details.plan_number else self.tr("填写计划编号…")
        )

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.dirty_label.setVisible(dirty)

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Check the form as it stands, ask if that finds errors not shown yet, then save."""
        plan_id, state = self.plan_id, self.state
        if plan_id is None or state is None or self._pending is not None or self.writing.active:
            return
        self._pending = plan_id
        edits = self.editor.edits()
        self._ctx.tasks.run(
            partial(recheck, state, edits),
            lambda found: self._rechecked(state, edits, found, then),
            key=task_key(self, "recheck"),
            parent=self,
            on_failure=self._save_failed,
        )

    def _rechecked(
        self,
        state: PlanState,
        edits: PlanEdits,
        found: list[Finding],
        then: Callable[[], None] | None,
    ) -> None:
        if state is not self.state:  # another plan was loaded meanwhile
            self._pending = None
            return
        unseen = new_errors(state.check.findings, found)
        if unseen:
            self.editor.show_findings(found, state.profile.title)
            listed = "\n".join(f"· {f.message}" for f in unseen[:5])
            more = self.tr("\n……共 {count} 个").format(count=len(unseen)) if len(unseen) > 5 else ""
            answer = QMessageBox.question(
                self,
                self.tr("保存前核对"),
                self.tr(
                    "按当前填写重新核对，发现 {count} 个新的错误：\n{listed}{more}\n\n仍要保存吗？"
                ).format(count=len(unseen), listed=listed, more=more),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self._pending = None
                self.status_message.emit(self.tr("未保存：请先检查右侧列出的问题。"))
                return
        self._write(state.details.id, edits, then, state.details.version)

    def _write(
        self, plan_id: int, edits: PlanEdits, then: Callable[[], None] | None, loaded: int
    ) -> None:
        """Save the edits over the plan as loaded at version `loaded` (a newer one is refused)."""
        store = self._ctx.workspace.store
        self._ctx.tasks.run(
            partial(save_plan_view, store, plan_id, edits, self.today(), loaded),
            lambda view: self._saved(view, then),
            key=self._plan_key,
            writes=True,
            progress_label=self.tr("正在保存并核对计划…"),
            parent=self.window(),
            on_failure=self._save_failed,
            source=self,
        )

    def _saved(self, view: PlanView, then: Callable[[], None] | None = None) -> None:
        self._show_view(view)
        state = view.state
        check = state.check
        self.status_message.emit(
            self.tr("已保存“{title}”：{errors} 个错误，{warnings} 个警告。").format(
                title=state.details.title, errors=check.errors, warnings=check.warnings
            )
        )
        if then is not None:
            then()

    def _save_failed(self, exc: BaseException) -> None:
        self._pending = None
        if not offer_reload(self, exc, self._reload_plan):
            QMessageBox.warning(self, self.tr("未保存"), describe_error(exc))

    def _reload_plan(self) -> None:
        """The plan on screen read again, over the form's edits (the user chose to)."""
        if self.plan_id is not None:
            self._imported(self.plan_id)

    def focus_field(self, key: str) -> None:
        self.editor.focus_field(key)

    def _imported(self, plan_id: int) -> None:
        self._set_dirty(False)
        self._wanted = plan_id
        if plan_id == self.plan_id:
            self.state = None  # reload it even though it is the plan shown
        self.reload_plans()

    def record_number(self) -> None:
        """Note the plan number the center assigned (typed from the platform)."""
        if self.state is None:
            return
        if self.dirty:
            QMessageBox.information(
                self, self.tr("计划编号"), self.tr("请先保存当前的修改，再填写计划编号。")
            )
            return
        details = self.state.details
        number, ok = QInputDialog.getText(
            self,
            self.tr("计划编号"),
            self.tr("“{title}”的计划编号（评价中心分配；留空表示清除）：").format(
                title=details.title
            ),
            text=details.plan_number or "",
        )
        if not ok:
            return
        record = partial(
            plans.record_plan_number,
            self._ctx.workspace.store,
            details.id,
            number,
            expected_version=details.version,
        )
        self._ctx.tasks.run(
            record,
            self._number_recorded,
            writes=True,
            parent=self.window(),
            on_failure=self._number_refused,
            source=self,
        )

    def _number_refused(self, exc: BaseException) -> None:
        if not offer_reload(self, exc, self._reload_plan):
            QMessageBox.warning(self, self.tr("计划编号未保存"), describe_error(exc))

    def _number_recorded(self, details: PlanDetails) -> None:
        shown = details.plan_number or self.tr("（已清除）")
        self.status_message.emit(
            self.tr("“{title}”的计划编号：{number}").format(title=details.title, number=shown)
        )
        self._imported(details.id)  # shown again with its number
