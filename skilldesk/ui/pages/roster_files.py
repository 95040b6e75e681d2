"""Importing and exporting roster workbooks from the roster page: the file dialogs, the work in
the background, and the report afterwards."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from skilldesk.services import roster
from skilldesk.ui import last_folder
from skilldesk.ui.context import AppContext
from skilldesk.ui.widgets.saved_notice import announce_saved
from skilldesk.ui.workers import describe_error, task_key

if TYPE_CHECKING:
    from skilldesk.files.roster_export import Layout
    from skilldesk.services.plans import PlanSummary
    from skilldesk.services.roster import ImportResult
    from skilldesk.ui.models.roster_model import RosterTableModel

ROSTER_SUFFIXES = (".xlsx", ".xls", ".csv")
SKIPPED_SHOWN = 8  # rows left out of an import that the report lists; the rest are counted


def is_roster_file(path: Path) -> bool:
    return path.suffix.lower() in ROSTER_SUFFIXES


class RosterFiles(QObject):
    """Imports a workbook into the current plan and exports the plan's roster in the platform's
    or the training layout. One import at a time; the roster is unchanged unless it succeeds."""

    status_message = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        page: QWidget,
        *,
        current_plan: Callable[[], PlanSummary | None],
        model: RosterTableModel,
    ) -> None:
        super().__init__(page)
        self._ctx, self._page = ctx, page
        self._current_plan = current_plan
        self._model = model
        self._import_key = task_key(self, "import")

    # -- import ---------------------------------------------------------------------------------

    def choose_import_file(self) -> None:
        if self._current_plan() is None:
            return
        path = last_folder.open_file(
            self._page,
            self._ctx.workspace.data_dir,
            "rosters",
            self.tr("导入考生名册"),
            self.tr("名册文件 (*.xlsx *.xls *.csv);;所有文件 (*)"),
        )
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        plan = self._current_plan()
        if plan is None:
            QMessageBox.information(
                self._page,
                self.tr("导入名册"),
                self.tr("请先新建或选择一个评价计划，再导入名册。"),
            )
            return
        if self._ctx.tasks.is_running(self._import_key):
            self.status_message.emit(self.tr("上一个名册还在导入，请稍候。"))
            return
        self.status_message.emit(self.tr("正在导入 {file}…").format(file=path.name))
        # No source: the page reloads the plan list and the table from the announcement.
        self._ctx.tasks.run_with_progress(
            partial(roster.import_roster_file, self._ctx.workspace.store, path, plan.id),
            lambda result: self._import_done(plan, path, result),
            key=self._import_key,
            writes=True,
            progress_label=self.tr("正在导入名册 {file}…").format(file=path.name),
            parent=self._page.window(),
            on_failure=lambda exc: self._import_failed(path, exc),
            on_cancel=self._import_cancelled,
        )

    def _import_done(self, plan: PlanSummary, path: Path, result: ImportResult) -> None:
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
            lines.append(self.tr("未导入的行（按 Excel 中的行号）："))
            for finding in result.skipped[:SKIPPED_SHOWN]:
                # The file's rows, not the table's: the page's row header numbers the table.
                lines.append(
                    self.tr("Excel 第{row}行：{message}").format(
                        row=finding.row, message=finding.message
                    )
                )
            if len(result.skipped) > SKIPPED_SHOWN:
                lines.append(self.tr("…… 共 {n} 行").format(n=len(result.skipped)))
        self.status_message.emit(lines[1])
        QMessageBox.information(self._page, self.tr("导入完成"), "\n".join(lines))

    def _import_failed(self, path: Path, exc: BaseException) -> None:
        self.status_message.emit(self.tr("未能导入 {file}，名册未改动。").format(file=path.name))
        QMessageBox.warning(
            self._page,
            self.tr("无法导入名册"),
            self.tr("{message}\n\n名册未做任何改动。").format(message=describe_error(exc)),
        )

    def _import_cancelled(self) -> None:
        self.status_message.emit(self.tr("已取消导入，名册未改动。"))

    # -- export ---------------------------------------------------------------------------------

    def export_roster(self) -> None:
        plan, model = self._current_plan(), self._model
        if plan is None or model.plan_id != plan.id:
            return
        if model.candidate_count == 0:
            QMessageBox.information(
                self._page, self.tr("导出"), self.tr("本计划还没有考生，没有可导出的内容。")
            )
            return
        layouts: dict[str, tuple[Layout, str]] = {
            self.tr("报名信息表（平台批量导入格式）"): ("registration", self.tr("报名信息表")),
            self.tr("花名册（学员花名册）"): ("training", self.tr("花名册")),
        }
        choice, ok = QInputDialog.getItem(
            self._page, self.tr("导出名册"), self.tr("导出哪一种表？"), list(layouts), 0, False
        )
        if not ok or choice not in layouts:
            return
        layout, short_name = layouts[choice]
        if model.error_count:
            answer = QMessageBox.question(
                self._page,
                self.tr("导出名册"),
                self.tr("本计划还有 {errors} 个错误，平台导入时可能被退回。仍要导出吗？").format(
                    errors=model.error_count
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        data_dir = self._ctx.workspace.data_dir
        name = f"{plan.occupation}{short_name}.xlsx"
        suggested = last_folder.suggested_path(data_dir, "exports", name, Path.home())
        path, _filter = QFileDialog.getSaveFileName(
            self._page,
            self.tr("导出{name}").format(name=short_name),
            suggested,
            self.tr("Excel 工作簿 (*.xlsx)"),
        )
        if not path:
            return
        last_folder.remember(data_dir, "exports", path)
        out = Path(path)
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        self._ctx.tasks.run(
            partial(roster.export_plan_roster, self._ctx.workspace.store, plan.id, layout, out),
            lambda count: self._exported(
                self.tr("已导出 {count} 名考生到 {file}").format(count=count, file=out), out
            ),
            progress_label=self.tr("正在导出{name}…").format(name=short_name),
            parent=self._page.window(),
            on_failure=self._export_failed,
        )

    def _exported(self, text: str, out: Path) -> None:
        self.status_message.emit(text)
        announce_saved(self._page, self.tr("导出名册"), text, out)

    def _export_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self._page, self.tr("导出失败"), describe_error(exc))
