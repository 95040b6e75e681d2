"""Background work of the institution, sites, examiners and scheme pages: plain Python run by
the TaskRunner, never touching a widget; services load lazily, in the worker, so the window
opens without waiting for the ORM."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skilldesk.core.findings import Finding
    from skilldesk.core.store import Store
    from skilldesk.services.examiners import ExaminerInfo
    from skilldesk.services.institution import InstitutionProfile
    from skilldesk.services.rooms import RoomInfo
    from skilldesk.services.schemes import SchemeInfo
    from skilldesk.services.scope import ScopeImportResult, ScopeRow
    from skilldesk.services.sites import SiteInfo

ScopeValues = tuple[str, str | None, str | None, str]  # occupation, code, work type, levels
SchemeOutcome = tuple["SchemeInfo", "list[Finding] | None"]  # the scheme, and a check's findings


# -- institution and scope -------------------------------------------------------------------


def load_profile(store: Store) -> InstitutionProfile | None:
    from skilldesk.services import institution

    return institution.get_institution(store)


def save_profile(store: Store, values: dict[str, Any]) -> InstitutionProfile:
    from skilldesk.services import institution

    current = institution.get_institution(store)
    profile = institution.InstitutionProfile(id=current.id if current else None, **values)
    return institution.save_institution(store, profile)


def list_scope(store: Store) -> list[ScopeRow]:
    from skilldesk.services import scope

    return scope.list_scope(store)


def save_scope_row(store: Store, row_id: int | None, values: ScopeValues) -> None:
    from skilldesk.services import scope

    if row_id is None:
        scope.add_scope_row(store, *values)
    else:
        scope.update_scope_row(store, row_id, *values)


def delete_scope_row(store: Store, row_id: int) -> None:
    from skilldesk.services import scope

    scope.delete_scope_row(store, row_id)


def import_scope(store: Store, path: Path) -> ScopeImportResult:
    from skilldesk.services import scope

    return scope.import_scope_file(store, path, replace=True)


# -- sites and rooms ---------------------------------------------------------------------------


def list_sites(store: Store) -> list[SiteInfo]:
    from skilldesk.services import sites

    return sites.list_sites(store)


def save_site(store: Store, site_id: int | None, values: dict[str, Any], submit: bool) -> SiteInfo:
    """Add or update the filing from the form's values; then submit it when asked."""
    from skilldesk.services import sites

    fields = sites.SiteFields(**values)
    if site_id is None:
        info = sites.add_site(store, fields)
    else:
        info = sites.update_site(store, site_id, fields)
    return sites.submit_site(store, info.id) if submit else info


def withdraw_site(store: Store, site_id: int) -> SiteInfo:
    from skilldesk.services import sites

    return sites.withdraw_site(store, site_id)


def mark_site_received(store: Store, site_id: int) -> SiteInfo:
    from skilldesk.services import sites

    return sites.mark_site_received(store, site_id)


def review_site(store: Store, site_id: int, approve: bool, reason: str | None) -> SiteInfo:
    from skilldesk.services import sites

    return sites.review_site(store, site_id, approve=approve, reason=reason)


def delete_site(store: Store, site_id: int) -> None:
    from skilldesk.services import sites

    sites.delete_site(store, site_id)


def list_rooms(store: Store, site_id: int) -> list[RoomInfo]:
    from skilldesk.services import rooms

    return rooms.list_rooms(store, site_id=site_id)


def next_room_number(store: Store, site_id: int) -> str:
    from skilldesk.services import rooms

    return rooms.next_room_number(store, site_id)


def save_room(store: Store, site_id: int, room_id: int | None, values: dict[str, Any]) -> None:
    from skilldesk.services import rooms

    if room_id is None:
        values = dict(values)
        rooms.add_room(store, site_id, values.pop("name"), **values)
    else:
        rooms.update_room(store, room_id, **values)


def delete_room(store: Store, room_id: int) -> None:
    from skilldesk.services import rooms

    rooms.delete_room(store, room_id)


# -- examiners ---------------------------------------------------------------------------------


def load_examiners(store: Store) -> tuple[list[ExaminerInfo], list[str]]:
    """The examiners, and the occupations to filter by (the certified scope's, then theirs)."""
    from skilldesk.services import examiners, scope

    found = examiners.list_examiners(store)
    names = [row.occupation for row in scope.list_scope(store)]
    names += [o for e in found for o in e.fields.occupations]
    return found, list(dict.fromkeys(names))


def save_examiner(store: Store, examiner_id: int | None, values: dict[str, Any]) -> ExaminerInfo:
    from skilldesk.services import examiners

    fields = examiners.ExaminerFields(**values)
    if examiner_id is None:
        return examiners.add_examiner(store, fields)
    return examiners.update_examiner(store, examiner_id, fields)


def delete_examiner(store: Store, examiner_id: int) -> None:
    from skilldesk.services import examiners

    examiners.delete_examiner(store, examiner_id)


# -- the annual scheme -------------------------------------------------------------------------


def list_schemes(store: Store) -> list[SchemeInfo]:
    from skilldesk.services import schemes

    return schemes.list_schemes(store)


def create_scheme(store: Store, year: int) -> SchemeOutcome:
    from skilldesk.services import schemes

    return schemes.create_scheme(store, year), None


def save_scheme(
    store: Store, scheme_id: int, values: dict[str, Any] | None, then: str
) -> SchemeOutcome:
    """Save the form (None when it cannot be edited), then `check` or `submit` it.

    A submission with errors is not attempted: its findings come back instead, to be shown
    beside the fields.
    """
    from skilldesk.core.findings import count_by_severity
    from skilldesk.services import schemes

    if values is not None:
        values = dict(values)
        items = tuple(schemes.SchemeItem(**item) for item in values.pop("items"))
        info = schemes.update_scheme(store, scheme_id, schemes.SchemeFields(items=items, **values))
    else:
        info = schemes.get_scheme(store, scheme_id)
    if then == "save":
        return info, None
    findings = schemes.check_scheme(store, scheme_id)
    if then == "submit" and not count_by_severity(findings)[0]:
        info = schemes.submit_scheme(store, scheme_id)
    return info, findings


def withdraw_scheme(store: Store, scheme_id: int) -> SchemeOutcome:
    from skilldesk.services import schemes

    return schemes.withdraw_scheme(store, scheme_id), None


def mark_scheme_received(store: Store, scheme_id: int) -> SchemeOutcome:
    from skilldesk.services import schemes

    return schemes.mark_scheme_received(store, scheme_id), None


def review_scheme(store: Store, scheme_id: int, approve: bool, reason: str | None) -> SchemeOutcome:
    from skilldesk.services import schemes

    return schemes.review_scheme(store, scheme_id, approve=approve, reason=reason), None
