"""`skilldesk plan check FILE.json` as users run it: JSON shape, text output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from skilldesk.files.plan_file import plan_to_json, write_plan_file
from tests.helpers import run_cli
from tests.unit.test_timeline_rules import national_day_plan, plan_2027, seed_000_sample


def check_json(path: Path, *options: str) -> tuple[int, dict[str, Any]]:
    result = run_cli("plan", "check", str(path), "--json", *options)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def test_a_good_plan_exits_zero(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    write_plan_file(national_day_plan(), path)
    code, data = check_json(path, "--today", "2026-08-31")
    assert code == 0
    assert data == {
        "profile": "zhejiang",
        "today": "2026-08-31",
        "errors": 0,
        "warnings": 0,
        "findings": [],
    }
    text = run_cli("plan", "check", str(path), "--today", "2026-08-31")
    assert text.returncode == 0 and "符合" in text.stdout


def test_the_seed_sample_exits_one_with_keys_as_fields(tmp_path: Path) -> None:
    path = tmp_path / "seed.json"
    write_plan_file(seed_000_sample(), path)
    code, data = check_json(path, "--today", "2024-01-02")
    assert code == 1
    first = data["findings"][0]
    assert list(first)[:4] == ["code", "severity", "field", "message"]
    found = {(f["code"], f["field"]) for f in data["findings"]}
    assert found == {
        ("TIMELINE_INVERTED", "sessions[0]"),
        ("TIMELINE_INVERTED", "sessions[1]"),
        ("NOTICE_TOO_SHORT", "score_notice_end"),
        ("APPROVAL_FORM_LATE", "sessions[1]"),
        ("MATERIALS_LATE", "sessions[1]"),
        ("TIMELINE_MISSING", "evaluation_date"),
        ("TIMELINE_MISSING", "ticket_download_start"),
        ("TIMELINE_MISSING", "ticket_download_end"),
    }
    assert data["errors"] == sum(f["severity"] == "error" for f in data["findings"]) > 0
    text = run_cli("plan", "check", str(path), "--today", "2024-01-02")
    assert text.returncode == 1
    assert "第1场考试  [错误 TIMELINE_INVERTED]" in text.stdout
    assert "「成绩公示结束时间」  [错误 NOTICE_TOO_SHORT]" in text.stdout


def test_warnings_alone_exit_zero(tmp_path: Path) -> None:
    path = tmp_path / "2027.json"
    write_plan_file(plan_2027(), path)
    code, data = check_json(path, "--today", "2026-11-21")
    assert code == 0 and data["errors"] == 0
    assert {f["code"] for f in data["findings"]} == {"CALENDAR_NOT_COVERED"}
    assert all(f["years"] == [2027] for f in data["findings"])


def test_the_profile_changes_the_verdict(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    write_plan_file(national_day_plan(), path)
    code, data = check_json(path, "--today", "2026-08-31", "--profile", "quzhou")
    assert code == 1 and data["profile"] == "quzhou"
    assert {(f["code"], f["field"]) for f in data["findings"]} == {
        ("NOTICE_TOO_SHORT", "score_notice_end"),
        ("TICKET_WINDOW", "ticket_download_start"),
    }


def test_deadline_warnings_carry_the_last_day(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    write_plan_file(national_day_plan(), path)
    _, data = check_json(path, "--today", "2026-09-28")
    electronic = next(f for f in data["findings"] if f.get("deadline") == "electronic_materials")
    assert electronic["code"] == "MATERIALS_LATE" and electronic["severity"] == "warning"
    assert (electronic["last_day"], electronic["days_left"]) == ("2026-09-26", -2)


def test_bad_input_exits_two_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps({**plan_to_json(national_day_plan()), "pre_notice_end": "2026-13-01"}),
        encoding="utf-8",
    )
    for args in (
        [str(path)],
        [str(tmp_path / "none.json")],
        [],
        [str(path), "--profile", "hangzhou"],
        [str(path), "--today", "昨天"],
    ):
        result = run_cli("plan", "check", *args, "--json")
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
    bad = run_cli("plan", "check", str(path))
    assert "pre_notice_end" in bad.stderr and "YYYY-MM-DD HH:MM:SS" in bad.stderr
    assert "计划文件" in run_cli("plan", "check").stderr
