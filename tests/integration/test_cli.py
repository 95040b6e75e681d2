"""The CLI contract: in-process through `cli.main`, plus smoke tests through a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from skilldesk.core.rules.identity import resident_id_check_digit
from tests.helpers import run_cli, run_cli_subprocess


def valid_id(first17: str) -> str:
    return first17 + resident_id_check_digit(first17)


GOOD_ID = valid_id("33082219901215342")
GOOD_ID_2 = valid_id("33010219850304123")
HEADER = [
    "序号",
    "姓名",
    "证件类型",
    "证件号码",
    "性别",
    "出生日期",
    "民族",
    "文化程度",
    "手机号码",
]


def write_roster(path: Path, rows: list[list[object]], *, title: bool = True) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append(["职业技能等级认定报名信息表"])
        sheet.append(["备案机构名称：衢州市示范技师学院", None, None, "计划编号："])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def good_roster(tmp_path: Path) -> Path:
    return write_roster(
        tmp_path / "good.xlsx",
        [
            [
                1,
                "张三",
                "居民身份证",
                GOOD_ID,
                "女",
                "1990-12-15",
                "汉族",
                "大学专科",
                "13812345678",
            ],
            [2, "李四", None, GOOD_ID_2, None, None, "汉", "大专", "15900001111"],
        ],
    )


@pytest.fixture
def bad_roster(tmp_path: Path) -> Path:
    wrong_check = GOOD_ID[:17] + ("1" if GOOD_ID[17] != "1" else "2")
    return write_roster(
        tmp_path / "bad.xlsx",
        [
            [
                1,
                "张三",
                "居民身份证",
                wrong_check,
                "女",
                "1990-12-15",
                "汉族",
                "大学专科",
                "13812345678",
            ],
            [2, "李四", None, GOOD_ID_2, None, None, "汉族", "大学专科", "1590000"],
        ],
    )


def test_check_clean_roster_exits_zero_with_counts(good_roster: Path) -> None:
    result = run_cli("roster", "check", str(good_roster), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["rows"] == 2
    assert data["errors"] == 0
    assert (data["warnings"], data["findings"]) == (0, [])


def test_check_reports_errors_with_excel_rows_and_columns(bad_roster: Path) -> None:
    result = run_cli("roster", "check", str(bad_roster), "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    found = [(f["row"], f["field"], f["code"]) for f in data["findings"]]
    # Title rows 1-2, header row 3: the candidates are on Excel rows 4 and 5.
    assert found == [(4, "证件号码", "ID_CHECKSUM"), (5, "手机号码", "PHONE_FORMAT")]
    for finding in data["findings"]:
        assert list(finding) == ["code", "severity", "field", "message", "where", "row"]


def test_check_never_prints_a_full_id_number(bad_roster: Path) -> None:
    result = run_cli("roster", "check", str(bad_roster))
    assert GOOD_ID_2 not in result.stdout + result.stderr


def test_check_writes_a_highlighted_report(bad_roster: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.xlsx"
    result = run_cli("roster", "check", str(bad_roster), "--report", str(report))
    assert result.returncode == 1
    book = openpyxl.load_workbook(report)
    data_sheet = book.worksheets[0]
    assert data_sheet["D4"].comment is not None
    assert "检查结果" in book.sheetnames


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"PK\x03\x04 truncated", "broken.xlsx"), (b"", "empty.xlsx"), (b"hello", "notes.txt")],
)
def test_unreadable_input_exits_two_with_one_line(
    tmp_path: Path, content: bytes, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run_cli("roster", "check", str(path), "--json")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_missing_file_exits_two(tmp_path: Path) -> None:
    result = run_cli("roster", "check", str(tmp_path / "nope.xlsx"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_bad_usage_exits_two_with_one_chinese_line() -> None:
    result = run_cli("roster", "frobnicate")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "用法错误" in result.stderr


def test_help_is_in_chinese() -> None:
    result = run_cli("plan", "check", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("用法：skilldesk plan check")
    assert "选项" in result.stdout and "显示此帮助并退出" in result.stdout
    assert "usage:" not in result.stdout and "show this help" not in result.stdout


def test_plan_create_and_list(tmp_path: Path) -> None:
    created = run_cli(
        "plan", "create", "--occupation", "电工", "--level", "4", "--json", data_dir=tmp_path
    )
    assert created.returncode == 0, created.stderr
    plan = json.loads(created.stdout)
    listed = json.loads(run_cli("plan", "list", "--json", data_dir=tmp_path).stdout)
    assert [p["id"] for p in listed["plans"]] == [plan["id"]]
    assert listed["plans"][0]["occupation"] == "电工"
    assert listed["plans"][0]["level_name"] == "四级/中级工"


def test_import_then_reimport_updates_by_id(tmp_path: Path, good_roster: Path) -> None:
    run_cli("plan", "create", "--occupation", "电工", "--level", "4", data_dir=tmp_path, check=True)
    first = run_cli(
        "roster", "import", str(good_roster), "--plan", "1", "--json", data_dir=tmp_path
    )
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["added"] == 2

    again = json.loads(
        run_cli(
            "roster", "import", str(good_roster), "--plan", "1", "--json", data_dir=tmp_path
        ).stdout
    )
    assert (again["added"], again["changed"], again["unchanged"]) == (0, 0, 2)

    changed = write_roster(
        tmp_path / "changed.xlsx",
        [[1, "张三", "居民身份证", GOOD_ID, "女", "1990-12-15", "汉族", "大学本科", "13812345678"]],
    )
    third = json.loads(
        run_cli("roster", "import", str(changed), "--plan", "1", "--json", data_dir=tmp_path).stdout
    )
    assert (third["added"], third["changed"], third["unchanged"]) == (0, 1, 0)
    listed = json.loads(run_cli("plan", "list", "--json", data_dir=tmp_path).stdout)
    assert listed["plans"][0]["candidates"] == 2


def test_import_into_unknown_plan_exits_two(tmp_path: Path, good_roster: Path) -> None:
    result = run_cli("roster", "import", str(good_roster), "--plan", "42", data_dir=tmp_path)
    assert result.returncode == 2
    assert "找不到评价计划" in result.stderr


@pytest.mark.parametrize("layout", ["registration", "training"])
def test_export_round_trips_through_check(tmp_path: Path, good_roster: Path, layout: str) -> None:
    run_cli("plan", "create", "--occupation", "电工", "--level", "4", data_dir=tmp_path, check=True)
    run_cli("roster", "import", str(good_roster), "--plan", "1", data_dir=tmp_path, check=True)
    out = tmp_path / f"{layout}.xlsx"
    exported = run_cli(
        "roster", "export", str(out), "--plan", "1", "--layout", layout, data_dir=tmp_path
    )
    assert exported.returncode == 0, exported.stderr
    data = json.loads(run_cli("roster", "check", str(out), "--json").stdout)
    assert data["rows"] == 2
    assert not [f for f in data["findings"] if f["code"].startswith("ID_")]


def test_demo_fills_a_workspace_once(tmp_path: Path) -> None:
    first = run_cli("demo", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    plans = json.loads(run_cli("plan", "list", "--json", data_dir=tmp_path).stdout)["plans"]
    assert len(plans) == 2
    assert sum(p["candidates"] for p in plans) >= 300
    photos = list((tmp_path / "photos").rglob("*.jpg"))
    assert len(photos) >= 300
    second = run_cli("demo", data_dir=tmp_path)
    assert second.returncode == 0
    again = json.loads(run_cli("plan", "list", "--json", data_dir=tmp_path).stdout)["plans"]
    assert sum(p["candidates"] for p in again) == sum(p["candidates"] for p in plans)


def test_newer_database_is_refused_by_the_cli(tmp_path: Path) -> None:
    import sqlite3

    run_cli("plan", "list", data_dir=tmp_path, check=True)
    with sqlite3.connect(tmp_path / "skilldesk.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    result = run_cli("plan", "list", data_dir=tmp_path)
    assert result.returncode == 2
    assert "更新版本" in result.stderr


def test_data_dir_may_follow_the_command(tmp_path: Path) -> None:
    run_cli("plan", "create", "--occupation", "焊工", "--level", "3", data_dir=tmp_path, check=True)
    result = run_cli("plan", "list", "--json", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["plans"][0]["occupation"] == "焊工"


# Smoke tests: the real entry point (`python -m skilldesk`), its exit status, encoding and pipes.


@pytest.mark.slow
def test_smoke_help_from_the_entry_point() -> None:
    result = run_cli_subprocess("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法：skilldesk")
    assert result.stderr == ""


@pytest.mark.slow
def test_smoke_demo_then_plan_list(tmp_path: Path) -> None:
    run_cli_subprocess("demo", data_dir=tmp_path, check=True)
    listed = run_cli_subprocess("plan", "list", "--json", data_dir=tmp_path, check=True)
    plans = json.loads(listed.stdout)["plans"]
    assert len(plans) == 2
    assert sum(p["candidates"] for p in plans) == 320


@pytest.mark.slow
def test_smoke_roster_check_exit_statuses(bad_roster: Path, good_roster: Path) -> None:
    bad = run_cli_subprocess("roster", "check", str(bad_roster), "--json")
    assert bad.returncode == 1, bad.stderr
    assert {f["code"] for f in json.loads(bad.stdout)["findings"]} == {
        "ID_CHECKSUM",
        "PHONE_FORMAT",
    }
    assert run_cli_subprocess("roster", "check", str(good_roster)).returncode == 0
    usage = run_cli_subprocess("roster", "frobnicate")
    assert usage.returncode == 2
    assert len(usage.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_smoke_the_cli_never_imports_qt(good_roster: Path, tmp_path: Path) -> None:
    """`-X importtime` lists every module the real process imported, on stderr."""
    for args in (["roster", "check", str(good_roster), "--json"], ["plan", "list"]):
        command = [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "skilldesk",
            "--data-dir",
            str(tmp_path),
        ]
        result = subprocess.run(
            [*command, *args], capture_output=True, text=True, timeout=120, check=True
        )
        assert "skilldesk.cli" in result.stderr, "importtime should list what was imported"
        assert "PySide6" not in result.stderr


@pytest.mark.slow
def test_smoke_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`skilldesk … --json | head`: the reader is gone before the first write."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        command = [sys.executable, "-m", "skilldesk", "--data-dir", str(tmp_path)]
        result = subprocess.run(
            [*command, "plan", "list", "--json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 2
    assert result.stderr == ""
