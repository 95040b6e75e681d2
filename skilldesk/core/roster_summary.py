"""How many of a plan's candidates have errors or warnings: one truth, from the live check.

The roster page checks every row live (withdrawn candidates are listed but neither checked nor
counted); the plan list and the home page need the same answer
for every plan at once. They read `roster_summary`, a cache the unit of work rebuilds (with
`rebuild_summaries`) in the same transaction as every change to a roster or a plan's exam date,
stamped with what it was computed for. A stamp that no longer matches (the rules changed with
an upgrade, or the day moved on) makes `roster_counts` check that plan live instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from skilldesk.core.candidate_status import WITHDRAWN
from skilldesk.core.fields import ATTRS
from skilldesk.core.models import Candidate, Plan, RosterSummary
from skilldesk.core.roster_data import RawRow
from skilldesk.core.rules.roster import check_roster

# Raise when a change to the roster rules can change any row's verdict: stored summaries
# computed under another number are then recognised as stale.
ROSTER_RULES_VERSION = 1


@dataclass(frozen=True)
class RosterCounts:
    candidates: int = 0
    rows_with_errors: int = 0
    rows_with_warnings: int = 0


def stamp(evaluation_date: dt.date | None, today: dt.date) -> str:
    """What a summary depends on besides the rows: the rules, the day ages are counted at, today."""
    reference = evaluation_date or today
    return f"r{ROSTER_RULES_VERSION}:{reference.isoformat()}:{today.isoformat()}"


def raw_rows(session: Session, plan_id: int) -> tuple[list[int], list[RawRow]]:
    """A plan's active candidates as the check reads them, numbered by their row in the roster
    table (which lists withdrawn candidates too: the table's own order, rows from 1)."""
    columns = [getattr(Candidate, attr) for attr in ATTRS]
    result = session.execute(
        select(Candidate.id, Candidate.status, *columns)
        .where(Candidate.plan_id == plan_id)
        .order_by(Candidate.id)
    ).all()
    ids: list[int] = []
    rows: list[RawRow] = []
    for position, r in enumerate(result, 1):
        if r[1] == WITHDRAWN:  # withdrawn: kept on the roster, out of every count
            continue
        ids.append(r[0])
        rows.append(RawRow(row=position, values=dict(zip(ATTRS, r[2:], strict=True))))
    return ids, rows


def live_counts(
    rows: list[RawRow], evaluation_date: dt.date | None, today: dt.date
) -> RosterCounts:
    check = check_roster(rows, reference_date=evaluation_date or today, today=today)
    return RosterCounts(
        candidates=len(check.rows),
        rows_with_errors=sum(1 for r in check.rows if r.error_count),
        rows_with_warnings=sum(1 for r in check.rows if r.warning_count),
    )


def rebuild_summaries(session: Session, plan_ids: Iterable[int], today: dt.date) -> None:
    """Store fresh summaries for these plans (those that still exist), inside the caller's transaction."""
    ids = sorted(set(plan_ids))
    if not ids:
        return
    dates = dict(
        session.execute(select(Plan.id, Plan.evaluation_date).where(Plan.id.in_(ids))).all()
    )
    session.execute(delete(RosterSummary).where(RosterSummary.plan_id.in_(ids)))
    for plan_id in ids:
        if plan_id not in dates:
            continue  # deleted in this same unit of work
        _, rows = raw_rows(session, plan_id)
        counts = live_counts(rows, dates[plan_id], today)
        session.add(
            RosterSummary(
                plan_id=plan_id,
                computed_for=stamp(dates[plan_id], today),
                candidates=counts.candidates,
                rows_with_errors=counts.rows_with_errors,
                rows_with_warnings=counts.rows_with_warnings,
            )
        )


def stale_plans(session: Session, today: dt.date) -> list[int]:
    """Plans whose stored summary is missing or was computed for other rules or another day."""
    rows = session.execute(
        select(Plan.id, Plan.evaluation_date, RosterSummary.computed_for).outerjoin(
            RosterSummary, RosterSummary.plan_id == Plan.id
        )
    ).all()
    return [pid for pid, date, computed in rows if computed != stamp(date, today)]


def roster_counts(
    session: Session, plan_ids: Collection[int], today: dt.date
) -> dict[int, RosterCounts]:
    """Each plan's counts: the stored summary where it is current, else checked live now."""
    if not plan_ids:
        return {}
    rows = session.execute(
        select(Plan.id, Plan.evaluation_date, RosterSummary)
        .outerjoin(RosterSummary, RosterSummary.plan_id == Plan.id)
        .where(Plan.id.in_(plan_ids))
    ).all()
    counts: dict[int, RosterCounts] = {}
    for plan_id, evaluation_date, summary in rows:
        if summary is not None and summary.computed_for == stamp(evaluation_date, today):
            counts[plan_id] = RosterCounts(
                summary.candidates, summary.rows_with_errors, summary.rows_with_warnings
            )
        else:
            _, raw = raw_rows(session, plan_id)
            counts[plan_id] = live_counts(raw, evaluation_date, today)
    return counts
