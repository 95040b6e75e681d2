"""Identity numbers: the GB 11643 check digit and the formats of the other documents."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skilldesk.core.rules.identity import (
    check_id_number,
    mask_id_number,
    parse_resident_id,
    resident_id_check_digit,
)

TODAY = dt.date(2026, 5, 1)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # the table in GB 11643


def reference_check_digit(first17: str) -> str:
    """The check digit computed the way the standard writes it, to hold the code against."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def make_id(area: str, born: str, seq: str) -> str:
    first17 = area + born + seq
    return first17 + reference_check_digit(first17)


seventeen_digits = st.text(alphabet="0123456789", min_size=17, max_size=17)
birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
areas = st.sampled_from(["330822", "330102", "110101", "330802", "440305"])
sequences = st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}")


def test_the_standards_own_example() -> None:
    assert resident_id_check_digit("11010519491231002") == "X"
    assert parse_resident_id("11010519491231002X", today=TODAY).ok


@given(seventeen_digits)
def test_check_digit_agrees_with_the_weights_table(first17: str) -> None:
    assert resident_id_check_digit(first17) == reference_check_digit(first17)


@given(areas, birth_dates, sequences)
def test_any_real_birth_date_with_its_check_digit_is_valid(
    area: str, born: dt.date, seq: str
) -> None:
    number = make_id(area, born.strftime("%Y%m%d"), seq)
    result = parse_resident_id(number, today=TODAY)
    assert result.ok
    assert result.birth_date == born
    assert result.gender == ("男" if int(seq[2]) % 2 else "女")


@given(areas, birth_dates, sequences, st.sampled_from("0123456789X"))
def test_any_other_check_symbol_is_a_checksum_error(
    area: str, born: dt.date, seq: str, symbol: str
) -> None:
    number = make_id(area, born.strftime("%Y%m%d"), seq)
    if symbol == number[-1]:
        return
    result = parse_resident_id(number[:-1] + symbol, today=TODAY)
    assert result.code == "ID_CHECKSUM"
    assert number[:-1] not in (result.message or "")
    assert result.birth_date is None and result.gender is None


def test_check_digit_refuses_what_is_not_seventeen_digits() -> None:
    with pytest.raises(ValueError):
        resident_id_check_digit("1234")
    with pytest.raises(ValueError):
        resident_id_check_digit("１１０１０５１９４９１２３１００２")


def test_typing_variants_of_a_valid_number_are_accepted() -> None:
    assert parse_resident_id("11010519491231002x", today=TODAY).number == "11010519491231002X"
    full_width = "１１０１０５１９４９１２３１００２Ｘ"
    assert parse_resident_id(full_width, today=TODAY).number == "11010519491231002X"
    assert parse_resident_id(" 110105 19491231 002X ", today=TODAY).ok
    assert parse_resident_id("'11010519491231002X", today=TODAY).ok
    assert parse_resident_id("\ufeff110105194912\u200b31002X", today=TODAY).ok


def test_old_fifteen_digit_number_asks_for_the_new_one() -> None:
    result = parse_resident_id("330822901215342", today=TODAY)
    assert result.code == "ID_FORMAT"
    assert "15位" in (result.message or "") and "18位" in (result.message or "")


@pytest.mark.parametrize(
    ("number", "hint"),
    [
        ("33082219901215342", "现在是17位"),
        ("3308221990121534261", "现在是19位"),
        ("33082219901215342A", "字母或符号"),
        ("3308221990121534-6", "字母或符号"),
    ],
)
def test_wrong_shapes_say_what_is_wrong(number: str, hint: str) -> None:
    result = parse_resident_id(number, today=TODAY)
    assert result.code == "ID_FORMAT"
    assert hint in (result.message or "")


@pytest.mark.parametrize("born", ["19901315", "19900230", "18991231", "20260502", "20300101"])
def test_impossible_or_future_birth_dates(born: str) -> None:
    result = parse_resident_id(make_id("330822", born, "342"), today=TODAY)
    assert result.code == "ID_BIRTHDATE"
    assert result.birth_date is None


def test_leap_day_birth_is_fine() -> None:
    result = parse_resident_id(make_id("330102", "19920229", "124"), today=TODAY)
    assert result.ok and result.birth_date == dt.date(1992, 2, 29) and result.gender == "女"


@pytest.mark.parametrize(
    ("id_type", "number"),
    [
        ("港澳居民来往内地通行证", "H12345678"),
        ("港澳居民来往内地通行证", "m1234567801"),
        ("台湾居民来往大陆通行证", "12345678"),
        ("台湾居民来往大陆通行证", "1234567890"),
        ("护照", "E12345678"),
        ("护照", "ab12345"),
        ("外国人永久居留身份证", "USA330000123456"),
        ("外国人永久居留身份证", make_id("931840", "19850704", "001")),
    ],
)
def test_other_documents_in_their_shape_pass(id_type: str, number: str) -> None:
    assert check_id_number(id_type, number, today=TODAY).ok


@pytest.mark.parametrize(
    ("id_type", "number"),
    [
        ("港澳居民来往内地通行证", "A12345678"),
        ("港澳居民来往内地通行证", "H1234567"),
        ("台湾居民来往大陆通行证", "123456789"),
        ("护照", "E12"),
        ("护照", "E1234-5678"),
        ("外国人永久居留身份证", "US330000123456"),
        ("外国人永久居留身份证", make_id("931840", "19850704", "001")[:-1] + "Z"),
        ("港澳台居民居住证", make_id("330822", "19901215", "342")),
        ("港澳台居民居住证", make_id("810000", "19901215", "342")[:-1] + "0"),
    ],
)
def test_other_documents_out_of_shape_fail(id_type: str, number: str) -> None:
    result = check_id_number(id_type, number, today=TODAY)
    assert result.code == "OTHER_ID_FORMAT"
    assert id_type in (result.message or "")


def test_new_foreign_permanent_id_with_a_wrong_check_digit_fails() -> None:
    good = make_id("931840", "19850704", "001")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert check_id_number("外国人永久居留身份证", bad, today=TODAY).code == "OTHER_ID_FORMAT"


def test_residence_permit_tells_birth_date_and_gender() -> None:
    result = check_id_number("港澳台居民居住证", make_id("810000", "19880321", "017"), today=TODAY)
    assert result.ok
    assert result.birth_date == dt.date(1988, 3, 21)
    assert result.gender == "男"


def test_unknown_document_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        check_id_number("学生证", "12345678", today=TODAY)


def test_mask_id_number() -> None:
    assert mask_id_number("330822199012153426") == "330822********3426"
    assert mask_id_number("E12345678") == "E1*****78"
    assert mask_id_number("1234") == "****"
