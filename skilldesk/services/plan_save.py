"""Saving the whole plan form in one transaction: fields, timeline, submission day, examiners and
sessions are written together or, if any step is refused, not at all (nothing is half-written).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.services.plan_sessions import (
    remove_session,
    write_new_session,
    write_session,
)
from skilldesk.services.plans import (
    PlanDetails,
    PlanFields,
    get_plan_row,
    plan_details,
    write_plan_examiners,
    write_plan_fields,
    write_plan_submitted,
    write_plan_timeline,
)


@dataclass(frozen=True)
class SessionEdit:
    """One session as the form leaves it; `id` is None for a session not saved yet."""

    id: int | None
    subject: str
    start: dt.datetime | None
    end: dt.datetime | None
    room_id: int | None


def save_plan_form(
    store: Store,
    plan_id: int,
    *,
    fields: PlanFields,
    timeline: Mapping[str, dt.datetime | dt.date | None],
    submitted_on: dt.date | None,
    examiner_ids: Iterable[int],
    sessions: Iterable[SessionEdit],
    expected_version: int | None = None,
) -> PlanDetails:
    """Save everything the plan form holds, in one transaction.

    `sessions` is the full list the form shows: a row without a stored id (or with the id of a
    session this plan no longer has) is added, a stored one is updated if it changed, and the
    plan's stored sessions that are not listed are deleted. The fields go first, so the sessions'
    rooms are checked against the site chosen in this same save. The plan's version goes up by
    one if anything changed. `expected_version` is the version the form was loaded at: a plan
    changed since (by another page or the command line) is refused (StaleRecord), not overwritten.
    """
    with unit_of_work(store) as uow:
        session = uow.session
        plan = get_plan_row(session, plan_id)
        uow.expect(plan, expected_version)
        write_plan_fields(session, plan_id, fields)
        write_plan_timeline(session, plan_id, timeline)
        write_plan_submitted(session, plan_id, submitted_on)
        write_plan_examiners(session, plan_id, examiner_ids)
        stored = {row.id: row for row in plan.sessions}
        kept: set[int] = set()
        for edit in sessions:
            old = stored.get(edit.id) if edit.id is not None else None
            if old is None:
                write_new_session(
                    session,
                    plan_id,
                    edit.subject,
                    start=edit.start,
                    end=edit.end,
                    room_id=edit.room_id,
                )
                continue
            kept.add(old.id)
            if (old.subject, old.start, old.end, old.room_id) != (
                edit.subject,
                edit.start,
                edit.end,
                edit.room_id,
            ):
                write_session(
                    session,
                    old.id,
                    subject=edit.subject,
                    start=edit.start,
                    end=edit.end,
                    room_id=edit.room_id,
                )
        for session_id in stored.keys() - kept:
            remove_session(session, session_id)
        session.flush()
        session.expire(plan, ["sessions"])  # deleted rows leave the loaded list only on reload
        return plan_details(session, plan)
