"""The 照片 page: check a folder or zip of photos against a plan's roster, see every problem on a
thumbnail grid, and fix what can be fixed (rename, compliant copies) before importing them."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core.changes import ChangeSet
from skilldesk.core.progress import CancelToken, ProgressCallback
from skilldesk.services import plans
from skilldesk.services.photo_store import list_plan_photos, match_to_roster
from skilldesk.services.photos import check_photos
from skilldesk.services.rule_profile import workspace_profile
from skilldesk.ui import last_folder
from skilldesk.ui.busy import BusyBinding
from skilldesk.ui.context import AppContext
from skilldesk.ui.models.photo_model import GridItems, PhotoGridModel, grid_items
from skilldesk.ui.models.thumbnails import ThumbnailLoader
from skilldesk.ui.pages import photo_actions
from skilldesk.ui.pages.photo_side import PhotoSidePanel
from skilldesk.ui.widgets.path_drop import PathDrop
from skilldesk.ui.widgets.photo_filter import PhotoFilterBar
from skilldesk.ui.widgets.photo_grid import PhotoGridView
from skilldesk.ui.widgets.placeholder_stack import PlaceholderStack
from skilldesk.ui.widgets.plan_selector import PlanSelector
from skilldesk.ui.workers import task_key

if TYPE_CHECKING:
    from skilldesk.core.profiles import PhotoRules
    from skilldesk.core.rules.photo_names import RosterCandidate
    from skilldesk.core.store import Store
    from skilldesk.services.photo_store import PlanPhoto
    from skilldesk.services.photos import PhotoCheck
    from skilldesk.services.plans import PlanSummary


def _plans_and_rules(store: Store) -> tuple[list[PlanSummary], PhotoRules]:
    """The plans, and the photo rules of the workspace's profile (they follow its region)."""
    return plans.list_plans(store), workspace_profile(store).photo


def _check(
    store: Store,
    path: Path,
    roster: list[RosterCandidate] | None,
    *,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> GridItems:
    profile = workspace_profile(store)
    return grid_items(
        check_photos(path, roster=roster, profile=profile, progress=progress, cancel=cancel)
    )


def _rematch(check: PhotoCheck, roster: list[RosterCandidate] | None) -> GridItems:
    return grid_items(match_to_roster(check, roster))


class PhotosPage(QWidget):
    """A plan's photos: the checked batch as a grid, the selected photo beside its roster row,
    and who still has no photo."""

    status_message = Signal(str)
    check_shown = Signal()  # a checked (or re-matched) batch is on screen

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._photo_rules: PhotoRules | None = None  # the workspace's, once the plans are loaded
        self.plan_rows: list[PlanPhoto] | None = None  # the current plan's candidates
        self._rows_plan: int | None = None
        self.source: Path | None = None
        self.undo_file: Path | None = None
        self.undo_folder: Path | None = None
        self.undo_count = 0
        self._waiting_source: Path | None = None
        # A newer check (or re-match) replaces one on its way; the actions take turns.
        self.check_key, self.action_key = task_key(self, "check"), task_key(self, "action")
        self.busy_state = BusyBinding(ctx.tasks, self, keys=(self.check_key, self.action_key))
        self.loader = ThumbnailLoader(ctx.tasks, ctx.workspace.data_dir)
        self.model = PhotoGridModel(self.loader, self)
        self.fixes = photo_actions.PhotoActions(self, ctx)
        self._build()
        self._connect()
        self._drops = PathDrop(
            self,
            accepts=lambda path: path.is_dir() or path.suffix.lower() == ".zip",
            handle=self.check_source,
            enabled=lambda: self.current_plan is not None,
        )
        ctx.hub.changed.connect(self._on_changes)
        self.busy_state.changed.connect(lambda _busy: self._update_actions())
        self._update_actions()
        self.reload_plans()

    @property
    def busy(self) -> bool:
        """A check or an action (rename, copies, import) is running."""
        return self.busy_state.active

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.plan_combo = PlanSelector(min_chars=24)
        self.folder_button = QPushButton(self.tr("选择文件夹…"))
        self.zip_button = QPushButton(self.tr("选择压缩包…"))
        self.rename_button = QPushButton(self.tr("按建议重命名…"))
        self.undo_button = QPushButton(self.tr("撤销重命名"))
        self.copies_button = QPushButton(self.tr("生成合规副本…"))
        self.import_button = QPushButton(self.tr("导入到计划"))
        self.folder_button.setToolTip(
            self.tr("检查一个照片文件夹（含子文件夹），也可把文件夹拖到此页")
        )
        self.rename_button.setToolTip(
            self.tr("按名单把文件名改为“证件号码+姓名.jpg”，先确认再执行")
        )
        self.copies_button.setToolTip(
            self.tr("把大小、像素、格式不合要求的照片重新保存到新文件夹，原照片不改动")
        )
        self.import_button.setToolTip(self.tr("把没有错误、对应到名单的照片保存到本计划"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("评价计划：")))
        top.addWidget(self.plan_combo)
        top.addWidget(self.folder_button)
        top.addWidget(self.zip_button)
        top.addStretch(1)
        for button in (self.rename_button, self.undo_button, self.copies_button):
            top.addWidget(button)
        top.addWidget(self.import_button)

        self.filter_bar = PhotoFilterBar()
        self.filter_combo = self.filter_bar.combo
        self.counts_label = self.filter_bar.counts

        self.grid = PhotoGridView()
        self.grid.setModel(self.model)
        self.side = PhotoSidePanel(self._ctx)
        self.detail = self.side.detail
        self.plan_summary = self.side.plan_summary
        self.missing_title = self.side.missing_title
        self.missing_model = self.side.missing_model
        # The side stays beside the message too: who lacks a photo shows before any batch.
        self.stack = PlaceholderStack(self.grid)
        self.placeholder = self.stack.placeholder
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([760, 380])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        self.plan_combo.plan_chosen.connect(lambda _plan_id: self.load_plan_rows())
        self.folder_button.clicked.connect(self.choose_folder)
        self.zip_button.clicked.connect(self.choose_zip)
        self.rename_button.clicked.connect(self.fixes.rename_by_suggestion)
        self.undo_button.clicked.connect(self.fixes.undo_rename)
        self.copies_button.clicked.connect(self.fixes.make_copies)
        self.import_button.clicked.connect(self.fixes.import_to_plan)
        self.filter_bar.filter_chosen.connect(self._filter_chosen)
        self.grid.selectionModel().currentChanged.connect(lambda current, _: self._show(current))
        self.model.modelReset.connect(self._update_counts)

    def _update_actions(self) -> None:
        has_plan = self.current_plan is not None
        checked = self.model.check is not None and not self.busy
        roster = bool(self.plan_rows)
        self.folder_button.setEnabled(has_plan and not self.busy)
        self.zip_button.setEnabled(has_plan and not self.busy)
        self.rename_button.setEnabled(checked and roster)
        self.copies_button.setEnabled(checked)
        self.import_button.setEnabled(checked and roster)
        self.undo_button.setVisible(self.undo_file is not None)
        self.undo_button.setEnabled(
            self.undo_file is not None and not self.busy and self.undo_folder == self.source
        )
        self.filter_bar.set_filter_visible(self.model.check is not None)

    def _welcome(self) -> str:
        from skilldesk.core.profiles import load_profile

        rules = self._photo_rules or load_profile().photo
        text = self.tr(
            "把照片文件夹或 .zip 压缩包拖到这里，或点击「选择文件夹…」「选择压缩包…」。\n\n"
            "照片应命名为“证件号码+姓名.jpg”（如 330822199012153426张三.jpg），JPG格式，"
            "大于{min_kb}KB、小于{max_mb}MB，像素大于{w}×{h}（宽×高）。"
        ).format(
            min_kb=rules.min_bytes // 1024,
            max_mb=f"{rules.max_bytes / 1024 / 1024:g}",
            w=rules.min_width,
            h=rules.min_height,
        )
        return text  # the plan's own photo counts stand beside it

    # -- plans ----------------------------------------------------------------------------------

    @property
    def current_plan(self) -> PlanSummary | None:
        return self.plan_combo.current_plan()

    def reload_plans(self) -> None:
        self._ctx.tasks.run(
            partial(_plans_and_rules, self._ctx.workspace.store),
            self._plans_loaded,
            key=task_key(self, "plans"),
            parent=self,
        )

    def _plans_loaded(self, loaded: tuple[list[PlanSummary], PhotoRules]) -> None:
        found, self._photo_rules = loaded
        previous = self.plan_combo.plan_id()
        self.plan_combo.set_plans(found)
        current = self.plan_combo.plan_id()
        self.side.setVisible(current is not None)
        if current is None:
            self.plan_rows = None
            self.stack.show_message(
                self.tr("还没有评价计划。\n请先在「考生名册」页新建计划并导入名册，再来核对照片。")
            )
            self._update_actions()
        elif current != previous or self._rows_plan != current:
            self.load_plan_rows()

    def _on_changes(self, changes: ChangeSet, source: object | None) -> None:
        if source is self:
            return
        if changes.plans or changes.plans_removed or changes.resources:
            self.reload_plans()  # titles, and the photo rules follow the institution's region
        current = self.plan_combo.plan_id()
        if current is not None and current in changes.rosters | changes.photo_plans:
            self.load_plan_rows()

    def load_plan_rows(self) -> None:
        """(Re)load the current plan's candidates and stored photos; re-match a shown batch."""
        plan_id = self.plan_combo.plan_id()
        if plan_id is None:
            return
        if self._rows_plan != plan_id:
            self.plan_rows = None
        self._update_actions()
        self._ctx.tasks.run(
            partial(list_plan_photos, self._ctx.workspace.store, plan_id),
            lambda rows: self._plan_rows_loaded(plan_id, rows),
            key=task_key(self, "rows"),
            parent=self,
        )

    def _plan_rows_loaded(self, plan_id: int, rows: list[PlanPhoto]) -> None:
        self.plan_rows, self._rows_plan = rows, plan_id
        self.side.set_plan(rows)
        self.model.set_stored({r.id_number: r.sha256 for r in rows if r.sha256})
        if self._waiting_source is not None:
            path, self._waiting_source = self._waiting_source, None
            self.check_source(path)
        elif self.model.check is not None:
            self._run_rematch()
        else:
            self.stack.show_message(self._welcome())
            self.side.show_details(False)
        self._update_missing()
        self._update_actions()

    def roster(self) -> list[RosterCandidate] | None:
        if not self.plan_rows:
            return None
        return [row.roster_candidate for row in self.plan_rows]

    def _run_rematch(self) -> None:
        check = self.model.check
        if check is None:
            return
        self._ctx.tasks.run(
            partial(_rematch, check, self.roster()),
            lambda items: self._checked(check.source, items),
            key=self.check_key,
            parent=self,
        )

    # -- checking a folder or zip ---------------------------------------------------------------

    def choose_folder(self) -> None:
        data_dir = self._ctx.workspace.data_dir
        path = QFileDialog.getExistingDirectory(
            self, self.tr("选择照片文件夹"), last_folder.start_folder(data_dir, "photos")
        )
        if path:
            last_folder.remember(data_dir, "photos", Path(path).parent)
            self.check_source(Path(path))

    def choose_zip(self) -> None:
        path = last_folder.open_file(
            self,
            self._ctx.workspace.data_dir,
            "photos",
            self.tr("选择照片压缩包"),
            self.tr("压缩包 (*.zip)"),
        )
        if path is not None:
            self.check_source(path)

    def check_source(self, path: Path) -> None:
        """Check a folder or zip against the current plan's roster, in the background."""
        if self.current_plan is None:
            QMessageBox.information(
                self, self.tr("检查照片"), self.tr("请先在「考生名册」页新建或选择一个评价计划。")
            )
            return
        if self.busy:
            self.status_message.emit(self.tr("上一个操作还在进行，请稍候。"))
            return
        if self.plan_rows is None:
            self._waiting_source = path  # checked as soon as the roster is loaded
            return
        self._ctx.tasks.run_with_progress(
            partial(_check, self._ctx.workspace.store, path, self.roster()),
            lambda items: self._checked(path, items),
            key=self.check_key,
            progress_label=self.tr("正在检查照片 {name}…").format(name=path.name),
            parent=self.window(),
            on_failure=lambda exc: self.fixes.failed(self.tr("无法检查照片"), exc),
            on_cancel=lambda: self.fixes.cancelled(self.tr("已取消检查。")),
        )

    def _checked(self, path: Path, items: GridItems) -> None:
        selected = self._selected_file()
        self.source = path
        self.model.set_check(items.check, items)
        self._fill_filters()
        self.filter_bar.show_source(path)
        self.stack.show_content()
        self.side.show_details(True)
        self._update_missing()
        self._update_actions()
        row = self.model.view_row_of(selected) if selected else None
        if self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(row or 0))
        else:
            self.detail.show_photo(None, None, "")
        self.check_shown.emit()

    def _selected_file(self) -> str | None:
        index = self.grid.currentIndex()
        return self.model.photo(index.row()).name if index.isValid() else None

    # -- filter, counts, the missing list -------------------------------------------------------

    def _fill_filters(self) -> None:
        self.model.set_filter(self.filter_bar.fill(self.model))

    def set_filter(self, key: str) -> None:
        self.filter_bar.select(key)

    def _filter_chosen(self, key: str) -> None:
        self.model.set_filter(key)
        if self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(0))
        else:
            self.detail.show_photo(None, None, "")

    def _update_counts(self) -> None:
        self.filter_bar.show_counts(self.model)

    def _update_missing(self) -> None:
        self.side.update_missing(self.plan_rows or [], self.model.usable_ids, self.model.flawed_ids)

    def _show(self, index: Any) -> None:
        photo = self.model.photo(index.row()) if index.isValid() else None
        self.side.show_photo(photo, self.plan_rows or [], self.model, self.source)

    # -- drops ----------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._drops.drag_enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._drops.drop(event)
