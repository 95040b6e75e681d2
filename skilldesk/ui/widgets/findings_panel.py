"""A list of findings with a one-line summary; choosing one asks for its field to be shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from skilldesk.core.findings import ERROR, Finding, count_by_severity
from skilldesk.ui.widgets.finding_marker import severity_icon

KEY_ROLE = Qt.ItemDataRole.UserRole
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


class FindingsPanel(QWidget):
    """Errors first, then warnings; `chosen` carries the field key of the finding clicked."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemClicked.connect(self._choose)
        self.list.itemActivated.connect(self._choose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)

    def set_findings(
        self, findings: Sequence[Finding], key_of: Callable[[Finding], str | None], rules: str
    ) -> None:
        self.list.clear()
        ordered = sorted(findings, key=lambda f: f.severity != ERROR)
        for finding in ordered:
            item = QListWidgetItem(severity_icon(finding.severity), finding.message)
            key = key_of(finding)
            item.setData(KEY_ROLE, key)
            item.setData(FINDING_ROLE, finding.code)
            hint = self.tr("点击定位到对应的填写项") if key else self.tr("与计划整体有关")
            item.setToolTip(f"{finding.code} · {hint}")
            self.list.addItem(item)
        errors, warnings = count_by_severity(findings)
        if findings:
            counts = self.tr("{errors} 个错误 · {warnings} 个警告").format(
                errors=errors, warnings=warnings
            )
        else:
            counts = self.tr("没有发现问题")
        self.title.setText(
            self.tr("<b>核对结果</b>：{counts}<br>按“{rules}”规则；点击一条定位到填写项。").format(
                counts=counts, rules=rules
            )
        )

    def codes(self) -> list[str]:
        return [self.list.item(i).data(FINDING_ROLE) for i in range(self.list.count())]

    def _choose(self, item: QListWidgetItem) -> None:
        key = item.data(KEY_ROLE)
        if key:
            self.chosen.emit(key)
