"""The unit of work: versions, ChangeSets, stale writes, the write lock, the change log."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import Table, select, text

from skilldesk.core.bulk import bulk_insert, bulk_update
from skilldesk.core.changes import ChangeSet
from skilldesk.core.models import (
    Attachment,
    Candidate,
    ChangeLogEntry,
    ExamSession,
    ExamSite,
    Plan,
    RosterSummary,
    new_uuid,
)
from skilldesk.core.roster_summary import raw_rows, roster_counts, stamp
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import (
    RecordMissing,
    StaleRecord,
    changes_since,
    collect_changes,
    latest_seq,
    unit_of_work,
)
from skilldesk.core.write_lock import LOCK_NAME, WorkspaceBusy

TODAY = dt.date(2026, 12, 4)


def _plan(store: Store, **fields: object) -> int:
    with unit_of_work(store, today=TODAY) as uow:
        plan = Plan(occupation="电工", level=4, **fields)
        uow.session.add(plan)
        uow.session.flush()
        return plan.id


def _version(store: Store, model: type, record_id: int) -> int:
    with store.session() as session:
        return int(session.get_one(model, record_id).version)


def test_an_orm_update_raises_the_version_and_updated_at(workspace) -> None:
    store = workspace.store
    plan_id = _plan(store)
    with store.session() as session:
        before = session.get(Plan, plan_id)
        assert before is not None
        stamp_before = before.updated_at
    with unit_of_work(store) as uow:
        uow.get(Plan, plan_id).occupation = "焊工"
    assert uow.changes == ChangeSet(plans=frozenset({plan_id}))
    with store.session() as session:
        after = session.get(Plan, plan_id)
        assert after is not None
        assert after.version == 2
        assert after.updated_at > stamp_before


def test_a_record_made_and_changed_in_one_unit_is_at_version_one(workspace) -> None:
    store = workspace.store
    with unit_of_work(store) as uow:
        plan = Plan(occupation="电工", level=4)
        uow.session.add(plan)
        uow.session.flush()
        plan.occupation = "焊工"
        uow.session.flush()
        plan_id = plan.id
    assert _version(store, Plan, plan_id) == 1


def test_a_write_that_changes_nothing_announces_nothing(workspace) -> None:
    store = workspace.store
    plan_id = _plan(store)
    with unit_of_work(store) as uow:
        plan = uow.get(Plan, plan_id)
        plan.occupation = plan.occupation
    assert uow.changes == ChangeSet()
    assert _version(store, Plan, plan_id) == 1


def test_a_plans_sessions_belong_to_the_plan(workspace) -> None:
    store = workspace.store
    plan_id = _plan(store)
    with unit_of_work(store) as uow:
        uow.session.add(ExamSession(plan_id=plan_id, subject="theory"))
    assert uow.changes == ChangeSet(plans=frozenset({plan_id}))
    assert _version(store, Plan, plan_id) == 2


def test_a_candidates_photo_belongs_to_the_candidate(workspace) -> None:
    store = workspace.store
    plan_id = _plan(store)
    with unit_of_work(store) as uow:
        candidate = Candidate(plan_id=plan_id, name="张三", id_number="330102199001011234")
        uow.session.add(candidate)
        uow.session.flush()
        candidate_id = candidate.id
    assert uow.changes == ChangeSet(candidates={plan_id: frozenset({candidate_id})})
    with unit_of_work(store) as uow:
        uow.session.add(
            Attachment(
                candidate_id=candidate_id, kind="photo", filename="a.jpg", sha256="0" * 64, size=1
            )
        )
    assert uow.changes == ChangeSet(
        candidates={plan_id: frozenset({candidate_id})},
        photos={plan_id: frozenset({candidate_id})},
    )
    assert _version(store, Candidate, candidate_id) == 2


def test_deleting_a_plan_is_announced_as_removed(workspace) -> None:
    store = workspace.store
    plan_id = _plan(store)
    with unit_of_work(store) as uow:
        uow.session.delete(uow.get(Plan, plan_id))
    assert uow.changes == ChangeSet(plans_removed=frozenset({plan_id}))


def test_a_stale_copy_is_refused_by_name_and_nothing_is_written(workspace) -> None:
    store = workspace.store
    plan_id = _plan(store)
    with unit_of_work(store) as uow:
        uow.get(Plan, plan_id).occupation = "焊工"  # someone else's edit: version 2
    with pytest.raises(StaleRecord) as refused, unit_of_work(store) as uow:
        uow.get(Plan, plan_id, expected_version=1).occupation = "钳工"
    assert "评价计划「焊工（四级/中级工）」" in str(refused.value)
    assert "第 1 版" in str(refused.value) and "第 2 版" in str(refused.value)
    with store.session() as session:
        plan = session.get(Plan, plan_id)
        assert plan is not None
        assert (plan.occupation, plan.version) == ("焊工", 2)


def test_a_missing_record_is_a_lookup_error_in_chinese(workspace) -> None:
    with pytest.raises(RecordMissing, match="找不到该考点"), unit_of_work(workspace.store) as uow:
        uow.get(ExamSite, 99)
    assert issubclass(RecordMissing, LookupError)


def test_an_inner_unit_joins_the_outer_one(workspace) -> None:
    store = workspace.store
    with collect_changes() as collected, unit_of_work(store) as outer:
        outer.session.add(ExamSite(name="甲考点"))
        with unit_of_work(store) as inner:
            assert inner is outer
            inner.session.add(Plan(occupation="电工", level=4))
    assert outer.changes.sites and outer.changes.plans
    assert collected.changes == outer.changes


def test_an_error_rolls_everything_back_and_announces_nothing(workspace) -> None:
    store = workspace.store
    with collect_changes() as collected:
        with pytest.raises(RuntimeError), unit_of_work(store) as uow:
            uow.session.add(ExamSite(name="甲考点"))
            uow.session.flush()
            raise RuntimeError("boom")
    assert collected.changes == ChangeSet()
    with store.session() as session:
        assert session.scalars(select(ExamSite)).all() == []
        assert session.scalars(select(ChangeLogEntry)).all() == []


def _candidate_rows(plan_id: int, count: int) -> list[dict[str, object]]:
    now = dt.datetime(2026, 12, 1, 9, 0)
    return [
        {
            "plan_id": plan_id,
            "uuid": new_uuid(),
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "name": f"考生{i}",
            "id_type": "居民身份证",
            "id_number": f"ID{i:04d}",
        }
        for i in range(count)
    ]


def test_bulk_writes_are_versioned_tracked_and_refuse_stale_rows(workspace) -> None:
    store = workspace.store
    plan_id = _plan(store)
    table = cast(Table, Candidate.__table__)
    with unit_of_work(store) as uow:
        ids = bulk_insert(uow.session, table, _candidate_rows(plan_id, 3))
    assert uow.changes == ChangeSet(candidates={plan_id: frozenset(ids)})
    with unit_of_work(store) as uow:
        bulk_update(uow.session, table, [{"id": ids[0], "version": 1, "phone": "13800000000"}])
    assert uow.changes == ChangeSet(candidates={plan_id: frozenset({ids[0]})})
    assert _version(store, Candidate, ids[0]) == 2
    with pytest.raises(StaleRecord), unit_of_work(store) as uow:
        bulk_update(
            uow.session,
            table,
            [
                {"id": ids[1], "version": 1, "phone": "13900000000"},
                {"id": ids[0], "version": 1, "phone": "13900000000"},  # read before the edit
            ],
        )
    with store.session() as session:
        phones = session.scalars(select(Candidate.phone).order_by(Candidate.id)).all()
    assert phones == ["13800000000", None, None]


def test_writes_outside_a_unit_of_work_are_refused(workspace) -> None:
    store = workspace.store
    plan_id = _plan(store)
    table = cast(Table, Candidate.__table__)
    with store.session() as session, pytest.raises(RuntimeError, match="unit_of_work"):
        bulk_insert(session, table, _candidate_rows(plan_id, 1))
    with store.session() as session:
        session.get_one(Plan, plan_id).occupation = "焊工"
        with pytest.raises(RuntimeError, match="unit_of_work"):
            session.commit()
    with store.session() as session:
        assert session.get_one(Plan, plan_id).occupation == "电工"
        assert session.scalars(select(Candidate)).all() == []


def test_the_change_log_tells_another_process_what_changed(workspace) -> None:
    store = workspace.store
    start = latest_seq(store)
    plan_id = _plan(store)
    with unit_of_work(store) as uow:
        uow.session.add(ExamSite(name="甲考点"))
    newest, changes = changes_since(store, start)
    assert newest == start + 2
    assert changes.plans == {plan_id} and len(changes.sites) == 1
    assert changes_since(store, start, exclude_pid=os.getpid()) == (newest, ChangeSet())


def test_changesets_survive_the_log_round_trip() -> None:
    changes = ChangeSet(
        plans=frozenset({1}),
        candidates={2: frozenset({5, 6})},
        photos={2: frozenset({5})},
        rooms=frozenset({3}),
        institution=True,
    )
    assert ChangeSet.from_json(changes.to_json()) == changes
    assert (changes | ChangeSet(candidates={2: frozenset({7})})).candidates == {
        2: frozenset({5, 6, 7})
    }


def _live(store: Store, plan_id: int) -> tuple[int, int, int]:
    from skilldesk.core.roster_summary import live_counts

    with store.session() as session:
        plan = session.get(Plan, plan_id)
        assert plan is not None
        _, rows = raw_rows(session, plan_id)
        counts = live_counts(rows, plan.evaluation_date, TODAY)
    return counts.candidates, counts.rows_with_errors, counts.rows_with_warnings


def _stored(store: Store, plan_id: int) -> tuple[int, int, int] | None:
    with store.session() as session:
        summary = session.get(RosterSummary, plan_id)
        plan = session.get(Plan, plan_id)
        if (
            summary is None
            or plan is None
            or summary.computed_for != stamp(plan.evaluation_date, TODAY)
        ):
            return None
        return summary.candidates, summary.rows_with_errors, summary.rows_with_warnings


def test_the_stored_roster_summary_follows_every_change_to_its_inputs(workspace) -> None:
    store = workspace.store
    plan_id = _plan(store, evaluation_date=dt.date(2027, 1, 20))
    assert _stored(store, plan_id) == _live(store, plan_id) == (0, 0, 0)
    with unit_of_work(store, today=TODAY) as uow:
        # A 15-year-old on the exam day: a warning that depends on the plan's date.
        uow.session.add(Candidate(plan_id=plan_id, name="少年", id_number="330102201202011237"))
        uow.session.add(Candidate(plan_id=plan_id, name="错号", id_number="123"))
    assert _stored(store, plan_id) == _live(store, plan_id)
    with unit_of_work(store, today=TODAY) as uow:
        uow.get(Plan, plan_id).evaluation_date = dt.date(2030, 1, 20)
    assert _stored(store, plan_id) == _live(store, plan_id)
    with unit_of_work(store, today=TODAY) as uow:
        for candidate in uow.session.scalars(select(Candidate)):
            uow.session.delete(candidate)
    assert _stored(store, plan_id) == _live(store, plan_id) == (0, 0, 0)


def test_a_summary_for_another_day_is_not_trusted(workspace) -> None:
    store = workspace.store
    plan_id = _plan(store)
    with unit_of_work(store, today=TODAY) as uow:
        uow.session.add(Candidate(plan_id=plan_id, name="错号", id_number="123"))
    with store.session() as session:
        # Corrupt the cache: the reader must not believe it for another day.
        session.execute(text("UPDATE roster_summary SET rows_with_errors = 99"))
        session.commit()
        tomorrow = TODAY + dt.timedelta(days=1)
        assert roster_counts(session, [plan_id], tomorrow)[plan_id].rows_with_errors == 1


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from skilldesk.core.write_lock import WriteLock, set_writer_identity
    set_writer_identity("命令行 roster import")
    lock = WriteLock(Path(sys.argv[1]))
    with lock.held(timeout=5):
        print("held", flush=True)
        sys.stdin.readline()
    """
)


def test_a_second_writer_waits_then_says_who_holds_the_lock(workspace, monkeypatch) -> None:
    store = workspace.store
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(workspace.data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("SKILLDESK_WRITE_WAIT", "0.2")
        with pytest.raises(WorkspaceBusy) as busy, unit_of_work(store) as uow:
            uow.session.add(ExamSite(name="甲考点"))
        message = str(busy.value)
        assert "命令行 roster import" in message and f"进程 {holder.pid}" in message
        assert "数据未改动" in message
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    with store.session() as session:
        assert session.scalars(select(ExamSite)).all() == []
    with unit_of_work(store) as uow:  # the lock is free again
        uow.session.add(ExamSite(name="甲考点"))
    assert (Path(workspace.data_dir) / LOCK_NAME).exists()


def test_an_imported_holiday_year_is_announced_by_year(workspace) -> None:
    from skilldesk.core.models import HolidayYear

    with unit_of_work(workspace.store) as uow:
        uow.session.add(HolidayYear(year=2027, title="通知", days="{}", notice_text="…"))
    assert uow.changes == ChangeSet(calendar=frozenset({2027}))
    assert ChangeSet.from_json(uow.changes.to_json()) == uow.changes
