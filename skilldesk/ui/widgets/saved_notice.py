"""The confirmation of a file the user saved, shown over the window (not only in the status
bar, which can be far from where they look), with 打开文件 and 打开文件夹."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("saved_notice", text)


def open_path(path: Path) -> bool:
    """Open a file or folder with the program the system gives it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def announce_saved(parent: QWidget, title: str, text: str, path: Path) -> QMessageBox:
    """Say `text` over `parent`'s window without blocking; `path` is the file (or folder) saved.

    A folder is offered as 打开文件夹 only. The box closes itself after a button is pressed.
    """
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.setObjectName("saved_notice")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    folder = path if path.is_dir() else path.parent
    if not path.is_dir():
        open_file = box.addButton(_tr("打开文件"), QMessageBox.ButtonRole.ActionRole)
        open_file.clicked.connect(lambda: open_path(path))
    open_folder = box.addButton(_tr("打开文件夹"), QMessageBox.ButtonRole.ActionRole)
    open_folder.clicked.connect(lambda: open_path(folder))
    box.setDefaultButton(box.addButton(_tr("关闭"), QMessageBox.ButtonRole.RejectRole))
    box.open()  # window-modal without blocking: the work behind it is done already
    return box
