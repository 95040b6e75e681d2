"""Importing checked photos into a plan, listing a plan's photos, and cached thumbnails."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, insert, select

from skilldesk.core.models import Attachment, Candidate
from skilldesk.core.progress import Cancelled, CancelToken
from skilldesk.services.photo_store import (
    cached_thumbnail,
    import_photos,
    list_plan_photos,
    match_to_roster,
    photo_path,
    prune_thumbnails,
    source_thumbnails,
    thumbnail_path,
)
from skilldesk.services.photos import check_photos, roster_candidates_from_plan
from skilldesk.services.plans import create_plan
from skilldesk.services.sample_data import make_candidates, make_portrait_jpeg
from skilldesk.services.workspace import Workspace
from tests.helpers import run_cli, writing


def add_plan(workspace: Workspace, people: list[dict[str, Any]], occupation: str = "电工") -> int:
    plan = create_plan(workspace.store, occupation, 4)
    with writing(workspace.store) as session:
        session.execute(insert(Candidate), [{"plan_id": plan.id, **p} for p in people])
    return plan.id


def name_of(person: dict[str, Any]) -> str:
    return f"{person['id_number']}{person['name']}.jpg"


@pytest.fixture
def people() -> list[dict[str, Any]]:
    return make_candidates(5, seed=31)


@pytest.fixture
def folder(tmp_path: Path, people: list[dict[str, Any]]) -> Path:
    folder = tmp_path / "照片"
    folder.mkdir()
    for seed, person in enumerate(people[:3]):
        (folder / name_of(person)).write_bytes(make_portrait_jpeg(seed, quality=95))
    tiny = Image.new("RGB", (100, 140), "white")
    buffer = io.BytesIO()
    tiny.save(buffer, "JPEG")
    (folder / name_of(people[3])).write_bytes(buffer.getvalue())  # errors: refused
    (folder / "陌生人.jpg").write_bytes(make_portrait_jpeg(9, quality=95))  # nobody's
    return folder


def attachments(workspace: Workspace) -> list[tuple[int, str, str, int]]:
    with workspace.store.session() as session:
        return [
            (row.candidate_id, row.kind, row.sha256, row.version)
            for row in session.execute(
                select(
                    Attachment.candidate_id, Attachment.kind, Attachment.sha256, Attachment.version
                ).order_by(Attachment.candidate_id)
            )
        ]


def test_accepted_photos_are_stored_once_and_linked(
    workspace: Workspace, folder: Path, people: list[dict[str, Any]]
) -> None:
    plan_id = add_plan(workspace, people)
    check = check_photos(folder, roster=roster_candidates_from_plan(workspace.store, plan_id))
    result = import_photos(workspace.store, workspace.photos_dir, check, plan_id)
    assert sorted(result.imported) == sorted(name_of(p) for p in people[:3])
    assert {r.file for r in result.refused} == {name_of(people[3]), "陌生人.jpg"}
    reasons = {r.file: r.reason for r in result.refused}
    assert "文件大小" in reasons[name_of(people[3])] and "另有" in reasons[name_of(people[3])]
    assert "没有对应" in reasons["陌生人.jpg"] or "文件名" in reasons["陌生人.jpg"]

    rows = {row.id_number: row for row in list_plan_photos(workspace.store, plan_id)}
    for person in people[:3]:
        row = rows[person["id_number"]]
        content = (folder / name_of(person)).read_bytes()
        assert row.sha256 is not None and row.filename == name_of(person)
        assert photo_path(workspace.photos_dir, row.sha256).read_bytes() == content
    assert rows[people[4]["id_number"]].sha256 is None
    assert [r.row for r in rows.values()] == [1, 2, 3, 4, 5]

    again = import_photos(workspace.store, workspace.photos_dir, check, plan_id)
    assert (len(again.imported), len(again.replaced), len(again.unchanged)) == (0, 0, 3)
    assert len(attachments(workspace)) == 3
    assert len(list(workspace.photos_dir.rglob("*.jpg"))) == 3


def test_a_new_photo_replaces_the_link_and_keeps_one_per_candidate(
    workspace: Workspace, folder: Path, people: list[dict[str, Any]]
) -> None:
    plan_id = add_plan(workspace, people)
    roster = roster_candidates_from_plan(workspace.store, plan_id)
    import_photos(
        workspace.store, workspace.photos_dir, check_photos(folder, roster=roster), plan_id
    )
    old = {a[0]: a[2] for a in attachments(workspace)}
    (folder / name_of(people[0])).write_bytes(make_portrait_jpeg(20, quality=95))
    result = import_photos(
        workspace.store, workspace.photos_dir, check_photos(folder, roster=roster), plan_id
    )
    assert result.replaced == [name_of(people[0])] and len(result.unchanged) == 2
    now = attachments(workspace)
    assert len(now) == 3
    changed = [a for a in now if a[2] != old[a[0]]]
    assert len(changed) == 1 and changed[0][3] == 2  # the version counts the change
    assert len(list(workspace.photos_dir.rglob("*.jpg"))) == 4  # the old content stays stored


def test_a_file_changed_after_checking_is_refused(
    workspace: Workspace, folder: Path, people: list[dict[str, Any]]
) -> None:
    plan_id = add_plan(workspace, people)
    check = check_photos(folder, roster=roster_candidates_from_plan(workspace.store, plan_id))
    (folder / name_of(people[1])).write_bytes(make_portrait_jpeg(21, quality=95))
    result = import_photos(workspace.store, workspace.photos_dir, check, plan_id)
    assert name_of(people[1]) in {r.file for r in result.refused}
    assert len(result.imported) == 2


def test_a_cancelled_import_links_nothing(
    workspace: Workspace, folder: Path, people: list[dict[str, Any]]
) -> None:
    plan_id = add_plan(workspace, people)
    check = check_photos(folder, roster=roster_candidates_from_plan(workspace.store, plan_id))
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        import_photos(workspace.store, workspace.photos_dir, check, plan_id, cancel=cancel)
    assert attachments(workspace) == []


def test_photos_of_another_plan_are_not_linked_here(
    workspace: Workspace, folder: Path, people: list[dict[str, Any]]
) -> None:
    first = add_plan(workspace, people)
    second = add_plan(workspace, make_candidates(2, seed=77), "焊工")
    check = check_photos(folder, roster=roster_candidates_from_plan(workspace.store, first))
    result = import_photos(workspace.store, workspace.photos_dir, check, second)
    assert result.imported == [] and len(result.refused) == 5
    reasons = {r.file: r.reason for r in result.refused}
    assert reasons[name_of(people[0])] == f"考生“{people[0]['name']}”已不在本计划名单中"
    with workspace.store.session() as session:
        assert session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_a_checked_batch_is_matched_to_another_roster_without_reading_files(
    workspace: Workspace, folder: Path, people: list[dict[str, Any]]
) -> None:
    plan_id = add_plan(workspace, people)
    roster = roster_candidates_from_plan(workspace.store, plan_id)
    check = check_photos(folder)
    assert check.candidates is None
    matched = match_to_roster(check, roster)
    assert matched.candidates == 5
    assert sum(1 for p in matched.files if p.candidate) == 4
    assert [f.extra["name"] for f in matched.missing] == [people[4]["name"]]
    unmatched = match_to_roster(matched, roster[:1])
    assert sum(1 for p in unmatched.files if p.candidate) == 1
    codes = [f.code for p in unmatched.files for f in p.findings]
    assert codes.count("PHOTO_NO_CANDIDATE") == 3
    # Without a roster only the files' own errors stay: the tiny one's two, the stranger's name.
    assert match_to_roster(unmatched, None).to_json()["errors"] == 3


def test_thumbnails_are_small_upright_and_cached(workspace: Workspace, tmp_path: Path) -> None:
    content = make_portrait_jpeg(3, quality=95)
    sha = "ab" * 32
    image = cached_thumbnail(workspace.data_dir, sha, 120, lambda: content)
    assert image.mode == "RGB" and max(image.size) == 120 and image.size[0] < image.size[1]
    cached = thumbnail_path(workspace.data_dir, sha, 120)
    assert cached == workspace.data_dir / "thumbnails" / f"{sha}-120.jpg" and cached.exists()

    def must_not_read() -> bytes:
        raise AssertionError("the cache should have answered")

    assert cached_thumbnail(workspace.data_dir, sha, 120, must_not_read).size == image.size

    turned = Image.open(io.BytesIO(content)).transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    turned.save(buffer, "JPEG", exif=exif.tobytes())
    upright = cached_thumbnail(workspace.data_dir, "cd" * 32, 120, buffer.getvalue)
    assert upright.size[0] < upright.size[1]


def test_thumbnails_of_a_folder_include_placeholders_for_broken_files(
    workspace: Workspace, folder: Path
) -> None:
    (folder / "坏的.jpg").write_bytes(b"\xff\xd8\xff broken")
    check = check_photos(folder)
    wanted = [(p.entry.key, p.sha256) for p in check.files if p.sha256]
    images = dict(source_thumbnails(workspace.data_dir, folder, wanted, 120))
    broken = next(p.sha256 for p in check.files if p.name == "坏的.jpg")
    assert broken is not None and images[broken] is None
    assert sum(1 for image in images.values() if image is not None) == 5


def test_old_thumbnails_of_photos_no_plan_holds_are_pruned(
    workspace: Workspace, folder: Path, people: list[dict[str, Any]]
) -> None:
    plan_id = add_plan(workspace, people)
    check = check_photos(folder, roster=roster_candidates_from_plan(workspace.store, plan_id))
    import_photos(workspace.store, workspace.photos_dir, check, plan_id)
    wanted = [(p.entry.key, p.sha256) for p in check.files if p.sha256]
    list(source_thumbnails(workspace.data_dir, folder, wanted, 120))
    stored = {sha for _c, _k, sha, _v in attachments(workspace)}
    shown = {sha for _key, sha in wanted}
    assert len(stored) == 3 and len(shown) == 5
    folder_only = shown - stored
    scrap = workspace.data_dir / "thumbnails" / ".x.jpg.1.2.part"
    scrap.write_bytes(b"cut short")
    # Nothing is old yet: everything stays.
    assert prune_thumbnails(workspace.store, workspace.data_dir) == 0
    later = time.time() + 61 * 86400
    assert prune_thumbnails(workspace.store, workspace.data_dir, now=later) == 3
    left = {path.name.split("-")[0] for path in (workspace.data_dir / "thumbnails").iterdir()}
    assert left == stored and not (left & folder_only) and not scrap.exists()
    # A thumbnail looked at again is kept for another 60 days.
    sha = next(iter(folder_only))
    cached_thumbnail(workspace.data_dir, sha, 120, lambda: make_portrait_jpeg(1))
    os.utime(thumbnail_path(workspace.data_dir, sha, 120), (later - 90 * 86400,) * 2)
    cached_thumbnail(workspace.data_dir, sha, 120, lambda: b"")  # seen again: marked as used
    assert prune_thumbnails(workspace.store, workspace.data_dir, now=time.time() + 86400) == 0
    assert all(photo_path(workspace.photos_dir, s).exists() for s in stored)


def test_cli_import_reports_and_exits_one_when_something_is_refused(
    workspace: Workspace, folder: Path, people: list[dict[str, Any]]
) -> None:
    plan_id = add_plan(workspace, people)
    data_dir = workspace.data_dir
    result = run_cli(
        "photos", "import", str(folder), "--plan", str(plan_id), "--json", data_dir=data_dir
    )
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert (data["imported"], data["replaced"], data["unchanged"]) == (3, 0, 0)
    assert len(data["refused"]) == 2
    text = run_cli("photos", "import", str(folder), "--plan", str(plan_id), data_dir=data_dir)
    assert "未变 3 张" in text.stdout
    missing = run_cli("photos", "import", str(folder), "--plan", "99", data_dir=data_dir)
    assert missing.returncode == 2 and "找不到评价计划" in missing.stderr
