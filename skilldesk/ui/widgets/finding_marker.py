"""A small red or amber mark placed beside a field, with the field's findings as its tooltip."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from skilldesk.core.findings import ERROR, Finding

ERROR_COLOR = QColor("#c62828")
WARNING_COLOR = QColor("#e0a100")
MARK_SIZE = 14


def severity_pixmap(severity: str, size: int = MARK_SIZE) -> QPixmap:
    """A red dot for an error, an amber triangle for a warning (shape differs, not just colour)."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    if severity == ERROR:
        painter.setBrush(ERROR_COLOR)
        painter.drawEllipse(QPointF(size / 2, size / 2), size / 2 - 1.5, size / 2 - 1.5)
    else:
        painter.setBrush(WARNING_COLOR)
        painter.drawPolygon(
            QPolygonF([QPointF(size / 2, 1), QPointF(size - 1, size - 1.5), QPointF(1, size - 1.5)])
        )
    painter.setPen(QColor("white"))
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(int(size * 0.7))
    painter.setFont(font)
    painter.drawText(QRectF(0, 1, size, size - 1), Qt.AlignmentFlag.AlignCenter, "!")
    painter.end()
    return pixmap


def severity_icon(severity: str) -> QIcon:
    return QIcon(severity_pixmap(severity))


def worst_severity(findings: Sequence[Finding]) -> str | None:
    if not findings:
        return None
    return ERROR if any(f.severity == ERROR for f in findings) else "warning"


class FindingMarker(QLabel):
    """Empty (but keeping its place) while the field is fine; a mark with a tooltip otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings: tuple[Finding, ...] = ()
        self.setFixedSize(QSize(MARK_SIZE + 4, MARK_SIZE + 4))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Fixed)
        self.setSizePolicy(policy)
        self.hide()

    @property
    def severity(self) -> str | None:
        return worst_severity(self.findings)

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        severity = self.severity
        if severity is None:
            self.clear()
            self.setToolTip("")
            self.hide()
            return
        self.setPixmap(severity_pixmap(severity))
        self.setToolTip(
            "\n".join(f"{'●' if f.severity == ERROR else '▲'} {f.message}" for f in findings)
        )
        self.show()
