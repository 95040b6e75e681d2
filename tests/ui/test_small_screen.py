"""A 1366×768 office laptop: the window fits the screen, says where an export went over the
window with 打开文件/打开文件夹, and restores a backup without the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QProcess, QRect, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from skilldesk.core.store import DB_FILENAME
from skilldesk.services.backup import make_backup
from skilldesk.services.workspace import Workspace
from skilldesk.ui.main_window import MainWindow
from skilldesk.ui.window_size import FRAME_ALLOWANCE, PREFERRED, place_window
from tests.ui.conftest import Dialogs

LAPTOP = QRect(0, 0, 1366, 728)  # 768 less a 40-pixel taskbar
DESKTOP = QRect(0, 0, 1920, 1040)


def test_a_first_start_on_a_small_screen_opens_maximised_and_fits(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    place_window(window, None, LAPTOP)
    assert window.windowState() & Qt.WindowState.WindowMaximized
    frame = QRect(window.pos(), window.size() + FRAME_ALLOWANCE)
    assert LAPTOP.contains(frame)


def test_a_first_start_on_a_big_screen_opens_at_the_preferred_size_centred(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    place_window(window, None, DESKTOP)
    assert not window.windowState() & Qt.WindowState.WindowMaximized
    assert window.size() == PREFERRED
    assert DESKTOP.contains(QRect(window.pos(), window.size() + FRAME_ALLOWANCE))


def test_a_size_left_on_a_bigger_screen_is_shrunk_to_this_one(qtbot: Any) -> None:
    big = QWidget()
    qtbot.addWidget(big)
    big.resize(1800, 1000)
    big.move(50, 20)
    saved = big.saveGeometry()
    window = QWidget()
    qtbot.addWidget(window)
    place_window(window, saved, LAPTOP)
    assert LAPTOP.contains(QRect(window.pos(), window.size() + FRAME_ALLOWANCE))


def test_the_window_fits_the_screen_it_opens_on(window: MainWindow) -> None:
    screen = window.screen().availableGeometry()
    wanted = PREFERRED + FRAME_ALLOWANCE
    small = wanted.width() > screen.width() or wanted.height() > screen.height()
    assert bool(window.windowState() & Qt.WindowState.WindowMaximized) == small
    assert window.width() <= screen.width() and window.height() <= screen.height()


def test_at_1366_by_768_the_status_bar_and_every_page_fit(qtbot: Any, window: MainWindow) -> None:
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(QSize(1366, 728) - FRAME_ALLOWANCE)
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        page = window.page(row)
        needed = page.minimumSizeHint()
        assert needed.width() <= window.pages.width(), window.page_titles()[row]
        assert needed.height() <= window.pages.height(), window.page_titles()[row]
    bar = window.statusBar()
    assert bar.isVisible() and bar.geometry().bottom() < window.height()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


def notice(qtbot: Any, window: MainWindow) -> QMessageBox:
    def shown() -> QMessageBox | None:
        box = window.findChild(QMessageBox, "saved_notice")
        return box if isinstance(box, QMessageBox) and box.isVisible() else None

    qtbot.waitUntil(lambda: shown() is not None, timeout=10_000)
    box = shown()
    assert box is not None
    return box


def button(box: QMessageBox, text: str) -> QPushButton:
    found = [b for b in box.buttons() if b.text() == text]
    assert len(found) == 1, [b.text() for b in box.buttons()]
    assert isinstance(found[0], QPushButton)
    return found[0]


def test_a_backup_is_confirmed_over_the_window_with_open_buttons(
    qtbot: Any,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[str],
) -> None:
    out = tmp_path / "usb" / "备份.zip"
    out.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), ""))
    )
    window.back_up()
    box = notice(qtbot, window)
    assert str(out) in box.text()
    assert [b.text() for b in box.buttons() if b.text() != "关闭"] == ["打开文件", "打开文件夹"]
    qtbot.mouseClick(button(box, "打开文件夹"), Qt.MouseButton.LeftButton)
    assert opened == [str(out.parent)]
    assert not box.isVisible()


def test_a_backup_is_restored_into_a_new_folder_and_opened(
    qtbot: Any,
    window: MainWindow,
    workspace: Workspace,
    add_plan: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Dialogs,
) -> None:
    add_plan(people=[{"name": "张三", "id_number": "330822199001013420"}])
    backup = make_backup(workspace, tmp_path / "b.zip").path
    target = tmp_path / "恢复"
    target.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(backup), ""))
    )
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(target))
    )
    started: list[list[str]] = []

    def start(_program: str, arguments: list[str]) -> tuple[bool, int]:
        started.append(arguments)
        return True, 1

    monkeypatch.setattr(QProcess, "startDetached", staticmethod(start))
    window.restore_button.click()
    qtbot.waitUntil(lambda: len(dialogs.texts("question")) == 1, timeout=10_000)
    assert (target / DB_FILENAME).exists()
    assert str(target) in dialogs.texts("question")[0]
    assert started and started[0][-2:] == ["--data-dir", str(target)]


def test_a_restore_never_goes_over_the_open_data(
    qtbot: Any,
    window: MainWindow,
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Dialogs,
) -> None:
    backup = make_backup(workspace, tmp_path / "b.zip").path
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(backup), ""))
    )
    monkeypatch.setattr(
        QFileDialog,
        "getExistingDirectory",
        staticmethod(lambda *a, **k: str(workspace.data_dir)),
    )
    window.restore()
    assert any("已有 SkillDesk 数据" in text for text in dialogs.texts("warning"))
    assert dialogs.texts("question") == []  # nothing restored, nothing offered to open
