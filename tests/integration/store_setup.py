"""A furnished workspace for the plan tests: institution, scope, an approved site with rooms,
examiners and one plan with its timeline and sessions (all fictional)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stdnum.cn import uscc

from skilldesk.core.store import Store
from skilldesk.services.examiners import ExaminerFields, add_examiner
from skilldesk.services.institution import InstitutionProfile, save_institution
from skilldesk.services.plan_sessions import add_session
from skilldesk.services.plans import PlanFields, create_plan, set_plan_timeline, update_plan
from skilldesk.services.rooms import add_room
from skilldesk.services.scope import add_scope_row
from skilldesk.services.sites import (
    SiteFields,
    add_site,
    mark_site_received,
    review_site,
    submit_site,
)

T = dt.datetime


def valid_credit_code(first17: str = "12330800MB1234567") -> str:
    return first17 + uscc.calc_check_digit(first17)


SITE = SiteFields(
    name="示范技师学院考点",
    level="市",
    region="柯城区",
    accepting_department="衢州市技能人才评价管理服务中心",
    contact_name="周老师",
    contact_phone="0570-1234567",
    address="浙江省衢州市柯城区示范路1号",
)
# A timeline that passes both the Zhejiang and the Quzhou rules when checked on 2026-08-31: the
# institution is in Quzhou, so its plans are checked by the Quzhou profile (10-day notices, a
# ticket window of at least 10 days ending on the exam day).
TIMELINE: dict[str, dt.datetime | dt.date] = {
    "registration_start": T(2026, 9, 15),
    "registration_end": T(2026, 9, 18, 23, 59, 59),
    "review_deadline": T(2026, 9, 22, 23, 59, 59),
    "pre_notice_start": T(2026, 9, 24),
    "pre_notice_end": T(2026, 10, 8, 23, 59, 59),
    "ticket_download_start": T(2026, 10, 8),
    "ticket_download_end": T(2026, 10, 17, 23, 59, 59),
    "evaluation_date": dt.date(2026, 10, 17),
    "score_notice_start": T(2026, 10, 20),
    "score_notice_end": T(2026, 10, 29, 23, 59, 59),
}
TODAY = dt.date(2026, 8, 31)


@dataclass
class Furnished:
    site_id: int
    room_ids: list[int]
    examiner_ids: list[int]
    plan_id: int


def furnish(store: Store, *, kind: str = "school") -> Furnished:
    save_institution(
        store,
        InstitutionProfile(
            name="衢州市示范技师学院",
            credit_code=valid_credit_code(),
            filing_number="S330800000001" if kind == "school" else "Y330800000001",
            kind=kind,
            level="市",
            region="浙江省衢州市",
            filed_on=dt.date(2025, 3, 1),
        ),
    )
    add_scope_row(store, "电工", "6-31-01-03", None, "5、4、3")
    add_scope_row(
        store, "焊工", "6-18-02-04", None, "五级/初级工、四级/中级工、三级/高级工、二级/技师"
    )
    site = add_site(store, SITE)
    submit_site(store, site.id)
    if mark_site_received(store, site.id).status != "通过":
        review_site(store, site.id, approve=True)
    rooms = [
        add_room(store, site.id, "实训楼3幢2层201", seats=40, kind="theory").id,
        add_room(store, site.id, "实训楼5幢1层电工实训室", seats=24, kind="practical").id,
    ]
    examiners = [
        add_examiner(store, ExaminerFields(name=n, grade=g, occupations=("电工", "焊工"))).id
        for n, g in (("方建平", "高级考评员"), ("毛丽华", "考评员"), ("郑国强", "考评员"))
    ]
    plan = create_plan(store, "电工", 4, occupation_code="6-31-01-03")
    update_plan(
        store,
        plan.id,
        PlanFields(
            occupation="电工",
            level=4,
            occupation_code="6-31-01-03",
            site_id=site.id,
            application_condition="从事本职业工作满4年",
        ),
    )
    set_plan_timeline(store, plan.id, TIMELINE)
    add_session(
        store,
        plan.id,
        "theory",
        start=T(2026, 10, 17, 9),
        end=T(2026, 10, 17, 10, 30),
        room_id=rooms[0],
    )
    add_session(
        store,
        plan.id,
        "practical",
        start=T(2026, 10, 17, 13, 30),
        end=T(2026, 10, 17, 16, 30),
        room_id=rooms[1],
    )
    return Furnished(site.id, rooms, examiners, plan.id)
