"""The 考点与考场 page: site filings with their status, the chosen site's form, and its rooms."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from skilldesk.core import filing
from skilldesk.core.changes import ChangeSet
from skilldesk.services import sites
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.outside_changes import ReloadOnOutsideChanges
from skilldesk.ui.pages.page_writes import PageWrites
from skilldesk.ui.pages.rooms_panel import RoomsPanel
from skilldesk.ui.pages.site_form import SiteForm
from skilldesk.ui.pages.site_list import SiteList
from skilldesk.ui.widgets.filing_actions import FilingActions
from skilldesk.ui.widgets.filing_widgets import ReviewDialog
from skilldesk.ui.widgets.panes import resizable_panes
from skilldesk.ui.workers import task_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from skilldesk.core.store import Store
    from skilldesk.services.sites import SiteInfo


def save_site(
    store: Store,
    site_id: int | None,
    values: dict[str, Any],
    submit: bool,
    expected_version: int | None = None,
) -> SiteInfo:
    """Add or update the filing from the form's values (a filing changed since the form loaded
    it at `expected_version` is refused); then submit it when asked."""
    fields = sites.SiteFields(**values)
    if site_id is None:
        info = sites.add_site(store, fields)
    else:
        info = sites.update_site(store, site_id, fields, expected_version=expected_version)
    return sites.submit_site(store, info.id) if submit else info


def _shows(changes: ChangeSet) -> bool:
    return bool(changes.sites or changes.rooms)


class SitesPage(QWidget):
    """Sites on the left; on the right the chosen filing and, below it, its rooms."""

    status_message = Signal(str)
    loaded = Signal()  # the site list is on screen

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.sites: list[SiteInfo] = []
        self._select_id: int | None = None
        self.writes = PageWrites(
            ctx,
            self,
            busy_changed=lambda _busy: self._update_actions(),
            show_error=lambda message: self.form.form.show_error(message),
            reload_stale=self._reload_site,
        )
        self._build()
        self.outside_changes = ReloadOnOutsideChanges(self, ctx, self.reload, shows=_shows)
        self.reload()

    @property
    def busy(self) -> bool:
        """A write is running; the filing's moves wait for it (scripts wait for it too)."""
        return self.writes.busy

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
        self.filing_actions = FilingActions(self.tr("此考点备案"), self)
        self.save_button = self.filing_actions.save_button
        self.submit_button = self.filing_actions.submit_button
        self.withdraw_button = self.filing_actions.withdraw_button
        self.received_button = self.filing_actions.received_button
        self.review_button = self.filing_actions.review_button
        actions = QHBoxLayout()
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        self.filing_actions.add_to(actions)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.form)
        detail_layout.addLayout(actions)
        self.rooms = RoomsPanel(self._ctx, source=self)

        right = resizable_panes(detail, self.rooms, sizes=(380, 370), stretch=(3, 2), vertical=True)
        splitter = resizable_panes(left, right, sizes=(330, 800), stretch=(0, 1))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.addWidget(splitter, 1)

        self.new_button.clicked.connect(self.new_site)
        self.list.currentRowChanged.connect(self._site_chosen)
        self.save_button.clicked.connect(lambda: self.save(submit=False))
        save_key = QShortcut(QKeySequence.StandardKey.Save, self)  # Ctrl+S, as on every form
        save_key.activated.connect(
            lambda: self.save_button.click() if self.save_button.isEnabled() else None
        )
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

    def unsaved_edits(self) -> str | None:
        """What closing the window would lose, in words; None if nothing."""
        if not self.form.dirty:
            return None
        name = self.form.site.name if self.form.site else self.tr("新考点")
        return self.tr("考点“{name}”").format(name=name)

    def reload(self) -> None:
        self._ctx.tasks.run(
            partial(sites.list_sites, self._ctx.workspace.store),
            self._show_list,
            key=task_key(self, "sites"),
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
        self.filing_actions.show_for(site.status if site else None, enabled=not self.busy)
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
        site = self.form.site
        site_id, loaded = (site.id, site.version) if site else (None, None)
        self._write(partial(save_site, self._ctx.workspace.store, site_id, values, submit, loaded))

    def _reload_site(self) -> None:
        """The filing on screen read again, over the form's edits (the user chose to)."""
        site = self.form.site
        if site is None:
            return
        self._ctx.tasks.run(
            partial(sites.get_site, self._ctx.workspace.store, site.id),
            self._show_reloaded,
            key=task_key(self, "site"),
            parent=self,
        )

    def _show_reloaded(self, site: SiteInfo) -> None:
        self.form.show_site(site)
        self.rooms.show_site(site)
        self._update_actions()
        self._select_id = site.id
        self.reload()  # the list's card shows it too

    def withdraw(self) -> None:
        site = self.form.site
        if site is not None and not self.busy:
            self._write(partial(sites.withdraw_site, self._ctx.workspace.store, site.id))

    def mark_received(self) -> None:
        site = self.form.site
        if site is None or self.busy:
            return
        what = self.tr("考点“{name}”").format(name=site.name)
        if self.filing_actions.confirm_received(what, self):
            self._write(partial(sites.mark_site_received, self._ctx.workspace.store, site.id))

    def review(self) -> None:
        site = self.form.site
        if site is None or not filing.allows(site.status, filing.REVIEW):
            return
        decision = ReviewDialog.ask(site.name, self)
        if decision is not None:
            approve, reason = decision
            store = self._ctx.workspace.store
            self._write(partial(sites.review_site, store, site.id, approve=approve, reason=reason))

    def delete(self) -> None:
        site = self.form.site
        if site is None:
            return
        answer = QMessageBox.question(
            self, self.tr("删除考点"), self.tr("确定删除考点“{name}”吗？").format(name=site.name)
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._write(partial(_delete_site, self._ctx.workspace.store, site.id))

    def _write(self, write: Callable[[], SiteInfo | None]) -> None:
        self.writes.run(write, self._done)

    def _done(self, site: SiteInfo | None) -> None:
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

    def _rooms_changed(self) -> None:
        self._select_id = self.current_id()
        self.reload()
        self.rooms.reload()


def _delete_site(store: Store, site_id: int) -> None:
    sites.delete_site(store, site_id)
