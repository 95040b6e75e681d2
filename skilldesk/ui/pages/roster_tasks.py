"""The roster page's background work, as plain functions: list and create plans, load a plan's
roster table, save one edited cell, import and export roster workbooks. No widgets here; these
run on the task runner.

Services load lazily, inside the worker, so that the window opens without waiting for the ORM
models, the workbook reader and the rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from skilldesk.ui.workers import bulk_allocation

if TYPE_CHECKING:
    from skilldesk.core.store import Store
    from skilldesk.services.plans import PlanSummary
    from skilldesk.services.roster import CandidateEdit, ImportResult, RosterTable


def list_plan_summaries(store: Store) -> list[PlanSummary]:
    from skilldesk.services.plans import list_plans

    return list_plans(store)


def create_plan(store: Store, occupation: str, level: int) -> PlanSummary:
    from skilldesk.services.plans import create_plan

    return create_plan(store, occupation, level)


def load_roster_table(store: Store, plan_id: int) -> RosterTable:
    from skilldesk.services.roster import load_roster_table

    with bulk_allocation():
        return load_roster_table(store, plan_id)


def import_roster(store: Store, path: Path, plan_id: int, **kwargs: Any) -> ImportResult:
    """`kwargs`: the task runner's `progress` and `cancel`."""
    from skilldesk.services.roster import import_roster_file

    return import_roster_file(store, path, plan_id, **kwargs)


def edit_candidate(store: Store, candidate_id: int, attr: str, text: str) -> CandidateEdit:
    from skilldesk.services.roster import edit_candidate

    return edit_candidate(store, candidate_id, attr, text)


def export_roster(store: Store, plan_id: int, layout: str, out_path: Path) -> int:
    from skilldesk.services.roster import export_plan_roster

    return export_plan_roster(store, plan_id, layout, out_path)  # type: ignore[arg-type]
