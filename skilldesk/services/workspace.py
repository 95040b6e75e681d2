"""The workspace a user works in: where its data lives, and the open store."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from skilldesk.core.progress import ProgressCallback, no_progress
from skilldesk.core.store import Store, open_store

APP_NAME = "SkillDesk"


def default_data_dir() -> Path:
    """`SKILLDESK_HOME` if set, else the platform's per-user data folder."""
    env = os.environ.get("SKILLDESK_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


@dataclass
class Workspace:
    """What services and pages are handed instead of reaching for globals."""

    data_dir: Path
    store: Store

    @property
    def photos_dir(self) -> Path:
        return self.data_dir / "photos"

    def close(self) -> None:
        self.store.close()


def open_workspace(
    data_dir: Path | None = None, progress: ProgressCallback = no_progress
) -> Workspace:
    """Open the workspace in `data_dir`; `progress` hears open_store's steps."""
    from skilldesk.services.holiday_calendar import use_stored_years

    directory = (data_dir or default_data_dir()).resolve()
    store = open_store(directory, progress)
    use_stored_years(store)  # working days count with the years this workspace imported
    return Workspace(directory, store)
