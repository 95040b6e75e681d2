"""Shared fixtures: a fresh workspace per test, and a way to run the CLI as users do."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def no_default_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """A command run without --data-dir lands in a throwaway folder, never the user's own."""
    monkeypatch.setenv("SKILLDESK_HOME", str(tmp_path_factory.mktemp("skilldesk-home")))


@pytest.fixture(autouse=True)
def writer_identity_restored():
    """A test that names this process as a writer (as the window or a CLI does) names it for
    itself only, not for the tests after it."""
    from skilldesk.core.write_lock import set_writer_identity, writer_identity

    saved = writer_identity()
    yield
    set_writer_identity(saved)


@pytest.fixture
def workspace(tmp_path: Path):
    from skilldesk.services.workspace import open_workspace

    ws = open_workspace(tmp_path / "ws")
    yield ws
    ws.close()
