"""The demo workspace for the plan and home page tests: made once (photos stubbed), copied per test."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import skilldesk.services.demo as demo
from skilldesk.services.workspace import Workspace, open_workspace

# The demo is laid out from this day, so its first plan runs across National Day 2026.
TODAY = dt.date(2026, 9, 14)


def make_demo_template(folder: Path) -> Path:
    """Fill a workspace with the demo institution as of TODAY; the photos are tiny stand-ins."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            demo, "make_portrait_jpeg", lambda seed, **_: b"\xff\xd8\xff\xd9" + str(seed).encode()
        )
        workspace = open_workspace(folder)
        demo.fill_demo_workspace(workspace, today=TODAY)
        workspace.close()
    return folder


def open_copy(template: Path, destination: Path) -> Workspace:
    shutil.copytree(template, destination)
    return open_workspace(destination)
