"""Starting the window: the Qt application, a Chinese font, the workspace (opened off the UI
thread behind a progress dialog), the main window."""

from __future__ import annotations

import logging
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLockFile, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

if TYPE_CHECKING:
    from skilldesk.core.store import Store
    from skilldesk.services.workspace import Workspace
    from skilldesk.ui.opening import OpeningDialog

log = logging.getLogger(__name__)

APP_NAME = "SkillDesk"
EXIT_CLOSED_WHILE_OPENING = 0
EXIT_CANNOT_OPEN = 2
EXIT_ALREADY_OPEN = 3
LOCK_FILE = "skilldesk.lock"

# Named explicitly: Qt's own fallback picks an arbitrary CJK family, sometimes without bold.
CJK_FONT_PREFERENCE = (
    "Microsoft YaHei",
    "Microsoft YaHei UI",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
)


def choose_cjk_font(app: QApplication) -> str | None:
    """Make the first installed preferred CJK family the application font; None if none is."""
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not chinese:
        print(
            "SkillDesk: 系统中没有可显示简体中文的字体，界面文字会显示为方框。"
            "请安装中文字体（如 fonts-noto-cjk 或微软雅黑）。",
            file=sys.stderr,
        )
        return None
    installed = set(QFontDatabase.families())
    family = next((f for f in CJK_FONT_PREFERENCE if f in installed), None)
    if family is None:
        family = chinese[0]
    font = QFont(app.font())
    font.setFamilies([family, *(f for f in CJK_FONT_PREFERENCE if f in installed and f != family)])
    app.setFont(font)
    return family


def install_qt_translations(app: QApplication) -> QTranslator | None:
    """Qt's own words in Chinese: 是/否/取消 on message boxes, the file dialogs, edit menus.

    Without this, the standard buttons of every question read "Yes"/"No". Returns the
    translator, or None if Qt's Chinese translation is missing (a bundle keeps it beside Qt;
    see installers/skilldesk.spec).
    """
    import PySide6

    package = Path(PySide6.__file__).parent  # wheels: Qt/translations (Linux), translations
    folders = (
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(package / "Qt" / "translations"),
        str(package / "translations"),
    )
    for folder in folders:
        translator = QTranslator(app)
        if translator.load("qtbase_zh_CN", folder):
            app.installTranslator(translator)
            install_missing_qt_words(app)
            return translator
    return None


# Qt 6's own file dialog (the one Linux shows without a desktop portal, and every dialog with
# DontUseNativeDialog) labels two fields with accelerators that its zh_CN translation lacks: it
# knows "Look in:", not "&Look in:". Worded as that translation words the same labels.
MISSING_QT_WORDS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
}


class MissingQtWords(QTranslator):
    """The few of Qt's own words its Chinese translation lacks; None lets Qt look further."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return MISSING_QT_WORDS.get((context, source))

    def isEmpty(self) -> bool:
        return False


def install_missing_qt_words(app: QApplication) -> None:
    """Once per application, after (so before, when looking up) Qt's own translation."""
    if app.property("skilldesk_missing_qt_words"):
        return
    app.installTranslator(MissingQtWords(app))
    app.setProperty("skilldesk_missing_qt_words", True)


def lock_workspace(folder: Path) -> QLockFile | None:
    """Hold the workspace for this window; None if another running SkillDesk window holds it.

    A lock left by a window that crashed is recognised (its process is gone) and taken over.
    Command-line use takes no lock: SQLite keeps concurrent writes consistent, and scripts
    running beside the window are fine. Raises OSError if the folder cannot be made.
    """
    folder.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(folder / LOCK_FILE))
    lock.setStaleLockTime(0)  # judge by whether the holder still runs, not by the lock's age
    return lock if lock.tryLock(200) else None


def run_gui(data_dir: Path | None) -> int:
    """Open the window on the workspace in `data_dir` (default: the user's); returns an exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    from skilldesk.core.write_lock import set_writer_identity

    set_writer_identity("SkillDesk 窗口")
    choose_cjk_font(app)
    install_qt_translations(app)

    from skilldesk.services.workspace import default_data_dir

    folder = (data_dir or default_data_dir()).resolve()
    try:
        lock = lock_workspace(folder)
    except OSError as exc:
        return _cannot_open(app, folder, exc)
    if lock is None:
        QMessageBox.information(
            None,
            app.translate("app", "SkillDesk 已经打开"),
            app.translate(
                "app",
                "数据目录 {folder} 已在另一个 SkillDesk 窗口中打开，请切换到那个窗口"
                "（可在任务栏找到）。\n两个窗口同时修改同一份数据，容易互相覆盖。",
            ).format(folder=folder),
        )
        return EXIT_ALREADY_OPEN
    try:
        return _run_window(app, folder)
    finally:
        lock.unlock()


def _cannot_open(app: QApplication, folder: Path, exc: OSError) -> int:
    message = app.translate("app", "无法打开数据目录 {folder}：{reason}").format(
        folder=folder, reason=exc.strerror or exc
    )
    QMessageBox.critical(None, app.translate("app", "无法打开数据"), message)
    return EXIT_CANNOT_OPEN


def _run_window(app: QApplication, folder: Path) -> int:
    from skilldesk.core.store import StoreError
    from skilldesk.ui.opening import OpeningDialog

    opening = OpeningDialog(folder)
    try:
        workspace = _open_behind(opening, folder)
    except StoreError as exc:
        QMessageBox.critical(None, app.translate("app", "无法打开数据"), str(exc))
        return EXIT_CANNOT_OPEN
    except OSError as exc:
        return _cannot_open(app, folder, exc)
    if opening.wasCanceled():  # closed while opening: the user no longer wants the window
        workspace.close()
        return EXIT_CLOSED_WHILE_OPENING
    opening.deleteLater()

    from skilldesk.ui.context import AppContext
    from skilldesk.ui.main_window import MainWindow

    ctx = AppContext.create(workspace)
    window = MainWindow(ctx)
    window.show()
    ctx.tasks.run(
        partial(_prune_caches, workspace.store, workspace.data_dir),
        on_failure=lambda exc: log.warning("pruning thumbnails failed: %s", type(exc).__name__),
    )
    try:
        return app.exec()
    finally:
        ctx.shutdown()
        workspace.close()


def _open_behind(opening: OpeningDialog, folder: Path) -> Workspace:
    """Open the workspace off the UI thread with `opening` shown first: opening may back the
    database up and upgrade it, which takes a while. The dialog is hidden before returning."""
    from skilldesk.services.workspace import open_workspace
    from skilldesk.ui.opening import run_off_the_ui_thread

    opening.show()
    try:
        return run_off_the_ui_thread(partial(open_workspace, folder), opening.show_step)
    finally:
        opening.hide()


def _prune_caches(store: Store, data_dir: Path) -> int:
    """Background housekeeping at start: thumbnails nobody needs any more."""
    from skilldesk.services.photo_store import prune_thumbnails

    return prune_thumbnails(store, data_dir)
