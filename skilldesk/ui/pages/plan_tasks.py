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

# No workspace setting chooses a rule profile yet; the Zhejiang-wide one applies everywhere.
PROFILE_NAME = "zhejiang"


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


def load_plan_state(store: Store, plan_id: int, today: dt.date) -> PlanState:
    from skilldesk.core import filing
    from skilldesk.core.profiles import load_profile
    from skilldesk.services import plans
    from skilldesk.services.examiners import list_examiners
    from skilldesk.services.plan_check import check_stored_plan
    from skilldesk.services.plan_exchange import plan_data_for
    from skilldesk.services.plan_sessions import list_sessions
    from skilldesk.services.rooms import list_rooms
    from skilldesk.services.sites import list_sites
    from skilldesk.ui.widgets.timeline_layout import build_picture

    profile = load_profile(PROFILE_NAME)
    details = plans.get_plan(store, plan_id)
    stored = list_sessions(store, plan_id)
    sites = tuple((s.id, s.name) for s in list_sites(store, status=filing.APPROVED))
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
    """Save the form, then load the plan back with its new check.

    The steps are separate transactions (the services offer no single one); they run in the
    order in which a refusal is likeliest first (an unapproved site), so a refused save
    usually changes nothing.
    """
    from skilldesk.services import plan_sessions
    from skilldesk.services.plans import (
        PlanFields,
        record_plan_submitted,
        set_plan_examiners,
        set_plan_timeline,
        update_plan,
    )

    update_plan(store, plan_id, PlanFields(**edits.fields))  # type: ignore[arg-type]
    set_plan_timeline(store, plan_id, dict(edits.timeline))
    record_plan_submitted(store, plan_id, edits.submitted_on)
    set_plan_examiners(store, plan_id, edits.examiner_ids)
    stored = {s.id: s for s in plan_sessions.list_sessions(store, plan_id)}
    kept: set[int] = set()
    for row in edits.sessions:
        old = stored.get(row.id) if row.id is not None else None
        if old is None:
            plan_sessions.add_session(
                store, plan_id, row.subject, start=row.start, end=row.end, room_id=row.room_id
            )
            continue
        kept.add(old.id)
        if (old.subject, old.start, old.end, old.room_id) != (
            row.subject,
            row.start,
            row.end,
            row.room_id,
        ):
            plan_sessions.update_session(
                store,
                old.id,
                subject=row.subject,
                start=row.start,
                end=row.end,
                room_id=row.room_id,
            )
    for session_id in stored.keys() - kept:
        plan_sessions.delete_session(store, session_id)
    return load_plan_state(store, plan_id, today)


def export_plan(store: Store, plan_id: int, path: Path) -> int:
    """Write the plan file; returns the number of sessions written."""
    from skilldesk.services.plan_exchange import export_plan_file

    return len(export_plan_file(store, plan_id, path).sessions)


def import_plan(store: Store, path: Path, plan_id: int | None) -> PlanImport:
    from skilldesk.services.plan_exchange import import_plan_file

    return import_plan_file(store, path, plan_id=plan_id)
