"""What a workspace still lacks before plans can pass their checks: the groundwork, step by step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from skilldesk.core import filing
from skilldesk.core.findings import Finding
from skilldesk.core.models import CertifiedScope, Examiner, ExamRoom, ExamSite, Institution, Scheme
from skilldesk.core.rules.institution import check_filing
from skilldesk.core.rules.resources import MIN_EXAMINERS
from skilldesk.core.store import Store


@dataclass(frozen=True)
class SetupStep:
    """One piece of groundwork: what it is, whether it is done, where to do it, what is missing."""

    title: str  # 机构信息
    page: str  # the window page where it is done, by its navigation title
    done: bool
    missing: str  # what is still to do, in words; "" when done


def setup_steps(store: Store, year: int) -> list[SetupStep]:
    """The groundwork in the order of the work: institution, scope, sites and rooms, examiners,
    the annual scheme of `year`."""
    with store.session() as session:
        return setup_steps_in(session, year)


def setup_steps_in(session: Session, year: int) -> list[SetupStep]:
    """setup_steps, read inside the caller's session."""
    named = session.scalar(
        select(func.count()).select_from(Institution).where(Institution.name != "")
    )
    scope = session.scalar(select(func.count()).select_from(CertifiedScope))
    approved_sites = session.scalar(
        select(func.count()).select_from(ExamSite).where(ExamSite.status == filing.APPROVED)
    )
    rooms = session.scalar(
        select(func.count())
        .select_from(ExamRoom)
        .join(ExamSite)
        .where(ExamSite.status == filing.APPROVED)
    )
    examiners = session.scalar(select(func.count()).select_from(Examiner)) or 0
    schemes = set(session.scalars(select(Scheme.status).where(Scheme.year == year)))
    scheme_missing = ""
    if filing.APPROVED not in schemes:
        scheme_missing = (
            f"{year} 年度实施方案还未审核通过"
            if schemes
            else f"还没有编制 {year} 年度实施方案（附件8）"
        )
    return [
        SetupStep("机构信息", "机构信息", bool(named), "" if named else "填写机构名称、备案号等"),
        SetupStep(
            "认定范围", "机构信息", bool(scope), "" if scope else "录入或从附件13导入认定范围"
        ),
        SetupStep(
            "考点与考场",
            "考点与考场",
            bool(approved_sites and rooms),
            ""
            if approved_sites and rooms
            else ("在备案通过的考点下设置考场" if approved_sites else "还没有备案通过的考点"),
        ),
        SetupStep(
            "考评员",
            "考评员",
            examiners >= MIN_EXAMINERS,
            ""
            if examiners >= MIN_EXAMINERS
            else f"已登记 {examiners} 人，每个职业至少需 {MIN_EXAMINERS} 人",
        ),
        SetupStep("年度实施方案", "年度实施方案", not scheme_missing, scheme_missing),
    ]


def filing_notice(store: Store, today: dt.date) -> Finding | None:
    """FILING_EXPIRING or FILING_EXPIRED when the institution's filing lapses soon or has lapsed."""
    with store.session() as session:
        return filing_notice_in(session, today)


def filing_notice_in(session: Session, today: dt.date) -> Finding | None:
    """filing_notice, read inside the caller's session."""
    valid_until = session.scalars(
        select(Institution.filing_valid_until).order_by(Institution.id)
    ).first()
    findings = check_filing(valid_until, today)
    return findings[0] if findings else None
