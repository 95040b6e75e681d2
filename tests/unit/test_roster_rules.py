"""Roster rows as staff type them: what gets cleaned, filled in, or reported, and where."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from skilldesk.core.roster_data import CheckedRow, Derived, RawRow
from skilldesk.core.rules.roster import SEVERITIES, check_candidate_values, check_roster

TODAY = dt.date(2026, 5, 1)
EXAM_DAY = dt.date(2026, 6, 15)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(area: str, born: str, seq: str) -> str:
    first17 = area + born + seq
    check = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11
    return first17 + "10X98765432"[check]


ZHANG_LI = make_id("330822", "19901215", "342")  # 张丽, 女, born 1990-12-15
WANG_QIANG = make_id("330102", "19850704", "113")  # 王强, 男, born 1985-07-04
LI_NA = make_id("110101", "19990301", "028")  # 李娜, 女, born 1999-03-01
X_ENDING = "33010219850704109X"  # 男, born 1985-07-04


def candidate(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "张丽",
        "id_type": "居民身份证",
        "id_number": ZHANG_LI,
        "gender": "女",
        "birth_date": dt.date(1990, 12, 15),
        "ethnicity": "汉族",
        "education": "大学专科",
        "phone": "13812345678",
        "employer": "衢州某某机械有限公司",
        "email": "zhangli@example.com",
    }
    values.update(changes)
    return values


def check(**changes: Any) -> CheckedRow:
    return check_candidate_values(candidate(**changes), row=5, reference_date=EXAM_DAY, today=TODAY)


def codes(row: CheckedRow) -> list[str]:
    return [f.code for f in row.findings]


def only(row: CheckedRow, code: str) -> Any:
    found = [f for f in row.findings if f.code == code]
    assert len(found) == 1, row.findings
    return found[0]


def test_a_clean_row_passes_untouched() -> None:
    result = check()
    assert result.findings == [] and result.derived == []
    assert result.values == candidate()


def test_severities_are_the_contract() -> None:
    warnings = {code for code, severity in SEVERITIES.items() if severity == "warning"}
    assert warnings == {
        "EMAIL_FORMAT", "AGE_UNDER_16", "NAME_SUSPICIOUS", "ID_INVISIBLE_CHARS", "EDUCATION_GUESSED"
    }  # fmt: skip
    assert set(SEVERITIES) == {
        "REQUIRED_MISSING", "ID_FORMAT", "ID_CHECKSUM", "ID_BIRTHDATE", "ID_PRECISION_LOST",
        "OTHER_ID_FORMAT", "ID_TYPE_UNKNOWN", "GENDER_MISMATCH", "GENDER_UNKNOWN",
        "BIRTHDATE_MISMATCH", "PHONE_FORMAT", "EDUCATION_UNKNOWN", "EDUCATION_GUESSED",
        "ETHNICITY_UNKNOWN",
        "DUPLICATE_ID", "DATE_FORMAT", "ID_INVISIBLE_CHARS", "VALUE_TOO_LONG", "EMAIL_FORMAT",
        "AGE_UNDER_16", "NAME_SUSPICIOUS",
    }  # fmt: skip


# -- required fields ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attr", "label"), [("name", "姓名"), ("id_number", "证件号码"), ("phone", "手机号码")]
)
@pytest.mark.parametrize("empty", [None, "", "  \u3000"])
def test_each_missing_required_field_is_reported_on_its_cell(
    attr: str, label: str, empty: str | None
) -> None:
    finding = only(check(**{attr: empty}), "REQUIRED_MISSING")
    assert (finding.row, finding.field, finding.severity) == (5, label, "error")


def test_required_columns_absent_from_the_file_count_as_missing() -> None:
    result = check_candidate_values({}, row=3, reference_date=EXAM_DAY, today=TODAY)
    assert sorted(f.field or "" for f in result.findings) == ["姓名", "手机号码", "证件号码"]
    assert result.values == {"id_type": "居民身份证"}


# -- resident ID -------------------------------------------------------------------------


def test_lowercase_x_full_width_digits_and_spaces_are_cleaned() -> None:
    result = check(id_number=" 33010219850704109x ", name="王强", gender="男", birth_date=None)
    assert result.values["id_number"] == X_ENDING
    assert result.findings == []
    full_width = check(id_number="３３０８２２１９９０１２１５３４２" + ZHANG_LI[-1])
    assert full_width.values["id_number"] == ZHANG_LI and full_width.findings == []


def test_old_fifteen_digit_id() -> None:
    finding = only(check(id_number="330822901215342"), "ID_FORMAT")
    assert finding.field == "证件号码"
    assert "18位" in finding.message


def test_id_with_a_letter_inside() -> None:
    finding = only(check(id_number=ZHANG_LI[:10] + "A" + ZHANG_LI[11:]), "ID_FORMAT")
    assert "字母" in finding.message


def test_checksum_error_does_not_reveal_the_number_or_the_expected_digit() -> None:
    wrong = ZHANG_LI[:-1] + ("1" if ZHANG_LI[-1] != "1" else "2")
    result = check(id_number=wrong)
    finding = only(result, "ID_CHECKSUM")
    assert finding.field == "证件号码"
    assert wrong not in finding.message and wrong[:-1] not in finding.message
    assert finding.extra == {}
    assert result.values["id_number"] == wrong


@pytest.mark.parametrize("born", ["19901315", "19900230", "18991231", "20270101"])
def test_birth_date_inside_the_id_must_exist_and_be_past(born: str) -> None:
    only(check(id_number=make_id("330822", born, "342"), birth_date=None), "ID_BIRTHDATE")


@pytest.mark.parametrize("cell", [330822199012153426.0, 3.30822199012153e17, 330822199012153426])
def test_id_typed_as_a_number_has_lost_its_digits(cell: float) -> None:
    result = check(id_number=cell, gender=None, birth_date=None)
    finding = only(result, "ID_PRECISION_LOST")
    assert "文本" in finding.message
    assert codes(result) == ["ID_PRECISION_LOST"]  # nothing more is said about a lost number
    assert result.derived == []  # and nothing is filled in from it


def test_a_fifteen_digit_number_cell_is_whole_and_judged_as_an_old_id() -> None:
    result = check(id_number=330822901215342.0)
    assert result.values["id_number"] == "330822901215342"
    assert "15位" in only(result, "ID_FORMAT").message


def test_id_pasted_in_scientific_notation_has_lost_its_digits() -> None:
    assert codes(check(id_number="3.30822E+17")) == ["ID_PRECISION_LOST"]


# -- document types ----------------------------------------------------------------------


@pytest.mark.parametrize("typed", [None, "", "身份证", "二代身份证", "居民身份证"])
def test_document_type_defaults_to_resident_id(typed: str | None) -> None:
    result = check(id_type=typed)
    assert result.values["id_type"] == "居民身份证"
    assert result.findings == []


def test_unknown_document_type() -> None:
    result = check(id_type="学生证")
    finding = only(result, "ID_TYPE_UNKNOWN")
    assert finding.field == "证件类型" and "居民身份证" in finding.message
    assert result.values["id_type"] == "学生证"
    assert codes(result) == ["ID_TYPE_UNKNOWN"]  # the number cannot be judged without a type


def test_other_documents_are_checked_against_their_own_shape() -> None:
    passport = dict(id_type="护照", gender="男", birth_date="1985-07-04")
    assert check(id_number="e12345678", **passport).values["id_number"] == "E12345678"
    assert check(id_number="E12345678", **passport).findings == []
    finding = only(check(id_number="E12", **passport), "OTHER_ID_FORMAT")
    assert finding.field == "证件号码" and "护照" in finding.message
    taiwan = check(id_type="台胞证", id_number=12345678, gender="男")
    assert taiwan.values["id_type"] == "台湾居民来往大陆通行证"
    assert taiwan.values["id_number"] == "12345678" and taiwan.findings == []


def test_residence_permit_is_held_against_gender_and_birth_date() -> None:
    permit = make_id("810000", "19880321", "017")  # 男
    filled = check(id_type="港澳台居民居住证", id_number=permit, gender=None, birth_date=None)
    assert filled.findings == []
    assert (filled.values["gender"], filled.values["birth_date"]) == ("男", dt.date(1988, 3, 21))
    wrong = check(id_type="港澳台居民居住证", id_number=permit, gender="女", birth_date=None)
    assert codes(wrong) == ["GENDER_MISMATCH"]


# -- gender and birth date against the ID ------------------------------------------------


@pytest.mark.parametrize("typed", ["女", "女性", "F", "f", " 女 "])
def test_gender_aliases(typed: str) -> None:
    result = check(gender=typed)
    assert result.values["gender"] == "女" and result.findings == []


def test_gender_that_contradicts_the_id() -> None:
    finding = only(check(gender="男"), "GENDER_MISMATCH")
    assert (finding.field, finding.severity) == ("性别", "error")
    assert "女" in finding.message


def test_gender_that_is_neither() -> None:
    assert codes(check(gender="未知")) == ["GENDER_UNKNOWN"]


def test_empty_gender_and_birth_date_are_filled_from_the_id() -> None:
    result = check(gender=None, birth_date="")
    assert result.findings == []
    assert result.values["gender"] == "女"
    assert result.values["birth_date"] == dt.date(1990, 12, 15)
    assert result.derived == [
        Derived(5, "性别", "女", "性别为空，已按证件号码填为“女”。"),
        Derived(5, "出生日期", "1990-12-15", "出生日期为空，已按证件号码填为1990-12-15。"),
    ]


def test_nothing_is_filled_from_an_invalid_id() -> None:
    result = check(id_number=ZHANG_LI[:-1] + "0", gender=None, birth_date=None)
    assert result.derived == []
    assert result.values["gender"] is None and result.values["birth_date"] is None


@pytest.mark.parametrize(
    "typed",
    [
        "1990-12-15",
        "1990/12/15",
        "1990.12.15",
        "19901215",
        "1990年12月15日",
        33222,
        33222.0,
        dt.datetime(1990, 12, 15),
    ],
)
def test_birth_date_forms(typed: object) -> None:
    result = check(birth_date=typed)
    assert result.values["birth_date"] == dt.date(1990, 12, 15)
    assert result.findings == []


def test_birth_date_that_contradicts_the_id() -> None:
    finding = only(check(birth_date="1990-12-16"), "BIRTHDATE_MISMATCH")
    assert finding.field == "出生日期" and "1990-12-15" in finding.message


@pytest.mark.parametrize(
    "typed", ["1990.12", "1990-12", "1990/12", "199012", "1990年12月", 1990.12]
)
def test_year_month_birth_date_is_completed_from_the_id(typed: object) -> None:
    result = check(birth_date=typed)
    assert result.findings == []
    assert result.values["birth_date"] == dt.date(1990, 12, 15)
    assert result.derived == []  # normalised like 汉 → 汉族, not a filled-in empty cell


def test_year_month_that_contradicts_the_id() -> None:
    result = check(birth_date="1990.11")
    assert codes(result) == ["BIRTHDATE_MISMATCH"]
    assert result.values["birth_date"] == "1990-11"


def test_year_month_without_an_id_to_complete_it_is_kept_as_written() -> None:
    result = check(id_type="护照", id_number="E12345678", birth_date="1990.12")
    assert result.findings == []
    assert result.values["birth_date"] == "1990-12"


def test_unreadable_birth_date() -> None:
    result = check(birth_date="九零年十二月")
    finding = only(result, "DATE_FORMAT")
    assert finding.field == "出生日期" and "1990-12-15" in finding.message
    assert result.values["birth_date"] == "九零年十二月"


# -- age ---------------------------------------------------------------------------------


def under_16(born: str, **changes: Any) -> bool:
    number = make_id("330102", born, "125")
    result = check(id_number=number, gender="男", birth_date=None, **changes)
    return "AGE_UNDER_16" in codes(result)


def test_age_is_counted_at_the_exam_day() -> None:
    assert under_16("20100616")  # 15 years and 364 days on 2026-06-15
    assert not under_16("20100615")  # 16 today
    assert not under_16("19900101")


def test_age_warning_is_a_warning_on_the_birth_date() -> None:
    number = make_id("330102", "20100616", "125")
    finding = only(check(id_number=number, gender="男", birth_date=None), "AGE_UNDER_16")
    assert (finding.severity, finding.field) == ("warning", "出生日期")
    assert "2026-06-15" in finding.message


def test_age_from_a_year_month_is_only_warned_when_certain() -> None:
    def warned(month: str) -> bool:
        result = check(id_type="护照", id_number="E12345678", birth_date=month)
        return "AGE_UNDER_16" in codes(result)

    assert warned("2010.07")  # under 16 whichever day in July 2010
    assert not warned("2010.06")  # 16 if born on or before 15 June


# -- phone, email, vocabularies, names ---------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["138 1234 5678", "+86 138-1234-5678", 13812345678.0, "１３８１２３４５６７８"]
)
def test_phone_forms(typed: object) -> None:
    result = check(phone=typed)
    assert result.values["phone"] == "13812345678" and result.findings == []


@pytest.mark.parametrize("typed", ["0570-8012345", "1381234567", "12812345678", "138123456789"])
def test_phone_that_is_not_a_mainland_mobile(typed: str) -> None:
    finding = only(check(phone=typed), "PHONE_FORMAT")
    assert (finding.field, finding.severity) == ("手机号码", "error")


@pytest.mark.parametrize(
    "typed", ["zhangli@", "zhangli.example.com", "zhang li@example", "a@b@c.com"]
)
def test_email_that_is_not_an_address(typed: str) -> None:
    finding = only(check(email=typed), "EMAIL_FORMAT")
    assert (finding.field, finding.severity) == ("电子邮箱", "warning")


def test_full_width_email_is_cleaned() -> None:
    result = check(email="ｚｈａｎｇｌｉ＠ｅｘａｍｐｌｅ．ｃｏｍ")
    assert result.values["email"] == "zhangli@example.com" and result.findings == []


def test_short_forms_become_canonical() -> None:
    result = check(ethnicity="汉", education="大专")
    assert (result.values["ethnicity"], result.values["education"]) == ("汉族", "大学专科")
    assert result.findings == []


def test_unknown_education_and_ethnicity() -> None:
    result = check(ethnicity="火星族", education="大专及以上")
    assert sorted(codes(result)) == ["EDUCATION_UNKNOWN", "ETHNICITY_UNKNOWN"]
    assert only(result, "EDUCATION_UNKNOWN").field == "文化程度"
    assert only(result, "ETHNICITY_UNKNOWN").field == "民族"
    assert result.values["education"] == "大专及以上"


def test_empty_education_and_ethnicity_are_not_errors() -> None:
    result = check(ethnicity=None, education="  ")
    assert result.findings == []
    assert result.values["ethnicity"] is None and result.values["education"] is None


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("张  丽", "张丽"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),
        ("阿依古丽.买买提", "阿依古丽·买买提"),
        ("阿依古丽‧买买提", "阿依古丽·买买提"),
        ("John Smith", "John Smith"),
        ("Mary-Jane O'Neil", "Mary-Jane O'Neil"),
    ],
)
def test_names_that_are_fine(typed: str, clean: str) -> None:
    result = check(name=typed)
    assert result.values["name"] == clean
    assert result.findings == []


@pytest.mark.parametrize("typed", ["张丽2", "张丽#", "张丽（借读）", "·张丽", "张丽A"])
def test_suspicious_names_are_a_warning(typed: str) -> None:
    finding = only(check(name=typed), "NAME_SUSPICIOUS")
    assert (finding.field, finding.severity) == ("姓名", "warning")


def test_other_fields_are_trimmed_and_numbers_made_text() -> None:
    result = check(employer="\u3000衢州某某机械有限公司 ", years_in_occupation=5.0, address=None)
    assert result.values["employer"] == "衢州某某机械有限公司"
    assert result.values["years_in_occupation"] == "5"
    assert result.values["address"] is None


# -- whole roster ------------------------------------------------------------------------


def roster(*rows: dict[str, Any], existing: tuple[str, ...] = ()) -> list[CheckedRow]:
    raw = [RawRow(row=3 + i, values=values) for i, values in enumerate(rows)]
    result = check_roster(raw, reference_date=EXAM_DAY, existing_ids=existing, today=TODAY)
    return result.rows


def test_duplicate_ids_are_marked_on_every_row_of_the_group() -> None:
    wang = candidate(name="王强", id_number=WANG_QIANG, gender="男", birth_date=None)
    rows = roster(
        candidate(),
        wang,
        candidate(name="李娜", id_number=LI_NA, gender="女", birth_date=None),
        dict(wang, id_number=" " + WANG_QIANG.lower() + " "),
        dict(wang, id_number="".join(chr(ord(c) + 0xFEE0) for c in WANG_QIANG)),
    )
    flagged = {r.row: only(r, "DUPLICATE_ID") for r in rows if "DUPLICATE_ID" in codes(r)}
    assert sorted(flagged) == [4, 6, 7]
    assert "第6、7行" in flagged[4].message
    assert "第4、7行" in flagged[6].message
    assert flagged[4].field == "证件号码"


def test_a_large_duplicate_group_names_at_most_ten_other_rows() -> None:
    rows = roster(*(candidate() for _ in range(13)))
    message = only(rows[0], "DUPLICATE_ID").message
    assert "第4、5、6、7、8、9、10、11、12、13等行" in message
    assert [codes(r) for r in rows] == [["DUPLICATE_ID"]] * 13


def test_ids_already_in_the_plan_are_duplicates() -> None:
    rows = roster(
        candidate(),
        candidate(name="李娜", id_number=LI_NA, gender="女", birth_date=None),
        existing=(LI_NA.lower(),),
    )
    assert codes(rows[0]) == []
    assert "本计划" in only(rows[1], "DUPLICATE_ID").message


def test_rows_keep_their_excel_row_numbers() -> None:
    rows = roster(
        candidate(phone="12345"),
        candidate(name="王强", id_number=WANG_QIANG, gender="男", birth_date=None, phone="12345"),
    )
    assert [(r.row, codes(r)) for r in rows] == [(3, ["PHONE_FORMAT"]), (4, ["PHONE_FORMAT"])]


def test_no_message_ever_holds_a_full_id_number() -> None:
    numbers = [
        ZHANG_LI,
        WANG_QIANG,
        ZHANG_LI[:-1] + "0",
        "330822901215342",
        make_id("330822", "19901315", "342"),
    ]
    rows = roster(*(candidate(id_number=n, gender="男", birth_date="1980-01-01") for n in numbers))
    messages = [f.message for r in rows for f in r.findings] + [
        d.message for r in rows for d in r.derived
    ]
    assert messages
    for message in messages:
        assert re.search(r"\d{15}", message) is None, message
