"""The 考点与考场 page: site filings with their status, the chosen site's form, and its rooms."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core import filing
from skilldesk.ui.context import AppContext, Changes
from skilldesk.ui.pages import resource_tasks as tasks
from skilldesk.ui.pages.rooms_panel import RoomsPanel
from skilldesk.ui.pages.site_form import SiteForm
from skilldesk.ui.pages.site_list import SiteList
from skilldesk.ui.widgets.filing_widgets import ReviewDialog
from skilldesk.ui.workers import describe_error

if TYPE_CHECKING:
    from collections.abc import Callable

    from skilldesk.services.sites import SiteInfo


class SitesPage(QWidget):
    """Sites on the left; on the right the chosen filing and, below it, its rooms."""

    status_message = Signal(str)
    loaded = Signal()  # the site list is on screen

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        on_status: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.sites: list[SiteInfo] = []
        self._select_id: int | None = None
        self._stale = False
        self.busy = False
        self._build()
        if on_status is not None:
            self.status_message.connect(on_status)
        ctx.hub.changed.connect(self._on_changes)
        self.reload()

    def _build(self) -> None:
        self.new_button = QPushButton(self.tr("新增考点"))
        self.list = SiteList()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(QLabel(self.tr("考点备案")))
        heading.addStretch(1)
        heading.addWidget(self.new_button)
        left_layout.addLayout(heading)
        left_layout.addWidget(self.list, 1)

        self.form = SiteForm()
        self.delete_button = QPushButton(self.tr("删除考点"))
        self.save_button = QPushButton(self.tr("保存"))
        self.submit_button = QPushButton(self.tr("提交审核"))
        self.withdraw_button = QPushButton(self.tr("撤回"))
        self.withdraw_button.setToolTip(self.tr("尚未上报省平台，撤回后成为草稿，可以修改"))
        self.received_button = QPushButton(self.tr("平台已受理"))
        self.received_button.setToolTip(
            self.tr("已在省平台上提交此考点备案、平台已受理时点击；之后不能再撤回")
        )
        self.review_button = QPushButton(self.tr("录入审核结果（代评价中心）…"))
        self.review_button.setToolTip(self.tr("与省平台同步之前，在此照实记下评价中心的审核结论"))
        actions = QHBoxLayout()
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        for button in (
            self.review_button,
            self.withdraw_button,
            self.received_button,
            self.save_button,
            self.submit_button,
        ):
            actions.addWidget(button)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.form)
        detail_layout.addLayout(actions)
        self.rooms = RoomsPanel(self._ctx)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(detail)
        right.addWidget(self.rooms)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setChildrenCollapsible(False)
        right.setSizes([380, 370])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 800])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.addWidget(splitter, 1)

        self.new_button.clicked.connect(self.new_site)
        self.list.currentRowChanged.connect(self._site_chosen)
        self.save_button.clicked.connect(lambda: self.save(submit=False))
        self.submit_button.clicked.connect(lambda: self.save(submit=True))
        self.withdraw_button.clicked.connect(self.withdraw)
        self.received_button.clicked.connect(self.mark_received)
        self.review_button.clicked.connect(self.review)
        self.delete_button.clicked.connect(self.delete)
        self.rooms.changed.connect(self._rooms_changed)
        self.rooms.status_message.connect(self.status_message)
        self.form.show_site(None)
        self._update_actions()

    # -- list -----------------------------------------------------------------------------------

    def reload(self) -> None:
        self._ctx.tasks.run(
            partial(tasks.list_sites, self._ctx.workspace.store),
            on_success=self._show_list,
            parent=self,
        )

    def _show_list(self, sites: list[SiteInfo]) -> None:
        wanted = self._select_id if self._select_id is not None else self.list.current_id()
        self._select_id = None
        self.sites = sites
        self.list.show_sites(sites)
        ids = [site.id for site in sites]
        unsaved_new = self.form.site is None and self.form.dirty
        if wanted in ids:
            self.list.setCurrentRow(ids.index(wanted))
        elif sites and not unsaved_new:
            self.list.setCurrentRow(0)
        elif not sites and not unsaved_new:
            self.form.show_site(None)
            self.rooms.show_site(None)
            self._update_actions()
        self.loaded.emit()

    def current_id(self) -> int | None:
        return self.list.current_id()

    def _site_chosen(self, _row: int) -> None:
        site, shown = self.list.current_site(), self.form.site
        same = site is not None and shown is not None and site.id == shown.id
        if not same and self.form.dirty and not self._discard_edits():
            self.list.select_quietly(shown.id if shown else None)
            return
        if not same or not self.form.dirty:
            self.form.show_site(site)
        self.rooms.show_site(site)
        self._update_actions()

    def _discard_edits(self) -> bool:
        name = self.form.site.name if self.form.site else self.tr("新考点")
        answer = QMessageBox.question(
            self,
            self.tr("未保存的修改"),
            self.tr("“{name}”有未保存的修改，放弃这些修改吗？").format(name=name),
        )
        return answer == QMessageBox.StandardButton.Yes

    def new_site(self) -> None:
        if self.form.dirty and not self._discard_edits():
            return
        self.list.select_quietly(None)
        self.form.show_site(None)
        self.rooms.show_site(None)
        self._update_actions()
        self.form.name.setFocus()

    def _update_actions(self) -> None:
        """Show the moves the filing's state allows; enable them while nothing is running."""
        site = self.form.site
        status = site.status if site else filing.DRAFT
        shown = {
            self.save_button: filing.is_editable(status),
            self.submit_button: filing.allows(status, filing.SUBMIT),
            self.withdraw_button: filing.allows(status, filing.WITHDRAW),
            self.received_button: filing.allows(status, filing.RECEIVE),
            self.review_button: filing.allows(status, filing.REVIEW),
        }
        for button, allowed in shown.items():
            button.setVisible(allowed)
            button.setEnabled(allowed and not self.busy)
        rejected = status == filing.REJECTED
        self.submit_button.setText(self.tr("修改后重新提交") if rejected else self.tr("提交审核"))
        self.delete_button.setEnabled(
            site is not None and site.editable and site.room_count == 0 and not self.busy
        )
        self.delete_button.setVisible(site is not None)

    # -- actions --------------------------------------------------------------------------------

    def save(self, *, submit: bool) -> None:
        if self.busy:
            return
        self.form.clear_findings()
        if submit and self.form.missing_for_submit():
            self.form.form.banner.show_message(
                self.tr("还有必填项没有填写（见红字），未提交。"), "error"
            )
            return
        values = self.form.values()
        if not values["name"]:
            self.form.form.set_message("name", self.tr("请填写考点名称。"))
            return
        site_id = self.form.site.id if self.form.site else None
        self._run(partial(tasks.save_site, self._ctx.workspace.store, site_id, values, submit))

    def withdraw(self) -> None:
        site = self.form.site
        if site is not None and not self.busy:
            self._run(partial(tasks.withdraw_site, self._ctx.workspace.store, site.id))

    def mark_received(self) -> None:
        site = self.form.site
        if site is None or self.busy:
            return
        answer = QMessageBox.question(
            self,
            self.tr("平台已受理"),
            self.tr(
                "考点“{name}”已在省平台上提交，并且平台已受理了吗？\n"
                "确认后等待评价中心审核，不能再撤回。"
            ).format(name=site.name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(partial(tasks.mark_site_received, self._ctx.workspace.store, site.id))

    def review(self) -> None:
        site = self.form.site
        if site is None or not filing.allows(site.status, filing.REVIEW):
            return
        decision = ReviewDialog.ask(site.name, self)
        if decision is not None:
            approve, reason = decision
            self._run(
                partial(tasks.review_site, self._ctx.workspace.store, site.id, approve, reason)
            )

    def delete(self) -> None:
        site = self.form.site
        if site is None:
            return
        answer = QMessageBox.question(
            self, self.tr("删除考点"), self.tr("确定删除考点“{name}”吗？").format(name=site.name)
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(partial(tasks.delete_site, self._ctx.workspace.store, site.id))

    def _run(self, fn: partial[Any]) -> None:
        self.busy = True
        self._update_actions()
        self._ctx.tasks.run(
            fn, writes=True, on_success=self._done, on_failure=self._failed, parent=self
        )

    def _done(self, site: SiteInfo | None) -> None:
        self.busy = False
        before = self.form.site
        self.form.show_site(site)
        self.rooms.show_site(site)
        if site is None:
            self.status_message.emit(
                self.tr("已删除考点“{name}”。").format(name=before.name if before else "")
            )
        else:
            self._select_id = site.id
            self.status_message.emit(self._done_message(before, site))
        self._update_actions()
        self.reload()
        self._ctx.announce(Changes(source=self))

    def _done_message(self, before: SiteInfo | None, site: SiteInfo) -> str:
        if before is not None and before.status == site.status:
            return self.tr("考点“{name}”已保存。").format(name=site.name)
        if site.status == filing.SUBMITTED:
            return self.tr(
                "考点“{name}”已提交。请在省平台上提交，平台受理后点击「平台已受理」。"
            ).format(name=site.name)
        if before is not None and before.status == filing.SUBMITTED and site.status == filing.DRAFT:
            return self.tr("已撤回考点“{name}”，可以修改后重新提交。").format(name=site.name)
        if site.status == filing.PENDING:
            return self.tr("已记下：省平台已受理考点“{name}”，等待评价中心审核。").format(
                name=site.name
            )
        if site.status == filing.APPROVED and site.auto_confirmed:
            return self.tr("省平台已受理考点“{name}”，无需审核，已自动确认。").format(
                name=site.name
            )
        if site.status == filing.APPROVED:
            return self.tr("已录入：考点“{name}”备案通过。").format(name=site.name)
        if site.status == filing.REJECTED:
            return self.tr("已录入：考点“{name}”审核不通过。").format(name=site.name)
        return self.tr("考点“{name}”已保存为草稿。").format(name=site.name)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self._update_actions()
        self.form.form.show_error(describe_error(exc))

    def _rooms_changed(self) -> None:
        self._select_id = self.current_id()
        self.reload()
        self.rooms.reload()
        self._ctx.announce(Changes(source=self))

    # -- outside changes ------------------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        # Plan and roster changes leave what these pages show alone; resource changes come
        # without those flags (Changes has no resource flag yet).
        if changes.source is self or changes.plans or changes.rosters:
            return
        self._stale = True
        if self.isVisible():
            self._stale = False
            self.reload()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()
