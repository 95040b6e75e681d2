"""Working days by the PRC holiday calendar (make-up workdays included), honest about its reach.

`chinese_calendar` knows each year's holidays and make-up workdays (调休) only once the State
Council has published them. Years it does not know yet can be added from the State Council's
notice (core/holiday_notice.py): a service registers the workspace's imported years with
`use_imported_years`; `chinese_calendar` wins wherever it has the year. A date in a year
neither knows is never guessed: lookups raise `CalendarNotCovered`, and counts come back as a
`DayCount` range (`low`–`high`) that treats every unknown date as possibly a working day or
not, so a rule can still be decided when the range alone settles it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

import chinese_calendar

from skilldesk.core.errors import UserFacingError

DayKind = Literal["working", "calendar"]
CalendarSource = Literal["chinese-calendar", "notice"]
ONE_DAY = dt.timedelta(days=1)

HOLIDAY_NAMES: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


class CalendarNotCovered(UserFacingError):
    """The holiday calendar does not know these years yet; str() is a Chinese sentence."""

    def __init__(self, years: tuple[int, ...]) -> None:
        self.years = years
        super().__init__(
            f"{not_covered_text(years)}，无法按工作日推算。请导入国务院办公厅的节假日安排通知"
            "（skilldesk calendar import 通知.txt），或更新 SkillDesk 后再核对，或人工核对。"
        )


def not_covered_text(years: tuple[int, ...]) -> str:
    """`2027年的法定节假日和调休安排尚未收录` for use in messages."""
    shown = "、".join(f"{year}年" for year in years)
    return f"{shown}的法定节假日和调休安排尚未收录"


@dataclass(frozen=True, slots=True)
class YearArrangement:
    """One year's statutory holidays as announced: each day off and each make-up workday (调休上班),
    with the holiday's Chinese name. A notice may name days of a neighbouring year too (元旦
    spans of 12-30 … 01-01), so the dates are not all in `year`."""

    year: int
    days_off: Mapping[dt.date, str] = field(default_factory=dict)
    make_up_workdays: Mapping[dt.date, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Imported:
    years: frozenset[int] = frozenset()
    workday: Mapping[dt.date, bool] = field(default_factory=dict)  # only the days a notice names
    names: Mapping[dt.date, str] = field(default_factory=dict)


_imported = _Imported()


def use_imported_years(arrangements: Iterable[YearArrangement]) -> None:
    """Make these years (from imported notices) the calendar's own beside chinese_calendar.

    Replaces what was registered before (a newly opened workspace brings its own years); a later
    year's notice overrides an earlier one on a date both name. Clears the cached answers.
    """
    global _imported
    workday: dict[dt.date, bool] = {}
    names: dict[dt.date, str] = {}
    chosen = sorted(arrangements, key=lambda arrangement: arrangement.year)
    for arrangement in chosen:
        for day, name in arrangement.days_off.items():
            workday[day], names[day] = False, name
        for day, name in arrangement.make_up_workdays.items():
            workday[day], names[day] = True, name
    _imported = _Imported(frozenset(a.year for a in chosen), workday, names)
    is_year_covered.cache_clear()
    _calendar_workday.cache_clear()


@functools.cache
def is_built_in_year(year: int) -> bool:
    """Whether chinese_calendar itself knows this year (it then wins over any imported notice)."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@functools.cache
def is_year_covered(year: int) -> bool:
    """Whether the calendar knows this year's holidays and make-up workdays."""
    return is_built_in_year(year) or year in _imported.years


def calendar_source(year: int) -> CalendarSource | None:
    """Where this year's holidays come from, or None when nothing knows them."""
    if is_built_in_year(year):
        return "chinese-calendar"
    return "notice" if year in _imported.years else None


def built_in_arrangement(year: int) -> YearArrangement | None:
    """The year as chinese_calendar has it (None when it does not know the year)."""
    if not is_built_in_year(year):
        return None
    days_off: dict[dt.date, str] = {}
    make_up: dict[dt.date, str] = {}
    for day in dates(dt.date(year, 1, 1), dt.date(year, 12, 31)):
        name = _built_in_name(day)
        if name is None:
            continue
        if not chinese_calendar.is_workday(day):
            days_off[day] = name
        elif day.weekday() >= 5:
            make_up[day] = name
    return YearArrangement(year, days_off, make_up)


def _built_in_name(day: dt.date) -> str | None:
    _, name = chinese_calendar.get_holiday_detail(day)
    return None if name is None else HOLIDAY_NAMES.get(str(name), str(name))


def is_covered(day: dt.date) -> bool:
    return is_year_covered(day.year)


def uncovered_years(start: dt.date, end: dt.date) -> tuple[int, ...]:
    """The years from `start` to `end` (inclusive) the calendar does not know, ascending."""
    return tuple(year for year in range(start.year, end.year + 1) if not is_year_covered(year))


def _require(day: dt.date) -> None:
    if not is_covered(day):
        raise CalendarNotCovered((day.year,))


def is_workday(day: dt.date) -> bool:
    """A working day: Monday–Friday that is no holiday, or a make-up workday (调休上班)."""
    _require(day)
    return _calendar_workday(day)


@functools.lru_cache(maxsize=8192)
def _calendar_workday(day: dt.date) -> bool:
    # chinese_calendar takes ~0.1 ms a day; deadline counting asks for the same days again and
    # again (every plan, every reload of the home page), so the answers are kept.
    if is_built_in_year(day.year):
        return bool(chinese_calendar.is_workday(day))
    return _imported.workday.get(day, day.weekday() < 5)


def is_makeup_workday(day: dt.date) -> bool:
    """A Saturday or Sunday worked in exchange for a holiday (调休上班)."""
    return day.weekday() >= 5 and is_workday(day)


def holiday_name(day: dt.date) -> str | None:
    """The statutory holiday this day belongs to, in Chinese — also for its make-up workdays."""
    _require(day)
    if is_built_in_year(day.year):
        return _built_in_name(day)
    return _imported.names.get(day)


def is_statutory_holiday(day: dt.date) -> bool:
    """A day off for a named holiday (not a plain weekend, not a make-up workday)."""
    return not is_workday(day) and holiday_name(day) is not None


@dataclass(frozen=True, slots=True)
class DayCount:
    """A count of days that may be known only within a range when the calendar ends too early.

    `low` counts the days known to count; `high` adds every date the calendar does not know.
    """

    low: int
    high: int
    uncovered_years: tuple[int, ...] = ()

    @property
    def exact(self) -> int | None:
        return self.low if self.low == self.high else None

    def at_least(self, days: int) -> bool | None:
        """True or False when the range settles it, None when it needs the missing years."""
        if self.low >= days:
            return True
        if self.high < days:
            return False
        return None


def dates(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Every date from `start` to `end`, both included (nothing when end is before start)."""
    day = start
    while day <= end:
        yield day
        day += ONE_DAY


def days_in(start: dt.date, end: dt.date, kind: DayKind) -> DayCount:
    """The days of `kind` from `start` to `end`, both included."""
    if end < start:
        return DayCount(0, 0)
    if kind == "calendar":
        total = (end - start).days + 1
        return DayCount(total, total)
    known = unknown = 0
    for day in dates(start, end):
        if not is_covered(day):
            unknown += 1
        elif _calendar_workday(day):
            known += 1
    return DayCount(known, known + unknown, uncovered_years(start, end) if unknown else ())


def days_between(earlier: dt.date, later: dt.date, kind: DayKind) -> DayCount:
    """The days of `kind` strictly between two dates (neither end counts)."""
    return days_in(earlier + ONE_DAY, later - ONE_DAY, kind)


def working_days_in(start: dt.date, end: dt.date) -> DayCount:
    """The working days from `start` to `end`, both included."""
    return days_in(start, end, "working")


def working_days_between(earlier: dt.date, later: dt.date) -> DayCount:
    """The working days strictly between two dates (neither end counts)."""
    return days_between(earlier, later, "working")


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `day` (before it when negative); `day` itself never counts."""
    step = ONE_DAY if count >= 0 else -ONE_DAY
    remaining = abs(count)
    while remaining:
        day += step
        if is_workday(day):
            remaining -= 1
    return day


def subtract_working_days(day: dt.date, count: int) -> dt.date:
    """The `count`-th working day before `day`."""
    return add_working_days(day, -count)


def latest_day_before(due: dt.date, span_days: int, kind: DayKind) -> dt.date:
    """The last date that still leaves `span_days` days of `kind` strictly before `due`.

    Raises CalendarNotCovered when working days must be counted over a year not yet known.
    """
    if kind == "calendar":
        return due - dt.timedelta(days=span_days + 1)
    return subtract_working_days(due, span_days) - ONE_DAY
