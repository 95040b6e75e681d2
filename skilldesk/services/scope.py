"""The certified scope (认定范围, attachment 13): rows by hand or from the workbook."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from skilldesk.core.findings import Finding, count_by_severity
from skilldesk.core.models import CertifiedScope, Institution
from skilldesk.core.normalize import clean_text
from skilldesk.core.rules import institution as rules
from skilldesk.core.rules.resources import ScopeEntry
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.services.institution_errors import InstitutionError


@dataclass(frozen=True)
class ScopeRow:
    """One certified-scope row; `levels_text` as attachment 13 writes it (`5、4、3`)."""

    id: int
    occupation: str
    occupation_code: str | None
    work_type: str | None
    levels: tuple[int, ...]  # empty when the stored text is unreadable
    levels_text: str

    def to_json(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "levels": list(self.levels)}


@dataclass
class ScopeImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    institution_created: bool = False
    findings: list[Finding] = dataclasses.field(default_factory=list)

    @property
    def errors(self) -> int:
        return count_by_severity(self.findings)[0]

    def to_json(self) -> dict[str, Any]:
        errors, warnings = count_by_severity(self.findings)
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "institution_created": self.institution_created,
            "errors": errors,
            "warnings": warnings,
            "findings": [f.to_json() for f in self.findings],
        }


def list_scope(store: Store) -> list[ScopeRow]:
    with store.session() as session:
        rows = session.scalars(select(CertifiedScope).order_by(CertifiedScope.id))
        return [_scope_row(row) for row in rows]


def scope_entries(store: Store) -> list[ScopeEntry]:
    """The scope as the plan checks read it (rows with unreadable levels cover no level)."""
    with store.session() as session:
        return scope_entries_in(session)


def scope_entries_in(session: Session) -> list[ScopeEntry]:
    """scope_entries within a caller's session."""
    rows = [
        _scope_row(r) for r in session.scalars(select(CertifiedScope).order_by(CertifiedScope.id))
    ]
    return [ScopeEntry(r.occupation, r.occupation_code, r.work_type, r.levels) for r in rows]


def add_scope_row(
    store: Store, occupation: str, occupation_code: str | None, work_type: str | None, levels: str
) -> ScopeRow:
    values = _scope_values(occupation, occupation_code, work_type, levels)
    with unit_of_work(store) as uow:
        institution = _institution_or_refuse(uow.session)
        row = CertifiedScope(institution_id=institution.id, **values)
        uow.session.add(row)
        uow.session.flush()
        return _scope_row(row)


def update_scope_row(
    store: Store,
    row_id: int,
    occupation: str,
    occupation_code: str | None,
    work_type: str | None,
    levels: str,
) -> ScopeRow:
    values = _scope_values(occupation, occupation_code, work_type, levels)
    with unit_of_work(store) as uow:
        row = uow.session.get(CertifiedScope, row_id)
        if row is None:
            raise InstitutionError("这一行认定范围已被删除。")
        for name, value in values.items():
            setattr(row, name, value)
        return _scope_row(row)


def delete_scope_row(store: Store, row_id: int) -> None:
    with unit_of_work(store) as uow:
        row = uow.session.get(CertifiedScope, row_id)
        if row is not None:
            uow.session.delete(row)


def import_scope_file(store: Store, path: Path, *, replace: bool = True) -> ScopeImportResult:
    """Bring in an attachment-13 workbook, matching rows by occupation and work type.

    With `replace` the stored scope becomes the file's (rows not in it are removed); otherwise
    rows are only added and updated. Without a profile yet, the file's institution block
    (机构名称, 备案号 …) creates one. Rows with a bad code or levels are kept and reported.
    """
    from skilldesk.files.scope_reader import read_scope

    sheet = read_scope(path)
    result = ScopeImportResult()
    for read in sheet.rows:
        result.findings += rules.check_scope_row(
            read.occupation, _code(read.occupation_code), read.levels, row=read.row
        )
    with unit_of_work(store) as uow:
        session = uow.session
        institution = session.scalars(select(Institution).order_by(Institution.id)).first()
        if institution is None:
            institution = _institution_from_sheet(sheet.info, path)
            session.add(institution)
            session.flush()
            result.institution_created = True
        # Rows are added and removed by themselves, not through institution.scopes: a change
        # to the scope is no change to the institution's own record.
        stored = select(CertifiedScope).where(CertifiedScope.institution_id == institution.id)
        existing = {_key(r.occupation, r.work_type): r for r in session.scalars(stored)}
        seen: set[tuple[str, str]] = set()
        for read in sheet.rows:
            key = _key(read.occupation, read.work_type)
            if key in seen:
                continue
            seen.add(key)
            values = _scope_values(
                read.occupation, read.occupation_code, read.work_type, read.levels
            )
            row = existing.get(key)
            if row is None:
                session.add(CertifiedScope(institution_id=institution.id, **values))
                result.added += 1
            elif any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                result.updated += 1
            else:
                result.unchanged += 1
        if replace:
            for key, row in existing.items():
                if key not in seen:
                    session.delete(row)
                    result.removed += 1
    return result


def _institution_from_sheet(info: dict[str, str], path: Path) -> Institution:
    name = info.get("name")
    if not name:
        raise InstitutionError(
            f"还没有机构信息，且「{path.name}」中没有读到机构名称：请先填写机构信息，再导入认定范围。"
        )
    filing = (info.get("filing_number") or "").upper() or None
    if filing and rules.filing_number_problem(filing, None):
        filing = None
    fields = ("short_name", "contact_name", "contact_phone", "email", "website", "address")
    return Institution(name=name, filing_number=filing, **{f: info.get(f) for f in fields})


def _institution_or_refuse(session: Any) -> Institution:
    institution = session.scalars(select(Institution).order_by(Institution.id)).first()
    if institution is None:
        raise InstitutionError("请先填写机构信息（机构名称等），再添加认定范围。")
    return institution  # type: ignore[no-any-return]


def _scope_values(
    occupation: str, code: str | None, work_type: str | None, levels: str
) -> dict[str, Any]:
    occupation = _text(occupation) or ""
    if not occupation:
        raise InstitutionError("请填写职业名称。")
    parsed = rules.parse_levels(levels or "")
    return {
        "occupation": occupation,
        "occupation_code": _code(code),
        "work_type": _text(work_type),
        "levels": ",".join(map(str, parsed)) if parsed else (_text(levels) or ""),
    }


def _code(code: str | None) -> str | None:
    return rules.normalize_scope_code(code) or None if code else None


def _key(occupation: str, work_type: str | None) -> tuple[str, str]:
    return (_text(occupation) or "", _text(work_type) or "")


def _text(value: str | None) -> str | None:
    return clean_text(value) or None if value else None


def _scope_row(row: CertifiedScope) -> ScopeRow:
    parsed = rules.parse_levels(row.levels.replace(",", "、")) if row.levels else None
    return ScopeRow(
        id=row.id,
        occupation=row.occupation,
        occupation_code=row.occupation_code,
        work_type=row.work_type,
        levels=parsed or (),
        levels_text=rules.format_levels(parsed) if parsed else row.levels,
    )
