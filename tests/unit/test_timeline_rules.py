"""Plan timeline rules on real dates: 2026's Spring Festival and National Day, seed 000, 2027."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from skilldesk.core import profiles
from skilldesk.core.findings import Finding
from skilldesk.core.plan_data import TIMELINE_KEYS, ExamSessionData, PlanData
from skilldesk.core.profiles import (
    DaySpan,
    NoticeRules,
    ProfileError,
    TicketWindowRules,
    load_profile,
)
from skilldesk.core.rules.timeline import SEVERITIES, check_plan
from skilldesk.core.timeline_view import calendar_days, timeline_stages, upcoming_deadlines

ZHEJIANG, QUZHOU = load_profile("zhejiang"), load_profile("quzhou")
D = dt.date
T = dt.datetime
END = dt.time(23, 59, 59)
TODAY = D(2026, 8, 31)


def day_end(day: dt.date) -> dt.datetime:
    return T.combine(day, END)


def national_day_plan(**changes: Any) -> PlanData:
    """A plan that passes every Zhejiang rule with nothing to spare, over Mid-autumn and National Day.

    Registration opens 2026-09-15: exactly 10 working days after 2026-08-31. The pre-notice
    2026-09-24 … 10-08 holds exactly 5 working days in 15 calendar days.
    """
    plan = PlanData(
        occupation="电工",
        occupation_code="6-31-01-03",
        level=4,
        registration_start=T(2026, 9, 15),
        registration_end=day_end(D(2026, 9, 18)),
        review_deadline=day_end(D(2026, 9, 22)),
        pre_notice_start=T(2026, 9, 24),
        pre_notice_end=day_end(D(2026, 10, 8)),
        ticket_download_start=T(2026, 10, 9),
        ticket_download_end=day_end(D(2026, 10, 17)),
        evaluation_date=D(2026, 10, 17),
        score_notice_start=T(2026, 10, 20),
        score_notice_end=day_end(D(2026, 10, 26)),
        sessions=[
            ExamSessionData("theory", T(2026, 10, 17, 9), T(2026, 10, 17, 10, 30), "001"),
            ExamSessionData("practical", T(2026, 10, 17, 13, 30), T(2026, 10, 17, 16, 30), "002"),
        ],
    )
    return dataclasses.replace(plan, **changes)


def seed_000_sample() -> PlanData:
    """The plan form's sample dates and the sample ticket's two (inverted) exam times."""
    return PlanData(
        occupation="示例工种",
        registration_start=T(2024, 1, 25),
        registration_end=day_end(D(2024, 1, 31)),
        review_deadline=day_end(D(2024, 2, 1)),
        pre_notice_start=T(2024, 2, 3),
        pre_notice_end=day_end(D(2024, 2, 9)),
        score_notice_start=T(2024, 2, 13),
        score_notice_end=day_end(D(2024, 2, 19)),
        sessions=[
            ExamSessionData("theory", T(2024, 1, 11, 19), T(2024, 1, 8, 20), "001"),
            ExamSessionData("practical", T(2024, 1, 5, 20, 17, 54), T(2023, 12, 30, 22, 46, 55)),
        ],
    )


def check(plan: PlanData, profile: Any = ZHEJIANG, today: dt.date | None = TODAY) -> list[Finding]:
    findings = check_plan(plan, profile, today=today)
    for finding in findings:
        assert SEVERITIES[finding.code] == finding.severity
        assert finding.message and finding.field
    return findings


def codes(
    plan: PlanData, profile: Any = ZHEJIANG, today: dt.date | None = TODAY
) -> set[tuple[str, str | None]]:
    return {(f.code, f.field) for f in check(plan, profile, today)}


def test_a_plan_with_nothing_to_spare_passes() -> None:
    assert check(national_day_plan()) == []


def test_the_seed_000_sample_ticket_is_refused() -> None:
    found = codes(seed_000_sample(), today=D(2024, 1, 2))
    # Its score notice 2024-02-13 … 02-19 falls on the 2024 Spring Festival: 2 working days;
    # its pre-notice 02-03 … 02-09 has 6 and passes.
    assert found == {
        ("TIMELINE_INVERTED", "sessions[0]"),
        ("TIMELINE_INVERTED", "sessions[1]"),
        ("NOTICE_TOO_SHORT", "score_notice_end"),
        ("APPROVAL_FORM_LATE", "sessions[1]"),
        ("MATERIALS_LATE", "sessions[1]"),
        ("TIMELINE_MISSING", "evaluation_date"),
        ("TIMELINE_MISSING", "ticket_download_start"),
        ("TIMELINE_MISSING", "ticket_download_end"),
    }
    message = next(f.message for f in check(seed_000_sample()) if f.field == "sessions[0]")
    assert "2024-01-08 20:00:00" in message and "2024-01-11 19:00:00" in message


def test_missing_dates_are_named_by_key() -> None:
    found = codes(PlanData(occupation="电工", sessions=[ExamSessionData("theory")]))
    assert {key for code, key in found if code == "TIMELINE_MISSING"} == {
        *TIMELINE_KEYS,
        "sessions[0]",
    }
    no_tickets = dataclasses.replace(ZHEJIANG, ticket_window=TicketWindowRules(False, None))
    plan = national_day_plan(ticket_download_start=None, ticket_download_end=None)
    assert codes(plan, no_tickets) == set()
    assert codes(plan) == {
        ("TIMELINE_MISSING", "ticket_download_start"),
        ("TIMELINE_MISSING", "ticket_download_end"),
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"registration_end": T(2026, 9, 14, 23)}, "registration_end"),
        ({"registration_end": T(2026, 9, 15)}, "registration_end"),  # ends as it starts
        ({"pre_notice_end": T(2026, 9, 23)}, "pre_notice_end"),
        ({"ticket_download_end": T(2026, 10, 8)}, "ticket_download_end"),
        ({"score_notice_end": T(2026, 10, 19)}, "score_notice_end"),
    ],
)
def test_an_interval_that_ends_before_it_starts(changes: dict[str, Any], field: str) -> None:
    # Only the broken interval: no second-hand noise (NOTICE_TOO_SHORT, TIMELINE_ORDER) from it.
    assert codes(national_day_plan(**changes)) == {("TIMELINE_INVERTED", field)}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"review_deadline": day_end(D(2026, 9, 17))}, "review_deadline"),
        ({"pre_notice_start": T(2026, 9, 22, 12)}, "pre_notice_start"),
        ({"pre_notice_end": T(2026, 10, 17, 9, 30)}, "pre_notice_end"),
        ({"score_notice_start": T(2026, 10, 17, 16)}, "score_notice_start"),
    ],
)
def test_stages_out_of_order(changes: dict[str, Any], field: str) -> None:
    assert codes(national_day_plan(**changes)) == {("TIMELINE_ORDER", field)}


def test_without_session_times_the_exam_day_orders_the_notices() -> None:
    plan = national_day_plan(sessions=[], score_notice_start=T(2026, 10, 16))
    assert codes(plan) == {("TIMELINE_ORDER", "score_notice_start")}
    assert codes(national_day_plan(sessions=[])) == set()
    # Without any exam date the two notices are still ordered against each other.
    undated = national_day_plan(
        sessions=[], evaluation_date=None, score_notice_start=T(2026, 10, 8)
    )
    assert codes(undated) == {
        ("TIMELINE_MISSING", "evaluation_date"),
        ("TIMELINE_ORDER", "score_notice_start"),
    }


def test_a_session_on_another_day_than_the_evaluation_date() -> None:
    plan = national_day_plan()
    plan.sessions[1] = ExamSessionData("practical", T(2026, 10, 18, 9), T(2026, 10, 18, 11))
    assert codes(plan) == {("SESSION_DATE", "sessions[1]")}


# --- notices: exactly enough passes, one day less fails ----------------------------------------


def test_five_working_days_of_notice_over_national_day() -> None:
    assert codes(national_day_plan(pre_notice_end=day_end(D(2026, 10, 8)))) == set()
    short = check(national_day_plan(pre_notice_end=day_end(D(2026, 10, 7))))
    assert [(f.code, f.field) for f in short] == [("NOTICE_TOO_SHORT", "pre_notice_end")]
    assert "4 个工作日" in short[0].message and "国庆节" in short[0].message
    assert "2026-10-08" in short[0].message  # the earliest end that would do
    assert short[0].extra == {"days": 4, "required": 5}


def test_five_working_days_of_notice_over_the_spring_festival() -> None:
    plan = national_day_plan(
        registration_start=T(2026, 2, 2),
        registration_end=day_end(D(2026, 2, 6)),
        review_deadline=day_end(D(2026, 2, 12)),
        pre_notice_start=T(2026, 2, 13),
        pre_notice_end=day_end(D(2026, 2, 26)),  # 02-13, 02-14 (make-up), 02-24, 02-25, 02-26
        ticket_download_start=T(2026, 3, 2),
        ticket_download_end=day_end(D(2026, 3, 7)),
        evaluation_date=D(2026, 3, 7),
        sessions=[ExamSessionData("theory", T(2026, 3, 7, 9), T(2026, 3, 7, 11))],
        score_notice_start=T(2026, 3, 10),
        score_notice_end=day_end(D(2026, 3, 16)),
    )
    assert codes(plan, today=None) == set()
    short = dataclasses.replace(plan, pre_notice_end=day_end(D(2026, 2, 25)))
    assert codes(short, today=None) == {("NOTICE_TOO_SHORT", "pre_notice_end")}
    # Quzhou counts calendar days: ten of them pass even with only two working days inside.
    quzhou = dataclasses.replace(
        plan,
        pre_notice_end=day_end(D(2026, 2, 22)),
        ticket_download_start=T(2026, 2, 26),
        score_notice_end=day_end(D(2026, 3, 19)),
    )
    assert codes(quzhou, QUZHOU, today=None) == set()
    assert codes(quzhou, today=None) == {("NOTICE_TOO_SHORT", "pre_notice_end")}


def test_quzhou_wants_ten_calendar_days_of_notice_and_ticket_download() -> None:
    found = codes(national_day_plan(), QUZHOU)
    assert found == {
        ("NOTICE_TOO_SHORT", "score_notice_end"),
        ("TICKET_WINDOW", "ticket_download_start"),
    }
    exactly_ten = national_day_plan(
        ticket_download_start=T(2026, 10, 8, 12), score_notice_end=day_end(D(2026, 10, 29))
    )
    assert codes(exactly_ten, QUZHOU) == set()
    window = next(f for f in check(national_day_plan(), QUZHOU) if f.code == "TICKET_WINDOW")
    assert "9 天" in window.message and "开始日期最晚应为 2026-10-08" in window.message
    nine = dataclasses.replace(exactly_ten, score_notice_end=day_end(D(2026, 10, 28)))
    assert codes(nine, QUZHOU) == {("NOTICE_TOO_SHORT", "score_notice_end")}


def test_ticket_download_must_end_on_the_exam_day() -> None:
    for end in (day_end(D(2026, 10, 16)), T(2026, 10, 18, 8)):
        found = check(national_day_plan(ticket_download_end=end))
        assert [(f.code, f.field) for f in found] == [("TICKET_WINDOW", "ticket_download_end")]
        assert "2026-10-17" in found[0].message


# --- deadlines from today ---------------------------------------------------------------------


def test_the_plan_goes_to_the_center_ten_working_days_before_registration() -> None:
    assert codes(national_day_plan(), today=D(2026, 8, 31)) == set()
    late = check(national_day_plan(), today=D(2026, 9, 1))
    assert [(f.code, f.field) for f in late] == [("PLAN_SUBMIT_LATE", "registration_start")]
    assert "2026-08-31" in late[0].message and "9 个工作日" in late[0].message
    assert late[0].extra["last_day"] == "2026-08-31"
    # Once sent, the day it was sent counts, not today.
    sent = national_day_plan(submitted_on=D(2026, 8, 28))
    assert codes(sent, today=D(2026, 9, 10)) == set()
    sent_late = national_day_plan(submitted_on=D(2026, 9, 2))
    assert codes(sent_late, today=D(2026, 9, 1)) == {("PLAN_SUBMIT_LATE", "registration_start")}
    assert codes(national_day_plan(), today=None) == set()


def test_ten_working_days_back_across_the_spring_festival() -> None:
    plan = national_day_plan(registration_start=T(2026, 3, 2))
    submit = [f for f in check(plan, today=D(2026, 2, 9)) if f.code == "PLAN_SUBMIT_LATE"]
    assert submit == []
    submit = [f for f in check(plan, today=D(2026, 2, 10)) if f.code == "PLAN_SUBMIT_LATE"]
    assert len(submit) == 1 and "2026-02-09" in submit[0].message


def test_approval_form_and_materials_are_warned_of_with_days_left_or_late() -> None:
    # First session 2026-10-17: electronic materials by 09-26, approval form by 10-01,
    # paper materials by 10-09.
    found = {f.extra["deadline"]: f for f in check(national_day_plan(), today=D(2026, 9, 28))}
    electronic, approval = found["electronic_materials"], found["approval_form"]
    assert (electronic.code, electronic.severity) == ("MATERIALS_LATE", "warning")
    assert electronic.extra["days_left"] == -2 and "已超过 2 天" in electronic.message
    assert (approval.code, approval.extra["days_left"]) == ("APPROVAL_FORM_LATE", 3)
    assert "2026-10-01" in approval.message and "还剩 3 天" in approval.message
    assert approval.field == "sessions[0]"
    assert "paper_materials" not in found  # eleven days away: not yet
    sent = national_day_plan(submitted_on=D(2026, 8, 31))
    assert check(sent, today=D(2026, 10, 18)) == []  # the exam is over


# --- the calendar's edge: 2027 ----------------------------------------------------------------


def plan_2027(**changes: Any) -> PlanData:
    plan = PlanData(
        occupation="电工",
        level=4,
        registration_start=T(2027, 3, 1),
        registration_end=day_end(D(2027, 3, 5)),
        review_deadline=day_end(D(2027, 3, 9)),
        pre_notice_start=T(2027, 3, 10),
        pre_notice_end=day_end(D(2027, 3, 19)),
        ticket_download_start=T(2027, 3, 17),
        ticket_download_end=day_end(D(2027, 3, 27)),
        evaluation_date=D(2027, 3, 27),
        score_notice_start=T(2027, 3, 30),
        score_notice_end=day_end(D(2027, 4, 9)),
    )
    return dataclasses.replace(plan, **changes)


def test_a_2027_plan_is_reported_not_guessed() -> None:
    found = check(plan_2027(), today=D(2026, 11, 21))
    assert {(f.code, f.field) for f in found} == {
        ("CALENDAR_NOT_COVERED", "pre_notice_end"),
        ("CALENDAR_NOT_COVERED", "score_notice_end"),
    }
    assert all("2027年" in f.message and f.severity == "warning" for f in found)
    # The plan-submission rule is settled by 2026's own working days: no warning for it.
    assert codes(plan_2027(), QUZHOU, today=D(2026, 11, 21)) == set()


def test_a_2027_deadline_is_skipped_unless_the_range_settles_it() -> None:
    unsettled = codes(plan_2027(registration_start=T(2027, 2, 22)), today=D(2027, 2, 1))
    assert unsettled == {
        ("CALENDAR_NOT_COVERED", "registration_start"),
        ("CALENDAR_NOT_COVERED", "pre_notice_end"),
        ("CALENDAR_NOT_COVERED", "score_notice_end"),
    }
    # Four dates in between: too few even if every one were a working day.
    settled = codes(plan_2027(registration_start=T(2027, 2, 20)), today=D(2027, 2, 15))
    assert settled == {
        ("PLAN_SUBMIT_LATE", "registration_start"),
        ("CALENDAR_NOT_COVERED", "pre_notice_end"),
        ("CALENDAR_NOT_COVERED", "score_notice_end"),
    }
    # A three-date notice is short whatever 2027's holidays turn out to be.
    short = codes(plan_2027(pre_notice_end=day_end(D(2027, 3, 12))), today=None)
    assert short == {
        ("NOTICE_TOO_SHORT", "pre_notice_end"),
        ("CALENDAR_NOT_COVERED", "score_notice_end"),
    }


# --- profiles ---------------------------------------------------------------------------------


def test_the_profiles_carry_the_timeline_rules() -> None:
    assert ZHEJIANG.notices.pre_notice == DaySpan(5, "working")
    assert ZHEJIANG.notices.score_notice == DaySpan(5, "working")
    assert ZHEJIANG.deadlines.plan_submit == DaySpan(10, "working")
    assert ZHEJIANG.ticket_window == TicketWindowRules(True, None)
    assert QUZHOU.notices.pre_notice == DaySpan(10, "calendar")
    assert QUZHOU.ticket_window.min_length == DaySpan(10, "calendar")
    assert QUZHOU.deadlines == ZHEJIANG.deadlines
    assert (QUZHOU.deadlines.approval_form, QUZHOU.deadlines.paper_materials) == (
        DaySpan(15, "calendar"),
        DaySpan(7, "calendar"),
    )


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("浙江省衢州市柯城区", "quzhou"),
        ("衢州市", "quzhou"),
        ("衢州", "quzhou"),
        ("浙江省杭州市", "zhejiang"),
        ("浙江省", "zhejiang"),
        ("", "zhejiang"),
        (None, "zhejiang"),
    ],
)
def test_the_region_chooses_the_profile(region: str | None, expected: str) -> None:
    assert profiles.profile_for_region(region).name == expected


def test_a_profile_is_found_by_its_title_or_place_name_too() -> None:
    assert profiles.load_profile("衢州").name == "quzhou"
    assert profiles.load_profile("衢州市").name == "quzhou"
    assert profiles.load_profile("浙江").name == "zhejiang"
    with pytest.raises(ProfileError, match="可用的有"):
        profiles.load_profile("杭州")


@pytest.mark.parametrize(
    "bad", [{"days": 5}, {"days": -1, "kind": "working"}, {"days": 5, "kind": "work"}, 5]
)
def test_a_malformed_day_span_is_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        DaySpan.from_toml(bad)
    table = {"pre_notice": bad, "score_notice": {"days": 5, "kind": "working"}}
    with pytest.raises(ProfileError, match=r"\[notices\]"):
        profiles._build(NoticeRules, table, "test", "notices")


# --- what the window draws --------------------------------------------------------------------


def test_the_calendar_strip_marks_holidays_and_make_up_workdays() -> None:
    days = {d.date: d for d in calendar_days(D(2026, 2, 13), D(2026, 3, 1))}
    assert days[D(2026, 2, 14)].is_makeup_workday and days[D(2026, 2, 14)].holiday_name == "春节"
    assert days[D(2026, 2, 21)].is_holiday and not days[D(2026, 2, 21)].is_workday
    assert days[D(2026, 2, 28)].is_workday and days[D(2026, 2, 28)].is_weekend
    assert not days[D(2026, 3, 1)].is_holiday and not days[D(2026, 3, 1)].is_workday
    edge = calendar_days(D(2026, 12, 31), D(2027, 1, 1))
    assert [d.covered for d in edge] == [True, False]
    assert edge[1].is_workday is None and edge[1].is_holiday is None


def test_timeline_stages_in_order_with_their_findings() -> None:
    plan = national_day_plan(pre_notice_end=day_end(D(2026, 10, 7)))
    stages = timeline_stages(plan, ZHEJIANG, D(2026, 9, 28))
    keys = [s.key for s in stages]
    assert keys.index("registration") < keys.index("review_deadline") < keys.index("pre_notice")
    assert keys.index("pre_notice") < keys.index("sessions[0]") < keys.index("score_notice")
    by_key = {s.key: s for s in stages}
    notice = by_key["pre_notice"]
    assert (notice.kind, notice.state, notice.days_left) == ("notice", "current", 9)
    assert [f.code for f in notice.findings] == ["NOTICE_TOO_SHORT"]
    assert by_key["registration"].state == "past"
    assert [f.code for f in by_key["approval_form"].findings] == ["APPROVAL_FORM_LATE"]
    assert by_key["electronic_materials"].kind == "deadline"
    assert by_key["sessions[1]"].kind == "session" and by_key["sessions[1]"].days_left == 19
    sent_late = timeline_stages(national_day_plan(submitted_on=D(2026, 9, 2)), ZHEJIANG, None)
    submit = next(s for s in sent_late if s.key == "plan_submit")
    assert submit.start == T(2026, 8, 31) and submit.state is None
    assert [f.code for f in submit.findings] == ["PLAN_SUBMIT_LATE"]


def test_upcoming_deadlines_across_plans() -> None:
    autumn = national_day_plan()
    spring = national_day_plan(registration_start=T(2026, 3, 2), submitted_on=D(2026, 2, 6))
    due = upcoming_deadlines(
        [("电工（四级）", autumn), ("焊工（五级）", spring)], ZHEJIANG, D(2026, 8, 31)
    )
    first = due[0]
    assert (first.plan_title, first.key, first.due, first.days_left) == (
        "电工（四级）",
        "plan_submit",
        D(2026, 8, 31),
        0,
    )
    assert [d.due for d in due] == sorted(d.due for d in due if d.due)
    assert not any(d.plan_title == "焊工（五级）" and d.key == "plan_submit" for d in due)
    late = upcoming_deadlines([("电工（四级）", autumn)], ZHEJIANG, D(2026, 9, 28))
    electronic = next(d for d in late if d.key == "electronic_materials")
    assert electronic.overdue and electronic.days_left == -2
    assert all(d.key != "registration_start" for d in late)  # already past
