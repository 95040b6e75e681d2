"""Institution checks: credit code, filing number and validity, certified-scope codes and levels."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from skilldesk.core.findings import ERROR, WARNING, Finding, Severity
from skilldesk.core.levels import LEVEL_NAMES, parse_level
from skilldesk.core.normalize import clean_text, to_half_width

SEVERITIES: dict[str, Severity] = {
    "FILING_EXPIRING": WARNING,
    "FILING_EXPIRED": ERROR,
    "SCOPE_CODE_FORMAT": ERROR,
    "SCOPE_LEVELS_FORMAT": ERROR,
}
FILING_YEARS = 2  # seed 004: 试点有效期为2年
FILING_WARNING_DAYS = 60

KINDS: dict[str, str] = {"enterprise": "用人单位（企业）", "school": "技工院校"}
FILING_PREFIX: dict[str, str] = {"enterprise": "Y", "school": "S"}
LEVELS: tuple[str, ...] = ("省", "市", "区县")

_CODE = re.compile(r"\d-\d{2}-\d{2}-\d{2}", re.ASCII)
_DASHES = str.maketrans(dict.fromkeys("－—–‐‑−_", "-"))
_LEVEL_SEPARATORS = re.compile(r"[、,，;；\s]+")
_LEVEL_WORDS = {"省级": "省", "省": "省", "市级": "市", "市": "市", "地市": "市"}
_LEVEL_WORDS.update({"区县": "区县", "区县级": "区县", "县级": "区县", "县区": "区县"})
_KIND_WORDS = {"enterprise": "enterprise", "企业": "enterprise", "用人单位": "enterprise"}
_KIND_WORDS.update({"school": "school", "技工院校": "school", "技师学院": "school"})
_KIND_WORDS.update({"技工学校": "school", "学校": "school"})


def credit_code_problem(code: str) -> str | None:
    """Why a unified social credit code (统一社会信用代码) is wrong, in Chinese; None if valid."""
    from stdnum import exceptions
    from stdnum.cn import uscc

    try:
        uscc.validate(code)
    except exceptions.InvalidLength:
        return f"统一社会信用代码应为 18 位，“{code}”是 {len(uscc.compact(code))} 位。"
    except exceptions.InvalidChecksum:
        return f"统一社会信用代码“{code}”的校验位不对，可能有一位抄错了，请对照营业执照或法人证书核对。"
    except exceptions.ValidationError:
        return (
            f"统一社会信用代码“{code}”格式不对：只能由数字和大写字母组成"
            "（不含 I、O、Z、S、V），请对照营业执照或法人证书核对。"
        )
    return None


def normalize_credit_code(code: str) -> str:
    return to_half_width(clean_text(code)).replace(" ", "").replace("-", "").upper()


def canonical_kind(text: str) -> str | None:
    """`enterprise` or `school` from how users write it (企业, 技工院校 …); None if unknown."""
    return _KIND_WORDS.get(clean_text(text).lower())


def canonical_level(text: str) -> str | None:
    """`省`, `市` or `区县` from how users write it (省级, 市级, 县级 …); None if unknown."""
    return _LEVEL_WORDS.get(clean_text(text))


def filing_number_problem(number: str, kind: str | None) -> str | None:
    """Why a filing number (备案号) does not fit: `Y…` for an enterprise, `S…` for a school."""
    if number[:1] not in ("Y", "S") or len(number) < 2:
        return f"备案号“{number}”应以 Y（用人单位）或 S（技工院校）开头。"
    if kind in FILING_PREFIX and number[0] != FILING_PREFIX[kind]:
        return (
            f"备案号“{number}”以 {number[0]} 开头，但机构类型是{KINDS[kind]}："
            f"{KINDS[kind]}的备案号应以 {FILING_PREFIX[kind]} 开头。"
        )
    return None


def filing_valid_until(filed_on: dt.date) -> dt.date:
    """The last day of a filing made on `filed_on`: two years on (28 Feb for a 29 Feb filing)."""
    try:
        end = filed_on.replace(year=filed_on.year + FILING_YEARS)
    except ValueError:
        end = filed_on.replace(year=filed_on.year + FILING_YEARS, day=28)
    return end - dt.timedelta(days=1)


def check_filing(valid_until: dt.date | None, today: dt.date) -> list[Finding]:
    """FILING_EXPIRED once the filing has lapsed, FILING_EXPIRING in the 60 days before."""
    if valid_until is None:
        return []
    record = "机构备案"
    left = (valid_until - today).days
    if left < 0:
        message = (
            f"机构备案已于 {valid_until:%Y-%m-%d} 到期，过期后不能开展等级认定。"
            "请先向人社部门重新备案，再提交计划。"
        )
        return [Finding("FILING_EXPIRED", ERROR, message, record=record)]
    if left <= FILING_WARNING_DAYS:
        message = (
            f"机构备案将于 {valid_until:%Y-%m-%d} 到期（还有 {left} 天），请尽早准备重新备案。"
        )
        return [Finding("FILING_EXPIRING", WARNING, message, record=record)]
    return []


def normalize_scope_code(code: str) -> str:
    """An occupation code as typed, with full-width digits and odd dashes made plain."""
    return to_half_width(clean_text(code)).translate(_DASHES).replace(" ", "")


def scope_code_ok(code: str) -> bool:
    return _CODE.fullmatch(code) is not None


def parse_levels(text: str) -> tuple[int, ...] | None:
    """Levels as attachment 13 writes them (`5、4、3`, `五级/初级工、四级/中级工`, `三级`).

    Returned highest number (五级) first, without repeats; None when any part is unreadable.
    """
    parts = [part for part in _LEVEL_SEPARATORS.split(to_half_width(text)) if part]
    levels = [parse_level(part) for part in parts]
    if not levels or any(level is None for level in levels):
        return None
    return tuple(sorted({level for level in levels if level is not None}, reverse=True))


def format_levels(levels: Iterable[int]) -> str:
    """`5、4、3`, as attachment 13 writes them."""
    return "、".join(str(level) for level in sorted(set(levels), reverse=True))


def check_scope_row(
    occupation: str, code: str | None, levels: str, *, row: int | None = None
) -> list[Finding]:
    """SCOPE_CODE_FORMAT and SCOPE_LEVELS_FORMAT for one certified-scope row."""
    findings: list[Finding] = []
    record = None if row is not None else occupation
    if code and not scope_code_ok(code):
        message = (
            f"“{occupation}”的职业编码“{code}”格式不对，应为 1-23-45-67 的样式"
            "（如 4-03-02-01，见《职业分类大典》）。"
        )
        findings.append(
            Finding(
                "SCOPE_CODE_FORMAT", ERROR, message, row=row, field="occupation_code", record=record
            )
        )
    elif not code:
        message = f"“{occupation}”没有填写职业编码，应为 1-23-45-67 的样式（如 4-03-02-01）。"
        findings.append(
            Finding(
                "SCOPE_CODE_FORMAT", ERROR, message, row=row, field="occupation_code", record=record
            )
        )
    if parse_levels(levels) is None:
        names = "、".join(LEVEL_NAMES.values())
        message = (
            f"“{occupation}”的级别“{levels}”无法识别：请写成“5、4、3”，"
            f"或用等级名称（{names}）并以顿号分隔。"
        )
        findings.append(
            Finding("SCOPE_LEVELS_FORMAT", ERROR, message, row=row, field="levels", record=record)
        )
    return findings
