"""Every roster and photo write goes through one unit of work, like the resource writes.

For each use case that changes candidates or their photos: every record it changed has its
version raised by exactly one (a candidate with it when its photo changes), untouched records
keep theirs, and the ChangeSet it announced is exactly what the database shows changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from skilldesk.core.changes import ChangeSet
from skilldesk.core.models import Candidate
from skilldesk.core.unit_of_work import collect_changes
from skilldesk.services import candidates, import_history, plans, roster
from skilldesk.services.photo_store import import_photos
from skilldesk.services.photos import check_photos, roster_candidates_from_plan
from skilldesk.services.sample_data import make_portrait_jpeg
from skilldesk.services.workspace import Workspace
from tests.integration.test_roster_service import LI, WANG, ZHANG
from tests.integration.test_roster_service import roster as roster_file
from tests.integration.test_write_invariants import (
    assert_versions_moved_once,
    changes_between,
    snapshot,
)

TODAY = dt.date(2026, 12, 4)


@dataclass
class Batch:
    workspace: Workspace
    plan: int
    other_plan: int
    tmp: Path

    def ids(self, plan: int | None = None) -> dict[str, int]:
        with self.workspace.store.session() as session:
            rows = session.execute(
                select(Candidate.id_number, Candidate.id).where(
                    Candidate.plan_id == (plan or self.plan)
                )
            ).all()
            return {number: candidate_id for number, candidate_id in rows}


@pytest.fixture
def batch(workspace: Workspace, tmp_path: Path) -> Batch:
    store = workspace.store
    plan = plans.create_plan(store, "电工", 4, evaluation_date=dt.date(2027, 1, 20)).id
    other = plans.create_plan(store, "电工", 3, evaluation_date=dt.date(2027, 1, 21)).id
    path = roster_file(
        tmp_path / "first.xlsx",
        ["张三", ZHANG, "女", "", "13812345678", "大专"],
        ["李四", LI, "女", "", "13812345679", "本科"],
    )
    roster.import_roster_file(store, path, plan, today=TODAY)
    return Batch(workspace, plan, other, tmp_path)


def _photo_folder(batch: Batch) -> Path:
    folder = batch.tmp / "photos"
    folder.mkdir(exist_ok=True)
    (folder / f"{ZHANG}张三.jpg").write_bytes(make_portrait_jpeg(3, quality=95))
    return folder


def _import_photo(batch: Batch) -> object:
    folder = _photo_folder(batch)
    store = batch.workspace.store
    check = check_photos(folder, roster=roster_candidates_from_plan(store, batch.plan))
    return import_photos(store, batch.workspace.photos_dir, check, batch.plan)


def _reimport(batch: Batch) -> object:
    path = roster_file(
        batch.tmp / "second.xlsx",
        ["张三", ZHANG, "女", "", "13912345678", "大专"],  # a new phone
        ["李四", LI, "女", "", "13812345679", "本科"],  # unchanged
        ["王五", WANG, "男", "", "13812345670", "大专"],  # new
    )
    return roster.import_roster_file(batch.workspace.store, path, batch.plan, today=TODAY)


@dataclass(frozen=True)
class Case:
    name: str
    act: Callable[[Batch], object]
    expect: Callable[[Batch], ChangeSet]
    prepare: Callable[[Batch], object] = lambda batch: None
    # What the rows show after the write, when it is less than what was announced: a moved
    # candidate's rows say only where they are now, but the plan they left changed too.
    in_rows: Callable[[Batch], ChangeSet] | None = None


def _in_plan(batch: Batch, *numbers: str, plan: int | None = None) -> frozenset[int]:
    ids = batch.ids(plan)
    return frozenset(ids[n] for n in numbers)


CASES = (
    Case(
        "reimport",
        _reimport,
        lambda b: ChangeSet(candidates={b.plan: _in_plan(b, ZHANG, WANG)}),
    ),
    Case(
        "edit_candidate",
        lambda b: roster.edit_candidate(b.workspace.store, b.ids()[LI], "phone", "13700000000"),
        lambda b: ChangeSet(candidates={b.plan: _in_plan(b, LI)}),
    ),
    Case(
        "import_photos",
        _import_photo,
        lambda b: ChangeSet(
            candidates={b.plan: _in_plan(b, ZHANG)}, photos={b.plan: _in_plan(b, ZHANG)}
        ),
    ),
    Case(
        "withdraw",
        lambda b: candidates.withdraw_candidates(b.workspace.store, b.plan, [b.ids()[LI]], "生病"),
        lambda b: ChangeSet(candidates={b.plan: _in_plan(b, LI)}),
    ),
    Case(
        "reinstate",
        lambda b: candidates.reinstate_candidates(b.workspace.store, b.plan, [b.ids()[LI]]),
        lambda b: ChangeSet(candidates={b.plan: _in_plan(b, LI)}),
        prepare=lambda b: candidates.withdraw_candidates(
            b.workspace.store, b.plan, [b.ids()[LI]], "生病"
        ),
    ),
    Case(
        "move",
        lambda b: candidates.move_candidates(
            b.workspace.store, b.plan, [b.ids()[LI]], b.other_plan, today=TODAY
        ),
        lambda b: ChangeSet(
            candidates={
                b.plan: _in_plan(b, LI, plan=b.other_plan),
                b.other_plan: _in_plan(b, LI, plan=b.other_plan),
            }
        ),
        in_rows=lambda b: ChangeSet(candidates={b.other_plan: _in_plan(b, LI, plan=b.other_plan)}),
    ),
    Case(
        "undo_last_import",
        lambda b: import_history.undo_last_import(b.workspace.store, b.plan),
        lambda b: ChangeSet(candidates={b.plan: frozenset({b.ids()[ZHANG], _wang(b)})}),
        prepare=_reimport,
    ),
)


_WANG_ID: dict[int, int] = {}


def _remember_wang(batch: Batch) -> None:
    _WANG_ID[id(batch)] = batch.ids()[WANG]


def _wang(batch: Batch) -> int:
    return _WANG_ID[id(batch)]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_roster_write_versions_exactly_what_it_changed_and_announces_it(
    batch: Batch, case: Case
) -> None:
    case.prepare(batch)
    if case.name == "undo_last_import":
        _remember_wang(batch)  # the undo deletes the candidate the re-import added
    before = snapshot(batch.workspace.store)
    with collect_changes() as collected:
        case.act(batch)
    after = snapshot(batch.workspace.store)
    expected = case.expect(batch)
    assert_versions_moved_once(before, after)
    assert changes_between(before, after) == (case.in_rows or case.expect)(batch)
    assert collected.changes == expected


def test_removing_candidates_announces_them_and_their_photos(batch: Batch) -> None:
    _import_photo(batch)
    zhang = batch.ids()[ZHANG]
    with collect_changes() as collected:
        candidates.remove_candidates(batch.workspace.store, batch.plan, [zhang])
    assert collected.changes == ChangeSet(
        candidates={batch.plan: frozenset({zhang})}, photos={batch.plan: frozenset({zhang})}
    )


def test_deleting_a_plan_announces_it_removed_and_nothing_else(batch: Batch) -> None:
    with collect_changes() as collected:
        plans.delete_plan(batch.workspace.store, batch.plan)
    assert collected.changes == ChangeSet(plans_removed=frozenset({batch.plan}))
