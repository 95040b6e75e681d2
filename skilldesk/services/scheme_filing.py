"""Saving the annual scheme from its form, then checking or submitting it: the scheme page's
write as one use case (a submission with errors is not attempted; its findings come back)."""

from __future__ import annotations

from typing import Literal

from skilldesk.core.findings import Finding, count_by_severity
from skilldesk.core.store import Store
from skilldesk.services import schemes

Then = Literal["save", "check", "submit"]
SchemeOutcome = tuple[schemes.SchemeInfo, list[Finding] | None]  # the scheme, a check's findings


def save_scheme_form(
    store: Store,
    scheme_id: int,
    fields: schemes.SchemeFields | None,
    then: Then,
    *,
    expected_version: int | None = None,
) -> SchemeOutcome:
    """Save `fields` (None: the scheme cannot be edited), then `check` or `submit` it. A scheme
    changed since the form loaded it at `expected_version` is refused (StaleRecord)."""
    if fields is not None:
        info = schemes.update_scheme(store, scheme_id, fields, expected_version=expected_version)
    else:
        info = schemes.get_scheme(store, scheme_id)
    if then == "save":
        return info, None
    findings = schemes.check_scheme(store, scheme_id)
    if then == "submit" and not count_by_severity(findings)[0]:
        info = schemes.submit_scheme(store, scheme_id)
    return info, findings
