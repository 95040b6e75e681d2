"""What a stored plan still lacks as a batch — institution, site, sessions, an approved scheme
listing it, a roster without errors, a photo for everyone who sits, an exam day ahead — read from
the caller's session (core/rules/readiness.py judges)."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from skilldesk.core.candidate_status import WITHDRAWN, is_active
from skilldesk.core.findings import Finding
from skilldesk.core.models import Attachment, Candidate, Institution, Plan, Scheme
from skilldesk.core.roster_summary import RosterCounts, roster_counts
from skilldesk.core.rules import readiness
from skilldesk.core.rules.resources import ScopeEntry
from skilldesk.services.photo_store import PHOTO_KIND
from skilldesk.services.schemes import SchemeItem


def plan_readiness_in(
    session: Session, plan: Plan, *, today: dt.date, roster: RosterCounts | None = None
) -> list[Finding]:
    """The batch-level findings of `plan`, in the order of the work. `roster` is the plan's
    roster counts when the caller has them already (the 首页 reads every plan's at once)."""
    counts = roster or roster_counts(session, [plan.id], today)[plan.id]
    findings = readiness.check_institution(institution_named(session))
    findings += readiness.check_site_and_sessions(plan.site_id is not None, len(plan.sessions))
    findings += readiness.check_scheme_coverage(
        scheme_entries_in(session),
        plan.occupation,
        plan.level,
        plan.evaluation_date,
        code=plan.occupation_code,
        work_type=plan.work_type,
    )
    findings += readiness.check_roster(
        counts.candidates, _withdrawn(session, plan.id), counts.rows_with_errors
    )
    findings += readiness.check_photos(without_photo_in(session, plan.id))
    findings += readiness.check_evaluation_date(plan.evaluation_date, today)
    return findings


def institution_named(session: Session) -> bool:
    """Whether the workspace has an institution with a name (what the 首页's first step asks)."""
    query = select(func.count()).select_from(Institution).where(Institution.name != "")
    return bool(session.scalar(query))


def scheme_entries_in(session: Session) -> list[readiness.SchemeEntry]:
    """Every annual scheme's year, status and items, as the coverage check reads them."""
    entries = []
    for year, status, items in session.execute(
        select(Scheme.year, Scheme.status, Scheme.items).order_by(Scheme.id)
    ):
        listed = (SchemeItem.from_json(item) for item in json.loads(items or "[]"))
        entries.append(
            readiness.SchemeEntry(
                year,
                status,
                tuple(ScopeEntry(i.occupation, None, i.work_type, i.levels) for i in listed),
            )
        )
    return entries


def without_photo_in(session: Session, plan_id: int) -> list[str]:
    """The names of the plan's active candidates with no stored photo, in roster order. Only
    photos that passed the check are ever stored (photo_store.import_photos), so a stored photo
    is an accepted one."""
    has_photo = exists().where(
        Attachment.candidate_id == Candidate.id, Attachment.kind == PHOTO_KIND
    )
    query = (
        select(Candidate.name)
        .where(Candidate.plan_id == plan_id, is_active(), ~has_photo)
        .order_by(Candidate.id)
    )
    return [name or "（未填姓名）" for name in session.scalars(query)]


def _withdrawn(session: Session, plan_id: int) -> int:
    query = (
        select(func.count())
        .select_from(Candidate)
        .where(Candidate.plan_id == plan_id, Candidate.status == WITHDRAWN)
    )
    return session.scalar(query) or 0
