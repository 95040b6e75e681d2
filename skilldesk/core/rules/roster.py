"""Roster checks: clean each row, report what blocks submission, fill in what the ID tells."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from skilldesk.core.fields import LABELS
from skilldesk.core.findings import ERROR, WARNING, Finding, Severity
from skilldesk.core.normalize import (
    HAN,
    YearMonth,
    cell_text,
    cells_text,
    has_invisible,
    normalize_name,
    normalize_phone,
    parse_date_or_month,
    to_half_width,
)
from skilldesk.core.reference import (
    EDUCATION_GUESSES,
    EDUCATION_LEVELS,
    ID_TYPES,
    RESIDENT_ID,
    canonical_education,
    canonical_ethnicity,
    canonical_gender,
    canonical_id_type,
    guessed_education,
)
from skilldesk.core.roster_data import CellValue, CheckedRow, Derived, RawRow, RosterCheck
from skilldesk.core.rules.identity import IdCheck, check_id_number, normalize_id_number

# Every code this module emits, with its severity. Codes are a stable contract: never rename.
SEVERITIES: dict[str, Severity] = {
    "REQUIRED_MISSING": ERROR,
    "ID_FORMAT": ERROR,
    "ID_CHECKSUM": ERROR,
    "ID_BIRTHDATE": ERROR,
    "ID_PRECISION_LOST": ERROR,
    "OTHER_ID_FORMAT": ERROR,
    "ID_TYPE_UNKNOWN": ERROR,
    "GENDER_MISMATCH": ERROR,
    "GENDER_UNKNOWN": ERROR,
    "BIRTHDATE_MISMATCH": ERROR,
    "DATE_FORMAT": ERROR,
    "PHONE_FORMAT": ERROR,
    "EMAIL_FORMAT": WARNING,
    "EDUCATION_UNKNOWN": ERROR,
    "EDUCATION_GUESSED": WARNING,
    "ETHNICITY_UNKNOWN": ERROR,
    "DUPLICATE_ID": ERROR,
    "AGE_UNDER_16": WARNING,
    "NAME_SUSPICIOUS": WARNING,
    "ID_INVISIBLE_CHARS": WARNING,
    "VALUE_TOO_LONG": ERROR,
}
MINIMUM_AGE = 16

# The longest value each field may hold: the candidate table's String(n) lengths, which SQLite
# itself does not enforce (a test keeps the two in step). A longer value is not kept at all —
# neither stored nor echoed in a message — so a 1 MB cell cannot reach the store or a report.
MAX_LENGTHS: dict[str, int] = {
    "name": 50,
    "id_type": 30,
    "id_number": 40,
    "gender": 2,
    "birth_date": 40,
    "ethnicity": 20,
    "education": 30,
    "phone": 20,
    "source": 50,
    "employer": 200,
    "years_in_occupation": 20,
    "original_level": 30,
    "title_level": 30,
    "certificate_number": 60,
    "address": 300,
    "email": 100,
    "occupation": 100,
    "level": 20,
    "subjects": 30,
    "application_condition": 2000,
    "training_hours": 20,
}
TEXT_MAX_LENGTH = 2000  # for a Text column (申报条件): long prose, but not megabytes

_PHONE = re.compile(r"1[3-9]\d{9}", re.ASCII)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_LATIN = r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+\.?"
_PLAUSIBLE_NAME = re.compile(rf"[{HAN}]+(?:·[{HAN}]+)*|{_LATIN}(?:[ '\-]{_LATIN})*")
# A long number pasted from Excel's display: "3.30822E+17".
_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?E\+?\d+", re.ASCII)
# Fields this module normalises itself; any other field is just trimmed to text.
_OWN_FIELDS = frozenset(
    ("name", "id_type", "id_number", "gender", "birth_date", "ethnicity", "education")
    + ("phone", "email")
)

_REQUIRED_MESSAGES = {
    "name": "姓名未填写，请补上。",
    "id_number": "证件号码未填写，请补上。",
    "phone": "手机号码未填写，请补上。",
}
_PRECISION_LOST_MESSAGE = (
    "证件号码被Excel存成了数字，后几位已经丢失。"
    "请把这一列的单元格格式设为“文本”，再重新输入证件号码。"
)
_EDUCATION_CHOICES = "、".join(EDUCATION_LEVELS)
_GUESSED_CODES = frozenset(EDUCATION_GUESSES.values())
_DATE_FORMAT_MESSAGE = (
    "出生日期无法识别。请写成1990-12-15、1990/12/15、1990.12.15、19901215或1990年12月15日，"
    "只有年月时写1990-12或1990年12月。"
)


def _finding(code: str, row: int, attr: str, message: str) -> Finding:
    return Finding(code, SEVERITIES[code], message, row=row, field=LABELS[attr])


def check_candidate_values(
    values: Mapping[str, CellValue],
    *,
    row: int,
    reference_date: dt.date,
    today: dt.date | None = None,
) -> CheckedRow:
    """Normalise and check one candidate (keyed by field attr); duplicates are not looked for."""
    return _check_row(values, row, reference_date, today or dt.date.today())[0]


def check_roster(
    rows: Sequence[RawRow],
    *,
    reference_date: dt.date,
    existing_ids: Collection[str] = (),
    today: dt.date | None = None,
) -> RosterCheck:
    """Check every row, then mark ID numbers repeated in the file or already in the plan.

    `reference_date` is the day ages are counted at (the plan's exam date, else today);
    `existing_ids` are the ID numbers already in the target plan.
    """
    today = today or dt.date.today()
    checked: list[CheckedRow] = []
    first_with_id: dict[str, CheckedRow] = {}
    repeated: dict[str, list[CheckedRow]] = {}
    for raw in rows:
        result, key = _check_row(raw.values, raw.row, reference_date, today)
        checked.append(result)
        if key is not None:
            first = first_with_id.setdefault(key, result)
            if first is not result:
                repeated.setdefault(key, [first]).append(result)
    in_plan = {normalize_id_number(number) for number in existing_ids}
    for key, group in repeated.items():
        _mark_duplicates(group, key in in_plan)
    for key in in_plan.intersection(first_with_id).difference(repeated):
        _mark_duplicates([first_with_id[key]], True)
    return RosterCheck(checked)


def _mark_duplicates(group: list[CheckedRow], in_plan: bool) -> None:
    """Add DUPLICATE_ID to every row of a group sharing one ID number."""
    numbers = [str(checked.row) for checked in group[:11]]  # a message names at most 10
    for index, checked in enumerate(group):
        others = [n for i, n in enumerate(numbers) if i != index][:10]
        parts = []
        if others:
            more = "等" if len(group) - 1 > len(others) else ""
            parts.append(f"证件号码与第{'、'.join(others)}{more}行重复")
        if in_plan:
            parts.append("该证件号码已在本计划的名单中")
        message = "，".join(parts) + "。同一考生只能报名一次，请删除多余的行。"
        checked.findings.append(_finding("DUPLICATE_ID", checked.row, "id_number", message))


def _check_row(
    values: Mapping[str, CellValue], row: int, reference_date: dt.date, today: dt.date
) -> tuple[CheckedRow, str | None]:
    """Check one row; also return its ID number for the duplicate check (None if unusable).

    Each field first tries the raw cell as it is (already clean in most rows) and only cleans
    it when that fails: this runs for every row of a 10,000-row roster.
    """
    out = cells_text(values, leave_empty=_OWN_FIELDS)
    findings: list[Finding] = []
    derived: list[Derived] = []
    get = values.get

    raw = get("name")
    if type(raw) is str and _PLAUSIBLE_NAME.fullmatch(raw):
        out["name"] = raw
    else:
        name = normalize_name(raw)
        if "name" in values:
            out["name"] = name
        if name is None:
            findings.append(_finding("REQUIRED_MISSING", row, "name", _REQUIRED_MESSAGES["name"]))
        elif _PLAUSIBLE_NAME.fullmatch(name) is None:
            message = "姓名中有数字或符号，请核对是否与证件上的姓名一致。"
            findings.append(_finding("NAME_SUSPICIOUS", row, "name", message))

    id_type, valid_id, id_key = _check_id(values, out, findings, row, today)
    out["id_type"] = id_type
    id_gender = id_birth = None
    if valid_id is not None:
        id_gender, id_birth = valid_id.gender, valid_id.birth_date

    # Fast paths for a filled-in cell that agrees with the ID; the helpers handle the rest.
    raw = get("gender")
    gender = canonical_gender(raw) if type(raw) is str else None
    if gender is not None and (id_gender is None or gender == id_gender):
        out["gender"] = gender
    else:
        _check_gender(raw, id_gender, out, findings, derived, row)
    raw = get("birth_date")
    birth = parse_date_or_month(raw)
    if type(birth) is dt.date and (id_birth is None or birth == id_birth):
        out["birth_date"] = birth
    else:
        birth = _check_birth_date(raw, birth, id_birth, out, findings, derived, row)
    if birth is not None:
        age = reference_date.year - birth.year
        if (reference_date.month, reference_date.day) < (birth.month, birth.day):
            age -= 1
        if age < MINIMUM_AGE:
            message = f"按{reference_date.isoformat()}计算未满16周岁，请确认是否符合申报条件。"
            findings.append(_finding("AGE_UNDER_16", row, "birth_date", message))

    raw = get("ethnicity")
    if raw is not None:
        found = canonical_ethnicity(raw) if type(raw) is str else None
        if found is not None:
            out["ethnicity"] = found
        elif (text := cell_text(raw)) is not None:
            out["ethnicity"] = text
            message = f"民族“{text}”无法识别，请填写民族全称，如“汉族”“畲族”。"
            findings.append(_finding("ETHNICITY_UNKNOWN", row, "ethnicity", message))
    raw = get("education")
    if raw is not None:
        found = canonical_education(raw) if type(raw) is str else None
        if found is not None:
            out["education"] = found
            if found in _GUESSED_CODES and isinstance(raw, str) and guessed_education(raw):
                message = (
                    f"文化程度“{raw.strip()}”有不止一种理解，已按“{found}”填写；"
                    "如不对，请改为准确的文化程度。"
                )
                findings.append(_finding("EDUCATION_GUESSED", row, "education", message))
        elif (text := cell_text(raw)) is not None:
            out["education"] = text
            message = f"文化程度“{text}”无法识别，请改为以下之一：{_EDUCATION_CHOICES}。"
            findings.append(_finding("EDUCATION_UNKNOWN", row, "education", message))

    raw = get("phone")
    if type(raw) is str and _PHONE.fullmatch(raw):
        out["phone"] = raw
    else:
        phone = normalize_phone(raw)
        if "phone" in values:
            out["phone"] = phone
        if phone is None:
            message = _REQUIRED_MESSAGES["phone"]
            findings.append(_finding("REQUIRED_MISSING", row, "phone", message))
        elif _PHONE.fullmatch(phone) is None:
            message = "手机号码应为11位、以1开头的大陆手机号，请检查是否多输、漏输或填了固定电话。"
            findings.append(_finding("PHONE_FORMAT", row, "phone", message))

    raw = get("email")
    if type(raw) is str and _EMAIL.fullmatch(raw):
        out["email"] = raw
    elif (email := cell_text(raw)) is not None:
        email = "".join(to_half_width(email).split())
        out["email"] = email
        if _EMAIL.fullmatch(email) is None:
            message = "电子邮箱格式不对（应像 name@example.com），请检查。"
            findings.append(_finding("EMAIL_FORMAT", row, "email", message))

    if _drop_too_long(out, findings, row):
        id_key = None
    return CheckedRow(row, out, findings, derived), id_key


def _drop_too_long(out: dict[str, Any], findings: list[Finding], row: int) -> bool:
    """Empty every value longer than its field may hold, replacing that field's findings (they
    may quote the value) with VALUE_TOO_LONG. Returns whether the ID number was emptied."""
    limits = MAX_LENGTHS
    too_long = [
        attr
        for attr, value in out.items()
        if type(value) is str and len(value) > limits.get(attr, TEXT_MAX_LENGTH)
    ]
    for attr in too_long:
        length, limit = len(out[attr]), limits.get(attr, TEXT_MAX_LENGTH)
        out[attr] = None
        label = LABELS[attr]
        findings[:] = [f for f in findings if f.field != label]
        message = f"{label}过长（{length}个字符，最多{limit}个），未导入该值，请核对。"
        findings.append(_finding("VALUE_TOO_LONG", row, attr, message))
    return "id_number" in too_long


def _check_id(
    values: Mapping[str, CellValue],
    out: dict[str, Any],
    findings: list[Finding],
    row: int,
    today: dt.date,
) -> tuple[str, IdCheck | None, str | None]:
    """Resolve the document type and check the number.

    Returns the type as shown, the check when the number is valid, and the duplicate key.
    """
    raw_type = values.get("id_type")
    id_type = canonical_id_type(raw_type) if type(raw_type) is str else None
    shown_type = id_type
    if id_type is None:
        type_text = cell_text(raw_type)
        if type_text is None:
            id_type = shown_type = RESIDENT_ID
        else:
            shown_type = type_text
            message = f"证件类型“{type_text}”无法识别，请改为：{'、'.join(ID_TYPES)}。"
            findings.append(_finding("ID_TYPE_UNKNOWN", row, "id_type", message))
    shown_type = shown_type or RESIDENT_ID

    raw = values.get("id_number")
    if type(raw) is str:
        number = normalize_id_number(raw)
        lost = "E" in number and _SCIENTIFIC.fullmatch(number) is not None
        if number and has_invisible(raw):
            # Stripped before keying: the number then finds its candidate instead of making the
            # same person a second one; the user still learns the file carries hidden bytes.
            message = (
                "证件号码中夹有看不见的字符（常见于从网页或其他系统复制），已去除，请核对号码。"
            )
            findings.append(_finding("ID_INVISIBLE_CHARS", row, "id_number", message))
    else:
        number = normalize_id_number(cell_text(raw) or "")
        # Typed as a number, Excel keeps 15 significant digits: longer numbers have lost their
        # tail. A 15-digit number survives whole and is judged like text (an old 15-digit ID).
        lost = isinstance(raw, int | float) and not isinstance(raw, bool) and abs(raw) >= 1e15
    if not number:
        if "id_number" in values:
            out["id_number"] = None
        message = _REQUIRED_MESSAGES["id_number"]
        findings.append(_finding("REQUIRED_MISSING", row, "id_number", message))
        return shown_type, None, None
    out["id_number"] = number
    if lost:
        findings.append(_finding("ID_PRECISION_LOST", row, "id_number", _PRECISION_LOST_MESSAGE))
        return shown_type, None, None
    if id_type is None:
        return shown_type, None, number
    id_check = check_id_number(id_type, number, today=today)
    if id_check.code is None:
        return shown_type, id_check, number
    findings.append(_finding(id_check.code, row, "id_number", id_check.message or ""))
    return shown_type, None, number


def _check_gender(
    raw: CellValue,
    from_id: str | None,
    out: dict[str, Any],
    findings: list[Finding],
    derived: list[Derived],
    row: int,
) -> None:
    gender = canonical_gender(raw) if type(raw) is str else None
    if gender is None:
        text = cell_text(raw)
        if text is None:
            if from_id is not None:
                out["gender"] = from_id
                message = f"性别为空，已按证件号码填为“{from_id}”。"
                derived.append(Derived(row, LABELS["gender"], from_id, message))
            return
        gender = canonical_gender(text)  # a number cell such as 1 or 2
        if gender is None:
            out["gender"] = text
            message = f"性别“{text}”无法识别，请填写“男”或“女”。"
            findings.append(_finding("GENDER_UNKNOWN", row, "gender", message))
            return
    out["gender"] = gender
    if from_id is not None and gender != from_id:
        message = f"性别与证件号码不符（证件号码显示为“{from_id}”），请核对。"
        findings.append(_finding("GENDER_MISMATCH", row, "gender", message))


def _check_birth_date(
    raw: CellValue,
    given: dt.date | YearMonth | None,
    from_id: dt.date | None,
    out: dict[str, Any],
    findings: list[Finding],
    derived: list[Derived],
    row: int,
) -> dt.date | None:
    """Normalise 出生日期 (`given`: the cell parsed) against the ID's birth date.

    Returns the birth date to count age from, if known.
    """
    if given is None:
        text = cell_text(raw)
        if text is not None:
            out["birth_date"] = text
            findings.append(_finding("DATE_FORMAT", row, "birth_date", _DATE_FORMAT_MESSAGE))
        elif from_id is not None:
            out["birth_date"] = from_id
            iso = from_id.isoformat()
            message = f"出生日期为空，已按证件号码填为{iso}。"
            derived.append(Derived(row, LABELS["birth_date"], iso, message))
        return from_id

    if not isinstance(given, tuple):
        out["birth_date"] = given
        if from_id is not None and given != from_id:
            message = f"出生日期与证件号码不符（证件号码中为{from_id.isoformat()}），请核对。"
            findings.append(_finding("BIRTHDATE_MISMATCH", row, "birth_date", message))
        return from_id or given

    year, month = given  # only the year and month were written
    if from_id is None:
        out["birth_date"] = f"{year:04d}-{month:02d}"  # kept as written rather than invent a day
        return dt.date(year, month, 1)  # the oldest they can be: an age warning is then sure
    if (year, month) != (from_id.year, from_id.month):
        out["birth_date"] = f"{year:04d}-{month:02d}"
        message = (
            f"出生年月与证件号码不符（证件号码中为{from_id.year}年{from_id.month}月），请核对。"
        )
        findings.append(_finding("BIRTHDATE_MISMATCH", row, "birth_date", message))
        return from_id
    # The month agrees: take the full date from the ID. Like 汉 → 汉族 this is normalising,
    # not filling an empty cell, so no note: a 花名册 would get one on every row.
    out["birth_date"] = from_id
    return from_id
