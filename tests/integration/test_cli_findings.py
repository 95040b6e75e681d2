"""Every command that reports findings prints them one way: `--json` is exactly the service's
findings through `Finding.to_json()`, and text is one line per finding from one printer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from skilldesk import cli
from skilldesk.commands.common import finding_line
from skilldesk.core.findings import ERROR, WARNING, Finding
from skilldesk.core.models import ExamSite
from skilldesk.files.plan_file import write_plan_file
from skilldesk.services.examiner_import import import_examiners
from skilldesk.services.institution import check_institution
from skilldesk.services.photos import check_photos
from skilldesk.services.plan_check import check_plan_file, check_stored_plan
from skilldesk.services.plans import create_plan
from skilldesk.services.roster import import_roster_file
from skilldesk.services.roster_check import check_roster_file
from skilldesk.services.schemes import SchemeItem, check_scheme
from skilldesk.services.workspace import open_workspace
from tests.helpers import writing
from tests.integration.store_setup import TODAY, furnish
from tests.integration.test_cli import GOOD_ID, GOOD_ID_2, write_roster
from tests.integration.test_examiner_import import STAFF, write_list
from tests.integration.test_scheme_cli import FULL, workspace_with
from tests.unit.test_photo_probe import encoded, portrait
from tests.unit.test_timeline_rules import seed_000_sample


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`skilldesk ARGV…` in this process: the exit code, stdout and stderr."""
    capsys.readouterr()
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def json_findings(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, Any]]:
    code, out, err = run(capsys, *argv, "--json")
    assert code in (0, 1), err
    findings: list[dict[str, Any]] = json.loads(out)["findings"]
    return findings


def finding_lines(out: str, findings: list[Finding]) -> list[str]:
    """The lines of `out` that report a finding (they carry `[错误 CODE]` / `[警告 CODE]`)."""
    codes = {f"[错误 {f.code}]" for f in findings} | {f"[警告 {f.code}]" for f in findings}
    return [line for line in out.splitlines() if any(code in line for code in codes)]


def as_json(findings: list[Finding]) -> list[dict[str, Any]]:
    """What `--json` must print: the findings through to_json, and JSON's own round trip."""
    result: list[dict[str, Any]] = json.loads(
        json.dumps([f.to_json() for f in findings], ensure_ascii=False, default=str)
    )
    return result


# -- the one form -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("finding", "line"),
    [
        (
            Finding("ID_CHECKSUM", ERROR, "校验位不对。", row=4, field="证件号码"),
            "第4行「证件号码」  [错误 ID_CHECKSUM] 校验位不对。",
        ),
        (Finding("PHOTO_NOT_JPEG", ERROR, "不是 JPEG。", file="a.jpg"), "a.jpg  [错误 PHOTO_NOT_JPEG] 不是 JPEG。"),
        (
            Finding("PHOTO_NAME_MISMATCH", ERROR, "姓名不符。", row=5, file="a.jpg"),
            "a.jpg 第5行  [错误 PHOTO_NAME_MISMATCH] 姓名不符。",
        ),
        (
            Finding("NOTICE_TOO_SHORT", ERROR, "太短。", field="score_notice_end"),
            "「成绩公示结束时间」  [错误 NOTICE_TOO_SHORT] 太短。",
        ),
        (
            Finding("ROOM_NOT_APPROVED", ERROR, "未通过。", field="sessions[1]"),
            "第2场考试  [错误 ROOM_NOT_APPROVED] 未通过。",
        ),
        (Finding("SITE_NOT_APPROVED", ERROR, "未通过。", field="site"), "「考点」  [错误 SITE_NOT_APPROVED] 未通过。"),
        (
            Finding("LEVEL_OUT_OF_SCOPE", ERROR, "不在范围内。", field="level", record="第1项"),
            "第1项「等级」  [错误 LEVEL_OUT_OF_SCOPE] 不在范围内。",
        ),
        (
            Finding("SCOPE_CODE_FORMAT", ERROR, "编码有误。", field="occupation_code", record="电工"),
            "电工「职业编码」  [错误 SCOPE_CODE_FORMAT] 编码有误。",
        ),
        (Finding("FILING_EXPIRING", WARNING, "将到期。", record="机构备案"), "机构备案  [警告 FILING_EXPIRING] 将到期。"),
    ],
)  # fmt: skip
def test_one_line_per_finding_names_the_place_its_kind_needs(finding: Finding, line: str) -> None:
    assert finding_line(finding) == line
    # The JSON carries the same place in words, so a script can show what a user would see.
    assert finding.to_json()["where"] == line.split("  [")[0]


def test_a_finding_without_a_place_is_about_the_whole_thing_checked() -> None:
    finding = Finding("CALENDAR_NOT_COVERED", WARNING, "日历未覆盖。")
    assert finding_line(finding, whole="计划") == "计划  [警告 CALENDAR_NOT_COVERED] 日历未覆盖。"


def test_the_json_form_keeps_every_key_the_commands_printed() -> None:
    timeline = Finding("CALENDAR_NOT_COVERED", WARNING, "日历未覆盖。", extra={"years": [2027]})
    assert timeline.to_json() == {
        "code": "CALENDAR_NOT_COVERED",
        "severity": "warning",
        "field": None,
        "message": "日历未覆盖。",
        "where": "",
        "years": [2027],
    }
    row = Finding("PHONE_FORMAT", ERROR, "号码有误。", row=5, field="手机号码", record="李四")
    assert list(row.to_json()) == ["code", "severity", "field", "message", "where", "row", "record"]


# -- every command that prints findings ---------------------------------------------------------


@pytest.fixture
def bad_roster(tmp_path: Path) -> Path:
    wrong_check = GOOD_ID[:17] + ("1" if GOOD_ID[17] != "1" else "2")
    rows: list[list[object]] = [
        [1, "张三", "居民身份证", wrong_check, "女", "1990-12-15", "汉族", "大学专科", "13812345678"],
        [2, "李四", None, GOOD_ID_2, None, None, "汉族", "大学专科", "1590000"],
    ]  # fmt: skip
    return write_roster(tmp_path / "bad.xlsx", rows)


def test_roster_check(capsys: pytest.CaptureFixture[str], bad_roster: Path) -> None:
    today = dt.date.today()
    expected = check_roster_file(bad_roster, reference_date=today).findings
    assert json_findings(capsys, "roster", "check", str(bad_roster)) == as_json(expected)
    code, out, _ = run(capsys, "roster", "check", str(bad_roster))
    assert code == 1
    assert finding_lines(out, expected) == [finding_line(f) for f in expected]
    places = [line.split("  [")[0] for line in finding_lines(out, expected)]
    assert {"第4行「证件号码」", "第5行「手机号码」"} <= set(places)


def test_photos_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "照片"
    folder.mkdir()
    name = f"{GOOD_ID}张三.jpg"
    (folder / name).write_bytes(encoded(portrait(), "PNG"))  # a PNG named .jpg
    expected = check_photos(folder).findings
    assert json_findings(capsys, "photos", "check", str(folder)) == as_json(expected)
    code, out, _ = run(capsys, "photos", "check", str(folder))
    assert code == 1
    lines = finding_lines(out, expected)
    assert lines == [finding_line(f) for f in expected]
    assert any(line.startswith(f"{name}  [错误 PHOTO_NOT_JPEG] ") for line in lines)


def test_plan_check_of_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "seed.json"
    write_plan_file(seed_000_sample(), path)
    today = dt.date(2024, 1, 2)
    checked = check_plan_file(path, None, today)
    expected = checked.findings
    code, out, err = run(capsys, "plan", "check", str(path), "--today", "2024-01-02", "--json")
    assert code == 1, err
    assert json.loads(out) == json.loads(json.dumps(checked.to_json(), ensure_ascii=False))
    assert json.loads(out)["findings"] == as_json(expected)
    code, out, _ = run(capsys, "plan", "check", str(path), "--today", "2024-01-02")
    lines = finding_lines(out, expected)
    assert lines == [finding_line(f, whole="计划") for f in expected]
    first_session = next(f for f in expected if f.field == "sessions[0]")
    assert f"第1场考试  [错误 TIMELINE_INVERTED] {first_session.message}" in lines


@pytest.fixture
def furnished(tmp_path: Path) -> Path:
    workspace = open_workspace(tmp_path / "ws")
    furnish(workspace.store)
    with writing(workspace.store) as session:
        site = session.get(ExamSite, 1)
        assert site is not None
        site.status = "不通过"
    workspace.close()
    return tmp_path / "ws"


def test_plan_check_of_a_stored_plan(capsys: pytest.CaptureFixture[str], furnished: Path) -> None:
    # Two years on the institution's filing has expired too: a finding about no plan field.
    later = TODAY + dt.timedelta(days=730)
    workspace = open_workspace(furnished)
    checked = check_stored_plan(workspace.store, 1, today=later)
    workspace.close()
    argv = ("--data-dir", str(furnished), "plan", "check", "--plan", "1", "--today", str(later))
    code, out, err = run(capsys, *argv, "--json")
    assert code == 1, err
    assert json.loads(out) == json.loads(json.dumps(checked.to_json(), ensure_ascii=False))
    code, out, _ = run(capsys, *argv)
    lines = finding_lines(out, checked.findings)
    assert lines == [finding_line(f, whole="计划") for f in checked.findings]
    places = {line.split("  [")[0] for line in lines}
    assert {"「考点」", "第1场考试", "第2场考试", "机构备案"} <= places


def test_scheme_check_and_submit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    too_many = dataclasses.replace(
        FULL, self_made_share=75, items=(SchemeItem("电工", (2,)), *FULL.items)
    )
    data_dir = str(workspace_with(tmp_path, too_many))
    workspace = open_workspace(Path(data_dir))
    expected = check_scheme(workspace.store, 1)
    workspace.close()
    assert json_findings(capsys, "--data-dir", data_dir, "scheme", "check", "2026") == as_json(
        expected
    )
    code, out, _ = run(capsys, "--data-dir", data_dir, "scheme", "check", "2026")
    assert code == 1
    assert finding_lines(out, expected) == [
        f"{FULL.title}「试题资源」  [错误 SELF_MADE_SHARE] {expected[0].message}",
        f"第1项「等级」  [错误 LEVEL_OUT_OF_SCOPE] {expected[1].message}",
    ]
    code, _, err = run(capsys, "--data-dir", data_dir, "scheme", "submit", "2026")
    assert code == 2
    assert finding_lines(err, expected) == [finding_line(f) for f in expected]


def test_examiner_import_dry_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data_dir = tmp_path / "ws"
    open_workspace(data_dir).close()
    rows = [*STAFF, (4, "李明", None, None, None, None, None, None, "首席", "电工")]
    path = write_list(tmp_path / "名单.xlsx", rows)
    workspace = open_workspace(data_dir)
    expected = import_examiners(workspace.store, path, dry_run=True).findings
    workspace.close()
    assert expected, "the refused row must be reported"
    argv = ("--data-dir", str(data_dir), "examiner", "import", str(path), "--dry-run")
    assert json_findings(capsys, *argv) == as_json(expected)
    _, out, _ = run(capsys, *argv)
    assert finding_lines(out, expected) == [finding_line(f) for f in expected]
    places = [line.split("  [")[0] for line in finding_lines(out, expected)]
    assert places == ["第4行「年龄」", "第6行「等级」"]


def test_institution_show(capsys: pytest.CaptureFixture[str], furnished: Path) -> None:
    later = str(TODAY + dt.timedelta(days=730))
    workspace = open_workspace(furnished)
    expected = check_institution(workspace.store, today=dt.date.fromisoformat(later))
    workspace.close()
    argv = ("--data-dir", str(furnished), "institution", "show", "--today", later)
    assert json_findings(capsys, *argv) == as_json(expected)
    _, out, _ = run(capsys, *argv)
    assert finding_lines(out, expected) == [finding_line(f) for f in expected]
    assert any(line.startswith("机构备案  [错误 FILING_EXPIRED] ") for line in out.splitlines())


def test_roster_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bad_roster: Path
) -> None:
    # The same file into two identical new plans: one through the service, one through the CLI.
    expected_ws, data_dir = tmp_path / "by-service", tmp_path / "by-cli"
    for folder in (expected_ws, data_dir):
        workspace = open_workspace(folder)
        create_plan(workspace.store, "电工", 4)
        workspace.close()
    workspace = open_workspace(expected_ws)
    expected = import_roster_file(workspace.store, bad_roster, 1).findings
    workspace.close()
    argv = ("--data-dir", str(data_dir), "roster", "import", str(bad_roster), "--plan", "1")
    assert json_findings(capsys, *argv) == as_json(expected)
    _, out, _ = run(capsys, *argv)
    assert finding_lines(out, expected) == [finding_line(f) for f in expected]
