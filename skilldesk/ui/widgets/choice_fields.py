"""Small choice fields of the plan form: 是/否 as radio buttons, and the examiner checklist."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QWidget,
)

from skilldesk.core.rules.resources import examines_occupation

if TYPE_CHECKING:
    from skilldesk.services.examiners import ExaminerInfo


class YesNo(QWidget):
    """是 / 否 as two radio buttons."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.yes, self.no = QRadioButton(self.tr("是")), QRadioButton(self.tr("否"))
        group = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.yes, self.no):
            group.addButton(button)
            layout.addWidget(button)
        self.no.setChecked(True)
        self.yes.toggled.connect(lambda _on: self.changed.emit())

    def value(self) -> bool:
        return self.yes.isChecked()

    def set_value(self, on: bool) -> None:
        (self.yes if on else self.no).setChecked(True)


class ExaminerChecklist(QListWidget):
    """Every examiner on file, ticked when assigned; those for the plan's occupation first."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def load(
        self,
        examiners: Sequence[ExaminerInfo],
        assigned: Sequence[int],
        occupation: str,
        work_type: str | None,
    ) -> None:
        self.blockSignals(True)
        try:
            self.clear()

            def fits(info: ExaminerInfo) -> bool:
                return examines_occupation(info.entry(), occupation, work_type)

            for info in sorted(examiners, key=lambda e: (not fits(e), e.id)):
                occupations = "、".join(info.fields.occupations) or self.tr("未登记职业")
                text = f"{info.name} · {info.grade}（{info.levels_label}） · {occupations}"
                if not fits(info):
                    text += self.tr("（未登记执评本职业）")
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, info.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                ticked = info.id in assigned
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                if not fits(info):
                    item.setForeground(QColor("#757575"))
                self.addItem(item)
            if not examiners:
                item = QListWidgetItem(self.tr("还没有登记考评员。"))
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                self.addItem(item)
        finally:
            self.blockSignals(False)

    def checked_ids(self) -> tuple[int, ...]:
        items = (self.item(i) for i in range(self.count()))
        return tuple(
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.data(Qt.ItemDataRole.UserRole) is not None
            and item.checkState() == Qt.CheckState.Checked
        )
