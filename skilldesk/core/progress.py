"""Progress reporting and cancellation as plain Python, shared by the CLI and the GUI."""

from __future__ import annotations

import threading
from collections.abc import Callable

ProgressCallback = Callable[[int, int, str], None]
"""Called as progress(done, total, label)."""


class Cancelled(Exception):
    """Raised inside a long operation when the user asked to stop; the work is rolled back."""


class CancelToken:
    """A flag the UI sets and a long operation polls."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def no_progress(done: int, total: int, label: str) -> None:
    """A progress callback that ignores everything."""
