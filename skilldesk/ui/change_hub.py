"""The window's one signal for committed changes, and its requests to show a plan or a page.

Pages never build a ChangeSet: the task runner announces what a task's units of work committed,
and the outside-changes watcher what another process committed. Each page reads the fields it
shows (plans, candidates, photos, sites, …) and decides whether to refresh.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from skilldesk.core.changes import ChangeSet


class ChangeHub(QObject):
    """Pages connect to `changed` instead of calling each other."""

    # (ChangeSet, source): source is the page that made the change and already shows it, or
    # None (another page without one, or another process).
    changed = Signal(object, object)
    # A page asks for a plan to be shown on the plan page, at a field (a timeline key) or "".
    plan_requested = Signal(int, str)
    # A page asks for another page to be shown, by its navigation title (e.g. "考评员").
    page_requested = Signal(str)

    def announce(self, changes: ChangeSet, source: object | None = None) -> None:
        """Tell the pages, once, unless nothing changed."""
        if changes:
            self.changed.emit(changes, source)
