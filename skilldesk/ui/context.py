"""The explicit context handed to every page: the workspace, the background runner, and the
one signal through which committed changes announce themselves."""

from __future__ import annotations

from dataclasses import dataclass

from skilldesk.services.workspace import Workspace
from skilldesk.ui.change_hub import ChangeHub
from skilldesk.ui.workers import TaskRunner


@dataclass
class AppContext:
    workspace: Workspace
    tasks: TaskRunner
    hub: ChangeHub

    @classmethod
    def create(cls, workspace: Workspace) -> AppContext:
        hub = ChangeHub()
        return cls(workspace, TaskRunner(hub), hub)

    def open_plan(self, plan_id: int, field: str = "") -> None:
        self.hub.plan_requested.emit(plan_id, field)

    def shutdown(self) -> None:
        """Stop background work (writes finish or roll back); the workspace stays open."""
        self.tasks.shutdown()
