"""The State Council's holiday notice read as chinese-calendar reads it, however it was pasted.

The expected days are never written by hand: for 2017 and 2026 (both published notices are in
shared/data/holiday-notices/) every day of the year is judged by chinese-calendar itself (copies in tests/fixtures/).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skilldesk.core import workdays
from skilldesk.core.holiday_notice import HolidayNotice, NoticeUnreadable, read_notice
from skilldesk.core.workdays import HOLIDAY_NAMES, dates

NOTICES = Path(__file__).resolve().parents[1] / "fixtures" / "holiday-notices"
YEARS = (2017, 2026)

# Synthetic: the real notice for 2027 is not in data/. Written in the official shape (and with
# the forms the real notices use: 周五, 农历 notes, 放假1天，不调休) over 2027's real weekdays.
SYNTHETIC_2027 = """国务院办公厅关于2027年部分节假日安排的通知

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：

经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。

一、元旦：1月1日（周五）至3日（周日）放假，共3天。

二、春节：2月5日（农历除夕、周五）至12日（农历正月初八、周五）放假调休，共8天。2月14日（周日）、2月20日（周六）上班。

三、清明节：4月3日（周六）至5日（周一）放假，共3天。

四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。

五、端午节：6月9日（周三）放假1天，不调休。

六、中秋节：9月15日（周三）放假1天，不调休。

七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。

节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。

国务院办公厅
2026年11月5日
"""

Verdict = Literal["day off", "make-up workday", "ordinary"]


def notice_text(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def library_verdict(day: dt.date) -> Verdict:
    """chinese-calendar's answer: a named holiday's day off, a weekend worked, or neither."""
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    if chinese_calendar.is_holiday(day) and name is not None:
        return "day off"
    if chinese_calendar.is_workday(day) and day.weekday() >= 5:
        return "make-up workday"
    return "ordinary"


def reader_verdict(notice: HolidayNotice, day: dt.date) -> Verdict:
    arrangement = notice.arrangement
    if day in arrangement.days_off:
        return "day off"
    if day in arrangement.make_up_workdays:
        return "make-up workday"
    return "ordinary"


def assert_agrees_with_the_library(notice: HolidayNotice, year: int) -> None:
    assert notice.year == year
    for day in dates(dt.date(year, 1, 1), dt.date(year, 12, 31)):
        assert reader_verdict(notice, day) == library_verdict(day), day
        _, english = chinese_calendar.get_holiday_detail(day)
        arrangement = notice.arrangement
        name = arrangement.days_off.get(day) or arrangement.make_up_workdays.get(day)
        if name is not None:  # 中秋节、国庆节 in one item names both
            assert HOLIDAY_NAMES[str(english)] in name.split("、"), day


# --- formatting as a web page or a Word file leaves it ---------------------------------------

FULL_WIDTH = str.maketrans("0123456789(),:", "０１２３４５６７８９（），：")
HALF_WIDTH = str.maketrans("０１２３４５６７８９（），：", "0123456789(),:")
WHITESPACE = (" ", "\n", "\r\n", "\u3000", "\t", "  \n  ")


def swap_weekday_words(text: str, to: Literal["星期", "周"], sunday: str) -> str:
    def swap(match: re.Match[str]) -> str:
        day = match.group(2)
        return to + (sunday if day in "日天" else day)

    return re.sub(r"(星期|周)([一二三四五六日天])", swap, text)


@st.composite
def reformatted(draw: st.DrawFn, text: str) -> str:
    """The same notice as someone might paste it: other weekday words, widths, breaks, spaces."""
    text = swap_weekday_words(
        text, draw(st.sampled_from(["星期", "周"])), draw(st.sampled_from("日天"))
    )
    width = draw(st.sampled_from(["as is", "full", "half"]))
    if width == "full":
        text = text.translate(FULL_WIDTH)
    elif width == "half":
        text = text.translate(HALF_WIDTH)
    positions = draw(st.lists(st.integers(0, len(text)), max_size=40, unique=True))
    for position in sorted(positions, reverse=True):
        text = text[:position] + draw(st.sampled_from(WHITESPACE)) + text[position:]
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


def test_the_published_notices_read_as_the_library_has_them() -> None:
    for year in YEARS:
        assert_agrees_with_the_library(read_notice(notice_text(year)), year)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), year=st.sampled_from(YEARS))
def test_every_day_agrees_with_the_library_however_the_notice_is_formatted(
    data: st.DataObject, year: int
) -> None:
    original = read_notice(notice_text(year))
    notice = read_notice(data.draw(reformatted(notice_text(year))))
    assert notice == original
    assert_agrees_with_the_library(notice, year)


def test_what_the_2017_notice_says_beyond_spans() -> None:
    notice = read_notice(notice_text(2017))
    assert notice.title == "国务院办公厅关于2017年部分节假日安排的通知"
    assert notice.document_number == "国办发明电〔2016〕17号"
    assert notice.published_on == dt.date(2016, 12, 1)
    by_name = {h.name: h for h in notice.holidays}
    assert list(by_name) == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节、国庆节"]
    # "1月1日放假，1月2日（星期一）补休": the Monday is a day off too.
    assert by_name["元旦"].days_off == (dt.date(2017, 1, 1), dt.date(2017, 1, 2))
    # "5月1日放假，与周末连休": the weekend before stays a plain weekend.
    assert by_name["劳动节"].days_off == (dt.date(2017, 5, 1),)
    assert notice.findings == ()


def test_the_2026_notice_keeps_weekends_inside_a_span() -> None:
    notice = read_notice(notice_text(2026))
    assert notice.published_on == dt.date(2025, 11, 4) and notice.document_number is None
    spring = next(h for h in notice.holidays if h.name == "春节")
    assert spring.days_off == tuple(dates(dt.date(2026, 2, 15), dt.date(2026, 2, 23)))
    assert spring.make_up_workdays == (dt.date(2026, 2, 14), dt.date(2026, 2, 28))


def test_the_synthetic_2027_notice() -> None:
    notice = read_notice(SYNTHETIC_2027)
    arrangement = notice.arrangement
    assert notice.year == 2027 and notice.published_on == dt.date(2026, 11, 5)
    assert len(arrangement.days_off) == 3 + 8 + 3 + 5 + 1 + 1 + 7
    assert sorted(arrangement.make_up_workdays) == [
        dt.date(2027, 2, 14),
        dt.date(2027, 2, 20),
        dt.date(2027, 4, 25),
        dt.date(2027, 5, 8),
        dt.date(2027, 9, 26),
        dt.date(2027, 10, 9),
    ]
    assert arrangement.days_off[dt.date(2027, 6, 9)] == "端午节"


def test_dates_of_another_year_and_a_remark() -> None:
    text = SYNTHETIC_2027.replace(
        "一、元旦：1月1日（周五）至3日（周日）放假，共3天。",
        "一、元旦：2026年12月31日（周四）至2027年1月3日（周日）放假调休，共4天。"
        "2026年12月26日（周六）上班。",
    ).replace(
        "2月20日（周六）上班。",
        "2月20日（周六）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在2月4日休息。",
    )
    notice = read_notice(text)
    assert notice.arrangement.days_off[dt.date(2026, 12, 31)] == "元旦"
    assert notice.arrangement.make_up_workdays[dt.date(2026, 12, 26)] == "元旦"
    assert dt.date(2027, 2, 4) not in notice.arrangement.days_off
    assert [(f.code, f.severity, f.row) for f in notice.findings] == [
        ("HOLIDAY_NOTICE_REMARK", "warning", 9)
    ]
    assert notice.findings[0].message == (
        "“春节”一项中的“鼓励各单位结合带薪年休假等制度落实，安排职工在2月4日休息”是倡议，"
        "不是放假安排，未计入放假日期。"
    )


# --- refused, never half-read ----------------------------------------------------------------


def what_it_says(notice: HolidayNotice) -> tuple[object, ...]:
    """The days a notice gives (a cut in the signature loses only its date, not a day)."""
    return notice.year, notice.holidays, notice.findings


def closing_start(text: str) -> int:
    """Where the paragraph after the last item begins (the data ends before it)."""
    words = [r"\s*".join(word) for word in ("鼓励单位和个人", "节假日期间")]
    return min(m.start() for word in words if (m := re.search(word, text)) is not None)


@pytest.mark.parametrize("year", YEARS)
def test_every_cut_of_a_notice_is_refused_or_read_whole(year: int) -> None:
    text = notice_text(year)
    whole = read_notice(text)
    end_of_data = closing_start(text)
    for cut in range(len(text)):
        try:
            notice = read_notice(text[:cut])
        except NoticeUnreadable as refused:
            assert 1 <= refused.line <= text[:cut].count("\n") + 1
            continue
        assert cut > end_of_data, f"read a notice cut at {cut}: …{text[cut - 20 : cut]!r}"
        assert what_it_says(notice) == what_it_says(whole)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), year=st.sampled_from((2017, 2026, 2027)))
def test_a_cut_reformatted_notice_is_refused_or_read_whole(data: st.DataObject, year: int) -> None:
    original = SYNTHETIC_2027 if year == 2027 else notice_text(year)
    text = data.draw(reformatted(original))
    whole = read_notice(text)
    cut = data.draw(st.integers(0, len(text) - 1))
    try:
        notice = read_notice(text[:cut])
    except NoticeUnreadable:
        return
    assert cut > closing_start(text)
    assert what_it_says(notice) == what_it_says(whole)


def test_a_notice_cut_inside_its_last_item_names_the_line() -> None:
    text = notice_text(2026)
    cut = text.index("10月10日（周六）上班")
    with pytest.raises(NoticeUnreadable) as refused:
        read_notice(text[:cut])
    assert refused.value.line == 19
    assert str(refused.value) == (
        "节假日通知读到第 19 行停下了：「七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。"
        "9月20日（周日）、」——这句话读不懂。没有导入任何内容；请复制完整的通知原文（从标题到落款）后再试。"
    )


def test_a_notice_ending_with_its_last_item_is_refused() -> None:
    text = notice_text(2026)
    with pytest.raises(NoticeUnreadable) as refused:
        read_notice(text[: closing_start(text)])
    assert refused.value.line == 19
    assert "可能没有复制完整" in str(refused.value)


def test_a_missing_middle_item_is_refused() -> None:
    lines = notice_text(2026).splitlines()
    del lines[12]  # 四、劳动节
    with pytest.raises(NoticeUnreadable, match="这里应是第“四”项，却是“五”项"):
        read_notice("\n".join(lines))


def test_a_body_from_another_year_is_refused_by_its_weekdays() -> None:
    text = notice_text(2026).replace("2026年", "2027年")
    with pytest.raises(NoticeUnreadable) as refused:
        read_notice(text)
    assert refused.value.line == 7
    assert "通知写1月1日是星期四，但2027年这一天是星期五，请核对通知的年份" in str(refused.value)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("共9天", "共8天"), "写的是共8天，日期算出来是9天"),
        (("2月28日（周六）上班", "2月28日（周六）加班"), "这句话读不懂"),
        (("2月14日（周六）、", "2月30日（周六）、"), "没有2026年2月30日这一天"),
    ],
)
def test_what_does_not_add_up_is_refused(change: tuple[str, str], reason: str) -> None:
    with pytest.raises(NoticeUnreadable, match=reason) as refused:
        read_notice(notice_text(2026).replace(*change))
    assert refused.value.line == 9


@pytest.mark.parametrize(
    "text", ["", "   \n", "你好", "国务院办公厅关于2027年部分节假日安排的通知\n"]
)
def test_what_is_no_notice_is_refused(text: str) -> None:
    with pytest.raises(NoticeUnreadable):
        read_notice(text)


# --- the working-day calendar with imported years --------------------------------------------


def test_an_imported_year_is_covered_and_forgotten_with_its_cached_answers() -> None:
    new_year = dt.date(2027, 1, 1)
    assert not workdays.is_covered(new_year)  # cached as not covered…
    assert workdays.working_days_in(new_year, dt.date(2027, 1, 7)).exact is None
    workdays.use_imported_years([read_notice(SYNTHETIC_2027).arrangement])
    try:
        assert workdays.is_covered(new_year) and workdays.calendar_source(2027) == "notice"
        assert not workdays.is_workday(new_year) and workdays.holiday_name(new_year) == "元旦"
        assert workdays.is_makeup_workday(dt.date(2027, 2, 20))
        assert workdays.holiday_name(dt.date(2027, 2, 20)) == "春节"
        assert workdays.working_days_in(new_year, dt.date(2027, 1, 7)).exact == 4
        # 春节 runs 2-05 … 2-12; Sunday 2-14 is its make-up workday.
        assert workdays.add_working_days(dt.date(2027, 2, 4), 1) == dt.date(2027, 2, 14)
    finally:
        workdays.use_imported_years([])
    assert not workdays.is_covered(new_year)  # …and not covered again once it is withdrawn
    with pytest.raises(workdays.CalendarNotCovered):
        workdays.is_workday(new_year)


def test_chinese_calendar_wins_where_it_has_the_year() -> None:
    ordinary_monday = dt.date(2026, 3, 2)
    disagreeing = workdays.YearArrangement(2026, {ordinary_monday: "元旦"}, {})
    workdays.use_imported_years([disagreeing])
    try:
        assert workdays.calendar_source(2026) == "chinese-calendar"
        assert (
            workdays.is_workday(ordinary_monday) and workdays.holiday_name(ordinary_monday) is None
        )
    finally:
        workdays.use_imported_years([])


@pytest.mark.parametrize("year", YEARS)
def test_the_built_in_arrangement_is_what_the_notice_says(year: int) -> None:
    built_in = workdays.built_in_arrangement(year)
    assert built_in is not None
    notice = read_notice(notice_text(year)).arrangement
    assert set(built_in.days_off) == set(notice.days_off)
    assert set(built_in.make_up_workdays) == set(notice.make_up_workdays)
    assert workdays.built_in_arrangement(2027) is None
