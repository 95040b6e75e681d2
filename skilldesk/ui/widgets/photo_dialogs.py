"""Dialogs of the photos page: confirming proposed renames, and the compliant-copies report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from skilldesk.core.rules.photo_rename import RenamePlan
    from skilldesk.services.photo_copies import CopyReport

_FAILED = QColor("#c62828")
_REENCODED = QColor("#1565c0")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    table.resizeColumnsToContents()
    for column in range(len(headers) - 1):
        table.setColumnWidth(column, min(table.columnWidth(column) + 12, 300))
    return table


class RenameDialog(QDialog):
    """Every proposed rename, and every file left alone with the reason, before anything happens."""

    def __init__(self, plan: RenamePlan, *, is_zip: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("按建议重命名"))
        count = len(plan.proposals)
        if is_zip:
            intro = self.tr(
                "将按名单把 {n} 个文件改为“证件号码+姓名”的名字。压缩包本身不会被改动："
                "会另存一个改好名的新压缩包。"
            ).format(n=count)
        else:
            intro = self.tr(
                "将按名单把 {n} 个文件改为“证件号码+姓名”的名字，不会覆盖任何已有文件。"
                "改名后可点击「撤销重命名」恢复原名。"
            ).format(n=count)
        label = QLabel(intro)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.proposals = _table(
            [self.tr("原文件名"), self.tr("新文件名"), self.tr("依据")],
            [(p.file, p.new_file, p.reason) for p in plan.proposals],
        )
        layout.addWidget(self.proposals, 3)
        self.refused: QTableWidget | None = None
        if plan.refused:
            layout.addWidget(
                QLabel(self.tr("以下 {n} 个文件无法自动改名：").format(n=len(plan.refused)))
            )
            self.refused = _table(
                [self.tr("文件"), self.tr("原因")], [(r.file, r.reason) for r in plan.refused]
            )
            layout.addWidget(self.refused, 2)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(
            self.tr("另存改名后的压缩包…")
            if is_zip
            else self.tr("重命名 {n} 个文件").format(n=count)
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(860, 520)

    @classmethod
    def ask(cls, parent: QWidget | None, plan: RenamePlan, *, is_zip: bool) -> bool:
        return cls(plan, is_zip=is_zip, parent=parent).exec() == QDialog.DialogCode.Accepted


class CopyReportDialog(QDialog):
    """What making compliant copies did to each file: re-encoded, copied, or why not."""

    def __init__(self, report: CopyReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("合规副本"))
        self.out_dir = Path(report.out_dir)
        summary = self.tr(
            "已重新编码 {re} 个，原样复制 {copied} 个，无法修复 {failed} 个。"
            "副本保存在「{folder}」，原照片没有任何改动。"
        ).format(
            re=report.count("reencoded"),
            copied=report.count("copied"),
            failed=report.count("failed"),
            folder=report.out_dir,
        )
        if report.count("reencoded"):
            summary += self.tr(
                "\n“已重新编码”的照片内容经过重新压缩（必要时放大、转正或转为RGB色彩），"
                "没有裁剪、没有修改人像或背景。"
            )
        label = QLabel(summary)
        label.setWordWrap(True)
        order = {"failed": 0, "reencoded": 1, "skipped": 3, "copied": 2}
        outcomes = sorted(report.outcomes, key=lambda o: (order[o.status], o.file.casefold()))
        rows = []
        for outcome in outcomes:
            detail = outcome.reason or "；".join(outcome.changes)
            if outcome.remaining:
                problems = "；".join(f.message for f in outcome.remaining)
                detail = (detail + "；" if detail else "") + self.tr("仍有问题：") + problems
            rows.append((outcome.file, outcome.status_text, outcome.new_file or "", detail))
        self.table = _table(
            [self.tr("文件"), self.tr("结果"), self.tr("副本文件名"), self.tr("说明")], rows
        )
        for r, outcome in enumerate(outcomes):
            colour = {"failed": _FAILED, "reencoded": _REENCODED}.get(outcome.status)
            if colour is not None:
                item = self.table.item(r, 1)
                assert item is not None
                item.setForeground(colour)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        open_folder = buttons.addButton(
            self.tr("打开文件夹"), QDialogButtonBox.ButtonRole.ActionRole
        )
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.out_dir)))
        )
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(900, 520)
