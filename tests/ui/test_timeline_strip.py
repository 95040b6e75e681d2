"""The timeline picture as a user reads it: holidays, make-up workdays, stages, deadlines, today."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from skilldesk.core.plan_data import ExamSessionData, PlanData
from skilldesk.core.profiles import load_profile
from skilldesk.ui.widgets.timeline_geometry import HEADER
from skilldesk.ui.widgets.timeline_strip import TimelineStrip

D = dt.datetime
TODAY = dt.date(2026, 9, 14)
NATIONAL_DAY = dt.date(2026, 10, 1)
MAKEUP_WORKDAY = dt.date(2026, 10, 10)  # a Saturday worked for the National Day holiday


def national_day_plan() -> PlanData:
    """Registration before National Day, a pre-evaluation notice cut short after it."""
    return PlanData(
        occupation="电工",
        level=4,
        registration_start=D(2026, 9, 21),
        registration_end=D(2026, 9, 28, 23, 59, 59),
        review_deadline=D(2026, 9, 30, 23, 59, 59),
        pre_notice_start=D(2026, 10, 8),
        pre_notice_end=D(2026, 10, 12, 23, 59, 59),  # 4 working days, 10-10 included
        ticket_download_start=D(2026, 10, 14),
        ticket_download_end=D(2026, 10, 17, 23, 59, 59),
        evaluation_date=dt.date(2026, 10, 17),
        score_notice_start=D(2026, 10, 20),
        score_notice_end=D(2026, 10, 26, 23, 59, 59),
        sessions=[
            ExamSessionData("theory", D(2026, 10, 17, 9), D(2026, 10, 17, 10, 30), "001"),
            ExamSessionData("practical", D(2026, 10, 17, 13, 30), D(2026, 10, 17, 16, 30), "003"),
        ],
    )


@pytest.fixture
def strip(qtbot: Any) -> TimelineStrip:
    widget = TimelineStrip()
    qtbot.addWidget(widget)
    widget.resize(1100, widget.height())
    widget.show()
    widget.show_plan(national_day_plan(), load_profile("zhejiang"), TODAY)
    return widget


def day_tip(strip: TimelineStrip, day: dt.date) -> str:
    strip.ensure_day_visible(day)
    rect = strip.day_rect(day)
    assert rect is not None
    return strip.tooltip_at(QPoint(rect.center().x(), rect.top() + HEADER // 2))


def test_a_statutory_holiday_is_marked_with_its_name(strip: TimelineStrip) -> None:
    assert "holiday" in strip.day_marks(NATIONAL_DAY)
    tip = day_tip(strip, NATIONAL_DAY)
    assert "2026-10-01 周四" in tip
    assert "国庆节" in tip and "放假" in tip


def test_a_make_up_workday_is_marked_distinctly(strip: TimelineStrip) -> None:
    marks = strip.day_marks(MAKEUP_WORKDAY)
    assert "makeup_workday" in marks
    assert "holiday" not in marks and "weekend" not in marks  # a Saturday, but worked
    assert "调休上班（国庆节）" in day_tip(strip, MAKEUP_WORKDAY)
    assert "weekend" in strip.day_marks(dt.date(2026, 10, 11))


def test_today_is_marked(strip: TimelineStrip) -> None:
    assert "today" in strip.day_marks(TODAY)


def test_a_stage_with_a_finding_explains_it_on_hover(strip: TimelineStrip) -> None:
    notice = next(b for b in strip.picture.bars if b.stage.key == "pre_notice")
    assert notice.worst == "error"
    assert [f.code for f in notice.stage.findings] == ["NOTICE_TOO_SHORT"]
    rect = strip.stage_rect("pre_notice")
    assert rect is not None
    tip = strip.tooltip_at(rect.center())
    assert tip.startswith("评前公示")
    assert "只有 4 个工作日" in tip
    registration = next(b for b in strip.picture.bars if b.stage.key == "registration")
    assert registration.worst is None


def test_deadlines_are_markers_with_days_left(strip: TimelineStrip) -> None:
    rect = strip.stage_rect("approval_form")  # 15 days before the exam on 10-17
    assert rect is not None
    tip = strip.tooltip_at(rect.center())
    assert "报送方案审批（备案）表截止" in tip
    assert "最晚 2026-10-01 周四" in tip
    assert "还剩 17 天" in tip


def test_clicking_a_stage_names_it(qtbot: Any, strip: TimelineStrip) -> None:
    strip.ensure_day_visible(dt.date(2026, 10, 10))
    rect = strip.stage_rect("pre_notice")
    assert rect is not None
    with qtbot.waitSignal(strip.stage_clicked) as clicked:
        qtbot.mouseClick(
            strip.canvas, Qt.MouseButton.LeftButton, pos=strip.canvas.mapFrom(strip, rect.center())
        )
    assert clicked.args == ["pre_notice"]


def test_dates_the_holiday_calendar_does_not_reach_are_marked(qtbot: Any) -> None:
    strip = TimelineStrip()
    qtbot.addWidget(strip)
    strip.show()
    far = PlanData(registration_start=D(2035, 3, 1), registration_end=D(2035, 3, 7, 23, 59, 59))
    strip.show_plan(far, load_profile("zhejiang"), TODAY)
    assert "uncovered" in strip.day_marks(dt.date(2035, 3, 3))
    assert "日历未覆盖" in day_tip(strip, dt.date(2035, 3, 3))


def test_a_long_plan_scrolls_and_an_empty_one_says_what_to_do(qtbot: Any) -> None:
    strip = TimelineStrip()
    qtbot.addWidget(strip)
    strip.resize(800, strip.height())
    strip.show()
    plan = national_day_plan()
    plan.score_notice_end = D(2027, 1, 20)
    strip.show_plan(plan, load_profile("zhejiang"), TODAY)
    assert strip.view.horizontalScrollBar().maximum() > 0
    assert strip.stack.currentIndex() == 1
    strip.show_plan(PlanData(), load_profile("zhejiang"), TODAY)
    assert strip.stack.currentWidget() is strip.empty
