"""The record of each roster import, and undoing a plan's latest one (撤销导入).

An import that added or changed candidates records, per candidate, the version it left and the
values before and after. Undoing deletes the candidates it added and puts back the values it
changed — but only while nothing else touched them since: the unit of work raises a record's
version with every change, so a candidate not at the version the import left was touched, and
the refusal says by what (deleted, moved, withdrawn, which fields edited, photo changed).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from skilldesk.core.candidate_status import WITHDRAWN
from skilldesk.core.errors import UserFacingError
from skilldesk.core.fields import ATTRS, LABELS
from skilldesk.core.findings import ERROR, Finding
from skilldesk.core.models import Candidate, ImportBatch, ImportBatchItem, Plan, utc_now
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work

ADDED = "added"
CHANGED = "changed"


class NothingToUndo(UserFacingError):
    """The plan has no import that can still be undone."""


def record_import(
    session: Session,
    plan_id: int,
    file_name: str,
    *,
    added: Mapping[int, Mapping[str, Any]],
    changed: Mapping[int, Mapping[str, Any]],
    before: Mapping[int, Mapping[str, Any]],
) -> int | None:
    """Record an import just written in `session` (candidate id → values); returns its id.

    An import that changed nothing is not recorded: undoing it would do nothing, and "the last
    import" the user means is the one that did something. Only the latest import of a plan can
    be undone, so the per-candidate values of the plan's earlier imports are dropped.
    """
    if not added and not changed:
        return None
    ids = [*added, *changed]
    versions: dict[int, int] = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        query = select(Candidate.id, Candidate.version).where(Candidate.id.in_(chunk))
        versions.update((cid, version) for cid, version in session.execute(query))
    earlier = select(ImportBatch.id).where(ImportBatch.plan_id == plan_id)
    session.execute(delete(ImportBatchItem).where(ImportBatchItem.batch_id.in_(earlier)))
    batch = ImportBatch(
        plan_id=plan_id, file_name=file_name[:260], added=len(added), changed=len(changed)
    )
    session.add(batch)
    session.flush()
    # One executemany, not 10,000 ORM objects: recording an import must not cost more than it.
    rows = [
        {
            "batch_id": batch.id,
            "candidate_id": cid,
            "action": ADDED,
            "version_after": versions[cid],
            "before": None,
            "after": _dumps(values),
        }
        for cid, values in added.items()
    ] + [
        {
            "batch_id": batch.id,
            "candidate_id": cid,
            "action": CHANGED,
            "version_after": versions[cid],
            "before": _dumps(before[cid]),
            "after": _dumps(values),
        }
        for cid, values in changed.items()
    ]
    session.execute(insert(ImportBatchItem), rows)
    return batch.id


@dataclass(frozen=True)
class LastImport:
    """A plan's latest import, as the roster page offers to undo it."""

    batch_id: int
    plan_id: int
    file_name: str
    imported_at: dt.datetime  # UTC
    added: int
    changed: int
    undone_at: dt.datetime | None

    @property
    def undoable(self) -> bool:
        return self.undone_at is None

    def to_json(self) -> dict[str, Any]:
        return {
            "batch": self.batch_id,
            "plan": self.plan_id,
            "file": self.file_name,
            "imported_at": self.imported_at.isoformat(" ", "seconds"),
            "added": self.added,
            "changed": self.changed,
            "undone": self.undone_at is not None,
        }


@dataclass(frozen=True)
class TouchedSince:
    """A candidate the import touched that something else touched after it."""

    candidate_id: int
    name: str
    what: str  # in Chinese: 已被删除, 已移到…, 已退考, 已修改：手机号码…

    def finding(self) -> Finding:
        return Finding(
            "IMPORT_UNDO_BLOCKED",
            ERROR,
            f"考生「{self.name}」在导入之后{self.what}。",
            record=f"考生「{self.name}」",
        )


@dataclass(frozen=True)
class UndoResult:
    """What undoing did (`undone`), or why it was refused (`touched`: nothing was changed)."""

    last: LastImport
    undone: bool
    removed: int = 0  # candidates the import added, deleted again
    restored: int = 0  # candidates the import changed, given back their values
    touched: tuple[TouchedSince, ...] = ()

    @property
    def findings(self) -> list[Finding]:
        return [t.finding() for t in self.touched]

    def to_json(self) -> dict[str, Any]:
        return {
            **self.last.to_json(),
            "undone": self.undone,
            "removed": self.removed,
            "restored": self.restored,
            "errors": len(self.touched),
            "warnings": 0,
            "findings": [f.to_json() for f in self.findings],
        }


def last_import(store: Store, plan_id: int) -> LastImport | None:
    """The plan's latest recorded import (undone or not), or None."""
    with store.session() as session:
        batch = _latest_batch(session, plan_id)
        return None if batch is None else _last(batch)


def undo_last_import(store: Store, plan_id: int) -> UndoResult:
    """Undo the plan's latest import, or refuse — changing nothing — naming every candidate
    touched since and by what. NothingToUndo when there is no import left to undo."""
    with unit_of_work(store) as uow:
        session = uow.session
        batch = _latest_batch(session, plan_id)
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise LookupError(f"找不到评价计划 {plan_id}。")
        if batch is None:
            raise NothingToUndo(f"评价计划「{plan.title}」还没有导入过名册，没有可撤销的导入。")
        if batch.undone_at is not None:
            raise NothingToUndo(
                f"评价计划「{plan.title}」最近一次导入（{batch.file_name}）已经撤销过了："
                "只能撤销最近一次导入。"
            )
        last = _last(batch)
        pairs = [(item, session.get(Candidate, item.candidate_id)) for item in batch.items]
        touched = tuple(
            t for item, c in pairs if (t := _touched_since(session, batch, item, c)) is not None
        )
        if touched:
            return UndoResult(last, undone=False, touched=touched)
        removed = restored = 0
        for item, candidate in pairs:
            assert candidate is not None  # _touched_since reports a missing one
            if item.action == ADDED:
                session.delete(candidate)
                removed += 1
            else:
                for attr, value in _loads(item.before).items():
                    setattr(candidate, attr, value)
                restored += 1
        batch.undone_at = utc_now()
        batch.items.clear()  # the values before are not needed any more: personal data goes
        return UndoResult(_last(batch), undone=True, removed=removed, restored=restored)


def _touched_since(
    session: Session, batch: ImportBatch, item: ImportBatchItem, candidate: Candidate | None
) -> TouchedSince | None:
    after = _loads(item.after)
    name = str(after.get("name") or "")
    if candidate is None:
        return TouchedSince(item.candidate_id, name, "已被删除")
    if candidate.version == item.version_after and candidate.plan_id == batch.plan_id:
        return None
    name = candidate.name or name
    if candidate.plan_id != batch.plan_id:
        other = session.get(Plan, candidate.plan_id)
        where = f"评价计划「{other.title}」" if other else "其他评价计划"
        return TouchedSince(candidate.id, name, f"已移到{where}")
    reasons: list[str] = []
    if candidate.status == WITHDRAWN:
        reasons.append("已退考")
    edited = [LABELS[a] for a in ATTRS if a in after and getattr(candidate, a) != after[a]]
    if edited:
        reasons.append(f"已修改{'、'.join(edited)}")
    if any(a.updated_at > batch.imported_at for a in candidate.attachments):
        reasons.append("照片或附件有变动")
    if not reasons:
        reasons.append(
            f"又有过改动（导入后为第 {item.version_after} 版，现在是第 {candidate.version} 版）"
        )
    return TouchedSince(candidate.id, name, "，".join(reasons))


def _latest_batch(session: Session, plan_id: int) -> ImportBatch | None:
    query = (
        select(ImportBatch)
        .where(ImportBatch.plan_id == plan_id)
        .order_by(ImportBatch.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def _last(batch: ImportBatch) -> LastImport:
    return LastImport(
        batch_id=batch.id,
        plan_id=batch.plan_id,
        file_name=batch.file_name,
        imported_at=batch.imported_at,
        added=batch.added,
        changed=batch.changed,
        undone_at=batch.undone_at,
    )


def _dumps(values: Mapping[str, Any]) -> str:
    return json.dumps({attr: values.get(attr) for attr in ATTRS}, ensure_ascii=False)


def _loads(text: str | None) -> dict[str, Any]:
    data = json.loads(text or "{}")
    return {attr: data[attr] for attr in ATTRS if attr in data}
