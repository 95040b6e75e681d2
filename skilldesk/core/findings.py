"""One vocabulary for every check: a Finding says what is wrong, where, and how bad."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from skilldesk.core.finding_places import place_of

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
        """The place in words a user understands, e.g. `第5行「证件号码」` (see finding_places)."""
        return place_of(self)

    def to_json(self) -> dict[str, Any]:
        """`{code, severity, field, message, where, …}`: `field` is always present (null when the
        finding concerns no single field), `where` is the place in words, then `row`, `file` and
        `record` when set, then the check's extras (e.g. a deadline's `last_day`)."""
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
            "where": self.where,
        }
        for key in ("row", "file", "record"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
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
