"""Working days by the PRC holiday calendar (make-up workdays included), honest about its reach.

`chinese_calendar` knows each year's holidays and make-up workdays (调休) only once the State
Council has published them. A date in a year it does not know is never guessed: lookups raise
`CalendarNotCovered`, and counts come back as a `DayCount` range (`low`–`high`) that treats
every unknown date as possibly a working day or not, so a rule can still be decided when the
range alone settles it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import chinese_calendar

from skilldesk.core.errors import UserFacingError

DayKind = Literal["working", "calendar"]
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
            f"{not_covered_text(years)}，无法按工作日推算。请更新 SkillDesk 后再核对，或人工核对。"
        )


def not_covered_text(years: tuple[int, ...]) -> str:
    """`2027年的法定节假日和调休安排尚未收录` for use in messages."""
    shown = "、".join(f"{year}年" for year in years)
    return f"{shown}的法定节假日和调休安排尚未收录"


@functools.cache
def is_year_covered(year: int) -> bool:
    """Whether the calendar knows this year's holidays and make-up workdays."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


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
    return bool(chinese_calendar.is_workday(day))


def is_makeup_workday(day: dt.date) -> bool:
    """A Saturday or Sunday worked in exchange for a holiday (调休上班)."""
    return day.weekday() >= 5 and is_workday(day)


def holiday_name(day: dt.date) -> str | None:
    """The statutory holiday this day belongs to, in Chinese — also for its make-up workdays."""
    _require(day)
    _, name = chinese_calendar.get_holiday_detail(day)
    return None if name is None else HOLIDAY_NAMES.get(str(name), str(name))


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
        elif chinese_calendar.is_workday(day):
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
