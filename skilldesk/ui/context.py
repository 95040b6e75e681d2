"""The explicit context handed to every page: the workspace, the background runner, and the
one signal through which changes announce themselves."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from skilldesk.services.workspace import Workspace
from skilldesk.ui.workers import TaskRunner


@dataclass(frozen=True)
class Changes:
    """What an operation changed, so that each page can decide whether to refresh."""

    plans: bool = False
    rosters: frozenset[int] = field(default_factory=frozenset)  # plan ids whose roster changed
    source: object | None = None  # the page that made the change and already shows it


class ChangeHub(QObject):
    """Pages connect to `changed` instead of calling each other."""

    changed = Signal(object)
    # A page asks for a plan to be shown on the plan page, at a field (a timeline key) or "".
    plan_requested = Signal(int, str)
    # A page asks for another page to be shown, by its navigation title (e.g. "考评员").
    page_requested = Signal(str)


@dataclass
class AppContext:
    workspace: Workspace
    tasks: TaskRunner
    hub: ChangeHub

    @classmethod
    def create(cls, workspace: Workspace) -> AppContext:
        return cls(workspace, TaskRunner(), ChangeHub())

    def announce(self, changes: Changes) -> None:
        self.hub.changed.emit(changes)

    def open_plan(self, plan_id: int, field: str = "") -> None:
        self.hub.plan_requested.emit(plan_id, field)

    def shutdown(self) -> None:
        """Stop background work (writes finish or roll back); the workspace stays open."""
        self.tasks.shutdown()
