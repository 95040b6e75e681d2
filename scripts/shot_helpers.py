"""What every screenshot script shares: offscreen Qt, the window size (a 1366×768 office laptop's
screen), waiting for the window."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZE = (1366, 768)


def at_laptop_size(window: Any) -> None:
    """Size the window to SIZE. The window opens maximised on a screen smaller than it wants,
    and the offscreen screen is smaller still: un-maximise it first."""
    from PySide6.QtCore import Qt

    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*SIZE)


def wait_for(app: Any, condition: Any, timeout: float = 60.0) -> None:
    """Process events until `condition()` holds; a TimeoutError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get ready in time")
        app.processEvents()
        time.sleep(0.01)


def settle(app: Any, seconds: float = 0.5) -> None:
    """Let layouts, background loads and repaints finish before a grab."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
