"""Exam-site filings (考点备案): edit, submit, withdraw, mark received, review; an enterprise's
non-new level auto-confirms once the platform has received it.

Rooms (考场) live in rooms.py; a site's contact, phone and address are copied to its rooms and
kept in step from here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from skilldesk.core import filing
from skilldesk.core.errors import UserFacingError
from skilldesk.core.models import ExamRoom, ExamSite, Institution, utc_now
from skilldesk.core.normalize import clean_text, normalize_phone
from skilldesk.core.rules.institution import LEVELS, canonical_level
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work

LOCKED_ROOM_FIELDS = ("contact_name", "contact_phone", "address")
_PHONE = re.compile(r"1[3-9]\d{9}|0\d{9,11}", re.ASCII)
_REQUIRED = {
    "level": "层级",
    "accepting_department": "受理部门",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "address": "详细地址",
}


class SiteError(UserFacingError):
    """A site or room operation that cannot be done; the message says why, in Chinese."""


@dataclass(frozen=True)
class SiteFields:
    """What the user fills in for a site filing."""

    name: str
    in_filing_region: bool = True  # 备案地考点 / 备案地以外考点
    level: str | None = None  # 省/市/区县
    region: str | None = None  # the county or city it is in
    accepting_department: str | None = None  # 受理部门
    contact_name: str | None = None
    contact_phone: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class SiteInfo:
    id: int
    fields: SiteFields
    status: str  # one of filing.STATUSES
    reject_reason: str | None
    auto_confirmed: bool
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    room_count: int
    version: int  # what a save passes back as `expected_version`

    @property
    def name(self) -> str:
        return self.fields.name

    @property
    def status_label(self) -> str:
        return filing.status_label(self.status)

    @property
    def editable(self) -> bool:
        return filing.is_editable(self.status)

    @property
    def approved(self) -> bool:
        return self.status == filing.APPROVED

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            **dataclasses.asdict(self.fields),
            "status": self.status,
            "status_label": self.status_label,
            "reject_reason": self.reject_reason,
            "auto_confirmed": self.auto_confirmed,
            "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
            "reviewed_at": self.reviewed_at.isoformat() if self.reviewed_at else None,
            "rooms": self.room_count,
        }


def auto_confirms(
    institution_kind: str | None,
    filed_levels: set[str],
    site_level: str | None,
    in_filing_region: bool,
) -> bool:
    """Seed 000 §一 3): an employer adding a site at a level it is already filed at needs no review.

    Already filed: the institution's own level, or the level of one of its approved sites in
    the filing region. A school's (or social institution's) site, a site outside the filing
    region, or a new level always goes to the center.
    """
    return (
        institution_kind == "enterprise"
        and in_filing_region
        and site_level is not None
        and site_level in filed_levels
    )


def add_site(store: Store, fields: SiteFields) -> SiteInfo:
    clean = _clean_fields(fields)
    with unit_of_work(store) as uow:
        session = uow.session
        _refuse_duplicate_name(session, clean.name, None)
        site = ExamSite(status=filing.DRAFT, **dataclasses.asdict(clean))
        session.add(site)
        return _info(session, site)


def update_site(
    store: Store, site_id: int, fields: SiteFields, *, expected_version: int | None = None
) -> SiteInfo:
    """Change a draft or rejected filing; its rooms' contact, phone and address follow.

    `expected_version` is the version the form was loaded at: a filing changed since (by another
    window or the command line) is refused (StaleRecord) instead of overwritten.
    """
    clean = _clean_fields(fields)
    with unit_of_work(store) as uow:
        session = uow.session
        site = _get(session, site_id)
        uow.expect(site, expected_version)
        if not filing.is_editable(site.status):
            raise SiteError(
                f"考点“{site.name}”的备案状态为“{filing.status_label(site.status)}”，不能修改："
                "只有草稿和审核不通过的考点可以修改。" + filing.withdraw_hint(site.status)
            )
        _refuse_duplicate_name(session, clean.name, site.id)
        for name, value in dataclasses.asdict(clean).items():
            setattr(site, name, value)
        copy_site_details_to_rooms(site)
        return _info(session, site)


def delete_site(store: Store, site_id: int) -> None:
    with unit_of_work(store) as uow:
        session = uow.session
        site = _get(session, site_id)
        if not filing.is_editable(site.status) or site.rooms:
            raise SiteError(
                f"考点“{site.name}”已提交或已有考场，不能删除：只能删除没有考场的草稿或不通过的考点。"
                + filing.withdraw_hint(site.status)
            )
        session.delete(site)


def submit_site(store: Store, site_id: int) -> SiteInfo:
    """Lock a complete draft or rejected filing for reporting to the platform (→ submitted)."""
    with unit_of_work(store) as uow:
        session = uow.session
        site = _get(session, site_id)
        status = filing.transition(site.status, filing.SUBMIT, filing.SUBMITTED, what=_what(site))
        missing = [label for attr, label in _REQUIRED.items() if not getattr(site, attr)]
        if missing:
            raise SiteError(f"考点“{site.name}”还缺：{'、'.join(missing)}。请补全后再提交。")
        site.status, site.submitted_at, site.reject_reason = status, utc_now(), None
        site.auto_confirmed, site.reviewed_at = False, None
        return _info(session, site)


def withdraw_site(store: Store, site_id: int) -> SiteInfo:
    """Take back a filing the platform has not got yet: it is a draft again, open to changes."""
    with unit_of_work(store) as uow:
        session = uow.session
        site = _get(session, site_id)
        site.status = filing.transition(
            site.status, filing.WITHDRAW, filing.DRAFT, what=_what(site)
        )
        site.submitted_at = None
        return _info(session, site)


def mark_site_received(store: Store, site_id: int) -> SiteInfo:
    """The platform has the filing: → 待审核, or straight to 通过 when it needs no review."""
    with unit_of_work(store) as uow:
        session = uow.session
        site = _get(session, site_id)
        institution = session.scalars(select(Institution).order_by(Institution.id)).first()
        kind = institution.kind if institution else None
        confirms = auto_confirms(
            kind, _filed_levels(session, institution), site.level, site.in_filing_region
        )
        to = filing.APPROVED if confirms else filing.PENDING
        site.status = filing.transition(site.status, filing.RECEIVE, to, what=_what(site))
        site.auto_confirmed = confirms
        site.reviewed_at = utc_now() if confirms else None  # confirmed is as good as reviewed
        return _info(session, site)


def review_site(
    store: Store, site_id: int, *, approve: bool, reason: str | None = None
) -> SiteInfo:
    """Record the center's decision on a pending filing (通过, or 不通过 with the reason)."""
    reason = clean_text(reason or "")
    with unit_of_work(store) as uow:
        session = uow.session
        site = _get(session, site_id)
        to = filing.APPROVED if approve else filing.REJECTED
        status = filing.transition(site.status, filing.REVIEW, to, what=_what(site))
        if not approve and not reason:
            raise SiteError("审核不通过时请填写原因，机构修改后可重新提交。")
        site.status = status
        site.reject_reason = None if approve else reason
        site.reviewed_at = utc_now()
        return _info(session, site)


def list_sites(store: Store, *, status: str | None = None) -> list[SiteInfo]:
    with store.session() as session:
        return list_sites_in(session, status=status)


def get_site(store: Store, site_id: int) -> SiteInfo:
    with store.session() as session:
        return _info(session, _get(session, site_id))


def resolve_site(store: Store, ref: str) -> SiteInfo:
    """A site by its number (`2`) or its exact name."""
    ref = clean_text(ref)
    with store.session() as session:
        site = session.get(ExamSite, int(ref)) if ref.isdigit() else None
        if site is None:
            site = session.scalars(select(ExamSite).where(ExamSite.name == ref)).first()
        if site is None:
            raise SiteError(f"找不到考点“{ref}”。可用 `skilldesk site list` 查看已有考点。")
        return _info(session, site)


def copy_site_details_to_rooms(site: ExamSite) -> None:
    """Rooms show their site's contact, phone and address, never their own."""
    for room in site.rooms:
        for name in LOCKED_ROOM_FIELDS:
            setattr(room, name, getattr(site, name))


def _filed_levels(session: Session, institution: Institution | None) -> set[str]:
    levels = {institution.level} if institution and institution.level else set()
    approved = select(ExamSite.level).where(
        ExamSite.status == filing.APPROVED, ExamSite.in_filing_region.is_(True)
    )
    levels.update(level for level in session.scalars(approved) if level)
    return levels


def _clean_fields(fields: SiteFields) -> SiteFields:
    values: dict[str, Any] = {
        k: (clean_text(v) or None if isinstance(v, str) else v)
        for k, v in dataclasses.asdict(fields).items()
    }
    if not values["name"]:
        raise SiteError("请填写考点名称。")
    if values["level"]:
        level = canonical_level(values["level"])
        if level is None:
            raise SiteError(f"考点层级应为 {'、'.join(LEVELS)} 之一。")
        values["level"] = level
    phone = values["contact_phone"]
    if phone and not _PHONE.fullmatch(normalize_phone(phone) or ""):
        raise SiteError(
            f"联系电话“{phone}”格式不对：请填写 11 位手机号，或带区号的固定电话（如 0570-1234567）。"
        )
    return SiteFields(**values)


def _refuse_duplicate_name(session: Session, name: str, own_id: int | None) -> None:
    query = select(func.count()).select_from(ExamSite).where(ExamSite.name == name)
    if own_id is not None:
        query = query.where(ExamSite.id != own_id)
    if session.scalar(query):
        raise SiteError(f"已有名为“{name}”的考点，请换一个名称。")


def _what(site: ExamSite) -> str:
    return f"考点“{site.name}”"


def _get(session: Session, site_id: int) -> ExamSite:
    site = session.get(ExamSite, site_id)
    if site is None:
        raise SiteError(f"找不到考点 {site_id}，它可能已被删除。")
    return site


def _info(session: Session, site: ExamSite) -> SiteInfo:
    """The site as stored; flushes first, so a site just changed shows its new version."""
    session.flush()
    count = session.scalar(
        select(func.count()).select_from(ExamRoom).where(ExamRoom.site_id == site.id)
    )
    fields = SiteFields(**{f.name: getattr(site, f.name) for f in dataclasses.fields(SiteFields)})
    return SiteInfo(
        id=site.id,
        fields=fields,
        status=site.status,
        reject_reason=site.reject_reason,
        auto_confirmed=site.auto_confirmed,
        submitted_at=site.submitted_at,
        reviewed_at=site.reviewed_at,
        room_count=count or 0,
        version=site.version,
    )


def list_sites_in(session: Session, *, status: str | None = None) -> list[SiteInfo]:
    """list_sites, read inside the caller's session (one snapshot with its other reads)."""
    query = select(ExamSite).order_by(ExamSite.id)
    if status is not None:
        query = query.where(ExamSite.status == status)
    return [_info(session, site) for site in session.scalars(query)]
