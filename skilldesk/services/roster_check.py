"""Checking a roster file without touching the store (kept free of SQLAlchemy: it starts fast)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skilldesk.core.findings import ERROR, Finding
from skilldesk.core.roster_data import RosterCheck
from skilldesk.core.rules.roster import check_roster
from skilldesk.files.roster_reader import RosterSheet, read_roster

REQUIRED_COLUMNS = ("name", "id_number", "phone")


@dataclass
class RosterFileCheck:
    """A roster file as read, and what checking it found."""

    sheet: RosterSheet
    check: RosterCheck

    @property
    def row_count(self) -> int:
        return len(self.check.rows)

    @property
    def findings(self) -> list[Finding]:
        return self.check.findings

    def to_json(self) -> dict[str, Any]:
        findings = self.findings
        errors = sum(1 for f in findings if f.severity == ERROR)
        return {
            "rows": self.row_count,
            "errors": errors,
            "warnings": len(findings) - errors,
            "findings": [f.to_json() for f in findings],
            "derived": [d.to_json() for d in self.check.derived],
        }


def column_findings(sheet: RosterSheet) -> list[Finding]:
    return [
        Finding(
            "COLUMN_MISSING",
            ERROR,
            f"文件中没有「{label}」列。请在表头行加上这一列（第{sheet.header_row}行）。",
            row=sheet.header_row,
            field=label,
        )
        for label in sheet.missing_columns(REQUIRED_COLUMNS)
    ]


def check_roster_file(
    path: Path,
    *,
    reference_date: dt.date | None = None,
    today: dt.date | None = None,
) -> RosterFileCheck:
    """Read and check a roster workbook; changes nothing. Raises RosterReadError if unreadable."""
    today = today or dt.date.today()
    sheet = read_roster(path)
    check = check_roster(sheet.rows, reference_date=reference_date or today, today=today)
    check.file_findings[:0] = column_findings(sheet)
    return RosterFileCheck(sheet, check)
