"""The dialog that starts a new evaluation plan from the two things it needs first: the
occupation and the level (used by the roster and plan pages)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from skilldesk.core.levels import LEVEL_NAMES


class NewPlanDialog(QDialog):
    """Asks for what a new evaluation plan needs first: the occupation and the level."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建评价计划"))
        self.occupation = QLineEdit()
        self.occupation.setPlaceholderText(self.tr("如：电工"))
        self.level = QComboBox()
        for level in sorted(LEVEL_NAMES, reverse=True):
            self.level.addItem(LEVEL_NAMES[level], level)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setText(self.tr("创建"))
        self._ok.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.occupation.textChanged.connect(lambda t: self._ok.setEnabled(bool(t.strip())))
        form = QFormLayout(self)
        form.addRow(self.tr("职业（工种）："), self.occupation)
        form.addRow(self.tr("等级："), self.level)
        form.addRow(buttons)
        self.setMinimumWidth(340)

    def values(self) -> tuple[str, int]:
        return self.occupation.text().strip(), int(self.level.currentData())

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[str, int] | None:
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()
