"""Date and date-time fields that may stay empty: a tick to fill them in, a calendar popup,
and the day's weekday and holiday shown beside them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QDateTimeEdit, QHBoxLayout, QLabel, QWidget

from skilldesk.core.workdays import holiday_name, is_covered, is_makeup_workday, is_workday

EMPTY_DATE = QDate(2000, 1, 1)  # shown as 未填写 (Qt's special-value idiom for "no value")
EMPTY = QDateTime(EMPTY_DATE, QTime(0, 0))


def to_qdatetime(value: dt.datetime) -> QDateTime:
    return QDateTime(
        QDate(value.year, value.month, value.day), QTime(value.hour, value.minute, value.second)
    )


def day_hint(day: dt.date) -> str:
    """`周四 · 国庆节`, `周六 · 调休上班`, `周日`: what a staff member checks when picking a day."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("date_fields", text)

    weekday = tr("周一 周二 周三 周四 周五 周六 周日").split()[day.weekday()]
    if not is_covered(day):
        return f"{weekday} · {tr('日历未覆盖')}"
    if is_makeup_workday(day):
        return f"{weekday} · {tr('调休上班')}"
    if not is_workday(day) and holiday_name(day):
        return f"{weekday} · {holiday_name(day)}"
    return weekday


class OptionalDateTimeEdit(QWidget):
    """A QDateTimeEdit (or QDateEdit with `date_only`) with a tick box: unticked means empty."""

    changed = Signal()

    def __init__(
        self,
        *,
        date_only: bool = False,
        default_time: dt.time = dt.time(0, 0),
        suggest: Callable[[], dt.date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.date_only = date_only
        self.default_time = default_time
        self.suggest = suggest or dt.date.today
        self.check = QCheckBox()
        self.check.setToolTip(self.tr("勾选后填写；不勾选表示暂不填写"))
        self.edit: QDateTimeEdit = QDateEdit() if date_only else QDateTimeEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd" if date_only else "yyyy-MM-dd HH:mm")
        self.edit.setMinimumDateTime(EMPTY)
        self.edit.setSpecialValueText(self.tr("未填写"))
        self.edit.setMinimumWidth(
            self.edit.fontMetrics().horizontalAdvance("0000-00-00 00:00") + 48
        )
        self.hint = QLabel()
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        widest = day_hint(dt.date(2099, 1, 2))  # a Friday the calendar cannot know: the longest
        self.hint.setMinimumWidth(self.hint.fontMetrics().horizontalAdvance(widest) + 4)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.check.toggled.connect(self._toggled)
        self.edit.dateTimeChanged.connect(self._edited)
        self._set_empty()

    def place_marker(self, marker: QWidget) -> None:
        """Put a finding marker right after the date, before the weekday hint."""
        layout = self.layout()
        assert isinstance(layout, QHBoxLayout)
        layout.insertWidget(layout.indexOf(self.hint), marker)

    def focus_target(self) -> QWidget:
        return self.edit if self.check.isChecked() else self.check

    def value(self) -> dt.datetime | dt.date | None:
        if not self.check.isChecked():
            return None
        value = self.edit.dateTime().toPython()
        assert isinstance(value, dt.datetime)
        return value.date() if self.date_only else value.replace(microsecond=0)

    def set_value(self, value: dt.datetime | dt.date | None) -> None:
        self.blockSignals(True)
        self.check.blockSignals(True)
        try:
            if value is None:
                self._set_empty()
            else:
                if not isinstance(value, dt.datetime):
                    value = dt.datetime.combine(value, self.default_time)
                self.check.setChecked(True)
                self.edit.setEnabled(True)
                self.edit.setDateTime(to_qdatetime(value))
                self._show_hint()
        finally:
            self.check.blockSignals(False)
            self.blockSignals(False)

    def _set_empty(self) -> None:
        self.check.setChecked(False)
        self.edit.setDateTime(EMPTY)
        self.edit.setEnabled(False)
        self.hint.clear()

    def _toggled(self, on: bool) -> None:
        if on:
            self.edit.setEnabled(True)
            if self.edit.date() == EMPTY_DATE:
                suggested = dt.datetime.combine(self.suggest(), self.default_time)
                self.edit.setDateTime(to_qdatetime(suggested))
            self.edit.setFocus()
        else:
            self._set_empty()
        self._show_hint()
        self.changed.emit()

    def _edited(self) -> None:
        self._show_hint()
        if self.check.isChecked():
            self.changed.emit()

    def _show_hint(self) -> None:
        value = self.value()
        if value is None:
            self.hint.clear()
            return
        self.hint.setText(day_hint(value.date() if isinstance(value, dt.datetime) else value))
