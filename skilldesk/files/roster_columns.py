"""Map roster column headers, as people type them, to candidate field attrs (see core/fields.py)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from skilldesk.core.fields import LABELS

# A 序号 column is recognised (it helps find the header row) but carries no candidate data.
SERIAL = "serial"

# Header texts per field beyond the canonical label, most specific first. A file whose headers
# hit one field twice keeps the better-ranked column (the canonical label ranks first).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("申报人姓名", "考生姓名", "学员姓名"),
    "id_type": ("证件种类", "身份证件类型"),
    "id_number": (
        "身份证号码",
        "身份证号",
        "身份证件号码",
        "证件号",
        "身份证",
        "公民身份号码",
    ),
    "birth_date": ("出生年月", "出生年月日", "出生日", "生日", "出生时间"),
    "ethnicity": ("族别",),
    "education": ("学历", "最高学历", "文化"),
    "phone": (
        "手机",
        "手机号",
        "联系电话",
        "电话",
        "联系方式",
        "移动电话",
        "电话号码",
        "手机号码/电话",
    ),
    "source": ("考生类别", "人员来源"),
    "employer": (
        "工作单位",
        "工作单位或联系地址",
        "单位名称",
        "单位",
        "所在单位名称",
        "就职单位",
        "工作单位名称",
    ),
    "years_in_occupation": (
        "本职业年限",
        "本职业（工种）年限",
        "本职业工作年限",
        "本工种年限",
        "从业年限",
        "工龄",
    ),
    "original_level": (
        "现职业技能等级",
        "现有等级",
        "现有职业技能等级",
        "原等级",
        "现职业资格等级",
        "现有职业资格等级",
    ),
    "title_level": ("现职称", "职称等级", "职称"),
    "certificate_number": (
        "职业资格证书号码",
        "现有证书号码",
        "证书号码",
        "证书编号",
        "现有职业资格证书编号",
    ),
    "address": ("联系地址", "通信地址", "地址", "家庭住址", "家庭地址", "住址"),
    "email": ("邮箱", "E-mail", "Email", "电子邮件", "邮箱地址"),
    "occupation": ("申报工种", "职业（工种）", "鉴定工种", "职业", "工种"),
    "level": ("申报级别", "鉴定等级", "等级"),
    "subjects": ("考试科目", "科目"),
    "application_condition": ("报考条件", "申报条件类别"),
    "training_hours": ("学时", "培训课时", "课时"),
}

_SERIAL_HEADERS = ("序号", "编号", "No.", "NO")
_NOISE = re.compile(r"[\s\u200b\ufeff]+")
_FILL_HINTS = ("(必填)", "(选填)", "(可选)", "(非必填)", "(可不填)")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")


def normalize_header(text: str) -> str:
    """Reduce a header to a lookup key: no whitespace, half-width brackets, no required marks."""
    key = _NOISE.sub("", unicodedata.normalize("NFKC", text))
    for hint in _FILL_HINTS:
        key = key.replace(hint, "")
    return key.strip("*:").casefold()


def _build_lookup() -> dict[str, tuple[str, int]]:
    lookup: dict[str, tuple[str, int]] = {}
    for attr, label in LABELS.items():
        for rank, text in enumerate((label, *SYNONYMS.get(attr, ()))):
            lookup.setdefault(normalize_header(text), (attr, rank))
    for text in _SERIAL_HEADERS:
        lookup.setdefault(normalize_header(text), (SERIAL, 0))
    return lookup


_LOOKUP = _build_lookup()


def _match(text: object) -> tuple[str, int] | None:
    if not isinstance(text, str):
        return None
    key = normalize_header(text)
    if not key:
        return None
    found = _LOOKUP.get(key)
    if found is None:
        # "出生日期（格式：1990-01-01）", "证件号码(18位)": a trailing remark in brackets.
        bare = _TRAILING_NOTE.sub("", key)
        if bare != key:
            found = _LOOKUP.get(bare)
    return found


def field_for_header(text: object) -> str | None:
    """The field attr a header names, `SERIAL` for 序号, or None when it is not recognised."""
    found = _match(text)
    return found[0] if found else None


@dataclass(slots=True)
class HeaderMatch:
    """How one header row maps onto candidate fields; column indexes are 0-based."""

    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    serial_column: int | None = None
    unknown: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        return len(self.columns)

    @property
    def is_header(self) -> bool:
        """At least two recognised fields, one of them 姓名 or 证件号码."""
        return self.score >= 2 and ("name" in self.columns or "id_number" in self.columns)


def match_headers(cells: Sequence[object]) -> HeaderMatch:
    """Match a row of header cells to fields; unknown and duplicate headers are listed apart."""
    result = HeaderMatch()
    ranks: dict[str, int] = {}
    for index, cell in enumerate(cells):
        found = _match(cell)
        text = cell.strip() if isinstance(cell, str) else ("" if cell in ("", None) else str(cell))
        if found is None:
            if text:
                result.unknown.append(text)
            continue
        attr, rank = found
        if attr == SERIAL:
            if result.serial_column is None:
                result.serial_column = index
            continue
        if attr in ranks and ranks[attr] <= rank:
            result.duplicates.append(text)
            continue
        if attr in ranks:
            result.duplicates.append(result.headers[attr])
        ranks[attr] = rank
        result.columns[attr] = index
        result.headers[attr] = text
    return result
