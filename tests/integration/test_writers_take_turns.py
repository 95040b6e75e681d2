"""The window and every command-line process take turns to write: two imports of the same file at
once both succeed (the second finds everyone already there), and a writer kept waiting says who
holds the workspace, in Chinese, and changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from skilldesk.core.models import Candidate, Plan
from skilldesk.services.plans import create_plan
from skilldesk.services.sample_data import make_candidates

ROWS = 1500
HEADER = ["姓名", "证件号码", "性别", "出生日期", "手机号码", "文化程度"]


def big_roster(path: Path) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for person in make_candidates(ROWS, seed=7):
        sheet.append(
            [
                person["name"],
                person["id_number"],
                person["gender"],
                person["birth_date"],
                person["phone"],
                "大学专科",
            ]
        )
    book.save(path)
    return path


def skilldesk(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen(
        [sys.executable, "-m", "skilldesk", "--data-dir", str(data_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.slow
def test_two_imports_of_the_same_file_at_once_both_succeed(workspace, tmp_path: Path) -> None:
    plan_id = create_plan(workspace.store, "电工", 4).id
    path = big_roster(tmp_path / "r.xlsx")
    runs = [
        skilldesk(
            workspace.data_dir, "roster", "import", str(path), "--plan", str(plan_id), "--json"
        )
        for _ in range(2)
    ]
    outcomes = [run.communicate(timeout=180) for run in runs]
    assert [run.returncode for run in runs] in ([0, 0], [1, 1]), outcomes
    assert all("内部错误" not in err for _out, err in outcomes)
    added = sorted(json.loads(out)["added"] for out, _err in outcomes)
    unchanged = sorted(json.loads(out)["unchanged"] for out, _err in outcomes)
    assert added == [0, ROWS] and unchanged == [0, ROWS]
    with workspace.store.session() as session:
        assert session.scalar(select(func.count()).select_from(Candidate)) == ROWS


HOLD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from skilldesk.core.write_lock import WriteLock, set_writer_identity
    set_writer_identity("SkillDesk 窗口")
    with WriteLock(Path(sys.argv[1])).held(timeout=5):
        print("held", flush=True)
        sys.stdin.readline()
    """
)


@pytest.mark.slow
def test_a_cli_write_waits_for_the_window_then_says_so(workspace, tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(workspace.data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", "SKILLDESK_WRITE_WAIT": "0.5"}
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "skilldesk",
                "--data-dir",
                str(workspace.data_dir),
                "plan",
                "create",
                "--occupation",
                "电工",
                "--level",
                "4",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    assert run.returncode == 2
    assert f"SkillDesk 窗口（进程 {holder.pid}" in run.stderr
    assert "数据未改动" in run.stderr and "内部错误" not in run.stderr
    with workspace.store.session() as session:
        assert session.scalar(select(func.count()).select_from(Plan)) == 0
