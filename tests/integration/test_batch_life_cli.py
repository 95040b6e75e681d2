"""`roster import --dry-run`, `roster undo-import|withdraw|reinstate|move|remove`, `plan delete`:
what they print, what they change, and their exit codes (0 done, 1 findings or not confirmed,
2 refused or bad input)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_cli

from .test_roster_service import LI, WANG, ZHANG, roster


def cli(data_dir: Path, *args: str):
    return run_cli(*args, data_dir=data_dir)


def cli_json(data_dir: Path, *args: str) -> dict[str, Any]:
    result = run_cli(*args, "--json", data_dir=data_dir)
    return {"exit": result.returncode, **json.loads(result.stdout)}


def candidates_of(data_dir: Path, plan: str) -> int:
    listed = cli_json(data_dir, "plan", "list")["plans"]
    return int(next(p["candidates"] for p in listed if str(p["id"]) == plan))


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    data_dir = tmp_path / "ws"
    for level in ("4", "3"):
        cli(data_dir, "plan", "create", "--occupation", "电工", "--level", level).check_returncode()
    cli(data_dir, "plan", "create", "--occupation", "焊工", "--level", "4").check_returncode()
    path = roster(
        tmp_path / "a.xlsx",
        ["张三", ZHANG, "", "", "13812345678", "大专"],
        ["李四", LI, "", "", "13912345678", "大专"],
    )
    cli(data_dir, "roster", "import", str(path), "--plan", "1").check_returncode()
    return data_dir


def test_dry_run_prints_the_import_and_writes_nothing(ws: Path, tmp_path: Path) -> None:
    path = roster(
        tmp_path / "b.xlsx",
        ["张三", ZHANG, "", "", "13800000000", "大专"],
        ["李四", LI, "", "", "13912345678", "大专"],
        ["王五", WANG, "", "", "13712345678", "大专"],
        ["无号", None, "", "", "13712345678", "大专"],
    )
    text = cli(ws, "roster", "import", str(path), "--plan", "1", "--dry-run")
    assert text.returncode == 1  # the row without a number: REQUIRED_MISSING and ROW_NOT_IMPORTED
    assert "  第2行 张三（330822********3426）：手机号码：138****5678 → 138****0000" in text.stdout
    assert "  第4行 王五（330802********001X）" in text.stdout.splitlines()
    assert text.stdout.splitlines()[-1] == (
        "预览导入到“电工（四级/中级工）”（未写入任何数据）：将新增 1，更新 1，未变 1，未导入 1；"
        "2 个错误，0 个警告。"
    )
    preview = cli_json(ws, "roster", "import", str(path), "--plan", "1", "--dry-run")
    assert candidates_of(ws, "1") == 2, "a dry run writes nothing"
    assert preview["changed_rows"][0]["changes"] == [
        {"field": "手机号码", "attr": "phone", "old": "13812345678", "new": "13800000000"}
    ]
    done = cli_json(ws, "roster", "import", str(path), "--plan", "1")
    shared = ("added", "changed", "unchanged", "skipped", "late", "errors", "warnings", "findings")
    assert {k: done[k] for k in shared} == {k: preview[k] for k in shared}
    assert candidates_of(ws, "1") == 3


def test_undo_import_exit_codes(ws: Path, tmp_path: Path) -> None:
    undone = cli_json(ws, "roster", "undo-import", "--plan", "1")
    assert (undone["exit"], undone["undone"], undone["removed"]) == (0, True, 2)
    assert candidates_of(ws, "1") == 0
    again = cli(ws, "roster", "undo-import", "--plan", "1")
    assert again.returncode == 2 and "已经撤销过了" in again.stderr

    path = roster(tmp_path / "c.xlsx", ["王五", WANG, "", "", "13712345678", "大专"])
    cli(ws, "roster", "import", str(path), "--plan", "1").check_returncode()
    cli(ws, "roster", "withdraw", "--plan", "1", WANG, "--reason", "生病").check_returncode()
    blocked = cli(ws, "roster", "undo-import", "--plan", "1")
    assert blocked.returncode == 1
    assert "考生「王五」在导入之后已退考。" in blocked.stdout
    assert candidates_of(ws, "1") == 0  # still withdrawn, nothing undone


def test_withdraw_and_reinstate_by_id_number(ws: Path) -> None:
    out = cli_json(ws, "roster", "withdraw", "--plan", "1", ZHANG, "--reason", "工作调动")
    assert (out["exit"], out["status_label"], [c["name"] for c in out["changed"]]) == (
        0,
        "已退考",
        ["张三"],
    )
    assert candidates_of(ws, "1") == 1
    unknown = cli(ws, "roster", "withdraw", "--plan", "1", WANG, "--reason", "x")
    assert unknown.returncode == 2
    assert "没有证件号码为 330802********001X 的考生" in unknown.stderr
    back = cli(ws, "roster", "reinstate", "--plan", "1", ZHANG)
    assert back.returncode == 0 and "已恢复" in back.stdout
    assert candidates_of(ws, "1") == 2


def test_move_to_a_plan_of_the_same_occupation_only(ws: Path) -> None:
    refused = cli(ws, "roster", "move", "--plan", "1", LI, "--to", "3")
    assert refused.returncode == 2 and "只能移到同一职业" in refused.stderr
    moved = cli_json(ws, "roster", "move", "--plan", "1", LI, "--to", "2")
    assert (moved["exit"], moved["to_plan"], [c["name"] for c in moved["moved"]]) == (
        0,
        2,
        ["李四"],
    )
    assert (candidates_of(ws, "1"), candidates_of(ws, "2")) == (1, 1)


def test_remove_lists_first_and_deletes_only_with_yes(ws: Path) -> None:
    asked = cli(ws, "roster", "remove", "--plan", "1", ZHANG)
    assert asked.returncode == 1
    assert asked.stdout.splitlines()[0] == (
        "将从“电工（四级/中级工）”删除 1 名考生：张三（330822********3426）"
    )
    assert candidates_of(ws, "1") == 2
    done = cli_json(ws, "roster", "remove", "--plan", "1", ZHANG, "--yes")
    assert (done["exit"], done["removed"]) == (0, True)
    assert candidates_of(ws, "1") == 1


def test_plan_delete_asks_first_and_refuses_a_submitted_plan(ws: Path) -> None:
    asked = cli(ws, "plan", "delete", "1")
    assert asked.returncode == 1
    assert asked.stdout.splitlines()[0] == (
        "将删除评价计划“电工（四级/中级工）”（计划 1），连同考生 2 名、名册导入记录 1 条。"
    )
    from skilldesk.services.plans import record_plan_submitted
    from skilldesk.services.workspace import open_workspace

    workspace = open_workspace(ws)
    record_plan_submitted(workspace.store, 1, dt.date(2026, 12, 1))
    workspace.close()
    refused = cli(ws, "plan", "delete", "1", "--yes")
    assert refused.returncode == 2 and "已提交评价中心" in refused.stderr
    deleted = cli_json(ws, "plan", "delete", "2", "--yes")
    assert (deleted["exit"], deleted["removed"]) == (0, True)
    assert [p["id"] for p in cli_json(ws, "plan", "list")["plans"]] == [1, 3]
