"""A write that lands while an import is under way (after its file is read, before it writes) is
neither lost nor turned into an IntegrityError: the import reads, decides and writes in one
transaction. The other writer is another Store on the same workspace: another connection, as the
window beside a CLI import would be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import delete, insert, select

from skilldesk.core.models import Attachment, Candidate, new_uuid, utc_now
from skilldesk.core.rules.identity import resident_id_check_digit
from skilldesk.core.store import Store, open_store
from skilldesk.services import photo_store, roster
from skilldesk.services.photo_store import import_photos
from skilldesk.services.photos import check_photos, roster_candidates_from_plan
from skilldesk.services.plans import create_plan
from skilldesk.services.roster import edit_candidate, import_roster_file
from skilldesk.services.sample_data import make_candidates, make_portrait_jpeg
from tests.helpers import writing

ZHANG = "33082219901215342" + resident_id_check_digit("33082219901215342")


@pytest.fixture
def other(workspace) -> Iterator[Store]:
    """A second connection to the same workspace."""
    store = open_store(workspace.data_dir)
    yield store
    store.close()


def once(action: Callable[[], None]) -> Callable[[], None]:
    done: list[bool] = []

    def run() -> None:
        if not done:
            done.append(True)
            action()

    return run


def before_calling(monkeypatch, module: Any, name: str, action: Callable[[], None]) -> None:
    """Run `action` (once) just before `module.name` is first called."""
    real = getattr(module, name)
    hook = once(action)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        hook()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)


def roster_file(path: Path, header: list[str], *rows: list[object]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def candidates(store: Store) -> list[Candidate]:
    with store.session() as session:
        return list(session.scalars(select(Candidate).order_by(Candidate.id)))


def test_a_candidate_added_meanwhile_is_updated_not_duplicated(
    workspace, other: Store, monkeypatch, tmp_path: Path
) -> None:
    plan_id = create_plan(workspace.store, "电工", 4).id

    def add_zhang_elsewhere() -> None:
        now = utc_now()
        with writing(other) as session:
            session.execute(
                insert(Candidate).values(
                    plan_id=plan_id,
                    uuid=new_uuid(),
                    version=1,
                    created_at=now,
                    updated_at=now,
                    name="张三",
                    id_type="居民身份证",
                    id_number=ZHANG,
                    phone="13812345678",
                    email="zhang@example.com",
                )
            )

    before_calling(monkeypatch, roster, "check_roster", add_zhang_elsewhere)
    path = roster_file(
        tmp_path / "r.xlsx", ["姓名", "证件号码", "手机号码"], ["张三", ZHANG, "13987654321"]
    )
    result = import_roster_file(workspace.store, path, plan_id)
    assert (result.added, result.changed, result.skipped) == (0, 1, [])
    [zhang] = candidates(workspace.store)
    assert (zhang.phone, zhang.email, zhang.version) == ("13987654321", "zhang@example.com", 2)


def test_an_edit_made_meanwhile_is_not_lost(
    workspace, other: Store, monkeypatch, tmp_path: Path
) -> None:
    plan_id = create_plan(workspace.store, "电工", 4).id
    header = ["姓名", "证件号码", "手机号码"]
    first = roster_file(tmp_path / "a.xlsx", header, ["张三", ZHANG, "13812345678"])
    import_roster_file(workspace.store, first, plan_id)
    [zhang] = candidates(workspace.store)

    def edit_elsewhere() -> None:
        assert edit_candidate(other, zhang.id, "email", "zhang@example.com").saved

    before_calling(monkeypatch, roster, "check_roster", edit_elsewhere)
    again = roster_file(tmp_path / "b.xlsx", header, ["张三", ZHANG, "13987654321"])
    import_roster_file(workspace.store, again, plan_id)
    [after] = candidates(workspace.store)
    assert (after.phone, after.email) == ("13987654321", "zhang@example.com")
    assert after.version == 3, "the edit's version is built on, not a stale one"


@pytest.fixture
def photo_plan(workspace, tmp_path: Path) -> tuple[int, list[dict[str, Any]], Path]:
    people = make_candidates(2, seed=7)
    plan_id = create_plan(workspace.store, "电工", 4).id
    with writing(workspace.store) as session:
        session.execute(insert(Candidate), [{"plan_id": plan_id, **p} for p in people])
    folder = tmp_path / "照片"
    folder.mkdir()
    for seed, person in enumerate(people):
        name = f"{person['id_number']}{person['name']}.jpg"
        (folder / name).write_bytes(make_portrait_jpeg(seed, quality=95))
    return plan_id, people, folder


def _check(workspace, plan_id: int, folder: Path) -> Any:
    return check_photos(folder, roster=roster_candidates_from_plan(workspace.store, plan_id))


def test_a_candidate_removed_meanwhile_gets_no_photo(
    workspace, other: Store, monkeypatch, photo_plan
) -> None:
    plan_id, people, folder = photo_plan
    check = _check(workspace, plan_id, folder)
    gone = people[0]["id_number"]

    def remove_elsewhere() -> None:
        with writing(other) as session:
            session.execute(delete(Candidate).where(Candidate.id_number == gone))

    before_calling(monkeypatch, photo_store, "store_photo", remove_elsewhere)
    result = import_photos(workspace.store, workspace.photos_dir, check, plan_id)
    assert len(result.imported) == 1
    assert [r.reason for r in result.refused] == [f"考生“{people[0]['name']}”已不在本计划名单中"]
    with workspace.store.session() as session:
        owners = session.scalars(select(Attachment.candidate_id)).all()
    assert [c.id_number for c in candidates(workspace.store) if c.id in owners] == [
        people[1]["id_number"]
    ]


def test_a_photo_linked_meanwhile_is_replaced_not_doubled(
    workspace, other: Store, monkeypatch, photo_plan
) -> None:
    plan_id, _people, folder = photo_plan
    check = _check(workspace, plan_id, folder)

    def import_elsewhere() -> None:
        import_photos(other, workspace.photos_dir, _check(workspace, plan_id, folder), plan_id)

    before_calling(monkeypatch, photo_store, "store_photo", import_elsewhere)
    result = import_photos(workspace.store, workspace.photos_dir, check, plan_id)
    assert (len(result.imported), len(result.unchanged)) == (0, 2)
    with workspace.store.session() as session:
        per_candidate = session.scalars(select(Attachment.candidate_id)).all()
    assert sorted(per_candidate) == sorted(set(per_candidate)), "one current photo per candidate"
    assert len(per_candidate) == 2
