"""What the resource pages share: writes that keep the page busy and announce themselves,
reloads when another page changes resources, and the filing pages' action buttons."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QHBoxLayout, QWidget

from skilldesk.core import filing
from skilldesk.core.changes import ChangeSet
from skilldesk.core.errors import UserFacingError
from skilldesk.core.models import ExamSite
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.outside_changes import ReloadOnOutsideChanges
from skilldesk.ui.pages.page_writes import PageWrites
from skilldesk.ui.widgets.filing_actions import FilingActions


@pytest.fixture
def page(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_a_write_keeps_the_page_busy_then_shows_and_announces_its_result(
    qtbot: Any, ctx: AppContext, page: QWidget
) -> None:
    events: list[object] = []
    ctx.hub.changed.connect(lambda changes, source: events.append((changes, source)))
    writes = PageWrites(
        ctx, page, busy_changed=lambda busy: events.append(busy), show_error=events.append
    )

    def write() -> int:
        with unit_of_work(ctx.workspace.store) as uow:
            site = ExamSite(name="甲考点")
            uow.session.add(site)
            uow.session.flush()
            return site.id

    writes.run(write, lambda result: events.append(("shown", result)))
    assert writes.busy
    qtbot.waitUntil(lambda: not writes.busy and len(events) == 4)
    site_id = events[-1][1]  # type: ignore[index]
    assert events == [True, False, (ChangeSet(sites=frozenset({site_id})), page), ("shown", 1)]


def test_a_refused_write_is_shown_to_the_page_and_not_announced(
    qtbot: Any, ctx: AppContext, page: QWidget
) -> None:
    announced: list[ChangeSet] = []
    ctx.hub.changed.connect(lambda changes, _source: announced.append(changes))
    errors: list[str] = []
    shown: list[object] = []
    writes = PageWrites(ctx, page, busy_changed=lambda _busy: None, show_error=errors.append)

    def refuse() -> None:
        raise UserFacingError("考点名称不能为空。")

    writes.run(refuse, shown.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert errors == ["考点名称不能为空。"]
    assert not writes.busy
    assert shown == [] and announced == []


SITES = ChangeSet(sites=frozenset({1}))


def test_a_hidden_page_reloads_when_next_shown_and_only_for_what_it_shows(
    ctx: AppContext, page: QWidget
) -> None:
    reloads: list[bool] = []
    ReloadOnOutsideChanges(page, ctx, lambda: reloads.append(True), shows=lambda c: bool(c.sites))
    ctx.hub.announce(SITES, page)  # the page's own change: it shows it already
    ctx.hub.announce(ChangeSet(plans=frozenset({1}), examiners=frozenset({2})))
    page.show()
    assert reloads == []
    page.hide()
    ctx.hub.announce(SITES)
    assert reloads == []
    page.show()
    assert reloads == [True]
    ctx.hub.announce(SITES)  # on screen: at once
    assert reloads == [True, True]


def test_unsaved_edits_hold_a_reload_back_until_they_are_gone(
    ctx: AppContext, page: QWidget
) -> None:
    page.show()
    edits = {"unsaved": True}
    reloads: list[bool] = []
    ReloadOnOutsideChanges(
        page,
        ctx,
        lambda: reloads.append(True),
        shows=lambda c: bool(c.sites),
        has_edits=lambda: edits["unsaved"],
    )
    ctx.hub.announce(SITES)
    assert reloads == []
    edits["unsaved"] = False
    page.hide()
    page.show()
    assert reloads == [True]


def test_a_filing_shows_only_the_moves_its_status_allows(page: QWidget) -> None:
    actions = FilingActions("实施方案", page)
    actions.add_to(QHBoxLayout(page))
    page.show()

    def shown() -> list[str]:
        buttons = (
            actions.review_button,
            actions.withdraw_button,
            actions.received_button,
            actions.save_button,
            actions.submit_button,
        )
        return [b.text() for b in buttons if b.isVisible()]

    actions.show_for(None, enabled=False)  # nothing saved yet: as a draft, but disabled
    assert shown() == ["保存", "提交审核"]
    assert not actions.save_button.isEnabled()
    actions.show_for(filing.SUBMITTED, enabled=True)
    assert shown() == ["撤回", "平台已受理"]
    assert actions.withdraw_button.isEnabled()
    actions.show_for(filing.PENDING, enabled=True)
    assert shown() == ["录入审核结果（代评价中心）…"]
    actions.show_for(filing.APPROVED, enabled=True)
    assert shown() == []
    actions.show_for(filing.REJECTED, enabled=True)
    assert shown() == ["保存", "修改后重新提交"]
    assert "实施方案" in actions.received_button.toolTip()
