"""The 首页: what is due next across all plans, soonest first, a few counts at a glance, and
whether each plan may be submitted."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core.changes import ChangeSet
from skilldesk.core.findings import ERROR
from skilldesk.core.plan_data import TIMELINE_KEYS
from skilldesk.core.rules.deadlines import show_day
from skilldesk.ui.context import AppContext
from skilldesk.ui.models.deadline_model import KEY_ROLE, PLAN_ID_ROLE, DeadlineTableModel
from skilldesk.ui.widgets.placeholder_stack import PlaceholderStack
from skilldesk.ui.workers import task_key

if TYPE_CHECKING:
    from skilldesk.core.findings import Finding
    from skilldesk.core.store import Store
    from skilldesk.services.home_agenda import HomeAgenda, PlanReadiness
    from skilldesk.services.readiness import SetupStep


# Plans listed by name; more are counted, so the deadlines keep their room on a small screen.
READINESS_SHOWN = 6
_PLAN_LINK = "plan:"


def headline(message: str) -> str:
    """A finding's message up to its first colon: what is wrong, without the how-to after it."""
    head, colon, _rest = message.partition("：")
    return head if colon else message.rstrip("。")


def load_agenda(store: Store, today: dt.date) -> HomeAgenda:
    """The 首页's read model. Imported here, on the worker: the 首页 is built before the window
    first shows, and the services it reads through cost ~0.1 s to import (bench_startup)."""
    from skilldesk.services.home_agenda import load_home_agenda

    return load_home_agenda(store, today)


class SummaryCard(QFrame):
    """A number with a caption under it."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("card")
        self.setStyleSheet("#card { background: palette(base); border-radius: 4px; }")
        self.number = QLabel("—")
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 1.8 if font.pointSizeF() > 0 else 18)
        font.setBold(True)
        self.number.setFont(font)
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(0)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def set_number(self, value: int, *, alarm: bool = False) -> None:
        self.number.setText(str(value))
        self.number.setStyleSheet("color: #c62828;" if alarm and value else "")


class HomePage(QWidget):
    """Lists the deadlines; a double click opens the plan on the plan page."""

    shown_data = Signal()  # fresh data is on screen

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.today = today
        self.data: HomeAgenda | None = None
        self.model = DeadlineTableModel(self)
        self._build()
        ctx.hub.changed.connect(self._on_changes)
        self.reload()

    def _build(self) -> None:
        title = QLabel(self.tr("接下来要办的事"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3 if font.pointSizeF() > 0 else 13)
        font.setBold(True)
        title.setFont(font)
        self.date_label = QLabel()
        self.date_label.setStyleSheet("color: palette(placeholder-text);")
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(self.date_label)

        self.cards = {
            "plans": SummaryCard(self.tr("评价计划")),
            "candidates": SummaryCard(self.tr("考生")),
            "bad_candidates": SummaryCard(self.tr("名册有错误的考生")),
            "soon": SummaryCard(self.tr("7 天内到期")),
            "overdue": SummaryCard(self.tr("已超过期限")),
        }
        cards = QHBoxLayout()
        cards.setSpacing(10)
        for card in self.cards.values():
            cards.addWidget(card, 1)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        metrics = self.fontMetrics()
        for column, sample in enumerate(
            ("焊工（三级/高级工）", "报送方案审批（备案）表", "2026-12-31 周四", "已超过 100 天")
        ):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 32)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        # A double click, or Enter on the chosen row (not `activated`: some styles fire it on a
        # single click, and it comes on top of doubleClicked).
        self.table.doubleClicked.connect(self._open)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(lambda: self._open(self.table.currentIndex()))
        hint = QLabel(self.tr("红色：已超过期限；黄色：7 天内到期。双击一行打开对应的评价计划。"))
        hint.setStyleSheet("color: palette(placeholder-text);")
        listing = QWidget()
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(0, 0, 0, 0)
        listing_layout.addWidget(self.table, 1)
        listing_layout.addWidget(hint)

        self.stack = PlaceholderStack(listing)
        self.placeholder = self.stack.placeholder
        self.stack.show_message(self.tr("正在加载…"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(10)
        self.setup_label = QLabel()
        self.setup_label.setObjectName("setup")
        self.setup_label.setWordWrap(True)
        self.setup_label.setStyleSheet(
            "#setup { background: #fff7e0; border: 1px solid #f0d48a; border-radius: 4px;"
            " padding: 8px 10px; }"
        )
        self.setup_label.linkActivated.connect(self._ctx.hub.page_requested.emit)
        self.setup_label.hide()
        self.readiness_label = QLabel()
        self.readiness_label.setWordWrap(True)
        self.readiness_label.linkActivated.connect(self._open_plan_link)
        self.readiness_label.hide()

        layout.addLayout(heading)
        layout.addLayout(cards)
        layout.addWidget(self.setup_label)
        layout.addWidget(self.readiness_label)
        layout.addWidget(self.stack, 1)

    # -- data -----------------------------------------------------------------------------------

    def reload(self) -> None:
        self._ctx.tasks.run(
            partial(load_agenda, self._ctx.workspace.store, self.today()),
            self._show,
            key=task_key(self, "agenda"),  # after a burst of changes, only the last is shown
            parent=self,
        )

    def _on_changes(self, changes: ChangeSet, _source: object | None) -> None:
        # Plans (timelines, counts), rosters (the error card), the groundwork and — through each
        # plan's readiness — the photos all show here.
        if (
            changes.plans
            or changes.plans_removed
            or changes.rosters
            or changes.photo_plans
            or changes.resources
            or changes.calendar
        ):
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.data is not None and self.data.today != self.today():
            self.reload()  # the window stayed open past midnight

    def _show(self, data: HomeAgenda) -> None:
        self.data = data
        self.date_label.setText(
            self.tr("今天：{day} · 按“{rules}”的规则").format(
                day=show_day(data.today), rules=data.profile_title
            )
        )
        self.model.set_rows(data.rows)
        self._show_setup(data.setup, data.filing)
        self._show_readiness(data.readiness)
        plans = data.plans
        self.cards["plans"].set_number(len(plans))
        self.cards["candidates"].set_number(sum(p.candidate_count for p in plans))
        self.cards["bad_candidates"].set_number(sum(p.error_rows for p in plans), alarm=True)
        self.cards["soon"].set_number(sum(r.soon for r in data.rows))
        self.cards["overdue"].set_number(sum(r.deadline.overdue for r in data.rows), alarm=True)
        if not plans:
            self.stack.show_message(
                self.tr(
                    "还没有评价计划。\n到「评价计划」页新建一个，填好时间安排后，"
                    "这里会列出各计划接下来要办的事和剩余天数。"
                )
            )
        elif not data.rows:
            self.stack.show_message(
                self.tr("各评价计划近期没有待办的期限。\n到「评价计划」页可查看或填写时间安排。")
            )
        else:
            self.stack.show_content()
        self.shown_data.emit()

    def _show_setup(self, steps: list[SetupStep], filing: Finding | None) -> None:
        """The groundwork still to do, each step a link to its page, and the filing's validity
        when it lapses soon; hidden once all is done and the filing is in order."""
        lines = []
        if filing is not None:
            color = "#a1261c" if filing.severity == ERROR else "#7a4d00"
            link = f'<a href="机构信息">{self.tr("机构信息")}</a>'
            message = html.escape(filing.message)
            lines.append(f'<span style="color:{color};">{message}</span>（{link}）')
        if all(step.done for step in steps):
            self.setup_label.setText("<br>".join(lines))
            self.setup_label.setVisible(bool(lines))
            return
        for step in steps:
            title = html.escape(step.title)
            if step.done:
                lines.append(f'<span style="color:#1e6b35;">✔ {title}</span>')
            else:
                link = f'<a href="{html.escape(step.page)}">{title}</a>'
                lines.append(f"○ {link}：{html.escape(step.missing)}")
        heading = self.tr("<b>准备工作</b>（评价计划的检查要用到，点击前往）")
        self.setup_label.setText("<br>".join([heading, *lines]))
        self.setup_label.show()

    def _show_readiness(self, plans: list[PlanReadiness]) -> None:
        """One line per plan: 可提交, or how many problems and the one to tackle first; the
        plan's name opens it on the plan page, at the field of that problem."""
        lines = [self.tr("<b>能否提交</b>（点击计划名查看全部核对结果）")]
        for plan in plans[:READINESS_SHOWN]:
            link = f'<a href="{_PLAN_LINK}{plan.plan_id}">{html.escape(plan.title)}</a>'
            if plan.ready:
                status = self.tr("✔ 可提交")
                if plan.warnings:
                    status += self.tr("（{n} 个警告）").format(n=plan.warnings)
                lines.append(f'{link}：<span style="color:#1e6b35;">{status}</span>')
                continue
            problems = self.tr("{n} 个问题").format(n=plan.errors)
            top = html.escape(headline(plan.top.message)) if plan.top is not None else ""
            lines.append(f'{link}：<span style="color:#a1261c;">{problems}</span> — {top}')
        if len(plans) > READINESS_SHOWN:
            rest = len(plans) - READINESS_SHOWN
            more = self.tr("另有 {n} 个计划").format(n=rest)
            lines.append(
                self.tr("{more}，到「{page}」页查看").format(
                    more=f'<a href="评价计划">{more}</a>', page=self.tr("评价计划")
                )
            )
        self.readiness_label.setText("<br>".join(lines))
        self.readiness_label.setVisible(bool(plans))

    def _open_plan_link(self, link: str) -> None:
        if not link.startswith(_PLAN_LINK):
            self._ctx.hub.page_requested.emit(link)  # the plan list, by its page's title
            return
        if self.data is None:
            return
        plan_id = int(link.removeprefix(_PLAN_LINK))
        plan = next((p for p in self.data.readiness if p.plan_id == plan_id), None)
        field = plan.top.field if plan is not None and plan.top is not None else None
        self._ctx.open_plan(plan_id, field or "")

    def _open(self, index: QModelIndex) -> None:
        plan_id = self.model.data(index, PLAN_ID_ROLE)
        if plan_id is None:
            return
        key = self.model.data(index, KEY_ROLE)
        field = key if key in TIMELINE_KEYS else ("submitted_on" if key == "plan_submit" else "")
        self._ctx.open_plan(int(plan_id), field)
