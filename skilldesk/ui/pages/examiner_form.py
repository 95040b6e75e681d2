"""The examiner form on the 考评员 page: who the examiner is, their grade and occupations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from skilldesk.core.rules.resources import EXAMINER, MIN_EXAMINERS, SENIOR_EXAMINER
from skilldesk.ui.widgets.field_findings import FieldForm
from skilldesk.ui.widgets.filing_widgets import OptionalDateEdit

if TYPE_CHECKING:
    from skilldesk.services.examiners import ExaminerInfo

TEXTS = ("name", "unit", "title", "badge_number")


class ExaminerForm(FieldForm):
    """One examiner's details; `dirty` once the user has changed something."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dirty = False
        self.name = QLineEdit()
        self.gender = QComboBox()
        for text, value in (
            (self.tr("（未填）"), None),
            (self.tr("男"), "男"),
            (self.tr("女"), "女"),
        ):
            self.gender.addItem(text, value)
        self.birth_date = OptionalDateEdit()
        self.unit = QLineEdit()
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("如：高级讲师、技师"))
        self.badge_number = QLineEdit()
        self.grade = QComboBox()
        self.grade.addItem(self.tr("考评员（三级及以下）"), EXAMINER)
        self.grade.addItem(self.tr("高级考评员（所有等级）"), SENIOR_EXAMINER)
        self.occupations = QLineEdit()
        self.occupations.setPlaceholderText(self.tr("如：电工、焊工"))
        self.add_field("name", self.tr("姓名"), self.name)
        self.add_field("gender", self.tr("性别"), self.gender)
        self.add_field("birth_date", self.tr("出生日期"), self.birth_date)
        self.add_field("unit", self.tr("工作单位"), self.unit, aliases=[self.tr("单位")])
        self.add_field("title", self.tr("职称"), self.title)
        self.add_field("badge_number", self.tr("考评员证号"), self.badge_number)
        self.add_field("grade", self.tr("考评员等级"), self.grade, aliases=[self.tr("等级")])
        self.add_field(
            "occupations",
            self.tr("考评职业"),
            self.occupations,
            hint=self.tr("多个职业（工种）用顿号“、”分隔"),
        )
        self.grade_note = QLabel(
            self.tr(
                "考评员可对三级/高级工及以下等级执行考评；高级考评员可对一级/高级技师及以下，"
                "即所有等级执行考评。每个职业（工种）配备的考评人员不得少于 {n} 人。"
            ).format(n=MIN_EXAMINERS)
        )
        self.grade_note.setWordWrap(True)
        self.grade_note.setStyleSheet("color: palette(placeholder-text);")
        self.add_wide(self.grade_note)
        for key in (*TEXTS, "occupations"):
            getattr(self, key).textEdited.connect(self._edited)
        for combo in (self.gender, self.grade):
            combo.activated.connect(self._edited)
        self.birth_date.dateChanged.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        self.dirty = True

    def show_examiner(self, examiner: ExaminerInfo | None, occupation: str | None = None) -> None:
        """Fill the form; a new examiner (`None`) starts with `occupation` filled in."""
        f = examiner.fields if examiner else None
        for key in TEXTS:
            getattr(self, key).setText(getattr(f, key, None) or "")
        self.gender.setCurrentIndex(max(0, self.gender.findData(f.gender if f else None)))
        self.grade.setCurrentIndex(max(0, self.grade.findData(f.grade if f else EXAMINER)))
        self.birth_date.set_value(f.birth_date if f else None)
        default = [occupation] if occupation else []
        self.occupations.setText("、".join(f.occupations if f else default))
        self.clear_messages()
        self.dirty = False

    def values(self) -> dict[str, Any]:
        """The form as `ExaminerFields` keyword arguments."""
        values: dict[str, Any] = {key: getattr(self, key).text().strip() or None for key in TEXTS}
        values["name"] = values["name"] or ""
        values.update(
            gender=self.gender.currentData(),
            grade=self.grade.currentData(),
            birth_date=self.birth_date.value(),
            occupations=self.occupations.text(),
        )
        return values

    def mark_missing(self) -> bool:
        """Mark a missing name or occupation list; True when something is missing."""
        self.clear_messages()
        values = self.values()
        if not values["name"]:
            self.set_message("name", self.tr("请填写考评员姓名。"))
        if not values["occupations"].strip():
            self.set_message("occupations", self.tr("请填写可考评的职业（工种）。"))
        return bool(self.problem_keys())
