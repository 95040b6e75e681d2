"""The institution profile (机构信息): checked on save, and its filing watched for lapsing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from skilldesk.core.findings import Finding
from skilldesk.core.models import Institution
from skilldesk.core.normalize import clean_text
from skilldesk.core.rules import institution as rules
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.services.institution_errors import InstitutionError as InstitutionError
from skilldesk.services.scope import list_scope

PROFILE_FIELDS = (
    "name short_name credit_code filing_number kind level region contact_name contact_phone "
    "email website address filed_on filing_valid_until"
).split()


@dataclass(frozen=True)
class InstitutionProfile:
    """机构信息. `kind` is `enterprise` or `school`; `level` is 省, 市 or 区县."""

    name: str
    short_name: str | None = None
    credit_code: str | None = None  # 统一社会信用代码
    filing_number: str | None = None  # 备案号 Y…/S…
    kind: str | None = None
    level: str | None = None
    region: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    email: str | None = None
    website: str | None = None
    address: str | None = None
    filed_on: dt.date | None = None
    filing_valid_until: dt.date | None = None
    id: int | None = None
    version: int | None = None  # as stored; what a save passes back as `expected_version`

    @property
    def kind_label(self) -> str:
        return rules.KINDS.get(self.kind or "", self.kind or "")

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["kind_label"] = self.kind_label
        return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}


def get_institution(store: Store) -> InstitutionProfile | None:
    with store.session() as session:
        row = _stored(session)
        return _profile(row) if row is not None else None


def save_institution(
    store: Store, profile: InstitutionProfile, *, expected_version: int | None = None
) -> InstitutionProfile:
    """Check and save the whole profile (created if there is none yet); returns it as stored.

    `expected_version` is the version the form was loaded at: a profile changed since (by another
    window or the command line) is refused (StaleRecord) instead of overwritten.
    """
    clean = validate_profile(profile)
    with unit_of_work(store) as uow:
        row = _stored(uow.session)
        if row is not None:
            uow.expect(row, expected_version)
        return _write(uow.session, row, clean)


def update_institution(
    store: Store, *, expected_version: int | None = None, **changes: Any
) -> InstitutionProfile:
    """Change some fields of the profile (`institution set --phone …`); others stay.

    The profile is read and written in one transaction, so a change made meanwhile by another
    writer to a field not named here is kept, not overwritten with what was read before it.
    """
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise InstitutionError(f"机构信息没有这些项：{'、'.join(sorted(unknown))}。")
    if "filed_on" in changes and "filing_valid_until" not in changes:
        changes["filing_valid_until"] = None  # worked out again from the new filing date
    with unit_of_work(store) as uow:
        row = _stored(uow.session)
        if row is None:
            if not changes.get("name"):
                raise InstitutionError("还没有机构信息：请先填写机构名称。")
            current = InstitutionProfile(name=changes["name"])
        else:
            uow.expect(row, expected_version)
            current = _profile(row)
        return _write(uow.session, row, validate_profile(dataclasses.replace(current, **changes)))


def _stored(session: Session) -> Institution | None:
    return session.scalars(select(Institution).order_by(Institution.id)).first()


def _write(
    session: Session, row: Institution | None, clean: InstitutionProfile
) -> InstitutionProfile:
    if row is None:
        row = Institution(name=clean.name)
        session.add(row)
    for name in PROFILE_FIELDS:
        setattr(row, name, getattr(clean, name))
    session.flush()  # the profile returned carries the version this save gave it
    return _profile(row)


def validate_profile(profile: InstitutionProfile) -> InstitutionProfile:
    """The profile cleaned up, or InstitutionError saying what is wrong."""
    values: dict[str, Any] = {
        k: (_text(v) if isinstance(v, str) else v) for k, v in dataclasses.asdict(profile).items()
    }
    if not values["name"]:
        raise InstitutionError("请填写机构名称。")
    if values["kind"]:
        kind = rules.canonical_kind(values["kind"])
        if kind is None:
            raise InstitutionError("机构类型应为“用人单位（企业）”或“技工院校”。")
        values["kind"] = kind
    if values["level"]:
        level = rules.canonical_level(values["level"])
        if level is None:
            raise InstitutionError("机构层级应为 省、市 或 区县。")
        values["level"] = level
    if values["credit_code"]:
        values["credit_code"] = rules.normalize_credit_code(values["credit_code"])
        problem = rules.credit_code_problem(values["credit_code"])
        if problem:
            raise InstitutionError(problem)
    if values["filing_number"]:
        values["filing_number"] = values["filing_number"].upper()
        problem = rules.filing_number_problem(values["filing_number"], values["kind"])
        if problem:
            raise InstitutionError(problem)
    if values["filed_on"] and not values["filing_valid_until"]:
        values["filing_valid_until"] = rules.filing_valid_until(values["filed_on"])
    return InstitutionProfile(**values)


def check_institution(store: Store, *, today: dt.date | None = None) -> list[Finding]:
    """The filing's validity (FILING_EXPIRING / FILING_EXPIRED) and every scope row's format."""
    profile = get_institution(store)
    findings = rules.check_filing(profile.filing_valid_until if profile else None, _today(today))
    for row in list_scope(store):
        findings += rules.check_scope_row(row.occupation, row.occupation_code, row.levels_text)
    return findings


def _text(value: str | None) -> str | None:
    return clean_text(value) or None if value else None


def _profile(row: Institution) -> InstitutionProfile:
    return InstitutionProfile(
        id=row.id, version=row.version, **{name: getattr(row, name) for name in PROFILE_FIELDS}
    )


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()
