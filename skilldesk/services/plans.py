"""Evaluation plans: the minimum a roster needs to belong somewhere (plans grow later)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from skilldesk.core.levels import LEVEL_NAMES, level_name
from skilldesk.core.models import Candidate, Plan
from skilldesk.core.store import Store


class PlanNotFound(LookupError):
    def __init__(self, ref: str) -> None:
        super().__init__(f"找不到评价计划“{ref}”。可用 `skilldesk plan list` 查看已有计划的编号。")


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
    occupation = occupation.strip()
    if not occupation:
        raise ValueError("请填写职业（工种）名称。")
    if level not in LEVEL_NAMES:
        raise ValueError("等级应为 1–5（五级/初级工 … 一级/高级技师）。")
    with store.transaction() as session:
        plan = Plan(
            occupation=occupation,
            level=level,
            occupation_code=occupation_code,
            evaluation_date=evaluation_date,
        )
        session.add(plan)
        session.flush()
        plan_id = plan.id
    return get_plan_summary(store, plan_id)


def list_plans(store: Store) -> list[PlanSummary]:
    counts = (
        select(
            Candidate.plan_id,
            func.count().label("n"),
            func.sum((Candidate.error_count > 0).cast(Candidate.error_count.type)).label("bad"),
        )
        .group_by(Candidate.plan_id)
        .subquery()
    )
    query = (
        select(Plan, counts.c.n, counts.c.bad)
        .outerjoin(counts, counts.c.plan_id == Plan.id)
        .order_by(Plan.id)
    )
    with store.session() as session:
        return [
            PlanSummary(
                id=plan.id,
                occupation=plan.occupation,
                level=plan.level,
                plan_number=plan.plan_number,
                status=plan.status,
                evaluation_date=plan.evaluation_date,
                candidate_count=n or 0,
                error_rows=bad or 0,
            )
            for plan, n, bad in session.execute(query)
        ]


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
