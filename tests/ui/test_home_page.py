"""The 首页 as a user reads it: what is due next across plans, and the way into a plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from skilldesk.core.changes import ChangeSet
from skilldesk.services.institution import update_institution
from skilldesk.services.plans import create_plan, list_plans
from skilldesk.ui.context import AppContext
from skilldesk.ui.main_window import MainWindow
from skilldesk.ui.models.deadline_model import OVERDUE_BACKGROUND, SOON_BACKGROUND
from skilldesk.ui.pages.home_page import HomePage
from tests.ui.plan_fixtures import TODAY, make_demo_template, open_copy


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo_template(tmp_path_factory.mktemp("home-demo") / "ws")


@pytest.fixture
def demo_ctx(qapp: Any, demo_template: Path, tmp_path: Path) -> Iterator[AppContext]:
    workspace = open_copy(demo_template, tmp_path / "ws")
    ctx = AppContext.create(workspace)
    yield ctx
    ctx.shutdown()
    workspace.close()


def shown_home(qtbot: Any, ctx: AppContext, today: dt.date = TODAY) -> HomePage:
    page = HomePage(ctx, today=lambda: today)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None)
    return page


def row_texts(page: HomePage) -> list[list[str]]:
    model = page.model
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_next_deadlines_of_every_plan_soonest_first(qtbot: Any, demo_ctx: AppContext) -> None:
    page = shown_home(qtbot, demo_ctx)
    rows = row_texts(page)
    # The demo's plans push to the center 10 working days before registration opens.
    assert rows[0][:4] == ["电工（四级/中级工）", "推送评价计划", "2026-09-14 周一", "就是今天"]
    assert rows[0][4] == "个人申报开始前至少10个工作日"
    assert rows[1][:4] == ["焊工（三级/高级工）", "推送评价计划", "2026-09-28 周一", "还剩 14 天"]
    assert rows[2][:4] == ["电工（四级/中级工）", "个人申报开始", "2026-09-29 周二", "还剩 15 天"]
    dues = [row.deadline.due for row in page.model.rows]
    assert dues == sorted(dues)  # type: ignore[type-var]
    assert {r[0] for r in rows} == {"电工（四级/中级工）", "焊工（三级/高级工）"}
    model = page.model
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) == SOON_BACKGROUND
    assert model.data(model.index(2, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert page.cards["plans"].number.text() == "2"
    assert page.cards["candidates"].number.text() == "320"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert page.cards["soon"].number.text() == "1"
    assert page.date_label.text() == "今天：2026-09-14 周一 · 按“衢州市”的规则"


def test_missed_deadlines_stay_listed_in_red_while_the_exam_is_ahead(
    qtbot: Any, demo_ctx: AppContext
) -> None:
    page = shown_home(qtbot, demo_ctx, today=dt.date(2026, 10, 7))
    rows = row_texts(page)
    overdue = [i for i, r in enumerate(page.model.rows) if r.deadline.overdue]
    # The welders' plan was never pushed to the center, and its registration is still ahead.
    assert rows[overdue[0]][:4] == [
        "焊工（三级/高级工）",
        "推送评价计划",
        "2026-09-28 周一",
        "已超过 9 天",
    ]
    materials = next(i for i in overdue if rows[i][:2] == ["电工（四级/中级工）", "提交电子材料"])
    assert rows[materials][3] == "已超过 1 天"
    assert "如已办理，可忽略" in rows[materials][4]
    model = page.model
    index = model.index(materials, 3)
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    assert page.cards["overdue"].number.text() == str(len(overdue))


def test_a_double_click_opens_the_plan_on_the_plan_page(qtbot: Any, demo_ctx: AppContext) -> None:
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.home_page.today = window.plan_page.today = lambda: TODAY
    window.show()
    qtbot.waitExposed(window)
    assert window.page_titles()[0] == "首页"
    assert window.page_titles().index("评价计划") == window.page_titles().index("考生名册") + 1
    home = window.home_page
    home.reload()
    qtbot.waitUntil(lambda: home.data is not None and home.model.rowCount() > 0)
    qtbot.waitUntil(lambda: window.plan_page.state is not None)  # showing the first plan
    welder = next(
        i for i, r in enumerate(home.model.rows) if r.deadline.plan_title.startswith("焊工")
    )
    index = home.model.index(welder, 1)
    home.table.scrollTo(index)
    where = home.table.visualRect(index).center()
    # A real double click starts with a click; the view opens only the row that was pressed.
    qtbot.mouseClick(home.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(home.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    plan_page = window.plan_page
    assert window.pages.currentWidget() is plan_page
    welder_id = home.model.rows[welder].plan_id
    qtbot.waitUntil(lambda: plan_page.plan_id == welder_id)
    assert plan_page.editor.form.occupation.text() == "焊工"


def test_without_plans_it_says_how_to_start_and_refreshes_on_changes(
    qtbot: Any, ctx: AppContext
) -> None:
    page = shown_home(qtbot, ctx)
    assert "还没有评价计划" in page.placeholder.text()
    assert page.stack.currentWidget() is page.placeholder
    plan = create_plan(ctx.workspace.store, "电工", 4)
    ctx.hub.announce(ChangeSet(plans=frozenset({plan.id})))
    qtbot.waitUntil(lambda: page.cards["plans"].number.text() == "1")
    assert len(list_plans(ctx.workspace.store)) == 1
    assert "近期没有待办的期限" in page.placeholder.text()  # a plan without dates yet


def test_enter_on_a_row_opens_its_plan_too(qtbot: Any, demo_ctx: AppContext) -> None:
    opened: list[tuple[int, str]] = []
    demo_ctx.hub.plan_requested.connect(lambda plan_id, field: opened.append((plan_id, field)))
    page = shown_home(qtbot, demo_ctx)
    page.activateWindow()
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(2, 0))  # 电工: 个人申报开始
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [(page.model.rows[2].plan_id, "registration_start")]


def test_a_new_workspace_lists_the_groundwork_with_links_to_its_pages(
    qtbot: Any, window: MainWindow
) -> None:
    home = window.home_page
    qtbot.waitUntil(lambda: home.data is not None)
    label = home.setup_label
    assert label.isVisible()
    text = label.text()
    for page in ("机构信息", "考点与考场", "考评员", "年度实施方案"):
        assert f'<a href="{page}">' in text
    assert "还没有备案通过的考点" in text and "每个职业至少需 3 人" in text
    label.linkActivated.emit("考评员")  # what a click on the link does
    assert window.pages.currentWidget() is window.page(window.page_titles().index("考评员"))


def test_with_the_groundwork_done_the_list_is_hidden(qtbot: Any, demo_ctx: AppContext) -> None:
    page = shown_home(qtbot, demo_ctx)
    assert page.data is not None
    assert [s.done for s in page.data.setup] == [True] * 5
    assert not page.setup_label.isVisible()
    # The next year needs its own annual scheme.
    next_year = shown_home(qtbot, demo_ctx, today=dt.date(2027, 1, 4))
    assert next_year.setup_label.isVisible()
    assert "还没有编制 2027 年度实施方案" in next_year.setup_label.text()


def test_a_filing_about_to_lapse_is_shown_even_when_the_groundwork_is_done(
    qtbot: Any, demo_ctx: AppContext
) -> None:
    update_institution(demo_ctx.workspace.store, filing_valid_until=TODAY + dt.timedelta(days=30))
    page = shown_home(qtbot, demo_ctx)
    assert page.setup_label.isVisible()
    text = page.setup_label.text()
    assert "机构备案将于 2026-10-14 到期（还有 30 天）" in text
    assert '<a href="机构信息">' in text and "准备工作" not in text
