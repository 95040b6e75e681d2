"""The filing state machine shared by exam-site filings and schemes.

    draft ──提交──▶ submitted ──平台已受理──▶ 待审核 ──录入审核结果──▶ 通过 / 不通过
      ▲                │                         (an auto-confirmed site: straight to 通过)
      └──────撤回──────┘          不通过 ──提交──▶ submitted

`submitted` is SkillDesk's own: the record is locked, but the provincial platform has not got it
yet, so it may still be withdrawn. Until an outbox reports filings to the platform, staff file
them there by hand and mark them received.
"""

from __future__ import annotations

from skilldesk.core.errors import UserFacingError

DRAFT = "draft"
SUBMITTED = "submitted"  # locked in SkillDesk, not yet on the provincial platform
PENDING = "待审核"  # on the platform, awaiting the evaluation center
APPROVED = "通过"
REJECTED = "不通过"
STATUSES: tuple[str, ...] = (DRAFT, SUBMITTED, PENDING, APPROVED, REJECTED)
STATUS_LABELS: dict[str, str] = {
    DRAFT: "草稿",
    SUBMITTED: "已提交（待上报平台）",
    PENDING: "待审核",
    APPROVED: "通过",
    REJECTED: "不通过",
}

SUBMIT = "submit"
WITHDRAW = "withdraw"
RECEIVE = "receive"  # the platform has the filing (by hand today, from the outbox later)
REVIEW = "review"  # the center's decision
ACTION_LABELS: dict[str, str] = {
    SUBMIT: "提交",
    WITHDRAW: "撤回",
    RECEIVE: "标记为平台已受理",
    REVIEW: "录入审核结果",
}
# (from, action) → the states the action may lead to; every move not listed is refused.
TRANSITIONS: dict[tuple[str, str], tuple[str, ...]] = {
    (DRAFT, SUBMIT): (SUBMITTED,),
    (REJECTED, SUBMIT): (SUBMITTED,),
    (SUBMITTED, WITHDRAW): (DRAFT,),
    (SUBMITTED, RECEIVE): (PENDING, APPROVED),  # 通过: a site that needs no review
    (PENDING, REVIEW): (APPROVED, REJECTED),
}
# Only what the center has not got, or has sent back, may be changed (or deleted).
EDITABLE: tuple[str, ...] = (DRAFT, REJECTED)


class FilingRefused(UserFacingError):
    """A move the filing's current state does not allow; the message names that state."""


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def is_editable(status: str) -> bool:
    return status in EDITABLE


def allows(status: str, action: str) -> bool:
    return (status, action) in TRANSITIONS


def withdraw_hint(status: str) -> str:
    """Ends a refusal to change or delete: a filing the platform has not got can be withdrawn."""
    return "它还没有上报平台，可以先撤回。" if allows(status, WITHDRAW) else ""


def transition(status: str, action: str, to: str, *, what: str) -> str:
    """`to`, when `action` may take a filing from `status` there; otherwise FilingRefused.

    `what` names the record for the message, e.g. `考点“东校区考点”` or `实施方案`.
    """
    targets = TRANSITIONS.get((status, action))
    if targets is None:
        verb = ACTION_LABELS[action]
        sources = "或".join(f"“{status_label(s)}”" for s, a in TRANSITIONS if a == action)
        raise FilingRefused(
            f"{what}的状态为“{status_label(status)}”，不能{verb}：只有状态为{sources}的才能{verb}。"
        )
    if to not in targets:
        raise ValueError(f"{action} leads from {status!r} to {targets}, not to {to!r}")
    return to
