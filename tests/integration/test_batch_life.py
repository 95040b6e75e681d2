"""Candidates over a batch's life, in-process: the import preview is the import, an undo gives
back the exact rows, withdrawn candidates are never counted, a move takes the photo along."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from skilldesk.core.candidate_status import ACTIVE, WITHDRAWN, active_candidates
from skilldesk.core.models import Attachment, Candidate, ImportBatchItem, Plan
from skilldesk.core.unit_of_work import collect_changes, unit_of_work
from skilldesk.services.candidates import (
    CandidateActionRefused,
    candidate_ids_by_number,
    candidate_removal,
    move_candidates,
    reinstate_candidates,
    remove_candidates,
    withdraw_candidates,
)
from skilldesk.services.import_history import NothingToUndo, last_import, undo_last_import
from skilldesk.services.plans import (
    PlanError,
    create_plan,
    delete_plan,
    list_plans,
    plan_removal,
    record_plan_submitted,
    set_plan_timeline,
)
from skilldesk.services.roster import (
    PreviewOutdated,
    confirm_roster_import,
    edit_candidate,
    import_roster_file,
    load_roster_table,
    preview_roster_import,
    roster_export_rows,
)

from .test_roster_service import LI, WANG, ZHANG, roster, valid_id

TODAY = dt.date(2026, 12, 4)
TOMORROW = TODAY + dt.timedelta(days=1)  # the day the pre-notice starts
ZHAO = valid_id("33010219920817002")
QIAN = valid_id("33080219880520004")
PEOPLE = [("张三", ZHANG), ("李四", LI), ("王五", WANG), ("赵六", ZHAO), ("钱七", QIAN)]
SETTLED = [c.name for c in Candidate.__table__.columns if c.name not in ("version", "updated_at")]


def snapshot(workspace, plan_id: int) -> list[tuple[Any, ...]]:
    """Every stored column of the plan's candidates but the version and when it changed."""
    columns = [getattr(Candidate, name) for name in SETTLED]
    with workspace.store.session() as session:
        query = select(*columns).where(Candidate.plan_id == plan_id).order_by(Candidate.id)
        return [tuple(row) for row in session.execute(query)]


def ids_of(workspace, plan_id: int) -> dict[str, int]:
    with workspace.store.session() as session:
        query = select(Candidate.id_number, Candidate.id).where(Candidate.plan_id == plan_id)
        return {number: cid for number, cid in session.execute(query)}


# A small generator of messy rosters: five people, some rows with another name on their ID
# number, an empty or mistyped number, a bad phone, an education that needs mapping.
row_strategy = st.tuples(
    st.integers(0, len(PEOPLE) + 1),  # a person, or (5) an empty number, (6) a checksum typo
    st.booleans(),  # someone else's name on the number
    st.sampled_from(["13812345678", "13998765432", "138", None]),
    st.sampled_from(["大专", "本科", None]),
)
rosters = st.lists(row_strategy, max_size=6)


def roster_rows(rows: list[tuple[int, bool, str | None, str | None]]) -> list[list[object]]:
    made: list[list[object]] = []
    for who, other_name, phone, education in rows:
        if who < len(PEOPLE):
            name, number = PEOPLE[who]
        elif who == len(PEOPLE):
            name, number = "无号", None
        else:
            name, number = "错号", ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")
        made.append(["孙八" if other_name else name, number, None, None, phone, education])
    return made


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=rosters, second=rosters)
def test_the_preview_is_what_the_import_does_and_the_undo_gives_back_the_rows(
    workspace, first, second
) -> None:
    plan_id = create_plan(workspace.store, "电工", 4).id
    with tempfile.TemporaryDirectory() as folder:
        path_a = roster(Path(folder) / "a.xlsx", *roster_rows(first))
        path_b = roster(Path(folder) / "b.xlsx", *roster_rows(second))
        import_roster_file(workspace.store, path_a, plan_id, today=TODAY)
        before = snapshot(workspace, plan_id)

        preview = preview_roster_import(workspace.store, path_b, plan_id, today=TODAY)
        assert snapshot(workspace, plan_id) == before, "a preview writes nothing"
        result = import_roster_file(workspace.store, path_b, plan_id, today=TODAY)

    assert result.outcome == preview.outcome
    json_counts = {k: v for k, v in result.to_json().items() if k not in ("batch", "findings")}
    assert json_counts == preview.outcome.counts_json()
    stored = {row[SETTLED.index("id_number")]: row for row in snapshot(workspace, plan_id)}
    assert len(stored) == len(before) + len(preview.outcome.added)
    for changed in preview.outcome.changed:
        row = stored[changed.id_number]
        assert {c.attr: row[SETTLED.index(c.attr)] for c in changed.changes} == {
            c.attr: c.new for c in changed.changes
        }
    if result.batch_id is None:
        assert (result.added, result.changed) == (0, 0)
        return
    undone = undo_last_import(workspace.store, plan_id)
    assert (undone.undone, undone.removed, undone.restored) == (True, result.added, result.changed)
    assert snapshot(workspace, plan_id) == before, "undo restores the exact prior rows"


@pytest.fixture
def plan_id(workspace) -> int:
    return create_plan(workspace.store, "电工", 4, evaluation_date=dt.date(2027, 1, 20)).id


def three(tmp_path: Path, name: str = "a.xlsx") -> Path:
    return roster(
        tmp_path / name,
        ["张三", ZHANG, "", "", "13812345678", "大专"],
        ["李四", LI, "", "", "13912345678", "大专"],
        ["王五", WANG, "", "", "13712345678", "大专"],
    )


def test_a_confirmed_preview_writes_what_it_showed(workspace, plan_id, tmp_path) -> None:
    preview = preview_roster_import(workspace.store, three(tmp_path), plan_id, today=TODAY)
    result = confirm_roster_import(workspace.store, preview)
    assert result.outcome == preview.outcome
    assert sorted(ids_of(workspace, plan_id)) == sorted([ZHANG, LI, WANG])


def test_a_preview_overtaken_by_an_edit_is_refused(workspace, plan_id, tmp_path) -> None:
    import_roster_file(workspace.store, three(tmp_path), plan_id, today=TODAY)
    again = roster(tmp_path / "b.xlsx", ["张三", ZHANG, "", "", "13800000000", "大专"])
    preview = preview_roster_import(workspace.store, again, plan_id, today=TODAY)
    assert [c.describe() for c in preview.outcome.changed[0].changes] == [
        "手机号码：138****5678 → 138****0000"
    ]
    edit_candidate(workspace.store, ids_of(workspace, plan_id)[ZHANG], "phone", "13800000000")
    before = snapshot(workspace, plan_id)
    with pytest.raises(PreviewOutdated):
        confirm_roster_import(workspace.store, preview)
    assert snapshot(workspace, plan_id) == before


@pytest.mark.parametrize("touch", ["edit", "withdraw", "remove", "move"])
def test_undo_is_refused_when_a_candidate_was_touched_since(
    workspace, plan_id, tmp_path, touch: str
) -> None:
    import_roster_file(workspace.store, three(tmp_path), plan_id, today=TODAY)
    other = create_plan(workspace.store, "电工", 3).id
    li = ids_of(workspace, plan_id)[LI]
    expected = {
        "edit": "考生「李四」在导入之后已修改手机号码。",
        "withdraw": "考生「李四」在导入之后已退考。",
        "remove": "考生「李四」在导入之后已被删除。",
        "move": "考生「李四」在导入之后已移到评价计划「电工（三级/高级工）」。",
    }[touch]
    if touch == "edit":
        assert edit_candidate(workspace.store, li, "phone", "13900000000").saved
    elif touch == "withdraw":
        withdraw_candidates(workspace.store, plan_id, [li], "生病")
    elif touch == "remove":
        remove_candidates(workspace.store, plan_id, [li])
    else:
        move_candidates(workspace.store, plan_id, [li], other, today=TODAY)
    before = snapshot(workspace, plan_id)
    result = undo_last_import(workspace.store, plan_id)
    assert result.undone is False
    assert [f.message for f in result.findings] == [expected]
    assert [f.code for f in result.findings] == ["IMPORT_UNDO_BLOCKED"]
    assert snapshot(workspace, plan_id) == before


def test_only_the_latest_import_is_undone_once(workspace, plan_id, tmp_path) -> None:
    with pytest.raises(NothingToUndo, match="还没有导入过名册"):
        undo_last_import(workspace.store, plan_id)
    import_roster_file(workspace.store, three(tmp_path), plan_id, today=TODAY)
    empty = snapshot(workspace, plan_id)
    more = roster(tmp_path / "b.xlsx", ["赵六", ZHAO, "", "", "13612345678", "本科"])
    import_roster_file(workspace.store, more, plan_id, today=TODAY)
    assert undo_last_import(workspace.store, plan_id).removed == 1
    assert snapshot(workspace, plan_id) == empty
    with pytest.raises(NothingToUndo, match="已经撤销过了"):
        undo_last_import(workspace.store, plan_id)
    last = last_import(workspace.store, plan_id)
    assert last is not None and (last.file_name, last.undoable) == ("b.xlsx", False)
    with workspace.store.session() as session:
        kept = session.scalars(select(ImportBatchItem)).all()
    assert kept == [], "the values before an import are kept only while it can be undone"


def test_an_import_that_changes_nothing_is_not_the_one_undone(workspace, plan_id, tmp_path) -> None:
    import_roster_file(workspace.store, three(tmp_path), plan_id, today=TODAY)
    result = import_roster_file(workspace.store, three(tmp_path, "same.xlsx"), plan_id)
    assert result.batch_id is None
    assert undo_last_import(workspace.store, plan_id).removed == 3


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(withdrawn=st.sets(st.sampled_from([ZHANG, LI, WANG])), wrong_phone=st.booleans())
def test_withdrawn_candidates_are_never_counted_exported_or_listed(
    workspace, withdrawn: set[str], wrong_phone: bool
) -> None:
    plan_id = create_plan(workspace.store, "电工", 4).id
    with tempfile.TemporaryDirectory() as folder:
        path = roster(
            Path(folder) / "r.xlsx",
            ["张三", ZHANG, "", "", "138" if wrong_phone else "13812345678", "大专"],
            ["李四", LI, "", "", "13912345678", "大专"],
            ["王五", WANG, "", "", "13712345678", "大专"],
        )
        import_roster_file(workspace.store, path, plan_id, today=TODAY)
    ids = candidate_ids_by_number(workspace.store, plan_id, sorted(withdrawn) or [ZHANG])
    if withdrawn:
        withdraw_candidates(workspace.store, plan_id, ids, "工作调动")
    active = {ZHANG, LI, WANG} - withdrawn
    errors = 1 if wrong_phone and ZHANG in active else 0

    listed = next(p for p in list_plans(workspace.store, today=TODAY) if p.id == plan_id)
    assert (listed.candidate_count, listed.error_rows) == (len(active), errors)
    table = load_roster_table(workspace.store, plan_id, today=TODAY)
    assert table.active_count == len(active)
    assert sum(1 for f in table.findings if any(x.severity == "error" for x in f)) == errors
    assert [table.status_label(i) for i in range(3)] == [
        "已退考" if n in withdrawn else "报考中" for n in (ZHANG, LI, WANG)
    ]
    _, _, exported = roster_export_rows(workspace.store, plan_id)
    assert {row["id_number"] for row in exported} == active
    with workspace.store.session() as session:
        assert {c.id_number for c in active_candidates(session, plan_id)} == active

    reinstate_candidates(workspace.store, plan_id, ids)
    listed = next(p for p in list_plans(workspace.store, today=TODAY) if p.id == plan_id)
    assert listed.candidate_count == 3


def test_withdraw_keeps_the_record_and_reason_and_reinstate_clears_it(
    workspace, plan_id, tmp_path
) -> None:
    import_roster_file(workspace.store, three(tmp_path), plan_id, today=TODAY)
    zhang = ids_of(workspace, plan_id)[ZHANG]
    change = withdraw_candidates(workspace.store, plan_id, [zhang], "  临时 出差 ")
    assert [c.id for c in change.changed] == [zhang]
    again = withdraw_candidates(workspace.store, plan_id, [zhang], "又一次")
    assert (again.changed, [c.id for c in again.unchanged]) == ((), [zhang])
    with workspace.store.session() as session:
        row = session.get(Candidate, zhang)
        assert (row.status, row.withdraw_reason) == (WITHDRAWN, "临时 出差")
    with pytest.raises(CandidateActionRefused, match="请填写退考原因"):
        withdraw_candidates(workspace.store, plan_id, [zhang], "   ")
    reinstate_candidates(workspace.store, plan_id, [zhang])
    with workspace.store.session() as session:
        row = session.get(Candidate, zhang)
        assert (row.status, row.withdraw_reason, row.withdrawn_at) == (ACTIVE, None, None)


def add_photo(workspace, candidate_id: int) -> None:
    with unit_of_work(workspace.store) as uow:
        uow.session.add(
            Attachment(
                candidate_id=candidate_id, kind="photo", filename="p.jpg", sha256="a" * 64, size=9
            )
        )


def test_a_move_takes_the_photo_along_and_both_rosters_change(workspace, plan_id, tmp_path):
    import_roster_file(workspace.store, three(tmp_path), plan_id, today=TODAY)
    target = create_plan(workspace.store, "电工", 4).id
    zhang = ids_of(workspace, plan_id)[ZHANG]
    add_photo(workspace, zhang)
    with collect_changes() as collected:
        moved = move_candidates(workspace.store, plan_id, [zhang], target, today=TODAY)
    assert (moved.photos, moved.attachments, moved.late) == (1, 0, 0)
    assert collected.changes.rosters == {plan_id, target}
    with workspace.store.session() as session:
        [photo] = session.scalars(select(Attachment)).all()
        assert (photo.candidate_id, session.get(Candidate, zhang).plan_id) == (zhang, target)
    counts = {p.id: p.candidate_count for p in list_plans(workspace.store, today=TODAY)}
    assert (counts[plan_id], counts[target]) == (2, 1)


def test_a_move_is_refused_to_another_occupation_or_onto_the_same_id(
    workspace, plan_id, tmp_path
) -> None:
    import_roster_file(workspace.store, three(tmp_path), plan_id, today=TODAY)
    welder = create_plan(workspace.store, "焊工", 4).id
    other = create_plan(workspace.store, "电工", 4).id
    import_roster_file(
        workspace.store, roster(tmp_path / "o.xlsx", ["张三", ZHANG, "", "", "", ""]), other
    )
    ids = ids_of(workspace, plan_id)
    before = snapshot(workspace, plan_id)
    with pytest.raises(CandidateActionRefused, match="只能移到同一职业"):
        move_candidates(workspace.store, plan_id, [ids[LI]], welder)
    with pytest.raises(CandidateActionRefused, match=r"已有相同证件号码的考生：张三（330822\*"):
        move_candidates(workspace.store, plan_id, [ids[LI], ids[ZHANG]], other)
    assert snapshot(workspace, plan_id) == before, "refused as a whole: nothing moved"


def test_additions_after_the_pre_notice_started_are_marked_late(
    workspace, plan_id, tmp_path
) -> None:
    first = roster(tmp_path / "a.xlsx", ["张三", ZHANG, "", "", "13812345678", "大专"])
    import_roster_file(workspace.store, first, plan_id, today=TODAY)
    set_plan_timeline(workspace.store, plan_id, {"pre_notice_start": dt.datetime(2026, 12, 5)})
    result = import_roster_file(workspace.store, three(tmp_path), plan_id, today=TODAY)
    assert result.to_json()["late"] == 0, "the notice starts tomorrow"
    import_roster_file(
        workspace.store,
        roster(tmp_path / "c.xlsx", ["赵六", ZHAO, "", "", "13612345678", "本科"]),
        plan_id,
        today=TOMORROW,
    )
    table = load_roster_table(workspace.store, plan_id, today=TODAY)
    late = {
        row[table.columns.index("name")] for row, x in zip(table.rows, table.late, strict=True) if x
    }
    assert late == {"赵六"}
    source = create_plan(workspace.store, "电工", 4).id
    import_roster_file(
        workspace.store, roster(tmp_path / "d.xlsx", ["钱七", QIAN, "", "", "", ""]), source
    )
    moved = move_candidates(
        workspace.store, source, [ids_of(workspace, source)[QIAN]], plan_id, today=TOMORROW
    )
    assert moved.late == 1
    table = load_roster_table(workspace.store, plan_id, today=TODAY)
    late = {
        row[table.columns.index("name")] for row, x in zip(table.rows, table.late, strict=True) if x
    }
    assert late == {"赵六", "钱七"}


def test_removing_says_what_goes_and_a_submitted_plan_keeps_its_candidates(
    workspace, plan_id, tmp_path
) -> None:
    import_roster_file(workspace.store, three(tmp_path), plan_id, today=TODAY)
    ids = ids_of(workspace, plan_id)
    add_photo(workspace, ids[ZHANG])
    summary = candidate_removal(workspace.store, plan_id, [ids[ZHANG], ids[LI]])
    assert (summary.removed, summary.photos, summary.describe()) == (
        False,
        1,
        "2 名考生，连同照片 1 张",
    )
    assert len(snapshot(workspace, plan_id)) == 3, "the summary removes nothing"
    record_plan_submitted(workspace.store, plan_id, dt.date(2026, 12, 1))
    with pytest.raises(CandidateActionRefused, match="已提交评价中心，不能删除考生"):
        remove_candidates(workspace.store, plan_id, [ids[ZHANG]])
    record_plan_submitted(workspace.store, plan_id, None)
    done = remove_candidates(workspace.store, plan_id, [ids[ZHANG], ids[LI]])
    assert done.removed and sorted(ids_of(workspace, plan_id)) == [WANG]
    with workspace.store.session() as session:
        assert session.scalars(select(Attachment)).all() == []


@pytest.mark.parametrize("how", ["submitted_on", "submitted", "待审核", "通过"])
def test_a_submitted_plan_cannot_be_deleted(workspace, plan_id, how: str) -> None:
    if how == "submitted_on":
        record_plan_submitted(workspace.store, plan_id, dt.date(2026, 12, 1))
    else:
        with unit_of_work(workspace.store) as uow:
            uow.get(Plan, plan_id).status = how
    with pytest.raises(PlanError, match="已提交评价中心"):
        delete_plan(workspace.store, plan_id)
    assert plan_id in {p.id for p in list_plans(workspace.store)}


def test_deleting_a_plan_says_what_goes_with_it(workspace, plan_id, tmp_path) -> None:
    import_roster_file(workspace.store, three(tmp_path), plan_id, today=TODAY)
    ids = ids_of(workspace, plan_id)
    add_photo(workspace, ids[ZHANG])
    withdraw_candidates(workspace.store, plan_id, [ids[LI]], "生病")
    summary = plan_removal(workspace.store, plan_id)
    assert summary.describe() == "考生 3 名（其中已退考 1 名）、照片 1 张、名册导入记录 1 条"
    with collect_changes() as collected:
        done = delete_plan(workspace.store, plan_id)
    assert done.removed and done.candidates == 3
    assert collected.changes.plans_removed == {plan_id}
    assert list_plans(workspace.store) == []
    with workspace.store.session() as session:
        assert session.scalars(select(Attachment)).all() == []
        assert session.scalars(select(Candidate)).all() == []


def test_reimporting_a_withdrawn_candidate_updates_them_and_says_they_stay_withdrawn(
    workspace, plan_id, tmp_path
) -> None:
    import_roster_file(workspace.store, three(tmp_path), plan_id, today=TODAY)
    withdraw_candidates(workspace.store, plan_id, [ids_of(workspace, plan_id)[LI]], "生病")
    again = roster(tmp_path / "b.xlsx", ["李四", LI, "", "", "13900000000", "大专"])
    result = import_roster_file(workspace.store, again, plan_id, today=TODAY)
    assert [(f.code, f.row, f.message) for f in result.findings] == [
        (
            "CANDIDATE_WITHDRAWN",
            2,
            "该考生已退考（生病）：本次导入只更新其信息，仍为已退考。如需恢复报考，请在名册中恢复。",
        )
    ]
    assert result.outcome is not None and result.outcome.changed[0].withdrawn
    with workspace.store.session() as session:
        li = session.get(Candidate, ids_of(workspace, plan_id)[LI])
        assert (li.phone, li.status) == ("13900000000", WITHDRAWN)
