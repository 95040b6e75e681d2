"""Stored plans: the form's fields, sessions, PlanData both ways, and the store-level checks."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from skilldesk.core.filing import FilingRefused
from skilldesk.core.models import ExamSite
from skilldesk.core.plan_data import ExamSessionData
from skilldesk.services.examiners import ExaminerFields, add_examiner
from skilldesk.services.institution import update_institution
from skilldesk.services.plan_check import check_plan_resources, check_stored_plan
from skilldesk.services.plan_exchange import (
    apply_plan_data,
    create_plan_from_data,
    every_plan_data,
    plan_data_for,
)
from skilldesk.services.plan_sessions import add_session, list_sessions, update_session
from skilldesk.services.plans import (
    PlanError,
    PlanFields,
    create_plan,
    get_plan,
    set_plan_examiners,
    set_plan_timeline,
    update_plan,
)
from skilldesk.services.rooms import add_room
from skilldesk.services.rule_profile import workspace_profile
from skilldesk.services.schemes import (
    SchemeError,
    SchemeFields,
    SchemeItem,
    check_scheme,
    create_scheme,
    delete_scheme,
    mark_scheme_received,
    review_scheme,
    submit_scheme,
    update_scheme,
    withdraw_scheme,
)
from skilldesk.services.sites import add_site
from tests.helpers import writing
from tests.integration.ready_setup import furnish_ready
from tests.integration.store_setup import SITE, TODAY, furnish

STORE_CODES = {
    "LEVEL_OUT_OF_SCOPE",
    "SITE_NOT_APPROVED",
    "ROOM_NOT_APPROVED",
    "EXAMINERS_TOO_FEW",
    "EXAMINER_GRADE",
    "FILING_EXPIRING",
    "FILING_EXPIRED",
    "SITE_COUNTY_MISMATCH",
}


def codes(store, plan_id: int, today: dt.date = TODAY) -> list[str]:
    return sorted(f.code for f in check_plan_resources(store, plan_id, today=today))


def test_a_furnished_plan_passes_every_check(workspace) -> None:
    furnished = furnish_ready(workspace)  # with a roster, photos and an approved scheme
    result = check_stored_plan(workspace.store, furnished.plan_id, today=TODAY)
    assert result.findings == [] and result.errors == 0
    assert result.title == "电工（四级/中级工）"


def test_the_institutions_region_chooses_the_rules(workspace) -> None:
    furnished = furnish_ready(workspace)
    store = workspace.store
    assert workspace_profile(store).name == "quzhou"  # 浙江省衢州市
    # Seven days of score notice: enough working days for Zhejiang, too few days for Quzhou.
    short = {"score_notice_end": dt.datetime(2026, 10, 26, 23, 59, 59)}
    set_plan_timeline(store, furnished.plan_id, short)
    result = check_stored_plan(store, furnished.plan_id, today=TODAY)
    assert result.profile == "quzhou"
    assert [(f.code, f.field) for f in result.findings] == [
        ("NOTICE_TOO_SHORT", "score_notice_end")
    ]
    update_institution(store, region="浙江省杭州市")
    assert workspace_profile(store).name == "zhejiang"
    assert check_stored_plan(store, furnished.plan_id, today=TODAY).findings == []


def test_the_plan_form_fields_are_kept(workspace) -> None:
    store = workspace.store
    furnished = furnish(store)
    fields = PlanFields(
        occupation="电工",
        level=4,
        occupation_code="6-31-01-03",
        application_condition="取得本职业五级证书后，累计从事本职业工作4年",
        dual_certificate=True,
        other_county=True,
        site_id=furnished.site_id,
        registration_mode="境外申报",
    )
    details = update_plan(store, furnished.plan_id, fields)
    assert details.fields == fields and details.site_name == SITE.name
    assert details.allows_batch_import and details.session_count == 2
    assert get_plan(store, furnished.plan_id).timeline["evaluation_date"] == dt.date(2026, 10, 17)
    with pytest.raises(PlanError, match="报名方式"):
        update_plan(store, furnished.plan_id, dataclasses.replace(fields, registration_mode="网上"))
    draft = add_site(store, dataclasses.replace(SITE, name="未审考点"))
    with pytest.raises(PlanError, match="只能选择备案已通过的考点"):
        update_plan(store, furnished.plan_id, dataclasses.replace(fields, site_id=draft.id))


def test_sessions_only_use_rooms_of_the_plans_approved_site(workspace) -> None:
    store = workspace.store
    furnished = furnish(store)
    other_site = add_site(store, dataclasses.replace(SITE, name="第二考点"))
    with writing(store) as session:
        session.get_one(ExamSite, other_site.id).status = "通过"
    elsewhere = add_room(store, other_site.id, "1幢101")
    with pytest.raises(PlanError, match="不属于本计划选择的考点"):
        add_session(store, furnished.plan_id, "综合", room_id=elsewhere.id)
    with pytest.raises(PlanError, match="考试科目"):
        add_session(store, furnished.plan_id, "体育")
    first = list_sessions(store, furnished.plan_id)[0]
    moved = update_session(
        store, first.id, subject="理论知识", start=first.start, end=first.end, room_id=None
    )
    assert (moved.subject, moved.room_id, moved.room_label) == ("theory", None, "")


def test_plan_data_round_trips_through_the_store(workspace) -> None:
    store = workspace.store
    furnished = furnish(store)
    data = plan_data_for(store, furnished.plan_id)
    assert (data.occupation, data.level, data.evaluation_date) == ("电工", 4, dt.date(2026, 10, 17))
    assert [(s.subject, s.room) for s in data.sessions] == [("theory", "001"), ("practical", "002")]
    copy = create_plan_from_data(store, data)
    assert copy.id != furnished.plan_id and copy.session_count == 2
    assert copy.site_name is None  # the file carries no site: its rooms are matched by number
    assert plan_data_for(store, copy.id) == dataclasses.replace(
        data,
        sessions=[
            dataclasses.replace(s, room=f"{SITE.name}（{name}）")
            for s, name in zip(
                data.sessions, ("实训楼3幢2层201", "实训楼5幢1层电工实训室"), strict=True
            )
        ],
    )
    # Read all at once (the home page does), every plan comes out the same as read alone.
    assert every_plan_data(store) == {
        furnished.plan_id: data,
        copy.id: plan_data_for(store, copy.id),
    }


def test_apply_plan_data_replaces_sessions_and_matches_rooms_by_name(workspace) -> None:
    store = workspace.store
    furnished = furnish(store)
    data = plan_data_for(store, furnished.plan_id)
    data.sessions = [
        ExamSessionData(
            "comprehensive",
            dt.datetime(2026, 10, 17, 9),
            dt.datetime(2026, 10, 17, 11),
            "实训楼5幢1层电工实训室",
        )
    ]
    data.review_deadline = dt.datetime(2026, 9, 21, 23, 59, 59)
    applied = apply_plan_data(store, furnished.plan_id, data)
    assert applied.session_count == 1
    assert [(s.subject, s.room_number) for s in list_sessions(store, furnished.plan_id)] == [
        ("comprehensive", "002")
    ]
    data.sessions[0].room = "999"
    with pytest.raises(PlanError, match="找不到试场编号或名称为“999”"):
        apply_plan_data(store, furnished.plan_id, data)
    assert len(list_sessions(store, furnished.plan_id)) == 1, "a refused import changes nothing"
    assert get_plan(store, furnished.plan_id).timeline["review_deadline"] == data.review_deadline


def test_level_out_of_scope(workspace) -> None:
    store = workspace.store
    furnished = furnish(store)
    plan = get_plan(store, furnished.plan_id)
    update_plan(store, plan.id, dataclasses.replace(plan.fields, level=2))
    finding = check_plan_resources(store, plan.id, today=TODAY)
    assert [f.code for f in finding if f.code == "LEVEL_OUT_OF_SCOPE"] == ["LEVEL_OUT_OF_SCOPE"]
    assert "已备案等级" in next(f.message for f in finding if f.code == "LEVEL_OUT_OF_SCOPE")
    other = create_plan(store, "茶艺师", 4)
    assert codes(store, other.id) == ["EXAMINERS_TOO_FEW", "LEVEL_OUT_OF_SCOPE"]
    welder = create_plan(store, "焊工", 2)  # 焊工 is filed up to 二级/技师
    assert codes(store, welder.id) == ["EXAMINERS_TOO_FEW"]  # but within the filed levels


def test_room_and_site_not_approved(workspace) -> None:
    store = workspace.store
    furnished = furnish(store)
    with writing(store) as session:  # the center withdraws the site's approval
        session.get_one(ExamSite, furnished.site_id).status = "不通过"
    assert codes(store, furnished.plan_id) == [
        "ROOM_NOT_APPROVED",
        "ROOM_NOT_APPROVED",
        "SITE_NOT_APPROVED",
    ]


def test_a_plan_in_another_county_needs_that_countys_site(workspace) -> None:
    store = workspace.store
    furnished = furnish_ready(workspace)
    plan = get_plan(store, furnished.plan_id)
    update_plan(store, plan.id, dataclasses.replace(plan.fields, other_county=True))
    assert codes(store, furnished.plan_id) == ["SITE_COUNTY_MISMATCH"]
    finding = check_stored_plan(store, furnished.plan_id, today=TODAY).findings[0]
    assert finding.severity == "warning" and finding.field == "site"


def test_examiners_too_few_and_grade(workspace) -> None:
    store = workspace.store
    furnished = furnish(store)
    # Nobody assigned: the examiners on file for 电工 who may examine level 4 count (3).
    assert codes(store, furnished.plan_id) == []
    set_plan_examiners(store, furnished.plan_id, furnished.examiner_ids[:2])
    assert codes(store, furnished.plan_id) == ["EXAMINERS_TOO_FEW"]
    set_plan_examiners(store, furnished.plan_id, furnished.examiner_ids)
    assert codes(store, furnished.plan_id) == []
    # Level 2: the two 考评员 may not examine it.
    technician = create_plan(store, "焊工", 2)
    set_plan_examiners(store, technician.id, furnished.examiner_ids)
    grade = [f for f in check_plan_resources(store, technician.id, today=TODAY)]
    assert sorted(f.code for f in grade) == ["EXAMINER_GRADE", "EXAMINER_GRADE"]
    assert {"毛丽华", "郑国强"} == {f.message[:3] for f in grade}
    # Unassigned, only the one senior examiner on file qualifies for level 2.
    set_plan_examiners(store, technician.id, [])
    assert codes(store, technician.id) == ["EXAMINERS_TOO_FEW"]
    for name in ("钱高工", "孙高工"):
        add_examiner(store, ExaminerFields(name=name, grade="高级考评员", occupations=("焊工",)))
    assert codes(store, technician.id) == []


def test_filing_findings_join_the_plan_check(workspace) -> None:
    store = workspace.store
    furnished = furnish(store)
    update_institution(store, filing_valid_until=dt.date(2026, 9, 30))
    assert codes(store, furnished.plan_id) == ["FILING_EXPIRING"]
    assert codes(store, furnished.plan_id, dt.date(2026, 10, 1)) == ["FILING_EXPIRED"]


def test_scheme_self_made_share_scope_and_review(workspace) -> None:
    store = workspace.store
    furnish(store)
    scheme = create_scheme(store, 2026)
    items = (
        SchemeItem("电工", (4, 3), planned_start=dt.date(2026, 10, 1)),
        SchemeItem("茶艺师", (5,)),
    )
    fields = SchemeFields(
        year=2026,
        items=items,
        self_made_share=75,
        examiners=("方建平", "毛丽华", "郑国强", "方建平"),
        supervisors=("吴督导",),
    )
    saved = update_scheme(store, scheme.id, fields)
    assert saved.fields.examiners == ("方建平", "毛丽华", "郑国强")
    assert saved.fields.title == "2026年度职业技能等级认定实施方案"
    assert sorted(f.code for f in check_scheme(store, scheme.id)) == [
        "LEVEL_OUT_OF_SCOPE",
        "SELF_MADE_SHARE",
    ]
    with pytest.raises(SchemeError, match="2 个错误"):
        submit_scheme(store, scheme.id)
    with pytest.raises(SchemeError, match="0–100"):
        update_scheme(store, scheme.id, dataclasses.replace(fields, self_made_share=120))
    update_scheme(
        store, scheme.id, dataclasses.replace(fields, items=items[:1], self_made_share=70)
    )
    assert check_scheme(store, scheme.id) == []
    assert submit_scheme(store, scheme.id).status == "submitted"
    with pytest.raises(SchemeError, match="“已提交（待上报平台）”，不能修改.*可以先撤回"):
        update_scheme(store, scheme.id, fields)
    with pytest.raises(SchemeError, match="不能删除.*可以先撤回"):
        delete_scheme(store, scheme.id)
    with pytest.raises(FilingRefused, match="实施方案的状态为“已提交（待上报平台）”，不能提交"):
        submit_scheme(store, scheme.id)
    with pytest.raises(FilingRefused, match="不能录入审核结果：只有状态为“待审核”的"):
        review_scheme(store, scheme.id, approve=True)
    assert mark_scheme_received(store, scheme.id).status == "待审核"
    with pytest.raises(FilingRefused, match="实施方案的状态为“待审核”，不能撤回"):
        withdraw_scheme(store, scheme.id)
    with pytest.raises(SchemeError, match="不能修改"):
        update_scheme(store, scheme.id, fields)
    assert review_scheme(store, scheme.id, approve=True).status == "通过"


def test_a_scheme_is_withdrawn_to_change_it_and_resubmitted_after_rejection(workspace) -> None:
    store = workspace.store
    furnish(store)
    scheme = create_scheme(store, 2026)
    with pytest.raises(FilingRefused, match="实施方案的状态为“草稿”，不能标记为平台已受理"):
        mark_scheme_received(store, scheme.id)
    fields = SchemeFields(year=2026, items=(SchemeItem("电工", (4,)),), self_made_share=40)
    update_scheme(store, scheme.id, fields)
    submit_scheme(store, scheme.id)
    withdrawn = withdraw_scheme(store, scheme.id)
    assert (withdrawn.status, withdrawn.editable) == ("draft", True)
    changed = update_scheme(store, scheme.id, dataclasses.replace(fields, self_made_share=50))
    assert changed.fields.self_made_share == 50

    submit_scheme(store, scheme.id)
    mark_scheme_received(store, scheme.id)
    with pytest.raises(SchemeError, match="请填写原因"):
        review_scheme(store, scheme.id, approve=False, reason=" ")
    rejected = review_scheme(store, scheme.id, approve=False, reason="缺少督导人员")
    assert (rejected.status, rejected.reject_reason, rejected.editable) == (
        "不通过",
        "缺少督导人员",
        True,
    )
    update_scheme(store, scheme.id, dataclasses.replace(fields, supervisors=("吴督导",)))
    again = submit_scheme(store, scheme.id)
    assert (again.status, again.reject_reason) == ("submitted", None)
