"""A form's save refused because its copy is older than the store (another page or the command
line changed the record meanwhile): say so in the service's words and offer to load the newer
record. The user's edits are dropped only if they choose 重新载入."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from skilldesk.core.unit_of_work import StaleRecord


def _tr(text: str) -> str:
    return QCoreApplication.translate("stale_copy", text)


def offer_reload(
    parent: QWidget,
    exc: BaseException,
    reload: Callable[[], None],
    *,
    keep: Callable[[], None] = lambda: None,
) -> bool:
    """For a StaleRecord: show its message and call `reload` if the user chooses 重新载入, else
    `keep`; True. Any other error is left to the caller: False."""
    if not isinstance(exc, StaleRecord):
        return False
    box = QMessageBox(QMessageBox.Icon.Warning, _tr("未保存"), str(exc), parent=parent)
    reload_button = box.addButton(_tr("重新载入"), QMessageBox.ButtonRole.AcceptRole)
    keep_button = box.addButton(_tr("保留我的修改"), QMessageBox.ButtonRole.RejectRole)
    box.setInformativeText(
        _tr("「重新载入」显示最新的内容，你未保存的修改会丢失；「保留我的修改」则不做改动。")
    )
    box.setDefaultButton(keep_button)  # a stray Enter must not throw the user's edits away
    box.setEscapeButton(keep_button)
    box.exec()
    if box.clickedButton() is reload_button:
        reload()
    else:
        keep()
    return True
