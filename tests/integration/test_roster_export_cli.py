"""`roster export` is as careful as the window: a plan with roster errors is exported, said so
on stderr and exit 1; a blank 备案机构名称 in the header is warned about."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_cli
from tests.integration.test_cli import GOOD_ID, GOOD_ID_2, write_roster


def plan_with(tmp_path: Path, phone: str) -> None:
    roster = write_roster(
        tmp_path / "名册.xlsx",
        [
            [1, "张三", "居民身份证", GOOD_ID, "女", "1990-12-15", "汉族", "大学专科", phone],
            [2, "李四", None, GOOD_ID_2, None, None, "汉族", "大学专科", "15900001111"],
        ],
    )
    run_cli("plan", "create", "--occupation", "电工", "--level", "4", data_dir=tmp_path, check=True)
    run_cli("roster", "import", str(roster), "--plan", "1", data_dir=tmp_path)


def test_errors_in_the_plan_are_said_on_stderr_and_exit_one(tmp_path: Path) -> None:
    plan_with(tmp_path, phone="1590000")  # one row with an error
    out = tmp_path / "报名信息表.xlsx"
    result = run_cli("roster", "export", str(out), "--plan", "1", data_dir=tmp_path)
    assert result.returncode == 1
    assert out.exists()  # written all the same, as the window does after asking
    assert "1 名考生的信息有错误" in result.stderr
    as_json = run_cli("roster", "export", str(out), "--plan", "1", "--json", data_dir=tmp_path)
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["error_rows"] == 1


def test_a_blank_institution_name_is_warned_but_not_an_error(tmp_path: Path) -> None:
    plan_with(tmp_path, phone="13812345678")
    out = tmp_path / "报名信息表.xlsx"
    result = run_cli("roster", "export", str(out), "--plan", "1", data_dir=tmp_path)
    assert result.returncode == 0
    assert "备案机构名称" in result.stderr
    run_cli("institution", "set", "--name", "衢州市示范技师学院", data_dir=tmp_path, check=True)
    again = run_cli("roster", "export", str(out), "--plan", "1", data_dir=tmp_path)
    assert again.returncode == 0 and "备案机构名称" not in again.stderr
