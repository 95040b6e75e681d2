"""The plan form checked as it stands, before 保存 writes it: the panel shows the check of what
was loaded, and a date changed since (a slip of the mouse wheel) must not be saved unseen."""

from __future__ import annotations

from collections.abc import Sequence

from skilldesk.core.findings import ERROR, Finding
from skilldesk.core.plan_data import TIMELINE_KEYS, ExamSessionData, PlanData, Subject
from skilldesk.core.rules.timeline import check_plan
from skilldesk.services.plan_state import PlanEdits, PlanState

_SUBJECTS: dict[str, Subject] = {
    "theory": "theory",
    "practical": "practical",
    "comprehensive": "comprehensive",
}


def edits_as_plan_data(edits: PlanEdits) -> PlanData:
    fields = edits.fields
    data = PlanData(
        occupation=fields.occupation,
        occupation_code=fields.occupation_code or None,
        level=fields.level,
        submitted_on=edits.submitted_on,
    )
    for key in TIMELINE_KEYS:
        setattr(data, key, edits.timeline.get(key))
    data.sessions = [
        ExamSessionData(subject=_SUBJECTS.get(s.subject, "theory"), start=s.start, end=s.end)
        for s in edits.sessions
    ]
    return data


def recheck(state: PlanState, edits: PlanEdits) -> list[Finding]:
    """The check the panel would show for the form as it stands: the timeline rules over the
    edits, plus the store-level findings (scope, site, examiners) of the plan as loaded."""
    loaded_timeline = check_plan(state.plan_data, state.profile, today=state.today)
    timeline = {_identity(f) for f in loaded_timeline}
    store_level = [f for f in state.check.findings if _identity(f) not in timeline]
    return [*check_plan(edits_as_plan_data(edits), state.profile, today=state.today), *store_level]


def new_errors(shown: Sequence[Finding], rechecked: Sequence[Finding]) -> list[Finding]:
    """Errors of the recheck the user has not been shown."""
    seen = {_identity(f) for f in shown}
    return [f for f in rechecked if f.severity == ERROR and _identity(f) not in seen]


def _identity(finding: Finding) -> tuple[str, str | None, str]:
    return finding.code, finding.field, finding.message
