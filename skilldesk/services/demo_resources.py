"""The demo institution's profile, scope, sites, rooms, examiners, scheme and plan timelines.

All fictional. The timelines are laid out forward from today on working days, so a fresh demo
plan passes the Zhejiang timeline rules; one site is shown sent back by the center, one a draft.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from skilldesk.core import filing
from skilldesk.core.models import (
    CertifiedScope,
    Examiner,
    ExamRoom,
    ExamSession,
    ExamSite,
    Institution,
    Plan,
    PlanExaminer,
    Scheme,
)
from skilldesk.core.models import utc_now as _now
from skilldesk.core.rules.institution import filing_valid_until

ADDRESS = "浙江省衢州市柯城区示范路1号"
SCOPE = (
    ("电工", "6-31-01-03", "5,4,3"),
    ("焊工", "6-18-02-04", "5,4,3"),
    ("车工", "6-18-01-01", "5,4,3,2"),
    ("保育师", "4-10-01-03", "5,4,3"),
)
EXAMINERS = (
    ("方建平", "男", dt.date(1972, 3, 14), "高级讲师", "ZJ-KP-0101", "高级考评员", ("电工", "焊工")),
    ("毛丽华", "女", dt.date(1985, 9, 2), "讲师", "ZJ-KP-0102", "考评员", ("电工", "焊工")),
    ("郑国强", "男", dt.date(1979, 11, 23), "高级技师", "ZJ-KP-0103", "考评员", ("电工", "焊工")),
    ("徐晓燕", "女", dt.date(1976, 6, 8), "高级讲师", "ZJ-KP-0104", "高级考评员", ("电工", "车工")),
    ("吴志刚", "男", dt.date(1981, 1, 30), "技师", "ZJ-KP-0105", "考评员", ("焊工", "车工")),
)  # fmt: skip


@dataclass
class DemoResources:
    site_id: int
    rooms: dict[str, int] = field(default_factory=dict)  # "theory", "电工", "焊工" → room id
    examiners: dict[str, int] = field(default_factory=dict)  # name → id


def add_demo_resources(session: Session, today: dt.date) -> DemoResources:
    """Everything a demo plan rests on, added to `session` (flushed, not committed)."""
    filed_on = today - dt.timedelta(days=300)
    institution = Institution(
        name="衢州市示范技师学院",
        short_name="衢州示范技院",
        credit_code="12330800MB0000000P",
        filing_number="S330800000001",
        kind="school",
        level="市",
        region="浙江省衢州市",
        contact_name="周老师",
        contact_phone="0570-1234567",
        email="jianding@example.com",
        address=ADDRESS,
        filed_on=filed_on,
        filing_valid_until=filing_valid_until(filed_on),
    )
    institution.scopes = [
        CertifiedScope(occupation=o, occupation_code=c, levels=lv) for o, c, lv in SCOPE
    ]
    session.add(institution)
    reviewed = _now()
    details = {
        "level": "市",
        "accepting_department": "衢州市技能人才评价管理服务中心",
        "contact_name": "周老师",
        "contact_phone": "0570-1234567",
    }
    site = ExamSite(
        name="衢州市示范技师学院考点",
        region="柯城区",
        address=ADDRESS,
        status=filing.APPROVED,
        submitted_at=reviewed,
        reviewed_at=reviewed,
        **details,
    )
    rooms = [
        ExamRoom(name="实训楼3幢2层201", number="001", seats=40, kind="theory"),
        ExamRoom(name="实训楼3幢2层202", number="002", seats=40, kind="theory"),
        ExamRoom(name="实训楼5幢1层电工实训室", number="003", seats=24, kind="practical"),
        ExamRoom(name="实训楼6幢1层焊接实训车间", number="004", seats=20, kind="practical"),
        ExamRoom(name="图文楼4层机房", number="005", seats=50, kind="computer"),
    ]
    for room in rooms:
        room.contact_name, room.contact_phone, room.address = (
            site.contact_name,
            site.contact_phone,
            site.address,
        )
    site.rooms = rooms
    rejected = ExamSite(
        name="衢州市示范技师学院东校区考点",
        region="衢江区",
        address="浙江省衢州市衢江区",
        status=filing.REJECTED,
        reject_reason="详细地址不完整，请写明门牌号和楼幢。",
        submitted_at=reviewed,
        reviewed_at=reviewed,
        **details,
    )
    draft = ExamSite(
        name="龙游实训基地考点",
        in_filing_region=False,
        region="龙游县",
        address="浙江省衢州市龙游县",
        **details,
    )
    session.add_all([site, rejected, draft])
    examiners = [
        Examiner(
            name=name,
            gender=sex,
            birth_date=born,
            unit="衢州市示范技师学院",
            title=title,
            badge_number=badge,
            grade=grade,
            occupations=json.dumps(list(occupations), ensure_ascii=False),
        )
        for name, sex, born, title, badge, grade, occupations in EXAMINERS
    ]
    session.add_all(examiners)
    session.add(_scheme(today))
    session.flush()
    return DemoResources(
        site_id=site.id,
        rooms={"theory": rooms[0].id, "电工": rooms[2].id, "焊工": rooms[3].id},
        examiners={e.name: e.id for e in examiners},
    )


def _scheme(today: dt.date) -> Scheme:
    items = [
        {"occupation": o, "work_type": None, "levels": lv, "planned_start": s, "planned_end": e}
        for o, lv, s, e in (
            ("电工", [5, 4, 3], f"{today.year}-03-01", f"{today.year}-12-31"),
            ("焊工", [5, 4, 3], f"{today.year}-03-01", f"{today.year}-12-31"),
        )
    ]
    return Scheme(
        year=today.year,
        title=f"{today.year}年度职业技能等级认定实施方案",
        status=filing.APPROVED,
        items=json.dumps([{**i, "note": None} for i in items], ensure_ascii=False),
        conditions="以国家职业技能标准规定的申报条件为依据（含破格申报）。",
        content="职业道德和工匠精神、理论知识、操作技能；技工院校学生另评学习实践成果。",
        methods="理论知识考试（上机考试）+ 操作技能考核（实际操作），各科百分制，60 分及以上合格。",
        question_sources="国家题库试题与自行命题相结合，自行命题比例 40%。",
        self_made_share=40,
        staff=json.dumps(["周老师", "陈老师"], ensure_ascii=False),
        examiners=json.dumps([e[0] for e in EXAMINERS], ensure_ascii=False),
        supervisors=json.dumps(["杨督导"], ensure_ascii=False),
    )


def lay_out_plan(
    session: Session, plan: Plan, resources: DemoResources, today: dt.date, index: int
) -> dt.date:
    """Give a demo plan its form fields, timeline, two sessions and three examiners.

    The dates meet both profiles: notices of at least 5 working and 10 calendar days, a ticket
    window of 12 days ending on the exam day. Plans open ten working days apart.
    """
    opens = _working_days_after(today, 11 + 10 * index)
    registration_end = opens + dt.timedelta(days=6)
    review = registration_end + dt.timedelta(days=2)
    notice_start = review + dt.timedelta(days=1)
    notice_end = _notice_end(notice_start)
    exam_day = _working_days_after(notice_end, 6)
    scores = exam_day + dt.timedelta(days=3)
    times = {
        "registration_start": _at(opens),
        "registration_end": _end(registration_end),
        "review_deadline": _end(review),
        "pre_notice_start": _at(notice_start),
        "pre_notice_end": _end(notice_end),
        "ticket_download_start": _at(exam_day - dt.timedelta(days=11)),
        "ticket_download_end": _end(exam_day),
        "score_notice_start": _at(scores),
        "score_notice_end": _end(_notice_end(scores)),
    }
    for key, value in times.items():
        setattr(plan, key, value)
    plan.evaluation_date = exam_day
    plan.site_id = resources.site_id
    plan.application_condition = "累计从事本职业（工种）工作满规定年限，或取得相关专业毕业证书。"
    plan.sessions = [
        ExamSession(
            subject="theory",
            start=_at(exam_day, 9),
            end=_at(exam_day, 10, 30),
            room_id=resources.rooms["theory"],
        ),
        ExamSession(
            subject="practical",
            start=_at(exam_day, 13, 30),
            end=_at(exam_day, 16, 30),
            room_id=resources.rooms.get(plan.occupation, resources.rooms["theory"]),
        ),
    ]
    names = (
        ("方建平", "毛丽华", "郑国强")
        if plan.occupation == "电工"
        else ("方建平", "毛丽华", "吴志刚")
    )
    plan.examiner_links = [PlanExaminer(examiner_id=resources.examiners[n]) for n in names]
    return exam_day


def _notice_end(start: dt.date) -> dt.date:
    """A notice's last day: 7 working days and at least 12 calendar days, counting `start`."""
    return max(_working_days_after(start, 6), start + dt.timedelta(days=11))


def _working_days_after(day: dt.date, count: int) -> dt.date:
    """`count` working days after `day`; weekdays stand in where the holiday calendar ends."""
    from skilldesk.core.workdays import is_covered, is_workday

    while count > 0:
        day += dt.timedelta(days=1)
        if is_workday(day) if is_covered(day) else day.weekday() < 5:
            count -= 1
    return day


def _at(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def _end(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59))
