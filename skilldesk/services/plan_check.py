"""A stored plan checked as the center would — is this batch ready? — in one list: what the
batch still lacks (services/plan_readiness.py: INSTITUTION_MISSING, PLAN_SITE_MISSING,
PLAN_SESSIONS_MISSING, SCHEME_NOT_COVERING, PLAN_ROSTER_EMPTY, PLAN_ROSTER_ERRORS,
PLAN_PHOTOS_MISSING, EVALUATION_DATE_PAST), its timeline, and what it rests on in the store
(LEVEL_OUT_OF_SCOPE, SITE_NOT_APPROVED, ROOM_NOT_APPROVED, EXAMINERS_TOO_FEW, EXAMINER_GRADE,
SITE_COUNTY_MISMATCH, the institution's FILING_EXPIRING / FILING_EXPIRED).

A plan file is judged on its own content only: its timeline (check_plan_file).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from skilldesk.core.findings import Finding, count_by_severity
from skilldesk.core.models import Examiner, ExamSite, Institution
from skilldesk.core.profiles import DEFAULT_PROFILE, Profile, load_profile
from skilldesk.core.roster_summary import RosterCounts
from skilldesk.core.rules import resources
from skilldesk.core.rules.institution import check_filing
from skilldesk.core.store import Store
from skilldesk.services.examiners import occupations_of
from skilldesk.services.plan_exchange import plan_data_of
from skilldesk.services.plan_readiness import plan_readiness_in
from skilldesk.services.plans import get_plan_row
from skilldesk.services.rule_profile import workspace_profile, workspace_profile_in
from skilldesk.services.scope import scope_entries_in


@dataclass(frozen=True)
class StoredPlanCheck:
    plan_id: int
    title: str
    profile: str
    today: dt.date
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return count_by_severity(self.findings)[0]

    @property
    def warnings(self) -> int:
        return count_by_severity(self.findings)[1]

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan_id,
            "title": self.title,
            "profile": self.profile,
            "today": self.today.isoformat(),
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [f.to_json() for f in self.findings],
        }


def check_stored_plan(
    store: Store, plan_id: int, *, profile: Profile | None = None, today: dt.date | None = None
) -> StoredPlanCheck:
    """Everything that keeps the plan from being submitted, read in one session (see
    check_stored_plan_in). Without a `profile`, the workspace's own (by its region) applies."""
    today = today or dt.date.today()
    with store.session() as session:
        profile = profile or workspace_profile_in(session)
        return check_stored_plan_in(session, plan_id, profile=profile, today=today)


def check_plan_resources(store: Store, plan_id: int, *, today: dt.date) -> list[Finding]:
    """Only the store-level findings: scope, site and rooms, examiners, the filing."""
    with store.session() as session:
        return check_plan_resources_in(session, plan_id, today=today)


def _entry(examiner: Examiner) -> resources.ExaminerEntry:
    return resources.ExaminerEntry(examiner.name, examiner.grade, occupations_of(examiner))


# -- the plan-check use case, as the CLI and the window call it --------------------------------


@dataclass(frozen=True)
class PlanFileCheck:
    """A plan file's timeline findings and the rule profile they were judged by."""

    profile: Profile
    today: dt.date
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return count_by_severity(self.findings)[0]

    @property
    def warnings(self) -> int:
        return count_by_severity(self.findings)[1]

    def to_json(self) -> dict[str, Any]:
        return {
            "profile": self.profile.name,
            "today": self.today.isoformat(),
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [f.to_json() for f in self.findings],
        }


def check_plan_file(
    path: Path, profile_name: str | None = None, today: dt.date | None = None
) -> PlanFileCheck:
    """Check a plan file's timeline (changes nothing), by `profile_name` or the provincial
    profile. Raises PlanFileError or ProfileError (both UserFacingError) for bad input."""
    from skilldesk.core.rules.timeline import check_plan
    from skilldesk.files.plan_file import read_plan_file

    profile = load_profile(profile_name or DEFAULT_PROFILE)
    today = today or dt.date.today()
    return PlanFileCheck(profile, today, check_plan(read_plan_file(path), profile, today=today))


def rule_profile(store: Store, profile_name: str | None = None) -> Profile:
    """The profile called `profile_name`, or else the workspace's own (by its region)."""
    return load_profile(profile_name) if profile_name else workspace_profile(store)


def check_stored_plan_in(
    session: Session,
    plan_id: int,
    *,
    profile: Profile,
    today: dt.date,
    roster: RosterCounts | None = None,
) -> StoredPlanCheck:
    """The plan's readiness inside the caller's session (one snapshot with its other reads):
    what the batch lacks first, in the order of the work, then the timeline, then the
    resources. `roster`: the plan's roster counts, when the caller has read them already."""
    from skilldesk.core.rules.timeline import check_plan

    plan = get_plan_row(session, plan_id)
    findings = plan_readiness_in(session, plan, today=today, roster=roster)
    findings += check_plan(plan_data_of(plan), profile, today=today)
    findings += check_plan_resources_in(session, plan_id, today=today)
    return StoredPlanCheck(plan_id, plan.title, profile.name, today, findings)


def check_plan_resources_in(session: Session, plan_id: int, *, today: dt.date) -> list[Finding]:
    """check_plan_resources, read inside the caller's session (one snapshot)."""
    plan = get_plan_row(session, plan_id)
    occupation, level, work_type = plan.occupation, plan.level, plan.work_type
    institution = session.scalars(select(Institution).order_by(Institution.id)).first()
    findings: list[Finding] = []
    if institution is not None:
        # The scope is the institution's: without one, INSTITUTION_MISSING names the cause.
        findings += resources.check_level_in_scope(
            scope_entries_in(session),
            occupation,
            level,
            code=plan.occupation_code,
            work_type=work_type,
        )
    site = session.get(ExamSite, plan.site_id) if plan.site_id is not None else None
    if site is not None:
        findings += resources.check_plan_site(site.name, site.status)
        findings += resources.check_site_county(site.name, site.in_filing_region, plan.other_county)
    findings += resources.check_session_rooms(
        [
            resources.SessionRoom(
                index=index,
                subject=s.subject,
                room=f"{s.room.number} {s.room.name}",
                site=s.room.site.name,
                site_status=s.room.site.status,
            )
            for index, s in enumerate(plan.sessions)
            if s.room is not None
        ]
    )
    assigned = [_entry(link.examiner) for link in plan.examiner_links]
    on_file = [_entry(e) for e in session.scalars(select(Examiner))]
    findings += resources.check_examiners(occupation, level, assigned, on_file, work_type=work_type)
    if institution is not None:
        findings += check_filing(institution.filing_valid_until, today)
    return findings
