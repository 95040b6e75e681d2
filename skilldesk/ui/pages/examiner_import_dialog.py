"""Importing the examiner list from a workbook: the background step, and the dialog that says,
row by row, who was added or updated and which rows were refused and why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skilldesk.ui.widgets.field_findings import TEXT_COLORS
from skilldesk.ui.widgets.record_table import make_record_table

if TYPE_CHECKING:
    from skilldesk.core.store import Store
    from skilldesk.services.examiner_import import ExaminerImportResult

# Refused rows first: they are what the user has to act on.
ORDER = ("refused", "added", "updated", "unchanged")
OUTCOME_COLORS = {"refused": TEXT_COLORS["error"], "added": TEXT_COLORS["ok"]}


def import_examiner_file(store: Store, path: Path) -> ExaminerImportResult:
    """Run in a worker: the service loads there, so the page opens without the ORM."""
    from skilldesk.services.examiner_import import import_examiners

    return import_examiners(store, path)


class ExaminerImportDialog(QDialog):
    """The outcome of one import: counts on top, then every row with its reason."""

    def __init__(self, result: ExaminerImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from skilldesk.services.examiner_import import OUTCOME_LABELS

        self.setWindowTitle(self.tr("导入考评员名单"))
        lines = [
            self.tr("已导入「{file}」（第 {row} 行为表头）：").format(
                file=result.file, row=result.header_row
            ),
            self.tr("新增 {a} 人，更新 {u} 人，未变 {n} 人，未导入 {r} 行。").format(
                a=result.added, u=result.updated, n=result.unchanged, r=result.refused
            ),
        ]
        if result.refused:
            lines.append(
                self.tr("未导入的行请在表格中改正后重新导入；已导入的人再次导入不会重复。")
            )
        lines += [f.message for f in result.findings if f.row is None]  # about the whole file
        self.summary = QLabel("\n".join(lines))
        self.summary.setWordWrap(True)

        self.table = make_record_table(
            [self.tr("行号"), self.tr("姓名"), self.tr("结果"), self.tr("说明")]
        )
        rows = sorted(result.rows, key=lambda r: (ORDER.index(r.outcome), r.row))
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            color = OUTCOME_COLORS.get(row.outcome)
            if row.outcome != "refused" and row.findings:
                color = TEXT_COLORS["warning"]
            cells = (str(row.row), row.name or "", OUTCOME_LABELS[row.outcome], row.detail)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if color and column >= 2:
                    item.setForeground(QBrush(QColor(color)))
                if column == 3:
                    item.setToolTip(text)
                self.table.setItem(index, column, item)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("关闭"))
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        close.setFocus()  # not the table, whose first cell would look chosen
        self.resize(880, 440)
