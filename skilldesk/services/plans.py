"""Evaluation plans (评价计划): create, list, find; the plan form's fields; assigned examiners.

The timeline and exam sessions are in plan_sessions.py, the plan file and PlanData mapping in
plan_exchange.py, the stored plan's check in plan_check.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from skilldesk.core import filing
from skilldesk.core.errors import UserFacingError
from skilldesk.core.levels import LEVEL_NAMES, level_name
from skilldesk.core.models import Examiner, ExamSite, Plan, PlanExaminer
from skilldesk.core.normalize import clean_text, to_half_width
from skilldesk.core.plan_data import TIMELINE_KEYS
from skilldesk.core.roster_summary import roster_counts
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import UnitOfWork, unit_of_work

APPLICATION_MODES: tuple[str, ...] = ("常规申报",)
REGISTRATION_MODES: tuple[str, ...] = ("个人实名制申报", "境外申报", "监狱服刑人员申报")
# Seed 000: for these two the institution may batch-import applicants with their photos.
BATCH_IMPORT_MODES: tuple[str, ...] = ("境外申报", "监狱服刑人员申报")

PLAN_NUMBER_MAX = 50  # the column's width


class PlanError(UserFacingError, ValueError):
    """A plan change that cannot be made; the message says why, in Chinese."""


class PlanNotFound(UserFacingError, LookupError):
    def __init__(self, ref: str) -> None:
        super().__init__(f"找不到评价计划“{ref}”。可用 `skilldesk plan list` 查看已有计划的编号。")


@dataclass(frozen=True)
class PlanFields:
    """The plan form (seed 000) apart from the timeline: what the user fills in."""

    occupation: str
    level: int
    occupation_code: str | None = None
    work_type: str | None = None
    application_condition: str | None = None  # 申报条件
    dual_certificate: bool = False  # 一证双证试点计划
    other_county: bool = False  # 备案层级内其他县市区开展等级认定
    site_id: int | None = None  # 考点: an approved one
    application_mode: str = APPLICATION_MODES[0]  # 申报方式
    registration_mode: str = REGISTRATION_MODES[0]  # 报名方式


@dataclass(frozen=True)
class PlanDetails:
    """One plan as the plan page shows it."""

    id: int
    fields: PlanFields
    plan_number: str | None
    status: str
    site_name: str | None
    timeline: dict[str, dt.datetime | dt.date | None]  # TIMELINE_KEYS → value
    submitted_on: dt.date | None
    examiner_ids: tuple[int, ...]
    session_count: int
    version: int  # what a save passes back as `expected_version`

    @property
    def title(self) -> str:
        return f"{self.fields.occupation}（{level_name(self.fields.level)}）"

    @property
    def allows_batch_import(self) -> bool:
        return self.fields.registration_mode in BATCH_IMPORT_MODES

    def to_json(self) -> dict[str, Any]:
        def show(value: object) -> object:
            return (
                value.isoformat(" ")
                if isinstance(value, dt.datetime)
                else (value.isoformat() if isinstance(value, dt.date) else value)
            )

        return {
            "id": self.id,
            **dataclasses.asdict(self.fields),
            "level_name": level_name(self.fields.level),
            "plan_number": self.plan_number,
            "status": self.status,
            "site": self.site_name,
            **{key: show(value) for key, value in self.timeline.items()},
            "submitted_on": show(self.submitted_on),
            "examiners": list(self.examiner_ids),
            "sessions": self.session_count,
        }


@dataclass(frozen=True)
class PlanSummary:
    id: int
    occupation: str
    level: int
    plan_number: str | None
    status: str
    evaluation_date: dt.date | None
    candidate_count: int
    error_rows: int

    @property
    def title(self) -> str:
        return f"{self.occupation}（{level_name(self.level)}）"

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "occupation": self.occupation,
            "level": self.level,
            "level_name": level_name(self.level),
            "plan_number": self.plan_number,
            "status": self.status,
            "evaluation_date": self.evaluation_date.isoformat() if self.evaluation_date else None,
            "candidates": self.candidate_count,
            "candidates_with_errors": self.error_rows,
        }


def create_plan(
    store: Store,
    occupation: str,
    level: int,
    *,
    occupation_code: str | None = None,
    evaluation_date: dt.date | None = None,
) -> PlanSummary:
    occupation = _occupation(occupation)
    _level(level)
    with unit_of_work(store) as uow:
        plan = Plan(
            occupation=occupation,
            level=level,
            occupation_code=occupation_code,
            evaluation_date=evaluation_date,
        )
        uow.session.add(plan)
        uow.session.flush()
        plan_id = plan.id
    return get_plan_summary(store, plan_id)


def list_plans(store: Store, *, today: dt.date | None = None) -> list[PlanSummary]:
    """Every plan with its roster counts — the same counts the roster page's live check gives."""
    with store.session() as session:
        return list_plans_in(session, today or dt.date.today())


def get_plan_summary(store: Store, plan_id: int) -> PlanSummary:
    for summary in list_plans(store):
        if summary.id == plan_id:
            return summary
    raise PlanNotFound(str(plan_id))


def resolve_plan(store: Store, ref: str) -> Plan:
    """Find a plan by its local number (`3`) or the center's plan number (计划编号)."""
    ref = ref.strip()
    with store.session() as session:
        plan = None
        if ref.isdigit():
            plan = session.get(Plan, int(ref))
        if plan is None:
            plan = session.scalars(select(Plan).where(Plan.plan_number == ref)).first()
        if plan is None:
            raise PlanNotFound(ref)
        return plan


def get_plan(store: Store, plan_id: int) -> PlanDetails:
    with store.session() as session:
        return plan_details(session, get_plan_row(session, plan_id))


def update_plan(
    store: Store, plan_id: int, fields: PlanFields, *, expected_version: int | None = None
) -> PlanDetails:
    """Save the plan form's fields; the site must be an approved one.

    `expected_version` (here and below) is the version the page was loaded at: a plan changed
    since, by another window or the command line, is refused (StaleRecord), not overwritten.
    """
    with unit_of_work(store) as uow:
        _expect(uow, plan_id, expected_version)
        return plan_details(uow.session, write_plan_fields(uow.session, plan_id, fields))


def set_plan_timeline(
    store: Store,
    plan_id: int,
    timeline: Mapping[str, dt.datetime | dt.date | None],
    *,
    expected_version: int | None = None,
) -> PlanDetails:
    """Set some or all of the timeline (keys as in TIMELINE_KEYS); the others stay."""
    with unit_of_work(store) as uow:
        _expect(uow, plan_id, expected_version)
        return plan_details(uow.session, write_plan_timeline(uow.session, plan_id, timeline))


def record_plan_submitted(
    store: Store, plan_id: int, on: dt.date | None, *, expected_version: int | None = None
) -> PlanDetails:
    """Note the day the plan was pushed to the center (None: not yet)."""
    with unit_of_work(store) as uow:
        _expect(uow, plan_id, expected_version)
        return plan_details(uow.session, write_plan_submitted(uow.session, plan_id, on))


def record_plan_number(
    store: Store, plan_id: int, number: str | None, *, expected_version: int | None = None
) -> PlanDetails:
    """Note the plan number (计划编号) the center assigned; empty clears it.

    Typed as staff copy it from the platform: spaces and full-width characters are tidied; a
    number that another plan already has is refused, since commands find plans by it.
    """
    text = "".join(to_half_width(number or "").split())
    if len(text) > PLAN_NUMBER_MAX:
        raise PlanError(f"计划编号“{text}”太长了（最多 {PLAN_NUMBER_MAX} 个字符），请核对。")
    if text.isdigit() and len(text) < 6:
        # A short all-digit number would be read as a local plan number (`--plan 3`).
        raise PlanError(f"计划编号“{text}”太短，请按评价中心分配的完整编号填写。")
    with unit_of_work(store) as uow:
        session = uow.session
        plan = _expect(uow, plan_id, expected_version)
        if text:
            other = session.scalars(
                select(Plan).where(Plan.plan_number == text, Plan.id != plan.id)
            ).first()
            if other is not None:
                raise PlanError(f"计划编号“{text}”已用于计划“{other.title}”，请核对后再填。")
        plan.plan_number = text or None
        return plan_details(session, plan)


def set_plan_examiners(
    store: Store,
    plan_id: int,
    examiner_ids: Iterable[int],
    *,
    expected_version: int | None = None,
) -> PlanDetails:
    """Assign exactly these examiners to the plan."""
    with unit_of_work(store) as uow:
        _expect(uow, plan_id, expected_version)
        return plan_details(uow.session, write_plan_examiners(uow.session, plan_id, examiner_ids))


def _expect(uow: UnitOfWork, plan_id: int, expected_version: int | None) -> Plan:
    plan = get_plan_row(uow.session, plan_id)
    uow.expect(plan, expected_version)
    return plan


# The steps above within a caller's transaction (plan_save.py runs them all in one).


def write_plan_fields(session: Session, plan_id: int, fields: PlanFields) -> Plan:
    clean = _clean(fields)
    plan = get_plan_row(session, plan_id)
    if clean.site_id is not None and clean.site_id != plan.site_id:
        _refuse_unapproved_site(session, clean.site_id)
    for name, value in dataclasses.asdict(clean).items():
        setattr(plan, name, value)
    return plan


def write_plan_timeline(
    session: Session, plan_id: int, timeline: Mapping[str, dt.datetime | dt.date | None]
) -> Plan:
    unknown = set(timeline) - set(TIMELINE_KEYS)
    if unknown:
        raise PlanError(f"计划时间安排没有这些项：{'、'.join(sorted(unknown))}。")
    plan = get_plan_row(session, plan_id)
    for key, value in timeline.items():
        if key == "evaluation_date" and isinstance(value, dt.datetime):
            value = value.date()
        elif key != "evaluation_date" and type(value) is dt.date:
            value = dt.datetime.combine(value, dt.time.min)
        setattr(plan, key, value)
    return plan


def write_plan_submitted(session: Session, plan_id: int, on: dt.date | None) -> Plan:
    plan = get_plan_row(session, plan_id)
    plan.submitted_on = on
    return plan


def write_plan_examiners(session: Session, plan_id: int, examiner_ids: Iterable[int]) -> Plan:
    wanted = list(dict.fromkeys(examiner_ids))
    plan = get_plan_row(session, plan_id)
    found = set(session.scalars(select(Examiner.id).where(Examiner.id.in_(wanted))))
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        raise PlanError(f"找不到考评员 {'、'.join(missing)}，可能已被删除。")
    plan.examiner_links = [
        next((link for link in plan.examiner_links if link.examiner_id == i), None)
        or PlanExaminer(examiner_id=i)
        for i in wanted
    ]
    return plan


def get_plan_row(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise PlanNotFound(str(plan_id))
    return plan


def plan_details(session: Session, plan: Plan) -> PlanDetails:
    """The plan as stored; flushes first, so a plan just changed shows its new version."""
    session.flush()
    fields = PlanFields(**{f.name: getattr(plan, f.name) for f in dataclasses.fields(PlanFields)})
    site = session.get(ExamSite, plan.site_id) if plan.site_id is not None else None
    return PlanDetails(
        id=plan.id,
        fields=fields,
        plan_number=plan.plan_number,
        status=plan.status,
        site_name=site.name if site else None,
        timeline={key: getattr(plan, key) for key in TIMELINE_KEYS},
        submitted_on=plan.submitted_on,
        examiner_ids=tuple(link.examiner_id for link in plan.examiner_links),
        session_count=len(plan.sessions),
        version=plan.version,
    )


def _refuse_unapproved_site(session: Session, site_id: int) -> None:
    site = session.get(ExamSite, site_id)
    if site is None:
        raise PlanError(f"找不到考点 {site_id}，它可能已被删除。")
    if site.status != filing.APPROVED:
        raise PlanError(
            f"考点“{site.name}”的备案状态为“{filing.status_label(site.status)}”："
            "评价计划只能选择备案已通过的考点。"
        )


def _clean(fields: PlanFields) -> PlanFields:
    if fields.application_mode not in APPLICATION_MODES:
        raise PlanError(f"申报方式应为 {'、'.join(APPLICATION_MODES)}。")
    if fields.registration_mode not in REGISTRATION_MODES:
        raise PlanError(f"报名方式应为 {'、'.join(REGISTRATION_MODES)} 之一。")
    _level(fields.level)

    def text(value: str | None) -> str | None:
        return clean_text(value) or None if value else None

    return dataclasses.replace(
        fields,
        occupation=_occupation(fields.occupation),
        occupation_code=text(fields.occupation_code),
        work_type=text(fields.work_type),
        application_condition=(fields.application_condition or "").strip() or None,
    )


def _occupation(text: str) -> str:
    occupation = clean_text(text or "")
    if not occupation:
        raise PlanError("请填写职业（工种）名称。")
    return occupation


def _level(level: int) -> None:
    if level not in LEVEL_NAMES:
        raise PlanError("等级应为 1–5（五级/初级工 … 一级/高级技师）。")


def list_plans_in(session: Session, today: dt.date) -> list[PlanSummary]:
    """list_plans, read inside the caller's session (one snapshot with its other reads)."""
    plans = session.scalars(select(Plan).order_by(Plan.id)).all()
    counts = roster_counts(session, [p.id for p in plans], today)
    return [
        PlanSummary(
            id=plan.id,
            occupation=plan.occupation,
            level=plan.level,
            plan_number=plan.plan_number,
            status=plan.status,
            evaluation_date=plan.evaluation_date,
            candidate_count=counts[plan.id].candidates,
            error_rows=counts[plan.id].rows_with_errors,
        )
        for plan in plans
    ]


# -- deleting a plan ----------------------------------------------------------------------------


def plan_was_submitted(plan: Plan) -> bool:
    """Whether the plan has gone to the center (status 已提交/待审核/通过, or a submission day
    recorded): it is then kept — never deleted — and its roster changes by withdrawals only."""
    locked = (filing.SUBMITTED, filing.PENDING, filing.APPROVED)
    return plan.status in locked or plan.submitted_on is not None


@dataclass(frozen=True)
class PlanRemoval:
    """What deleting a plan takes with it: shown for confirmation, then done (`removed`)."""

    plan_id: int
    title: str
    candidates: int
    withdrawn: int  # of `candidates`, those who had withdrawn
    photos: int
    attachments: int  # besides photos
    sessions: int
    examiners: int  # examiner links (the examiners themselves stay)
    imports: int  # recorded roster imports
    removed: bool = False

    def describe(self) -> str:
        parts = [f"考生 {self.candidates} 名"]
        if self.withdrawn:
            parts[0] += f"（其中已退考 {self.withdrawn} 名）"
        for count, what in (
            (self.photos, "照片 {n} 张"),
            (self.attachments, "其他附件 {n} 份"),
            (self.sessions, "考试场次 {n} 场"),
            (self.examiners, "考评员安排 {n} 项（考评员本人保留）"),
            (self.imports, "名册导入记录 {n} 条"),
        ):
            if count:
                parts.append(what.format(n=count))
        return "、".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan_id,
            "title": self.title,
            "removed": self.removed,
            "candidates": self.candidates,
            "withdrawn": self.withdrawn,
            "photos": self.photos,
            "attachments": self.attachments,
            "sessions": self.sessions,
            "examiners": self.examiners,
            "imports": self.imports,
        }


def plan_removal(store: Store, plan_id: int) -> PlanRemoval:
    """What deleting the plan would take with it (nothing is deleted)."""
    with store.session() as session:
        return _plan_removal(session, get_plan_row(session, plan_id))


def delete_plan(store: Store, plan_id: int) -> PlanRemoval:
    """Delete a plan with its candidates, their photos and attachments, its sessions, examiner
    links and import records. A plan already submitted to the center is refused."""
    from skilldesk.core.unit_of_work import unit_of_work

    with unit_of_work(store) as uow:
        plan = get_plan_row(uow.session, plan_id)
        if plan_was_submitted(plan):
            raise PlanError(
                f"评价计划「{plan.title}」已提交评价中心（{_submission(plan)}），不能删除。"
                "如有考生不再参加，请为其办理退考。"
            )
        removal = dataclasses.replace(_plan_removal(uow.session, plan), removed=True)
        uow.session.delete(plan)
        return removal


def _submission(plan: Plan) -> str:
    if plan.submitted_on is not None:
        return f"提交日期 {plan.submitted_on.isoformat()}"
    return f"状态：{filing.status_label(plan.status)}"


def _plan_removal(session: Session, plan: Plan) -> PlanRemoval:
    from sqlalchemy import func

    from skilldesk.core.candidate_status import WITHDRAWN
    from skilldesk.core.models import Attachment, Candidate, ExamSession, ImportBatch

    def count(query: Any) -> int:
        return int(session.scalar(query) or 0)

    of_plan = select(Candidate.id).where(Candidate.plan_id == plan.id)
    photos = count(
        select(func.count())
        .select_from(Attachment)
        .where(Attachment.candidate_id.in_(of_plan), Attachment.kind == "photo")
    )
    attachments = count(
        select(func.count()).select_from(Attachment).where(Attachment.candidate_id.in_(of_plan))
    )
    return PlanRemoval(
        plan_id=plan.id,
        title=plan.title,
        candidates=count(select(func.count()).where(Candidate.plan_id == plan.id)),
        withdrawn=count(
            select(func.count()).where(Candidate.plan_id == plan.id, Candidate.status == WITHDRAWN)
        ),
        photos=photos,
        attachments=attachments - photos,
        sessions=count(select(func.count()).where(ExamSession.plan_id == plan.id)),
        examiners=count(select(func.count()).where(PlanExaminer.plan_id == plan.id)),
        imports=count(select(func.count()).where(ImportBatch.plan_id == plan.id)),
    )
