"""Cleaning what users paste into rosters: spaces, full-width characters, numbers, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from skilldesk.core.normalize import (
    cell_text,
    cells_text,
    clean_text,
    excel_serial_to_date,
    normalize_name,
    normalize_phone,
    parse_date,
    parse_year_month,
    to_half_width,
)
from skilldesk.core.reference import (
    canonical_education,
    canonical_ethnicity,
    canonical_gender,
    canonical_id_type,
)
from skilldesk.core.roster_data import CellValue

DEC_15 = dt.date(1990, 12, 15)


@pytest.mark.parametrize(
    "raw",
    [
        "张三",
        "  张三  ",
        "\u3000张三\u3000",
        "\xa0张三\xa0",
        "\ufeff张三",
        "张三\u200b",
        "\t张三\n",
    ],
)
def test_clean_text_trims_every_kind_of_space_and_invisible_mark(raw: str) -> None:
    assert clean_text(raw) == "张三"


def test_to_half_width_turns_full_width_digits_and_letters_into_ascii() -> None:
    assert to_half_width("３３０８２２ＡＢｘ＠．") == "330822ABx@."
    assert to_half_width("张\u200b三") == "张三"


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (None, None),
        ("", None),
        ("  \u3000 ", None),
        (" 衢州某某机械有限公司 ", "衢州某某机械有限公司"),
        (13812345678.0, "13812345678"),
        (5, "5"),
        (3.5, "3.5"),
        (True, "是"),
        (dt.date(1990, 12, 15), "1990-12-15"),
        (dt.datetime(1990, 12, 15), "1990-12-15"),
        (dt.datetime(2026, 6, 15, 9, 30), "2026-06-15 09:30:00"),
    ],
)
def test_cell_text(cell: object, text: str | None) -> None:
    assert cell_text(cell) == text  # type: ignore[arg-type]


def test_cells_text_keeps_every_key_and_leaves_the_callers_cells_empty() -> None:
    row: dict[str, CellValue] = {
        "name": " 张三 ",
        "employer": " 衢州某某机械有限公司\u3000",
        "training_hours": 120.0,
    }
    assert cells_text(row, leave_empty={"name"}) == {
        "name": None,
        "employer": "衢州某某机械有限公司",
        "training_hours": "120",
    }


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("张  三", "张三"),
        ("张\u3000三", "张三"),
        (" 欧阳 娜娜 ", "欧阳娜娜"),
        ("John   Smith", "John Smith"),
        ("ＪＯＨＮ　ＳＭＩＴＨ", "JOHN SMITH"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),
        ("阿依古丽.买买提", "阿依古丽·买买提"),
        ("阿依古丽．买买提", "阿依古丽·买买提"),
        ("阿依古丽‧买买提", "阿依古丽·买买提"),
        ("阿依古丽 · 买买提", "阿依古丽·买买提"),
        ("", None),
    ],
)
def test_normalize_name(raw: str, name: str | None) -> None:
    assert normalize_name(raw) == name


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        " 138 1234 5678 ",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "8613812345678",
        "0086 13812345678",
        "１３８１２３４５６７８",
        13812345678.0,
        13812345678,
    ],
)
def test_normalize_phone(raw: object) -> None:
    assert normalize_phone(raw) == "13812345678"  # type: ignore[arg-type]


def test_normalize_phone_leaves_a_landline_for_the_check_to_reject() -> None:
    assert normalize_phone("0570-8012345") == "05708012345"
    assert normalize_phone(" ") is None


@pytest.mark.parametrize(
    "raw",
    [
        "1990-12-15",
        "1990/12/15",
        "1990.12.15",
        "19901215",
        "1990年12月15日",
        "1990 年 12 月 15 日",
        " 1990-12-15 ",
        "１９９０－１２－１５",
        "1990-12-15 00:00:00",
        DEC_15,
        dt.datetime(1990, 12, 15, 0, 0),
        33222,
        33222.0,
        19901215,
    ],
)
def test_parse_date_reads_every_accepted_form(raw: object) -> None:
    assert parse_date(raw) == DEC_15  # type: ignore[arg-type]


def test_parse_date_reads_single_digit_months_and_days() -> None:
    assert parse_date("1990-1-5") == dt.date(1990, 1, 5)
    assert parse_date("1990年1月5日") == dt.date(1990, 1, 5)


@pytest.mark.parametrize(
    "raw",
    ["1990-02-30", "1990-13-01", "九零年", "1990-12", "199012", 199012, 1990.12, "", None, True],
)
def test_parse_date_refuses_what_is_not_a_full_date(raw: object) -> None:
    assert parse_date(raw) is None  # type: ignore[arg-type]


def test_excel_serial_numbers_follow_excels_calendar() -> None:
    assert excel_serial_to_date(1) == dt.date(1900, 1, 1)
    assert excel_serial_to_date(61) == dt.date(1900, 3, 1)
    assert excel_serial_to_date(43831) == dt.date(2020, 1, 1)
    assert excel_serial_to_date(60) is None  # Excel's 1900-02-29 never existed
    assert excel_serial_to_date(0) is None


@pytest.mark.parametrize(
    "raw", ["1990.12", "1990-12", "1990/12", "199012", "1990年12月", "1990年12", 199012, 1990.12]
)
def test_parse_year_month_reads_every_accepted_form(raw: object) -> None:
    assert parse_year_month(raw) == (1990, 12)  # type: ignore[arg-type]


def test_parse_year_month_refuses_impossible_months_and_full_dates() -> None:
    assert parse_year_month("1990-13") is None
    assert parse_year_month("1990-12-15") is None
    assert parse_year_month("1990.3") == (1990, 3)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("大专", "大学专科"),
        ("本科", "大学本科"),
        ("中专", "中等专科"),
        ("职高", "职业高中"),
        ("技校", "技工学校"),
        ("高中", "普通高中"),
        ("研究生", "硕士研究生"),
        ("硕士", "硕士研究生"),
        ("博士", "博士研究生"),
        ("高职", "大学专科"),
        ("初级中学", "初中"),
        ("初中文化", "初中"),
        ("本科毕业", "大学本科"),
        (" 大 专 ", "大学专科"),
        ("大学专科", "大学专科"),
        ("其它", "其他"),
    ],
)
def test_education_short_forms(raw: str, canonical: str) -> None:
    assert canonical_education(raw) == canonical


def test_education_that_cannot_be_placed_is_not_guessed() -> None:
    assert canonical_education("大专及以上") is None
    assert canonical_education("中职") is None  # 中专, 职高 or 技校: the user must say


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("汉", "汉族"),
        ("汉族", "汉族"),
        ("蒙古", "蒙古族"),
        ("蒙族", "蒙古族"),
        ("维吾尔", "维吾尔族"),
        ("土家", "土家族"),
        ("畲", "畲族"),
        ("畬族", "畲族"),
        ("其它", "其他"),
        ("外国血统中国籍人士", "外国血统中国籍人士"),
    ],
)
def test_ethnicity_short_forms(raw: str, canonical: str) -> None:
    assert canonical_ethnicity(raw) == canonical


def test_id_type_and_gender_aliases() -> None:
    assert canonical_id_type("身份证") == "居民身份证"
    assert canonical_id_type("二代身份证") == "居民身份证"
    assert canonical_id_type("回乡证") == "港澳居民来往内地通行证"
    assert canonical_id_type("港澳居民来往内地通行证（回乡证）") == "港澳居民来往内地通行证"
    assert canonical_id_type("台胞证") == "台湾居民来往大陆通行证"
    assert canonical_id_type("passport") == "护照"
    assert canonical_id_type("学生证") is None
    assert [canonical_gender(g) for g in ("男", "男性", "M", "f", "Female", "女")] == [
        "男",
        "男",
        "男",
        "女",
        "女",
        "女",
    ]
    assert canonical_gender("未知") is None
