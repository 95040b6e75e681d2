"""A plan's timeline as a picture: stages on lanes over a calendar strip of days.

Holidays, make-up workdays (调休上班) and dates the holiday calendar does not reach are marked
on the days; deadlines are markers with the days left; today is a vertical line. The strip
offers hit-testing (`day_rect`, `stage_rect`, `tooltip_at`, `day_marks`) so tests and callers
never need to read pixels.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core.findings import ERROR
from skilldesk.core.plan_data import PlanData
from skilldesk.core.profiles import Profile
from skilldesk.ui.widgets.timeline_canvas import ERROR_COLOR, WARNING_COLOR, TimelineCanvas
from skilldesk.ui.widgets.timeline_geometry import (
    CANVAS_HEIGHT,
    HEADER,
    LANE_GEOMETRY,
    MAX_CELL,
    MIN_CELL,
    small_font,
)
from skilldesk.ui.widgets.timeline_layout import LANES, TimelinePicture, build_picture

SCROLLBAR_ROOM = 14
TIGHT_CELL = 16


class LaneNames(QWidget):
    """The lane names at the left, which stay in place while the days scroll."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = TimelinePicture()
        metrics = QFontMetrics(self.font())
        widest = max(
            metrics.horizontalAdvance(QCoreApplication.translate("timeline", n)) for _k, n in LANES
        )
        self.setFixedWidth(widest + 26)
        self.setFixedHeight(CANVAS_HEIGHT)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(small_font(self.font(), 0.95))
        worst: dict[str, str] = {}
        for bar in self.picture.bars:
            if bar.worst and worst.get(bar.lane) != ERROR:
                worst[bar.lane] = bar.worst
        names = dict(LANES)
        for key, top, height in LANE_GEOMETRY:
            box = QRect(8, top, self.width() - 8, height)
            painter.setPen(QColor("#424242"))
            name = QCoreApplication.translate("timeline", names[key])
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, name)
            if key in worst:
                color = ERROR_COLOR if worst[key] == ERROR else WARNING_COLOR
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color)
                painter.drawEllipse(QRect(self.width() - 12, top + height // 2 - 3, 7, 7))
                painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QColor("#cfcfcf"))
        painter.drawLine(self.width() - 1, HEADER, self.width() - 1, LANE_GEOMETRY[-1][1] + 20)
        painter.end()


class TimelineStrip(QFrame):
    """The timeline picture of one plan; scrolls sideways when the dates run long."""

    stage_clicked = Signal(str)  # the stage key, e.g. "pre_notice" or "sessions[0]"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.canvas = TimelineCanvas()
        self.canvas.stage_clicked.connect(self.stage_clicked)
        self.names = LaneNames()
        self.view = QScrollArea()
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setWidget(self.canvas)
        self.view.setWidgetResizable(False)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.view.setFixedHeight(CANVAS_HEIGHT + SCROLLBAR_ROOM)
        self.view.setStyleSheet("QScrollArea { background: white; }")
        self.view.viewport().installEventFilter(self)
        # The month at the left edge is drawn where the view starts: repaint all when scrolled.
        self.view.horizontalScrollBar().valueChanged.connect(lambda _v: self.canvas.update())

        drawing = QWidget()
        row = QHBoxLayout(drawing)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.names, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.view, 1)

        self.empty = QLabel(
            self.tr("填写个人申报、公示、认定日期等时间后，这里会画出计划的时间轴。")
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(placeholder-text);")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(drawing)
        self.note = QLabel()
        self.note.setStyleSheet("color: #757575;")
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(2)
        layout.addWidget(self.stack)
        layout.addWidget(self.note)
        self.setFixedHeight(CANVAS_HEIGHT + SCROLLBAR_ROOM + 4)

    # -- content --------------------------------------------------------------------------------

    @property
    def picture(self) -> TimelinePicture:
        return self.canvas.picture

    def show_plan(self, plan: PlanData, profile: Profile, today: dt.date | None) -> None:
        """Work out and show the picture of `plan` (callers in a hurry build it off the UI thread)."""
        self.set_picture(build_picture(plan, profile, today))

    def set_picture(self, picture: TimelinePicture) -> None:
        self.names.picture = picture
        self.names.update()
        self.canvas.set_picture(picture, self._cell_for(picture))
        self.stack.setCurrentIndex(1 if picture.days else 0)
        notes = []
        if picture.truncated:
            notes.append(self.tr("时间跨度过长，只画出前 {n} 天。").format(n=len(picture.days)))
        undated = [s.name for s in picture.undated if s.kind != "deadline"]
        if picture.days and undated:
            notes.append(self.tr("未填写日期，未画出：{names}").format(names="、".join(undated)))
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
        self.setFixedHeight(CANVAS_HEIGHT + SCROLLBAR_ROOM + 4 + (22 if notes else 0))
        self._scroll_to_now()

    def _cell_for(self, picture: TimelinePicture) -> int:
        if not picture.days:
            return MIN_CELL
        room = self.view.viewport().width() or self.width() - self.names.width()
        fit = room // len(picture.days)
        # A little narrower than usual rather than a scroll bar for the last few days.
        return min(MAX_CELL, fit if fit >= TIGHT_CELL else max(MIN_CELL, fit))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The days widen to fill the strip; below MIN_CELL pixels a day the strip scrolls.
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            cell = self._cell_for(self.picture)
            if cell != self.canvas.cell:
                self.canvas.set_picture(self.picture, cell)
        return super().eventFilter(watched, event)

    def _scroll_to_now(self) -> None:
        """When the strip scrolls, start at today or at the first stage that needs attention."""
        picture = self.picture
        wanted = [b.first for b in picture.bars if b.stage.state != "past" or b.worst]
        if picture.today is not None and picture.day_index(picture.today) is not None:
            wanted.append(picture.today)
        rect = self.canvas.day_rect(min(wanted)) if wanted else None
        value = rect.left() - 2 * rect.width() if rect is not None else 0
        self.view.horizontalScrollBar().setValue(max(0, value))

    # -- hit-testing ----------------------------------------------------------------------------

    def ensure_day_visible(self, day: dt.date) -> None:
        rect = self.canvas.day_rect(day)
        if rect is not None:
            self.view.ensureVisible(rect.center().x(), CANVAS_HEIGHT // 2, rect.width() * 2, 0)

    def day_rect(self, day: dt.date) -> QRect | None:
        """The day's column in this widget's coordinates (None when outside the strip's dates)."""
        rect = self.canvas.day_rect(day)
        if rect is None:
            return None
        return QRect(self.canvas.mapTo(self, rect.topLeft()), rect.size())

    def stage_rect(self, key: str) -> QRect | None:
        """Where the stage's bar or marker is drawn, in this widget's coordinates."""
        for item in self.canvas.placed:
            if item.bar.stage.key == key:
                return QRect(self.canvas.mapTo(self, item.shape.topLeft()), item.shape.size())
        return None

    def tooltip_at(self, pos: QPoint) -> str:
        """What hovering at `pos` (this widget's coordinates) explains; "" outside the days."""
        viewport = self.view.viewport()
        if not QRect(viewport.mapTo(self, QPoint(0, 0)), viewport.size()).contains(pos):
            return ""
        return self.canvas.tooltip_at(self.canvas.mapFrom(self, pos))

    def day_marks(self, day: dt.date) -> frozenset[str]:
        """How a day is marked: weekend, holiday, makeup_workday, uncovered, today."""
        index = self.picture.day_index(day)
        if index is None:
            return frozenset()
        info = self.picture.days[index]
        marks = {
            "weekend": info.is_weekend and not info.is_makeup_workday,
            "holiday": bool(info.is_holiday),
            "makeup_workday": bool(info.is_makeup_workday),
            "uncovered": not info.covered,
            "today": day == self.picture.today,
        }
        return frozenset(name for name, on in marks.items() if on)
