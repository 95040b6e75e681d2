"""The 年度实施方案 page: draw up a year's scheme, check it, submit it, withdraw it or record the
platform's receipt, record the review."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

from skilldesk.core import filing
from skilldesk.services.institution import InstitutionProfile, save_institution
from skilldesk.services.schemes import create_scheme, get_scheme, list_schemes
from skilldesk.services.scope import add_scope_row
from skilldesk.services.workspace import Workspace
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.scheme_page import SchemePage
from skilldesk.ui.widgets.filing_widgets import ReviewDialog
from tests.ui.conftest import Dialogs
from tests.ui.qt_helpers import cell

YEAR = dt.date.today().year


@pytest.fixture
def scope(workspace: Workspace) -> None:
    save_institution(workspace.store, InstitutionProfile(name="衢州市示范技师学院"))
    add_scope_row(workspace.store, "电工", "6-31-01-03", None, "5、4、3")


def tone(page: SchemePage) -> str | None:
    """The banner's tone now (read afresh: type checkers would keep an earlier comparison)."""
    return page.banner.tone


def open_page(qtbot: Any, ctx: AppContext) -> SchemePage:
    page = SchemePage(ctx)
    qtbot.addWidget(page)
    page.resize(1130, 770)
    with qtbot.waitSignal(page.loaded):
        page.show()
    return page


def fill_item(page: SchemePage, row: int, *texts: str) -> None:
    table = page.form.items
    if table.rowCount() <= row:
        page.form.add_item()
    for column, text in enumerate(texts):
        table.setItem(row, column, QTableWidgetItem(text))


def run(qtbot: Any, page: SchemePage, button: Any) -> None:
    assert button.isEnabled(), button.text()
    with qtbot.waitSignal(page.checked, timeout=10000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled() and not button.isHidden(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown_actions(page: SchemePage) -> list[str]:
    buttons = (
        page.review_button,
        page.withdraw_button,
        page.received_button,
        page.save_button,
        page.submit_button,
    )
    return [b.text() for b in buttons if not b.isHidden()]


def wait_for_status(qtbot: Any, page: SchemePage, status: str) -> None:
    qtbot.waitUntil(lambda: page.scheme is not None and page.scheme.status == status)


def test_a_year_without_a_scheme_offers_to_draw_one_up(
    qtbot: Any, ctx: AppContext, workspace: Workspace
) -> None:
    page = open_page(qtbot, ctx)
    assert not page.stack.showing_content()
    assert f"{YEAR} 年度还没有实施方案" in page.placeholder.text()
    assert not page.submit_button.isEnabled()
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.stack.showing_content)
    assert page.form.title.text() == f"{YEAR}年度职业技能等级认定实施方案"
    assert page.badge.text() == "草稿"
    assert [s.fields.year for s in list_schemes(workspace.store)] == [YEAR]


def test_a_self_made_share_of_80_percent_is_shown_beside_the_field(
    qtbot: Any, ctx: AppContext, workspace: Workspace, scope: None
) -> None:
    scheme = create_scheme(workspace.store, YEAR)
    page = open_page(qtbot, ctx)
    fill_item(page, 0, "电工", "", "5、4", f"{YEAR}-03-01", f"{YEAR}-12-31")
    page.form.share.setValue(80)
    assert page.form.codes("share") == ["SELF_MADE_SHARE"]  # at once, as it is typed
    run(qtbot, page, page.check_button)

    assert page.form.codes("share") == ["SELF_MADE_SHARE"]
    assert "80%" in page.form.message("share")
    assert "70%" in page.form.message("share")
    assert tone(page) == "error"
    assert (
        get_scheme(workspace.store, scheme.id).fields.self_made_share == 80
    )  # saved, then checked

    run(qtbot, page, page.submit_button)  # refused while the error stands
    assert get_scheme(workspace.store, scheme.id).status == filing.DRAFT
    assert "改正后才能提交" in page.banner.text()

    page.form.share.setValue(60)
    run(qtbot, page, page.check_button)
    assert page.form.codes("share") == []
    assert tone(page) == "ok"


def test_an_occupation_outside_the_scope_is_marked_in_its_row(
    qtbot: Any, ctx: AppContext, workspace: Workspace, scope: None
) -> None:
    create_scheme(workspace.store, YEAR)
    page = open_page(qtbot, ctx)
    fill_item(page, 0, "电工", "", "5、4", f"{YEAR}-03-01", f"{YEAR}-12-31")
    fill_item(page, 1, "焊工", "", "4", f"{YEAR}-05-01", f"{YEAR}-06-30")
    run(qtbot, page, page.check_button)

    assert page.form.codes("items") == ["LEVEL_OUT_OF_SCOPE"]
    assert page.form.message("items").startswith("✖ 第2项：")
    assert "焊工" in cell(page.form.items, 1, 2).toolTip()
    assert cell(page.form.items, 0, 2).toolTip() == ""


def test_unreadable_items_are_shown_and_not_saved(
    qtbot: Any, ctx: AppContext, workspace: Workspace
) -> None:
    scheme = create_scheme(workspace.store, YEAR)
    page = open_page(qtbot, ctx)
    fill_item(page, 0, "电工", "", "特级", f"{YEAR}-03-01", "三月底")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    message = page.form.message("items")
    assert "第1行的等级“特级”无法识别" in message
    assert "三月底" in message
    ctx.tasks.wait_for_done()
    assert get_scheme(workspace.store, scheme.id).fields.items == ()


def test_a_clean_scheme_is_submitted_received_and_reviewed(
    qtbot: Any,
    ctx: AppContext,
    workspace: Workspace,
    scope: None,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scheme = create_scheme(workspace.store, YEAR)
    page = open_page(qtbot, ctx)
    messages: list[str] = []
    page.status_message.connect(messages.append)
    assert shown_actions(page) == ["保存", "提交审核"]
    fill_item(page, 0, "电工", "", "5、4、3", f"{YEAR}-03-01", f"{YEAR}-12-31")
    page.form.share.setValue(40)
    page.form.examiners.setText("方建平、毛丽华，郑国强")
    run(qtbot, page, page.submit_button)

    wait_for_status(qtbot, page, filing.SUBMITTED)
    stored = get_scheme(workspace.store, scheme.id)
    assert stored.status == filing.SUBMITTED
    assert stored.fields.examiners == ("方建平", "毛丽华", "郑国强")
    assert stored.fields.items[0].levels == (5, 4, 3)
    assert page.form.title.isReadOnly() and page.form.conditions.isReadOnly()
    assert page.badge.text() == "已提交（待上报平台）"
    assert shown_actions(page) == ["撤回", "平台已受理"]
    assert "尚未上报省平台" in page.banner.text()
    assert messages[-1] == "实施方案已提交。请在省平台上提交，平台受理后点击「平台已受理」。"
    qtbot.waitUntil(lambda: page.year.currentText() == f"{YEAR} 年度 · 已提交（待上报平台）")

    click(qtbot, page.received_button)
    wait_for_status(qtbot, page, filing.PENDING)
    assert "实施方案已在省平台上提交" in dialogs.texts("question")[0]
    assert shown_actions(page) == ["录入审核结果（代评价中心）…"]
    assert "等待评价中心审核" in page.banner.text()
    assert page.form.title.isReadOnly()

    monkeypatch.setattr(ReviewDialog, "ask", staticmethod(lambda *_a: (False, "缺少督导人员")))
    click(qtbot, page.review_button)
    wait_for_status(qtbot, page, filing.REJECTED)
    assert "缺少督导人员" in page.banner.text()
    assert page.submit_button.text() == "修改后重新提交"
    assert shown_actions(page) == ["保存", "修改后重新提交"]
    assert not page.form.title.isReadOnly()
    qtbot.waitUntil(lambda: "不通过" in page.year.currentText())

    page.form.supervisors.setText("吴督导")
    run(qtbot, page, page.submit_button)
    wait_for_status(qtbot, page, filing.SUBMITTED)
    stored = get_scheme(workspace.store, scheme.id)
    assert (stored.reject_reason, stored.fields.supervisors) == (None, ("吴督导",))


def test_a_submitted_scheme_is_withdrawn_to_change_it(
    qtbot: Any, ctx: AppContext, workspace: Workspace, scope: None
) -> None:
    scheme = create_scheme(workspace.store, YEAR)
    page = open_page(qtbot, ctx)
    fill_item(page, 0, "电工", "", "5、4", f"{YEAR}-03-01", f"{YEAR}-12-31")
    page.form.share.setValue(40)
    run(qtbot, page, page.submit_button)
    wait_for_status(qtbot, page, filing.SUBMITTED)

    click(qtbot, page.withdraw_button)
    wait_for_status(qtbot, page, filing.DRAFT)
    assert get_scheme(workspace.store, scheme.id).status == filing.DRAFT
    assert page.badge.text() == "草稿"
    assert not page.form.title.isReadOnly()
    assert shown_actions(page) == ["保存", "提交审核"]
    page.form.share.setValue(50)
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: get_scheme(workspace.store, scheme.id).fields.self_made_share == 50)
