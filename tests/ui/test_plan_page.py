"""The 评价计划 page as a user works with it: the form, saving and its findings, rooms, plan files."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDateTime, QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from skilldesk.core import filing
from skilldesk.core.models import ExamRoom, ExamSite
from skilldesk.services.plans import get_plan, get_plan_row, list_plans
from skilldesk.services.sites import list_sites
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.plan_page import PlanPage
from skilldesk.ui.widgets.new_plan_dialog import NewPlanDialog
from tests.helpers import writing
from tests.ui.conftest import Dialogs
from tests.ui.plan_fixtures import TODAY, make_demo_template, open_copy


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo_template(tmp_path_factory.mktemp("plan-demo") / "ws")


@pytest.fixture
def demo_ctx(qapp: Any, demo_template: Path, tmp_path: Path) -> Iterator[AppContext]:
    workspace = open_copy(demo_template, tmp_path / "ws")
    ctx = AppContext.create(workspace)
    yield ctx
    ctx.shutdown()
    workspace.close()


def shown_page(qtbot: Any, ctx: AppContext, plan_index: int = 0) -> PlanPage:
    page = PlanPage(ctx, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1130, 760)
    page.show()
    page.activateWindow()
    plan_id = list_plans(ctx.workspace.store)[plan_index].id
    page.show_plan(plan_id)
    qtbot.waitUntil(lambda: page.state is not None and page.state.details.id == plan_id)
    return page


def save_and_wait(qtbot: Any, page: PlanPage) -> None:
    before = page.state
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.state is not before and not page.dirty, timeout=10_000)


def test_the_form_shows_the_stored_plan(qtbot: Any, demo_ctx: AppContext) -> None:
    page = shown_page(qtbot, demo_ctx)
    form = page.editor.form
    details = get_plan(demo_ctx.workspace.store, page.state.details.id)  # type: ignore[union-attr]
    assert form.occupation.text() == "电工"
    assert form.dates["registration_start"].value() == details.timeline["registration_start"]
    assert form.dates["submitted_on"].value() is None
    assert form.sessions.table.rowCount() == 2
    assert len(form.examiners.checked_ids()) == 3
    assert page.editor.strip.day_marks(dt.date(2026, 10, 1)) == {"holiday"}
    assert not page.dirty


def test_a_notice_made_too_short_is_marked_beside_its_field(
    qtbot: Any, demo_ctx: AppContext
) -> None:
    page = shown_page(qtbot, demo_ctx)
    form = page.editor.form
    notice_start = form.dates["pre_notice_start"].value()
    assert isinstance(notice_start, dt.datetime)
    marker = form.markers["pre_notice_end"]
    assert marker.isHidden()
    end = dt.datetime.combine(notice_start.date() + dt.timedelta(days=2), dt.time(23, 59, 59))
    form.dates["pre_notice_end"].edit.setDateTime(QDateTime(*end.timetuple()[:6]))  # as typed
    assert page.dirty and page.dirty_label.isVisible()
    assert page.unsaved_edits() == "评价计划“电工（四级/中级工）”"  # named if the window closes

    save_and_wait(qtbot, page)
    assert page.unsaved_edits() is None

    assert not marker.isHidden()
    assert marker.severity == "error"
    assert [f.code for f in marker.findings] == ["NOTICE_TOO_SHORT"]
    assert "评前公示期" in marker.toolTip()
    # The demo's roster holds mistakes: the panel says so beside the timeline's finding.
    assert page.editor.findings.codes() == ["PLAN_ROSTER_ERRORS", "NOTICE_TOO_SHORT"]
    stored = get_plan(demo_ctx.workspace.store, page.state.details.id)  # type: ignore[union-attr]
    assert stored.timeline["pre_notice_end"] == end
    notice = next(b for b in page.editor.strip.picture.bars if b.stage.key == "pre_notice")
    assert notice.worst == "error"


def test_clicking_a_finding_puts_the_cursor_in_its_field(qtbot: Any, demo_ctx: AppContext) -> None:
    page = shown_page(qtbot, demo_ctx)
    form = page.editor.form
    form.dates["pre_notice_end"].edit.setDateTime(
        form.dates["pre_notice_start"].edit.dateTime().addDays(1)
    )
    save_and_wait(qtbot, page)
    findings = page.editor.findings.list
    row = page.editor.findings.codes().index("NOTICE_TOO_SHORT")
    item = findings.item(row)
    findings.scrollToItem(item)
    form.occupation.setFocus()
    qtbot.mouseClick(
        findings.viewport(), Qt.MouseButton.LeftButton, pos=findings.visualItemRect(item).center()
    )
    qtbot.waitUntil(lambda: form.dates["pre_notice_end"].edit.hasFocus())


def test_session_rooms_are_only_those_of_approved_sites(qtbot: Any, demo_ctx: AppContext) -> None:
    store = demo_ctx.workspace.store
    rejected = next(s for s in list_sites(store) if s.status == filing.REJECTED)
    with writing(store) as session:  # a room left from before the site was turned down
        session.add(ExamRoom(site_id=rejected.id, name="东校区1幢101", number="001", seats=30))
    page = shown_page(qtbot, demo_ctx)
    form = page.editor.form
    site_names = [form.site.itemText(i) for i in range(form.site.count())]
    assert site_names == ["（未选择）", "衢州市示范技师学院考点"]
    form.site.setCurrentIndex(0)  # no site chosen: every approved site's rooms
    for row in range(form.sessions.table.rowCount()):
        labels = [label for room_id, label in form.sessions.room_choices(row) if room_id]
        assert len(labels) == 5
        assert all("衢州市示范技师学院考点" in label for label in labels)
        assert not any("东校区" in label for label in labels)


def test_a_session_in_a_room_of_a_rejected_site_is_marked_on_its_row(
    qtbot: Any, demo_ctx: AppContext
) -> None:
    store = demo_ctx.workspace.store
    rejected = next(s for s in list_sites(store) if s.status == filing.REJECTED)
    plan_id = list_plans(store)[0].id
    with writing(store) as session:
        room = ExamRoom(site_id=rejected.id, name="东校区1幢101", number="001", seats=30)
        session.add(room)
        session.flush()
        practical = max(
            get_plan_row(session, plan_id).sessions, key=lambda s: s.start or dt.datetime.min
        )
        practical.room_id = room.id
    page = shown_page(qtbot, demo_ctx)
    header = page.editor.form.sessions.table.verticalHeaderItem(1)
    assert header is not None and not header.icon().isNull()
    assert "东校区1幢101" in header.toolTip() and "不通过" in header.toolTip()
    first = page.editor.form.sessions.table.verticalHeaderItem(0)
    assert first is not None and first.icon().isNull()


def test_a_session_added_is_saved(qtbot: Any, demo_ctx: AppContext) -> None:
    page = shown_page(qtbot, demo_ctx)
    sessions = page.editor.form.sessions
    qtbot.mouseClick(sessions.add_button, Qt.MouseButton.LeftButton)
    assert sessions.table.rowCount() == 3
    added = sessions.rows()[-1]
    assert added.id is None and added.room_id is not None
    assert added.start is not None and added.start.date() == dt.date(2026, 10, 27)
    save_and_wait(qtbot, page)
    assert page.state is not None and len(page.state.sessions) == 3
    assert all(row.id is not None for row in sessions.rows())


def test_switching_plans_asks_before_dropping_edits(
    qtbot: Any, demo_ctx: AppContext, dialogs: Dialogs
) -> None:
    page = shown_page(qtbot, demo_ctx)
    first = page.plan_id
    qtbot.keyClicks(page.editor.form.occupation, "2")
    assert page.dirty
    dialogs.answer = dialogs.answer.No
    second = list_plans(demo_ctx.workspace.store)[1].id
    page.show_plan(second)
    assert dialogs.texts("question") and page.plan_id == first
    assert page.editor.form.occupation.text() == "电工2"


def test_export_then_import_as_a_new_plan(
    qtbot: Any, demo_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = shown_page(qtbot, demo_ctx)
    original = page.state.details  # type: ignore[union-attr]
    target = tmp_path / "电工计划"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "电工计划.json"
    qtbot.waitUntil(written.exists)
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data["occupation"] == "电工" and len(data["sessions"]) == 2

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(written), ""))
    monkeypatch.setattr(
        QInputDialog, "getItem", lambda _p, _t, _l, choices, *a, **k: (choices[1], True)
    )
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.plan_id not in (None, original.id), timeout=10_000)
    assert len(list_plans(demo_ctx.workspace.store)) == 3
    imported = page.state.details  # type: ignore[union-attr]
    assert imported.timeline == original.timeline
    assert page.plan_combo.currentData() == imported.id
    assert len(page.state.sessions) == 2  # type: ignore[union-attr]


def test_without_plans_the_page_says_how_to_start(qtbot: Any, ctx: AppContext) -> None:
    page = PlanPage(ctx, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: "还没有评价计划" in page.placeholder.text())
    assert not page.save_button.isEnabled() and not page.export_button.isEnabled()


def test_a_stage_clicked_on_the_timeline_goes_to_its_field(
    qtbot: Any, demo_ctx: AppContext
) -> None:
    page = shown_page(qtbot, demo_ctx)
    strip = page.editor.strip
    strip.ensure_day_visible(page.state.details.timeline["score_notice_start"].date())  # type: ignore[union-attr]
    rect = strip.stage_rect("score_notice")
    assert rect is not None
    canvas_pos: QPoint = strip.canvas.mapFrom(strip, rect.center())
    qtbot.mouseClick(strip.canvas, Qt.MouseButton.LeftButton, pos=canvas_pos)
    qtbot.waitUntil(lambda: page.editor.form.dates["score_notice_start"].edit.hasFocus())


def test_a_new_plan_is_offered_the_certified_scope(
    qtbot: Any, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered: list[Any] = []

    def answer(cls: Any, parent: Any, scope: Any) -> tuple[str, int]:
        offered.append(scope)
        return "保育师", 4

    monkeypatch.setattr(NewPlanDialog, "ask", classmethod(answer))
    page = shown_page(qtbot, demo_ctx)
    page.new_plan()
    qtbot.waitUntil(lambda: bool(offered))
    assert offered[0]["电工"] == (5, 4, 3) and offered[0]["车工"] == (5, 4, 3, 2)
    qtbot.waitUntil(
        lambda: page.state is not None and page.state.details.title == "保育师（四级/中级工）"
    )


def test_the_plan_number_is_typed_in_and_shown(
    qtbot: Any, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch, dialogs: Dialogs
) -> None:
    page = shown_page(qtbot, demo_ctx)
    assert "未编号" in page.info.text() and page.number_button.text() == "填写计划编号…"
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("ZJ2026-QZ-0012", True))
    )
    qtbot.mouseClick(page.number_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "计划编号：ZJ2026-QZ-0012" in page.info.text())
    assert page.number_button.text() == "修改计划编号…"
    assert get_plan(demo_ctx.workspace.store, page.plan_id).plan_number == "ZJ2026-QZ-0012"  # type: ignore[arg-type]
    # Unsaved edits first: the number waits until they are saved.
    qtbot.keyClicks(page.editor.form.occupation, "2")
    qtbot.mouseClick(page.number_button, Qt.MouseButton.LeftButton)
    assert "请先保存" in dialogs.texts("information")[-1]


def test_a_site_outside_the_filing_region_is_marked_in_the_site_list(
    qtbot: Any, demo_ctx: AppContext
) -> None:
    store = demo_ctx.workspace.store
    outside = next(s for s in list_sites(store) if not s.fields.in_filing_region)
    with writing(store) as session:
        session.get_one(ExamSite, outside.id).status = filing.APPROVED
    page = shown_page(qtbot, demo_ctx)
    names = [page.editor.form.site.itemText(i) for i in range(page.editor.form.site.count())]
    assert f"{outside.name}（备案地以外）" in names
