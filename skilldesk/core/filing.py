"""Filing statuses shared by exam-site filings and schemes: draft → 待审核 → 通过 / 不通过."""

from __future__ import annotations

DRAFT = "draft"
PENDING = "待审核"  # submitted, awaiting the evaluation center
APPROVED = "通过"
REJECTED = "不通过"
STATUSES: tuple[str, ...] = (DRAFT, PENDING, APPROVED, REJECTED)
STATUS_LABELS: dict[str, str] = {
    DRAFT: "草稿",
    PENDING: "待审核",
    APPROVED: "通过",
    REJECTED: "不通过",
}
# Only what the center has not got, or has sent back, may be changed.
EDITABLE: tuple[str, ...] = (DRAFT, REJECTED)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def is_editable(status: str) -> bool:
    return status in EDITABLE
