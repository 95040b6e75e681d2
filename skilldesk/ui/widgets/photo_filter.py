"""The line above the photo grid: the problem filter (with counts), where the photos come from,
and how many files, matches, errors and warnings there are."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from skilldesk.core.findings import count_by_severity
from skilldesk.ui.models.photo_model import filter_label

if TYPE_CHECKING:
    from skilldesk.ui.models.photo_model import PhotoGridModel


class PhotoFilterBar(QWidget):
    """Emits `filter_chosen(key)`: "all", "errors", "warnings", "unmatched" or a finding code."""

    filter_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self.tr("筛选："))
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(14)
        self.source = QLabel()
        self.source.setStyleSheet("color: palette(placeholder-text);")
        self.counts = QLabel()
        self.counts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        layout.addWidget(self.source, 1)
        layout.addWidget(self.counts)
        self.combo.currentIndexChanged.connect(
            lambda _index: self.filter_chosen.emit(self.combo.currentData() or "all")
        )
        self.set_filter_visible(False)

    def set_filter_visible(self, visible: bool) -> None:
        self.label.setVisible(visible)
        self.combo.setVisible(visible)

    def fill(self, model: PhotoGridModel) -> str:
        """Offer the filters the batch has, keeping the current one if it still applies."""
        current = model.filter_key
        self.combo.blockSignals(True)
        self.combo.clear()
        counts = model.filter_counts()
        for position, (key, count) in enumerate(counts):
            first_code = key.startswith("PHOTO_") and not counts[position - 1][0].startswith(
                "PHOTO_"
            )
            if position and first_code:
                self.combo.insertSeparator(self.combo.count())
            self.combo.addItem(f"{filter_label(key)}（{count}）", key)
        self.combo.setCurrentIndex(max(self.combo.findData(current), 0))
        self.combo.blockSignals(False)
        return str(self.combo.currentData() or "all")

    def select(self, key: str) -> None:
        index = self.combo.findData(key)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def show_source(self, path: Path) -> None:
        kind = self.tr("压缩包") if path.suffix.lower() == ".zip" else self.tr("文件夹")
        self.source.setText(self.tr("{kind}：{path}").format(kind=kind, path=path))
        self.source.setToolTip(str(path))

    def show_counts(self, model: PhotoGridModel) -> None:
        check = model.check
        if check is None:
            self.counts.clear()
            return
        total = model.file_count
        if model.filter_key != "all":
            parts = [self.tr("显示 {n} / {total} 个文件").format(n=model.rowCount(), total=total)]
        else:
            parts = [self.tr("{total} 个文件").format(total=total)]
        if check.candidates is not None:
            # People, not files: two files of one candidate are one person matched.
            matched = len({p.candidate.id_number for p in check.files if p.candidate is not None})
            parts.append(
                self.tr("对上名单 {matched}/{n} 人").format(matched=matched, n=check.candidates)
            )
        errors, warnings = count_by_severity(check.findings)
        parts.append(self.tr("{e} 个错误 · {w} 个警告").format(e=errors, w=warnings))
        self.counts.setText(" · ".join(parts))
