"""What the photos page's buttons do: rename as proposed (and undo), make compliant copies,
import into the plan — each confirmed first, run in the background with progress and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from skilldesk.core.findings import ERROR
from skilldesk.services.photo_copies import make_compliant_copies
from skilldesk.services.photo_fixes import (
    apply_renames,
    plan_renames,
    renamed_zip_path,
    undo_file_for,
    undo_renames,
    write_renamed_zip,
)
from skilldesk.services.photo_store import import_photos
from skilldesk.ui.workers import ProgressWork, describe_error

if TYPE_CHECKING:
    from skilldesk.services.photo_copies import CopyReport
    from skilldesk.services.photo_fixes import RenamedZip, RenameResult, UndoResult
    from skilldesk.services.photo_store import PhotoImport
    from skilldesk.services.plans import PlanSummary
    from skilldesk.ui.context import AppContext
    from skilldesk.ui.pages.photos_page import PhotosPage
    from skilldesk.ui.widgets.photo_dialogs import CopyReportDialog

Result = TypeVar("Result")

SHOWN = 8  # refusals listed in a message box; the rest are counted


def _tr(text: str) -> str:
    return QCoreApplication.translate("PhotosPage", text)


def _listed(lines: list[str], items: list[tuple[str, str]], heading: str) -> None:
    if not items:
        return
    lines += ["", heading]
    lines += [f"「{file}」：{reason}" for file, reason in items[:SHOWN]]
    if len(items) > SHOWN:
        lines.append(_tr("…… 共 {n} 个").format(n=len(items)))


class PhotoActions:
    """The page's fixing actions; state (busy, undo list) lives on the page."""

    def __init__(self, page: PhotosPage, ctx: AppContext) -> None:
        self.page = page
        self.ctx = ctx
        self.last_copy_report: CopyReport | None = None
        self.last_import: PhotoImport | None = None
        self.copy_dialog: CopyReportDialog | None = None

    def _run(
        self,
        fn: ProgressWork[Result],
        label: str,
        on_done: Callable[[Result], object],
        *,
        writes: bool = False,
    ) -> None:
        """Run one action; the page is busy (its buttons wait) until it is done."""
        self.ctx.tasks.run_with_progress(
            fn,
            on_done,
            key=self.page.action_key,
            writes=writes,
            progress_label=label,
            parent=self.page.window(),
            on_failure=lambda exc: self.failed(_tr("操作未完成"), exc),
            on_cancel=lambda: self.cancelled(_tr("已取消，照片和数据都保持原样。")),
            source=self.page,  # it reloads its own rows; the roster page hears of the change
        )

    def failed(self, title: str, exc: BaseException) -> None:
        QMessageBox.warning(self.page, title, describe_error(exc))

    def cancelled(self, message: str) -> None:
        self.page.status_message.emit(message)

    # -- rename ---------------------------------------------------------------------------------

    def rename_by_suggestion(self) -> None:
        from skilldesk.ui.widgets.photo_dialogs import RenameDialog

        page, check, roster = self.page, self.page.model.check, self.page.roster()
        if check is None or not roster or page.source is None:
            return
        plan = plan_renames(check, roster)
        if not plan.proposals:
            lines = [_tr("没有可以按名单自动改名的文件。")]
            _listed(lines, [(r.file, r.reason) for r in plan.refused], _tr("无法自动改名的文件："))
            QMessageBox.information(page, _tr("按建议重命名"), "\n".join(lines))
            return
        source = page.source
        is_zip = source.suffix.lower() == ".zip"
        if not RenameDialog.ask(page, plan, is_zip=is_zip):
            return
        if is_zip:
            chosen, _filter = QFileDialog.getSaveFileName(
                page,
                _tr("另存改名后的压缩包"),
                str(renamed_zip_path(source)),
                _tr("压缩包 (*.zip)"),
            )
            if not chosen:
                return
            out = Path(chosen) if chosen.lower().endswith(".zip") else Path(chosen + ".zip")
            self._run(
                partial(write_renamed_zip, source, plan.proposals, out),
                _tr("正在另存改名后的压缩包…"),
                self._zip_written,
            )
            return
        undo = undo_file_for(self.ctx.workspace.data_dir)
        self._run(
            partial(apply_renames, source, plan.proposals, undo),
            _tr("正在重命名…"),
            self._renamed,
        )

    def _renamed(self, result: RenameResult) -> None:
        page = self.page
        if result.undo_file is not None:
            page.undo_file, page.undo_folder = result.undo_file, result.folder
            page.undo_count = len(result.renamed)
        page.status_message.emit(
            _tr("已重命名 {n} 个文件，可点击「撤销重命名」恢复原名。").format(n=len(result.renamed))
        )
        if result.refused:
            lines = [_tr("已重命名 {n} 个文件。").format(n=len(result.renamed))]
            _listed(lines, [(r.file, r.reason) for r in result.refused], _tr("未改名的文件："))
            QMessageBox.warning(page, _tr("部分文件未改名"), "\n".join(lines))
        page.check_source(result.folder)

    def _zip_written(self, result: RenamedZip) -> None:
        lines = [
            _tr("已另存改名后的压缩包「{zip}」（改名 {n} 个文件），原压缩包没有改动。").format(
                zip=result.path, n=result.renamed
            ),
            _tr("现在检查新的压缩包。"),
        ]
        _listed(lines, [(s.file, s.reason) for s in result.skipped], _tr("未放入新压缩包的文件："))
        QMessageBox.information(self.page, _tr("按建议重命名"), "\n".join(lines))
        self.page.check_source(result.path)

    def undo_rename(self) -> None:
        page = self.page
        if page.undo_file is None:
            return
        answer = QMessageBox.question(
            page,
            _tr("撤销重命名"),
            _tr("把上次改名的 {n} 个文件恢复为原来的文件名？").format(n=page.undo_count),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run(partial(undo_renames, page.undo_file), _tr("正在恢复原文件名…"), self._undone)

    def _undone(self, result: UndoResult) -> None:
        page = self.page
        page.undo_file = page.undo_folder = None
        page.status_message.emit(_tr("已恢复 {n} 个文件的原名。").format(n=len(result.restored)))
        if result.refused:
            lines = [_tr("已恢复 {n} 个文件的原名。").format(n=len(result.restored))]
            _listed(lines, [(r.file, r.reason) for r in result.refused], _tr("未能恢复的文件："))
            QMessageBox.warning(page, _tr("部分文件未恢复"), "\n".join(lines))
        page.check_source(result.folder)

    # -- compliant copies -----------------------------------------------------------------------

    def make_copies(self) -> None:

        page, check = self.page, self.page.model.check
        if check is None or page.source is None:
            return
        out = QFileDialog.getExistingDirectory(
            page,
            _tr("选择存放合规副本的文件夹（原照片不会被改动）"),
            str(page.source.parent),
        )
        if not out:
            return
        roster = page.roster()
        renames = plan_renames(check, roster).proposals if roster else []
        self._run(
            partial(make_compliant_copies, check, Path(out), renames=renames),
            _tr("正在生成合规副本…"),
            self._copies_done,
        )

    def _copies_done(self, report: CopyReport) -> None:
        from skilldesk.ui.widgets.photo_dialogs import CopyReportDialog

        self.last_copy_report = report
        self.page.status_message.emit(
            _tr("合规副本已保存到 {folder}：重新编码 {re} 个，无法修复 {failed} 个。").format(
                folder=report.out_dir,
                re=report.count("reencoded"),
                failed=report.count("failed"),
            )
        )
        if self.copy_dialog is not None:
            self.copy_dialog.deleteLater()
        self.copy_dialog = CopyReportDialog(report, self.page)
        self.copy_dialog.open()  # window-modal, without blocking: the list can stay open

    # -- import ---------------------------------------------------------------------------------

    def import_to_plan(self) -> None:
        page, check, plan = self.page, self.page.model.check, self.page.current_plan
        if check is None or plan is None:
            return
        accepted = sum(
            1
            for p in check.files
            if p.candidate is not None and not any(f.severity == ERROR for f in p.findings)
        )
        others = len(check.files) - accepted
        if not accepted:
            QMessageBox.information(
                page,
                _tr("导入到计划"),
                _tr("没有可以导入的照片：照片需要没有错误，并对应到本计划名单中的考生。"),
            )
            return
        answer = QMessageBox.question(
            page,
            _tr("导入到计划"),
            _tr(
                "把 {n} 张合格的照片导入到“{plan}”？\n"
                "有错误或没有对应到名单的 {others} 个文件不会导入；"
                "已有照片的考生将换成这次的照片。"
            ).format(n=accepted, plan=plan.title, others=others),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        workspace = self.ctx.workspace
        self._run(
            partial(import_photos, workspace.store, workspace.photos_dir, check, plan.id),
            _tr("正在导入照片…"),
            lambda result: self._imported(plan, result),
            writes=True,
        )

    def _imported(self, plan: PlanSummary, result: PhotoImport) -> None:
        self.last_import = result
        summary = _tr(
            "新增 {new} 张，替换 {replaced} 张，未变 {same} 张，未导入 {refused} 张。"
        ).format(
            new=len(result.imported),
            replaced=len(result.replaced),
            same=len(result.unchanged),
            refused=len(result.refused),
        )
        lines = [_tr("照片已导入到“{plan}”。").format(plan=plan.title), summary]
        _listed(lines, [(r.file, r.reason) for r in result.refused], _tr("未导入的文件："))
        self.page.status_message.emit(summary)
        self.page.load_plan_rows()
        QMessageBox.information(self.page, _tr("导入完成"), "\n".join(lines))
