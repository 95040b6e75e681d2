"""Exam-site filings and rooms: submit, withdraw, platform receipt and review; auto-confirmation
at receipt; locked room details."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from skilldesk.core.filing import FilingRefused
from skilldesk.core.models import ExamSite
from skilldesk.services.institution import InstitutionProfile, save_institution
from skilldesk.services.rooms import (
    RoomLocked,
    add_room,
    delete_room,
    get_room,
    list_rooms,
    update_room,
)
from skilldesk.services.sites import (
    SiteError,
    add_site,
    auto_confirms,
    delete_site,
    get_site,
    mark_site_received,
    review_site,
    submit_site,
    update_site,
    withdraw_site,
)
from tests.helpers import run_cli, writing
from tests.integration.store_setup import SITE


def institution(store, kind: str, level: str = "市") -> None:
    number = "Y330800000001" if kind == "enterprise" else "S330800000001"
    save_institution(
        store, InstitutionProfile(name="示范机构", kind=kind, level=level, filing_number=number)
    )


def approved_site(store, **changes) -> int:
    site = add_site(store, dataclasses.replace(SITE, **changes))
    submit_site(store, site.id)
    if mark_site_received(store, site.id).status == "待审核":
        review_site(store, site.id, approve=True)
    return site.id


def received_site(store, **changes) -> int:
    site = add_site(store, dataclasses.replace(SITE, **changes))
    submit_site(store, site.id)
    return mark_site_received(store, site.id).id


def test_a_school_site_is_submitted_received_rejected_then_edited_and_resubmitted(
    workspace,
) -> None:
    store = workspace.store
    institution(store, "school")
    site = add_site(store, SITE)
    assert (site.status, site.editable, site.submitted_at) == ("draft", True, None)

    submitted = submit_site(store, site.id)
    assert (submitted.status, submitted.status_label) == ("submitted", "已提交（待上报平台）")
    assert not submitted.editable and submitted.submitted_at is not None
    assert submitted.reviewed_at is None and not submitted.auto_confirmed
    with pytest.raises(SiteError, match="不能修改.*可以先撤回"):
        update_site(store, site.id, dataclasses.replace(SITE, address="别处"))
    with pytest.raises(SiteError, match="不能删除.*可以先撤回"):
        delete_site(store, site.id)
    with pytest.raises(FilingRefused, match="“已提交（待上报平台）”，不能录入审核结果"):
        review_site(store, site.id, approve=True)

    pending = mark_site_received(store, site.id)
    assert (pending.status, pending.auto_confirmed, pending.reviewed_at) == ("待审核", False, None)
    assert pending.submitted_at == submitted.submitted_at
    with pytest.raises(FilingRefused, match="“待审核”，不能撤回"):
        withdraw_site(store, site.id)
    with pytest.raises(SiteError, match="请填写原因"):
        review_site(store, site.id, approve=False)
    assert get_site(store, site.id).status == "待审核", "a refused review changes nothing"
    rejected = review_site(store, site.id, approve=False, reason="详细地址不完整")
    assert (rejected.status, rejected.reject_reason, rejected.editable) == (
        "不通过",
        "详细地址不完整",
        True,
    )

    edited = update_site(store, site.id, dataclasses.replace(SITE, address="示范路1号实训楼"))
    assert edited.status == "不通过" and edited.fields.address == "示范路1号实训楼"
    again = submit_site(store, site.id)
    assert (again.status, again.reject_reason) == ("submitted", None)
    mark_site_received(store, site.id)
    approved = review_site(store, site.id, approve=True)
    assert (approved.status, approved.editable, approved.auto_confirmed) == ("通过", False, False)
    assert approved.reviewed_at is not None
    with pytest.raises(FilingRefused, match="“通过”，不能录入审核结果：只有状态为“待审核”的"):
        review_site(store, site.id, approve=False, reason="再看看")
    with pytest.raises(FilingRefused, match="“通过”，不能提交：只有状态为“草稿”或“不通过”的"):
        submit_site(store, site.id)
    with pytest.raises(FilingRefused, match="“通过”，不能标记为平台已受理"):
        mark_site_received(store, site.id)


def test_a_withdrawn_filing_is_a_draft_again_and_can_be_changed_and_deleted(workspace) -> None:
    store = workspace.store
    institution(store, "school")
    site = add_site(store, SITE)
    with pytest.raises(FilingRefused, match="考点“示范技师学院考点”的状态为“草稿”，不能撤回"):
        withdraw_site(store, site.id)
    with pytest.raises(FilingRefused, match="“草稿”，不能标记为平台已受理"):
        mark_site_received(store, site.id)
    submit_site(store, site.id)
    withdrawn = withdraw_site(store, site.id)
    assert (withdrawn.status, withdrawn.editable, withdrawn.submitted_at) == ("draft", True, None)
    moved = update_site(store, site.id, dataclasses.replace(SITE, address="示范路2号"))
    assert moved.fields.address == "示范路2号"
    delete_site(store, site.id)


def test_a_resubmission_can_be_withdrawn_and_comes_back_a_draft(workspace) -> None:
    store = workspace.store
    institution(store, "school")
    site_id = received_site(store)
    review_site(store, site_id, approve=False, reason="联系电话打不通")
    resubmitted = submit_site(store, site_id)
    assert (resubmitted.status, resubmitted.reject_reason) == ("submitted", None)
    withdrawn = withdraw_site(store, site_id)
    assert (withdrawn.status, withdrawn.reject_reason, withdrawn.editable) == ("draft", None, True)


def test_an_enterprise_site_at_a_filed_level_is_confirmed_when_the_platform_has_it(
    workspace,
) -> None:
    store = workspace.store
    institution(store, "enterprise", level="市")
    same_level = add_site(store, SITE)
    submitted = submit_site(store, same_level.id)
    assert (submitted.status, submitted.auto_confirmed) == ("submitted", False)
    confirmed = mark_site_received(store, same_level.id)
    assert (confirmed.status, confirmed.auto_confirmed) == ("通过", True)
    assert confirmed.reviewed_at is not None
    with pytest.raises(FilingRefused, match="“通过”，不能录入审核结果"):
        review_site(store, same_level.id, approve=True)

    new_level = received_site(store, name="县里考点", level="区县")
    assert get_site(store, new_level).status == "待审核"
    outside = received_site(store, name="杭州考点", in_filing_region=False)
    assert get_site(store, outside).status == "待审核"
    # Once a county-level site is approved, that level is filed: the next one is confirmed.
    review_site(store, new_level, approve=True)
    assert get_site(store, received_site(store, name="县里二号考点", level="区县")).auto_confirmed


def test_the_auto_confirmation_rule() -> None:
    assert auto_confirms("enterprise", {"市"}, "市", True)
    assert not auto_confirms("school", {"市"}, "市", True)
    assert not auto_confirms(None, {"市"}, "市", True)
    assert not auto_confirms("enterprise", {"市"}, "省", True)
    assert not auto_confirms("enterprise", {"市"}, "市", False)


def test_submitting_needs_every_field(workspace) -> None:
    site = add_site(
        workspace.store, dataclasses.replace(SITE, accepting_department=None, address="")
    )
    with pytest.raises(SiteError, match="受理部门、详细地址"):
        submit_site(workspace.store, site.id)


def test_rooms_only_under_an_approved_site(workspace) -> None:
    store = workspace.store
    institution(store, "school")
    site = add_site(store, SITE)
    with pytest.raises(SiteError, match="只能在备案已通过的考点下设置考场"):
        add_room(store, site.id, "3幢2层201")
    submit_site(store, site.id)
    with pytest.raises(SiteError, match="备案状态为“已提交（待上报平台）”：只能在备案已通过"):
        add_room(store, site.id, "3幢2层201")
    mark_site_received(store, site.id)
    with pytest.raises(SiteError, match="待审核"):
        add_room(store, site.id, "3幢2层201")
    review_site(store, site.id, approve=True)
    room = add_room(store, site.id, "3幢2层201")
    assert (room.number, room.seats, room.kind) == ("001", 30, "theory")


def test_room_numbers_are_padded_unique_per_site_and_continue(workspace) -> None:
    store = workspace.store
    first, second = approved_site(store), approved_site(store, name="第二考点")
    assert add_room(store, first, "3幢2层201").number == "001"
    assert add_room(store, first, "3幢2层202", number="7").number == "007"
    assert add_room(store, first, "3幢2层203").number == "008"
    assert add_room(store, second, "1幢1层101", number="001").number == "001"
    with pytest.raises(SiteError, match="已有试场编号 007"):
        add_room(store, first, "3幢2层204", number="007")
    with pytest.raises(SiteError, match="001–999"):
        add_room(store, first, "3幢2层204", number="A1")
    with pytest.raises(SiteError, match="具体位置"):
        add_room(store, first, "  ")
    with pytest.raises(SiteError, match="考场类型"):
        add_room(store, first, "机房", kind="cafeteria")
    assert add_room(store, first, "4幢机房", kind="机房").kind == "computer"


def test_room_copies_of_the_site_details_are_locked_and_follow_the_site(workspace) -> None:
    store = workspace.store
    site_id = approved_site(store)
    room = add_room(store, site_id, "3幢2层201", seats=40)
    assert (room.contact_name, room.contact_phone, room.address) == (
        SITE.contact_name,
        SITE.contact_phone,
        SITE.address,
    )
    with pytest.raises(RoomLocked, match="随考点"):
        update_room(store, room.id, address="别的地址")
    with pytest.raises(RoomLocked):
        update_room(store, room.id, contact_phone="13900000000", seats=50)
    assert get_room(store, room.id).seats == 40, "a refused change changes nothing"
    # Passing the site's own values back (a form saving every field) is not a change.
    same = update_room(store, room.id, contact_name=SITE.contact_name, name="3幢2层202", seats=45)
    assert (same.name, same.seats) == ("3幢2层202", 45)
    # The center sends the filing back; the institution corrects the address and phone.
    with writing(store) as session:
        session.get_one(ExamSite, site_id).status = "不通过"
    update_site(
        store, site_id, dataclasses.replace(SITE, address="新址8号", contact_phone="13900000000")
    )
    moved = get_room(store, room.id)
    assert (moved.address, moved.contact_phone) == ("新址8号", "13900000000")


def test_sites_with_rooms_and_used_rooms_cannot_be_deleted(workspace) -> None:
    from skilldesk.services.plan_sessions import add_session
    from skilldesk.services.plans import create_plan

    store = workspace.store
    site_id = approved_site(store)
    room = add_room(store, site_id, "3幢2层201")
    with pytest.raises(SiteError, match="不能删除"):
        delete_site(store, site_id)
    plan = create_plan(store, "电工", 4)
    add_session(store, plan.id, "理论", room_id=room.id)
    with pytest.raises(SiteError, match="已被评价计划"):
        delete_room(store, room.id)
    draft = add_site(store, dataclasses.replace(SITE, name="草稿考点"))
    delete_site(store, draft.id)
    assert [r.id for r in list_rooms(store)] == [room.id]


def test_site_and_room_commands(tmp_path: Path) -> None:
    data = tmp_path / "ws"
    run_cli(
        "institution",
        "set",
        "--name",
        "示范汽配",
        "--kind",
        "enterprise",
        "--level",
        "市",
        data_dir=data,
        check=True,
    )
    add = [
        "site", "add", "--name", "示范考点", "--level", "市", "--department", "衢州市评价中心",
        "--contact", "钱工", "--phone", "0570-7654321", "--address", "示范大道8号",
    ]  # fmt: skip
    assert run_cli(*add, data_dir=data).returncode == 0
    refused = run_cli("room", "add", "--site", "示范考点", "--name", "3幢2层201", data_dir=data)
    assert refused.returncode == 2 and "备案已通过" in refused.stderr
    early = run_cli("site", "received", "示范考点", data_dir=data)
    assert early.returncode == 2
    assert "状态为“草稿”，不能标记为平台已受理" in early.stderr
    submitted = run_cli("site", "submit", "示范考点", data_dir=data)
    assert submitted.returncode == 0 and "[已提交（待上报平台）]" in submitted.stdout
    assert "skilldesk site received 1" in submitted.stdout
    received = run_cli("site", "received", "示范考点", "--json", data_dir=data)
    assert received.returncode == 0, received.stderr
    confirmed = json.loads(received.stdout)
    assert (confirmed["status"], confirmed["auto_confirmed"]) == ("通过", True)
    room = run_cli(
        "room",
        "add",
        "--site",
        "1",
        "--name",
        "3幢2层201",
        "--seats",
        "40",
        "--json",
        data_dir=data,
    )
    assert json.loads(room.stdout)["address"] == "示范大道8号"
    rooms = json.loads(run_cli("room", "list", "--json", data_dir=data).stdout)["rooms"]
    assert [(r["number"], r["seats"]) for r in rooms] == [("001", 40)]

    outside = [*add[:3], "外地考点", "--outside", *add[4:]]
    run_cli(*outside, data_dir=data, check=True)
    run_cli("site", "submit", "外地考点", data_dir=data, check=True)
    locked = run_cli("site", "edit", "外地考点", "--address", "别处", data_dir=data)
    assert locked.returncode == 2 and "可以先撤回" in locked.stderr
    withdrawn = run_cli("site", "withdraw", "外地考点", data_dir=data)
    assert (
        withdrawn.returncode == 0 and "已撤回" in withdrawn.stdout and "[草稿]" in withdrawn.stdout
    )
    again = run_cli("site", "withdraw", "外地考点", data_dir=data)
    assert again.returncode == 2 and "状态为“草稿”，不能撤回" in again.stderr
    run_cli("site", "submit", "外地考点", data_dir=data, check=True)
    listed = run_cli("site", "list", "--status", "submitted", "--json", data_dir=data)
    assert [s["name"] for s in json.loads(listed.stdout)["sites"]] == ["外地考点"]
    early = run_cli("site", "review", "外地考点", "--approve", data_dir=data)
    assert early.returncode == 2 and "只有状态为“待审核”的才能录入审核结果" in early.stderr
    pending = run_cli("site", "received", "外地考点", data_dir=data)
    assert pending.returncode == 0 and "待评价中心审核" in pending.stdout
    rejected = run_cli("site", "review", "外地考点", "--reject", "地址不详", data_dir=data)
    assert rejected.returncode == 0 and "不通过" in rejected.stdout
    both = run_cli("site", "review", "外地考点", "--approve", "--reject", "x", data_dir=data)
    assert both.returncode == 2
    run_cli("site", "edit", "外地考点", "--address", "杭州市西湖区1号", data_dir=data, check=True)
    run_cli("site", "submit", "外地考点", data_dir=data, check=True)
    run_cli("site", "received", "外地考点", data_dir=data, check=True)
    run_cli("site", "review", "外地考点", "--approve", data_dir=data, check=True)
    sites = json.loads(run_cli("site", "list", "--json", data_dir=data).stdout)["sites"]
    assert [(s["name"], s["status"], s["auto_confirmed"]) for s in sites] == [
        ("示范考点", "通过", True),
        ("外地考点", "通过", False),
    ]


def test_examiner_commands(tmp_path: Path) -> None:
    data = tmp_path / "ws"
    added = run_cli(
        "examiner", "add", "--name", "方建平", "--grade", "高级考评员", "--occupations",
        "电工、焊工", "--gender", "男", "--birth", "1972-03-14", "--badge", "ZJ-KP-0101",
        "--json", data_dir=data,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["occupations"] == ["电工", "焊工"]
    run_cli(
        "examiner", "add", "--name", "吴志刚", "--occupations", "车工", data_dir=data, check=True
    )
    duplicate = run_cli("examiner", "add", "--name", "李四", "--badge", "ZJ-KP-0101", data_dir=data)
    assert duplicate.returncode == 2 and "方建平" in duplicate.stderr
    grade = run_cli("examiner", "add", "--name", "李四", "--grade", "首席", data_dir=data)
    assert grade.returncode == 2 and "高级考评员" in grade.stderr
    welders = run_cli("examiner", "list", "--occupation", "焊工", "--json", data_dir=data)
    listed = json.loads(welders.stdout)["examiners"]
    assert [(e["name"], e["levels"]) for e in listed] == [("方建平", "一级/高级技师及以下")]
    assert "吴志刚  考评员" in run_cli("examiner", "list", data_dir=data).stdout
