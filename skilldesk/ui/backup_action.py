"""The window's 备份 action: the whole workspace to a .zip the user chooses, in the background."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from skilldesk.services.backup import make_backup
from skilldesk.ui import last_folder
from skilldesk.ui.workers import describe_error

if TYPE_CHECKING:
    from skilldesk.services.backup import BackupResult
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
        show_status(
            _tr(
                "已备份到 {path}（{size:.1f} MB，照片 {photos} 张；含个人信息，请妥善保管）"
            ).format(path=result.path, size=size, photos=result.photos)
        )

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
