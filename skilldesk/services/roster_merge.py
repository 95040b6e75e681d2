"""What a re-imported roster row may change on a stored candidate, and which rows may not be keyed.

Two rules protect what is stored (issue 8, "Nothing lost"):
- An import into an existing candidate changes only what the file holds. A column the file
  lacks, or an empty cell, keeps the stored value: a workbook cannot tell "clear this" from
  "not filled in", and clearing is done in the window, one field at a time. An invalid value
  (one the roster check reports as wrong in itself or at odds with the ID number) never replaces
  a valid stored one. Each kept value is reported as VALUE_KEPT, naming the value kept.
- A row whose key (证件号码) is malformed is not added as a new candidate: a typo'd number would
  become a second person once the typo is corrected. A row whose malformed number equals a
  stored candidate's exactly still updates that candidate: it adds no one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from skilldesk.core.fields import ATTRS, LABELS
from skilldesk.core.findings import WARNING, Finding
from skilldesk.core.normalize import cell_text
from skilldesk.core.roster_data import CheckedRow, RawRow
from skilldesk.core.rules.identity import mask_id_number
from skilldesk.core.rules.roster import check_candidate_values

ATTR_BY_LABEL = {label: attr for attr, label in LABELS.items()}
# Findings that say a value is wrong in itself, at odds with the ID number, or too long to keep.
INVALID_VALUE_CODES = frozenset(
    {
        "PHONE_FORMAT",
        "EMAIL_FORMAT",
        "DATE_FORMAT",
        "GENDER_UNKNOWN",
        "GENDER_MISMATCH",
        "BIRTHDATE_MISMATCH",
        "EDUCATION_UNKNOWN",
        "ETHNICITY_UNKNOWN",
        "ID_TYPE_UNKNOWN",
        "VALUE_TOO_LONG",
    }
)
# 证件号码 findings that make a number unfit to key a NEW candidate, with the reason shown.
# ID_FORMAT/OTHER_ID_FORMAT: wrong length or characters for the document type. ID_CHECKSUM and
# ID_BIRTHDATE: the shape is right but a digit is wrong — the commonest typo, exactly what must
# not become a second person. VALUE_TOO_LONG: not a number at all. (ID_PRECISION_LOST and an
# empty number are refused for every row, see roster.py.) ID_TYPE_UNKNOWN is not among them:
# with an unknown type the number cannot be judged, and fixing the type later keeps the key.
MALFORMED_KEY_REASONS: dict[str, str] = {
    "ID_FORMAT": "证件号码格式不对",
    "OTHER_ID_FORMAT": "证件号码格式不对",
    "ID_CHECKSUM": "证件号码校验位不符（可能有一位输错）",
    "ID_BIRTHDATE": "证件号码中的出生日期不存在",
    "VALUE_TOO_LONG": "证件号码过长",
}


def malformed_key_reason(row: CheckedRow) -> str | None:
    """Why the row's 证件号码 may not key a new candidate, or None when it may."""
    field = LABELS["id_number"]
    for finding in row.findings:
        if finding.field == field and finding.code in MALFORMED_KEY_REASONS:
            return MALFORMED_KEY_REASONS[finding.code]
    return None


def invalid_attrs(findings: list[Finding]) -> set[str]:
    return {
        ATTR_BY_LABEL[f.field]
        for f in findings
        if f.code in INVALID_VALUE_CODES and f.field in ATTR_BY_LABEL
    }


def merge_into_stored(
    stored: Mapping[str, Any],
    incoming: Mapping[str, Any],
    raw: RawRow,
    checked: CheckedRow,
    *,
    reference_date: dt.date,
    today: dt.date,
) -> tuple[dict[str, Any], list[Finding]]:
    """The values to store for a candidate holding `stored`, given its row in the file (`raw`,
    `checked`, and `incoming` as stored_values makes it), and a VALUE_KEPT warning for each
    stored value kept against a blank or invalid cell. The ID number is the key: always the row's."""
    bad = invalid_attrs(checked.findings)
    stored_bad: set[str] | None = None  # checked only when needed: most rows are clean
    merged: dict[str, Any] = {}
    notes: list[Finding] = []
    for attr in ATTRS:
        new, old = incoming[attr], stored[attr]
        if attr == "id_number" or not old:
            merged[attr] = old if new is None else new  # nothing stored to protect
            continue
        if cell_text(raw.values.get(attr)) is None:
            kind = "为空" if attr in raw.values else None  # a column the file lacks: no remark
        elif attr in bad or new is None:
            if stored_bad is None:
                stored_bad = _stored_invalid(stored, reference_date, today)
            if attr in stored_bad and new is not None:
                merged[attr] = new  # nothing valid to protect: the newest value stays visible
                continue
            kind = "无效" if new is not None else "过长"
        else:
            merged[attr] = new
            continue
        merged[attr] = old
        if kind is not None and old != new:
            notes.append(_kept(attr, kind, old, checked.row))
    return merged, notes


def _stored_invalid(stored: Mapping[str, Any], reference_date: dt.date, today: dt.date) -> set[str]:
    values = {attr: stored[attr] for attr in ATTRS}
    check = check_candidate_values(values, row=0, reference_date=reference_date, today=today)
    return invalid_attrs(check.findings)


def _kept(attr: str, kind: str, value: Any, row: int) -> Finding:
    label = LABELS[attr]
    message = f"{label}{kind}，已保留原值 {shown_value(attr, str(value))}。"
    return Finding("VALUE_KEPT", WARNING, message, row=row, field=label)


def shown_value(attr: str, value: str) -> str:
    """A stored value as a message may show it: contact details masked like ID numbers."""
    if attr == "phone":
        return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 7 else "*" * 4
    if attr == "email":
        local, at, domain = value.partition("@")
        return local[:1] + "*" * (len(local) - 1) + at + domain
    if attr == "id_number":
        return mask_id_number(value)
    return value
