"""One plan laid out: its timeline picture on top, the form below, and the findings beside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from skilldesk.core.findings import Finding
from skilldesk.core.store import Store
from skilldesk.services.plan_state import PlanEdits, PlanState, load_plan_state, save_plan_edits
from skilldesk.ui.pages.plan_form import PlanForm, field_key
from skilldesk.ui.widgets.findings_panel import FindingsPanel
from skilldesk.ui.widgets.panes import resizable_panes
from skilldesk.ui.widgets.timeline_layout import TimelinePicture, build_picture
from skilldesk.ui.widgets.timeline_strip import TimelineStrip

# The form field a click on a timeline stage goes to, when the stage has no findings.
STAGE_FIELDS = {
    "registration": "registration_start",
    "pre_notice": "pre_notice_start",
    "ticket_download": "ticket_download_start",
    "score_notice": "score_notice_start",
    "plan_submit": "submitted_on",
    # Counted back from the first exam.
    "approval_form": "evaluation_date",
    "electronic_materials": "evaluation_date",
    "paper_materials": "evaluation_date",
}


@dataclass(frozen=True)
class PlanView:
    """A plan's state and its timeline laid out for the strip (both built off the UI thread)."""

    state: PlanState
    picture: TimelinePicture


def load_plan_view(store: Store, plan_id: int, today: dt.date) -> PlanView:
    return _view(load_plan_state(store, plan_id, today))


def save_plan_view(
    store: Store, plan_id: int, edits: PlanEdits, today: dt.date, expected_version: int
) -> PlanView:
    return _view(save_plan_edits(store, plan_id, edits, today, expected_version=expected_version))


def _view(state: PlanState) -> PlanView:
    return PlanView(state, build_picture(state.plan_data, state.profile, state.today))


class PlanEditor(QWidget):
    """Shows a PlanState; a finding or a stage clicked puts the cursor in its field."""

    changed = Signal()  # the user edited the form

    def __init__(self, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strip = TimelineStrip()
        self.form = PlanForm(today)
        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)
        self.form_area.setWidget(self.form)
        self.findings = FindingsPanel()
        self.splitter = resizable_panes(
            self.form_area, self.findings, sizes=(800, 300), stretch=(3, 1)
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.strip)
        layout.addWidget(self.splitter, 1)
        self.form.changed.connect(self.changed)
        self.findings.chosen.connect(self.focus_field)
        self.strip.stage_clicked.connect(self._stage_clicked)

    def show_view(self, view: PlanView) -> None:
        state = view.state
        self.form.load(state)
        self.strip.set_picture(view.picture)
        self.show_findings(state.check.findings, state.profile.title)

    def show_findings(self, findings: Sequence[Finding], rules: str) -> None:
        self.form.show_findings(findings)
        self.findings.set_findings(findings, field_key, rules)

    def edits(self) -> PlanEdits:
        return self.form.edits()

    def focus_field(self, key: str) -> None:
        widget = self.form.focus_field(key)
        if widget is not None:
            # After the layout has settled, or the scroll lands short of a freshly loaded form.
            QTimer.singleShot(0, self, lambda: self.form_area.ensureWidgetVisible(widget, 40, 80))

    def _stage_clicked(self, stage_key: str) -> None:
        bars = self.strip.picture.bars
        stage = next((b.stage for b in bars if b.stage.key == stage_key), None)
        keys = [field_key(f) for f in stage.findings] if stage is not None else []
        key = next((k for k in keys if k), None) or STAGE_FIELDS.get(stage_key, stage_key)
        self.focus_field(key)
