"""Exam-site filings and rooms: the review workflow, auto-confirmation, locked room details."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

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
    review_site,
    submit_site,
    update_site,
)
from tests.helpers import run_cli
from tests.integration.store_setup import SITE


def institution(store, kind: str, level: str = "市") -> None:
    number = "Y330800000001" if kind == "enterprise" else "S330800000001"
    save_institution(
        store, InstitutionProfile(name="示范机构", kind=kind, level=level, filing_number=number)
    )


def approved_site(store, **changes) -> int:
    site = add_site(store, dataclasses.replace(SITE, **changes))
    submit_site(store, site.id)
    if get_site(store, site.id).status == "待审核":
        review_site(store, site.id, approve=True)
    return site.id


def test_a_school_site_goes_to_review_and_a_rejected_one_is_edited_and_resubmitted(
    workspace,
) -> None:
    store = workspace.store
    institution(store, "school")
    site = add_site(store, SITE)
    assert (site.status, site.editable) == ("draft", True)
    pending = submit_site(store, site.id)
    assert (pending.status, pending.auto_confirmed) == ("待审核", False)
    with pytest.raises(SiteError, match="不能修改"):
        update_site(store, site.id, dataclasses.replace(SITE, address="别处"))
    with pytest.raises(SiteError, match="请填写原因"):
        review_site(store, site.id, approve=False)
    rejected = review_site(store, site.id, approve=False, reason="详细地址不完整")
    assert (rejected.status, rejected.reject_reason, rejected.editable) == (
        "不通过",
        "详细地址不完整",
        True,
    )
    edited = update_site(store, site.id, dataclasses.replace(SITE, address="示范路1号实训楼"))
    assert edited.status == "不通过" and edited.fields.address == "示范路1号实训楼"
    again = submit_site(store, site.id)
    assert (again.status, again.reject_reason) == ("待审核", None)
    approved = review_site(store, site.id, approve=True)
    assert (approved.status, approved.editable) == ("通过", False)
    with pytest.raises(SiteError, match="只有待审核"):
        review_site(store, site.id, approve=False, reason="再看看")
    with pytest.raises(SiteError, match="不需要再提交"):
        submit_site(store, site.id)


def test_an_enterprise_site_at_a_filed_level_is_confirmed_without_review(workspace) -> None:
    store = workspace.store
    institution(store, "enterprise", level="市")
    same_level = submit_site(store, add_site(store, SITE).id)
    assert (same_level.status, same_level.auto_confirmed) == ("通过", True)
    new_level = add_site(store, dataclasses.replace(SITE, name="县里考点", level="区县"))
    assert submit_site(store, new_level.id).status == "待审核"
    outside = add_site(store, dataclasses.replace(SITE, name="杭州考点", in_filing_region=False))
    assert submit_site(store, outside.id).status == "待审核"
    # Once a county-level site is approved, that level is filed: the next one is confirmed.
    review_site(store, new_level.id, approve=True)
    second = add_site(store, dataclasses.replace(SITE, name="县里二号考点", level="区县"))
    assert submit_site(store, second.id).auto_confirmed


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
    with store.transaction() as session:
        session.get(ExamSite, site_id).status = "不通过"
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
    submitted = run_cli("site", "submit", "示范考点", data_dir=data)
    assert "自动确认" in submitted.stdout
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
    assert "待审核" in run_cli("site", "submit", "外地考点", data_dir=data).stdout
    rejected = run_cli("site", "review", "外地考点", "--reject", "地址不详", data_dir=data)
    assert rejected.returncode == 0 and "不通过" in rejected.stdout
    both = run_cli("site", "review", "外地考点", "--approve", "--reject", "x", data_dir=data)
    assert both.returncode == 2
    run_cli("site", "edit", "外地考点", "--address", "杭州市西湖区1号", data_dir=data, check=True)
    run_cli("site", "submit", "外地考点", data_dir=data, check=True)
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
