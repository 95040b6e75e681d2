"""Where the timeline strip draws things: rows, lanes, and each bar's or marker's rectangle."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QFontMetrics

from skilldesk.ui.widgets.timeline_layout import (
    LANES,
    Bar,
    TimelinePicture,
    bar_text,
    marker_label,
)

MONTH_ROW, DAY_ROW, BADGE_ROW = 18, 16, 16
HEADER = MONTH_ROW + DAY_ROW + BADGE_ROW
LANE_HEIGHT = 20
MARKER_ROW = 18
MARKER_ROWS = 2
NOTE_ROW = 18
MIN_CELL, MAX_CELL = 18, 34


def lane_heights() -> list[tuple[str, int, int]]:
    """(lane key, top y, height) of every lane."""
    result, y = [], HEADER
    for key, _name in LANES:
        height = MARKER_ROW * MARKER_ROWS + 4 if key == "deadlines" else LANE_HEIGHT
        result.append((key, y, height))
        y += height
    return result


LANE_GEOMETRY = lane_heights()
LANES_BOTTOM = LANE_GEOMETRY[-1][1] + LANE_GEOMETRY[-1][2]
CANVAS_HEIGHT = LANES_BOTTOM + NOTE_ROW


@dataclass(frozen=True)
class Placed:
    """A bar or marker with where it is drawn; `label` is where its text goes (may be empty)."""

    bar: Bar
    shape: QRect
    label: QRect
    text: str


def small_font(base: QFont, scale: float = 0.85) -> QFont:
    font = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 9.0
    font.setPointSizeF(max(7.0, size * scale))
    return font


def _x_range(picture: TimelinePicture, cell: int, bar: Bar) -> tuple[int, int] | None:
    first, last = picture.first, picture.last
    if first is None or last is None or bar.last < first or bar.first > last:
        return None
    start = (max(bar.first, first) - first).days
    end = (min(bar.last, last) - first).days + 1
    return start * cell, end * cell


def place(picture: TimelinePicture, cell: int, font: QFont, canvas_width: int) -> list[Placed]:
    """Every bar and marker of `picture` at `cell` pixels a day, on a canvas `canvas_width` wide."""
    metrics = QFontMetrics(small_font(font))
    lanes = {key: (top, height) for key, top, height in LANE_GEOMETRY}
    placed: list[Placed] = []
    row_ends = [-1_000] * MARKER_ROWS
    bars = sorted(picture.bars, key=lambda b: (b.first, b.last))
    for bar in bars:
        span = _x_range(picture, cell, bar)
        if span is None:
            continue
        x0, x1 = span
        top, height = lanes[bar.lane]
        if bar.is_marker:
            text = marker_label(bar.stage)
            label_width = metrics.horizontalAdvance(text) + 4
            row = next(
                (r for r in range(MARKER_ROWS) if row_ends[r] < x0),
                min(range(MARKER_ROWS), key=lambda r: row_ends[r]),
            )
            y = top + 2 + row * MARKER_ROW
            centre = (x0 + x1) // 2
            shape = QRect(centre - 5, y + 4, 10, 10)
            label = QRect(centre + 7, y, label_width, MARKER_ROW)
            row_ends[row] = label.right() + 6
            placed.append(Placed(bar, shape, label, text))
            continue
        shape = QRect(x0 + 1, top + 3, x1 - x0 - 2, height - 6)
        placed.append(Placed(bar, shape, QRect(), bar_text(bar)))
    return _place_bar_labels(placed, metrics, canvas_width)


def _place_bar_labels(
    placed: list[Placed], metrics: QFontMetrics, canvas_width: int
) -> list[Placed]:
    """Text inside a bar when it fits, else right of it when the lane is free there."""
    result: list[Placed] = []
    shown: set[tuple[str, int, int]] = set()
    for item in placed:
        if item.bar.is_marker:
            result.append(item)
            continue
        wide = metrics.horizontalAdvance(item.text) + 6
        key = (item.bar.lane, item.shape.left(), item.shape.right())
        label = QRect()
        if key not in shown:
            shown.add(key)
            if wide <= item.shape.width():
                label = item.shape
            else:
                candidate = QRect(item.shape.right() + 3, item.shape.top(), wide, 14)
                others = [
                    p.shape
                    for p in placed
                    if p.bar.lane == item.bar.lane and p is not item and p.shape != item.shape
                ]
                if candidate.right() < canvas_width and not any(
                    candidate.intersects(o) for o in others
                ):
                    label = candidate
        result.append(Placed(item.bar, item.shape, label, item.text))
    return result
