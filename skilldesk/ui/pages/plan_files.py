"""Export and import of plan files (JSON) from the plan page: the dialogs and the background work."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from skilldesk.services import plan_exchange
from skilldesk.ui import last_folder
from skilldesk.ui.context import AppContext
from skilldesk.ui.widgets.saved_notice import announce_saved
from skilldesk.ui.workers import describe_error

if TYPE_CHECKING:
    from skilldesk.core.store import Store
    from skilldesk.services.plan_exchange import PlanImport
    from skilldesk.services.plan_state import PlanState


def export_plan(store: Store, plan_id: int, path: Path) -> int:
    """Write the plan file; returns the number of sessions written."""
    return len(plan_exchange.export_plan_file(store, plan_id, path).sessions)


class PlanFiles(QObject):
    """Asks where, runs the export or import in the background, reports how it went.

    `imported` carries the id of the plan the file went into (new or updated).
    """

    imported = Signal(int)
    status_message = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        page: QWidget,
        *,
        current: Callable[[], PlanState | None],
        dirty: Callable[[], bool],
        save_then: Callable[[Callable[[], None]], None],
        may_discard: Callable[[], bool],
    ) -> None:
        super().__init__(page)
        self._ctx, self._page = ctx, page
        self._current, self._dirty = current, dirty
        self._save_then, self._may_discard = save_then, may_discard

    def export(self) -> None:
        state = self._current()
        if state is None:
            return
        data_dir = self._ctx.workspace.data_dir
        name = f"{state.details.title}评价计划.json"
        suggested = last_folder.suggested_path(data_dir, "plans", name, Path.home())
        path, _filter = QFileDialog.getSaveFileName(
            self._page, self.tr("导出计划文件"), suggested, self.tr("计划文件 (*.json)")
        )
        if not path:
            return
        last_folder.remember(data_dir, "plans", path)
        out = Path(path) if path.lower().endswith(".json") else Path(path + ".json")
        plan_id = state.details.id
        if self._dirty():  # the file holds what is saved: save the form first
            self._save_then(lambda: self._export(plan_id, out))
        else:
            self._export(plan_id, out)

    def _export(self, plan_id: int, out: Path) -> None:
        self._ctx.tasks.run(
            partial(export_plan, self._ctx.workspace.store, plan_id, out),
            lambda count: self._exported(
                self.tr("已导出计划文件 {file}（{count} 场考试）").format(file=out, count=count),
                out,
            ),
            parent=self._page,
            on_failure=lambda exc: self._failed(self.tr("导出失败"), describe_error(exc)),
        )

    def import_(self) -> None:
        source = last_folder.open_file(
            self._page,
            self._ctx.workspace.data_dir,
            "plans",
            self.tr("导入计划文件"),
            self.tr("计划文件 (*.json);;所有文件 (*)"),
        )
        if source is None:
            return
        target = None
        state = self._current()
        if state is not None:
            update = self.tr("更新当前计划“{title}”（时间安排和考试场次以文件为准）").format(
                title=state.details.title
            )
            choices = [update, self.tr("新建一个评价计划")]
            choice, ok = QInputDialog.getItem(
                self._page, self.tr("导入计划文件"), self.tr("导入到哪里？"), choices, 0, False
            )
            if not ok:
                return
            if choice == update:
                if not self._may_discard():
                    return
                target = state.details.id
        self._ctx.tasks.run(
            partial(
                plan_exchange.import_plan_file, self._ctx.workspace.store, source, plan_id=target
            ),
            lambda result: self._imported(source, result),
            writes=True,
            parent=self._page,
            source=self._page,
            on_failure=lambda exc: self._failed(
                self.tr("无法导入计划文件"),
                self.tr("{message}\n\n计划未做任何改动。").format(message=describe_error(exc)),
            ),
        )

    def _exported(self, text: str, out: Path) -> None:
        self.status_message.emit(text)
        announce_saved(self._page, self.tr("导出计划文件"), text, out)

    def _failed(self, title: str, message: str) -> None:
        QMessageBox.warning(self._page, title, message)

    def _imported(self, path: Path, result: PlanImport) -> None:
        if result.created:
            text = self.tr("已从 {file} 新建计划“{title}”（{n} 场考试）。")
        else:
            text = self.tr("已用 {file} 更新计划“{title}”（{n} 场考试）。")
        self.status_message.emit(
            text.format(file=path.name, title=result.plan.title, n=result.sessions)
        )
        self.imported.emit(result.plan.id)
