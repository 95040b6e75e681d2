"""The annual scheme's form (实施方案, attachment 8): items, texts, question sources, personnel."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core.findings import Finding
from skilldesk.core.rules import institution as rules
from skilldesk.core.rules.resources import MAX_SELF_MADE_SHARE, check_self_made_share
from skilldesk.ui.widgets.field_findings import FieldForm
from skilldesk.ui.widgets.filing_widgets import DateDelegate

if TYPE_CHECKING:
    from skilldesk.services.schemes import SchemeInfo

TEXTS = ("conditions", "content", "methods", "question_sources", "notes")
PEOPLE = ("staff", "examiners", "supervisors")
ITEM_COLUMNS = ("occupation", "work_type", "levels", "planned_start", "planned_end", "note")
DATE_COLUMNS = (3, 4)
# Where check_scheme's findings go: Finding.field → form field.
FINDING_FIELDS = {"self_made_share": "share", "level": "items"}
_BAD = QBrush(QColor("#fdecea"))


def _text_edit(placeholder: str, height: int = 64) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(height)
    edit.setTabChangesFocus(True)
    return edit


def _names(text: str) -> list[str]:
    for separator in "，,;；\n":
        text = text.replace(separator, "、")
    return [part.strip() for part in text.split("、") if part.strip()]


class SchemeForm(FieldForm):
    """Everything attachment 8 asks for; read-only unless the scheme is a draft or sent back."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editable = True
        self._filling = False
        self.title = QLineEdit()
        self.items = QTableWidget(0, len(ITEM_COLUMNS))
        self.items.setHorizontalHeaderLabels(
            [
                self.tr("职业（工种）"),
                self.tr("工种"),
                self.tr("等级（如 5、4、3）"),
                self.tr("计划开始"),
                self.tr("计划结束"),
                self.tr("备注"),
            ]
        )
        self.items.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.items.setMinimumHeight(150)
        header = self.items.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 100, 150, 110, 110)):
            self.items.setColumnWidth(column, width)
        for column in DATE_COLUMNS:
            self.items.setItemDelegateForColumn(column, DateDelegate(self.items))
        self.add_item_button = QPushButton(self.tr("添加一行"))
        self.remove_item_button = QPushButton(self.tr("删除所选行"))
        item_buttons = QHBoxLayout()
        item_buttons.setContentsMargins(0, 0, 0, 0)
        item_buttons.addWidget(self.add_item_button)
        item_buttons.addWidget(self.remove_item_button)
        item_buttons.addStretch(1)
        items_box = QWidget()
        items_layout = QVBoxLayout(items_box)
        items_layout.setContentsMargins(0, 0, 0, 0)
        items_layout.addWidget(self.items)
        items_layout.addLayout(item_buttons)

        self.conditions = _text_edit(self.tr("如：以国家职业技能标准规定的申报条件为依据"))
        self.content = _text_edit(self.tr("如：职业道德、理论知识、操作技能"))
        self.methods = _text_edit(
            self.tr("如：理论知识考试（上机）+ 操作技能考核，百分制，60 分合格")
        )
        self.question_sources = _text_edit(self.tr("如：国家题库试题与自行命题相结合"))
        self.share = QSpinBox()
        self.share.setRange(-1, 100)
        self.share.setSpecialValueText(self.tr("未填写"))
        self.share.setSuffix(" %")
        self.share.setMaximumWidth(120)
        self.staff = QLineEdit()
        self.examiners = QLineEdit()
        self.supervisors = QLineEdit()
        for edit in (self.staff, self.examiners, self.supervisors):
            edit.setPlaceholderText(self.tr("姓名，用顿号“、”分隔"))
        self.notes = _text_edit(self.tr("没有可留空"), 52)

        self.add_field("title", self.tr("方案名称"), self.title, span=2)
        self.add_heading(self.tr("一、评价职业（工种）、等级和计划评价时间"), span=2)
        self.add_field("items", "", items_box, span=2, aliases=[self.tr("评价职业"), self.tr("第")])
        self.add_heading(self.tr("二至五、申报条件、评价内容、评价方式和试题资源"), span=2)
        self.add_field("conditions", self.tr("申报条件"), self.conditions)
        self.add_field("content", self.tr("评价内容"), self.content, column=1)
        self.add_field("methods", self.tr("评价方式"), self.methods)
        self.add_field("question_sources", self.tr("试题资源"), self.question_sources, column=1)
        self.add_field(
            "share",
            self.tr("自行命题比例"),
            self.share,
            span=2,
            hint=self.tr("自行命题的试题比例原则上不得超过 {n}%").format(n=MAX_SELF_MADE_SHARE),
            aliases=[self.tr("自行命题")],
        )
        self.add_heading(self.tr("六、人员"), span=2)
        self.add_field("staff", self.tr("考务人员"), self.staff, span=2)
        self.add_field("examiners", self.tr("考评人员"), self.examiners, span=2)
        self.add_field("supervisors", self.tr("内部质量督导"), self.supervisors, span=2)
        self.add_heading(self.tr("七、其他需说明的情况"), span=2)
        self.add_field("notes", self.tr("其他"), self.notes, span=2)

        self.add_item_button.clicked.connect(self.add_item)
        self.remove_item_button.clicked.connect(self.remove_selected_items)
        self.items.itemChanged.connect(self._edited)
        self.share.valueChanged.connect(self._edited)
        self.share.valueChanged.connect(self._check_share)
        for edit in (self.title, self.staff, self.examiners, self.supervisors):
            edit.textEdited.connect(self._edited)
        for key in TEXTS:
            getattr(self, key).textChanged.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        if not self._filling:
            self.edited.emit()

    def _check_share(self, value: int) -> None:
        """SELF_MADE_SHARE as the share is typed, with the same rule 检查 applies."""
        found = check_self_made_share(None if value < 0 else value)
        if found:
            self.set_message("share", found[0].message, "error", found[0].code)
        else:
            self.clear_message("share")

    # -- showing --------------------------------------------------------------------------------

    def show_scheme(self, scheme: SchemeInfo) -> None:
        self._filling = True
        f = scheme.fields
        self.title.setText(f.title)
        self.items.setRowCount(0)
        for item in f.items:
            self._append_item(
                item.occupation,
                item.work_type or "",
                rules.format_levels(item.levels),
                item.planned_start.isoformat() if item.planned_start else "",
                item.planned_end.isoformat() if item.planned_end else "",
                item.note or "",
            )
        for key in TEXTS:
            getattr(self, key).setPlainText(getattr(f, key))
        self.share.setValue(-1 if f.self_made_share is None else f.self_made_share)
        for key in PEOPLE:
            getattr(self, key).setText("、".join(getattr(f, key)))
        self._filling = False
        self.clear_messages()
        self._check_share(self.share.value())
        self.set_editable(scheme.editable)

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        editors = [self.title, self.staff, self.examiners, self.supervisors, self.share]
        self.set_read_only(editors + [getattr(self, key) for key in TEXTS], not editable)
        triggers = QAbstractItemView.EditTrigger
        self.items.setEditTriggers(
            triggers.DoubleClicked
            | triggers.SelectedClicked
            | triggers.EditKeyPressed
            | triggers.AnyKeyPressed
            if editable
            else triggers.NoEditTriggers
        )
        self.add_item_button.setVisible(editable)
        self.remove_item_button.setVisible(editable)

    def add_item(self) -> None:
        year = dt.date.today().year
        self._append_item("", "", "5、4、3", f"{year}-03-01", f"{year}-12-31", "")
        row = self.items.rowCount() - 1
        self.items.setCurrentCell(row, 0)
        cell = self.items.item(row, 0)
        if cell is not None:
            self.items.editItem(cell)
        self._edited()

    def _append_item(self, *texts: str) -> None:
        row = self.items.rowCount()
        self.items.insertRow(row)
        for column, text in enumerate(texts):
            self.items.setItem(row, column, QTableWidgetItem(text))

    def remove_selected_items(self) -> None:
        rows = sorted({index.row() for index in self.items.selectedIndexes()}, reverse=True)
        for row in rows:
            self.items.removeRow(row)
        if rows:
            self._edited()

    # -- values ---------------------------------------------------------------------------------

    def values(self, year: int) -> tuple[dict[str, Any], list[str]]:
        """The form as `SchemeFields` keyword arguments, and the item problems found on the way."""
        items, problems = self._items()
        share = self.share.value()
        values: dict[str, Any] = {
            "year": year,
            "title": self.title.text().strip(),
            "items": items,
            "self_made_share": None if share < 0 else share,
            **{key: getattr(self, key).toPlainText() for key in TEXTS},
            **{key: tuple(_names(getattr(self, key).text())) for key in PEOPLE},
        }
        return values, problems

    def _items(self) -> tuple[list[dict[str, Any]], list[str]]:
        items, problems = [], []
        for row in range(self.items.rowCount()):
            texts = [
                (self.items.item(row, c) or QTableWidgetItem()).text().strip()
                for c in range(len(ITEM_COLUMNS))
            ]
            if not any(texts):
                continue
            data = dict(zip(ITEM_COLUMNS, texts, strict=True))
            number = row + 1
            levels = rules.parse_levels(data["levels"])
            if not data["occupation"]:
                problems.append(self.tr("第{n}行没有填写职业（工种）。").format(n=number))
            if levels is None:
                problems.append(
                    self.tr("第{n}行的等级“{t}”无法识别，请写成“5、4、3”。").format(
                        n=number, t=data["levels"]
                    )
                )
            dates = {}
            for key in ("planned_start", "planned_end"):
                try:
                    dates[key] = dt.date.fromisoformat(data[key]) if data[key] else None
                except ValueError:
                    problems.append(
                        self.tr("第{n}行的日期“{t}”应写成 2025-03-01 的样式。").format(
                            n=number, t=data[key]
                        )
                    )
                    dates[key] = None
            items.append(
                {
                    **data,
                    **dates,
                    "levels": levels or (),
                    "work_type": data["work_type"] or None,
                    "note": data["note"] or None,
                }
            )
        return items, problems

    # -- findings -------------------------------------------------------------------------------

    def show_scheme_findings(self, findings: Iterable[Finding]) -> list[Finding]:
        """Findings beside their fields (item findings say which row and mark it); the rest back."""
        for row in range(self.items.rowCount()):
            for column in range(len(ITEM_COLUMNS)):
                cell = self.items.item(row, column)
                if cell is not None:
                    cell.setBackground(QBrush())
        shown = []
        for finding in findings:
            if finding.record and finding.record.startswith("第") and finding.field == "level":
                row = int("".join(ch for ch in finding.record if ch.isdigit()) or 0) - 1
                cell = self.items.item(row, 2) if row >= 0 else None
                if cell is not None:
                    cell.setBackground(_BAD)
                    cell.setToolTip(finding.message)
                finding = dataclasses.replace(
                    finding, message=f"{finding.record}：{finding.message}"
                )
            shown.append(finding)
        return self.show_findings(shown, FINDING_FIELDS)
