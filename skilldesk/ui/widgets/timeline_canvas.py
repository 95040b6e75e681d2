"""The painted part of the timeline strip: one column per day, one lane per stage, hit-testing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QToolTip, QWidget

from skilldesk.core.findings import ERROR
from skilldesk.ui.widgets.timeline_geometry import (
    BADGE_ROW,
    CANVAS_HEIGHT,
    DAY_ROW,
    HEADER,
    LANE_GEOMETRY,
    LANES_BOTTOM,
    MIN_CELL,
    MONTH_ROW,
    NOTE_ROW,
    Placed,
    place,
    small_font,
)
from skilldesk.ui.widgets.timeline_layout import (
    Bar,
    TimelinePicture,
    day_tooltip,
    stage_tooltip,
    uncovered_spans,
)

ERROR_COLOR = QColor("#c62828")
WARNING_COLOR = QColor("#e0a100")
TODAY_COLOR = QColor("#1565c0")
GRID_COLOR = QColor("#e3e3e3")
WEEKEND_BG = QColor("#f1f1f1")
HOLIDAY_BG = QColor("#fde4e4")
MAKEUP_BG = QColor("#e6eef7")
HATCH = QColor("#bdbdbd")
LANE_COLORS = {
    "registration": QColor("#90caf9"),
    "review": QColor("#b39ddb"),
    "pre_notice": QColor("#80cbc4"),
    "ticket_download": QColor("#9fa8da"),
    "exam": QColor("#ffab91"),
    "score_notice": QColor("#a5d6a7"),
}
OUTLINES: dict[str, QColor] = {ERROR: ERROR_COLOR, "warning": WARNING_COLOR}
MARKER_COLORS = {"upcoming": QColor("#ef6c00"), "current": ERROR_COLOR, "past": QColor("#9e9e9e")}


class TimelineCanvas(QWidget):
    """Draws a TimelinePicture; `cell` pixels per day."""

    stage_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = TimelinePicture()
        self.cell = MIN_CELL
        self.placed: list[Placed] = []
        self.setMouseTracking(True)
        self.setFixedHeight(CANVAS_HEIGHT)

    def set_picture(self, picture: TimelinePicture, cell: int) -> None:
        self.picture, self.cell = picture, cell
        self.setFixedWidth(max(1, len(picture.days) * cell))
        self.placed = place(picture, cell, self.font(), self.width())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(len(self.picture.days) * self.cell, CANVAS_HEIGHT)

    # -- geometry -------------------------------------------------------------------------------

    def day_rect(self, day: dt.date) -> QRect | None:
        index = self.picture.day_index(day)
        if index is None:
            return None
        return QRect(index * self.cell, 0, self.cell, CANVAS_HEIGHT)

    # -- hit-testing ----------------------------------------------------------------------------

    def bars_at(self, pos: QPoint) -> list[Bar]:
        hits = []
        for item in self.placed:
            shape = item.shape.adjusted(-2, -2, 2, 2)
            if shape.contains(pos) or (item.bar.is_marker and item.label.contains(pos)):
                hits.append(item.bar)
        return hits

    def tooltip_at(self, pos: QPoint) -> str:
        if not self.rect().contains(pos) or not self.picture.days:
            return ""
        index = min(len(self.picture.days) - 1, max(0, pos.x() // self.cell))
        day = self.picture.days[index]
        bars = self.bars_at(pos) if pos.y() >= HEADER else []
        if bars:
            return "\n\n".join(stage_tooltip(b.stage) for b in bars) + "\n\n" + day_tooltip(day)
        return day_tooltip(day)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        bars = self.bars_at(event.position().toPoint())
        if bars and event.button() == Qt.MouseButton.LeftButton:
            self.stage_clicked.emit(bars[0].stage.key)
        super().mousePressEvent(event)

    # -- painting -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.picture.days:
            return
        painter = QPainter(self)
        area = event.rect()
        first = max(0, area.left() // self.cell)
        last = min(len(self.picture.days) - 1, area.right() // self.cell)
        painter.fillRect(area, QColor("white"))
        self._paint_days(painter, first, last)
        self._paint_months(painter)
        self._paint_notes(painter)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_bars(painter)
        self._paint_today(painter)
        painter.end()

    def _paint_days(self, painter: QPainter, first: int, last: int) -> None:
        font, badge_font = small_font(self.font()), small_font(self.font(), 0.75)
        today = self.picture.today
        # One character each: the badge is as wide as a day.
        rest, work, weekdays = self.tr("休"), self.tr("班"), self.tr("一二三四五六日")
        for index in range(first, last + 1):
            day = self.picture.days[index]
            column = QRect(index * self.cell, MONTH_ROW, self.cell, LANES_BOTTOM - MONTH_ROW)
            if not day.covered:
                painter.fillRect(column, QBrush(HATCH, Qt.BrushStyle.BDiagPattern))
            elif day.is_holiday:
                painter.fillRect(column, HOLIDAY_BG)
            elif day.is_makeup_workday:
                painter.fillRect(column, MAKEUP_BG)
            elif day.is_weekend:
                painter.fillRect(column, WEEKEND_BG)
            painter.setPen(GRID_COLOR)
            painter.drawLine(column.left(), MONTH_ROW, column.left(), LANES_BOTTOM)
            number = QRect(column.left(), MONTH_ROW, self.cell, DAY_ROW)
            painter.setFont(font)
            if day.date == today:
                painter.fillRect(number.adjusted(1, 0, -1, 0), TODAY_COLOR)
                painter.setPen(QColor("white"))
            elif day.is_holiday:
                painter.setPen(ERROR_COLOR)
            elif day.is_weekend and not day.is_makeup_workday:
                painter.setPen(QColor("#888888"))
            else:
                painter.setPen(QColor("#333333"))
            painter.drawText(number, Qt.AlignmentFlag.AlignCenter, str(day.date.day))
            badge = QRect(column.left(), MONTH_ROW + DAY_ROW, self.cell, BADGE_ROW)
            painter.setFont(badge_font)
            if day.is_holiday or day.is_makeup_workday:
                box = QRect(0, 0, 14, 13)
                box.moveCenter(badge.center())
                painter.fillRect(box, ERROR_COLOR if day.is_holiday else QColor("#455a64"))
                painter.setPen(QColor("white"))
                painter.drawText(
                    box, Qt.AlignmentFlag.AlignCenter, rest if day.is_holiday else work
                )
            else:
                painter.setPen(QColor("#9e9e9e"))
                painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, weekdays[day.date.weekday()])
        painter.setPen(QColor("#cfcfcf"))
        for _key, top, _height in LANE_GEOMETRY:
            painter.drawLine(first * self.cell, top, (last + 1) * self.cell, top)
        painter.drawLine(first * self.cell, LANES_BOTTOM, (last + 1) * self.cell, LANES_BOTTOM)

    def _paint_months(self, painter: QPainter) -> None:
        """A label at each month's first day, and one for the month at the left edge in view."""
        font = small_font(self.font(), 0.9)
        font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        days = self.picture.days
        starts = [i for i, d in enumerate(days) if d.date.day == 1]
        left = max(0, self.visibleRegion().boundingRect().left())
        edge = min(len(days) - 1, left // self.cell)
        for index in [edge, *starts]:
            day = days[index].date
            text = self.tr("{year}年{month}月").format(year=day.year, month=day.month)
            x = left if index == edge else index * self.cell
            if index == edge:
                later = [s * self.cell for s in starts if s * self.cell > left]
                if later and later[0] - left < metrics.horizontalAdvance(text) + 10:
                    continue  # the next month's label would run into it
            else:
                painter.setPen(QColor("#9e9e9e"))
                painter.drawLine(x, 2, x, MONTH_ROW)
            painter.setPen(QColor("#333333"))
            painter.drawText(QRect(x + 4, 0, 200, MONTH_ROW), Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_notes(self, painter: QPainter) -> None:
        font = small_font(self.font(), 0.8)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        painter.setPen(QColor("#757575"))
        for first, last in uncovered_spans(self.picture):
            box = QRect(
                first * self.cell + 2, LANES_BOTTOM, (last - first + 1) * self.cell - 4, NOTE_ROW
            )
            text = metrics.elidedText(
                self.tr("日历未覆盖"), Qt.TextElideMode.ElideRight, box.width()
            )
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_bars(self, painter: QPainter) -> None:
        font = small_font(self.font())
        painter.setFont(font)
        metrics = QFontMetrics(font)
        for item in self.placed:
            bar, state = item.bar, item.bar.stage.state
            outline = OUTLINES.get(bar.worst or "")
            if bar.is_marker:
                fill = MARKER_COLORS.get(state or "upcoming", MARKER_COLORS["upcoming"])
                centre = QRectF(item.shape).center()
                diamond = QPolygonF(
                    [
                        centre + QPoint(0, -6),
                        centre + QPoint(6, 0),
                        centre + QPoint(0, 6),
                        centre + QPoint(-6, 0),
                    ]
                )
                painter.setPen(QPen(outline, 2) if outline else QPen(fill.darker(130), 1))
                painter.setBrush(fill)
                painter.drawPolygon(diamond)
                painter.setPen(
                    outline or (QColor("#757575") if state == "past" else QColor("#333333"))
                )
                painter.drawText(item.label, Qt.AlignmentFlag.AlignVCenter, item.text)
                continue
            fill = QColor(LANE_COLORS.get(bar.lane, QColor("#cfd8dc")))
            if state == "past":
                fill = fill.lighter(118)
                fill.setAlpha(150)
            painter.setPen(QPen(outline, 2) if outline else QPen(fill.darker(135), 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(QRectF(item.shape).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
            if not item.label.isNull():
                painter.setPen(QColor("#212121"))
                text = metrics.elidedText(
                    item.text, Qt.TextElideMode.ElideRight, item.label.width()
                )
                align = (
                    Qt.AlignmentFlag.AlignCenter
                    if item.label == item.shape
                    else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                )
                painter.drawText(item.label, align, text)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_today(self, painter: QPainter) -> None:
        today = self.picture.today
        index = self.picture.day_index(today) if today else None
        if index is None:
            return
        x = index * self.cell + self.cell / 2
        painter.setPen(QPen(TODAY_COLOR, 2))
        painter.drawLine(QPointF(x, HEADER), QPointF(x, LANES_BOTTOM))
        font = small_font(self.font(), 0.8)
        font.setBold(True)
        painter.setFont(font)
        box = QRect(int(x) - 20, LANES_BOTTOM, 40, NOTE_ROW)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.tr("今天"))
