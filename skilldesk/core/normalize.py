"""Text clean-up shared by the checks: trimming, full-width to half-width, cells to text, dates."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Container, Mapping
from typing import Any

from skilldesk.core.roster_data import CellValue

# Invisible characters that survive copy-paste from web pages and Word: zero-width space,
# non-joiner, joiner, direction marks, word joiner, BOM, soft hyphen; and the control characters
# (NUL and the like) that files exported by other systems carry. None of them can mean anything
# in a cell, and inside an ID number they would make the same person a different key. (Controls
# that count as whitespace — tab, line breaks — are left to the callers that split on spaces.)
_CONTROLS = "".join(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if not chr(c).isspace())
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad" + _CONTROLS
_INVISIBLE_SET = frozenset(_INVISIBLE)
# What trimming removes at either end: every Unicode space (incl. U+3000, NBSP) and the above.
_TRIM = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + _INVISIBLE
# Full-width ASCII (U+FF01–U+FF5E) and the ideographic space map onto plain ASCII.
_HALF_WIDTH: dict[int, int | None] = {0xFF01 + i: 0x21 + i for i in range(94)}
_HALF_WIDTH[0x3000] = 0x20
_HALF_WIDTH.update(dict.fromkeys(map(ord, _INVISIBLE)))

HAN = r"\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""Chinese characters (incl. the rare-name extension planes), for use inside a [...] class."""
_CJK = re.compile(f"[{HAN}]")
_CLEAN_HAN_NAME = re.compile(f"[{HAN}]+(?:·[{HAN}]+)*")
# Every way a minority name's separator gets typed; `·` (U+00B7) is the standard one.
_NAME_DOTS: dict[int, str] = dict.fromkeys(map(ord, "•・.‧･∙⋅"), "·")

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31

# One pass reads both full dates and year-months; the day group is empty for a year-month.
_DATE_TEXT = re.compile(
    r"(\d{4})\s*([-/.])\s*(\d{1,2})(?:\s*\2\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?)?)?"
    r"|(\d{4})\s*年\s*(\d{1,2})\s*(?:月\s*(?:(\d{1,2})\s*[日号]?)?)?"
    r"|(\d{4})(\d{2})(\d{2})?",
    re.ASCII,
)  # fmt: skip


YearMonth = tuple[int, int]
"""A birth month written without a day (出生年月 `1990.12` → `(1990, 12)`).

A plain tuple rather than a NamedTuple: building one is several times cheaper, and a
花名册 has one in every row.
"""


def clean_text(text: str) -> str:
    """Trim spaces (incl. U+3000 and NBSP), zero-width characters and BOMs from both ends."""
    return text.strip(_TRIM)


def to_half_width(text: str) -> str:
    """Full-width digits, letters and punctuation to ASCII (`１２Ａ` → `12A`).

    Zero-width characters, BOMs and control characters (NUL …) go too: inside an ID number or
    a name they are invisible to the user yet make the value wrong.
    """
    if text.isascii() and text.isprintable():
        return text
    return text.translate(_HALF_WIDTH)


def has_invisible(text: str) -> bool:
    """Whether the text holds a character `to_half_width` drops as invisible (NUL, ZWSP, BOM …)."""
    return not text.isprintable() and not _INVISIBLE_SET.isdisjoint(text)


def has_cjk(text: str) -> bool:
    """Whether the text holds a Chinese character."""
    return not text.isascii() and _CJK.search(text) is not None


def cell_text(value: CellValue) -> str | None:
    """A cell value as clean text; None for an empty cell.

    Whole numbers lose Excel's `.0` (`13812345678.0` → `13812345678`); dates become ISO text.
    """
    if type(value) is str:  # the common case first: this runs for every cell of every row
        return value.strip(_TRIM) or None
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value.strip(_TRIM) or None
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)  # a duration cell (calamine gives timedelta), or anything unforeseen


def cells_text(values: Mapping[str, CellValue], leave_empty: Container[str] = ()) -> dict[str, Any]:
    """`cell_text` over a row's cells, keyed as given; keys in `leave_empty` come out as None.

    `leave_empty` names the cells the caller normalises itself: they keep their place in the
    row without being converted twice.
    """
    out: dict[str, Any] = {}
    for key, value in values.items():  # runs for every cell of every row: keep it inline
        if key in leave_empty or value is None:
            out[key] = None
        elif type(value) is str:
            out[key] = value.strip(_TRIM) or None
        else:
            out[key] = cell_text(value)
    return out


def normalize_name(value: CellValue) -> str | None:
    """A person's name: no spaces inside a Chinese name, one `·` style, single spaces in Latin."""
    text = cell_text(value)
    if text is None or _CLEAN_HAN_NAME.fullmatch(text):
        return text
    text = to_half_width(text)
    if has_cjk(text):
        return "".join(text.split()).translate(_NAME_DOTS)
    return " ".join(text.split())


def normalize_phone(value: CellValue) -> str | None:
    """A phone number without spaces, dashes or the +86 country prefix."""
    text = cell_text(value)
    if text is None:
        return None
    if len(text) == 11 and text.isascii() and text.isdigit():
        return text
    text = "".join(to_half_width(text).split()).replace("-", "")
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif len(text) == 13 and text.startswith("86"):
        text = text[2:]
    return text or None


def excel_serial_to_date(serial: float) -> dt.date | None:
    """The date an Excel serial number stands for (1900 system), or None if out of range."""
    if not 1 <= serial < _EXCEL_MAX_SERIAL + 1:
        return None
    days = int(serial)
    if days == 60:  # Excel's phantom 1900-02-29
        return None
    if days < 60:
        days += 1
    return _EXCEL_EPOCH + dt.timedelta(days=days)


def parse_date(value: CellValue) -> dt.date | None:
    """A full date from a date cell, an Excel serial number or text such as `1990年12月15日`.

    Accepted text: 1990-12-15, 1990/12/15, 1990.12.15, 19901215, 1990年12月15日.
    """
    found = parse_date_or_month(value)
    return found if isinstance(found, dt.date) else None


def parse_year_month(value: CellValue) -> YearMonth | None:
    """A year and month written without a day: 1990.12, 1990-12, 1990/12, 199012, 1990年12月."""
    found = parse_date_or_month(value)
    return found if isinstance(found, tuple) else None


def parse_date_or_month(value: CellValue) -> dt.date | YearMonth | None:
    """A full date, or a year and month where only those were written (出生年月); else None."""
    if type(value) is dt.date:  # exact types first: readers hand over date, datetime or str
        return value
    if type(value) is str:
        return _parse_date_text(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return _parse_date_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _parse_date_number(value)
    return None


def _parse_date_number(value: float) -> dt.date | YearMonth | None:
    if not math.isfinite(value):
        return None
    if isinstance(value, int) or value.is_integer():
        number = int(value)
        if 100_000 <= number <= 999_999 or 10_000_000 <= number <= 99_991_231:
            return _parse_date_text(str(number))  # 199012 or 19901215, not a serial
    elif 1900 <= value < 2101:  # 1990.12 typed into a number cell
        return _parse_date_text(repr(value))
    return excel_serial_to_date(value)


def _parse_date_text(text: str) -> dt.date | YearMonth | None:
    text = text.strip(_TRIM)
    # The two commonest forms skip the regex: 1990-12-15, and 1990.12 (出生年月 in 花名册).
    if len(text) == 10 and text[4] == "-" == text[7]:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    elif len(text) == 7 and text[4] in "./-" and text.isascii():
        if text[:4].isdigit() and text[5:].isdigit():
            month_no = int(text[5:])
            return (int(text[:4]), month_no) if 1 <= month_no <= 12 else None
    match = _DATE_TEXT.fullmatch(to_half_width(text))
    if match is None:
        return None
    groups = match.groups()
    if groups[0] is not None:
        year, month, day = groups[0], groups[2], groups[3]
    elif groups[4] is not None:
        year, month, day = groups[4:7]
    else:
        year, month, day = groups[7:10]
    if day is None:
        return (int(year), int(month)) if 1 <= int(month) <= 12 else None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
