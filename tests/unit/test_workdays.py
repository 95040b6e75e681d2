"""Working days by the PRC calendar: real 2026 holidays, make-up workdays, and the calendar's edge."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from skilldesk.core.workdays import (
    CalendarNotCovered,
    DayCount,
    DayKind,
    add_working_days,
    days_between,
    days_in,
    holiday_name,
    is_covered,
    is_makeup_workday,
    is_statutory_holiday,
    is_workday,
    latest_day_before,
    subtract_working_days,
    uncovered_years,
    working_days_between,
    working_days_in,
)

D = dt.date
SPRING_FESTIVAL_2026 = [D(2026, 2, 15) + dt.timedelta(days=i) for i in range(9)]  # 2-15 … 2-23
NATIONAL_DAY_2026 = [D(2026, 10, 1) + dt.timedelta(days=i) for i in range(7)]  # 10-01 … 10-07


# --- the facts the tests below rely on, checked against the library itself ---------------------


def test_the_2026_spring_festival_as_the_calendar_has_it() -> None:
    for day in SPRING_FESTIVAL_2026:
        assert not chinese_calendar.is_workday(day)
        assert not is_workday(day) and is_statutory_holiday(day)
        assert holiday_name(day) == "春节"
    for makeup in (D(2026, 2, 14), D(2026, 2, 28)):  # both Saturdays
        assert makeup.weekday() == 5 and chinese_calendar.is_workday(makeup)
        assert is_workday(makeup) and is_makeup_workday(makeup)
        assert holiday_name(makeup) == "春节"
    assert is_workday(D(2026, 2, 13)) and is_workday(D(2026, 2, 24))
    assert not is_makeup_workday(D(2026, 2, 24))  # a plain Tuesday


def test_national_day_and_mid_autumn_2026() -> None:
    for day in NATIONAL_DAY_2026:
        assert not is_workday(day) and holiday_name(day) == "国庆节"
    for makeup in (D(2026, 9, 20), D(2026, 10, 10)):  # Sunday, Saturday
        assert chinese_calendar.is_workday(makeup) and is_makeup_workday(makeup)
    for day in (D(2026, 9, 25), D(2026, 9, 26), D(2026, 9, 27)):
        assert not is_workday(day) and holiday_name(day) == "中秋节"
    plain_weekend = D(2026, 10, 11)
    assert not is_workday(plain_weekend) and not is_statutory_holiday(plain_weekend)
    assert holiday_name(plain_weekend) is None


# --- counting -------------------------------------------------------------------------------


def test_working_days_between_counts_neither_end() -> None:
    # 2026-09-01 … 09-14: two full weeks and a Monday, no holiday.
    assert working_days_between(D(2026, 8, 31), D(2026, 9, 15)).exact == 10
    assert working_days_between(D(2026, 9, 1), D(2026, 9, 15)).exact == 9
    assert working_days_between(D(2026, 9, 14), D(2026, 9, 15)).exact == 0
    assert working_days_between(D(2026, 9, 15), D(2026, 9, 15)).exact == 0
    assert working_days_between(D(2026, 9, 15), D(2026, 9, 1)).exact == 0


def test_counts_over_the_holidays_differ_most_from_calendar_days() -> None:
    # Spring Festival: 2-13 (Fri), 2-14 (make-up Sat), then 2-24, 2-25, 2-26.
    assert working_days_in(D(2026, 2, 13), D(2026, 2, 26)).exact == 5
    assert days_in(D(2026, 2, 13), D(2026, 2, 26), "calendar").exact == 14
    # Mid-autumn and National Day back to back: 9-24, 9-28, 9-29, 9-30, 10-08.
    assert working_days_in(D(2026, 9, 24), D(2026, 10, 8)).exact == 5
    assert working_days_in(D(2026, 9, 24), D(2026, 10, 7)).exact == 4
    assert days_between(D(2026, 10, 1), D(2026, 10, 17), "calendar").exact == 15


def test_adding_and_subtracting_working_days_cross_holidays() -> None:
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)  # the make-up Saturday
    assert add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert subtract_working_days(D(2026, 10, 8), 1) == D(2026, 9, 30)
    assert subtract_working_days(D(2026, 3, 2), 10) == D(2026, 2, 10)
    assert add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)


def test_the_last_day_leaves_the_days_strictly_before() -> None:
    # Registration opens 2026-03-02: ten working days back crosses the Spring Festival.
    last = latest_day_before(D(2026, 3, 2), 10, "working")
    assert last == D(2026, 2, 9)
    assert working_days_between(last, D(2026, 3, 2)).exact == 10
    assert working_days_between(last + dt.timedelta(days=1), D(2026, 3, 2)).exact == 9
    assert latest_day_before(D(2026, 10, 17), 15, "calendar") == D(2026, 10, 1)


@given(
    due=st.dates(min_value=D(2005, 3, 1), max_value=D(2026, 12, 31)),
    span=st.integers(min_value=0, max_value=25),
    kind=st.sampled_from(["working", "calendar"]),
)
def test_the_last_day_is_exactly_the_last(due: dt.date, span: int, kind: DayKind) -> None:
    last = latest_day_before(due, span, kind)
    assert days_between(last, due, kind).low >= span
    assert days_between(last + dt.timedelta(days=1), due, kind).high < span or span == 0


# --- where the calendar ends ----------------------------------------------------------------


def test_years_the_calendar_does_not_know_are_reported_not_guessed() -> None:
    assert is_covered(D(2026, 12, 31)) and not is_covered(D(2027, 1, 1))
    assert uncovered_years(D(2026, 6, 1), D(2028, 1, 1)) == (2027, 2028)
    with pytest.raises(CalendarNotCovered) as missing:
        is_workday(D(2027, 1, 4))
    assert missing.value.years == (2027,)
    assert "2027年" in str(missing.value)
    with pytest.raises(CalendarNotCovered):
        add_working_days(D(2026, 12, 28), 10)
    with pytest.raises(CalendarNotCovered):
        latest_day_before(D(2027, 3, 1), 10, "working")
    assert latest_day_before(D(2027, 3, 1), 10, "calendar") == D(2027, 2, 18)


def test_a_count_over_unknown_dates_is_a_range() -> None:
    # 2026-12-25 … 12-31 holds 5 known working days; 2027-01-01 … 01-07 are 7 unknown dates.
    count = working_days_between(D(2026, 12, 24), D(2027, 1, 8))
    assert count == DayCount(5, 12, (2027,))
    assert count.exact is None
    assert count.at_least(5) is True  # settled by the known days alone
    assert count.at_least(10) is None  # needs 2027
    assert count.at_least(13) is False  # even if every unknown date were a working day
    assert days_in(D(2027, 1, 1), D(2027, 1, 10), "calendar") == DayCount(10, 10)
