"""The plan page's read model: one plan with everything its form offers and its check, read in
one session so that the form, its choices and its findings describe the same moment; and the
form's save, which answers with the plan read back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from skilldesk.core import filing
from skilldesk.core.models import Examiner
from skilldesk.core.plan_data import PlanData
from skilldesk.core.profiles import Profile
from skilldesk.core.store import Store
from skilldesk.services import plans
from skilldesk.services.examiners import ExaminerInfo, examiner_info
from skilldesk.services.plan_check import StoredPlanCheck, check_stored_plan_in
from skilldesk.services.plan_exchange import plan_data_of
from skilldesk.services.plan_save import SessionEdit, save_plan_form
from skilldesk.services.plan_sessions import session_info
from skilldesk.services.rooms import list_rooms_in
from skilldesk.services.rule_profile import workspace_profile_in
from skilldesk.services.sites import list_sites_in

RoomChoice = tuple[int, str]  # room id, "number label"


@dataclass(frozen=True)
class PlanState:
    """One plan as stored, with the choices its form offers and its check."""

    details: plans.PlanDetails
    sessions: tuple[SessionEdit, ...]
    room_labels: dict[int, str]  # the rooms the sessions use, named even if no longer offered
    sites: tuple[tuple[int, str], ...]  # approved sites
    rooms_by_site: dict[int | None, tuple[RoomChoice, ...]]  # None: every approved site's
    examiners: tuple[ExaminerInfo, ...]
    check: StoredPlanCheck
    plan_data: PlanData  # the timeline the picture is drawn from
    profile: Profile  # whose rules the check and the picture follow
    today: dt.date
    application_modes: tuple[str, ...] = plans.APPLICATION_MODES
    registration_modes: tuple[str, ...] = plans.REGISTRATION_MODES
    batch_import_modes: tuple[str, ...] = plans.BATCH_IMPORT_MODES


@dataclass(frozen=True)
class PlanEdits:
    """Everything the plan form holds, to be saved in one go."""

    fields: plans.PlanFields
    timeline: Mapping[str, dt.datetime | dt.date | None]
    submitted_on: dt.date | None
    examiner_ids: tuple[int, ...]
    sessions: tuple[SessionEdit, ...]


def load_plan_state(store: Store, plan_id: int, today: dt.date) -> PlanState:
    """The plan, its sessions, the approved sites and their rooms, the examiners and the check."""
    with store.session() as session:
        profile = workspace_profile_in(session)
        plan = plans.get_plan_row(session, plan_id)
        details = plans.plan_details(session, plan)
        stored = [session_info(s) for s in plan.sessions]
        sites = tuple(
            (s.id, s.name if s.fields.in_filing_region else f"{s.name}（备案地以外）")
            for s in list_sites_in(session, status=filing.APPROVED)
        )
        approved = {site_id for site_id, _name in sites}
        rooms_by_site: dict[int | None, list[RoomChoice]] = {None: []}
        for room in list_rooms_in(session):
            if room.site_id in approved:
                entry = (room.id, f"{room.number} {room.label}")
                rooms_by_site[None].append(entry)
                rooms_by_site.setdefault(room.site_id, []).append(entry)
        examiners = tuple(
            examiner_info(e) for e in session.scalars(select(Examiner).order_by(Examiner.id))
        )
        check = check_stored_plan_in(session, plan_id, profile=profile, today=today)
        plan_data = plan_data_of(plan)
    return PlanState(
        details=details,
        sessions=tuple(SessionEdit(s.id, s.subject, s.start, s.end, s.room_id) for s in stored),
        room_labels={
            s.room_id: f"{s.room_number} {s.room_label}" for s in stored if s.room_id is not None
        },
        sites=sites,
        rooms_by_site={key: tuple(value) for key, value in rooms_by_site.items()},
        examiners=examiners,
        check=check,
        plan_data=plan_data,
        profile=profile,
        today=today,
    )


def save_plan_edits(
    store: Store,
    plan_id: int,
    edits: PlanEdits,
    today: dt.date,
    *,
    expected_version: int | None = None,
) -> PlanState:
    """Save the form in one transaction (all of it or, if a step is refused, none of it), then
    read the plan back with its new check. A plan changed since the form loaded it at
    `expected_version` is refused."""
    save_plan_form(
        store,
        plan_id,
        fields=edits.fields,
        timeline=edits.timeline,
        submitted_on=edits.submitted_on,
        examiner_ids=edits.examiner_ids,
        sessions=edits.sessions,
        expected_version=expected_version,
    )
    return load_plan_state(store, plan_id, today)
