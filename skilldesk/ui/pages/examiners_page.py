"""The 考评员 page: the institution's examiners, filtered by occupation, and the examiner form."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core.changes import ChangeSet
from skilldesk.core.levels import level_name
from skilldesk.core.rules.resources import (
    EXAMINER,
    HIGHEST_LEVEL,
    MIN_EXAMINERS,
    SENIOR_EXAMINER,
    ExaminerEntry,
    examines_occupation,
)
from skilldesk.services import examiners, scope
from skilldesk.ui import last_folder
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.examiner_form import ExaminerForm
from skilldesk.ui.pages.examiner_import_dialog import ExaminerImportDialog, import_examiner_file
from skilldesk.ui.pages.outside_changes import ReloadOnOutsideChanges
from skilldesk.ui.pages.page_writes import PageWrites
from skilldesk.ui.widgets.field_findings import Banner
from skilldesk.ui.widgets.panes import resizable_panes
from skilldesk.ui.widgets.record_table import make_record_table, selected_row
from skilldesk.ui.workers import task_key

if TYPE_CHECKING:
    from skilldesk.core.store import Store
    from skilldesk.services.examiner_import import ExaminerImportResult
    from skilldesk.services.examiners import ExaminerInfo


def levels_label(grade: str) -> str:
    """`三级及以下`: the highest level the grade may examine, and all below it."""
    highest = level_name(HIGHEST_LEVEL.get(grade, HIGHEST_LEVEL[EXAMINER])).split("/")[0]
    return f"{highest}及以下"


def load_examiners(store: Store) -> tuple[list[ExaminerInfo], list[str]]:
    """The examiners, and the occupations to filter by (the certified scope's, then theirs)."""
    found = examiners.list_examiners(store)
    names = [row.occupation for row in scope.list_scope(store)]
    names += [o for e in found for o in e.fields.occupations]
    return found, list(dict.fromkeys(names))


def save_examiner(
    store: Store,
    examiner_id: int | None,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> ExaminerInfo:
    """Add the examiner (no id) or change them, from the form's values (an examiner changed
    since the form loaded them at `expected_version` is refused)."""
    fields = examiners.ExaminerFields(**values)
    if examiner_id is None:
        return examiners.add_examiner(store, fields)
    return examiners.update_examiner(store, examiner_id, fields, expected_version=expected_version)


def _shows(changes: ChangeSet) -> bool:
    return bool(changes.examiners) or changes.scope  # the filter offers the scope's occupations


class ExaminersPage(QWidget):
    """The examiner table on the left, the chosen examiner's details on the right."""

    status_message = Signal(str)
    loaded = Signal()

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.examiners: list[ExaminerInfo] = []
        self.shown: list[ExaminerInfo] = []
        self.current: ExaminerInfo | None = None
        self._select_id: int | None = None
        self._first_load = True
        self._importing: Path | None = None  # the file being imported, while it is
        self.import_dialog: ExaminerImportDialog | None = None
        self.writes = PageWrites(
            ctx,
            self,
            busy_changed=self._busy_changed,
            show_error=self._write_refused,
            reload_stale=self._reload_examiner,
        )
        self._build()
        self.outside_changes = ReloadOnOutsideChanges(self, ctx, self.reload, shows=_shows)
        self.reload()

    def _build(self) -> None:
        self.filter = QComboBox()
        self.filter.setMinimumContentsLength(10)
        self.count_label = QLabel()
        self.new_button = QPushButton(self.tr("新增考评员"))
        self.import_button = QPushButton(self.tr("从表格导入…"))
        self.import_button.setToolTip(
            self.tr(
                "读入考评员名单（.xlsx、.xls 或 .csv）：按考评员证号（没有时按姓名和出生日期）"
                "对应已登记的人，新增或更新，表中空着的不会清除已登记的内容"
            )
        )
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("考评职业：")))
        top.addWidget(self.filter)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.import_button)
        headers = [
            self.tr("姓名"),
            self.tr("性别"),
            self.tr("年龄"),
            self.tr("工作单位"),
            self.tr("职称"),
            self.tr("考评员证号"),
            self.tr("等级"),
            self.tr("可执评"),
            self.tr("考评职业"),
        ]
        self.table = make_record_table(headers)
        self.table.placeholder = self.tr(
            "还没有考评员。\n在右侧填写姓名、等级和考评职业后点击「保存」，"
            "或点击「从表格导入…」读入已有的考评员名单。"
        )
        self.coverage = Banner()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.coverage)

        self.form = form = ExaminerForm()
        self.delete_button = QPushButton(self.tr("删除"))
        self.save_button = QPushButton(self.tr("保存"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        self.form_box = QGroupBox(self.tr("考评员信息"))
        box_layout = QVBoxLayout(self.form_box)
        box_layout.addWidget(form, 1)
        box_layout.addLayout(buttons)

        splitter = resizable_panes(left, self.form_box, sizes=(780, 340), stretch=(1, 0))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.addWidget(splitter, 1)

        self.filter.currentIndexChanged.connect(self._apply_filter)
        self.table.itemSelectionChanged.connect(self._examiner_chosen)
        self.new_button.clicked.connect(self.new_examiner)
        self.import_button.clicked.connect(self.choose_import_file)
        self.save_button.clicked.connect(self.save)
        save_key = QShortcut(QKeySequence.StandardKey.Save, self)  # Ctrl+S, as on every form
        save_key.activated.connect(
            lambda: self.save_button.click() if self.save_button.isEnabled() else None
        )
        self.delete_button.clicked.connect(self.delete)
        self.show_examiner(None)

    # -- loading and filtering ------------------------------------------------------------------

    def unsaved_edits(self) -> str | None:
        """What closing the window would lose, in words; None if nothing."""
        if not self.form.dirty:
            return None
        name = self.form.name.text().strip() or self.tr("新考评员")
        return self.tr("考评员“{name}”").format(name=name)

    def reload(self) -> None:
        self._ctx.tasks.run(
            partial(load_examiners, self._ctx.workspace.store),
            self._loaded,
            key=task_key(self, "examiners"),
            parent=self,
        )

    def _loaded(self, result: tuple[list[ExaminerInfo], list[str]]) -> None:
        self.examiners, occupations = result
        chosen = self.filter.currentData()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(self.tr("全部"), None)
        for name in occupations:
            self.filter.addItem(name, name)
        self.filter.setCurrentIndex(max(0, self.filter.findData(chosen)))
        self.filter.blockSignals(False)
        self._apply_filter()
        self.loaded.emit()

    def _apply_filter(self) -> None:
        occupation = self.filter.currentData()
        wanted = (
            self._select_id
            if self._select_id is not None
            else (self.current.id if self.current else None)
        )
        self._select_id = None
        self.shown = [
            e
            for e in self.examiners
            if not occupation or examines_occupation(e.entry(), occupation, None)
        ]
        today = dt.date.today()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.shown))
        for row, examiner in enumerate(self.shown):
            f = examiner.fields
            age = examiner.age(today)
            cells = (
                f.name,
                f.gender or "",
                "" if age is None else str(age),
                f.unit or "",
                f.title or "",
                f.badge_number or "",
                f.grade,
                levels_label(f.grade),
                "、".join(f.occupations),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.blockSignals(False)
        ids = [e.id for e in self.shown]
        if wanted not in ids and not self.form.dirty and self.current is None and self._first_load:
            wanted = ids[0] if ids else None
        self._first_load = False
        if wanted in ids:
            self.table.blockSignals(True)
            self.table.selectRow(ids.index(wanted))
            self.table.blockSignals(False)
            if not self.form.dirty:
                self.show_examiner(self.shown[ids.index(wanted)])
        self.count_label.setText(self.tr("  共 {n} 人").format(n=len(self.shown)))
        self._show_coverage(occupation)

    def _show_coverage(self, occupation: str | None) -> None:
        """For one occupation: how many may examine each level, against the minimum of three."""
        if not occupation:
            self.coverage.clear_message()
            return
        entries = [ExaminerEntry(e.name, e.grade, e.fields.occupations) for e in self.shown]
        low = len(entries)
        high = sum(1 for e in entries if e.grade == SENIOR_EXAMINER)
        text = self.tr("“{o}”：可执评三级及以下 {low} 人，可执评二级、一级 {high} 人。").format(
            o=occupation, low=low, high=high
        )
        if low < MIN_EXAMINERS:
            text += self.tr("不足 {n} 人，不能开展该职业的认定。").format(n=MIN_EXAMINERS)
            self.coverage.show_message(text, "error")
        elif high < MIN_EXAMINERS:
            text += self.tr("二级、一级须由高级考评员执评，目前不足 {n} 人。").format(
                n=MIN_EXAMINERS
            )
            self.coverage.show_message(text, "warning")
        else:
            self.coverage.show_message(text, "ok")

    # -- the form -------------------------------------------------------------------------------

    def _examiner_chosen(self) -> None:
        row = selected_row(self.table)
        if row is not None and row < len(self.shown):
            self.show_examiner(self.shown[row])

    def new_examiner(self) -> None:
        self.table.clearSelection()
        self.show_examiner(None)
        self.form.name.setFocus()

    def show_examiner(self, examiner: ExaminerInfo | None) -> None:
        self.current = examiner
        self.form.show_examiner(examiner, self.filter.currentData())
        title = self.tr("考评员信息 — {name}").format(name=examiner.name) if examiner else None
        self.form_box.setTitle(title or self.tr("新增考评员"))
        self.delete_button.setEnabled(examiner is not None and not self.writes.busy)

    def save(self) -> None:
        if self.writes.busy:
            return
        if self.form.mark_missing():
            return
        values = self.form.values()
        current = self.current
        examiner_id, loaded = (current.id, current.version) if current else (None, None)
        self.writes.run(
            partial(save_examiner, self._ctx.workspace.store, examiner_id, values, loaded),
            self._done,
        )

    def _reload_examiner(self) -> None:
        """The examiner on screen read again, over the form's edits (the user chose to)."""
        if self.current is not None:
            self._select_id = self.current.id
        self.form.dirty = False  # given up: the reload may fill the form
        self.reload()

    def delete(self) -> None:
        examiner = self.current
        if examiner is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("删除考评员"),
            self.tr("确定删除考评员“{name}”吗？已安排在评价计划中的，也会从计划中去掉。").format(
                name=examiner.name
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.writes.run(
                partial(_delete_examiner, self._ctx.workspace.store, examiner.id), self._done
            )

    def _done(self, examiner: ExaminerInfo | None) -> None:
        if examiner is None:
            self.status_message.emit(self.tr("已删除考评员。"))
            self.show_examiner(None)
        else:
            self._select_id = examiner.id
            self.show_examiner(examiner)
            self.status_message.emit(self.tr("考评员“{name}”已保存。").format(name=examiner.name))
        self.reload()

    def _busy_changed(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy)

    def _write_refused(self, message: str) -> None:
        path, self._importing = self._importing, None
        if path is None:
            self.form.show_error(message)
            return
        QMessageBox.warning(
            self,
            self.tr("无法导入考评员名单"),
            self.tr("{message}\n\n考评员未做任何改动。").format(message=message),
        )

    # -- import ---------------------------------------------------------------------------------

    def choose_import_file(self) -> None:
        path = last_folder.open_file(
            self,
            self._ctx.workspace.data_dir,
            "tables",
            self.tr("导入考评员名单"),
            self.tr("表格 (*.xlsx *.xls *.csv);;所有文件 (*)"),
        )
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        """Import `path` on the write queue, then list what became of each row."""
        if self.writes.busy:
            return
        self._importing = path
        self.status_message.emit(self.tr("正在导入 {file}…").format(file=path.name))
        self.writes.run(
            partial(import_examiner_file, self._ctx.workspace.store, path), self._imported
        )

    def _imported(self, result: ExaminerImportResult) -> None:
        self._importing = None
        self.status_message.emit(
            self.tr("已导入「{file}」：新增 {a} 人，更新 {u} 人，未导入 {r} 行。").format(
                file=result.file, a=result.added, u=result.updated, r=result.refused
            )
        )
        self.reload()
        self.import_dialog = ExaminerImportDialog(result, self)
        self.import_dialog.open()


def _delete_examiner(store: Store, examiner_id: int) -> None:
    examiners.delete_examiner(store, examiner_id)
