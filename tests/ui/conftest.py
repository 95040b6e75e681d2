"""UI fixtures: offscreen Qt, a context and window over a fresh workspace, recorded dialogs."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything loads Qt

import sys  # noqa: E402
from collections.abc import Callable, Iterator, Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

import PySide6  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from skilldesk.core.models import Candidate  # noqa: E402
from skilldesk.core.unit_of_work import unit_of_work  # noqa: E402
from skilldesk.services.plans import create_plan  # noqa: E402
from skilldesk.services.workspace import Workspace  # noqa: E402
from skilldesk.ui.context import AppContext  # noqa: E402
from skilldesk.ui.main_window import MainWindow  # noqa: E402

if sys.version_info < (3, 12) and PySide6.__version_info__[:3] == (6, 12, 0):
    # Every Python override that returns None (a model's data(), an event handler) and every
    # queued signal drops a reference to None or True; on 3.11 the interpreter aborts.
    pytest.exit(
        "PySide6 6.12.0 corrupts reference counts on Python < 3.12 and aborts the run; "
        "install PySide6-Essentials<6.12 (6.11.3 works).",
        returncode=3,
    )


@dataclass
class Dialogs:
    """Message boxes the code under test opened, instead of blocking on them."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _title, text in self.shown if kind is None or k == kind]


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    record = Dialogs()

    def fake(kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def show(_parent: Any, title: str, text: str, *_args: Any, **_kwargs: Any) -> Any:
            record.shown.append((kind, title, text))
            return record.answer if kind == "question" else QMessageBox.StandardButton.Ok

        return show

    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake(kind)))
    return record


@pytest.fixture
def ctx(qapp: Any, workspace: Workspace) -> Iterator[AppContext]:
    context = AppContext.create(workspace)
    yield context
    context.shutdown()


@pytest.fixture
def window(qtbot: Any, ctx: AppContext) -> MainWindow:
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    return main


PlanFactory = Callable[..., int]


@pytest.fixture
def add_plan(workspace: Workspace) -> PlanFactory:
    """Create a plan holding `people` (dicts of candidate fields); returns its id."""

    def make(
        occupation: str = "电工", level: int = 4, people: Sequence[dict[str, Any]] = ()
    ) -> int:
        plan = create_plan(workspace.store, occupation, level)
        if people:
            # Through the unit of work, as every write: it keeps the plan's roster summary true.
            with unit_of_work(workspace.store) as uow:
                uow.session.add_all(Candidate(plan_id=plan.id, **p) for p in people)
        return plan.id

    return make
