"""The plan file: lenient dates and subjects in, every key out, one clear message per mistake."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from skilldesk.core.plan_data import ExamSessionData, PlanData
from skilldesk.files.plan_file import (
    PlanFileError,
    plan_from_json,
    plan_to_json,
    read_plan_file,
    write_plan_file,
)
from tests.unit.test_timeline_rules import national_day_plan

T = dt.datetime


def plan_json(**changes: Any) -> dict[str, Any]:
    data = plan_to_json(national_day_plan())
    data.update(changes)
    return data


def refused(data: object) -> str:
    with pytest.raises(PlanFileError) as error:
        plan_from_json(data)
    message = str(error.value)
    assert "\n" not in message
    return message


def test_a_written_plan_reads_back_the_same(tmp_path: Path) -> None:
    plan = national_day_plan(submitted_on=dt.date(2026, 8, 28))
    path = tmp_path / "计划" / "电工.json"
    write_plan_file(plan, path)
    assert read_plan_file(path) == plan
    text = path.read_text(encoding="utf-8")
    assert '"registration_start": "2026-09-15 00:00:00"' in text
    assert '"occupation": "电工"' in text  # readable Chinese, not \\u escapes
    assert '"evaluation_date": "2026-10-17"' in text
    assert [p.name for p in path.parent.iterdir()] == ["电工.json"]  # no temporary file left


def test_every_key_is_written_even_when_empty() -> None:
    data = plan_to_json(PlanData(occupation="电工"))
    assert data["pre_notice_start"] is None and data["sessions"] == []
    assert "submitted_on" not in data
    assert plan_from_json(data) == PlanData(occupation="电工")


def test_dates_and_subjects_are_read_leniently() -> None:
    plan = plan_from_json(
        {
            "occupation": " 电工 ",
            "level": "四级",
            "registration_start": "2026-09-15",
            "registration_end": "2026-09-18",
            "review_deadline": "2026/9/22 17:30",
            "pre_notice_start": "2026-09-24T08:00:00",
            "evaluation_date": "2026-10-17 00:00:00",
            "score_notice_start": "",
            "sessions": [
                {
                    "subject": "理论",
                    "start": "2026-10-17 09:00",
                    "end": "2026-10-17 10:30",
                    "room": 1,
                },
                {"subject": "操作技能", "start": "2026-10-17 13:30:00", "end": None},
                {"subject": "综合评审"},
                {"subject": "Practical", "room": " 3幢2层 "},
            ],
            "plan_number": "ignored: a key the file does not use",
        }
    )
    assert (plan.occupation, plan.level) == ("电工", 4)
    assert plan.registration_start == T(2026, 9, 15, 0, 0, 0)  # a start date: 00:00:00
    assert plan.registration_end == T(2026, 9, 18, 23, 59, 59)  # an end date: 23:59:59
    assert plan.review_deadline == T(2026, 9, 22, 17, 30)
    assert plan.pre_notice_start == T(2026, 9, 24, 8)
    assert plan.evaluation_date == dt.date(2026, 10, 17)
    assert plan.score_notice_start is None and plan.pre_notice_end is None
    assert plan.sessions == [
        ExamSessionData("theory", T(2026, 10, 17, 9), T(2026, 10, 17, 10, 30), "1"),
        ExamSessionData("practical", T(2026, 10, 17, 13, 30), None, None),
        ExamSessionData("comprehensive"),
        ExamSessionData("practical", room="3幢2层"),
    ]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([1, 2], ["JSON 对象"]),
        (
            plan_json(pre_notice_end="2026-02-30"),
            ["pre_notice_end", "评前公示结束时间", "YYYY-MM-DD HH:MM:SS", "2026-02-30"],
        ),
        (plan_json(registration_start=20260915), ["registration_start", "YYYY-MM-DD"]),
        (plan_json(evaluation_date="10月17日"), ["evaluation_date", "认定日期", "YYYY-MM-DD"]),
        (plan_json(level=7), ["level", "1–5"]),
        (plan_json(occupation=["电工"]), ["occupation", "文字", "电工"]),
        (plan_json(sessions={"subject": "理论"}), ["sessions", "列表"]),
        (plan_json(sessions=["理论"]), ["sessions[0]", "对象"]),
        (
            plan_json(sessions=[{"subject": "笔试"}]),
            ["sessions[0].subject", "理论、实操或综合", "笔试"],
        ),
        (
            plan_json(sessions=[{"subject": "理论", "start": "明天"}]),
            ["sessions[0].start", "第1场考试的开始时间"],
        ),
        (plan_json(sessions=[{"subject": "理论", "room": 1.5}]), ["sessions[0].room"]),
        (
            {**plan_json(), "registraton_start": "2026-09-15"},
            ["registraton_start", "registration_start"],
        ),
        (plan_json(sessions=[{"subject": "理论", "strat": "2026-10-17"}]), ["strat", "start"]),
    ],
)
def test_each_mistake_names_the_key_and_the_format(data: object, words: list[str]) -> None:
    message = refused(data)
    for word in words:
        assert word in message


def test_unreadable_files_are_clear(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="找不到计划文件"):
        read_plan_file(tmp_path / "没有.json")
    with pytest.raises(PlanFileError, match="文件夹"):
        read_plan_file(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "occupation": "电工",\n  "level": 4,,\n}', encoding="utf-8")
    with pytest.raises(PlanFileError, match="第3行"):
        read_plan_file(broken)
    garbled = tmp_path / "garbled.json"
    garbled.write_bytes(b'{"occupation": "\x81\x20"}')  # no UTF-8, no GB18030 either
    with pytest.raises(PlanFileError, match="文字编码"):
        read_plan_file(garbled)


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8-sig"])
def test_notepads_encodings_are_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "计划.json"
    path.write_bytes(json.dumps(plan_json(), ensure_ascii=False).encode(encoding))
    assert read_plan_file(path).occupation == "电工"


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(plan_json(), ensure_ascii=False), encoding="utf-8-sig")
    assert read_plan_file(path) == national_day_plan()


def test_a_failed_save_leaves_the_old_file_and_says_why(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.mkdir()  # a folder where the file should go
    with pytest.raises(PlanFileError, match="plan.json.*同名的文件夹"):
        write_plan_file(national_day_plan(), target)
    assert target.is_dir() and list(tmp_path.iterdir()) == [target]
