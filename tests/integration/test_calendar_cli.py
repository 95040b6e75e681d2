"""`skilldesk calendar import|show` as staff use them in December, and what an import changes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest

from skilldesk.core import workdays
from skilldesk.core.plan_data import ExamSessionData, PlanData
from skilldesk.files.plan_file import write_plan_file
from tests.helpers import run_cli
from tests.unit.test_holiday_notice import NOTICES, SYNTHETIC_2027

D = dt.date
T = dt.datetime


@pytest.fixture(autouse=True)
def forget_imported_years() -> Iterator[None]:
    """The CLI runs in this process: leave no imported year behind for other tests."""
    yield
    workdays.use_imported_years([])


def day_end(day: dt.date) -> dt.datetime:
    return T.combine(day, dt.time(23, 59, 59))


def january_2027_plan() -> PlanData:
    """A plan for January 2027 whose pre-notice (2027-01-01 … 01-07) holds five weekdays, one of
    them New Year's Day: too short once the holiday is known, undecidable before."""
    return PlanData(
        occupation="电工",
        occupation_code="6-31-01-03",
        level=4,
        registration_start=T(2026, 12, 21, 9),
        registration_end=day_end(D(2026, 12, 25)),
        review_deadline=day_end(D(2026, 12, 29)),
        pre_notice_start=T(2027, 1, 1),
        pre_notice_end=day_end(D(2027, 1, 7)),
        ticket_download_start=T(2027, 1, 12),
        ticket_download_end=day_end(D(2027, 1, 16)),
        evaluation_date=D(2027, 1, 16),
        score_notice_start=T(2027, 1, 19),
        score_notice_end=day_end(D(2027, 1, 25)),
        sessions=[
            ExamSessionData("theory", T(2027, 1, 16, 9), T(2027, 1, 16, 10, 30)),
        ],
    )


def days(first: dt.date, last: dt.date) -> list[str]:
    return [day.isoformat() for day in workdays.dates(first, last)]


SYNTHETIC_DAYS_OFF = [
    *days(D(2027, 1, 1), D(2027, 1, 3)),
    *days(D(2027, 2, 5), D(2027, 2, 12)),
    *days(D(2027, 4, 3), D(2027, 4, 5)),
    *days(D(2027, 5, 1), D(2027, 5, 5)),
    "2027-06-09",
    "2027-09-15",
    *days(D(2027, 10, 1), D(2027, 10, 7)),
]
SYNTHETIC_MAKE_UP = [
    "2027-02-14",
    "2027-02-20",
    "2027-04-25",
    "2027-05-08",
    "2027-09-26",
    "2027-10-09",
]


def cli_json(data_dir: Path, *args: str, code: int = 0) -> dict[str, Any]:
    result = run_cli(*args, "--json", data_dir=data_dir)
    assert result.returncode == code, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def write_notice(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "2027年节假日通知.txt"
    path.write_bytes(text.encode(encoding))
    return path


def stored_plan(data_dir: Path, tmp_path: Path) -> str:
    plan_file = tmp_path / "plan.json"
    write_plan_file(january_2027_plan(), plan_file)
    run_cli("plan", "import", str(plan_file), data_dir=data_dir, check=True)
    return "1"


def plan_findings(data_dir: Path, plan: str) -> set[tuple[str, str]]:
    result = run_cli(
        "plan", "check", "--plan", plan, "--today", "2026-12-01", "--json", data_dir=data_dir
    )
    assert result.returncode in (0, 1), result.stderr
    return {(f["code"], f["field"]) for f in json.loads(result.stdout)["findings"]}


def test_a_january_2027_plan_counts_working_days_once_the_notice_is_imported(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "ws"
    plan = stored_plan(data_dir, tmp_path)
    before = plan_findings(data_dir, plan)
    assert ("CALENDAR_NOT_COVERED", "pre_notice_end") in before

    imported = cli_json(data_dir, "calendar", "import", str(write_notice(tmp_path, SYNTHETIC_2027)))
    assert (imported["year"], imported["days_off"], imported["make_up_workdays"]) == (
        2027,
        SYNTHETIC_DAYS_OFF,
        SYNTHETIC_MAKE_UP,
    )
    assert imported["findings"] == [] and imported["written"] is True

    workdays.use_imported_years([])  # as a new process starts: the workspace brings its years
    after = plan_findings(data_dir, plan)
    assert not any(code == "CALENDAR_NOT_COVERED" for code, _ in after)
    # 1月1日 is New Year's Day by the notice: the five weekdays hold four working days.
    assert ("NOTICE_TOO_SHORT", "pre_notice_end") in after
    text = run_cli("plan", "check", "--plan", plan, "--today", "2026-12-01", data_dir=data_dir)
    assert "只有 4 个工作日（其间元旦放假不计）" in text.stdout


def test_a_dry_run_shows_the_year_and_writes_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "ws"
    plan = stored_plan(data_dir, tmp_path)
    notice = write_notice(tmp_path, SYNTHETIC_2027)
    preview = cli_json(data_dir, "calendar", "import", str(notice), "--dry-run")
    assert (preview["days_off"], preview["make_up_workdays"]) == (
        SYNTHETIC_DAYS_OFF,
        SYNTHETIC_MAKE_UP,
    )
    assert preview["written"] is False
    assert run_cli("calendar", "show", "2027", data_dir=data_dir).returncode == 2
    assert ("CALENDAR_NOT_COVERED", "pre_notice_end") in plan_findings(data_dir, plan)

    text = run_cli("calendar", "import", str(notice), "--dry-run", data_dir=data_dir)
    assert text.returncode == 0
    assert text.stdout.splitlines()[1:3] == [
        "  元旦：1月1日至1月3日放假，共3天",
        "  春节：2月5日至2月12日放假，共8天；2月14日（周日）、2月20日（周六）上班",
    ]
    assert "未保存" in text.stdout.splitlines()[0]


def test_show_says_where_each_year_comes_from(tmp_path: Path) -> None:
    data_dir = tmp_path / "ws"
    built_in = cli_json(data_dir, "calendar", "show", "2026")
    year = [day for day in workdays.dates(D(2026, 1, 1), D(2026, 12, 31))]
    named = [day for day in year if chinese_calendar.get_holiday_detail(day)[1] is not None]
    assert built_in["source"] == "chinese-calendar" and built_in["notice"] is None
    assert built_in["days_off"] == [
        d.isoformat() for d in named if not chinese_calendar.is_workday(d)
    ]
    assert built_in["make_up_workdays"] == [
        d.isoformat() for d in named if chinese_calendar.is_workday(d) and d.weekday() >= 5
    ]

    unknown = run_cli("calendar", "show", "2027", data_dir=data_dir)
    assert unknown.returncode == 2 and "skilldesk calendar import" in unknown.stderr

    run_cli(
        "calendar",
        "import",
        str(write_notice(tmp_path, SYNTHETIC_2027, "gbk")),
        data_dir=data_dir,
        check=True,
    )
    shown = cli_json(data_dir, "calendar", "show", "2027")
    assert shown["source"] == "notice"
    assert (shown["days_off"], shown["make_up_workdays"]) == (SYNTHETIC_DAYS_OFF, SYNTHETIC_MAKE_UP)
    notice = shown["notice"]
    assert {k: notice[k] for k in ("title", "document_number", "published_on", "file_name")} == {
        "title": "国务院办公厅关于2027年部分节假日安排的通知",
        "document_number": None,
        "published_on": "2026-11-05",
        "file_name": "2027年节假日通知.txt",
    }
    assert dt.datetime.fromisoformat(notice["imported_at"]).tzinfo is not None
    text = run_cli("calendar", "show", "2027", data_dir=data_dir).stdout
    assert "来自《国务院办公厅关于2027年部分节假日安排的通知》" in text
    assert "  国庆节：10月1日至10月7日放假，共7天；9月26日（周日）、10月9日（周六）上班" in text


def test_an_unreadable_notice_exits_two_with_its_line_and_stores_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "ws"
    cut = SYNTHETIC_2027[: SYNTHETIC_2027.index("（周日）、10月9日")]
    result = run_cli("calendar", "import", str(write_notice(tmp_path, cut)), data_dir=data_dir)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("skilldesk: 节假日通知读到第 19 行停下了：「七、国庆节：")
    assert result.stderr.count("\n") == 1
    assert run_cli("calendar", "show", "2027", data_dir=data_dir).returncode == 2


def test_a_second_import_of_the_year_says_what_it_replaces(tmp_path: Path) -> None:
    data_dir = tmp_path / "ws"
    run_cli(
        "calendar",
        "import",
        str(write_notice(tmp_path, SYNTHETIC_2027)),
        data_dir=data_dir,
        check=True,
    )
    changed = SYNTHETIC_2027.replace(
        "五、端午节：6月9日（周三）放假1天，不调休。",
        "五、端午节：6月9日（周三）至11日（周五）放假，共3天。",
    )
    again = cli_json(data_dir, "calendar", "import", str(write_notice(tmp_path, changed, "utf-16")))
    assert [(f["code"], f["days"]) for f in again["findings"]] == [
        ("HOLIDAY_NOTICE_REPLACED", ["2027-06-10", "2027-06-11"])
    ]
    assert cli_json(data_dir, "calendar", "show", "2027")["days_off"].count("2027-06-11") == 1


def test_a_built_in_year_is_imported_but_counted_by_the_built_in_calendar(tmp_path: Path) -> None:
    data_dir = tmp_path / "ws"
    result = cli_json(data_dir, "calendar", "import", str(NOTICES / "2026.txt"))
    assert [(f["code"], f["days"]) for f in result["findings"]] == [("HOLIDAY_YEAR_BUILT_IN", [])]
    assert cli_json(data_dir, "calendar", "show", "2026")["source"] == "chinese-calendar"


def test_a_pasted_notice_is_read_from_standard_input(tmp_path: Path) -> None:
    data_dir = tmp_path / "ws"
    command = [sys.executable, "-m", "skilldesk", "--data-dir", str(data_dir)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    pasted = subprocess.run(
        [*command, "calendar", "import", "-", "--json"],
        input=SYNTHETIC_2027.replace("\n", "\r\n").encode("gbk"),
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert pasted.returncode == 0, pasted.stderr.decode()
    data = json.loads(pasted.stdout)
    assert (data["days_off"], data["notice"]["file_name"]) == (SYNTHETIC_DAYS_OFF, None)
