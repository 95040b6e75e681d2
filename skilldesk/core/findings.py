"""One vocabulary for every check: a Finding says what is wrong, where, and how bad."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found by a check.

    `code` is a stable UPPER_SNAKE code (never renamed), `message` is plain Chinese for the user.
    The location is given by whichever of `row` (as Excel numbers it), `field` (the column's
    canonical Chinese name), `file` and `record` apply.
    """

    code: str
    severity: Severity
    message: str
    row: int | None = None
    field: str | None = None
    file: str | None = None
    record: str | None = None
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def where(self) -> str:
        """The location in words a user understands, e.g. `第5行「证件号码」`."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.field:
            parts.append(f"「{self.field}」")
        if self.record:
            parts.append(self.record)
        return " ".join(parts)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key in ("row", "field", "file", "record"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        data.update(code=self.code, severity=self.severity, message=self.message)
        data.update(self.extra)
        return data


def count_by_severity(findings: Iterable[Finding]) -> tuple[int, int]:
    """Return (errors, warnings)."""
    errors = warnings = 0
    for finding in findings:
        if finding.severity == ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings
