"""Whether a candidate is still sitting the plan: active, or withdrawn (已退考) with a reason.

A withdrawn candidate keeps their record (they may be reinstated) but drops out of everything
that counts, exports, seats, tickets, forms or submits a plan's candidates: those read
`active_candidates` (or filter with `is_active`) instead of all of a plan's candidates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from skilldesk.core.models import Candidate, Plan

ACTIVE = "active"
WITHDRAWN = "withdrawn"
STATUS_LABELS: dict[str, str] = {ACTIVE: "报考中", WITHDRAWN: "已退考"}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def is_active() -> ColumnElement[bool]:
    """The SQL condition for a candidate who still sits the plan."""
    return Candidate.status != WITHDRAWN


def active_candidates(session: Session, plan_id: int) -> Sequence[Candidate]:
    """The plan's candidates who still sit it, in the roster's own order (by id)."""
    query = (
        select(Candidate).where(Candidate.plan_id == plan_id, is_active()).order_by(Candidate.id)
    )
    return session.scalars(query).all()


def is_late_addition(plan: Plan, today: dt.date) -> bool:
    """Whether a candidate added to `plan` on `today` is a late addition (补报).

    Judged by the day: the pre-notice (评前公示) lists the candidates as they stood when it went
    up, and staff speak of additions "after the notice started" by the date.
    """
    start = plan.pre_notice_start
    return start is not None and start.date() <= today
