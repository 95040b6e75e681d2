"""The institution profile (机构信息): checked on save, and its filing watched for lapsing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from skilldesk.core.findings import Finding
from skilldesk.core.models import Institution
from skilldesk.core.normalize import clean_text
from skilldesk.core.rules import institution as rules
from skilldesk.core.store import Store
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

    @property
    def kind_label(self) -> str:
        return rules.KINDS.get(self.kind or "", self.kind or "")

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["kind_label"] = self.kind_label
        return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}


def get_institution(store: Store) -> InstitutionProfile | None:
    with store.session() as session:
        row = session.scalars(select(Institution).order_by(Institution.id)).first()
        return _profile(row) if row is not None else None


def save_institution(store: Store, profile: InstitutionProfile) -> InstitutionProfile:
    """Check and save the whole profile (created if there is none yet); returns it as stored."""
    clean = validate_profile(profile)
    with store.transaction() as session:
        row = session.scalars(select(Institution).order_by(Institution.id)).first()
        if row is None:
            row = Institution(name=clean.name)
            session.add(row)
        for name in PROFILE_FIELDS:
            setattr(row, name, getattr(clean, name))
        session.flush()
        return _profile(row)


def update_institution(store: Store, **changes: Any) -> InstitutionProfile:
    """Change some fields of the profile (`institution set --phone …`); others stay."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise InstitutionError(f"机构信息没有这些项：{'、'.join(sorted(unknown))}。")
    current = get_institution(store)
    if current is None:
        if not changes.get("name"):
            raise InstitutionError("还没有机构信息：请先填写机构名称。")
        current = InstitutionProfile(name=changes["name"])
    if "filed_on" in changes and "filing_valid_until" not in changes:
        changes["filing_valid_until"] = None  # worked out again from the new filing date
    return save_institution(store, dataclasses.replace(current, **changes))


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
    return InstitutionProfile(id=row.id, **{name: getattr(row, name) for name in PROFILE_FIELDS})


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()
