"""The thumbnail grid: a QListView in icon mode with a delegate that paints each photo as a card
(thumbnail or placeholder, a problem marker, the caption) without creating any widget."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from skilldesk.ui.models.photo_model import CARD_ROLE
from skilldesk.ui.models.thumbnails import GRID_THUMBNAIL

CELL = QSize(GRID_THUMBNAIL - 6, GRID_THUMBNAIL + 40)
ERROR_COLOR = QColor("#c62828")
WARNING_COLOR = QColor("#e0a100")
OK_COLOR = QColor("#2e7d32")
PLACEHOLDER = QColor("#ececec")
FRAME = QColor("#cfcfcf")


class PhotoDelegate(QStyledItemDelegate):
    """Paints one card; what it shows comes from the model's roles, precomputed there."""

    def sizeHint(self, _option: QStyleOptionViewItem, _index: Any) -> QSize:
        return CELL

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect: QRect = option.rect
        palette: QPalette = option.palette
        state = option.state
        card = QRectF(rect).adjusted(3, 3, -3, -3)
        if state & QStyle.StateFlag.State_Selected:
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
            fill.setAlpha(45)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1.5))
            painter.setBrush(fill)
            painter.drawRoundedRect(card, 5, 5)
        box = QRect(
            rect.x() + (rect.width() - GRID_THUMBNAIL) // 2,
            rect.y() + 7,
            GRID_THUMBNAIL,
            GRID_THUMBNAIL,
        )
        pixmap, caption_text, severity, kind, imported = index.data(CARD_ROLE)
        picture = self._paint_picture(painter, box, pixmap, kind)
        self._paint_markers(painter, picture, severity, imported)
        caption = QRect(rect.x() + 5, box.bottom() + 5, rect.width() - 10, 20)
        metrics = option.fontMetrics
        text = metrics.elidedText(caption_text, Qt.TextElideMode.ElideMiddle, caption.width())
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(caption, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
        painter.restore()

    def _paint_picture(self, painter: QPainter, box: QRect, pixmap: Any, kind: str) -> QRect:
        if pixmap is not None and not pixmap.isNull():
            size = pixmap.size()
            target = QRect(
                box.x() + (box.width() - size.width()) // 2,
                box.y() + (box.height() - size.height()) // 2,
                size.width(),
                size.height(),
            )
            painter.drawPixmap(target, pixmap)
            painter.setPen(QPen(FRAME, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(target).adjusted(0.5, 0.5, -0.5, -0.5))
            return target
        # Placeholders keep the ID-photo proportion so the grid does not jump when pictures come.
        width = box.height() * 390 // 567
        target = QRect(box.x() + (box.width() - width) // 2, box.y(), width, box.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PLACEHOLDER)
        painter.drawRoundedRect(QRectF(target), 3, 3)
        if kind in ("file", "broken"):
            label = _translate("文件") if kind == "file" else _translate("无法显示")
            painter.setPen(QColor("#777777"))
            painter.drawText(target, Qt.AlignmentFlag.AlignCenter, label)
        return target

    def _paint_markers(
        self, painter: QPainter, picture: QRect, severity: int, imported: bool
    ) -> None:
        corner = QPointF(picture.right() - 9, picture.top() + 9)
        painter.setPen(QPen(QColor("white"), 1.5))
        if severity == 2:
            painter.setBrush(ERROR_COLOR)
            painter.drawEllipse(corner, 7, 7)
        elif severity == 1:
            painter.setBrush(WARNING_COLOR)
            painter.drawPolygon(
                QPolygonF(
                    [
                        corner + QPointF(0, -8),
                        corner + QPointF(8, 6),
                        corner + QPointF(-8, 6),
                    ]
                )
            )
        if imported:
            centre = QPointF(picture.left() + 9, picture.bottom() - 9)
            painter.setBrush(OK_COLOR)
            painter.drawEllipse(centre, 7, 7)
            tick = QPainterPath(centre + QPointF(-3.5, 0))
            tick.lineTo(centre + QPointF(-1, 3))
            tick.lineTo(centre + QPointF(4, -3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor("white"), 1.8))
            painter.drawPath(tick)


def _translate(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("PhotoDelegate", text)


class PhotoGridView(QListView):
    """Icon mode with uniform cells: layout and scrolling stay cheap at thousands of photos."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setUniformItemSizes(True)
        self.setGridSize(CELL)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWrapping(True)
        self.setSpacing(0)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(CELL.height() // 3)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(False)
        # Laid out in batches between events: a 5,000-photo model never freezes the window.
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(400)
        self.setItemDelegate(PhotoDelegate(self))
