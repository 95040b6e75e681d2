"""The mouse wheel scrolls the page: a date, number or choice field changes on the wheel only
while the user is in it (a scroll over the plan form once turned 2027 into 2012 unseen)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

# Every QDateEdit, QDateTimeEdit, QSpinBox and QDoubleSpinBox is a QAbstractSpinBox.
GUARDED = (QAbstractSpinBox, QComboBox)


class WheelGuard(QObject):
    """An application-wide event filter: one place covering every field in every window."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, GUARDED):
            return False
        if event.type() == QEvent.Type.Polish:
            # Qt's default (WheelFocus) hands focus to a field the wheel passes over, after
            # which the field would take the wheel: focus comes by click or Tab only.
            watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if event.type() != QEvent.Type.Wheel or watched.hasFocus() or _in_popup(watched):
            return False
        assert isinstance(event, QWheelEvent)
        _pass_up(event, watched)
        return True  # the field keeps its value


def _in_popup(widget: QWidget) -> bool:
    # A calendar popup's own year field is what the user is working in.
    return widget.window().windowType() == Qt.WindowType.Popup


def _pass_up(event: QWheelEvent, field: QWidget) -> None:
    """Offer the turn to the field's ancestors, nearest first, as Qt does with an ignored one
    (Qt itself passes a re-sent event to nobody else)."""
    ancestor = field.parentWidget()
    while ancestor is not None:
        moved = _moved_to(event, field, ancestor)
        moved.ignore()
        QCoreApplication.sendEvent(ancestor, moved)
        if moved.isAccepted():
            return
        if ancestor.isWindow():
            return
        ancestor = ancestor.parentWidget()


def _moved_to(event: QWheelEvent, source: QWidget, target: QWidget) -> QWheelEvent:
    """The same turn of the wheel, as seen by `target` (Qt passes it on to the scroll area)."""
    position = source.mapTo(target, event.position().toPoint())
    return QWheelEvent(
        QPointF(position),
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
        event.source(),
    )


def install_wheel_guard(app: QCoreApplication | None) -> None:
    """Guard every field of the application (again is harmless: one guard per application)."""
    if app is None or app.property("skilldesk_wheel_guard"):
        return
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    app.setProperty("skilldesk_wheel_guard", True)
    for widget in app.allWidgets() if hasattr(app, "allWidgets") else ():
        if isinstance(widget, GUARDED):  # built before the guard: polished already
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
