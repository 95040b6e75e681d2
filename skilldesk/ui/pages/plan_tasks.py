"""The plan page's background work, as plain functions: load a plan with all the form offers,
save the form, export and import plan files. No widgets here; these run on the task runner.

Services load lazily, inside the worker, so the window opens without waiting for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from skilldesk.ui.widgets.sessions_editor import SessionRow

if TYPE_CHECKING:
    from skilldesk.core.store import Store
    from skilldesk.services.examiners import ExaminerInfo
    from skilldesk.services.plan_check import StoredPlanCheck
    from skilldesk.services.plan_exchange import PlanImport
    from skilldesk.services.plans import PlanDetails, PlanSummary
    from skilldesk.ui.widgets.timeline_layout import TimelinePicture


@dataclass(frozen=True)
class PlanState:
    """One plan as stored, with the choices its form offers and its check."""

    details: PlanDetails
    sessions: tuple[SessionRow, ...]
    room_labels: dict[int, str]  # the rooms the sessions use, named even if no longer offered
    sites: tuple[tuple[int, str], ...]  # approved sites
    rooms_by_site: dict[int | None, tuple[tuple[int, str], ...]]  # None: every approved site's
    examiners: tuple[ExaminerInfo, ...]
    check: StoredPlanCheck
    picture: TimelinePicture
    profile_title: str
    application_modes: tuple[str, ...]
    registration_modes: tuple[str, ...]
    batch_import_modes: tuple[str, ...]


@dataclass(frozen=True)
class PlanEdits:
    """Everything the form holds, to be saved in one go."""

    fields: Mapping[str, object]  # PlanFields' keyword arguments
    timeline: Mapping[str, dt.datetime | dt.date | None]
    submitted_on: dt.date | None
    examiner_ids: tuple[int, ...]
    sessions: tuple[SessionRow, ...]


def list_plan_summaries(store: Store) -> list[PlanSummary]:
    from skilldesk.services.plans import list_plans

    return list_plans(store)


def create_new_plan(store: Store, occupation: str, level: int) -> PlanSummary:
    from skilldesk.services.plans import create_plan

    return create_plan(store, occupation, level)


def record_number(store: Store, plan_id: int, number: str) -> PlanDetails:
    from skilldesk.services.plans import record_plan_number

    return record_plan_number(store, plan_id, number)


def load_plan_state(store: Store, plan_id: int, today: dt.date) -> PlanState:
    from skilldesk.core import filing
    from skilldesk.services import plans
    from skilldesk.services.examiners import list_examiners
    from skilldesk.services.plan_check import check_stored_plan
    from skilldesk.services.plan_exchange import plan_data_for
    from skilldesk.services.plan_sessions import list_sessions
    from skilldesk.services.rooms import list_rooms
    from skilldesk.services.rule_profile import workspace_profile
    from skilldesk.services.sites import list_sites
    from skilldesk.ui.widgets.timeline_layout import build_picture

    profile = workspace_profile(store)
    details = plans.get_plan(store, plan_id)
    stored = list_sessions(store, plan_id)
    sites = tuple(
        (s.id, s.name if s.fields.in_filing_region else f"{s.name}（备案地以外）")
        for s in list_sites(store, status=filing.APPROVED)
    )
    approved = {site_id for site_id, _name in sites}
    rooms_by_site: dict[int | None, list[tuple[int, str]]] = {None: []}
    for room in list_rooms(store):
        if room.site_id in approved:
            entry = (room.id, f"{room.number} {room.label}")
            rooms_by_site[None].append(entry)
            rooms_by_site.setdefault(room.site_id, []).append(entry)
    sessions = tuple(SessionRow(s.id, s.subject, s.start, s.end, s.room_id) for s in stored)
    labels = {s.room_id: f"{s.room_number} {s.room_label}" for s in stored if s.room_id is not None}
    return PlanState(
        details=details,
        sessions=sessions,
        room_labels=labels,
        sites=sites,
        rooms_by_site={key: tuple(value) for key, value in rooms_by_site.items()},
        examiners=tuple(list_examiners(store)),
        check=check_stored_plan(store, plan_id, profile=profile, today=today),
        picture=build_picture(plan_data_for(store, plan_id), profile, today),
        profile_title=profile.title,
        application_modes=plans.APPLICATION_MODES,
        registration_modes=plans.REGISTRATION_MODES,
        batch_import_modes=plans.BATCH_IMPORT_MODES,
    )


def save_plan_edits(store: Store, plan_id: int, edits: PlanEdits, today: dt.date) -> PlanState:
    """Save the form in one transaction (all of it or, if a step is refused, none of it), then
    load the plan back with its new check."""
    from skilldesk.services.plan_save import SessionEdit, save_plan_form
    from skilldesk.services.plans import PlanFields

    save_plan_form(
        store,
        plan_id,
        fields=PlanFields(**edits.fields),  # type: ignore[arg-type]
        timeline=edits.timeline,
        submitted_on=edits.submitted_on,
        examiner_ids=edits.examiner_ids,
        sessions=[
            SessionEdit(row.id, row.subject, row.start, row.end, row.room_id)
            for row in edits.sessions
        ],
    )
    return load_plan_state(store, plan_id, today)


def export_plan(store: Store, plan_id: int, path: Path) -> int:
    """Write the plan file; returns the number of sessions written."""
    from skilldesk.services.plan_exchange import export_plan_file

    return len(export_plan_file(store, plan_id, path).sessions)


def import_plan(store: Store, path: Path, plan_id: int | None) -> PlanImport:
    from skilldesk.services.plan_exchange import import_plan_file

    return import_plan_file(store, path, plan_id=plan_id)
