"""The 首页 answers "is this batch ready?" for every plan: 可提交, or how many problems and the
one to tackle first — the same check the plan page and `plan check --plan` give."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QTextDocument
from sqlalchemy import delete, select

from skilldesk.core.changes import ChangeSet
from skilldesk.core.models import Attachment, Candidate
from skilldesk.services.plan_check import check_stored_plan
from skilldesk.services.plans import create_plan, get_plan, list_plans, update_plan
from skilldesk.services.workspace import Workspace
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.home_page import READINESS_SHOWN, HomePage
from skilldesk.ui.pages.plan_page import PlanPage
from tests.helpers import writing
from tests.integration.ready_setup import furnish_ready
from tests.integration.store_setup import TODAY as READY_DAY
from tests.ui.plan_fixtures import TODAY, make_demo_template, open_copy


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo_template(tmp_path_factory.mktemp("home-readiness-demo") / "ws")


@pytest.fixture
def demo_ctx(qapp: Any, demo_template: Path, tmp_path: Path) -> Iterator[AppContext]:
    workspace = open_copy(demo_template, tmp_path / "ws")
    ctx = AppContext.create(workspace)
    yield ctx
    ctx.shutdown()
    workspace.close()


def shown_home(qtbot: Any, ctx: AppContext, today: dt.date) -> HomePage:
    page = HomePage(ctx, today=lambda: today)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None)
    return page


def readiness_lines(page: HomePage) -> list[str]:
    """The readiness list as the user reads it, one line per plan after the heading."""
    document = QTextDocument()
    document.setHtml(page.readiness_label.text())
    return re.split("[\u2028\n]", document.toPlainText())[1:]


def test_each_demo_plan_shows_its_problems(qtbot: Any, demo_ctx: AppContext) -> None:
    page = shown_home(qtbot, demo_ctx, TODAY)
    assert page.readiness_label.isVisible()
    store = demo_ctx.workspace.store
    expected = []
    for plan in list_plans(store, today=TODAY):
        check = check_stored_plan(store, plan.id, today=TODAY)
        # The demo's rosters carry the mistakes staff really make: the first thing to fix.
        assert check.findings[0].message == (
            f"名册中有 {plan.error_rows} 名考生的信息有错误，请到「考生名册」页改正。"
        )
        expected.append(
            f"{plan.title}：{check.errors} 个问题 — "
            f"名册中有 {plan.error_rows} 名考生的信息有错误，请到「考生名册」页改正"
        )
    assert readiness_lines(page) == expected


@pytest.fixture
def ready_ctx(qapp: Any, workspace: Workspace) -> Iterator[AppContext]:
    furnish_ready(workspace)
    ctx = AppContext.create(workspace)
    yield ctx
    ctx.shutdown()


def test_a_ready_plan_may_be_submitted_and_a_lost_photo_shows_at_once(
    qtbot: Any, ready_ctx: AppContext
) -> None:
    page = shown_home(qtbot, ready_ctx, READY_DAY)
    assert readiness_lines(page) == ["电工（四级/中级工）：✔ 可提交"]
    store = ready_ctx.workspace.store
    with store.session() as session:
        wang = session.scalars(select(Candidate.id).where(Candidate.name == "王五")).one()
    with writing(store) as session:
        session.execute(delete(Attachment).where(Attachment.candidate_id == wang))
    # A change of photos alone is announced; the readiness follows it.
    with qtbot.waitSignal(page.shown_data):
        ready_ctx.hub.changed.emit(ChangeSet(photos={1: frozenset({wang})}), None)
    assert readiness_lines(page) == [
        "电工（四级/中级工）：1 个问题 — 1 名考生还没有合格的照片（王五），请到「照片」页导入"
    ]


def test_the_plan_name_opens_the_plan_at_its_first_problem(
    qtbot: Any, ready_ctx: AppContext
) -> None:
    store = ready_ctx.workspace.store
    plan = get_plan(store, 1)
    update_plan(store, 1, dataclasses.replace(plan.fields, site_id=None))
    page = shown_home(qtbot, ready_ctx, READY_DAY)
    assert readiness_lines(page) == ["电工（四级/中级工）：1 个问题 — 还没有选择考点"]
    with qtbot.waitSignal(ready_ctx.hub.plan_requested) as opened:
        page.readiness_label.linkActivated.emit("plan:1")
    assert opened.args == [1, "site"]


def test_many_plans_leave_the_deadlines_their_room(
    qtbot: Any, ctx: AppContext, workspace: Workspace
) -> None:
    for level in (5, 4, 3, 2, 1):
        create_plan(workspace.store, "电工", level)
    for level in (5, 4):
        create_plan(workspace.store, "焊工", level)
    page = shown_home(qtbot, ctx, READY_DAY)
    lines = readiness_lines(page)
    assert len(lines) == READINESS_SHOWN + 1
    assert lines[-1] == "另有 1 个计划，到「评价计划」页查看"
    with qtbot.waitSignal(ctx.hub.page_requested) as opened:
        page.readiness_label.linkActivated.emit("评价计划")
    assert opened.args == ["评价计划"]


def test_a_first_plan_without_an_institution_says_so(
    qtbot: Any, ctx: AppContext, workspace: Workspace
) -> None:
    create_plan(workspace.store, "电工", 4)
    page = shown_home(qtbot, ctx, READY_DAY)
    (line,) = readiness_lines(page)
    assert line.startswith("电工（四级/中级工）：") and line.endswith("— 还没有填写机构信息")
    # The groundwork list above says where to start, as before.
    assert "机构信息" in page.setup_label.text() and page.setup_label.isVisible()


def test_the_plan_pages_check_panel_lists_the_readiness(qtbot: Any, ready_ctx: AppContext) -> None:
    page = PlanPage(ready_ctx, today=lambda: READY_DAY)
    qtbot.addWidget(page)
    page.resize(1130, 760)
    page.show()
    page.show_plan(1)
    qtbot.waitUntil(lambda: page.state is not None)
    assert page.editor.findings.codes() == []
    assert "没有发现问题" in page.editor.findings.title.text()
    store = ready_ctx.workspace.store
    with store.session() as session:
        wang = session.scalars(select(Candidate.id).where(Candidate.name == "王五")).one()
    with writing(store) as session:
        session.execute(delete(Attachment).where(Attachment.candidate_id == wang))
    shown = page.state
    ready_ctx.hub.changed.emit(ChangeSet(photos={1: frozenset({wang})}), None)
    qtbot.waitUntil(lambda: page.state is not shown)
    expected = check_stored_plan(store, 1, today=READY_DAY)
    assert page.state is not None and page.state.check.findings == expected.findings
    assert page.editor.findings.codes() == ["PLAN_PHOTOS_MISSING"]
