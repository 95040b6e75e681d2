"""The shapes a roster takes between reading and checking: raw rows in, checked rows out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from skilldesk.core.findings import Finding

CellValue = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None


@dataclass(slots=True)
class RawRow:
    """One candidate row as read from a file: cell values keyed by field attr (see fields.py).

    `row` is the row number as Excel shows it (1-based, title and header rows counted). Values
    are what the reader got: text, numbers (an ID typed into a number cell arrives as a float),
    dates, or None for an empty cell. Columns the file does not have are absent from `values`.
    """

    row: int
    values: dict[str, CellValue]


@dataclass(frozen=True, slots=True)
class Derived:
    """A value SkillDesk filled into an empty cell, and why (e.g. gender from the ID number)."""

    row: int
    field: str  # canonical Chinese column name
    value: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "value": self.value, "message": self.message}


@dataclass(slots=True)
class CheckedRow:
    """A row after normalisation and checking. `values` holds clean text (dates as date)."""

    row: int
    values: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)
    derived: list[Derived] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


@dataclass(slots=True)
class RosterCheck:
    """The outcome of checking a whole roster."""

    rows: list[CheckedRow]
    file_findings: list[Finding] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        result = list(self.file_findings)
        for row in self.rows:
            result.extend(row.findings)
        return result

    @property
    def derived(self) -> list[Derived]:
        return [d for row in self.rows for d in row.derived]
