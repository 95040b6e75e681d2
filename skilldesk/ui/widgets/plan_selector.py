"""The evaluation-plan chooser the roster and photos pages share: a combo filled from a list of
plans that keeps the chosen plan when the list is refilled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

if TYPE_CHECKING:
    from skilldesk.services.plans import PlanSummary


class PlanSelector(QComboBox):
    """Each plan by its title and plan number; the item data is the plan id.

    The page loads the plans in the background and hands them to `set_plans`; the selector does
    no database work. `plan_chosen(plan_id)` says the user chose a plan; a refill stays quiet.
    """

    plan_chosen = Signal(int)

    def __init__(self, *, min_chars: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plans: tuple[PlanSummary, ...] = ()
        self.setMinimumContentsLength(min_chars)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.currentIndexChanged.connect(self._index_changed)

    @property
    def plans(self) -> tuple[PlanSummary, ...]:
        return self._plans

    def plan_id(self) -> int | None:
        """The chosen plan's id, None while there are no plans."""
        plan_id = self.currentData()
        return int(plan_id) if plan_id is not None else None

    def current_plan(self) -> PlanSummary | None:
        plan_id = self.currentData()
        return next((p for p in self._plans if p.id == plan_id), None)

    def set_plans(self, plans: Sequence[PlanSummary], *, prefer: int | None = None) -> None:
        """Offer `plans`; choose `prefer` if given and offered, else keep the plan chosen before,
        else the first. Emits nothing: the caller compares `plan_id()` before and after."""
        wanted = prefer or self.currentData()
        self._plans = tuple(plans)
        self.blockSignals(True)
        self.clear()
        for plan in self._plans:
            text = plan.title
            if plan.plan_number:
                text += self.tr(" · 计划编号 {number}").format(number=plan.plan_number)
            self.addItem(text, plan.id)
        index = self.findData(wanted) if wanted is not None else -1
        self.setCurrentIndex(index if index >= 0 else (0 if self._plans else -1))
        self.blockSignals(False)

    def _index_changed(self, _index: int) -> None:
        plan_id = self.plan_id()
        if plan_id is not None:
            self.plan_chosen.emit(plan_id)
