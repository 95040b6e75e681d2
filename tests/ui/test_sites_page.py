"""The 考点与考场 page: a filing from draft through submission, platform receipt and review and
back, and rooms only under approved sites."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox
from sqlalchemy import update

from skilldesk.core import filing
from skilldesk.core.models import ExamSite
from skilldesk.services.institution import InstitutionProfile, save_institution
from skilldesk.services.rooms import list_rooms
from skilldesk.services.sites import (
    SiteFields,
    add_site,
    get_site,
    mark_site_received,
    review_site,
    submit_site,
)
from skilldesk.services.workspace import Workspace
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.rooms_panel import RoomDialog
from skilldesk.ui.pages.site_list import SiteCard
from skilldesk.ui.pages.sites_page import SitesPage
from skilldesk.ui.widgets.filing_widgets import ReviewDialog, StatusBadge
from tests.helpers import writing
from tests.ui.conftest import Dialogs
from tests.ui.input_helpers import type_into
from tests.ui.qt_helpers import cell, child

DETAILS: dict[str, Any] = {
    "level": "市",
    "accepting_department": "衢州市技能人才评价管理服务中心",
    "contact_name": "周老师",
    "contact_phone": "0570-1234567",
    "address": "浙江省衢州市柯城区示范路1号",
}


@pytest.fixture
def school(workspace: Workspace) -> None:
    save_institution(workspace.store, InstitutionProfile(name="衢州市示范技师学院", kind="school"))


def make_site(workspace: Workspace, name: str, *, status: str = filing.DRAFT) -> int:
    site = add_site(workspace.store, SiteFields(name=name, **DETAILS))
    if status != filing.DRAFT:
        submit_site(workspace.store, site.id)
    if status in (filing.PENDING, filing.APPROVED, filing.REJECTED):
        mark_site_received(workspace.store, site.id)
    if status in (filing.APPROVED, filing.REJECTED):
        review_site(
            workspace.store, site.id, approve=status == filing.APPROVED, reason="地址不完整"
        )
    return site.id


def open_page(qtbot: Any, ctx: AppContext, select: str | None = None) -> SitesPage:
    page = SitesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1130, 770)
    with qtbot.waitSignal(page.loaded):
        page.show()
    if select is not None:
        row = [s.name for s in page.sites].index(select)
        page.list.setCurrentRow(row)
        qtbot.waitUntil(lambda: page.form.site is not None and page.form.site.name == select)
    return page


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled() and not button.isHidden(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown_actions(page: SitesPage) -> list[str]:
    """The filing buttons on screen, left to right, and whether each can be clicked."""
    buttons = (
        page.review_button,
        page.withdraw_button,
        page.received_button,
        page.save_button,
        page.submit_button,
    )
    return [b.text() + ("" if b.isEnabled() else "（不可用）") for b in buttons if not b.isHidden()]


def card_badge(page: SitesPage, row: int) -> str:
    card = page.list.card(row)
    badge = card.findChild(StatusBadge) if card is not None else None
    return badge.text() if badge is not None else ""


def wait_for_status(qtbot: Any, page: SitesPage, status: str) -> None:
    qtbot.waitUntil(lambda: page.form.site is not None and page.form.site.status == status)


def test_a_draft_can_be_edited_and_submitted_then_is_read_only(
    qtbot: Any, ctx: AppContext, workspace: Workspace, school: None
) -> None:
    site_id = make_site(workspace, "龙游实训基地考点")
    page = open_page(qtbot, ctx, "龙游实训基地考点")
    assert page.form.badge.text() == "草稿"
    assert not page.form.address.isReadOnly()

    assert shown_actions(page) == ["保存", "提交审核"]
    type_into(page.form.address, "浙江省衢州市龙游县实训路8号")
    click(qtbot, page.submit_button)
    wait_for_status(qtbot, page, filing.SUBMITTED)

    stored = get_site(workspace.store, site_id)
    assert stored.status == filing.SUBMITTED and stored.submitted_at is not None
    assert stored.fields.address == "浙江省衢州市龙游县实训路8号"
    assert page.form.badge.text() == "已提交（待上报平台）"
    assert page.form.address.isReadOnly() and page.form.name.isReadOnly()
    assert not page.form.level.isEnabled()
    assert shown_actions(page) == ["撤回", "平台已受理"]
    assert not page.delete_button.isEnabled()
    assert "尚未上报省平台" in page.form.form.banner.text()
    assert "「平台已受理」" in page.form.form.banner.text()
    # The list shows the new state too, once it has been reloaded.
    qtbot.waitUntil(lambda: card_badge(page, 0) == "已提交（待上报平台）")


def test_withdrawing_a_submission_makes_it_an_editable_draft_again(
    qtbot: Any, ctx: AppContext, workspace: Workspace, school: None
) -> None:
    site_id = make_site(workspace, "龙游实训基地考点", status=filing.SUBMITTED)
    page = open_page(qtbot, ctx, "龙游实训基地考点")
    messages: list[str] = []
    page.status_message.connect(messages.append)
    assert page.form.address.isReadOnly()

    click(qtbot, page.withdraw_button)
    wait_for_status(qtbot, page, filing.DRAFT)
    assert messages == ["已撤回考点“龙游实训基地考点”，可以修改后重新提交。"]
    assert page.form.badge.text() == "草稿"
    assert not page.form.address.isReadOnly() and page.form.level.isEnabled()
    assert shown_actions(page) == ["保存", "提交审核"]
    assert page.delete_button.isEnabled()
    assert get_site(workspace.store, site_id).submitted_at is None

    type_into(page.form.address, "浙江省衢州市龙游县实训路9号")
    click(qtbot, page.save_button)
    qtbot.waitUntil(
        lambda: get_site(workspace.store, site_id).fields.address == "浙江省衢州市龙游县实训路9号"
    )


def test_platform_receipt_is_confirmed_then_the_filing_waits_for_review(
    qtbot: Any, ctx: AppContext, workspace: Workspace, school: None, dialogs: Dialogs
) -> None:
    site_id = make_site(workspace, "东校区考点", status=filing.SUBMITTED)
    page = open_page(qtbot, ctx, "东校区考点")
    click(qtbot, page.received_button)
    wait_for_status(qtbot, page, filing.PENDING)

    [question] = dialogs.texts("question")
    assert "“东校区考点”已在省平台上提交" in question and "不能再撤回" in question
    assert get_site(workspace.store, site_id).status == filing.PENDING
    assert page.form.badge.text() == "待审核"
    assert shown_actions(page) == ["录入审核结果（代评价中心）…"]
    assert "省平台已受理，等待评价中心审核" in page.form.form.banner.text()
    assert not page.rooms.add_button.isEnabled()


def test_saying_no_to_the_receipt_question_changes_nothing(
    qtbot: Any, ctx: AppContext, workspace: Workspace, school: None, dialogs: Dialogs
) -> None:
    site_id = make_site(workspace, "东校区考点", status=filing.SUBMITTED)
    page = open_page(qtbot, ctx, "东校区考点")
    dialogs.answer = QMessageBox.StandardButton.No
    click(qtbot, page.received_button)
    ctx.tasks.wait_for_done()
    assert len(dialogs.texts("question")) == 1
    assert get_site(workspace.store, site_id).status == filing.SUBMITTED
    assert shown_actions(page) == ["撤回", "平台已受理"]


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        (filing.DRAFT, ["保存", "提交审核"]),
        (filing.SUBMITTED, ["撤回", "平台已受理"]),
        (filing.PENDING, ["录入审核结果（代评价中心）…"]),
        (filing.APPROVED, []),
        (filing.REJECTED, ["保存", "修改后重新提交"]),
    ],
)
def test_each_state_offers_only_its_own_moves(
    qtbot: Any,
    ctx: AppContext,
    workspace: Workspace,
    school: None,
    status: str,
    actions: list[str],
) -> None:
    make_site(workspace, "示范考点", status=status)
    page = open_page(qtbot, ctx, "示范考点")
    assert shown_actions(page) == actions
    assert page.form.badge.text() == filing.status_label(status)


def test_a_submission_missing_details_marks_them(
    qtbot: Any, ctx: AppContext, workspace: Workspace, school: None
) -> None:
    add_site(workspace.store, SiteFields(name="新考点"))
    page = open_page(qtbot, ctx, "新考点")
    click(qtbot, page.submit_button)
    for key in ("level", "accepting_department", "contact_phone", "address"):
        assert page.form.form.has_problem(key), key
    ctx.tasks.wait_for_done()
    assert page.form.site is not None and page.form.site.status == filing.DRAFT


def test_a_bad_phone_is_shown_beside_the_field(
    qtbot: Any, ctx: AppContext, workspace: Workspace, school: None
) -> None:
    make_site(workspace, "龙游实训基地考点")
    page = open_page(qtbot, ctx, "龙游实训基地考点")
    type_into(page.form.contact_phone, "12345")
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: page.form.form.has_problem("contact_phone"))
    assert "格式不对" in page.form.form.message("contact_phone")


def test_rejection_shows_the_reason_and_allows_edit_and_resubmit(
    qtbot: Any,
    ctx: AppContext,
    workspace: Workspace,
    school: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site_id = make_site(workspace, "东校区考点", status=filing.PENDING)
    page = open_page(qtbot, ctx, "东校区考点")
    asked: list[str] = []

    def decide(what: str, _parent: Any) -> tuple[bool, str]:
        asked.append(what)
        return False, "详细地址不完整，请写明门牌号和楼幢。"

    monkeypatch.setattr(ReviewDialog, "ask", staticmethod(decide))
    click(qtbot, page.review_button)
    qtbot.waitUntil(lambda: page.form.site is not None and page.form.site.status == filing.REJECTED)

    assert asked == ["东校区考点"]
    assert "详细地址不完整" in page.form.form.banner.text()
    assert page.form.badge.text() == "不通过"
    # The list shows the reason too, once it has been reloaded.
    qtbot.waitUntil(lambda: "详细地址不完整" in page.list.itemWidget(page.list.item(0)).toolTip())
    assert page.submit_button.text() == "修改后重新提交"
    assert not page.form.address.isReadOnly()

    type_into(page.form.address, "浙江省衢州市衢江区东港路12号3幢")
    click(qtbot, page.submit_button)
    wait_for_status(qtbot, page, filing.SUBMITTED)
    stored = get_site(workspace.store, site_id)
    assert stored.reject_reason is None
    assert stored.fields.address == "浙江省衢州市衢江区东港路12号3幢"
    assert shown_actions(page) == ["撤回", "平台已受理"]


def test_an_enterprise_site_at_a_filed_level_is_confirmed_once_the_platform_has_it(
    qtbot: Any, ctx: AppContext, workspace: Workspace
) -> None:
    save_institution(
        workspace.store,
        InstitutionProfile(name="浙西精工机械有限公司", kind="enterprise", level="市"),
    )
    make_site(workspace, "厂区考点")
    page = open_page(qtbot, ctx, "厂区考点")
    messages: list[str] = []
    page.status_message.connect(messages.append)
    click(qtbot, page.submit_button)
    wait_for_status(qtbot, page, filing.SUBMITTED)
    assert not page.rooms.add_button.isEnabled()
    click(qtbot, page.received_button)
    wait_for_status(qtbot, page, filing.APPROVED)
    assert page.form.site is not None and page.form.site.auto_confirmed
    assert "自动确认" in page.form.form.banner.text()
    assert messages[-1] == "省平台已受理考点“厂区考点”，无需审核，已自动确认。"
    assert page.rooms.add_button.isEnabled()
    assert shown_actions(page) == []


@pytest.mark.parametrize(
    "status", [filing.DRAFT, filing.SUBMITTED, filing.PENDING, filing.REJECTED]
)
def test_new_rooms_wait_for_an_approved_site(
    qtbot: Any, ctx: AppContext, workspace: Workspace, school: None, status: str
) -> None:
    make_site(workspace, "未通过考点", status=status)
    page = open_page(qtbot, ctx, "未通过考点")
    assert not page.rooms.add_button.isEnabled()
    explanation = page.rooms.why_disabled.text()
    assert "通过后才能设置考场" in explanation
    assert filing.status_label(status) in explanation
    assert page.rooms.add_button.toolTip() == explanation


def test_a_room_shows_its_site_details_locked_and_they_follow_the_site(
    qtbot: Any,
    ctx: AppContext,
    workspace: Workspace,
    school: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site_id = make_site(workspace, "示范考点", status=filing.APPROVED)
    page = open_page(qtbot, ctx, "示范考点")
    seen: dict[str, Any] = {}

    def fill(dialog: RoomDialog) -> int:
        seen["number"] = dialog.number.text()
        seen["placeholder"] = dialog.name.placeholderText()
        seen["locked"] = {
            k: (e.text(), e.isReadOnly(), e.toolTip()) for k, e in dialog.locked.items()
        }
        type_into(dialog.name, "实训楼3幢2层201")
        dialog.seats.setValue(40)
        dialog.try_accept()
        return dialog.result()

    monkeypatch.setattr(RoomDialog, "exec", fill)
    click(qtbot, page.rooms.add_button)
    qtbot.waitUntil(lambda: page.rooms.table.rowCount() == 1)

    assert seen["number"] == "001"
    assert seen["placeholder"] == "如：3幢2层201"
    locked_tip = "随考点备案信息，不可修改"
    assert seen["locked"] == {
        "contact_name": ("周老师", True, locked_tip),
        "contact_phone": ("0570-1234567", True, locked_tip),
        "address": ("浙江省衢州市柯城区示范路1号", True, locked_tip),
    }
    table = page.rooms.table
    assert [cell(table, 0, c).text() for c in range(4)] == [
        "001",
        "实训楼3幢2层201",
        "理论考场",
        "40",
    ]
    assert cell(table, 0, 4).text() == "周老师"
    assert cell(table, 0, 6).toolTip() == locked_tip
    header = table.horizontalHeaderItem(6)
    assert header is not None and header.toolTip() == locked_tip

    # The center sends the filing back (as sync will deliver it); the new phone reaches the room.
    with writing(workspace.store) as session:
        session.execute(
            update(ExamSite).where(ExamSite.id == site_id).values(status=filing.REJECTED)
        )
    page.reload()
    qtbot.waitUntil(lambda: page.form.site is not None and page.form.site.status == filing.REJECTED)
    assert not page.rooms.add_button.isEnabled()
    type_into(page.form.contact_phone, "13900001111")
    click(qtbot, page.save_button)
    qtbot.waitUntil(
        lambda: (
            page.rooms.table.rowCount() == 1
            and cell(page.rooms.table, 0, 5).text() == "13900001111"
        )
    )
    assert list_rooms(workspace.store, site_id=site_id)[0].contact_phone == "13900001111"


def test_a_room_without_a_location_is_not_saved(
    qtbot: Any, ctx: AppContext, workspace: Workspace, school: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_site(workspace, "示范考点", status=filing.APPROVED)
    page = open_page(qtbot, ctx, "示范考点")
    messages: list[str] = []

    def leave_empty(dialog: RoomDialog) -> int:
        dialog.try_accept()
        messages.append(dialog.form.message("name"))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(RoomDialog, "exec", leave_empty)
    click(qtbot, page.rooms.add_button)
    qtbot.waitUntil(lambda: bool(messages))
    assert "3幢2层201" in messages[0]
    ctx.tasks.wait_for_done()
    assert list_rooms(workspace.store) == []


def test_a_new_site_is_saved_as_a_draft(qtbot: Any, ctx: AppContext, workspace: Workspace) -> None:
    page = open_page(qtbot, ctx)
    click(qtbot, page.new_button)
    type_into(page.form.name, "江山分校考点")
    page.form.outside_region.setChecked(True)
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: page.list.count() == 1)
    assert page.form.site is not None and page.form.site.status == filing.DRAFT
    assert page.form.site.fields.in_filing_region is False
    card = page.list.itemWidget(page.list.item(0))
    assert isinstance(card, SiteCard)
    assert "备案地以外考点" in card.meta.text()


def test_the_review_stand_in_needs_a_reason_to_send_back(qtbot: Any) -> None:
    dialog = ReviewDialog("东校区考点")
    qtbot.addWidget(dialog)
    assert "代评价中心" in dialog.windowTitle()
    assert "同步之前" in child(dialog, QLabel).text()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled() and dialog.decision() == (True, None)
    dialog.reject_choice.setChecked(True)
    assert not ok.isEnabled() and dialog.reason.isEnabled()
    dialog.reason.setPlainText("地址不完整")
    assert ok.isEnabled()
    assert dialog.decision() == (False, "地址不完整")
