"""Where a finding is, in the words a user reads: one answer for the CLI, JSON and reports.

Checks name a field in the vocabulary of their source: a roster column by its Chinese header
(`证件号码`), a plan or scheme by the file's key (`score_notice_end`, `sessions[1]`, `level`).
Keys are shown by their Chinese label so no English key reaches a user.
"""

from __future__ import annotations

import re
from typing import Protocol

from skilldesk.core.plan_data import TIMELINE_LABELS


class Located(Protocol):
    """What a finding says of its place (core/findings.Finding has these)."""

    @property
    def file(self) -> str | None: ...
    @property
    def row(self) -> int | None: ...
    @property
    def record(self) -> str | None: ...
    @property
    def field(self) -> str | None: ...


FIELD_LABELS: dict[str, str] = {
    **TIMELINE_LABELS,
    "level": "等级",
    "levels": "等级",
    "site": "考点",
    "examiners": "考评员",
    "self_made_share": "试题资源",
    "occupation_code": "职业编码",
}
_SESSION = re.compile(r"sessions\[(\d+)\]")


def field_label(field: str | None) -> str:
    """`「成绩公示结束时间」` for a key, `「证件号码」` for a column, `第2场考试` for `sessions[1]`."""
    if not field:
        return ""
    session = _SESSION.fullmatch(field)
    if session:
        return f"第{int(session.group(1)) + 1}场考试"
    return f"「{FIELD_LABELS.get(field, field)}」"


def place_of(finding: Located) -> str:
    """File, row, record and field, coarse to fine: `a.jpg 第5行`, `第4行「证件号码」`,
    `电工「职业编码」`, `第1项「等级」`; empty when the finding is about the whole thing checked."""
    parts = [finding.file or "", f"第{finding.row}行" if finding.row is not None else ""]
    parts.append(finding.record or "")
    text = " ".join(part for part in parts if part)
    label = field_label(finding.field)
    # A bracketed label reads as part of what precedes it (第4行「证件号码」); a session does not.
    joiner = " " if text and label and not label.startswith("「") else ""
    return text + joiner + label
