"""The window's 备份 and 恢复备份 actions: the whole workspace to a .zip the user chooses, and a
backup back into a new folder (never over the data open in the window), in the background."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QProcess, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from skilldesk.core.store import DB_FILENAME
from skilldesk.services.backup import make_backup, restore_backup
from skilldesk.ui import last_folder
from skilldesk.ui.widgets.saved_notice import announce_saved
from skilldesk.ui.workers import describe_error

if TYPE_CHECKING:
    from skilldesk.services.backup import BackupResult, RestoreResult
    from skilldesk.ui.context import AppContext


def _tr(text: str) -> str:
    return QCoreApplication.translate("backup", text)


def suggested_backup_path(today: dt.date) -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / f"SkillDesk备份-{today:%Y%m%d}.zip"


def back_up_workspace(ctx: AppContext, parent: QWidget, show_status: Callable[[str], None]) -> None:
    """Ask where, then write the backup with a progress dialog that can be cancelled."""
    data_dir = ctx.workspace.data_dir
    suggested = suggested_backup_path(dt.date.today())
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        _tr("备份数据"),
        last_folder.suggested_path(data_dir, "backup", suggested.name, suggested.parent),
        _tr("SkillDesk 备份 (*.zip)"),
    )
    if not chosen:
        return
    last_folder.remember(data_dir, "backup", chosen)
    out = Path(chosen) if chosen.lower().endswith(".zip") else Path(chosen + ".zip")

    def done(result: BackupResult) -> None:
        size = result.size_bytes / 1024 / 1024
        text = _tr(
            "已备份到 {path}（{size:.1f} MB，照片 {photos} 张；含个人信息，请妥善保管）"
        ).format(path=result.path, size=size, photos=result.photos)
        show_status(text)
        announce_saved(parent, _tr("备份完成"), text, result.path)

    def failed(exc: BaseException) -> None:
        QMessageBox.warning(parent, _tr("备份未完成"), describe_error(exc))

    ctx.tasks.run_with_progress(
        partial(make_backup, ctx.workspace, out),
        done,
        progress_label=_tr("正在备份到 {name}…").format(name=out.name),
        parent=parent,
        on_failure=failed,
        on_cancel=lambda: show_status(_tr("已取消备份，没有留下不完整的文件。")),
    )


def restore_workspace(ctx: AppContext, parent: QWidget, show_status: Callable[[str], None]) -> None:
    """Restore a backup into an empty folder the user picks, then offer to open it.

    The data open in this window is never overwritten: a mistaken restore would lose it.
    """
    data_dir = ctx.workspace.data_dir
    backup = last_folder.open_file(
        parent, data_dir, "backup", _tr("选择要恢复的备份"), _tr("SkillDesk 备份 (*.zip)")
    )
    if backup is None:
        return
    QMessageBox.information(
        parent,
        _tr("恢复备份"),
        _tr(
            "恢复不会覆盖当前窗口中的数据。\n请接着选择一个空文件夹（可新建），"
            "备份将恢复到那里，完成后可在新窗口中打开。"
        ),
    )
    chosen = QFileDialog.getExistingDirectory(
        parent, _tr("选择恢复到的空文件夹"), str(backup.parent)
    )
    if not chosen:
        return
    target = Path(chosen)
    if target.resolve() == data_dir.resolve() or (target / DB_FILENAME).exists():
        QMessageBox.warning(
            parent,
            _tr("恢复备份"),
            _tr("「{folder}」里已有 SkillDesk 数据，恢复不会覆盖它。请选择一个空文件夹。").format(
                folder=target
            ),
        )
        return

    def done(result: RestoreResult) -> None:
        text = _tr("已把备份（{created}，照片 {photos} 张）恢复到 {folder}。").format(
            created=result.created or _tr("时间不详"), photos=result.photos, folder=result.data_dir
        )
        show_status(text)
        answer = QMessageBox.question(
            parent, _tr("恢复完成"), text + "\n\n" + _tr("现在在新窗口中打开它吗？")
        )
        if answer == QMessageBox.StandardButton.Yes:
            open_in_new_window(result.data_dir)

    ctx.tasks.run_with_progress(
        partial(restore_backup, backup, target),
        done,
        progress_label=_tr("正在恢复 {name}…").format(name=backup.name),
        parent=parent,
        on_failure=lambda exc: QMessageBox.warning(parent, _tr("恢复未完成"), describe_error(exc)),
        on_cancel=lambda: show_status(_tr("已取消恢复，没有留下不完整的数据。")),
    )


def open_in_new_window(data_dir: Path) -> bool:
    """Start another SkillDesk window on `data_dir` (this one stays on its own data)."""
    if getattr(sys, "frozen", False):  # the bundled program is SkillDesk itself
        program, arguments = sys.executable, ["--data-dir", str(data_dir)]
    else:
        program, arguments = sys.executable, ["-m", "skilldesk", "--data-dir", str(data_dir)]
    started, _pid = QProcess.startDetached(program, arguments)
    return bool(started)
