"""The list of site filings on the 考点与考场 page: one card per site with its status badge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core import filing
from skilldesk.ui.widgets.filing_widgets import StatusBadge

if TYPE_CHECKING:
    from skilldesk.services.sites import SiteInfo


class SiteCard(QWidget):
    """A site in the list: name and status, where and at what level, and why it was sent back."""

    def __init__(self, site: SiteInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name = QLabel(site.name)
        name.setStyleSheet("font-weight: bold;")
        badge = StatusBadge()
        badge.set_status(site.status)
        where = self.tr("备案地考点") if site.fields.in_filing_region else self.tr("备案地以外考点")
        parts = [where]
        if site.fields.level:
            parts.append(self.tr("{level}级").format(level=site.fields.level))
        parts.append(self.tr("{n} 个考场").format(n=site.room_count))
        if site.auto_confirmed:
            parts.append(self.tr("自动确认"))
        self.meta = QLabel(" · ".join(parts))
        self.meta.setStyleSheet("color: palette(placeholder-text);")
        top = QHBoxLayout()
        top.addWidget(name, 1)
        top.addWidget(badge)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.meta)
        if site.status == filing.REJECTED and site.reject_reason:
            reason = QLabel(self.tr("退回原因：{reason}").format(reason=site.reject_reason))
            reason.setWordWrap(True)
            reason.setStyleSheet("color: #b3261e;")
            layout.addWidget(reason)
        self.setToolTip(site.reject_reason or "")


class SiteList(QListWidget):
    """Site cards, each as tall as its wrapped text needs at the list's width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sites: list[SiteInfo] = []
        self.setSpacing(1)
        self.setMinimumWidth(300)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A light selection keeps the cards' coloured badges and reasons readable.
        self.setStyleSheet(
            "QListWidget::item:selected { background: #dbe7f6; border-left: 3px solid #2f6fb3; }"
        )

    def show_sites(self, sites: list[SiteInfo]) -> None:
        """Replace the cards (without signalling a change of the current row)."""
        self.sites = sites
        self.blockSignals(True)
        self.clear()
        for site in sites:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, site.id)
            self.addItem(item)
            self.setItemWidget(item, SiteCard(site))
        self.blockSignals(False)
        self._fit_cards()

    def card(self, row: int) -> SiteCard | None:
        widget = self.itemWidget(self.item(row))
        return widget if isinstance(widget, SiteCard) else None

    def current_id(self) -> int | None:
        item = self.currentItem()
        site_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(site_id) if site_id is not None else None

    def current_site(self) -> SiteInfo | None:
        return next((s for s in self.sites if s.id == self.current_id()), None)

    def select_quietly(self, site_id: int | None) -> None:
        """Make `site_id` (None: no site) current without signalling it."""
        ids = [site.id for site in self.sites]
        self.blockSignals(True)
        self.setCurrentRow(ids.index(site_id) if site_id in ids else -1)
        if site_id not in ids:
            self.clearSelection()
        self.blockSignals(False)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count():
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = self.viewport().rect().adjusted(16, 24, -16, -16)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(
            area,
            int(flags),
            self.tr("还没有考点备案。\n在右侧填写考点信息，保存为草稿或提交审核。"),
        )
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_cards()

    def _fit_cards(self) -> None:
        width = self.viewport().width() - 2 * self.spacing()
        for row in range(self.count()):
            item = self.item(row)
            card = self.itemWidget(item)
            layout = card.layout() if card is not None else None
            if layout is None:
                continue
            if layout.hasHeightForWidth():
                height = layout.totalHeightForWidth(width)
            else:
                height = layout.totalSizeHint().height()
            item.setSizeHint(QSize(0, height))
