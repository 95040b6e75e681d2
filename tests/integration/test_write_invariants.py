"""Every write a resource or plan service makes goes through one unit of work.

For each write path: every record it changed has its version raised by exactly one and a newer
`updated_at`; every record it did not touch keeps both; new records start at version 1; and the
ChangeSet it committed names exactly those records — the one the case declares, the one the unit
of work announced and the one read off the database all agree (==).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from skilldesk.core.changes import ChangeSet
from skilldesk.core.models import (
    Attachment,
    Candidate,
    CertifiedScope,
    Examiner,
    ExamRoom,
    ExamSession,
    ExamSite,
    Institution,
    Plan,
    PlanExaminer,
    Scheme,
    Tracked,
)
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import StaleRecord, collect_changes, unit_of_work
from skilldesk.core.write_lock import WorkspaceBusy
from skilldesk.services import (
    examiner_import,
    examiners,
    institution,
    plan_sessions,
    plans,
    rooms,
    schemes,
    scope,
    sites,
)
from skilldesk.services.demo import fill_demo_workspace
from skilldesk.services.workspace import Workspace
from tests.integration.store_setup import SITE, TODAY, Furnished, furnish

T = dt.datetime
TRACKED: tuple[type[Tracked], ...] = (
    Institution,
    CertifiedScope,
    ExamSite,
    ExamRoom,
    Examiner,
    Scheme,
    Plan,
    ExamSession,
    PlanExaminer,
    Candidate,
    Attachment,
)
PARENTS: dict[type[Tracked], type[Tracked]] = {
    ExamSession: Plan,
    PlanExaminer: Plan,
    Attachment: Candidate,
}


@dataclass(frozen=True)
class Stamp:
    version: int
    updated_at: dt.datetime
    plan_id: int | None  # the plan a session, examiner link, candidate or photo belongs to
    candidate_id: int | None  # the candidate a photo belongs to


Snapshot = dict[tuple[type[Tracked], int], Stamp]


def snapshot(store: Store) -> Snapshot:
    """Every tracked record's version and stamp, keyed by (kind, id)."""
    found: Snapshot = {}
    with store.session() as session:
        for model in TRACKED:
            for record in session.scalars(select(model)):
                found[(model, record.id)] = Stamp(
                    record.version,
                    record.updated_at,
                    _plan_of(session, record),
                    record.candidate_id if isinstance(record, Attachment) else None,
                )
    return found


def _plan_of(session: Any, record: Tracked) -> int | None:
    if isinstance(record, ExamSession | PlanExaminer | Candidate):
        return record.plan_id
    if isinstance(record, Attachment):
        return int(session.get(Candidate, record.candidate_id).plan_id)
    return None


def changes_between(before: Snapshot, after: Snapshot) -> ChangeSet:
    """What changed, read off the database: the ChangeSet a correct unit of work announces."""
    plans_: set[int] = set()
    removed: set[int] = set()
    candidates: dict[int, set[int]] = {}
    photos: dict[int, set[int]] = {}
    kinds: dict[type[Tracked], set[int]] = {}
    for key in before.keys() | after.keys():
        if before.get(key) == after.get(key):
            continue
        kind, record_id = key
        stamp = after.get(key) or before[key]
        if kind is Plan:
            (plans_ if key in after else removed).add(record_id)
        elif kind in (ExamSession, PlanExaminer):
            assert stamp.plan_id is not None
            plans_.add(stamp.plan_id)
        elif kind is Candidate:
            assert stamp.plan_id is not None
            candidates.setdefault(stamp.plan_id, set()).add(record_id)
        elif kind is Attachment:
            assert stamp.plan_id is not None and stamp.candidate_id is not None
            photos.setdefault(stamp.plan_id, set()).add(stamp.candidate_id)
        else:
            kinds.setdefault(kind, set()).add(record_id)
    return ChangeSet(
        plans=frozenset(plans_ - removed),
        plans_removed=frozenset(removed),
        candidates={k: frozenset(v) for k, v in candidates.items()},
        photos={k: frozenset(v) for k, v in photos.items()},
        sites=frozenset(kinds.get(ExamSite, ())),
        rooms=frozenset(kinds.get(ExamRoom, ())),
        examiners=frozenset(kinds.get(Examiner, ())),
        schemes=frozenset(kinds.get(Scheme, ())),
        institution=bool(kinds.get(Institution)),
        scope=bool(kinds.get(CertifiedScope)),
    )


def assert_versions_moved_once(before: Snapshot, after: Snapshot) -> None:
    for key, now in after.items():
        was = before.get(key)
        if was is None:
            assert now.version == 1, f"{key} was created at version {now.version}"
        elif was != now:
            assert now.version == was.version + 1, f"{key}: {was.version} → {now.version}"
            assert now.updated_at > was.updated_at, f"{key}: updated_at did not move"
    # A plan travels with its sessions and examiner links, a candidate with its photos: a part
    # added, changed or removed is a new version of the whole.
    for key in before.keys() | after.keys():
        if before.get(key) == after.get(key) or key[0] not in PARENTS:
            continue
        stamp = after.get(key) or before[key]
        parent = (PARENTS[key[0]], stamp.candidate_id or stamp.plan_id)
        if parent in after:
            assert before.get(parent) != after[parent], f"{key} changed, {parent} did not"


# -- the workspace the writes act on -------------------------------------------------------------


@dataclass
class World:
    store: Store
    furnished: Furnished
    draft_site: int
    scheme: int
    spare_examiner: int
    tmp: Path
    spare_room: int = 0  # a room no session uses, made by a case that needs one

    @property
    def plan(self) -> int:
        return self.furnished.plan_id

    @property
    def site(self) -> int:
        return self.furnished.site_id


SCHEME_ITEM = schemes.SchemeItem("电工", (4,), planned_start=dt.date(2026, 10, 17))


@pytest.fixture
def world(workspace: Workspace, tmp_path: Path) -> World:
    store = workspace.store
    furnished = furnish(store)
    draft = sites.add_site(store, dataclasses.replace(SITE, name="东校区考点"))
    scheme = schemes.create_scheme(store, 2026)
    schemes.update_scheme(
        store,
        scheme.id,
        dataclasses.replace(scheme.fields, items=(SCHEME_ITEM,), self_made_share=10),
    )
    spare = examiners.add_examiner(store, examiners.ExaminerFields(name="吴志刚"))
    return World(store, furnished, draft.id, scheme.id, spare.id, tmp_path)


# -- the write paths -----------------------------------------------------------------------------


Act = Callable[[World], Any]


@dataclass(frozen=True)
class WritePath:
    name: str
    act: Act  # the write; returns what `expect` needs (a new record's id)
    expect: Callable[[World, Any], ChangeSet]
    prepare: Callable[[World], None] = lambda world: None  # runs before the snapshot


def _site_fields(world: World) -> sites.SiteFields:
    return sites.get_site(world.store, world.draft_site).fields


def _submitted(world: World) -> None:
    sites.submit_site(world.store, world.draft_site)


def _received(world: World) -> None:
    _submitted(world)
    sites.mark_site_received(world.store, world.draft_site)


def _scheme_fields(world: World) -> schemes.SchemeFields:
    return schemes.get_scheme(world.store, world.scheme).fields


def _scheme_submitted(world: World) -> None:
    schemes.submit_scheme(world.store, world.scheme)


def _scheme_received(world: World) -> None:
    _scheme_submitted(world)
    schemes.mark_scheme_received(world.store, world.scheme)


def _profile(world: World) -> institution.InstitutionProfile:
    profile = institution.get_institution(world.store)
    assert profile is not None
    return profile


def _plan_fields(world: World) -> plans.PlanFields:
    return plans.get_plan(world.store, world.plan).fields


def _examiner_list(world: World) -> Path:
    path = world.tmp / "考评员名单.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "性别", "工作单位", "考评员证号", "等级", "考评职业"])
    sheet.append(["吴志刚", "男", "示范学院", "ZJ-KP-0105", "考评员", "焊工"])  # the spare one
    sheet.append(["徐晓燕", "女", "示范学院", "ZJ-KP-0104", "高级考评员", "电工、车工"])  # new
    book.save(path)
    return path


def _scope_workbook(world: World) -> Path:
    path = world.tmp / "附件13.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["职业名称", "职业编号", "工种名称", "级别"])
    sheet.append(["电工", "6-31-01-03", None, "5、4、3、2"])  # changed; 焊工 is left out
    sheet.append(["车工", "6-18-01-01", None, "5、4、3"])  # new
    book.save(path)
    return path


def _scope_id(world: World, occupation: str) -> int:
    return next(r.id for r in scope.list_scope(world.store) if r.occupation == occupation)


def _session_id(world: World) -> int:
    return plan_sessions.list_sessions(world.store, world.plan)[0].id


def _new_room(world: World) -> int:
    return rooms.add_room(world.store, world.site, "实训楼1幢101", seats=20).id


def _site_turned_down(world: World) -> None:
    """The center withdraws the approval of the site that has rooms: it is editable again."""
    with unit_of_work(world.store) as uow:
        uow.get(ExamSite, world.site).status = "不通过"


def _make_spare_room(world: World) -> None:
    world.spare_room = _new_room(world)


def _assign_spare_examiner(world: World) -> None:
    plans.set_plan_examiners(world.store, world.plan, [world.spare_examiner])


def _only_new_examiner(world: World, _made: Any) -> ChangeSet:
    with world.store.session() as session:
        added = session.scalars(select(Examiner.id).where(Examiner.name == "徐晓燕")).one()
    return ChangeSet(examiners=frozenset({world.spare_examiner, added}))


def _new(kind: str) -> Callable[[World, Any], ChangeSet]:
    """The new record `act` returned the id of, and nothing else: `_new("sites")`."""
    return lambda world, made: ChangeSet.from_json({kind: [made]})


def _ids(kind: str, which: Callable[[World], int]) -> Callable[[World, Any], ChangeSet]:
    """One existing record of the kind, and nothing else: `_ids("sites", _draft)`."""
    return lambda world, _made: ChangeSet.from_json({kind: [which(world)]})


def _draft(world: World) -> int:
    return world.draft_site


def _scheme(world: World) -> int:
    return world.scheme


def _plan(world: World) -> int:
    return world.plan


def _room(world: World) -> int:
    return world.furnished.room_ids[0]


def _examiner(world: World) -> int:
    return world.spare_examiner


INSTITUTION = lambda world, made: ChangeSet(institution=True)  # noqa: E731
SCOPE = lambda world, made: ChangeSet(scope=True)  # noqa: E731
PLAN = _ids("plans", _plan)


WRITE_PATHS: tuple[WritePath, ...] = (
    # sites
    WritePath(
        "add_site",
        lambda w: sites.add_site(w.store, dataclasses.replace(SITE, name="北校区考点")).id,
        _new("sites"),
    ),
    WritePath(
        "update_site",
        lambda w: sites.update_site(
            w.store, w.draft_site, dataclasses.replace(_site_fields(w), address="衢州市新路2号")
        ),
        _ids("sites", _draft),
    ),
    WritePath(
        "update_site_with_rooms",
        lambda w: sites.update_site(
            w.store,
            w.site,
            dataclasses.replace(sites.get_site(w.store, w.site).fields, address="衢州市新路2号"),
        ),
        lambda w, _made: ChangeSet(
            sites=frozenset({w.site}), rooms=frozenset(w.furnished.room_ids)
        ),
        _site_turned_down,
    ),
    WritePath(
        "delete_site", lambda w: sites.delete_site(w.store, w.draft_site), _ids("sites", _draft)
    ),
    WritePath(
        "submit_site", lambda w: sites.submit_site(w.store, w.draft_site), _ids("sites", _draft)
    ),
    WritePath(
        "withdraw_site",
        lambda w: sites.withdraw_site(w.store, w.draft_site),
        _ids("sites", _draft),
        _submitted,
    ),
    WritePath(
        "mark_site_received",
        lambda w: sites.mark_site_received(w.store, w.draft_site),
        _ids("sites", _draft),
        _submitted,
    ),
    WritePath(
        "review_site",
        lambda w: sites.review_site(w.store, w.draft_site, approve=False, reason="地址不详"),
        _ids("sites", _draft),
        _received,
    ),
    # rooms
    WritePath("add_room", _new_room, _new("rooms")),
    WritePath(
        "update_room",
        lambda w: rooms.update_room(w.store, _room(w), seats=50, name="实训楼3幢2层202"),
        _ids("rooms", _room),
    ),
    WritePath(
        "delete_room",
        lambda w: rooms.delete_room(w.store, w.spare_room),
        lambda w, _made: ChangeSet(rooms=frozenset({w.spare_room})),
        _make_spare_room,
    ),
    # examiners
    WritePath(
        "add_examiner",
        lambda w: examiners.add_examiner(w.store, examiners.ExaminerFields(name="徐晓燕")).id,
        _new("examiners"),
    ),
    WritePath(
        "update_examiner",
        lambda w: examiners.update_examiner(
            w.store, w.spare_examiner, examiners.ExaminerFields(name="吴志刚", title="技师")
        ),
        _ids("examiners", _examiner),
    ),
    WritePath(
        "delete_examiner",
        lambda w: examiners.delete_examiner(w.store, w.spare_examiner),
        _ids("examiners", _examiner),
    ),
    WritePath(
        "delete_examiner_assigned_to_a_plan",
        lambda w: examiners.delete_examiner(w.store, w.spare_examiner),
        lambda w, _made: ChangeSet(
            plans=frozenset({w.plan}), examiners=frozenset({w.spare_examiner})
        ),
        _assign_spare_examiner,
    ),
    WritePath(
        "import_examiners",
        lambda w: examiner_import.import_examiners(w.store, _examiner_list(w), today=TODAY),
        _only_new_examiner,
    ),
    # schemes
    WritePath("create_scheme", lambda w: schemes.create_scheme(w.store, 2027).id, _new("schemes")),
    WritePath(
        "create_scheme_from_fields",
        lambda w: (
            schemes.create_scheme_from_fields(
                w.store, dataclasses.replace(_scheme_fields(w), year=2027)
            ).id
        ),
        _new("schemes"),
    ),
    WritePath(
        "update_scheme",
        lambda w: schemes.update_scheme(
            w.store, w.scheme, dataclasses.replace(_scheme_fields(w), notes="无")
        ),
        _ids("schemes", _scheme),
    ),
    WritePath(
        "delete_scheme",
        lambda w: schemes.delete_scheme(w.store, w.scheme),
        _ids("schemes", _scheme),
    ),
    WritePath(
        "submit_scheme",
        lambda w: schemes.submit_scheme(w.store, w.scheme),
        _ids("schemes", _scheme),
    ),
    WritePath(
        "withdraw_scheme",
        lambda w: schemes.withdraw_scheme(w.store, w.scheme),
        _ids("schemes", _scheme),
        _scheme_submitted,
    ),
    WritePath(
        "mark_scheme_received",
        lambda w: schemes.mark_scheme_received(w.store, w.scheme),
        _ids("schemes", _scheme),
        _scheme_submitted,
    ),
    WritePath(
        "review_scheme",
        lambda w: schemes.review_scheme(w.store, w.scheme, approve=True),
        _ids("schemes", _scheme),
        _scheme_received,
    ),
    # institution and scope
    WritePath(
        "save_institution",
        lambda w: institution.save_institution(
            w.store, dataclasses.replace(_profile(w), contact_phone="0570-7654321")
        ),
        INSTITUTION,
    ),
    WritePath(
        "update_institution",
        lambda w: institution.update_institution(w.store, contact_name="钱工"),
        INSTITUTION,
    ),
    WritePath(
        "add_scope_row",
        lambda w: scope.add_scope_row(w.store, "车工", "6-18-01-01", None, "5、4"),
        SCOPE,
    ),
    WritePath(
        "update_scope_row",
        lambda w: scope.update_scope_row(
            w.store, _scope_id(w, "电工"), "电工", "6-31-01-03", None, "5、4"
        ),
        SCOPE,
    ),
    WritePath(
        "delete_scope_row", lambda w: scope.delete_scope_row(w.store, _scope_id(w, "焊工")), SCOPE
    ),
    WritePath(
        "import_scope_file", lambda w: scope.import_scope_file(w.store, _scope_workbook(w)), SCOPE
    ),
    # plans
    WritePath("create_plan", lambda w: plans.create_plan(w.store, "焊工", 3).id, _new("plans")),
    WritePath(
        "update_plan",
        lambda w: plans.update_plan(
            w.store, w.plan, dataclasses.replace(_plan_fields(w), work_type="维修电工")
        ),
        PLAN,
    ),
    WritePath(
        "set_plan_timeline",
        lambda w: plans.set_plan_timeline(w.store, w.plan, {"registration_start": T(2026, 9, 16)}),
        PLAN,
    ),
    WritePath(
        "record_plan_submitted",
        lambda w: plans.record_plan_submitted(w.store, w.plan, dt.date(2026, 9, 1)),
        PLAN,
    ),
    WritePath(
        "record_plan_number",
        lambda w: plans.record_plan_number(w.store, w.plan, "JH3308002026001"),
        PLAN,
    ),
    WritePath("set_plan_examiners", _assign_spare_examiner, PLAN),
    WritePath(
        "add_session",
        lambda w: plan_sessions.add_session(w.store, w.plan, "comprehensive"),
        PLAN,
    ),
    WritePath(
        "update_session",
        lambda w: plan_sessions.update_session(
            w.store,
            _session_id(w),
            subject="theory",
            start=T(2026, 10, 17, 8, 30),
            end=T(2026, 10, 17, 10),
            room_id=_room(w),
        ),
        PLAN,
    ),
    WritePath(
        "delete_session", lambda w: plan_sessions.delete_session(w.store, _session_id(w)), PLAN
    ),
)


@pytest.mark.parametrize("path", WRITE_PATHS, ids=[p.name for p in WRITE_PATHS])
def test_each_write_versions_exactly_what_it_changed_and_announces_it(
    world: World, path: WritePath
) -> None:
    path.prepare(world)
    before = snapshot(world.store)
    with collect_changes() as collected:
        made = path.act(world)
    after = snapshot(world.store)
    expected = path.expect(world, made)
    assert expected, "every case changes something"
    assert_versions_moved_once(before, after)
    assert changes_between(before, after) == expected
    assert collected.changes == expected


def test_the_demo_is_one_unit_of_work_that_announces_everything_it_made(
    workspace: Workspace,
) -> None:
    with collect_changes() as collected:
        fill_demo_workspace(workspace, today=TODAY)
    after = snapshot(workspace.store)
    assert {stamp.version for stamp in after.values()} == {1}
    made = changes_between({}, after)
    assert made.candidates and made.photos and made.rooms and made.scope
    assert collected.changes == made


# -- two writers on one record: the second is refused, nothing is lost ---------------------------


@dataclass(frozen=True)
class FormSave:
    name: str
    load: Callable[[World], Any]  # the info a page loads; has `version`
    save: Callable[[World, Any, int | None], Any]  # saves the loaded copy with one change
    first: Callable[[World], Any]  # another writer's change, saved meanwhile
    kept: Callable[[World], bool]  # the other writer's change is still there


def _site_save(w: World, info: Any, version: int | None) -> Any:
    fields = dataclasses.replace(info.fields, contact_name="钱老师")
    return sites.update_site(w.store, w.draft_site, fields, expected_version=version)


def _scheme_save(w: World, info: Any, version: int | None) -> Any:
    fields = dataclasses.replace(info.fields, notes="本人的修改")
    return schemes.update_scheme(w.store, w.scheme, fields, expected_version=version)


def _examiner_save(w: World, info: Any, version: int | None) -> Any:
    fields = dataclasses.replace(info.fields, unit="本人的修改")
    return examiners.update_examiner(w.store, w.spare_examiner, fields, expected_version=version)


def _plan_save(w: World, info: Any, version: int | None) -> Any:
    fields = dataclasses.replace(info.fields, application_condition="本人的修改")
    return plans.update_plan(w.store, w.plan, fields, expected_version=version)


FORM_SAVES: tuple[FormSave, ...] = (
    FormSave(
        "institution",
        _profile,
        lambda w, info, v: institution.save_institution(
            w.store, dataclasses.replace(info, contact_name="本人的修改"), expected_version=v
        ),
        lambda w: institution.update_institution(w.store, contact_phone="0570-7654321"),
        lambda w: _profile(w).contact_phone == "0570-7654321",
    ),
    FormSave(
        "institution_set",
        _profile,
        lambda w, info, v: institution.update_institution(
            w.store, contact_name="本人的修改", expected_version=v
        ),
        lambda w: institution.update_institution(w.store, contact_phone="0570-7654321"),
        lambda w: _profile(w).contact_phone == "0570-7654321",
    ),
    FormSave(
        "site",
        lambda w: sites.get_site(w.store, w.draft_site),
        _site_save,
        lambda w: sites.update_site(
            w.store, w.draft_site, dataclasses.replace(_site_fields(w), address="衢州市新路2号")
        ),
        lambda w: _site_fields(w).address == "衢州市新路2号",
    ),
    FormSave(
        "room",
        lambda w: rooms.get_room(w.store, _room(w)),
        lambda w, info, v: rooms.update_room(w.store, info.id, expected_version=v, seats=45),
        lambda w: rooms.update_room(w.store, _room(w), name="实训楼3幢2层202"),
        lambda w: rooms.get_room(w.store, _room(w)).name == "实训楼3幢2层202",
    ),
    FormSave(
        "examiner",
        lambda w: examiners.list_examiners(w.store)[-1],
        _examiner_save,
        lambda w: examiners.update_examiner(
            w.store, w.spare_examiner, examiners.ExaminerFields(name="吴志刚", title="技师")
        ),
        lambda w: examiners.list_examiners(w.store)[-1].fields.title == "技师",
    ),
    FormSave(
        "scheme",
        lambda w: schemes.get_scheme(w.store, w.scheme),
        _scheme_save,
        lambda w: schemes.update_scheme(
            w.store, w.scheme, dataclasses.replace(_scheme_fields(w), methods="理论+实操")
        ),
        lambda w: _scheme_fields(w).methods == "理论+实操",
    ),
    FormSave(
        "plan_fields",
        lambda w: plans.get_plan(w.store, w.plan),
        _plan_save,
        lambda w: plans.record_plan_number(w.store, w.plan, "JH3308002026001"),
        lambda w: plans.get_plan(w.store, w.plan).plan_number == "JH3308002026001",
    ),
    FormSave(
        "plan_timeline",
        lambda w: plans.get_plan(w.store, w.plan),
        lambda w, info, v: plans.set_plan_timeline(
            w.store, w.plan, {"registration_start": T(2026, 9, 16)}, expected_version=v
        ),
        lambda w: plans.update_plan(
            w.store, w.plan, dataclasses.replace(_plan_fields(w), work_type="维修电工")
        ),
        lambda w: _plan_fields(w).work_type == "维修电工",
    ),
    FormSave(
        "plan_number",
        lambda w: plans.get_plan(w.store, w.plan),
        lambda w, info, v: plans.record_plan_number(
            w.store, w.plan, "JH3308002026002", expected_version=v
        ),
        lambda w: plans.set_plan_timeline(w.store, w.plan, {"registration_start": T(2026, 9, 16)}),
        lambda w: plans.get_plan(w.store, w.plan).timeline["registration_start"] == T(2026, 9, 16),
    ),
)


@pytest.mark.parametrize("form", FORM_SAVES, ids=[f.name for f in FORM_SAVES])
def test_a_stale_form_is_refused_and_the_other_writers_change_is_kept(
    world: World, form: FormSave
) -> None:
    loaded = form.load(world)
    form.first(world)  # someone else saves first: the record is now at loaded.version + 1
    before = snapshot(world.store)
    with collect_changes() as collected, pytest.raises(StaleRecord) as refused:
        form.save(world, loaded, loaded.version)
    assert f"第 {loaded.version} 版" in str(refused.value)
    assert f"第 {loaded.version + 1} 版" in str(refused.value)
    assert form.kept(world)
    assert snapshot(world.store) == before
    assert collected.changes == ChangeSet()
    # Reloaded, the same save goes through and keeps the other writer's change too.
    fresh = form.load(world)
    saved = form.save(world, fresh, fresh.version)
    assert saved.version == fresh.version + 1 == loaded.version + 2
    assert form.kept(world)


def test_institution_set_reads_and_writes_in_one_turn_so_no_change_is_lost(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer that comes between `institution set`'s read and its write either waits
    for its turn (and is refused when it will not wait) or keeps its change — never lost."""
    validate = institution.validate_profile
    outcome: list[str] = []

    def other_writer() -> None:
        try:
            institution.update_institution(world.store, contact_phone="0570-7654321")
            outcome.append("saved")
        except WorkspaceBusy as busy:
            outcome.append(str(busy))

    def validate_with_a_writer_between(
        profile: institution.InstitutionProfile,
    ) -> institution.InstitutionProfile:
        if not outcome and threading.current_thread() is threading.main_thread():
            writer = threading.Thread(target=other_writer)
            writer.start()
            writer.join()
        return validate(profile)

    monkeypatch.setenv("SKILLDESK_WRITE_WAIT", "0")
    monkeypatch.setattr(institution, "validate_profile", validate_with_a_writer_between)
    institution.update_institution(world.store, contact_name="钱工")
    profile = _profile(world)
    assert profile.contact_name == "钱工"
    if outcome == ["saved"]:
        assert profile.contact_phone == "0570-7654321"
    else:
        assert outcome == ["本窗口的另一项操作正在写入数据，请等它完成后再试。数据未改动。"]
        assert profile.contact_phone is None
