"""Pages learn of changes only from the runner's announcements (and the change log of other
processes): each change is announced once, and the page that made it is not reloaded twice."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import select

from skilldesk.core.changes import ChangeSet
from skilldesk.core.models import Candidate, ChangeLogEntry
from skilldesk.services.sample_data import make_candidates
from skilldesk.services.workspace import Workspace
from skilldesk.ui.main_window import MainWindow
from skilldesk.ui.pages.roster_page import RosterPage
from tests.helpers import writing
from tests.ui.conftest import Dialogs, PlanFactory
from tests.ui.test_roster_page import shown_page, write_roster

WAIT_MS = 10_000


def _count(signal: Any) -> list[int]:
    emitted: list[int] = []
    signal.connect(lambda *_args: emitted.append(1))
    return emitted


def _announced(window: MainWindow) -> list[tuple[ChangeSet, object]]:
    seen: list[tuple[ChangeSet, object]] = []
    window._ctx.hub.changed.connect(lambda changes, source: seen.append((changes, source)))
    return seen


def _candidate_ids(workspace: Workspace) -> set[int]:
    with workspace.store.session() as session:
        return set(session.scalars(select(Candidate.id)))


def test_an_import_is_announced_once_and_the_roster_reloads_once(
    qtbot: Any,
    add_plan: PlanFactory,
    window: MainWindow,
    workspace: Workspace,
    dialogs: Dialogs,
    tmp_path: Path,
) -> None:
    plan_id = add_plan()
    page: RosterPage = window.roster_page
    qtbot.waitUntil(lambda: page.model.plan_id == plan_id, timeout=WAIT_MS)
    announced = _announced(window)
    reloads = _count(page.table_shown)

    page.import_file(write_roster(tmp_path / "名册.xlsx", make_candidates(3, seed=7)))
    qtbot.waitUntil(lambda: page.model.candidate_count == 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(dialogs.texts("information")), timeout=WAIT_MS)

    assert announced == [
        (ChangeSet(candidates={plan_id: frozenset(_candidate_ids(workspace))}), None)
    ]
    assert reloads == [1]


def test_the_page_that_edits_a_cell_is_not_reloaded_by_its_own_change(
    qtbot: Any, add_plan: PlanFactory, window: MainWindow, workspace: Workspace
) -> None:
    plan_id = add_plan(people=make_candidates(2, seed=4))
    window.roster_page.reload_plans()
    page = shown_page(qtbot, window, 2)
    announced = _announced(window)
    reloads = _count(page.table_shown)
    plan_lists = _count(page.plan_combo.plan_chosen)

    phone = page.model.columns.index("phone")
    index = page.model.index(0, phone)
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.setText("13912345678")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(announced), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "已保存" in window.statusBar().currentMessage(), timeout=WAIT_MS)

    candidate_id = page.model.candidate_id(0)
    assert announced == [(ChangeSet(candidates={plan_id: frozenset({candidate_id})}), page)]
    assert reloads == [] and plan_lists == []


def test_a_photo_change_reloads_the_roster_and_the_photos_pages(
    qtbot: Any, add_plan: PlanFactory, window: MainWindow
) -> None:
    plan_id = add_plan(people=make_candidates(2, seed=5))
    window.roster_page.reload_plans()
    roster = shown_page(qtbot, window, 2)
    window.nav.setCurrentRow(window.page_titles().index("照片"))
    photos = window.page(window.page_titles().index("照片"))
    qtbot.waitUntil(lambda: photos.plan_rows is not None, timeout=WAIT_MS)
    photos.plan_rows = None  # forgotten: only a reload brings the rows back
    table_reloads = _count(roster.table_shown)

    window._ctx.hub.announce(ChangeSet(photos={plan_id: frozenset({1})}), None)

    qtbot.waitUntil(lambda: photos.plan_rows is not None and bool(table_reloads), timeout=WAIT_MS)
    assert table_reloads == [1]


def test_a_change_made_by_another_process_reloads_the_roster(
    qtbot: Any, add_plan: PlanFactory, window: MainWindow, workspace: Workspace
) -> None:
    plan_id = add_plan(people=make_candidates(1, seed=6))
    window.roster_page.reload_plans()
    page = shown_page(qtbot, window, 1)
    qtbot.waitUntil(lambda: window.outside_changes.seen is not None, timeout=WAIT_MS)
    announced = _announced(window)
    # What `skilldesk roster import` in a terminal leaves behind: a new row, and its entry in
    # the change log under its own process id.
    person = make_candidates(2, seed=9)[1]
    with writing(workspace.store) as session:
        added = Candidate(plan_id=plan_id, **person)
        session.add(added)
        session.flush()
        changes = ChangeSet(candidates={plan_id: frozenset({added.id})})
        session.add(ChangeLogEntry(writer="命令行", pid=os.getpid() + 1, changes=changes.dumps()))

    qtbot.waitUntil(lambda: page.model.candidate_count == 2, timeout=WAIT_MS)  # by the timer
    assert announced == [(changes, None)]


def test_the_windows_own_writes_are_not_announced_again_from_the_change_log(
    qtbot: Any, add_plan: PlanFactory, window: MainWindow, workspace: Workspace
) -> None:
    add_plan(people=make_candidates(1, seed=6))
    announced = _announced(window)
    watch = window.outside_changes
    qtbot.waitUntil(lambda: watch.seen is not None, timeout=WAIT_MS)
    with writing(workspace.store) as session:
        session.add(ChangeLogEntry(writer="窗口", pid=os.getpid(), changes=ChangeSet().dumps()))
        session.flush()
        newest = session.scalar(select(ChangeLogEntry.seq).order_by(ChangeLogEntry.seq.desc()))
    watch.check()
    qtbot.waitUntil(lambda: watch.seen == newest, timeout=WAIT_MS)
    assert announced == []
