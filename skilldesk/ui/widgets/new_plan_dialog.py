"""The dialog that starts a new evaluation plan from the two things it needs first: the
occupation and the level (used by the roster and plan pages), with the certified scope at hand."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from skilldesk.core.levels import LEVEL_NAMES

if TYPE_CHECKING:
    from skilldesk.core.store import Store
    from skilldesk.ui.context import AppContext

ScopeLevels = Mapping[str, tuple[int, ...]]  # occupation → the levels the scope covers


def scope_levels(store: Store) -> dict[str, tuple[int, ...]]:
    """The certified scope by occupation (background work: reads the store)."""
    from skilldesk.services.scope import scope_entries

    levels: dict[str, set[int]] = {}
    for entry in scope_entries(store):
        levels.setdefault(entry.occupation, set()).update(entry.levels)
    return {name: tuple(sorted(found, reverse=True)) for name, found in levels.items()}


def ask_new_plan(ctx: AppContext, parent: QWidget, then: Callable[[str, int], None]) -> None:
    """Read the scope in the background, ask for occupation and level, and pass them on."""

    def ask(scope: ScopeLevels | None) -> None:
        answer = NewPlanDialog.ask(parent, scope)
        if answer is not None:
            then(*answer)

    ctx.tasks.run(
        partial(scope_levels, ctx.workspace.store),
        ask,
        on_failure=lambda _exc: ask(None),  # the dialog works without the scope too
        parent=parent,
    )


class NewPlanDialog(QDialog):
    """Asks for what a new evaluation plan needs first: the occupation and the level.

    With the certified scope, the occupation completes from it and the dialog says which
    levels the scope covers for it, before a plan is made that its check would refuse.
    """

    def __init__(self, parent: QWidget | None = None, scope: ScopeLevels | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建评价计划"))
        self._scope = dict(scope or {})
        self.occupation = QLineEdit()
        self.occupation.setPlaceholderText(
            self.tr("如：{name}").format(name=next(iter(self._scope), "电工"))
        )
        if self._scope:
            completer = QCompleter(list(self._scope), self)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            self.occupation.setCompleter(completer)
        self.level = QComboBox()
        for level in sorted(LEVEL_NAMES, reverse=True):
            self.level.addItem(LEVEL_NAMES[level], level)
        self.scope_note = QLabel()
        self.scope_note.setWordWrap(True)
        # Room for two lines from the start: a wrapped label does not grow its dialog later.
        self.scope_note.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 4)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setText(self.tr("创建"))
        self._ok.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.occupation.textChanged.connect(self._occupation_changed)
        self.level.currentIndexChanged.connect(self._show_scope)
        form = QFormLayout(self)
        form.addRow(self.tr("职业（工种）："), self.occupation)
        form.addRow(self.tr("等级："), self.level)
        form.addRow("", self.scope_note)
        form.addRow(buttons)
        self.setMinimumWidth(460)
        self._show_scope()

    def _occupation_changed(self, text: str) -> None:
        self._ok.setEnabled(bool(text.strip()))
        levels = self._scope.get(text.strip())
        if levels and self.level.currentData() not in levels:
            self.level.setCurrentIndex(self.level.findData(levels[0]))  # its first, as listed
        self._show_scope()

    def _show_scope(self) -> None:
        """Say whether the chosen occupation and level lie in the certified scope."""
        name = self.occupation.text().strip()
        if not self._scope:
            text, color = (
                self.tr("还没有录入认定范围（在「机构信息」页录入或导入附件13）。"),
                "gray",
            )
        elif not name:
            text, color = self.tr("可从认定范围中选择职业。"), "gray"
        elif name not in self._scope:
            text, color = self.tr("“{name}”不在本机构的认定范围内。").format(name=name), "#a1261c"
        else:
            levels = self._scope[name]
            shown = "、".join(LEVEL_NAMES[level] for level in levels)
            if self.level.currentData() in levels:
                text, color = self.tr("认定范围内的等级：{levels}").format(levels=shown), "#1e6b35"
            else:
                text = self.tr("该等级不在认定范围内（可选：{levels}）。").format(levels=shown)
                color = "#a1261c"
        self.scope_note.setText(text)
        self.scope_note.setStyleSheet(f"color: {color};")

    def values(self) -> tuple[str, int]:
        return self.occupation.text().strip(), int(self.level.currentData())

    @classmethod
    def ask(
        cls, parent: QWidget | None, scope: ScopeLevels | None = None
    ) -> tuple[str, int] | None:
        dialog = cls(parent, scope)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()
