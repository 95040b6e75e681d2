"""A candidate over a batch's life: withdraw (退考) and reinstate, move to another plan, remove.

Every action names candidates of one plan by their record ids (the window's selection); the
command line finds those ids by ID number (`candidate_ids_by_number`). Each runs in one unit of
work and refuses as a whole — changing nothing — when any candidate cannot be acted on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from skilldesk.core.candidate_status import ACTIVE, WITHDRAWN, is_late_addition, status_label
from skilldesk.core.errors import UserFacingError
from skilldesk.core.models import Attachment, Candidate, Plan, utc_now
from skilldesk.core.rules.identity import mask_id_number, normalize_id_number
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.services.plans import get_plan_row, plan_was_submitted

PHOTO_KIND = "photo"  # as services/photo_store.py stores a candidate's photo
REASON_MAX = 200


class CandidateActionRefused(UserFacingError):
    """A candidate action that cannot be done as asked; the message says why, in Chinese."""


@dataclass(frozen=True)
class CandidateRef:
    """A candidate as messages and the JSON name them."""

    id: int
    name: str
    id_number: str

    @property
    def label(self) -> str:
        return f"{self.name}（{mask_id_number(self.id_number)}）"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "id_number": self.id_number}


@dataclass(frozen=True)
class StatusChange:
    """What a withdraw or reinstate did: `changed`, and those already in that state."""

    plan_id: int
    status: str  # the state they are in now
    changed: tuple[CandidateRef, ...]
    unchanged: tuple[CandidateRef, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan_id,
            "status": self.status,
            "status_label": status_label(self.status),
            "changed": [c.to_json() for c in self.changed],
            "unchanged": [c.to_json() for c in self.unchanged],
        }


@dataclass(frozen=True)
class MoveResult:
    from_plan_id: int
    to_plan_id: int
    moved: tuple[CandidateRef, ...]
    photos: int  # photos that went along
    attachments: int  # other attachments that went along
    late: int  # marked as late additions (补报) to the plan they joined

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.from_plan_id,
            "to_plan": self.to_plan_id,
            "moved": [c.to_json() for c in self.moved],
            "photos": self.photos,
            "attachments": self.attachments,
            "late": self.late,
        }


@dataclass(frozen=True)
class CandidateRemoval:
    """What removing candidates takes with it: shown for confirmation, then done."""

    plan_id: int
    candidates: tuple[CandidateRef, ...]
    photos: int
    attachments: int  # besides photos: ID copies, diplomas, certificates, proofs
    removed: bool  # False: only the summary, nothing removed yet

    def describe(self) -> str:
        what = f"{len(self.candidates)} 名考生"
        extras = [f"照片 {self.photos} 张" if self.photos else ""]
        extras.append(f"其他附件 {self.attachments} 份" if self.attachments else "")
        extras = [e for e in extras if e]
        return what + (f"，连同{'、'.join(extras)}" if extras else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan_id,
            "removed": self.removed,
            "candidates": [c.to_json() for c in self.candidates],
            "photos": self.photos,
            "attachments": self.attachments,
        }


def candidate_ids_by_number(store: Store, plan_id: int, id_numbers: Iterable[str]) -> list[int]:
    """The plan's candidates with these ID numbers, in the order given; refuses naming the
    numbers the plan has no candidate for."""
    wanted = list(dict.fromkeys(normalize_id_number(n) for n in id_numbers if n.strip()))
    if not wanted:
        raise CandidateActionRefused("请给出至少一个证件号码。")
    with store.session() as session:
        plan = _plan(session, plan_id)
        rows = session.execute(
            select(Candidate.id_number, Candidate.id).where(Candidate.plan_id == plan_id)
        ).all()
    by_number: dict[str, int] = {}
    for number, cid in rows:
        by_number.setdefault(number, cid)
        by_number.setdefault(normalize_id_number(number), cid)
    missing = [n for n in wanted if n not in by_number]
    if missing:
        shown = "、".join(mask_id_number(n) for n in missing)
        raise CandidateActionRefused(
            f"评价计划「{plan.title}」中没有证件号码为 {shown} 的考生，未做任何改动。"
        )
    return [by_number[n] for n in wanted]


def withdraw_candidates(
    store: Store, plan_id: int, candidate_ids: Sequence[int], reason: str
) -> StatusChange:
    """Mark candidates withdrawn (已退考) with the reason; they stay on the roster, out of every
    count, export and list of who sits the exam, until reinstated."""
    reason = " ".join(reason.split())
    if not reason:
        raise CandidateActionRefused("请填写退考原因。")
    if len(reason) > REASON_MAX:
        raise CandidateActionRefused(f"退考原因太长了（最多 {REASON_MAX} 个字）。")
    with unit_of_work(store) as uow:
        candidates = _candidates(uow.session, plan_id, candidate_ids)
        changed, unchanged = [], []
        now = utc_now()
        for candidate in candidates:
            if candidate.status == WITHDRAWN:
                unchanged.append(_ref(candidate))
                continue
            candidate.status = WITHDRAWN
            candidate.withdraw_reason = reason
            candidate.withdrawn_at = now
            changed.append(_ref(candidate))
        return StatusChange(plan_id, WITHDRAWN, tuple(changed), tuple(unchanged))


def reinstate_candidates(store: Store, plan_id: int, candidate_ids: Sequence[int]) -> StatusChange:
    """Take withdrawn candidates back onto the plan (报考中); the withdrawal reason is cleared."""
    with unit_of_work(store) as uow:
        candidates = _candidates(uow.session, plan_id, candidate_ids)
        changed, unchanged = [], []
        for candidate in candidates:
            if candidate.status != WITHDRAWN:
                unchanged.append(_ref(candidate))
                continue
            candidate.status = ACTIVE
            candidate.withdraw_reason = None
            candidate.withdrawn_at = None
            changed.append(_ref(candidate))
        return StatusChange(plan_id, ACTIVE, tuple(changed), tuple(unchanged))


def move_candidates(
    store: Store,
    plan_id: int,
    candidate_ids: Sequence[int],
    to_plan_id: int,
    *,
    today: dt.date | None = None,
) -> MoveResult:
    """Move candidates, with their photos and attachments, to another plan of the same
    occupation. Refused as a whole if the other plan is of another occupation or already has a
    candidate with one of their ID numbers, or if either plan has been submitted."""
    today = today or dt.date.today()
    with unit_of_work(store, today=today) as uow:
        session = uow.session
        source = _plan(session, plan_id)
        target = _plan(session, to_plan_id)
        if target.id == source.id:
            raise CandidateActionRefused("要移去的评价计划就是考生所在的计划。")
        if target.occupation != source.occupation:
            raise CandidateActionRefused(
                f"只能移到同一职业（工种）的评价计划：「{source.title}」是{source.occupation}，"
                f"「{target.title}」是{target.occupation}。"
            )
        for plan in (source, target):
            _refuse_if_submitted(plan, "移动考生", hint="如考生不再参加本批次，请改为退考。")
        candidates = _candidates(session, plan_id, candidate_ids)
        taken = set(
            session.scalars(
                select(Candidate.id_number).where(
                    Candidate.plan_id == target.id,
                    Candidate.id_number.in_([c.id_number for c in candidates]),
                )
            )
        )
        clashes = [_ref(c).label for c in candidates if c.id_number in taken]
        if clashes:
            raise CandidateActionRefused(
                f"评价计划「{target.title}」中已有相同证件号码的考生：{'、'.join(clashes)}，"
                "未移动任何考生。"
            )
        photos, others = _attachment_counts(session, [c.id for c in candidates])
        late = is_late_addition(target, today)
        for candidate in candidates:
            candidate.plan_id = target.id  # attachments belong to the candidate: they go along
            candidate.added_late = late
        return MoveResult(
            source.id,
            target.id,
            tuple(_ref(c) for c in candidates),
            photos,
            others,
            len(candidates) if late else 0,
        )


def candidate_removal(store: Store, plan_id: int, candidate_ids: Sequence[int]) -> CandidateRemoval:
    """What removing these candidates would take with them (nothing is removed)."""
    with store.session() as session:
        return _removal(session, plan_id, candidate_ids, removed=False)


def remove_candidates(store: Store, plan_id: int, candidate_ids: Sequence[int]) -> CandidateRemoval:
    """Delete candidates with their photos and attachments. Refused in a submitted plan: a
    candidate the center has seen leaves by withdrawing (退考), which keeps the record."""
    with unit_of_work(store) as uow:
        session = uow.session
        _refuse_if_submitted(_plan(session, plan_id), "删除考生", hint="请改为退考。")
        removal = _removal(session, plan_id, candidate_ids, removed=True)
        for candidate in _candidates(session, plan_id, candidate_ids):
            session.delete(candidate)
        return removal


def _removal(
    session: Session, plan_id: int, candidate_ids: Sequence[int], *, removed: bool
) -> CandidateRemoval:
    candidates = _candidates(session, plan_id, candidate_ids)
    photos, others = _attachment_counts(session, [c.id for c in candidates])
    return CandidateRemoval(plan_id, tuple(_ref(c) for c in candidates), photos, others, removed)


def _attachment_counts(session: Session, candidate_ids: list[int]) -> tuple[int, int]:
    if not candidate_ids:
        return 0, 0
    rows = session.execute(
        select(Attachment.kind == PHOTO_KIND, func.count())
        .where(Attachment.candidate_id.in_(candidate_ids))
        .group_by(Attachment.kind == PHOTO_KIND)
    ).all()
    counts = {bool(is_photo): int(n) for is_photo, n in rows}
    return counts.get(True, 0), counts.get(False, 0)


def _candidates(session: Session, plan_id: int, candidate_ids: Sequence[int]) -> list[Candidate]:
    """The plan's candidates with these ids, in the order given; refused if any is not there."""
    wanted = list(dict.fromkeys(candidate_ids))
    if not wanted:
        raise CandidateActionRefused("没有选中考生。")
    _plan(session, plan_id)
    found = {
        c.id: c
        for c in session.scalars(
            select(Candidate).where(Candidate.plan_id == plan_id, Candidate.id.in_(wanted))
        )
    }
    missing = [i for i in wanted if i not in found]
    if missing:
        raise CandidateActionRefused(
            f"有 {len(missing)} 名选中的考生已不在本计划中（可能已被删除或移走），未做任何改动。"
            "请刷新名册后重试。"
        )
    return [found[i] for i in wanted]


def _plan(session: Session, plan_id: int) -> Plan:
    return get_plan_row(session, plan_id)


def _refuse_if_submitted(plan: Plan, action: str, *, hint: str) -> None:
    if plan_was_submitted(plan):
        raise CandidateActionRefused(
            f"评价计划「{plan.title}」已提交评价中心，不能{action}。{hint}"
        )


def _ref(candidate: Candidate) -> CandidateRef:
    return CandidateRef(candidate.id, candidate.name, candidate.id_number)
