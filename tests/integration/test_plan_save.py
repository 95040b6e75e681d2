"""Saving the plan form: everything in one transaction, or nothing when a step is refused."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from skilldesk.core import filing
from skilldesk.core.models import ExamSite, Plan
from skilldesk.core.store import Store
from skilldesk.services.plan_exchange import plan_data_for
from skilldesk.services.plan_save import SessionEdit, save_plan_form
from skilldesk.services.plan_sessions import list_sessions
from skilldesk.services.plans import PlanError, get_plan
from skilldesk.services.rooms import add_room
from skilldesk.services.sites import add_site
from tests.helpers import writing
from tests.integration.store_setup import SITE, TIMELINE, Furnished, furnish

T = dt.datetime


def stored(store: Store, plan_id: int) -> tuple[object, ...]:
    """Everything the plan page shows of a plan, and its version."""
    return (
        get_plan(store, plan_id),
        plan_data_for(store, plan_id),
        list_sessions(store, plan_id),
        version_of(store, plan_id),
    )


def version_of(store: Store, plan_id: int) -> int:
    with store.session() as session:
        return session.get(Plan, plan_id).version  # type: ignore[union-attr]


def edits_of(store: Store, furnished: Furnished) -> dict[str, object]:
    """A form that changes every part of the furnished plan; its last session row is fine."""
    plan = get_plan(store, furnished.plan_id)
    theory, practical = list_sessions(store, furnished.plan_id)
    return {
        "fields": dataclasses.replace(
            plan.fields, application_condition="累计从事本职业工作6年", dual_certificate=True
        ),
        "timeline": {**TIMELINE, "evaluation_date": dt.date(2026, 10, 18)},
        "submitted_on": dt.date(2026, 9, 1),
        "examiner_ids": furnished.examiner_ids[:2],
        "sessions": [
            # the theory sitting moves to the next day; the practical one is deleted
            SessionEdit(theory.id, "theory", T(2026, 10, 18, 9), T(2026, 10, 18, 10, 30), None),
            SessionEdit(
                None, "comprehensive", T(2026, 10, 18, 13), T(2026, 10, 18, 16), practical.room_id
            ),
        ],
    }


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (filing.REJECTED, "计划只能使用备案已通过的考点的考场"),  # a room of an unapproved site
        (filing.APPROVED, "不属于本计划选择的考点"),  # a room of another (approved) site
    ],
)
def test_a_refused_last_step_leaves_the_plan_as_it_was(
    workspace, status: str, message: str
) -> None:
    store = workspace.store
    furnished = furnish(store)
    other = add_site(store, dataclasses.replace(SITE, name="第二考点"))
    with writing(store) as session:
        session.get_one(ExamSite, other.id).status = filing.APPROVED
    room = add_room(store, other.id, "1幢101")
    with writing(store) as session:  # e.g. the filing was withdrawn after the room was set up
        session.get_one(ExamSite, other.id).status = status
    edits = edits_of(store, furnished)
    bad = dataclasses.replace(edits["sessions"][-1], room_id=room.id)  # type: ignore[index]
    edits["sessions"] = [*edits["sessions"], bad]  # type: ignore[misc]
    before = stored(store, furnished.plan_id)

    with pytest.raises(PlanError, match=message):
        save_plan_form(store, furnished.plan_id, **edits)  # type: ignore[arg-type]

    assert stored(store, furnished.plan_id) == before


def test_a_good_save_changes_everything_at_once(workspace) -> None:
    store = workspace.store
    furnished = furnish(store)
    edits = edits_of(store, furnished)
    version = version_of(store, furnished.plan_id)

    details = save_plan_form(store, furnished.plan_id, **edits)  # type: ignore[arg-type]

    assert details == get_plan(store, furnished.plan_id)
    assert details.fields == edits["fields"]
    assert details.timeline["evaluation_date"] == dt.date(2026, 10, 18)
    assert details.submitted_on == dt.date(2026, 9, 1)
    assert sorted(details.examiner_ids) == sorted(furnished.examiner_ids[:2])
    assert details.session_count == 2
    sessions = list_sessions(store, furnished.plan_id)
    assert [(s.subject, s.start, s.room_id) for s in sessions] == [
        ("theory", T(2026, 10, 18, 9), None),
        ("comprehensive", T(2026, 10, 18, 13), furnished.room_ids[1]),
    ]
    assert version_of(store, furnished.plan_id) == version + 1

    # Saving the same form again changes nothing, so the version stays.
    saved = [SessionEdit(s.id, s.subject, s.start, s.end, s.room_id) for s in sessions]
    again = dict(edits, sessions=saved)
    save_plan_form(store, furnished.plan_id, **again)  # type: ignore[arg-type]
    assert version_of(store, furnished.plan_id) == version + 1
