"""Identity document numbers: the GB 11643 resident ID and the other documents candidates use."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from skilldesk.core.normalize import to_half_width
from skilldesk.core.reference import (
    FOREIGN_PERMANENT_ID,
    HK_MACAO_PERMIT,
    PASSPORT,
    RESIDENCE_PERMIT,
    RESIDENT_ID,
    TAIWAN_PERMIT,
)

ID_FORMAT = "ID_FORMAT"
ID_CHECKSUM = "ID_CHECKSUM"
ID_BIRTHDATE = "ID_BIRTHDATE"
OTHER_ID_FORMAT = "OTHER_ID_FORMAT"

# GB 11643 weights digit i (0-based) by 2**(17-i) mod 11 (7, 9, 10, 5, 8 …). As 13 ≡ 2 (mod 11),
# reading the 17 digits as a base-13 number gives the same weighted sum mod 11 in one C call:
# sum ≡ 2 * int(first17, 13). The tests hold it against the table of weights.
_CHECK_CHARS = "10X98765432"
_EARLIEST_BIRTH = dt.date(1900, 1, 1)

_RESIDENT_SHAPE = re.compile(r"\d{17}[\dX]", re.ASCII)
_OTHER_SHAPES: dict[str, re.Pattern[str]] = {
    HK_MACAO_PERMIT: re.compile(r"[HM]\d{8}(?:\d{2})?", re.ASCII),
    TAIWAN_PERMIT: re.compile(r"\d{8}|\d{10}", re.ASCII),
    PASSPORT: re.compile(r"[A-Z0-9]{5,17}", re.ASCII),
    FOREIGN_PERMANENT_ID: re.compile(r"[A-Z]{3}\d{12}|9\d{16}[\dX]", re.ASCII),
}
_OTHER_RULES: dict[str, str] = {
    HK_MACAO_PERMIT: "应为H或M开头加8位数字（旧证再加2位）",
    TAIWAN_PERMIT: "应为8位数字（旧证为10位数字）",
    PASSPORT: "应为5到17位字母或数字",
    FOREIGN_PERMANENT_ID: "应为18位、以9开头（2023年版），或3个字母加12位数字（旧版）",
    RESIDENCE_PERMIT: "应为18位，以810000、820000或830000开头",
}
_RESIDENCE_PREFIXES = ("810000", "820000", "830000")
# GB 11643: the 17th digit is odd for men, even for women.
_GENDER_BY_DIGIT = {digit: "男" if int(digit) % 2 else "女" for digit in "0123456789"}


@dataclass(slots=True)  # not frozen: a frozen one takes twice as long to build, once per row
class IdCheck:
    """The outcome of checking a document number: what it tells, or what is wrong with it.

    `birth_date` and `gender` are set only when the number is valid and encodes them.
    """

    number: str
    code: str | None = None
    message: str | None = None
    birth_date: dt.date | None = None
    gender: str | None = None

    @property
    def ok(self) -> bool:
        return self.code is None


def normalize_id_number(text: str) -> str:
    """An ID number as typed, cleaned: half-width, no spaces, upper-case `X`."""
    if text.isascii() and text.isalnum():
        return text.upper()
    text = "".join(to_half_width(text).split()).upper()
    return text[1:] if text.startswith("'") else text  # Excel's "store as text" apostrophe


def mask_id_number(number: str) -> str:
    """A document number safe to show or log: `330822********3420`."""
    if len(number) >= 10:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    if len(number) > 4:
        return number[:2] + "*" * (len(number) - 4) + number[-2:]
    return "*" * len(number)


def resident_id_check_digit(first17: str) -> str:
    """The GB 11643 check character (`0`–`9` or `X`) for the first 17 digits of an ID."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError("expected 17 ASCII digits")
    return _CHECK_CHARS[2 * int(first17, 13) % 11]


def _birth_date(number: str, today: dt.date) -> dt.date | None:
    try:
        born = dt.date.fromisoformat(number[6:14])  # digits only here, so YYYYMMDD
    except ValueError:
        return None
    return born if _EARLIEST_BIRTH <= born <= today else None


def parse_resident_id(text: str, *, today: dt.date | None = None) -> IdCheck:
    """Check an 18-digit resident ID (GB 11643): shape, birth date, check digit."""
    return _check_resident_id(normalize_id_number(text), today or dt.date.today())


def _check_resident_id(number: str, today: dt.date) -> IdCheck:
    if _RESIDENT_SHAPE.fullmatch(number) is None:
        return IdCheck(number, ID_FORMAT, _resident_format_message(number))
    born = _birth_date(number, today)
    if born is None:
        message = "证件号码第7–14位的出生日期不存在或晚于今天，请对照身份证逐位核对。"
        return IdCheck(number, ID_BIRTHDATE, message)
    if _CHECK_CHARS[2 * int(number[:17], 13) % 11] != number[17]:
        return IdCheck(number, ID_CHECKSUM, "证件号码有误（校验位不符），请对照身份证逐位核对。")
    return IdCheck(number, None, None, born, _GENDER_BY_DIGIT[number[16]])


def _resident_format_message(number: str) -> str:
    if len(number) == 15 and number.isdigit():
        return "这是15位的旧身份证号码，请换成现在使用的18位号码（见身份证正面）。"
    if len(number) != 18:
        return f"居民身份证号码应为18位，现在是{len(number)}位，请对照身份证检查是否多输或漏输。"
    return (
        "居民身份证号码只能是数字，最后一位可以是X，请检查是否混入了字母或符号；"
        "如果不是居民身份证，请在「证件类型」中选择正确的类型。"
    )


def check_id_number(id_type: str, text: str, *, today: dt.date | None = None) -> IdCheck:
    """Check a document number against its type (a canonical name from reference.ID_TYPES)."""
    number = normalize_id_number(text)
    if id_type == RESIDENT_ID:
        return _check_resident_id(number, today or dt.date.today())
    if id_type == RESIDENCE_PERMIT:
        return _check_residence_permit(number, today or dt.date.today())
    shape = _OTHER_SHAPES.get(id_type)
    if shape is None:
        raise ValueError(f"unknown document type: {id_type}")
    if shape.fullmatch(number) is None or (
        id_type == FOREIGN_PERMANENT_ID
        and len(number) == 18
        and resident_id_check_digit(number[:17]) != number[17]
    ):
        return IdCheck(number, OTHER_ID_FORMAT, _other_message(id_type))
    return IdCheck(number)


def _check_residence_permit(number: str, today: dt.date) -> IdCheck:
    """港澳台居民居住证: a resident-ID-shaped number under area code 810000/820000/830000."""
    if _RESIDENT_SHAPE.fullmatch(number) is None or not number.startswith(_RESIDENCE_PREFIXES):
        return IdCheck(number, OTHER_ID_FORMAT, _other_message(RESIDENCE_PERMIT))
    born = _birth_date(number, today)
    if born is None or resident_id_check_digit(number[:17]) != number[17]:
        return IdCheck(number, OTHER_ID_FORMAT, "港澳台居民居住证号码有误，请对照证件逐位核对。")
    return IdCheck(number, None, None, born, _GENDER_BY_DIGIT[number[16]])


def _other_message(id_type: str) -> str:
    return f"{id_type}号码{_OTHER_RULES[id_type]}，请对照证件核对，或检查「证件类型」是否选对。"
