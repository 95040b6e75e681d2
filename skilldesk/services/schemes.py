"""The annual implementation scheme (实施方案, attachment 8): edit, check, submit, withdraw, mark
received, review."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from skilldesk.core import filing
from skilldesk.core.errors import UserFacingError
from skilldesk.core.findings import Finding, count_by_severity
from skilldesk.core.levels import LEVEL_NAMES, level_name
from skilldesk.core.models import Scheme
from skilldesk.core.normalize import clean_text
from skilldesk.core.rules.resources import check_level_in_scope, check_self_made_share
from skilldesk.core.store import Store

PEOPLE = ("staff", "examiners", "supervisors")  # 考务人员, 考评人员, 内部质量督导人员
TEXTS = ("content", "conditions", "methods", "question_sources", "notes")
_WHAT = "实施方案"  # how refusals name it


class SchemeError(UserFacingError):
    """A scheme change that cannot be made; the message says why, in Chinese."""


@dataclass(frozen=True)
class SchemeItem:
    """One row of attachment 8 §一: occupation (工种), levels and the planned evaluation time."""

    occupation: str
    levels: tuple[int, ...]
    work_type: str | None = None
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "occupation": self.occupation,
            "work_type": self.work_type,
            "levels": list(self.levels),
            "planned_start": self.planned_start.isoformat() if self.planned_start else None,
            "planned_end": self.planned_end.isoformat() if self.planned_end else None,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SchemeItem:
        def day(key: str) -> dt.date | None:
            value = data.get(key)
            return dt.date.fromisoformat(value) if value else None

        return cls(
            occupation=str(data.get("occupation") or ""),
            levels=tuple(int(level) for level in data.get("levels") or ()),
            work_type=data.get("work_type"),
            planned_start=day("planned_start"),
            planned_end=day("planned_end"),
            note=data.get("note"),
        )


@dataclass(frozen=True)
class SchemeFields:
    """Everything attachment 8 asks for, as the user fills it in."""

    year: int
    title: str = ""
    items: tuple[SchemeItem, ...] = ()
    conditions: str = ""  # 二、申报条件
    content: str = ""  # 三、评价内容
    methods: str = ""  # 四、评价方式
    question_sources: str = ""  # 五、试题资源
    self_made_share: int | None = None  # percent of self-made questions
    staff: tuple[str, ...] = ()  # 六、1 考务人员
    examiners: tuple[str, ...] = ()  # 六、2 考评人员
    supervisors: tuple[str, ...] = ()  # 六、3 内部质量督导人员
    notes: str = ""  # 七、其他需说明的情况


@dataclass(frozen=True)
class SchemeInfo:
    id: int
    fields: SchemeFields
    status: str
    reject_reason: str | None

    @property
    def status_label(self) -> str:
        return filing.status_label(self.status)

    @property
    def editable(self) -> bool:
        return filing.is_editable(self.status)

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self.fields)
        data["items"] = [item.to_json() for item in self.fields.items]
        for name in PEOPLE:
            data[name] = list(data[name])
        return {
            "id": self.id,
            **data,
            "status": self.status,
            "status_label": self.status_label,
            "reject_reason": self.reject_reason,
        }


def create_scheme(store: Store, year: int, title: str | None = None) -> SchemeInfo:
    fields = SchemeFields(year=year, title=title or f"{year}年度职业技能等级认定实施方案")
    clean = _clean(fields)
    with store.transaction() as session:
        scheme = Scheme(status=filing.DRAFT, year=clean.year, title=clean.title)
        _apply(scheme, clean)
        session.add(scheme)
        session.flush()
        return _info(scheme)


def update_scheme(store: Store, scheme_id: int, fields: SchemeFields) -> SchemeInfo:
    clean = _clean(fields)
    with store.transaction() as session:
        scheme = _get(session, scheme_id)
        if not filing.is_editable(scheme.status):
            raise SchemeError(
                f"实施方案的状态为“{filing.status_label(scheme.status)}”，不能修改："
                "只有草稿和审核不通过的方案可以修改。" + filing.withdraw_hint(scheme.status)
            )
        _apply(scheme, clean)
        return _info(scheme)


def delete_scheme(store: Store, scheme_id: int) -> None:
    with store.transaction() as session:
        scheme = _get(session, scheme_id)
        if not filing.is_editable(scheme.status):
            raise SchemeError("已提交的实施方案不能删除。" + filing.withdraw_hint(scheme.status))
        session.delete(scheme)


def list_schemes(store: Store) -> list[SchemeInfo]:
    with store.session() as session:
        query = select(Scheme).order_by(Scheme.year.desc(), Scheme.id)
        return [_info(scheme) for scheme in session.scalars(query)]


def get_scheme(store: Store, scheme_id: int) -> SchemeInfo:
    with store.session() as session:
        return _info(_get(session, scheme_id))


def scheme_for_year(store: Store, year: int) -> SchemeInfo | None:
    """The year's scheme (an approved one first), or None."""
    with store.session() as session:
        schemes = [_info(s) for s in session.scalars(select(Scheme).where(Scheme.year == year))]
    schemes.sort(key=lambda s: (s.status != filing.APPROVED, s.id))
    return schemes[0] if schemes else None


def check_scheme(store: Store, scheme_id: int) -> list[Finding]:
    """SELF_MADE_SHARE, and LEVEL_OUT_OF_SCOPE for planned occupations outside the scope."""
    from skilldesk.services.scope import scope_entries

    info = get_scheme(store, scheme_id)
    scope = scope_entries(store)
    findings = check_self_made_share(info.fields.self_made_share, record=info.fields.title)
    for number, item in enumerate(info.fields.items, 1):
        for level in item.levels:
            findings += check_level_in_scope(
                scope, item.occupation, level, work_type=item.work_type, record=f"第{number}项"
            )
    return findings


def submit_scheme(store: Store, scheme_id: int) -> SchemeInfo:
    """Lock an error-free draft or rejected scheme for reporting to the platform (→ submitted)."""
    errors, _warnings = count_by_severity(check_scheme(store, scheme_id))
    with store.transaction() as session:
        scheme = _get(session, scheme_id)
        status = filing.transition(scheme.status, filing.SUBMIT, filing.SUBMITTED, what=_WHAT)
        if not json.loads(scheme.items or "[]"):
            raise SchemeError("实施方案还没有填写评价职业、等级和时间，请补上再提交。")
        if errors:
            raise SchemeError(f"实施方案有 {errors} 个错误，请改正后再提交。")
        scheme.status, scheme.reject_reason = status, None
        return _info(scheme)


def withdraw_scheme(store: Store, scheme_id: int) -> SchemeInfo:
    """Take back a scheme the platform has not got yet: it is a draft again, open to changes."""
    with store.transaction() as session:
        scheme = _get(session, scheme_id)
        scheme.status = filing.transition(scheme.status, filing.WITHDRAW, filing.DRAFT, what=_WHAT)
        return _info(scheme)


def mark_scheme_received(store: Store, scheme_id: int) -> SchemeInfo:
    """The platform has the scheme: it awaits the center's review (→ 待审核)."""
    with store.transaction() as session:
        scheme = _get(session, scheme_id)
        scheme.status = filing.transition(scheme.status, filing.RECEIVE, filing.PENDING, what=_WHAT)
        return _info(scheme)


def review_scheme(
    store: Store, scheme_id: int, *, approve: bool, reason: str | None = None
) -> SchemeInfo:
    """Record the center's decision (通过, or 不通过 with the reason)."""
    reason = clean_text(reason or "")
    with store.transaction() as session:
        scheme = _get(session, scheme_id)
        to = filing.APPROVED if approve else filing.REJECTED
        status = filing.transition(scheme.status, filing.REVIEW, to, what=_WHAT)
        if not approve and not reason:
            raise SchemeError("审核不通过时请填写原因。")
        scheme.status = status
        scheme.reject_reason = None if approve else reason
        return _info(scheme)


def _clean(fields: SchemeFields) -> SchemeFields:
    if not 2000 <= fields.year <= 2100:
        raise SchemeError(f"年度“{fields.year}”不对，请填写四位年份。")
    share = fields.self_made_share
    if share is not None and not 0 <= share <= 100:
        raise SchemeError(f"自行命题比例应为 0–100 之间的百分数，收到 {share}。")
    items = []
    for number, item in enumerate(fields.items, 1):
        occupation = clean_text(item.occupation)
        if not occupation:
            raise SchemeError(f"第{number}项没有填写职业（工种）。")
        bad = [level for level in item.levels if level not in LEVEL_NAMES]
        if bad or not item.levels:
            raise SchemeError(f"第{number}项“{occupation}”的等级应为 1–5 中的一个或几个。")
        if item.planned_start and item.planned_end and item.planned_end < item.planned_start:
            raise SchemeError(f"第{number}项“{occupation}”的计划评价时间结束早于开始，请改正。")
        levels = tuple(sorted(set(item.levels), reverse=True))
        items.append(dataclasses.replace(item, occupation=occupation, levels=levels))
    people: dict[str, Any] = {name: _names(getattr(fields, name)) for name in PEOPLE}
    texts: dict[str, Any] = {name: (getattr(fields, name) or "").strip() for name in TEXTS}
    title = clean_text(fields.title) or f"{fields.year}年度职业技能等级认定实施方案"
    return dataclasses.replace(fields, title=title, items=tuple(items), **people, **texts)


def _names(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(clean_text(v) for v in values if clean_text(v)))


def _apply(scheme: Scheme, fields: SchemeFields) -> None:
    scheme.year, scheme.title = fields.year, fields.title
    scheme.items = json.dumps([item.to_json() for item in fields.items], ensure_ascii=False)
    for name in TEXTS:
        setattr(scheme, name, getattr(fields, name))
    for name in PEOPLE:
        setattr(scheme, name, json.dumps(list(getattr(fields, name)), ensure_ascii=False))
    scheme.self_made_share = fields.self_made_share


def _get(session: Session, scheme_id: int) -> Scheme:
    scheme = session.get(Scheme, scheme_id)
    if scheme is None:
        raise SchemeError(f"找不到实施方案 {scheme_id}，它可能已被删除。")
    return scheme


def _info(scheme: Scheme) -> SchemeInfo:
    lists: dict[str, Any] = {
        name: tuple(json.loads(getattr(scheme, name) or "[]")) for name in PEOPLE
    }
    texts: dict[str, Any] = {name: getattr(scheme, name) or "" for name in TEXTS}
    fields = SchemeFields(
        year=scheme.year,
        title=scheme.title,
        items=tuple(SchemeItem.from_json(item) for item in json.loads(scheme.items or "[]")),
        self_made_share=scheme.self_made_share,
        **texts,
        **lists,
    )
    return SchemeInfo(
        id=scheme.id, fields=fields, status=scheme.status, reject_reason=scheme.reject_reason
    )


def level_list(levels: tuple[int, ...]) -> str:
    """`四级/中级工、三级/高级工` for display."""
    return "、".join(level_name(level) for level in levels)
