"""The main window: navigation on the left, the chosen page on the right, a status bar."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.examiners_page import ExaminersPage
from skilldesk.ui.pages.home_page import HomePage
from skilldesk.ui.pages.institution_page import InstitutionPage
from skilldesk.ui.pages.photos_page import PhotosPage
from skilldesk.ui.pages.plan_page import PlanPage
from skilldesk.ui.pages.roster_page import RosterPage
from skilldesk.ui.pages.scheme_page import SchemePage
from skilldesk.ui.pages.sites_page import SitesPage

STATUS_TIMEOUT_MS = 8000


class MainWindow(QMainWindow):
    """Shows only pages that work; each page gets the context, never a global."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.setWindowTitle(
            self.tr("SkillDesk 职业技能等级认定助手 — {folder}").format(
                folder=ctx.workspace.data_dir
            )
        )
        self.resize(1280, 800)

        self.nav = QListWidget()
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setFixedWidth(150)
        self.nav.setSpacing(2)
        self.nav.setStyleSheet(
            "QListWidget { background: palette(window); border-right: 1px solid palette(mid); }"
            "QListWidget::item { padding: 7px 12px; }"
        )
        self.pages = QStackedWidget()

        self.home_page = HomePage(ctx)
        self._add_page(self.tr("首页"), self.home_page)
        self.roster_page = RosterPage(ctx)
        self._add_page(self.tr("考生名册"), self.roster_page)
        self.plan_page = PlanPage(ctx)
        self._add_page(self.tr("评价计划"), self.plan_page)
        self._add_page(self.tr("照片"), PhotosPage(ctx, on_status=self.show_status))
        self._add_page(self.tr("机构信息"), InstitutionPage(ctx, on_status=self.show_status))
        self._add_page(self.tr("考点与考场"), SitesPage(ctx, on_status=self.show_status))
        self._add_page(self.tr("考评员"), ExaminersPage(ctx, on_status=self.show_status))
        self._add_page(self.tr("年度实施方案"), SchemePage(ctx, on_status=self.show_status))
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        folder = QLabel(self.tr("数据目录：{folder}").format(folder=ctx.workspace.data_dir))
        folder.setStyleSheet("color: palette(placeholder-text); padding: 0 6px;")
        self.statusBar().addPermanentWidget(folder)
        self.roster_page.status_message.connect(self.show_status)
        self.plan_page.status_message.connect(self.show_status)
        plan_row = self.pages.indexOf(self.plan_page)
        ctx.hub.plan_requested.connect(lambda *_: self.nav.setCurrentRow(plan_row))

    def _add_page(self, title: str, page: QWidget) -> None:
        item = QListWidgetItem(title)
        item.setSizeHint(QSize(0, 34))
        self.nav.addItem(item)
        self.pages.addWidget(page)

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    def page_titles(self) -> list[str]:
        return [self.nav.item(i).text() for i in range(self.nav.count())]

    def closeEvent(self, event: QCloseEvent) -> None:
        cancellable = [t for t in self._ctx.tasks.running_tasks() if t.dialog is not None]
        if cancellable:
            answer = QMessageBox.question(
                self,
                self.tr("关闭 SkillDesk"),
                self.tr("还有操作在进行中。关闭窗口会取消它，数据保持操作前的样子。确定关闭吗？"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        # Edits already sent are written (or rolled back) before the window goes away.
        self._ctx.shutdown()
        event.accept()
