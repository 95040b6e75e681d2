"""The main window: navigation on the left, the chosen page on the right, a status bar."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from skilldesk.ui.context import AppContext
from skilldesk.ui.last_folder import SETTINGS_FILE
from skilldesk.ui.outside_changes_watch import OutsideChangesWatch
from skilldesk.ui.wheel_guard import install_wheel_guard
from skilldesk.ui.window_size import available_area, place_window

if TYPE_CHECKING:
    from skilldesk.ui.pages.home_page import HomePage
    from skilldesk.ui.pages.plan_page import PlanPage
    from skilldesk.ui.pages.roster_page import RosterPage

# (navigation title, module, class). Pages are imported and built when first shown: building
# all eight at start-up cost ~0.8 s before the window could appear. A page's `status_message`
# signal, if it has one, goes to the status bar.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("首页", "home_page", "HomePage"),
    ("考生名册", "roster_page", "RosterPage"),
    ("评价计划", "plan_page", "PlanPage"),
    ("照片", "photos_page", "PhotosPage"),
    ("机构信息", "institution_page", "InstitutionPage"),
    ("考点与考场", "sites_page", "SitesPage"),
    ("考评员", "examiners_page", "ExaminersPage"),
    ("年度实施方案", "scheme_page", "SchemePage"),
)
HOME, ROSTER, PLANS = 0, 1, 2

STATUS_TIMEOUT_MS = 8000
# The window's size and place are kept with the workspace, so each data folder opens as it was
# left (and tests, each on a fresh folder, never share one).
WINDOW_SETTINGS = SETTINGS_FILE


class MainWindow(QMainWindow):
    """Shows only pages that work; each page gets the context, never a global."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        install_wheel_guard(QApplication.instance())
        self._ctx = ctx
        self.setWindowTitle(
            self.tr("SkillDesk 职业技能等级认定助手 — {folder}").format(
                folder=ctx.workspace.data_dir
            )
        )

        self.nav = QListWidget()
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setFixedWidth(150)
        self.nav.setSpacing(2)
        self.nav.setStyleSheet(
            "QListWidget { background: palette(window); border-right: 1px solid palette(mid); }"
            "QListWidget::item { padding: 7px 12px; }"
        )
        self.pages = QStackedWidget()

        # Before the first page starts loading: what the CLI beside us writes from now on.
        self.outside_changes = OutsideChangesWatch(ctx, self)
        self._built: dict[int, QWidget] = {}
        for row, (title, *_rest) in enumerate(PAGES):
            item = QListWidgetItem(self.tr(title))
            item.setSizeHint(QSize(0, 34))
            item.setToolTip(f"Ctrl+{row + 1}")
            self.nav.addItem(item)
            self.pages.addWidget(QWidget())  # stands in until the page is first shown
            shortcut = QShortcut(QKeySequence(f"Ctrl+{row + 1}"), self)
            shortcut.activated.connect(lambda row=row: self.nav.setCurrentRow(row))
        self.nav.currentRowChanged.connect(self._show_page)
        self.nav.setCurrentRow(HOME)

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
        self.backup_button = QPushButton(self.tr("备份…"))
        self.backup_button.setToolTip(
            self.tr("把数据库和全部照片备份为一个 .zip 文件（如存到 U 盘）。")
            + self.tr("备份含考生证件号码、手机号和照片，请妥善保管。")
        )
        self.backup_button.setFlat(True)
        self.backup_button.clicked.connect(self.back_up)
        self.statusBar().addPermanentWidget(self.backup_button)
        self.restore_button = QPushButton(self.tr("恢复备份…"))
        self.restore_button.setToolTip(
            self.tr("把备份恢复到一个新文件夹，并在新窗口中打开；当前数据不会被覆盖。")
        )
        self.restore_button.setFlat(True)
        self.restore_button.clicked.connect(self.restore)
        self.statusBar().addPermanentWidget(self.restore_button)
        ctx.hub.plan_requested.connect(self._open_plan)
        ctx.hub.page_requested.connect(self._open_page)
        self._settings = QSettings(
            str(ctx.workspace.data_dir / WINDOW_SETTINGS), QSettings.Format.IniFormat
        )
        geometry = self._settings.value("geometry")
        place_window(
            self, geometry if isinstance(geometry, QByteArray) else None, available_area(self)
        )

    def page(self, row: int) -> Any:
        """The page at navigation row `row`, built (and imported) on first use."""
        built = self._built.get(row)
        if built is not None:
            return built
        _title, module, name = PAGES[row]
        page_class = getattr(importlib.import_module(f"skilldesk.ui.pages.{module}"), name)
        page: QWidget = page_class(self._ctx)
        status = getattr(page, "status_message", None)
        if status is not None:
            status.connect(self.show_status)
        stand_in = self.pages.widget(row)
        self.pages.insertWidget(row, page)
        if stand_in is not None:
            self.pages.removeWidget(stand_in)
            stand_in.deleteLater()
        self._built[row] = page
        return page

    def _show_page(self, row: int) -> None:
        if row >= 0:
            self.page(row)
            self.pages.setCurrentIndex(row)

    def _open_page(self, title: str) -> None:
        titles = self.page_titles()
        if title in titles:
            self.nav.setCurrentRow(titles.index(title))

    def _open_plan(self, plan_id: int, field: str) -> None:
        # A plan page built just now missed the request, so hand it over directly.
        newly_built = PLANS not in self._built
        plan_page = self.page(PLANS)
        self.nav.setCurrentRow(PLANS)
        if newly_built:
            plan_page.show_plan(plan_id, field)

    @property
    def home_page(self) -> HomePage:
        return self.page(HOME)  # type: ignore[no-any-return]

    @property
    def roster_page(self) -> RosterPage:
        return self.page(ROSTER)  # type: ignore[no-any-return]

    @property
    def plan_page(self) -> PlanPage:
        return self.page(PLANS)  # type: ignore[no-any-return]

    def back_up(self) -> None:
        from skilldesk.ui.backup_action import back_up_workspace

        back_up_workspace(self._ctx, self, self.show_status)

    def restore(self) -> None:
        from skilldesk.ui.backup_action import restore_workspace

        restore_workspace(self._ctx, self, self.show_status)

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    def page_titles(self) -> list[str]:
        return [self.nav.item(i).text() for i in range(self.nav.count())]

    def unsaved_edits(self) -> list[tuple[int, str]]:
        """(navigation row, what) for every page holding edits that are not saved yet."""
        found = []
        for row, page in sorted(self._built.items()):
            what = page.unsaved_edits() if hasattr(page, "unsaved_edits") else None
            if what:
                found.append((row, what))
        return found

    def closeEvent(self, event: QCloseEvent) -> None:
        unsaved = self.unsaved_edits()
        if unsaved:
            answer = QMessageBox.warning(
                self,
                self.tr("关闭 SkillDesk"),
                self.tr("以下修改还没有保存：{what}。\n关闭窗口会丢弃这些修改。").format(
                    what="、".join(what for _row, what in unsaved)
                ),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                self.nav.setCurrentRow(unsaved[0][0])  # back to the edits, to save them
                event.ignore()
                return
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
        self._settings.setValue("geometry", self.saveGeometry())
        self._settings.sync()
        # Edits already sent are written (or rolled back) before the window goes away.
        self.outside_changes.timer.stop()
        self._ctx.shutdown()
        event.accept()
