"""Runs a resource page's writes to the store in the background: the page is busy while any
write runs, a refusal is shown in the page's form (a stale copy: with the offer to reload), and
the runner announces what was written, with the page as its source (it shows the result itself)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from skilldesk.ui.busy import BusyBinding
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.stale_copy import offer_reload
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
        reload_stale: Callable[[], None] | None = None,
    ) -> None:
        self._ctx = ctx
        self._page = page
        self._show_error = show_error
        self._reload_stale = reload_stale  # loads the newer record over the form's edits
        # Writes take turns on one queue: while any is pending, a new one would wait behind it
        # on a form the user can no longer trust, so the page waits visibly instead.
        self._busy = BusyBinding(ctx.tasks, page, writes=True)
        self._busy.changed.connect(busy_changed)

    @property
    def busy(self) -> bool:
        return self._busy.active

    def run(self, write: Callable[[], Result], done: Callable[[Result], object]) -> None:
        """Run `write` (a plain function: no widgets) on the write queue; `done` shows its
        result after the change was announced to the other pages."""
        self._ctx.tasks.run(
            write,
            done,
            writes=True,
            on_failure=self._failed,
            parent=self._page,
            source=self._page,
        )

    def _failed(self, exc: BaseException) -> None:
        reload = self._reload_stale
        if reload is None or not offer_reload(self._page, exc, reload):
            self._show_error(describe_error(exc))
