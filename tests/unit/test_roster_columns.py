"""Header text to field attr: the seed tables' headers, common synonyms and messy typing."""

from __future__ import annotations

import pytest

from skilldesk.core.fields import ATTRS, LABELS
from skilldesk.files.roster_columns import (
    SERIAL,
    SYNONYMS,
    field_for_header,
    match_headers,
    normalize_header,
)

REGISTRATION_HEADERS = (
    "姓名 证件类型 证件号码 性别 出生日期 民族 文化程度 手机号码 考生来源 所在单位 工作年限 "
    "原鉴定等级 通讯地址 电子邮箱 申报条件"
).split()
TRAINING_HEADERS = [
    "序号",
    "姓  名",
    "性别",
    "出生\n年月",
    "文化程度",
    "本职业（工种）年限",
    "现有职业资格证书号码",
    "工作单位或联系地址",
    "身份证号码",
    "电  话",
]


def test_every_canonical_label_maps_to_its_field() -> None:
    for attr, label in LABELS.items():
        assert field_for_header(label) == attr


def test_registration_table_headers_cover_fifteen_fields() -> None:
    match = match_headers(REGISTRATION_HEADERS)
    assert list(match.columns) == [
        "name",
        "id_type",
        "id_number",
        "gender",
        "birth_date",
        "ethnicity",
        "education",
        "phone",
        "source",
        "employer",
        "years_in_occupation",
        "original_level",
        "address",
        "email",
        "application_condition",
    ]
    assert match.unknown == [] and match.serial_column is None


def test_training_roster_headers_as_typed_in_the_seed() -> None:
    match = match_headers(TRAINING_HEADERS)
    assert match.serial_column == 0
    assert match.columns == {
        "name": 1,
        "gender": 2,
        "birth_date": 3,
        "education": 4,
        "years_in_occupation": 5,
        "certificate_number": 6,
        "employer": 7,
        "id_number": 8,
        "phone": 9,
    }
    assert match.headers["birth_date"] == "出生\n年月"


@pytest.mark.parametrize(
    ("header", "attr"),
    [
        ("申报人姓名", "name"),
        ("证件号码", "id_number"),
        ("身份证号", "id_number"),
        ("身份证号码", "id_number"),
        ("身份证", "id_number"),
        ("证件号", "id_number"),
        ("手机", "phone"),
        ("手机号", "phone"),
        ("联系电话", "phone"),
        ("电话", "phone"),
        ("联系方式", "phone"),
        ("学历", "education"),
        ("工作单位", "employer"),
        ("单位", "employer"),
        ("单位名称", "employer"),
        ("工作单位或联系地址", "employer"),
        ("出生年月", "birth_date"),
        ("出生年月日", "birth_date"),
        ("生日", "birth_date"),
        ("本职业年限", "years_in_occupation"),
        ("本职业（工种）年限", "years_in_occupation"),
        ("从业年限", "years_in_occupation"),
        ("现职业技能等级", "original_level"),
        ("现有等级", "original_level"),
        ("现职称等级", "title_level"),
        ("邮箱", "email"),
        ("E-mail", "email"),
        ("email", "email"),
        ("联系地址", "address"),
        ("地址", "address"),
        ("家庭住址", "address"),
        ("申报职业", "occupation"),
        ("申报等级", "level"),
        ("考核科目", "subjects"),
        ("学时", "training_hours"),
        ("培训学时", "training_hours"),
    ],
)
def test_synonyms(header: str, attr: str) -> None:
    assert field_for_header(header) == attr


@pytest.mark.parametrize(
    "header",
    [
        "姓  名",
        "姓\u3000名",
        " 姓名 ",
        "姓\n名",
        "姓名*",
        "姓名＊",
        "*姓名",
        "姓名(必填)",
        "姓名（必填）",
        "姓名（选填）",
        "姓名：",
    ],
)
def test_messy_name_headers(header: str) -> None:
    assert field_for_header(header) == "name"


def test_parentheses_are_unified_and_trailing_remarks_dropped() -> None:
    assert field_for_header("本职业(工种)年限") == "years_in_occupation"
    assert field_for_header("出生日期（格式：1990-01-01）") == "birth_date"
    assert field_for_header("证件号码(18位)") == "id_number"
    assert normalize_header("本职业（工种）年限") == normalize_header("本职业(工种)年限")


def test_serial_column_is_recognised_but_not_a_field() -> None:
    assert field_for_header("序号") == SERIAL
    assert SERIAL not in ATTRS


@pytest.mark.parametrize("cell", ["备注", "照片", "", None, 12.0, "职业技能等级认定报名信息表"])
def test_unrecognised_cells(cell: object) -> None:
    assert field_for_header(cell) is None


def test_no_synonym_names_two_fields() -> None:
    seen: dict[str, str] = {}
    for attr, label in LABELS.items():
        for text in (label, *SYNONYMS.get(attr, ())):
            key = normalize_header(text)
            assert seen.setdefault(key, attr) == attr, text


def test_unknown_and_duplicate_headers_are_reported() -> None:
    match = match_headers(["联系电话", "姓名", "备注", "手机号码", "", "证件号码"])
    assert match.columns["phone"] == 3  # the canonical 手机号码 beats the synonym
    assert match.unknown == ["备注"]
    assert match.duplicates == ["联系电话"]
    assert match.is_header


def test_a_row_needs_name_or_id_to_be_a_header() -> None:
    assert not match_headers(["性别", "民族", "文化程度"]).is_header
    assert not match_headers(["姓名"]).is_header
    assert match_headers(["证件号码", "性别"]).is_header
