"""`plan export`, `plan import` and `plan check --plan` through the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from skilldesk.core.models import ExamSite
from skilldesk.services.plans import create_plan, set_plan_timeline
from skilldesk.services.workspace import open_workspace
from tests.helpers import run_cli, writing
from tests.integration.ready_setup import furnish_ready
from tests.integration.store_setup import TODAY


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    # Ready to submit (roster, photos, an approved scheme): what the check says is the change.
    workspace = open_workspace(tmp_path / "ws")
    furnish_ready(workspace)
    workspace.close()
    return tmp_path / "ws"


def test_export_then_import_round_trips(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "计划.json"
    exported = run_cli("plan", "export", "--plan", "1", str(out), data_dir=data_dir)
    assert exported.returncode == 0, exported.stderr
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["registration_start"] == "2026-09-15 00:00:00"
    assert [(s["subject"], s["room"]) for s in written["sessions"]] == [
        ("theory", "001"),
        ("practical", "002"),
    ]
    # Bring the same file onto the stored plan: nothing changes.
    same = run_cli("plan", "import", str(out), "--plan", "1", "--json", data_dir=data_dir)
    assert json.loads(same.stdout) == {"plan": 1, "created": False, "sessions": 2}
    again = tmp_path / "again.json"
    run_cli("plan", "export", "--plan", "1", str(again), data_dir=data_dir, check=True)
    assert json.loads(again.read_text(encoding="utf-8")) == written
    # A new plan from the file: rooms are found by 试场编号 (no site chosen yet, only one site).
    created = run_cli("plan", "import", str(out), data_dir=data_dir)
    assert created.returncode == 0 and "已新建评价计划 2" in created.stdout
    copy = tmp_path / "copy.json"
    run_cli("plan", "export", "--plan", "2", str(copy), data_dir=data_dir, check=True)
    copied = json.loads(copy.read_text(encoding="utf-8"))
    assert {k: v for k, v in copied.items() if k != "sessions"} == {
        k: v for k, v in written.items() if k != "sessions"
    }
    assert [s["room"] for s in copied["sessions"]] == [
        "示范技师学院考点（实训楼3幢2层201）",
        "示范技师学院考点（实训楼5幢1层电工实训室）",
    ]


def test_import_refuses_an_unknown_room_and_changes_nothing(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    run_cli("plan", "export", "--plan", "1", str(out), data_dir=data_dir, check=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    data["sessions"][0]["room"] = "9幢9层999"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("plan", "import", str(out), data_dir=data_dir)
    assert result.returncode == 2 and "9幢9层999" in result.stderr
    listed = json.loads(run_cli("plan", "list", "--json", data_dir=data_dir).stdout)
    assert len(listed["plans"]) == 1


def test_check_a_stored_plan(data_dir: Path) -> None:
    today = TODAY.isoformat()
    clean = run_cli("plan", "check", "--plan", "1", "--today", today, "--json", data_dir=data_dir)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert json.loads(clean.stdout)["findings"] == []
    workspace = open_workspace(data_dir)
    with writing(workspace.store) as session:
        session.get_one(ExamSite, 1).status = "不通过"
    workspace.close()
    result = run_cli("plan", "check", "--plan", "1", "--today", today, "--json", data_dir=data_dir)
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["plan"] == 1 and payload["errors"] == 3
    # Each finding names the plan key it concerns, like a plan file's checks do.
    assert sorted((f["code"], f["field"]) for f in payload["findings"]) == [
        ("ROOM_NOT_APPROVED", "sessions[0]"),
        ("ROOM_NOT_APPROVED", "sessions[1]"),
        ("SITE_NOT_APPROVED", "site"),
    ]
    workspace = open_workspace(data_dir)
    with writing(workspace.store) as session:
        session.get_one(ExamSite, 1).status = "draft"
    workspace.close()
    text = run_cli("plan", "check", "--plan", "1", "--today", today, data_dir=data_dir)
    assert text.returncode == 1 and "第2场考试  [错误 ROOM_NOT_APPROVED]" in text.stdout
    assert "「考点」  [错误 SITE_NOT_APPROVED]" in text.stdout
    assert "备案状态为“草稿”" in text.stdout and "draft" not in text.stdout
    # The timeline rules run on the stored plan too: judged from a later day it is too late
    # (and the site is still a draft).
    late = run_cli(
        "plan", "check", "--plan", "1", "--today", "2026-09-10", "--json", data_dir=data_dir
    )
    assert sorted(f["code"] for f in json.loads(late.stdout)["findings"]) == [
        "PLAN_SUBMIT_LATE", "ROOM_NOT_APPROVED", "ROOM_NOT_APPROVED", "SITE_NOT_APPROVED"
    ]  # fmt: skip


def test_a_stored_plan_is_checked_by_the_institutions_regional_rules(data_dir: Path) -> None:
    workspace = open_workspace(data_dir)
    short = {"score_notice_end": dt.datetime(2026, 10, 26, 23, 59, 59)}
    set_plan_timeline(workspace.store, 1, short)
    workspace.close()
    today = TODAY.isoformat()
    quzhou = run_cli("plan", "check", "--plan", "1", "--today", today, "--json", data_dir=data_dir)
    payload = json.loads(quzhou.stdout)
    assert quzhou.returncode == 1 and payload["profile"] == "quzhou"
    assert [f["code"] for f in payload["findings"]] == ["NOTICE_TOO_SHORT"]
    text = run_cli("plan", "check", "--plan", "1", "--today", today, data_dir=data_dir)
    assert "按“衢州市”的规则核对" in text.stdout
    chosen = ("plan", "check", "--plan", "1", "--today", today, "--profile", "zhejiang")
    zhejiang = run_cli(*chosen, data_dir=data_dir)
    assert zhejiang.returncode == 0 and "浙江省（通用）" in zhejiang.stdout


def test_check_usage_errors(data_dir: Path, tmp_path: Path) -> None:
    both = run_cli("plan", "check", str(tmp_path / "p.json"), "--plan", "1", data_dir=data_dir)
    assert both.returncode == 2 and "只能选一个" in both.stderr
    missing = run_cli("plan", "check", "--plan", "42", data_dir=data_dir)
    assert missing.returncode == 2 and "找不到评价计划“42”" in missing.stderr
    neither = run_cli("plan", "check", data_dir=data_dir)
    assert neither.returncode == 2 and "--plan" in neither.stderr


def test_the_centers_plan_number_is_recorded_and_finds_the_plan(data_dir: Path) -> None:
    recorded = run_cli("plan", "number", "1", "ＺＪ2026 QZ-0012", "--json", data_dir=data_dir)
    assert recorded.returncode == 0, recorded.stderr
    assert json.loads(recorded.stdout)["plan_number"] == "ZJ2026QZ-0012"  # as copied, tidied
    found = run_cli("plan", "check", "--plan", "ZJ2026QZ-0012", "--today", TODAY.isoformat(),
                    data_dir=data_dir)  # fmt: skip
    assert found.returncode == 0 and "符合" in found.stdout
    workspace = open_workspace(data_dir)
    second = create_plan(workspace.store, "焊工", 3)
    workspace.close()
    taken = run_cli("plan", "number", str(second.id), "ZJ2026QZ-0012", data_dir=data_dir)
    assert taken.returncode == 2 and "已用于计划“电工（四级/中级工）”" in taken.stderr
    short = run_cli("plan", "number", str(second.id), "12", data_dir=data_dir)
    assert short.returncode == 2 and "太短" in short.stderr
    cleared = run_cli("plan", "number", "ZJ2026QZ-0012", "", data_dir=data_dir)
    assert cleared.returncode == 0 and "已清除" in cleared.stdout
