"""The 年度实施方案 page: choose a year, fill in attachment 8, check it, submit it, follow it
through the platform's receipt and the center's review."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core import filing
from skilldesk.core.changes import ChangeSet
from skilldesk.core.findings import Finding, count_by_severity
from skilldesk.services import schemes
from skilldesk.services.scheme_filing import SchemeOutcome, Then, save_scheme_form
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.outside_changes import ReloadOnOutsideChanges
from skilldesk.ui.pages.page_writes import PageWrites
from skilldesk.ui.pages.scheme_form import SchemeForm
from skilldesk.ui.widgets.field_findings import Banner
from skilldesk.ui.widgets.filing_actions import FilingActions
from skilldesk.ui.widgets.filing_widgets import ReviewDialog, StatusBadge
from skilldesk.ui.widgets.placeholder_stack import PlaceholderStack
from skilldesk.ui.workers import task_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from skilldesk.core.store import Store
    from skilldesk.services.schemes import SchemeInfo


def _form_fields(values: dict[str, Any] | None) -> schemes.SchemeFields | None:
    if values is None:
        return None
    values = dict(values)
    items = tuple(schemes.SchemeItem(**item) for item in values.pop("items"))
    return schemes.SchemeFields(items=items, **values)


def _alone(move: Callable[[Store, int], SchemeInfo], store: Store, scheme_id: int) -> SchemeOutcome:
    """A filing move, as an outcome without findings."""
    return move(store, scheme_id), None


def _shows(changes: ChangeSet) -> bool:
    return bool(changes.schemes) or changes.institution


class SchemePage(QWidget):
    """One year's scheme at a time; findings appear beside the fields they concern."""

    status_message = Signal(str)
    loaded = Signal()
    checked = Signal()  # findings of a check or submission are on screen

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.schemes: list[SchemeInfo] = []
        self.scheme: SchemeInfo | None = None
        self.findings: list[Finding] = []
        self.dirty = False
        self.writes = PageWrites(
            ctx,
            self,
            busy_changed=lambda _busy: self._update_actions(),
            show_error=self._show_error,
            reload_stale=self._reload_scheme,
        )
        self._build()
        self.outside_changes = ReloadOnOutsideChanges(
            self, ctx, self.reload, shows=_shows, has_edits=lambda: self.dirty
        )
        self.reload()

    def _build(self) -> None:
        self.year = QComboBox()
        self.year.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.badge = StatusBadge()
        self.check_button = QPushButton(self.tr("检查"))
        self.filing_actions = FilingActions(self.tr("实施方案"), self)
        self.save_button = self.filing_actions.save_button
        self.submit_button = self.filing_actions.submit_button
        self.withdraw_button = self.filing_actions.withdraw_button
        self.received_button = self.filing_actions.received_button
        self.review_button = self.filing_actions.review_button
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度：")))
        top.addWidget(self.year)
        top.addWidget(self.badge)
        top.addStretch(1)
        self.filing_actions.add_to(top, self.check_button)
        self.banner = Banner()

        self.form = SchemeForm()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.create_button = QPushButton()
        self.stack = PlaceholderStack(scroll, action=self.create_button)
        self.placeholder = self.stack.placeholder

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

        self.year.activated.connect(self._year_chosen)
        self.create_button.clicked.connect(self.create_scheme)
        self.save_button.clicked.connect(lambda: self.save("save"))
        save_key = QShortcut(QKeySequence.StandardKey.Save, self)  # Ctrl+S, as on every form
        save_key.activated.connect(
            lambda: self.save_button.click() if self.save_button.isEnabled() else None
        )
        self.check_button.clicked.connect(lambda: self.save("check"))
        self.submit_button.clicked.connect(lambda: self.save("submit"))
        self.withdraw_button.clicked.connect(self.withdraw)
        self.received_button.clicked.connect(self.mark_received)
        self.review_button.clicked.connect(self.review)
        self.form.edited.connect(self._edited)
        self._update_actions()

    # -- years ----------------------------------------------------------------------------------

    def unsaved_edits(self) -> str | None:
        """What closing the window would lose, in words; None if nothing."""
        if not self.dirty:
            return None
        if self.scheme is None:
            return self.tr("年度实施方案")
        return self.tr("{year} 年度实施方案").format(year=self.scheme.fields.year)

    def reload(self, select: int | None = None) -> None:
        self._ctx.tasks.run(
            partial(schemes.list_schemes, self._ctx.workspace.store),
            lambda found: self._listed(found, select),
            key=task_key(self, "schemes"),
            parent=self,
        )

    def _listed(self, schemes: list[SchemeInfo], select: int | None) -> None:
        self.schemes = schemes
        wanted = select if select is not None else self.year.currentData()
        this_year = dt.date.today().year
        entries: list[tuple[str, Any]] = []
        years = {s.fields.year for s in schemes}
        for year in sorted(years | {this_year, this_year + 1}, reverse=True):
            ours = [s for s in schemes if s.fields.year == year]
            for scheme in ours:
                entries.append(
                    (self.tr("{y} 年度 · {s}").format(y=year, s=scheme.status_label), scheme.id)
                )
            if not ours:
                entries.append((self.tr("{y} 年度 · 未编制").format(y=year), -year))
        self.year.clear()
        for text, data in entries:
            self.year.addItem(text, data)
        if wanted is None or self.year.findData(wanted) < 0:
            current = next((s for s in schemes if s.fields.year == this_year), None)
            wanted = current.id if current else -this_year
        self.year.setCurrentIndex(self.year.findData(wanted))
        self._year_chosen()
        self.loaded.emit()

    def _year_chosen(self, *_args: object) -> None:
        data = self.year.currentData()
        scheme = next((s for s in self.schemes if s.id == data), None)
        if scheme is not None and self.scheme is not None and scheme.id == self.scheme.id:
            return  # already on screen, with any edits and findings
        self.show_scheme(scheme, year=-data if isinstance(data, int) and data < 0 else None)

    def show_scheme(self, scheme: SchemeInfo | None, *, year: int | None = None) -> None:
        self.scheme = scheme
        self.dirty = False
        self.findings = []
        if scheme is None:
            year = year or dt.date.today().year
            self.stack.show_message(self.tr("{y} 年度还没有实施方案（附件8）。").format(y=year))
            self.create_button.setText(self.tr("编制 {y} 年度实施方案").format(y=year))
            self.create_button.setProperty("year", year)
            self.badge.set_status(None)
            self.banner.clear_message()
        else:
            self.form.show_scheme(scheme)
            self.stack.show_content()
            self.badge.set_status(scheme.status)
            self._show_state()
        self._update_actions()

    def _show_state(self) -> None:
        scheme = self.scheme
        if scheme is None:
            return
        if scheme.status == filing.REJECTED:
            self.banner.show_message(
                self.tr("评价中心审核不通过：{r}\n请按意见修改后重新提交。").format(
                    r=scheme.reject_reason or ""
                ),
                "error",
            )
        elif scheme.status == filing.SUBMITTED:
            self.banner.show_message(
                self.tr(
                    "已提交，尚未上报省平台，方案已锁定。请在省平台上提交实施方案，"
                    "受理后点「平台已受理」；要修改可先「撤回」。"
                ),
                "warning",
            )
        elif scheme.status == filing.PENDING:
            self.banner.show_message(
                self.tr(
                    "省平台已受理，等待评价中心审核（一般 10 个工作日内）；"
                    "审核结果出来之前不能修改。"
                ),
                "warning",
            )
        elif scheme.status == filing.APPROVED:
            self.banner.show_message(self.tr("实施方案已通过审核。"), "ok")
        else:
            self.banner.show_message(
                self.tr("草稿：填写后点击「检查」，没有错误即可「提交审核」。"), "info"
            )

    def _update_actions(self) -> None:
        """Show the moves the scheme's state allows; enable them while nothing is running."""
        scheme, busy = self.scheme, self.writes.busy
        self.filing_actions.show_for(
            scheme.status if scheme is not None else None, enabled=scheme is not None and not busy
        )
        self.check_button.setEnabled(scheme is not None and not busy)
        self.year.setEnabled(not busy)

    def _edited(self) -> None:
        self.dirty = True

    # -- actions --------------------------------------------------------------------------------

    def create_scheme(self) -> None:
        year = int(self.create_button.property("year") or dt.date.today().year)
        create = partial(schemes.create_scheme, self._ctx.workspace.store, year)
        self._write(lambda: (create(), None), "save")

    def save(self, then: Then) -> None:
        """`save`, `check` or `submit` the scheme on screen (saved first when it can be edited)."""
        scheme = self.scheme
        if scheme is None or self.writes.busy:
            return
        values = None
        if scheme.editable:
            values, problems = self.form.values(scheme.fields.year)
            self.form.clear_messages()
            if problems:
                self.form.set_message("items", "\n".join(problems))
                self.banner.show_message(
                    self.tr("评价职业表中有填写错误（见表格下方），未保存。"), "error"
                )
                return
        self._write(
            partial(
                save_scheme_form,
                self._ctx.workspace.store,
                scheme.id,
                _form_fields(values),
                then,
                expected_version=scheme.version,
            ),
            then,
        )

    def _reload_scheme(self) -> None:
        """The scheme on screen read again, over the form's edits (the user chose to)."""
        scheme = self.scheme
        if scheme is None:
            return
        self._ctx.tasks.run(
            partial(schemes.get_scheme, self._ctx.workspace.store, scheme.id),
            self._show_reloaded,
            key=task_key(self, "scheme"),
            parent=self,
        )

    def _show_reloaded(self, scheme: SchemeInfo) -> None:
        self.show_scheme(scheme)
        self.reload(select=scheme.id)  # the year list shows its status

    def withdraw(self) -> None:
        scheme = self.scheme
        if scheme is not None and not self.writes.busy:
            self._write(
                partial(_alone, schemes.withdraw_scheme, self._ctx.workspace.store, scheme.id),
                "withdraw",
            )

    def mark_received(self) -> None:
        scheme = self.scheme
        if scheme is None or self.writes.busy:
            return
        if self.filing_actions.confirm_received(self.tr("实施方案"), self):
            self._write(
                partial(_alone, schemes.mark_scheme_received, self._ctx.workspace.store, scheme.id),
                "received",
            )

    def review(self) -> None:
        scheme = self.scheme
        if scheme is None or not filing.allows(scheme.status, filing.REVIEW):
            return
        decision = ReviewDialog.ask(scheme.fields.title, self)
        if decision is not None:
            self._write(
                partial(_review, self._ctx.workspace.store, scheme.id, *decision),
                "review",
            )

    def _write(self, write: Callable[[], SchemeOutcome], then: str) -> None:
        self.writes.run(write, partial(self._done, then))

    def _done(self, then: str, outcome: SchemeOutcome) -> None:
        info, findings = outcome
        before = self.scheme
        self.show_scheme(info)
        self.reload(select=info.id)
        if findings is not None:
            self._show_findings(then, info, findings)
        elif then == "review":
            self.status_message.emit(
                self.tr("已录入评价中心的审核结果：{s}。").format(s=info.status_label)
            )
        elif then == "withdraw":
            self.status_message.emit(self.tr("已撤回实施方案，可以修改后重新提交。"))
        elif then == "received":
            self.status_message.emit(self.tr("已记下：省平台已受理实施方案，等待评价中心审核。"))
        elif before is None:
            self.status_message.emit(
                self.tr("已建立 {y} 年度实施方案。").format(y=info.fields.year)
            )
        else:
            self.status_message.emit(self.tr("实施方案已保存。"))

    def _show_findings(self, then: str, info: SchemeInfo, findings: list[Finding]) -> None:
        self.findings = findings
        rest = self.form.show_scheme_findings(findings)
        errors, warnings = count_by_severity(findings)
        if then == "submit" and info.status == filing.SUBMITTED:
            self.status_message.emit(
                self.tr("实施方案已提交。请在省平台上提交，平台受理后点击「平台已受理」。")
            )
        elif errors:
            text = self.tr("发现 {e} 个错误、{w} 个警告（见各栏下方的红字）").format(
                e=errors, w=warnings
            )
            text += self.tr("，改正后才能提交。") if then == "submit" else self.tr("。")
            for finding in rest:
                text += "\n" + finding.message
            self.banner.show_message(text, "error")
        elif warnings:
            self.banner.show_message(
                self.tr("没有错误，有 {w} 个警告（见各栏下方）。").format(w=warnings), "warning"
            )
        else:
            self.banner.show_message(self.tr("检查完毕，没有发现问题。"), "ok")
        self.checked.emit()

    def _show_error(self, message: str) -> None:
        """A refusal naming a field goes beside it, the banner pointing there; any other, into a
        message box."""
        if self.stack.showing_content() and self.form.show_error(message) is not None:
            self.banner.show_message(self.tr("未保存：见红字说明。"), "error")
        else:
            QMessageBox.warning(self, self.tr("操作未完成"), message)


def _review(store: Store, scheme_id: int, approve: bool, reason: str | None) -> SchemeOutcome:
    return schemes.review_scheme(store, scheme_id, approve=approve, reason=reason), None
