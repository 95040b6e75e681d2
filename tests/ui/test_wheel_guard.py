"""The mouse wheel scrolls the page; it never changes a date, number or choice the user is not in."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from skilldesk.ui.main_window import MainWindow
from skilldesk.ui.wheel_guard import install_wheel_guard

DOWN = -120  # one notch towards the user


def wheel(widget: QWidget, notches: int = 1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y())))),
        QPoint(0, 0),
        QPoint(0, DOWN * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def tall_page(qtbot: Any) -> tuple[QScrollArea, QDateEdit, QSpinBox, QComboBox]:
    install_wheel_guard(QApplication.instance())
    inner = QWidget()
    layout = QVBoxLayout(inner)
    date, number, choice = QDateEdit(QDate(2027, 1, 16)), QSpinBox(), QComboBox()
    number.setValue(5)
    choice.addItems(["一", "二", "三"])
    choice.setCurrentIndex(1)
    layout.addWidget(date)
    layout.addWidget(number)
    layout.addWidget(choice)
    layout.addSpacing(3000)  # taller than the view: there is a page to scroll
    area = QScrollArea()
    area.setWidget(inner)
    area.resize(400, 300)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    return area, date, number, choice


def test_the_wheel_over_unfocused_fields_changes_nothing_and_scrolls_the_page(qtbot: Any) -> None:
    area, date, number, choice = tall_page(qtbot)
    area.setFocus()
    for field in (date, number, choice):
        assert not field.hasFocus()
        before = area.verticalScrollBar().value()
        wheel(field, 3)
        assert area.verticalScrollBar().value() > before
    assert date.date() == QDate(2027, 1, 16)
    assert number.value() == 5
    assert choice.currentIndex() == 1


def test_the_wheel_still_works_in_the_field_being_edited(qtbot: Any) -> None:
    _area, date, number, _choice = tall_page(qtbot)
    number.setFocus()
    qtbot.waitUntil(number.hasFocus)
    wheel(number)
    assert number.value() == 4


def test_fields_take_focus_by_click_or_tab_not_by_wheel(qtbot: Any) -> None:
    _area, date, number, choice = tall_page(qtbot)
    for field in (date, number, choice):
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_every_date_of_the_plan_form_ignores_a_passing_wheel(
    qtbot: Any, window: MainWindow
) -> None:
    form = window.plan_page.editor.form
    window.nav.setFocus()
    for edit in form.dates.values():
        edit.edit.setEnabled(True)
        edit.edit.setDate(QDate(2027, 1, 16))
        wheel(edit.edit, 15)
        assert edit.edit.date() == QDate(2027, 1, 16)
    wheel(form.level, 2)
    assert form.level.currentIndex() == 0
