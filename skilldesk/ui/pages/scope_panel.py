"""The certified scope (认定范围) on the 机构信息 page: the table, row edits, attachment-13 import."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core.rules import institution as rules
from skilldesk.services import scope
from skilldesk.ui import last_folder
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.scope_dialog import ScopeRowDialog
from skilldesk.ui.widgets.field_findings import TEXT_COLORS
from skilldesk.ui.widgets.record_table import make_record_table, selected_row
from skilldesk.ui.workers import describe_error, task_key

if TYPE_CHECKING:
    from skilldesk.core.store import Store
    from skilldesk.services.scope import ScopeImportResult, ScopeRow
    from skilldesk.ui.pages.scope_dialog import ScopeValues

FINDINGS_SHOWN = 8


def save_scope_row(store: Store, row_id: int | None, values: ScopeValues) -> None:
    """Add the row (no id) or change it."""
    if row_id is None:
        scope.add_scope_row(store, *values)
    else:
        scope.update_scope_row(store, row_id, *values)


class ScopePanel(QGroupBox):
    """The scope table; rows whose code or levels are malformed are marked red."""

    status_message = Signal(str)
    changed = Signal()
    loaded = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, source: object | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("认定范围（附件13）"))
        self._ctx = ctx
        self._source = source if source is not None else self  # who shows the panel's writes
        self.rows: list[ScopeRow] = []
        self._has_institution = True
        self.add_button = QPushButton(self.tr("新增…"))
        self.edit_button = QPushButton(self.tr("修改…"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.import_button = QPushButton(self.tr("从附件13导入…"))
        self.import_button.setToolTip(
            self.tr("读入《机构信息与认定范围清单》（附件13）：以文件为准更新认定范围")
        )
        top = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            top.addWidget(button)
        top.addStretch(1)
        top.addWidget(self.import_button)
        self.table = make_record_table(
            [self.tr("职业名称"), self.tr("职业编码"), self.tr("工种"), self.tr("等级")], stretch=0
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.add_button.clicked.connect(lambda: self.edit_row(None))
        self.edit_button.clicked.connect(self.edit_current)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.delete_button.clicked.connect(self.delete_row)
        self.import_button.clicked.connect(self.choose_import_file)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def set_has_institution(self, present: bool) -> None:
        self._has_institution = present
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.current_row() is not None
        self.add_button.setEnabled(self._has_institution)
        self.add_button.setToolTip(
            "" if self._has_institution else self.tr("请先填写并保存机构信息，再添加认定范围。")
        )
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def current_row(self) -> ScopeRow | None:
        index = selected_row(self.table)
        return self.rows[index] if index is not None and index < len(self.rows) else None

    # -- loading --------------------------------------------------------------------------------

    def reload(self) -> None:
        self._ctx.tasks.run(
            partial(scope.list_scope, self._ctx.workspace.store),
            self._show,
            key=task_key(self, "rows"),
            parent=self,
        )

    def _show(self, rows: list[ScopeRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        problems = 0
        for index, row in enumerate(rows):
            findings = rules.check_scope_row(row.occupation, row.occupation_code, row.levels_text)
            bad = {f.field: f.message for f in findings}
            problems += bool(findings)
            cells = (
                (row.occupation, None),
                (row.occupation_code or "", bad.get("occupation_code")),
                (row.work_type or "", None),
                (row.levels_text, bad.get("levels")),
            )
            for column, (text, problem) in enumerate(cells):
                item = QTableWidgetItem(text)
                if problem:
                    item.setBackground(QBrush(QColor("#fdecea")))
                    item.setForeground(QBrush(QColor(TEXT_COLORS["error"])))
                    item.setToolTip(problem)
                self.table.setItem(index, column, item)
        if not rows:
            self.summary.setText(
                self.tr("还没有认定范围。可逐行新增，或点击「从附件13导入…」读入备案清单。")
            )
        elif problems:
            self.summary.setText(
                self.tr("共 {n} 行，其中 {bad} 行的编码或等级有误（红色，悬停查看原因）。").format(
                    n=len(rows), bad=problems
                )
            )
        else:
            self.summary.setText(self.tr("共 {n} 行。").format(n=len(rows)))
        self._update_buttons()
        self.loaded.emit()

    # -- edits ----------------------------------------------------------------------------------

    def edit_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.edit_row(row)

    def edit_row(self, row: ScopeRow | None) -> None:
        """Add a row (`None`) or change `row`, through the row dialog."""
        dialog = ScopeRowDialog(row, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._write(
            partial(
                save_scope_row, self._ctx.workspace.store, row.id if row else None, dialog.values()
            ),
            self.tr("认定范围已保存。"),
        )

    def delete_row(self) -> None:
        row = self.current_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("删除认定范围"),
            self.tr("确定从认定范围中删除“{name}”吗？").format(name=row.occupation),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._write(
                partial(scope.delete_scope_row, self._ctx.workspace.store, row.id),
                self.tr("已删除“{name}”。").format(name=row.occupation),
            )

    def _write(self, fn: Callable[[], None], done: str) -> None:
        def finished(_result: object) -> None:
            self.status_message.emit(done)
            self.reload()
            self.changed.emit()

        self._ctx.tasks.run(
            fn, finished, writes=True, parent=self, on_failure=self._not_saved, source=self._source
        )

    def _not_saved(self, exc: BaseException) -> None:
        QMessageBox.warning(self, self.tr("未保存"), describe_error(exc))

    # -- import ---------------------------------------------------------------------------------

    def choose_import_file(self) -> None:
        path = last_folder.open_file(
            self,
            self._ctx.workspace.data_dir,
            "tables",
            self.tr("导入认定范围（附件13）"),
            self.tr("Excel 表格 (*.xlsx *.xls);;所有文件 (*)"),
        )
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        if self.rows:
            answer = QMessageBox.question(
                self,
                self.tr("导入认定范围"),
                self.tr(
                    "导入以文件为准：文件中有的职业新增或更新，文件中没有的将从认定范围中删除。"
                    "继续导入「{file}」吗？"
                ).format(file=path.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._ctx.tasks.run(
            partial(scope.import_scope_file, self._ctx.workspace.store, path, replace=True),
            lambda result: self._imported(path, result),
            writes=True,
            progress_label=self.tr("正在导入 {file}…").format(file=path.name),
            parent=self.window(),
            on_failure=self._import_failed,
            source=self._source,
        )

    def _import_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(
            self,
            self.tr("无法导入认定范围"),
            self.tr("{message}\n\n认定范围未做任何改动。").format(message=describe_error(exc)),
        )

    def _imported(self, path: Path, result: ScopeImportResult) -> None:
        lines = [
            self.tr("已导入「{file}」。").format(file=path.name),
            self.tr(
                "新增 {added} 行，更新 {updated} 行，未变 {unchanged} 行，删除 {removed} 行。"
            ).format(
                added=result.added,
                updated=result.updated,
                unchanged=result.unchanged,
                removed=result.removed,
            ),
        ]
        if result.institution_created:
            lines.append(self.tr("已按文件中的机构名称等信息建立机构信息，请补全其余各项。"))
        if result.findings:
            lines.append("")
            lines.append(self.tr("以下各行已导入，但需要核对（表中标红）："))
            for finding in result.findings[:FINDINGS_SHOWN]:
                lines.append(
                    self.tr("第{row}行：{message}").format(row=finding.row, message=finding.message)
                )
            if len(result.findings) > FINDINGS_SHOWN:
                lines.append(self.tr("…… 共 {n} 条").format(n=len(result.findings)))
        self.status_message.emit(lines[1])
        self.reload()
        self.changed.emit()
        QMessageBox.information(self, self.tr("导入完成"), "\n".join(lines))
