"""The 首页's read model: every plan's upcoming deadlines, soonest first, the plans' counts and
readiness, the groundwork still to do and the institution's filing — read in one session, one
snapshot."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from skilldesk.core.findings import ERROR, Finding
from skilldesk.core.roster_summary import RosterCounts
from skilldesk.core.store import Store
from skilldesk.core.timeline_view import Deadline, upcoming_deadlines
from skilldesk.services.plan_check import StoredPlanCheck, check_stored_plan_in
from skilldesk.services.plan_exchange import every_plan_data_in
from skilldesk.services.plans import PlanSummary, list_plans_in
from skilldesk.services.readiness import SetupStep, filing_notice_in, setup_steps_in
from skilldesk.services.rule_profile import workspace_profile_in

SOON_DAYS = 7  # a deadline this close is "soon" on the 首页


@dataclass(frozen=True)
class DueRow:
    """One deadline of one plan; `span` is the rule in words (`10个工作日`), empty for milestones."""

    plan_id: int
    deadline: Deadline
    span: str = ""

    @property
    def soon(self) -> bool:
        left = self.deadline.days_left
        return left is not None and 0 <= left <= SOON_DAYS


@dataclass(frozen=True)
class PlanReadiness:
    """Whether a plan may be submitted, in brief: its counts and the problem to tackle first."""

    plan_id: int
    title: str
    errors: int
    warnings: int
    top: Finding | None  # the first error in the check's order, else the first warning

    @property
    def ready(self) -> bool:
        return not self.errors

    @classmethod
    def of(cls, check: StoredPlanCheck) -> PlanReadiness:
        errors = [f for f in check.findings if f.severity == ERROR]
        first = errors or check.findings
        top = first[0] if first else None
        return cls(check.plan_id, check.title, check.errors, check.warnings, top)


@dataclass(frozen=True)
class HomeAgenda:
    today: dt.date
    plans: list[PlanSummary]
    rows: list[DueRow]
    profile_title: str  # whose rules the deadlines follow
    setup: list[SetupStep]  # the groundwork, done or not
    filing: Finding | None  # the institution's filing lapsing soon, or lapsed
    readiness: list[PlanReadiness]  # every plan's, in the plan list's order


def load_home_agenda(store: Store, today: dt.date) -> HomeAgenda:
    """Every plan's upcoming deadlines and the counts beside them, as of one moment."""
    with store.session() as session:
        profile = workspace_profile_in(session)
        plans = list_plans_in(session, today)
        timelines = every_plan_data_in(session)
        setup = setup_steps_in(session, today.year)
        filing = filing_notice_in(session, today)
        readiness = [
            PlanReadiness.of(
                check_stored_plan_in(
                    session,
                    plan.id,
                    profile=profile,
                    today=today,
                    # The counts the plan list just read: the same truth, not read twice.
                    roster=RosterCounts(plan.candidate_count, plan.error_rows),
                )
            )
            for plan in plans
        ]
    rows: list[DueRow] = []
    for plan in plans:
        for deadline in upcoming_deadlines([(plan.title, timelines[plan.id])], profile, today):
            span = getattr(profile.deadlines, deadline.key, None)
            rows.append(DueRow(plan.id, deadline, span.describe() if span is not None else ""))
    # Soonest first; a plan's own order (its timeline) settles ties. sorted() is stable.
    rows.sort(key=lambda r: (r.deadline.due or dt.date.max, r.deadline.plan_title, r.plan_id))
    return HomeAgenda(today, plans, rows, profile.title, setup, filing, readiness)
