"""A plan or scheme file imported into an existing record changes only what the file holds.

Keys absent from the file leave the stored values alone; an explicit null or [] clears them
(absent ≠ empty); a file that lacks what a new record needs is refused, naming what is missing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from skilldesk.cli import main as cli_main
from skilldesk.core.plan_data import TIMELINE_KEYS
from skilldesk.services.plan_exchange import import_plan_file, plan_data_for
from skilldesk.services.plans import PlanError, get_plan, list_plans
from skilldesk.services.scheme_exchange import import_scheme_file
from skilldesk.services.schemes import (
    SchemeFields,
    SchemeItem,
    create_scheme_from_fields,
    get_scheme,
)
from tests.integration.store_setup import furnish


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_file_holding_only_the_occupation_changes_only_the_occupation(
    workspace, tmp_path: Path
) -> None:
    store = workspace.store
    plan_id = furnish(store).plan_id
    before = plan_data_for(store, plan_id)
    assert before.sessions and before.evaluation_date is not None  # something to lose
    result = import_plan_file(
        store, _write(tmp_path / "p.json", {"occupation": "焊工"}), plan_id=plan_id
    )
    assert plan_data_for(store, plan_id) == dataclasses.replace(before, occupation="焊工")
    assert (result.created, result.sessions) == (False, len(before.sessions))


def test_an_empty_file_changes_nothing(workspace, tmp_path: Path) -> None:
    store = workspace.store
    plan_id = furnish(store).plan_id
    before = plan_data_for(store, plan_id)
    import_plan_file(store, _write(tmp_path / "p.json", {}), plan_id=plan_id)
    assert plan_data_for(store, plan_id) == before


def test_explicit_null_and_empty_list_clear_what_they_name(workspace, tmp_path: Path) -> None:
    store = workspace.store
    plan_id = furnish(store).plan_id
    before = plan_data_for(store, plan_id)
    file = _write(tmp_path / "p.json", {"review_deadline": None, "sessions": []})
    result = import_plan_file(store, file, plan_id=plan_id)
    assert plan_data_for(store, plan_id) == dataclasses.replace(
        before, review_deadline=None, sessions=[]
    )
    assert result.sessions == 0


def test_a_partial_timeline_updates_only_its_keys(workspace, tmp_path: Path) -> None:
    store = workspace.store
    plan_id = furnish(store).plan_id
    before = plan_data_for(store, plan_id)
    file = _write(tmp_path / "p.json", {"review_deadline": "2026-09-21"})
    import_plan_file(store, file, plan_id=plan_id)
    after = plan_data_for(store, plan_id)
    assert after == dataclasses.replace(
        before, review_deadline=dt.datetime(2026, 9, 21, 23, 59, 59)
    )
    for key in TIMELINE_KEYS:
        if key != "review_deadline":
            assert getattr(after, key) == getattr(before, key), key


@pytest.mark.parametrize("key", ["occupation", "level"])
def test_a_required_field_is_not_cleared_by_null(workspace, tmp_path: Path, key: str) -> None:
    store = workspace.store
    plan_id = furnish(store).plan_id
    before = plan_data_for(store, plan_id)
    with pytest.raises(PlanError, match=f"「{key}」"):
        import_plan_file(store, _write(tmp_path / "p.json", {key: None}), plan_id=plan_id)
    assert plan_data_for(store, plan_id) == before


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        ({"occupation": "电工"}, "「level」（等级）"),
        ({"level": 4}, "「occupation」（职业名称）"),
        ({}, "「occupation」（职业名称）、「level」（等级）"),
    ],
)
def test_a_new_plan_from_a_file_lacking_what_it_needs_is_refused(
    workspace, tmp_path: Path, data: dict[str, object], missing: str
) -> None:
    store = workspace.store
    with pytest.raises(PlanError) as refused:
        import_plan_file(store, _write(tmp_path / "p.json", data))
    assert str(refused.value) == f"计划文件中缺少{missing}，无法新建计划。"
    assert list_plans(store) == []


def test_cli_import_of_occupation_only_keeps_timeline_and_sessions(
    workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = workspace.store
    plan_id = furnish(store).plan_id
    before = plan_data_for(store, plan_id)
    file = _write(tmp_path / "p.json", {"occupation": "电工"})
    data_dir = str(workspace.data_dir)
    code = cli_main(["--data-dir", data_dir, "plan", "import", str(file), "--plan", str(plan_id)])
    assert code == 0
    assert capsys.readouterr().out == f"已更新评价计划 {plan_id}：电工（四级/中级工），2 场考试。\n"
    assert plan_data_for(store, plan_id) == before
    assert get_plan(store, plan_id).session_count == 2


def test_scheme_import_keeps_what_the_file_leaves_out(workspace, tmp_path: Path) -> None:
    store = workspace.store
    fields = SchemeFields(
        year=2026,
        title="2026年度职业技能等级认定实施方案",
        items=(SchemeItem(occupation="电工", levels=(4, 5)),),
        conditions="按国家职业标准",
        staff=("周老师",),
    )
    scheme = create_scheme_from_fields(store, fields)
    before = get_scheme(store, scheme.id).fields
    assert before.items and before.staff and before.conditions  # something to lose
    file = _write(tmp_path / "s.json", {"notes": "无"})
    import_scheme_file(store, file, scheme_id=scheme.id)
    assert get_scheme(store, scheme.id).fields == dataclasses.replace(before, notes="无")


def test_the_store_side_knows_every_plan_file_key() -> None:
    from skilldesk.files.plan_file import PLAN_KEYS
    from skilldesk.services.plan_exchange import FILE_KEYS

    assert frozenset(PLAN_KEYS) == FILE_KEYS


def test_the_plan_file_reports_which_keys_it_holds() -> None:
    from skilldesk.files.plan_file import plan_contents_from_json

    contents = plan_contents_from_json({"occupation": "电工", "sessions": None, "other": 1})
    assert contents.keys == frozenset({"occupation", "sessions"})
