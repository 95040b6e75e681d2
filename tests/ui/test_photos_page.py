"""The 照片 page as a user works with it: drop a folder, filter, look, rename, copy, import."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog

from skilldesk.services.sample_data import make_candidates, make_portrait_jpeg
from skilldesk.services.workspace import Workspace
from skilldesk.ui.main_window import MainWindow
from skilldesk.ui.models.photo_model import IMPORTED_ROLE, SEVERITY_ROLE, THUMBNAIL_ROLE
from skilldesk.ui.pages.photos_page import PhotosPage
from skilldesk.ui.widgets.photo_dialogs import RenameDialog
from tests.helpers import work_until_cancelled
from tests.ui.conftest import Dialogs, PlanFactory
from tests.ui.qt_helpers import cell


def file_name(person: dict[str, Any], suffix: str = ".jpg") -> str:
    return f"{person['id_number']}{person['name']}{suffix}"


@pytest.fixture
def people() -> list[dict[str, Any]]:
    return make_candidates(6, seed=41)


@pytest.fixture
def folder(tmp_path: Path, people: list[dict[str, Any]]) -> Path:
    """Four right, one named by its owner's name only, one too small; the sixth has none."""
    folder = tmp_path / "照片"
    folder.mkdir()
    for seed, person in enumerate(people[:3]):
        (folder / file_name(person)).write_bytes(make_portrait_jpeg(seed, quality=95))
    (folder / f"{people[3]['name']}.jpg").write_bytes(make_portrait_jpeg(3, quality=95))
    tiny = make_portrait_jpeg(4, size=(120, 170), quality=85)
    (folder / file_name(people[4])).write_bytes(tiny)
    return folder


def photos_page(window: MainWindow) -> PhotosPage:
    window.nav.setCurrentRow(window.page_titles().index("照片"))
    page = window.pages.currentWidget()
    assert isinstance(page, PhotosPage)
    return page


def drop(page: PhotosPage, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(event)


def checked(qtbot: Any, page: PhotosPage, path: Path, files: int) -> None:
    drop(page, path)
    qtbot.waitUntil(
        lambda: page.source == path and page.model.file_count == files and not page.busy
    )


@pytest.fixture
def page(
    qtbot: Any, add_plan: PlanFactory, window: MainWindow, people: list[dict[str, Any]]
) -> PhotosPage:
    add_plan(people=people)
    window.roster_page.reload_plans()
    shown = photos_page(window)
    shown.reload_plans()
    qtbot.waitUntil(lambda: bool(shown.plan_rows))
    return shown


def test_the_page_is_in_the_navigation_and_says_how_to_begin(
    qtbot: Any, window: MainWindow
) -> None:
    assert "照片" in window.page_titles()
    page = photos_page(window)
    qtbot.waitUntil(lambda: "还没有评价计划" in page.placeholder.text())
    assert not page.folder_button.isEnabled() and not page.import_button.isEnabled()


def test_dropping_a_folder_fills_the_grid_with_thumbnails(
    qtbot: Any, page: PhotosPage, folder: Path
) -> None:
    assert "拖到这里" in page.placeholder.text()
    assert "本计划 6 名考生，已导入照片 0 张" in page.plan_summary.text()  # shown beside it
    checked(qtbot, page, folder, 5)
    assert page.grid.isVisible()
    assert page.counts_label.text() == "5 个文件 · 对上名单 4/6 人 · 5 个错误 · 0 个警告"
    first = page.model.index(0)
    qtbot.waitUntil(lambda: page.model.data(first, THUMBNAIL_ROLE) is not None)
    pixmap = page.model.data(first, THUMBNAIL_ROLE)
    assert max(pixmap.width(), pixmap.height()) == 120
    assert len(list((page._ctx.workspace.data_dir / "thumbnails").glob("*-120.jpg"))) >= 1
    # Who still needs a photo: none at all, a file without an ID number, a file too small.
    missing = page.missing_model.stringList()
    assert "还缺合格照片的考生（3）" in page.missing_title.text()
    assert [line.split()[-1] for line in missing] == ["没有照片", "照片有错误", "没有照片"]


def test_filter_narrows_and_selecting_shows_the_details_and_roster_row(
    qtbot: Any, page: PhotosPage, folder: Path, people: list[dict[str, Any]]
) -> None:
    checked(qtbot, page, folder, 5)
    labels = [page.filter_combo.itemText(i) for i in range(page.filter_combo.count())]
    assert labels[:4] == ["全部（5）", "有错误（2）", "有警告（0）", "未匹配（1）"]
    assert "像素不足（1）" in labels and "文件名不规范（1）" in labels

    page.set_filter("errors")
    assert page.model.rowCount() == 2
    assert page.counts_label.text().startswith("显示 2 / 5 个文件")
    page.set_filter("PHOTO_DIMENSIONS")
    assert page.model.rowCount() == 1
    page.grid.setCurrentIndex(page.model.index(0))
    detail = page.detail
    assert detail.file_name.text() == file_name(people[4])
    assert detail.pixels.text() == "120×170 像素"
    assert detail.size_label.text().endswith(" KB")
    assert "像素为120×170" in detail.findings.text()
    assert detail.candidate_values["name"].text() == people[4]["name"]
    assert detail.candidate_values["id_number"].text() == people[4]["id_number"]
    assert detail.candidate_values["employer"].text() == people[4]["employer"]
    assert detail.state.text() == "尚未导入"
    qtbot.waitUntil(
        lambda: detail.preview.pixmap() is not None and not detail.preview.pixmap().isNull()
    )

    page.set_filter("unmatched")
    page.grid.setCurrentIndex(page.model.index(0))
    assert detail.file_name.text() == f"{people[3]['name']}.jpg"
    assert detail.no_candidate.isVisibleTo(detail)
    page.set_filter("all")
    assert page.model.rowCount() == 5


def test_renaming_needs_confirmation_and_can_be_undone(
    qtbot: Any,
    page: PhotosPage,
    folder: Path,
    people: list[dict[str, Any]],
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked(qtbot, page, folder, 5)
    before = sorted(p.name for p in folder.iterdir())
    asked: list[Any] = []

    def decline(cls: type[RenameDialog], _parent: Any, plan: Any, is_zip: bool) -> bool:
        asked.append(plan)
        return False

    monkeypatch.setattr(RenameDialog, "ask", classmethod(decline))
    page.rename_button.click()
    assert [p.file for p in asked[0].proposals] == [f"{people[3]['name']}.jpg"]
    assert sorted(p.name for p in folder.iterdir()) == before  # declined: nothing changed

    monkeypatch.setattr(RenameDialog, "ask", classmethod(lambda cls, *_a, **_k: True))
    page.rename_button.click()
    renamed = folder / file_name(people[3])
    qtbot.waitUntil(lambda: renamed.exists() and not page.busy and page.model.file_count == 5)
    qtbot.waitUntil(lambda: "对上名单 5/6 人" in page.counts_label.text())
    assert page.undo_button.isVisible() and page.undo_button.isEnabled()

    page.undo_button.click()
    assert "恢复为原来的文件名" in dialogs.texts("question")[-1]
    qtbot.waitUntil(lambda: not renamed.exists() and not page.busy)
    assert sorted(p.name for p in folder.iterdir()) == before
    qtbot.waitUntil(lambda: "对上名单 4/6 人" in page.counts_label.text())
    assert not page.undo_button.isVisible()


def test_a_zip_is_renamed_into_a_new_zip(
    qtbot: Any,
    page: PhotosPage,
    folder: Path,
    people: list[dict[str, Any]],
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = tmp_path / "照片.zip"
    with zipfile.ZipFile(source, "w") as archive:
        for path in folder.iterdir():
            archive.write(path, path.name)
    original = source.read_bytes()
    checked(qtbot, page, source, 5)
    out = tmp_path / "改名后.zip"
    monkeypatch.setattr(RenameDialog, "ask", classmethod(lambda cls, *_a, **_k: True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
    page.rename_button.click()
    qtbot.waitUntil(lambda: page.source == out and not page.busy)
    assert source.read_bytes() == original
    with zipfile.ZipFile(out) as archive:
        assert file_name(people[3]) in archive.namelist()
    assert "原压缩包没有改动" in dialogs.texts("information")[-1]
    assert "对上名单 5/6 人" in page.counts_label.text()


def test_compliant_copies_are_written_and_reported(
    qtbot: Any,
    page: PhotosPage,
    folder: Path,
    people: list[dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked(qtbot, page, folder, 5)
    out = tmp_path / "副本"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(out))
    page.copies_button.click()
    qtbot.waitUntil(lambda: page.fixes.last_copy_report is not None and not page.busy)
    report = page.fixes.last_copy_report
    assert report is not None
    assert report.count("copied") == 4 and report.count("failed") == 1  # the tiny one
    assert (out / file_name(people[3])).exists()  # named by the proposed rename
    dialog = page.fixes.copy_dialog
    assert dialog is not None and dialog.isVisible()
    assert cell(dialog.table, 0, 1).text() == "无法修复"
    dialog.close()


def test_importing_updates_the_page(
    qtbot: Any,
    page: PhotosPage,
    folder: Path,
    people: list[dict[str, Any]],
    dialogs: Dialogs,
    workspace: Workspace,
) -> None:
    checked(qtbot, page, folder, 5)
    page.import_button.click()
    assert "把 3 张合格的照片导入到" in dialogs.texts("question")[-1]
    qtbot.waitUntil(lambda: "已导入照片 3 张" in page.plan_summary.text())
    assert "新增 3 张" in dialogs.texts("information")[-1]
    assert len(list(workspace.photos_dir.rglob("*.jpg"))) == 3
    qtbot.waitUntil(
        lambda: (
            sum(
                bool(page.model.data(page.model.index(r), IMPORTED_ROLE))
                for r in range(page.model.rowCount())
            )
            == 3
        )
    )
    row = page.model.view_row_of(file_name(people[0]))
    assert row is not None
    page.grid.setCurrentIndex(page.model.index(row))
    assert page.detail.state.text() == "已导入到本计划"
    assert page.model.data(page.model.index(row), SEVERITY_ROLE) == 0
    assert len(page.missing_model.stringList()) == 3  # imported photos do not change who lacks one


def test_choosing_another_plan_matches_the_batch_again(
    qtbot: Any, page: PhotosPage, folder: Path, add_plan: PlanFactory
) -> None:
    checked(qtbot, page, folder, 5)
    add_plan("焊工", 3, make_candidates(2, seed=42))
    page.reload_plans()
    qtbot.waitUntil(lambda: page.plan_combo.count() == 2)
    page.plan_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "对上名单 0/2 人" in page.counts_label.text())
    page.plan_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: "对上名单 4/6 人" in page.counts_label.text())


def test_an_unreadable_source_is_reported(
    qtbot: Any, page: PhotosPage, tmp_path: Path, dialogs: Dialogs
) -> None:
    broken = tmp_path / "坏.zip"
    broken.write_bytes(b"not a zip at all")
    page.check_source(broken)
    qtbot.waitUntil(lambda: bool(dialogs.texts("warning")))
    assert "不是有效的 .zip 压缩包" in dialogs.texts("warning")[0]
    assert not page.busy and page.model.check is None


def test_cancelling_a_check_leaves_the_page_as_it_was(
    qtbot: Any, page: PhotosPage, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import skilldesk.services.photos as photos_service

    def slow_check(_path: Path, *, cancel: Any, **_kwargs: Any) -> Any:
        work_until_cancelled(cancel)

    monkeypatch.setattr(photos_service, "check_photos", slow_check)
    messages: list[str] = []
    page.status_message.connect(messages.append)
    page.check_source(folder)
    assert page.busy and not page.folder_button.isEnabled()
    [task] = page._ctx.tasks.running_tasks()
    task.cancel()
    qtbot.waitUntil(lambda: not page.busy)
    assert messages[-1] == "已取消检查。"
    assert page.model.check is None and page.source is None
    assert page.folder_button.isEnabled()
