"""The filing state machine: which moves each state allows, and how a refusal reads."""

from __future__ import annotations

import pytest

from skilldesk.core import filing
from skilldesk.core.errors import UserFacingError
from skilldesk.core.filing import (
    APPROVED,
    DRAFT,
    PENDING,
    RECEIVE,
    REJECTED,
    REVIEW,
    SUBMIT,
    SUBMITTED,
    WITHDRAW,
    FilingRefused,
    transition,
)

ALLOWED = {
    (DRAFT, SUBMIT): SUBMITTED,
    (REJECTED, SUBMIT): SUBMITTED,
    (SUBMITTED, WITHDRAW): DRAFT,
    (SUBMITTED, RECEIVE): PENDING,
    (PENDING, REVIEW): APPROVED,
}


def test_the_allowed_moves() -> None:
    assert transition(SUBMITTED, RECEIVE, APPROVED, what="考点“厂区考点”") == APPROVED
    assert transition(PENDING, REVIEW, REJECTED, what="实施方案") == REJECTED
    for (status, action), to in ALLOWED.items():
        assert transition(status, action, to, what="实施方案") == to
    refused = [
        (status, action)
        for status in filing.STATUSES
        for action in filing.ACTION_LABELS
        if (status, action) not in ALLOWED
    ]
    for status, action in refused:
        assert not filing.allows(status, action)
        with pytest.raises(FilingRefused):
            transition(status, action, DRAFT, what="实施方案")


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        (
            SUBMITTED,
            SUBMIT,
            "考点“东校区考点”的状态为“已提交（待上报平台）”，不能提交："
            "只有状态为“草稿”或“不通过”的才能提交。",
        ),
        (
            PENDING,
            WITHDRAW,
            "考点“东校区考点”的状态为“待审核”，不能撤回：只有状态为“已提交（待上报平台）”的才能撤回。",
        ),
        (DRAFT, RECEIVE, "考点“东校区考点”的状态为“草稿”，不能标记为平台已受理："),
        (SUBMITTED, REVIEW, "的状态为“已提交（待上报平台）”，不能录入审核结果：只有状态为“待审核”"),
        (APPROVED, SUBMIT, "的状态为“通过”，不能提交"),
    ],
)
def test_a_refusal_names_the_current_state_and_what_is_needed(
    status: str, action: str, message: str
) -> None:
    with pytest.raises(FilingRefused) as refused:
        transition(status, action, SUBMITTED, what="考点“东校区考点”")
    assert message in str(refused.value)
    assert isinstance(refused.value, UserFacingError)  # the CLI exits 2, the window shows it


def test_drafts_and_rejected_filings_are_editable_and_submitted_ones_withdrawable() -> None:
    assert [s for s in filing.STATUSES if filing.is_editable(s)] == [DRAFT, REJECTED]
    assert [s for s in filing.STATUSES if filing.allows(s, SUBMIT)] == [DRAFT, REJECTED]
    assert filing.withdraw_hint(SUBMITTED) == "它还没有上报平台，可以先撤回。"
    assert filing.withdraw_hint(PENDING) == ""
    assert filing.status_label(SUBMITTED) == "已提交（待上报平台）"


def test_a_target_the_action_cannot_reach_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="receive"):
        transition(SUBMITTED, RECEIVE, REJECTED, what="实施方案")
