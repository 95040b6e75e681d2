"""The 考点与考场 page: a filing from draft to review and back, and rooms only under approved sites."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel
from sqlalchemy import update

from skilldesk.core import filing
from skilldesk.core.models import ExamSite
from skilldesk.services.institution import InstitutionProfile, save_institution
from skilldesk.services.rooms import list_rooms
from skilldesk.services.sites import SiteFields, add_site, get_site, review_site, submit_site
from skilldesk.services.workspace import Workspace
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.rooms_panel import RoomDialog
from skilldesk.ui.pages.site_list import SiteCard
from skilldesk.ui.pages.sites_page import SitesPage
from skilldesk.ui.widgets.filing_widgets import ReviewDialog
from tests.ui.input_helpers import type_into

DETAILS = {
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
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_draft_can_be_edited_and_submitted_then_is_read_only(
    qtbot: Any, ctx: AppContext, workspace: Workspace, school: None
) -> None:
    site_id = make_site(workspace, "龙游实训基地考点")
    page = open_page(qtbot, ctx, "龙游实训基地考点")
    assert page.form.badge.text() == "草稿"
    assert not page.form.address.isReadOnly()

    type_into(page.form.address, "浙江省衢州市龙游县实训路8号")
    click(qtbot, page.submit_button)
    qtbot.waitUntil(lambda: page.form.site is not None and page.form.site.status == filing.PENDING)

    stored = get_site(workspace.store, site_id)
    assert stored.status == filing.PENDING
    assert stored.fields.address == "浙江省衢州市龙游县实训路8号"
    assert page.form.badge.text() == "待审核"
    assert page.form.address.isReadOnly() and page.form.name.isReadOnly()
    assert not page.form.level.isEnabled()
    assert not page.save_button.isEnabled() and not page.submit_button.isEnabled()
    assert page.review_button.isEnabled()
    assert "等待评价中心审核" in page.form.form.banner.text()


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
    qtbot.waitUntil(lambda: page.form.site is not None and page.form.site.status == filing.PENDING)
    stored = get_site(workspace.store, site_id)
    assert stored.reject_reason is None
    assert stored.fields.address == "浙江省衢州市衢江区东港路12号3幢"


def test_an_enterprise_site_at_a_filed_level_is_confirmed_at_once(
    qtbot: Any, ctx: AppContext, workspace: Workspace
) -> None:
    save_institution(
        workspace.store,
        InstitutionProfile(name="浙西精工机械有限公司", kind="enterprise", level="市"),
    )
    make_site(workspace, "厂区考点")
    page = open_page(qtbot, ctx, "厂区考点")
    click(qtbot, page.submit_button)
    qtbot.waitUntil(lambda: page.form.site is not None and page.form.site.status == filing.APPROVED)
    assert "自动确认" in page.form.form.banner.text()
    assert page.rooms.add_button.isEnabled()


@pytest.mark.parametrize("status", [filing.DRAFT, filing.PENDING, filing.REJECTED])
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
    assert [table.item(0, c).text() for c in range(4)] == [
        "001",
        "实训楼3幢2层201",
        "理论考场",
        "40",
    ]
    assert table.item(0, 4).text() == "周老师"
    assert table.item(0, 6).toolTip() == locked_tip
    assert table.horizontalHeaderItem(6).toolTip() == locked_tip

    # The center sends the filing back (as sync will deliver it); the new phone reaches the room.
    with workspace.store.transaction() as session:
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
            page.rooms.table.rowCount() == 1 and page.rooms.table.item(0, 5).text() == "13900001111"
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
    assert "同步之前" in dialog.findChild(QLabel).text()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled() and dialog.decision() == (True, None)
    dialog.reject_choice.setChecked(True)
    assert not ok.isEnabled() and dialog.reason.isEnabled()
    dialog.reason.setPlainText("地址不完整")
    assert ok.isEnabled()
    assert dialog.decision() == (False, "地址不完整")
