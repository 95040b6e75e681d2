"""Every form save passes the version its page loaded: a copy another writer (the command line,
another page) has changed meanwhile is refused with the service's message, the other writer's
change stays, and the page offers to load the newer record (重新载入) — the user's edits are lost
only if they choose that. A page adopts the version its own save returned, so it saves again
without reloading."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from skilldesk.core.store import Store
from skilldesk.services import examiners, institution, plans, rooms, roster, schemes, sites
from skilldesk.services.sample_data import make_candidates
from skilldesk.services.workspace import Workspace
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.examiners_page import ExaminersPage
from skilldesk.ui.pages.institution_page import InstitutionPage
from skilldesk.ui.pages.plan_page import PlanPage
from skilldesk.ui.pages.rooms_panel import RoomDialog
from skilldesk.ui.pages.roster_page import RosterPage
from skilldesk.ui.pages.scheme_page import SchemePage
from skilldesk.ui.pages.sites_page import SitesPage
from tests.ui.conftest import Dialogs, PlanFactory
from tests.ui.input_helpers import type_into

RELOAD = "重新载入"
KEEP = "保留我的修改"
YEAR = dt.date.today().year


def stale(label: str, seen: int) -> str:
    """What the unit of work says to a copy read at `seen` of a record now one version on."""
    return (
        f"{label}在你打开之后已被修改（你看到的是第 {seen} 版，现在是第 {seen + 1} 版），"
        "你的修改未保存。请重新打开后再改。"
    )


@dataclass
class StaleBoxes:
    """Message boxes with buttons of their own (the reload offer), answered with `choice`."""

    choice: str = RELOAD
    shown: list[tuple[str, list[str]]] = field(default_factory=list)  # text, button texts

    def texts(self) -> list[str]:
        return [text for text, _buttons in self.shown]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> StaleBoxes:
    record = StaleBoxes()

    def answer(box: QMessageBox) -> int:
        buttons = {b.text(): b for b in box.buttons()}
        record.shown.append((box.text(), list(buttons)))
        buttons[record.choice].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return record


class FormCase:
    """One form: how a test opens its page, edits one field and saves, what another writer
    changes (another field of the same record), and what the store and the page hold."""

    label: str  # how the record is named in the refusal

    def open(self, qtbot: Any, ctx: AppContext) -> Any:
        raise NotImplementedError

    def edit_and_save(self, qtbot: Any, page: Any, text: str) -> None:
        raise NotImplementedError

    def write_behind(self, store: Store, text: str) -> None:
        raise NotImplementedError

    def stored(self, store: Store) -> tuple[Any, Any, int]:
        """(the field the page edits, the field the other writer changes, the version)."""
        raise NotImplementedError

    def shown(self, page: Any) -> tuple[Any, Any]:
        """The same two fields as the page shows them."""
        raise NotImplementedError

    def loaded_version(self, page: Any) -> int:
        raise NotImplementedError


class InstitutionCase(FormCase):
    label = "机构信息"

    def __init__(self, workspace: Workspace) -> None:
        institution.save_institution(
            workspace.store,
            institution.InstitutionProfile(name="衢州市示范技师学院", contact_name="周老师"),
        )

    def open(self, qtbot: Any, ctx: AppContext) -> InstitutionPage:
        page = InstitutionPage(ctx)
        qtbot.addWidget(page)
        with qtbot.waitSignal(page.loaded):
            page.show()
        return page

    def edit_and_save(self, qtbot: Any, page: InstitutionPage, text: str) -> None:
        type_into(page.form.address, text)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    def write_behind(self, store: Store, text: str) -> None:
        institution.update_institution(store, contact_name=text)

    def stored(self, store: Store) -> tuple[Any, Any, int]:
        profile = institution.get_institution(store)
        assert profile is not None and profile.version is not None
        return profile.address, profile.contact_name, profile.version

    def shown(self, page: InstitutionPage) -> tuple[Any, Any]:
        return page.form.address.text(), page.form.contact_name.text()

    def loaded_version(self, page: InstitutionPage) -> int:
        assert page.profile is not None and page.profile.version is not None
        return page.profile.version


SITE_DETAILS: dict[str, Any] = {
    "level": "市",
    "accepting_department": "衢州市技能人才评价管理服务中心",
    "contact_name": "周老师",
    "contact_phone": "0570-1234567",
    "address": "浙江省衢州市柯城区示范路1号",
}


class SiteCase(FormCase):
    label = "考点「龙游实训基地考点」"

    def __init__(self, workspace: Workspace) -> None:
        self.site_id = sites.add_site(
            workspace.store, sites.SiteFields(name="龙游实训基地考点", **SITE_DETAILS)
        ).id

    def open(self, qtbot: Any, ctx: AppContext) -> SitesPage:
        page = SitesPage(ctx)
        qtbot.addWidget(page)
        with qtbot.waitSignal(page.loaded):
            page.show()
        qtbot.waitUntil(lambda: page.form.site is not None)
        return page

    def edit_and_save(self, qtbot: Any, page: SitesPage, text: str) -> None:
        type_into(page.form.address, text)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    def write_behind(self, store: Store, text: str) -> None:
        site = sites.get_site(store, self.site_id)
        changed = dataclasses.replace(site.fields, contact_name=text)
        sites.update_site(store, self.site_id, changed)

    def stored(self, store: Store) -> tuple[Any, Any, int]:
        site = sites.get_site(store, self.site_id)
        return site.fields.address, site.fields.contact_name, site.version

    def shown(self, page: SitesPage) -> tuple[Any, Any]:
        return page.form.address.text(), page.form.contact_name.text()

    def loaded_version(self, page: SitesPage) -> int:
        assert page.form.site is not None
        return page.form.site.version


class ExaminerCase(FormCase):
    label = "考评员「方建平」"

    def __init__(self, workspace: Workspace) -> None:
        fields = examiners.ExaminerFields(
            name="方建平", unit="衢州市示范技师学院", title="高级技师", occupations=("电工",)
        )
        self.examiner_id = examiners.add_examiner(workspace.store, fields).id

    def open(self, qtbot: Any, ctx: AppContext) -> ExaminersPage:
        page = ExaminersPage(ctx)
        qtbot.addWidget(page)
        with qtbot.waitSignal(page.loaded):
            page.show()
        assert page.current is not None
        return page

    def edit_and_save(self, qtbot: Any, page: ExaminersPage, text: str) -> None:
        type_into(page.form.unit, text)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    def _info(self, store: Store) -> examiners.ExaminerInfo:
        return next(e for e in examiners.list_examiners(store) if e.id == self.examiner_id)

    def write_behind(self, store: Store, text: str) -> None:
        changed = dataclasses.replace(self._info(store).fields, title=text)
        examiners.update_examiner(store, self.examiner_id, changed)

    def stored(self, store: Store) -> tuple[Any, Any, int]:
        info = self._info(store)
        return info.fields.unit, info.fields.title, info.version

    def shown(self, page: ExaminersPage) -> tuple[Any, Any]:
        return page.form.unit.text(), page.form.title.text()

    def loaded_version(self, page: ExaminersPage) -> int:
        assert page.current is not None
        return page.current.version


class SchemeCase(FormCase):
    label = f"{YEAR} 年度实施方案"

    def __init__(self, workspace: Workspace) -> None:
        self.scheme_id = schemes.create_scheme(workspace.store, YEAR).id

    def open(self, qtbot: Any, ctx: AppContext) -> SchemePage:
        page = SchemePage(ctx)
        qtbot.addWidget(page)
        with qtbot.waitSignal(page.loaded):
            page.show()
        assert page.scheme is not None and page.scheme.id == self.scheme_id
        return page

    def edit_and_save(self, qtbot: Any, page: SchemePage, text: str) -> None:
        type_into(page.form.title, text)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    def write_behind(self, store: Store, text: str) -> None:
        scheme = schemes.get_scheme(store, self.scheme_id)
        changed = dataclasses.replace(scheme.fields, conditions=text)
        schemes.update_scheme(store, self.scheme_id, changed)

    def stored(self, store: Store) -> tuple[Any, Any, int]:
        scheme = schemes.get_scheme(store, self.scheme_id)
        return scheme.fields.title, scheme.fields.conditions, scheme.version

    def shown(self, page: SchemePage) -> tuple[Any, Any]:
        return page.form.title.text(), page.form.conditions.toPlainText()

    def loaded_version(self, page: SchemePage) -> int:
        assert page.scheme is not None
        return page.scheme.version


class PlanCase(FormCase):
    label = "评价计划「电工（四级/中级工）」"

    def __init__(self, workspace: Workspace) -> None:
        self.plan_id = plans.create_plan(workspace.store, "电工", 4).id

    def open(self, qtbot: Any, ctx: AppContext) -> PlanPage:
        page = PlanPage(ctx)
        qtbot.addWidget(page)
        page.show()
        page.show_plan(self.plan_id)
        qtbot.waitUntil(lambda: page.state is not None and page.state.details.id == self.plan_id)
        return page

    def edit_and_save(self, qtbot: Any, page: PlanPage, text: str) -> None:
        type_into(page.editor.form.work_type, text)
        assert page.dirty
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    def write_behind(self, store: Store, text: str) -> None:
        details = plans.get_plan(store, self.plan_id)
        changed = dataclasses.replace(details.fields, application_condition=text)
        plans.update_plan(store, self.plan_id, changed)

    def stored(self, store: Store) -> tuple[Any, Any, int]:
        details = plans.get_plan(store, self.plan_id)
        return details.fields.work_type, details.fields.application_condition, details.version

    def shown(self, page: PlanPage) -> tuple[Any, Any]:
        form = page.editor.form
        return form.work_type.text(), form.condition.toPlainText()

    def loaded_version(self, page: PlanPage) -> int:
        assert page.state is not None
        return page.state.details.version


CASES = {
    "institution": InstitutionCase,
    "site": SiteCase,
    "examiner": ExaminerCase,
    "scheme": SchemeCase,
    "plan": PlanCase,
}


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest, workspace: Workspace) -> FormCase:
    made: FormCase = CASES[request.param](workspace)
    return made


def test_a_stale_copy_is_refused_and_reloading_shows_the_newer_record(
    qtbot: Any, ctx: AppContext, workspace: Workspace, case: FormCase, boxes: StaleBoxes
) -> None:
    store = workspace.store
    page = case.open(qtbot, ctx)
    mine_before, _theirs, seen = case.stored(store)
    assert case.loaded_version(page) == seen

    case.write_behind(store, "另一处的修改")  # the command line, or another page
    case.edit_and_save(qtbot, page, "本页的修改")

    qtbot.waitUntil(lambda: len(boxes.shown) == 1)
    assert boxes.texts() == [stale(case.label, seen)]
    assert boxes.shown[0][1] == [RELOAD, KEEP]
    ctx.tasks.wait_for_done()
    assert case.stored(store) == (mine_before, "另一处的修改", seen + 1)  # nothing overwritten

    qtbot.waitUntil(lambda: case.shown(page) == (mine_before or "", "另一处的修改"))
    assert case.loaded_version(page) == seen + 1
    case.edit_and_save(qtbot, page, "重新载入后的修改")  # the reloaded copy saves
    qtbot.waitUntil(lambda: case.stored(store)[0] == "重新载入后的修改")
    assert case.stored(store) == ("重新载入后的修改", "另一处的修改", seen + 2)
    assert len(boxes.shown) == 1


def test_keeping_the_edits_leaves_them_in_the_form_and_the_store_as_it_was(
    qtbot: Any, ctx: AppContext, workspace: Workspace, case: FormCase, boxes: StaleBoxes
) -> None:
    store = workspace.store
    page = case.open(qtbot, ctx)
    mine_before, _theirs, seen = case.stored(store)
    boxes.choice = KEEP

    case.write_behind(store, "另一处的修改")
    case.edit_and_save(qtbot, page, "本页的修改")

    qtbot.waitUntil(lambda: len(boxes.shown) == 1)
    ctx.tasks.wait_for_done()
    qtbot.wait(50)  # anything the page might still do with the answer
    assert case.shown(page)[0] == "本页的修改"
    assert case.loaded_version(page) == seen
    assert case.stored(store) == (mine_before, "另一处的修改", seen + 1)
    assert page.unsaved_edits() is not None  # closing the window still warns


def test_a_page_saves_again_with_the_version_its_own_save_returned(
    qtbot: Any, ctx: AppContext, workspace: Workspace, case: FormCase, boxes: StaleBoxes
) -> None:
    store = workspace.store
    page = case.open(qtbot, ctx)
    _mine, theirs, seen = case.stored(store)

    case.edit_and_save(qtbot, page, "第一次保存")
    qtbot.waitUntil(lambda: case.stored(store)[0] == "第一次保存")
    qtbot.waitUntil(lambda: case.loaded_version(page) == seen + 1)
    case.edit_and_save(qtbot, page, "第二次保存")
    qtbot.waitUntil(lambda: case.stored(store)[0] == "第二次保存")

    assert case.stored(store) == ("第二次保存", theirs, seen + 2)
    qtbot.waitUntil(lambda: case.loaded_version(page) == seen + 2)
    assert boxes.shown == []


# -- rooms: edited in a dialog --------------------------------------------------------------------


@pytest.fixture
def approved_site(workspace: Workspace) -> Iterator[tuple[int, int]]:
    """An approved site with one room: (site id, room id)."""
    store = workspace.store
    site = sites.add_site(store, sites.SiteFields(name="示范考点", **SITE_DETAILS))
    sites.submit_site(store, site.id)
    sites.mark_site_received(store, site.id)
    sites.review_site(store, site.id, approve=True, reason=None)
    room = rooms.add_room(store, site.id, "实训楼3幢2层201", seats=30)
    yield site.id, room.id


def open_rooms(qtbot: Any, ctx: AppContext) -> SitesPage:
    page = SitesPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded):
        page.show()
    qtbot.waitUntil(lambda: page.rooms.table.rowCount() == 1)
    page.rooms.table.selectRow(0)
    return page


def room_now(store: Store, room_id: int) -> tuple[str, int, int]:
    room = next(r for r in rooms.list_rooms(store) if r.id == room_id)
    return room.name, room.seats, room.version


def edit_room(qtbot: Any, monkeypatch: pytest.MonkeyPatch, page: SitesPage, name: str) -> list[str]:
    """Open the room dialog, type `name` and save; a dialog opened again is cancelled. Returns
    the room name each dialog opened with."""
    opened: list[str] = []

    def fill(dialog: RoomDialog) -> int:
        opened.append(dialog.name.text())
        if len(opened) > 1:
            return QDialog.DialogCode.Rejected
        type_into(dialog.name, name)
        dialog.try_accept()
        return dialog.result()

    monkeypatch.setattr(RoomDialog, "exec", fill)
    qtbot.mouseClick(page.rooms.edit_button, Qt.MouseButton.LeftButton)
    return opened


def test_a_stale_room_is_refused_and_reloading_shows_the_newer_room(
    qtbot: Any,
    ctx: AppContext,
    workspace: Workspace,
    approved_site: tuple[int, int],
    boxes: StaleBoxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = workspace.store
    _site_id, room_id = approved_site
    page = open_rooms(qtbot, ctx)
    name, _seats, seen = room_now(store, room_id)

    rooms.update_room(store, room_id, seats=48)  # another writer
    edit_room(qtbot, monkeypatch, page, "实训楼3幢2层202")
    qtbot.waitUntil(lambda: len(boxes.shown) == 1)
    assert boxes.texts() == [stale("考场「实训楼3幢2层201」", seen)]
    ctx.tasks.wait_for_done()
    assert room_now(store, room_id) == (name, 48, seen + 1)

    qtbot.waitUntil(lambda: [r.seats for r in page.rooms.rooms] == [48])
    assert page.rooms.rooms[0].version == seen + 1
    page.rooms.table.selectRow(0)
    edit_room(qtbot, monkeypatch, page, "实训楼3幢2层203")
    qtbot.waitUntil(lambda: room_now(store, room_id)[0] == "实训楼3幢2层203")
    assert room_now(store, room_id) == ("实训楼3幢2层203", 48, seen + 2)


def test_keeping_room_edits_opens_the_dialog_again_with_them(
    qtbot: Any,
    ctx: AppContext,
    workspace: Workspace,
    approved_site: tuple[int, int],
    boxes: StaleBoxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = workspace.store
    _site_id, room_id = approved_site
    page = open_rooms(qtbot, ctx)
    name, _seats, seen = room_now(store, room_id)
    boxes.choice = KEEP

    rooms.update_room(store, room_id, seats=48)
    opened = edit_room(qtbot, monkeypatch, page, "实训楼3幢2层202")
    qtbot.waitUntil(lambda: len(opened) == 2)
    assert opened == [name, "实训楼3幢2层202"]
    ctx.tasks.wait_for_done()
    assert room_now(store, room_id) == (name, 48, seen + 1)


def test_a_room_saves_twice_in_a_row(
    qtbot: Any,
    ctx: AppContext,
    workspace: Workspace,
    approved_site: tuple[int, int],
    boxes: StaleBoxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = workspace.store
    _site_id, room_id = approved_site
    page = open_rooms(qtbot, ctx)
    _name, seats, seen = room_now(store, room_id)

    edit_room(qtbot, monkeypatch, page, "实训楼3幢2层202")
    qtbot.waitUntil(lambda: [r.version for r in page.rooms.rooms] == [seen + 1])
    page.rooms.table.selectRow(0)
    edit_room(qtbot, monkeypatch, page, "实训楼3幢2层203")
    qtbot.waitUntil(lambda: room_now(store, room_id)[0] == "实训楼3幢2层203")
    assert room_now(store, room_id) == ("实训楼3幢2层203", seats, seen + 2)
    assert boxes.shown == []


# -- the plan number, asked for in a small dialog -------------------------------------------------


def test_a_plan_number_for_a_stale_plan_is_refused_and_reloading_shows_the_newer_plan(
    qtbot: Any,
    ctx: AppContext,
    workspace: Workspace,
    boxes: StaleBoxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = workspace.store
    case = PlanCase(workspace)
    page = case.open(qtbot, ctx)
    seen = case.loaded_version(page)
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("ZJ2026000123", True))
    )

    case.write_behind(store, "另一处的修改")
    qtbot.mouseClick(page.number_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(boxes.shown) == 1)
    assert boxes.texts() == [stale(case.label, seen)]
    ctx.tasks.wait_for_done()
    stored = plans.get_plan(store, case.plan_id)
    assert (stored.plan_number, stored.version) == (None, seen + 1)

    qtbot.waitUntil(lambda: case.shown(page)[1] == "另一处的修改")
    assert case.loaded_version(page) == seen + 1


def test_plan_numbers_are_recorded_twice_in_a_row(
    qtbot: Any,
    ctx: AppContext,
    workspace: Workspace,
    boxes: StaleBoxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = workspace.store
    case = PlanCase(workspace)
    page = case.open(qtbot, ctx)
    seen = case.loaded_version(page)
    for number, version in (("ZJ2026000123", seen + 1), ("ZJ2026000124", seen + 2)):
        monkeypatch.setattr(
            QInputDialog, "getText", staticmethod(lambda *_a, n=number, **_k: (n, True))
        )
        qtbot.mouseClick(page.number_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda n=number: page.state is not None and page.state.details.plan_number == n
        )
        stored = plans.get_plan(store, case.plan_id)
        assert (stored.plan_number, stored.version, case.loaded_version(page)) == (
            number,
            version,
            version,
        )
    assert boxes.shown == []


# -- the roster: edited cell by cell --------------------------------------------------------------


def open_roster(qtbot: Any, ctx: AppContext, rows: int) -> RosterPage:
    page = RosterPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.candidate_count == rows)
    return page


def candidate(store: Store, plan_id: int, row: int) -> tuple[int, dict[str, Any], int]:
    table = roster.load_roster_table(store, plan_id)
    values = dict(zip(table.columns, table.rows[row], strict=True))
    return table.candidate_ids[row], values, table.versions[row]


def test_a_cell_edit_of_a_changed_candidate_is_refused_and_reloading_shows_the_change(
    qtbot: Any,
    ctx: AppContext,
    workspace: Workspace,
    add_plan: PlanFactory,
    boxes: StaleBoxes,
) -> None:
    store = workspace.store
    people = make_candidates(2, seed=11)
    plan_id = add_plan(people=people)
    page = open_roster(qtbot, ctx, 2)
    candidate_id, before, seen = candidate(store, plan_id, 1)
    name_cell = page.model.index(1, page.model.columns.index("name"))
    phone_cell = page.model.index(1, page.model.columns.index("phone"))

    roster.edit_candidate(store, candidate_id, "phone", "13900001111")  # another writer
    page.model.setData(name_cell, "改过的名字")
    qtbot.waitUntil(lambda: len(boxes.shown) == 1)
    assert boxes.texts() == [stale(f"考生「{before['name']}」", seen)]
    ctx.tasks.wait_for_done()
    _id, now, version = candidate(store, plan_id, 1)
    assert (now["name"], now["phone"], version) == (before["name"], "13900001111", seen + 1)

    qtbot.waitUntil(lambda: page.model.data(phone_cell) == "13900001111")
    assert page.model.data(name_cell) == before["name"]
    page.model.setData(name_cell, "改过的名字")  # the reloaded row saves
    qtbot.waitUntil(lambda: candidate(store, plan_id, 1)[1]["name"] == "改过的名字")
    assert candidate(store, plan_id, 1)[2] == seen + 2


def test_cells_of_one_candidate_save_one_after_another(
    qtbot: Any,
    ctx: AppContext,
    workspace: Workspace,
    add_plan: PlanFactory,
    boxes: StaleBoxes,
    dialogs: Dialogs,
) -> None:
    """The second edit waits for the version the first one returns, even when both are made
    before the first is saved (the write queue busy, the CLI holding the write lock)."""
    store = workspace.store
    plan_id = add_plan(people=make_candidates(1, seed=12))
    page = open_roster(qtbot, ctx, 1)
    _id, _before, seen = candidate(store, plan_id, 0)
    columns = page.model.columns

    page.model.setData(page.model.index(0, columns.index("name")), "第一次")
    page.model.setData(page.model.index(0, columns.index("phone")), "13900002222")
    page.model.setData(page.model.index(0, columns.index("name")), "第二次")
    qtbot.waitUntil(lambda: candidate(store, plan_id, 0)[1]["name"] == "第二次")
    ctx.tasks.wait_for_done()

    _id, now, version = candidate(store, plan_id, 0)
    assert (now["name"], now["phone"], version) == ("第二次", "13900002222", seen + 3)
    assert boxes.shown == [] and dialogs.shown == []
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, 0)) == "第二次")
