"""The folder each kind of file was last opened from or saved to, so file dialogs start there.

Staff import rosters from the same folder day after day; each dialog remembers its own folder
(rosters, photos, plan files, exports …) in the workspace's window.ini.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

SETTINGS_FILE = "window.ini"  # the main window's own settings live there too


def _settings(data_dir: Path) -> QSettings:
    return QSettings(str(data_dir / SETTINGS_FILE), QSettings.Format.IniFormat)


def start_folder(data_dir: Path, kind: str) -> str:
    """Where a dialog for `kind` should open: its last folder if it still exists, else ""
    (Qt's own choice)."""
    folder = _settings(data_dir).value(f"folders/{kind}")
    return str(folder) if isinstance(folder, str) and Path(folder).is_dir() else ""


def suggested_path(data_dir: Path, kind: str, file_name: str, fallback: Path) -> str:
    """A file name for a save dialog, in the last folder used for `kind` (else `fallback`)."""
    return str(Path(start_folder(data_dir, kind) or fallback) / file_name)


def remember(data_dir: Path, kind: str, chosen: str | Path) -> None:
    """Note the folder of what the user chose (a file's folder, or the folder itself)."""
    if not chosen:
        return
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    settings = _settings(data_dir)
    settings.setValue(f"folders/{kind}", str(folder))
    settings.sync()


def open_file(parent: QWidget, data_dir: Path, kind: str, title: str, filters: str) -> Path | None:
    """Ask for a file to open, starting where `kind` was last opened from; None if cancelled."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, title, start_folder(data_dir, kind), filters
    )
    if not path:
        return None
    remember(data_dir, kind, path)
    return Path(path)
