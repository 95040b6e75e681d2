"""The selected photo beside its candidate: a larger preview, the file's facts and findings in
plain Chinese, and the matched roster row."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from skilldesk.core.findings import ERROR

if TYPE_CHECKING:
    from skilldesk.services.photo_store import PlanPhoto
    from skilldesk.services.photos import PhotoFile

PREVIEW_SIZE = 200  # the box the preview fits in; thumbnails of this size are cached
_ERROR_MARK = '<span style="color:#c62828">●</span>'
_WARNING_MARK = '<span style="color:#e0a100">▲</span>'

CANDIDATE_FIELDS = (
    ("row", "名单行号"),
    ("name", "姓名"),
    ("id_number", "证件号码"),
    ("gender", "性别"),
    ("birth_date", "出生日期"),
    ("education", "文化程度"),
    ("employer", "所在单位"),
    ("phone", "手机号码"),
)


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PhotoDetail(QWidget):
    """Shows one photo; the page hands it the file, the candidate's row and the preview."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW_SIZE * 390 // 567 + 8, PREVIEW_SIZE)
        self.preview.setStyleSheet("background: #f2f2f2; color: #777; border-radius: 3px;")

        self.file_name = _value_label()
        self.size_label = _value_label()
        self.pixels = _value_label()
        self.state = _value_label()
        facts = QFormLayout()
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        facts.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        facts.addRow(self.tr("大小："), self.size_label)
        facts.addRow(self.tr("宽×高："), self.pixels)
        facts.addRow(self.tr("导入："), self.state)
        beside = QHBoxLayout()
        beside.setSpacing(10)
        beside.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        beside.addLayout(facts, 1)
        name_row = QFormLayout()
        name_row.addRow(self.tr("文件名："), self.file_name)

        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.findings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.findings.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.candidate_box = QGroupBox(self.tr("名单中的考生"))
        form = QFormLayout(self.candidate_box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.candidate_values: dict[str, QLabel] = {}
        for attr, label in CANDIDATE_FIELDS:
            value = _value_label()
            self.candidate_values[attr] = value
            form.addRow(self.tr(label) + "：", value)
        self.no_candidate = QLabel()
        self.no_candidate.setWordWrap(True)
        self.no_candidate.setStyleSheet("color: palette(placeholder-text);")
        form.addRow(self.no_candidate)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 4, 0)
        layout.setSpacing(8)
        layout.addLayout(beside)
        layout.addLayout(name_row)
        layout.addWidget(self.findings)
        layout.addWidget(self.candidate_box)
        layout.addStretch(1)
        self.show_photo(None, None, "")

    def show_photo(self, photo: PhotoFile | None, row: PlanPhoto | None, state: str) -> None:
        """`row` is the candidate the photo belongs to (None: not matched); `state` says
        whether it is the candidate's photo in the plan."""
        has_photo = photo is not None
        for widget in (self.file_name, self.size_label, self.pixels, self.state):
            widget.clear()
        self.set_preview(None, loading=False)
        self.candidate_box.setVisible(has_photo)
        if photo is None:
            self.findings.setText(self.tr("选择一张照片，查看详细信息。"))
            return
        self.file_name.setText(photo.name)
        self.size_label.setText(self.tr("{kb} KB").format(kb=f"{photo.size / 1024:.1f}"))
        if photo.width and photo.height:
            self.pixels.setText(self.tr("{w}×{h} 像素").format(w=photo.width, h=photo.height))
        else:
            self.pixels.setText(self.tr("未知"))
        self.state.setText(state)
        self.findings.setText(self._findings_html(photo))
        for attr, value in self.candidate_values.items():
            text = "" if row is None else getattr(row, attr)
            value.setText("" if text is None else str(text))
        self._show_candidate_rows(row is not None)
        if row is None:
            self.no_candidate.setText(
                self.tr("没有对应到本计划名单中的考生。可按文件名中的证件号码核对名单。")
            )

    def _show_candidate_rows(self, visible: bool) -> None:
        form = self.candidate_box.layout()
        assert isinstance(form, QFormLayout)
        for row in range(len(CANDIDATE_FIELDS)):
            form.setRowVisible(row, visible)
        self.no_candidate.setVisible(not visible)

    def _findings_html(self, photo: PhotoFile) -> str:
        if not photo.findings:
            return self.tr('<span style="color:#2e7d32">✔</span> 没有发现问题。')
        items = []
        for finding in photo.findings:
            mark = _ERROR_MARK if finding.severity == ERROR else _WARNING_MARK
            items.append(f"<p style='margin:0 0 4px 0'>{mark} {html.escape(finding.message)}</p>")
        return "".join(items)

    def set_preview(self, pixmap: QPixmap | None, *, loading: bool) -> None:
        if pixmap is not None and not pixmap.isNull():
            self.preview.setPixmap(pixmap)
            return
        self.preview.setPixmap(QPixmap())
        self.preview.setText(self.tr("正在加载…") if loading else "")
