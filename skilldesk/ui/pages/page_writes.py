"""Runs a resource page's writes to the store in the background: the page is busy meanwhile, a
refusal is shown in the page's form, and a change is announced once the page shows it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from skilldesk.ui.context import AppContext, Changes
from skilldesk.ui.workers import describe_error

Result = TypeVar("Result")


class PageWrites:
    """One page's writes. `busy_changed(busy)` lets the page disable what must wait; the page
    checks `busy` before it starts another write."""

    def __init__(
        self,
        ctx: AppContext,
        page: QWidget,
        *,
        busy_changed: Callable[[bool], None],
        show_error: Callable[[str], object],
    ) -> None:
        self._ctx = ctx
        self._page = page
        self._busy_changed = busy_changed
        self._show_error = show_error
        self.busy = False

    def run(self, write: Callable[[], Result], done: Callable[[Result], None]) -> None:
        """Run `write` (a plain function: no widgets) on the write queue; `done` shows its
        result, then the change is announced to the other pages."""
        self._set_busy(True)

        def succeeded(result: Result) -> None:
            self._set_busy(False)
            done(result)
            self._ctx.announce(Changes(source=self._page))

        self._ctx.tasks.run(
            write, writes=True, on_success=succeeded, on_failure=self._failed, parent=self._page
        )

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_error(describe_error(exc))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._busy_changed(busy)
