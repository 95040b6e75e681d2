"""Is this batch ready? A stored plan's check gathers, in one list, everything that keeps it from
being submitted: each readiness code appears exactly when its condition holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import delete, select

import skilldesk.services.demo as demo
from skilldesk.core import filing
from skilldesk.core.models import Attachment, Candidate, Institution, Scheme
from skilldesk.core.rules.timeline import check_plan
from skilldesk.services.candidates import withdraw_candidates
from skilldesk.services.home_agenda import load_home_agenda
from skilldesk.services.photo_store import PHOTO_KIND
from skilldesk.services.plan_check import check_stored_plan
from skilldesk.services.plan_exchange import plan_data_for
from skilldesk.services.plan_sessions import delete_session, list_sessions
from skilldesk.services.plan_state import load_plan_state
from skilldesk.services.plans import create_plan, get_plan, list_plans, update_plan
from skilldesk.services.roster import edit_candidate, load_roster_table
from skilldesk.services.rule_profile import workspace_profile
from skilldesk.services.workspace import Workspace, open_workspace
from tests.helpers import run_cli, writing
from tests.integration.ready_setup import furnish_ready, give_photos
from tests.integration.store_setup import TIMELINE, TODAY

READINESS_CODES = {
    "INSTITUTION_MISSING",
    "PLAN_ROSTER_EMPTY",
    "PLAN_ROSTER_ERRORS",
    "PLAN_PHOTOS_MISSING",
    "PLAN_SITE_MISSING",
    "PLAN_SESSIONS_MISSING",
    "SCHEME_NOT_COVERING",
    "EVALUATION_DATE_PAST",
}


def codes(workspace: Workspace, plan_id: int, today: dt.date = TODAY) -> set[str]:
    return {f.code for f in check_stored_plan(workspace.store, plan_id, today=today).findings}


def finding(workspace: Workspace, plan_id: int, code: str, today: dt.date = TODAY):
    found = check_stored_plan(workspace.store, plan_id, today=today).findings
    return next(f for f in found if f.code == code)


def candidate_id(workspace: Workspace, name: str) -> int:
    with workspace.store.session() as session:
        return session.scalars(select(Candidate.id).where(Candidate.name == name)).one()


def test_a_ready_plan_has_nothing_to_say(workspace) -> None:
    furnished = furnish_ready(workspace)
    result = check_stored_plan(workspace.store, furnished.plan_id, today=TODAY)
    assert result.findings == [] and result.errors == 0
    listed = list_plans(workspace.store, today=TODAY)[0]
    assert (listed.candidate_count, listed.error_rows) == (3, 0)


# -- each defect alone, on a plan that is otherwise ready -------------------------------------


def _roster_error(ws: Workspace, plan_id: int) -> None:
    edit_candidate(ws.store, candidate_id(ws, "李四"), "phone", "1381234", today=TODAY)


def _photo_missing(ws: Workspace, plan_id: int) -> None:
    with writing(ws.store) as session:
        session.execute(
            delete(Attachment).where(Attachment.candidate_id == candidate_id(ws, "王五"))
        )


def _roster_empty(ws: Workspace, plan_id: int) -> None:
    ids = [candidate_id(ws, name) for name in ("张三", "李四", "王五")]
    withdraw_candidates(ws.store, plan_id, ids, "个人原因")


def _site_missing(ws: Workspace, plan_id: int) -> None:
    plan = get_plan(ws.store, plan_id)
    update_plan(ws.store, plan_id, dataclasses.replace(plan.fields, site_id=None))


def _sessions_missing(ws: Workspace, plan_id: int) -> None:
    for session in list_sessions(ws.store, plan_id):
        delete_session(ws.store, session.id)


def _scheme_of(**changes: object) -> Callable[[Workspace, int], None]:
    def change(ws: Workspace, plan_id: int) -> None:
        with writing(ws.store) as session:
            scheme = session.scalars(select(Scheme)).one()
            for key, value in changes.items():
                setattr(scheme, key, value)

    return change


def _items(*items: tuple[str, list[int]]) -> str:
    return json.dumps([{"occupation": o, "work_type": None, "levels": lv} for o, lv in items])


def _no_scheme(ws: Workspace, plan_id: int) -> None:
    with writing(ws.store) as session:
        session.execute(delete(Scheme))


DEFECTS: dict[str, tuple[Callable[[Workspace, int], None], set[str]]] = {
    "a candidate with an error": (_roster_error, {"PLAN_ROSTER_ERRORS"}),
    "a candidate without a photo": (_photo_missing, {"PLAN_PHOTOS_MISSING"}),
    "every candidate withdrawn": (_roster_empty, {"PLAN_ROSTER_EMPTY"}),
    "no site": (_site_missing, {"PLAN_SITE_MISSING"}),
    "no sessions": (_sessions_missing, {"PLAN_SESSIONS_MISSING"}),
    "no scheme at all": (_no_scheme, {"SCHEME_NOT_COVERING"}),
    "the scheme awaits review": (_scheme_of(status=filing.PENDING), {"SCHEME_NOT_COVERING"}),
    "the scheme is of another year": (_scheme_of(year=2027), {"SCHEME_NOT_COVERING"}),
    "the scheme lists another occupation": (
        _scheme_of(items=_items(("焊工", [5, 4, 3]))),
        {"SCHEME_NOT_COVERING"},
    ),
    "the scheme lists other levels": (
        _scheme_of(items=_items(("电工", [5, 3]))),
        {"SCHEME_NOT_COVERING"},
    ),
}


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_each_defect_brings_exactly_its_code(workspace, defect: str) -> None:
    furnished = furnish_ready(workspace)
    introduce, expected = DEFECTS[defect]
    introduce(workspace, furnished.plan_id)
    assert codes(workspace, furnished.plan_id) == expected


def test_the_roster_error_count_is_the_roster_pages_own(workspace) -> None:
    furnished = furnish_ready(workspace)
    _roster_error(workspace, furnished.plan_id)
    edit_candidate(workspace.store, candidate_id(workspace, "张三"), "gender", "男", today=TODAY)
    table = load_roster_table(workspace.store, furnished.plan_id, today=TODAY)
    on_page = sum(1 for row in table.findings if any(f.severity == "error" for f in row))
    found = finding(workspace, furnished.plan_id, "PLAN_ROSTER_ERRORS")
    assert on_page == 2 and found.extra == {"candidates_with_errors": 2}
    assert found.severity == "error" and "2 名考生" in found.message
    # A withdrawn candidate is out of every count, errors included.
    withdraw_candidates(workspace.store, furnished.plan_id, [candidate_id(workspace, "李四")], "退")
    assert finding(workspace, furnished.plan_id, "PLAN_ROSTER_ERRORS").extra == {
        "candidates_with_errors": 1
    }


def test_missing_photos_are_counted_and_a_few_named(workspace) -> None:
    furnished = furnish_ready(workspace)
    with writing(workspace.store) as session:
        session.execute(delete(Attachment).where(Attachment.kind == PHOTO_KIND))
    found = finding(workspace, furnished.plan_id, "PLAN_PHOTOS_MISSING")
    assert found.severity == "error" and found.extra == {"candidates_without_photo": 3}
    assert "张三、李四、王五" in found.message
    # Who has withdrawn needs no photo.
    withdraw_candidates(workspace.store, furnished.plan_id, [candidate_id(workspace, "张三")], "退")
    found = finding(workspace, furnished.plan_id, "PLAN_PHOTOS_MISSING")
    assert found.extra == {"candidates_without_photo": 2} and "张三" not in found.message
    give_photos(workspace, furnished.plan_id)
    assert codes(workspace, furnished.plan_id) == set()


def test_an_empty_roster_is_not_ready(workspace) -> None:
    furnished = furnish_ready(workspace)
    fresh = create_plan(workspace.store, "电工", 4)
    assert "PLAN_ROSTER_EMPTY" in codes(workspace, fresh.id)
    assert "PLAN_PHOTOS_MISSING" not in codes(workspace, fresh.id)
    _roster_empty(workspace, furnished.plan_id)
    empty = finding(workspace, furnished.plan_id, "PLAN_ROSTER_EMPTY")
    assert empty.severity == "error" and "3 名已退考" in empty.message


def test_an_exam_day_gone_by_is_a_warning_from_the_next_day(workspace) -> None:
    furnished = furnish_ready(workspace)
    exam_day = TIMELINE["evaluation_date"]
    assert isinstance(exam_day, dt.date)
    profile = workspace_profile(workspace.store)
    data = plan_data_for(workspace.store, furnished.plan_id)
    for today, past in ((exam_day, False), (exam_day + dt.timedelta(days=1), True)):
        timeline = {f.code for f in check_plan(data, profile, today=today)}
        expected = timeline | ({"EVALUATION_DATE_PAST"} if past else set())
        assert codes(workspace, furnished.plan_id, today) == expected
    late = finding(workspace, furnished.plan_id, "EVALUATION_DATE_PAST", exam_day + dt.timedelta(1))
    assert late.severity == "warning" and late.field == "evaluation_date"


def test_a_plan_without_an_institution_says_so_first(workspace) -> None:
    plan = create_plan(workspace.store, "电工", 4)
    found = check_stored_plan(workspace.store, plan.id, today=TODAY).findings
    assert found[0].code == "INSTITUTION_MISSING" and found[0].severity == "error"
    assert "机构信息" in found[0].message
    # The scope hangs on the institution: "outside the scope" would only repeat the cause.
    assert "LEVEL_OUT_OF_SCOPE" not in {f.code for f in found}


def test_an_unnamed_institution_is_missing_too(workspace) -> None:
    furnished = furnish_ready(workspace)
    with writing(workspace.store) as session:
        session.scalars(select(Institution)).one().name = ""
    assert codes(workspace, furnished.plan_id) == {"INSTITUTION_MISSING"}


def test_the_plan_page_and_the_home_page_read_the_same_check(workspace) -> None:
    furnished = furnish_ready(workspace)
    _roster_error(workspace, furnished.plan_id)
    _photo_missing(workspace, furnished.plan_id)
    expected = check_stored_plan(workspace.store, furnished.plan_id, today=TODAY)
    state = load_plan_state(workspace.store, furnished.plan_id, TODAY)
    assert state.check.findings == expected.findings
    agenda = load_home_agenda(workspace.store, TODAY)
    (readiness,) = agenda.readiness
    assert (readiness.plan_id, readiness.errors, readiness.warnings) == (
        furnished.plan_id,
        expected.errors,
        expected.warnings,
    )
    assert readiness.top == expected.findings[0] and readiness.top.code == "PLAN_ROSTER_ERRORS"


# -- the command line -------------------------------------------------------------------------


@pytest.fixture
def ready_dir(tmp_path: Path) -> Path:
    workspace = open_workspace(tmp_path / "ws")
    furnish_ready(workspace)
    workspace.close()
    return tmp_path / "ws"


def test_plan_check_of_a_stored_plan_is_its_readiness(ready_dir: Path, tmp_path: Path) -> None:
    argv = ("plan", "check", "--plan", "1", "--today", TODAY.isoformat())
    ready = run_cli(*argv, data_dir=ready_dir)
    assert ready.returncode == 0, ready.stdout + ready.stderr
    assert "可以提交" in ready.stdout
    workspace = open_workspace(ready_dir)
    _roster_error(workspace, 1)
    _photo_missing(workspace, 1)
    checked = check_stored_plan(workspace.store, 1, today=TODAY)
    workspace.close()
    result = run_cli(*argv, "--json", data_dir=ready_dir)
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["findings"] == [f.to_json() for f in checked.findings]
    assert [f["code"] for f in payload["findings"]] == ["PLAN_ROSTER_ERRORS", "PLAN_PHOTOS_MISSING"]
    text = run_cli(*argv, data_dir=ready_dir)
    assert text.returncode == 1
    assert "考生名册  [错误 PLAN_ROSTER_ERRORS]" in text.stdout
    # A plan file is judged on its own content: no roster, photos or scheme in it.
    out = tmp_path / "计划.json"
    run_cli("plan", "export", "--plan", "1", str(out), data_dir=ready_dir, check=True)
    on_file = run_cli("plan", "check", str(out), "--today", TODAY.isoformat(), "--json")
    assert on_file.returncode == 0 and json.loads(on_file.stdout)["findings"] == []


# -- the demo tells the truth -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "scheme_covers"), [(dt.date(2026, 9, 14), True), (dt.date(2026, 12, 10), False)]
)
def test_the_demo_shows_its_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: dt.date, scheme_covers: bool
) -> None:
    # Tiny stand-in photos: what counts here is that each candidate has one.
    monkeypatch.setattr(
        demo, "make_portrait_jpeg", lambda seed, **_: b"\xff\xd8" + bytes([seed % 256])
    )
    workspace = open_workspace(tmp_path / "ws")
    try:
        demo.fill_demo_workspace(workspace, today=today)
        for plan in list_plans(workspace.store, today=today):
            found = check_stored_plan(workspace.store, plan.id, today=today).findings
            by_code = {f.code: f for f in found}
            assert plan.error_rows > 0
            assert by_code["PLAN_ROSTER_ERRORS"].extra == {
                "candidates_with_errors": plan.error_rows
            }
            assert ("SCHEME_NOT_COVERING" not in by_code) == scheme_covers
            assert {f.code for f in found} & READINESS_CODES <= {
                "PLAN_ROSTER_ERRORS",
                "SCHEME_NOT_COVERING",
            }
    finally:
        workspace.close()
