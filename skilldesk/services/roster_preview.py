"""What a roster import would do, as the import dialog and `roster import --dry-run` show it.

Built by the same decision the import itself makes (services/roster.py `decide_roster`), so a
preview the user confirmed is exactly what gets written — or, if the roster changed in
between, refused as out of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skilldesk.core.fields import LABELS
from skilldesk.core.findings import ERROR, Finding
from skilldesk.core.roster_data import RosterCheck
from skilldesk.core.rules.identity import mask_id_number
from skilldesk.files.roster_reader import RosterSheet
from skilldesk.services.roster_merge import shown_value


@dataclass(frozen=True)
class FieldChange:
    """One field an import changes on a stored candidate: old → new."""

    attr: str
    old: Any
    new: Any

    @property
    def label(self) -> str:
        return LABELS[self.attr]

    def describe(self) -> str:
        """`手机号码：138****5678 → 139****4321`, contact details masked as messages show them."""
        return f"{self.label}：{self._shown(self.old)} → {self._shown(self.new)}"

    def _shown(self, value: Any) -> str:
        if value is None or value == "":
            return "（空）"
        return shown_value(self.attr, str(value))

    def to_json(self) -> dict[str, Any]:
        return {"field": self.label, "attr": self.attr, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class PlannedRow:
    """A row of the file the import adds (candidate_id None) or changes a candidate with."""

    row: int  # as Excel numbers it
    name: str
    id_number: str
    candidate_id: int | None = None
    changes: tuple[FieldChange, ...] = ()
    late: bool = False  # added after the plan's pre-notice started (补报)
    withdrawn: bool = False  # the stored candidate has withdrawn (已退考)

    @property
    def label(self) -> str:
        """`第5行 张三（330822********3420）`."""
        return f"第{self.row}行 {self.name}（{mask_id_number(self.id_number)}）"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"row": self.row, "name": self.name, "id_number": self.id_number}
        if self.candidate_id is None:
            data["late"] = self.late
        else:
            data["candidate"] = self.candidate_id
            data["withdrawn"] = self.withdrawn
            data["changes"] = [change.to_json() for change in self.changes]
        return data


@dataclass(frozen=True)
class ImportOutcome:
    """What an import does (or did): the counts and rows both the preview and the result show."""

    plan_id: int
    rows: int
    added: tuple[PlannedRow, ...] = ()
    changed: tuple[PlannedRow, ...] = ()
    unchanged: int = 0
    refused: tuple[Finding, ...] = ()  # ROW_NOT_IMPORTED, each with its reason
    findings: tuple[Finding, ...] = ()  # everything found, the refusals included

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def late_rows(self) -> list[int]:
        return [row.row for row in self.added if row.late]

    def counts_json(self) -> dict[str, Any]:
        """The keys `roster import --json` has always printed, and the late additions."""
        return {
            "plan": self.plan_id,
            "rows": self.rows,
            "added": len(self.added),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
            "skipped": len(self.refused),
            "late": len(self.late_rows),
            "late_rows": self.late_rows,
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass(frozen=True)
class ImportPreview:
    """An import decided but not written: show `outcome`, then `confirm_roster_import(store, it)`.

    Keeps the file as read and checked, so confirming neither reads nor checks it again.
    """

    outcome: ImportOutcome
    file: Path
    sheet: RosterSheet = field(repr=False, compare=False)
    check: RosterCheck = field(repr=False, compare=False)
    checked_at: dt.date = field(compare=False)
    today: dt.date = field(compare=False)

    @property
    def plan_id(self) -> int:
        return self.outcome.plan_id

    def to_json(self) -> dict[str, Any]:
        outcome = self.outcome
        return {
            **outcome.counts_json(),
            "dry_run": True,
            "file": str(self.file),
            "added_rows": [row.to_json() for row in outcome.added],
            "changed_rows": [row.to_json() for row in outcome.changed],
            "refused_rows": [{"row": f.row, "reason": f.message} for f in outcome.refused],
            "findings": [f.to_json() for f in outcome.findings],
        }
