"""The dialog for one certified-scope row (认定范围): occupation, code, work type, levels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core.levels import LEVEL_NAMES
from skilldesk.core.rules import institution as rules
from skilldesk.ui.widgets.field_findings import FieldForm

if TYPE_CHECKING:
    from skilldesk.services.scope import ScopeRow

ScopeValues = tuple[str, str | None, str | None, str]  # occupation, code, work type, levels


class ScopeRowDialog(QDialog):
    """One scope row: occupation, its code, the work type and the levels filed."""

    def __init__(self, row: ScopeRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新增认定范围") if row is None else self.tr("修改认定范围"))
        self.form = FieldForm()
        self.occupation = QLineEdit(row.occupation if row else "")
        self.occupation.setPlaceholderText(self.tr("如：电工"))
        self.code = QLineEdit(row.occupation_code or "" if row else "")
        self.code.setPlaceholderText(self.tr("如：6-31-01-03"))
        self.work_type = QLineEdit(row.work_type or "" if row else "")
        self.work_type.setPlaceholderText(self.tr("没有工种可留空"))
        levels = QWidget()
        box = QHBoxLayout(levels)
        box.setContentsMargins(0, 0, 0, 0)
        self.level_boxes: dict[int, QCheckBox] = {}
        for level in sorted(LEVEL_NAMES, reverse=True):
            check = QCheckBox(LEVEL_NAMES[level].split("/")[0])
            check.setToolTip(LEVEL_NAMES[level])
            check.setChecked(bool(row and level in row.levels))
            self.level_boxes[level] = check
            box.addWidget(check)
        box.addStretch(1)
        self.form.add_field("occupation", self.tr("职业名称"), self.occupation)
        self.form.add_field("code", self.tr("职业编码"), self.code)
        self.form.add_field("work_type", self.tr("工种"), self.work_type)
        self.form.add_field("levels", self.tr("等级"), levels)
        if row is not None and not row.levels:
            self.form.set_message(
                "levels",
                self.tr("原填写“{text}”无法识别，请重新勾选。").format(text=row.levels_text),
                "warning",
            )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def values(self) -> ScopeValues:
        levels = [level for level, check in self.level_boxes.items() if check.isChecked()]
        code = rules.normalize_scope_code(self.code.text())
        return (
            self.occupation.text().strip(),
            code or None,
            self.work_type.text().strip() or None,
            rules.format_levels(levels),
        )

    def try_accept(self) -> None:
        occupation, code, _work_type, levels = self.values()
        self.form.clear_messages()
        ok = True
        if not occupation:
            self.form.set_message("occupation", self.tr("请填写职业名称。"))
            ok = False
        if not code or not rules.scope_code_ok(code):
            self.form.set_message(
                "code",
                self.tr("职业编码应为 1-23-45-67 的样式（如 4-03-02-01，见《职业分类大典》）。"),
            )
            ok = False
        if not levels:
            self.form.set_message("levels", self.tr("请至少勾选一个等级。"))
            ok = False
        if ok:
            self.accept()
