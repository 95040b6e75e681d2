"""Roster use cases: preview and import a workbook into a plan, list, edit a candidate, export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from sqlalchemy import Row, Table, select
from sqlalchemy.orm import Session

from skilldesk.core.bulk import bulk_insert, bulk_update
from skilldesk.core.candidate_status import (
    ACTIVE,
    WITHDRAWN,
    active_candidates,
    is_late_addition,
    status_label,
)
from skilldesk.core.errors import UserFacingError
from skilldesk.core.fields import ATTRS, LABELS
from skilldesk.core.findings import ERROR, WARNING, Finding
from skilldesk.core.models import Candidate, Institution, Plan, new_uuid, utc_now
from skilldesk.core.progress import CancelToken, ProgressCallback, no_progress
from skilldesk.core.roster_data import CheckedRow, RawRow, RosterCheck
from skilldesk.core.rules.identity import normalize_id_number
from skilldesk.core.rules.roster import check_candidate_values, check_roster
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.files.roster_reader import RosterSheet, read_roster
from skilldesk.services.import_history import record_import
from skilldesk.services.roster_check import column_findings
from skilldesk.services.roster_merge import malformed_key_reason, merge_into_stored
from skilldesk.services.roster_preview import FieldChange, ImportOutcome, ImportPreview, PlannedRow

BATCH = 1000


@dataclass
class ImportResult:
    plan_id: int
    rows: int
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: list[Finding] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    outcome: ImportOutcome | None = None  # the rows added and changed, field by field
    batch_id: int | None = None  # the recorded import (None: nothing changed, nothing to undo)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    def to_json(self) -> dict[str, Any]:
        late = self.outcome.late_rows if self.outcome else []
        return {
            "plan": self.plan_id,
            "rows": self.rows,
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
            "late": len(late),
            "late_rows": late,
            "errors": self.errors,
            "warnings": self.warnings,
            "batch": self.batch_id,
            "findings": [f.to_json() for f in self.findings],
        }


def stored_values(row: CheckedRow) -> dict[str, Any]:
    """A checked row as the candidate table keeps it (dates as ISO text), with its counts."""
    values = {attr: row.values.get(attr) for attr in ATTRS}
    birth = values["birth_date"]
    if isinstance(birth, dt.date):
        values["birth_date"] = birth.isoformat()
    values["name"] = values["name"] or ""
    values["id_type"] = values["id_type"] or "居民身份证"
    return values


def _skip_reason(row: CheckedRow, first_row_of_id: dict[str, int]) -> str | None:
    codes = {f.code for f in row.findings if f.field == LABELS["id_number"]}
    id_number = row.values.get("id_number")
    if "ID_PRECISION_LOST" in codes:
        return "证件号码已被 Excel 按数字截断，无法确定是谁"
    if "VALUE_TOO_LONG" in codes:
        return "证件号码过长，无法确定是谁"
    if not id_number:
        return "证件号码为空，无法识别考生"
    first = first_row_of_id.get(id_number)
    if first is not None and first != row.row:
        return f"证件号码与第{first}行重复，只导入了第{first}行"
    return None


def _not_imported(row: int, reason: str) -> Finding:
    return Finding(
        "ROW_NOT_IMPORTED", ERROR, f"未导入：{reason}", row=row, field=LABELS["id_number"]
    )


def import_roster_file(
    store: Store,
    path: Path,
    plan_id: int,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Import a roster into a plan in one transaction; re-import updates by ID number.

    Rows that cannot be keyed (no usable ID number, a repeat of an earlier row's ID, or a
    malformed one that matches no stored candidate) are skipped and reported; every other row
    is kept, with its findings counted on it so the user can fix it in the window. A re-imported
    row changes only what it holds: blank or invalid cells keep valid stored values (see
    roster_merge). Cancelling leaves the store exactly as it was. An import that changed
    something is recorded, so that it can be undone (services/import_history.py).
    """
    cancel = cancel or CancelToken()
    today = today or dt.date.today()
    sheet, check, reference_date = _read_and_check(store, path, plan_id, today, progress)
    cancel.raise_if_cancelled()
    with unit_of_work(store, today=today) as uow:
        return write_roster(
            uow.session,
            plan_id,
            sheet,
            check,
            checked_at=reference_date,
            today=today,
            progress=progress,
            cancel=cancel,
        )


def preview_roster_import(
    store: Store,
    path: Path,
    plan_id: int,
    *,
    progress: ProgressCallback = no_progress,
    today: dt.date | None = None,
) -> ImportPreview:
    """What importing `path` into the plan would do — decided exactly as the import decides,
    in one read transaction, writing nothing. Confirm it with `confirm_roster_import`."""
    today = today or dt.date.today()
    sheet, check, reference_date = _read_and_check(store, path, plan_id, today, progress)
    with store.session() as session, session.begin():
        decision = decide_roster(
            session, plan_id, sheet, check, checked_at=reference_date, today=today
        )
    return ImportPreview(decision.outcome, path, sheet, check, reference_date, today)


class PreviewOutdated(UserFacingError):
    """The plan's roster changed after the preview was made: what was shown is not what would be done."""


def confirm_roster_import(
    store: Store,
    preview: ImportPreview,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Write the import the user saw in `preview`; refused (PreviewOutdated, nothing written)
    if the stored roster changed since so that the import would now do something else."""
    cancel = cancel or CancelToken()
    with unit_of_work(store, today=preview.today) as uow:
        decision = decide_roster(
            uow.session,
            preview.plan_id,
            preview.sheet,
            preview.check,
            checked_at=preview.checked_at,
            today=preview.today,
        )
        if decision.outcome != preview.outcome:
            raise PreviewOutdated(
                "预览之后，本计划的名册已被修改，导入结果会与预览不同，本次未导入。请重新预览后再确认。"
            )
        return _write_decision(uow.session, decision, preview.sheet, progress, cancel)


def _read_and_check(
    store: Store, path: Path, plan_id: int, today: dt.date, progress: ProgressCallback
) -> tuple[RosterSheet, RosterCheck, dt.date]:
    # The file is read and checked before any write transaction opens, so the write lock is
    # held only while deciding and writing.
    progress(0, 0, "正在读取文件…")
    sheet = read_roster(path)
    with store.session() as session:
        reference_date = _reference_date(session, plan_id, today)
    progress(0, len(sheet.rows), "正在检查…")
    return sheet, _check_sheet(sheet, reference_date, today), reference_date


def _reference_date(session: Session, plan_id: int, today: dt.date) -> dt.date:
    """The day ages are counted at: the plan's evaluation date, else today."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise LookupError(f"找不到评价计划 {plan_id}。")
    return plan.evaluation_date or today


def _check_sheet(sheet: RosterSheet, reference_date: dt.date, today: dt.date) -> RosterCheck:
    check = check_roster(sheet.rows, reference_date=reference_date, today=today)
    check.file_findings[:0] = column_findings(sheet)
    return check


def write_roster(
    session: Session,
    plan_id: int,
    sheet: RosterSheet,
    check: RosterCheck,
    *,
    checked_at: dt.date,
    today: dt.date,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Read the plan's candidates, decide each checked row and write, all in `session`'s
    transaction (a unit of work's): what was decided on is what is written over. `check` is
    the sheet checked with ages counted at `checked_at`."""
    decision = decide_roster(session, plan_id, sheet, check, checked_at=checked_at, today=today)
    return _write_decision(session, decision, sheet, progress, cancel or CancelToken())


@dataclass
class RosterDecision:
    """What importing a checked sheet into a plan does, decided against the stored roster."""

    outcome: ImportOutcome
    to_add: list[dict[str, Any]]  # candidate rows to insert
    to_change: list[dict[str, Any]]  # id, the version read, and the merged values
    before: dict[int, dict[str, Any]]  # candidate id → its stored values, for the undo record


def decide_roster(
    session: Session,
    plan_id: int,
    sheet: RosterSheet,
    check: RosterCheck,
    *,
    checked_at: dt.date,
    today: dt.date,
) -> RosterDecision:
    """Decide each checked row against the plan's stored candidates; reads only.

    The one decision both the preview and the import make: the preview inside a read
    transaction, the import inside its unit of work. `check` is not changed.
    """
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise LookupError(f"找不到评价计划 {plan_id}。")
    reference_date = plan.evaluation_date or today
    if reference_date != checked_at:  # the plan's date moved since the check
        check = _check_sheet(sheet, reference_date, today)
    late = is_late_addition(plan, today)
    existing = _existing_candidates(session, plan_id)
    first_row_of_id: dict[str, int] = {}
    for row in check.rows:
        id_number = row.values.get("id_number")
        if id_number and id_number not in first_row_of_id:
            first_row_of_id[id_number] = row.row

    to_add: list[dict[str, Any]] = []
    to_change: list[dict[str, Any]] = []
    before: dict[int, dict[str, Any]] = {}
    added: list[PlannedRow] = []
    changed: list[PlannedRow] = []
    unchanged = 0
    skipped: list[Finding] = []
    findings: list[Finding] = list(check.file_findings)
    for raw, row in zip(sheet.rows, check.rows, strict=True):
        notes: list[Finding] = []  # what deciding adds to the row's own findings
        reason = _skip_reason(row, first_row_of_id)
        values = stored_values(row)
        old = None if reason else existing.get(values["id_number"])
        if reason:
            skipped.append(_not_imported(row.row, f"{reason}。"))
        elif old is None:
            malformed = malformed_key_reason(row)
            if malformed:
                reason = (
                    f"{malformed}，为免同一考生被录入两次，未新增该考生。请改正证件号码后重新导入。"
                )
                skipped.append(_not_imported(row.row, reason))
            else:
                extra = {"status": ACTIVE, "added_late": late}
                to_add.append(
                    {"plan_id": plan_id, "uuid": new_uuid(), "version": 1, **values, **extra}
                )
                added.append(PlannedRow(row.row, values["name"], values["id_number"], late=late))
        elif old.name and values["name"] and old.name != values["name"]:
            notes.append(
                Finding(
                    "DUPLICATE_ID",
                    ERROR,
                    f"该证件号码在本计划中已属于另一位考生（{old.name}），未覆盖。请核对证件号码。",
                    row=row.row,
                    field=LABELS["id_number"],
                )
            )
            skipped.append(_not_imported(row.row, "证件号码已属于本计划的另一位考生。"))
        else:
            stored = {attr: old._mapping[attr] for attr in ATTRS}
            merged, kept = merge_into_stored(
                stored, values, raw, row, reference_date=reference_date, today=today
            )
            notes.extend(kept)
            withdrawn = old.status == WITHDRAWN
            if withdrawn:
                notes.append(_withdrawn_note(row.row, old.withdraw_reason))
            changes = tuple(
                FieldChange(attr, stored[attr], merged[attr])
                for attr in ATTRS
                if stored[attr] != merged[attr]
            )
            if changes:
                to_change.append({"id": old.id, "version": old.version, **merged})
                before[old.id] = stored
                changed.append(
                    PlannedRow(
                        row.row,
                        merged["name"],
                        merged["id_number"],
                        old.id,
                        changes,
                        withdrawn=withdrawn,
                    )
                )
            else:
                unchanged += 1
        findings.extend(row.findings)
        findings.extend(notes)
    findings.extend(skipped)
    outcome = ImportOutcome(
        plan_id=plan_id,
        rows=len(check.rows),
        added=tuple(added),
        changed=tuple(changed),
        unchanged=unchanged,
        refused=tuple(skipped),
        findings=tuple(findings),
    )
    return RosterDecision(outcome, to_add, to_change, before)


def _withdrawn_note(row: int, reason: str | None) -> Finding:
    why = f"（{reason}）" if reason else ""
    return Finding(
        "CANDIDATE_WITHDRAWN",
        WARNING,
        f"该考生已退考{why}：本次导入只更新其信息，仍为已退考。如需恢复报考，请在名册中恢复。",
        row=row,
        field=LABELS["id_number"],
    )


def _write_decision(
    session: Session,
    decision: RosterDecision,
    sheet: RosterSheet,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> ImportResult:
    outcome = decision.outcome
    added_ids = _write_rows(session, decision.to_add, decision.to_change, progress, cancel)
    batch_id = record_import(
        session,
        outcome.plan_id,
        sheet.path.name,
        added={cid: values for cid, values in zip(added_ids, decision.to_add, strict=True)},
        changed={row["id"]: row for row in decision.to_change},
        before=decision.before,
    )
    return ImportResult(
        plan_id=outcome.plan_id,
        rows=outcome.rows,
        added=len(outcome.added),
        changed=len(outcome.changed),
        unchanged=outcome.unchanged,
        skipped=list(outcome.refused),
        findings=list(outcome.findings),
        outcome=outcome,
        batch_id=batch_id,
    )


def _existing_candidates(session: Session, plan_id: int) -> dict[str, Row[Any]]:
    """The plan's candidates by ID number. One stored before invisible characters were stripped
    from ID numbers is also found by its cleaned number (unless another holds that one), so a
    re-import heals it instead of adding the same person again."""
    query = select(
        Candidate.id, Candidate.status, Candidate.withdraw_reason, *_value_columns()
    ).where(Candidate.plan_id == plan_id)
    rows = list(session.execute(query))
    existing: dict[str, Row[Any]] = {row.id_number: row for row in rows}
    for row in rows:
        existing.setdefault(normalize_id_number(row.id_number), row)
    return existing


def _write_rows(
    session: Session,
    to_add: list[dict[str, Any]],
    to_change: list[dict[str, Any]],
    progress: ProgressCallback,
    cancel: CancelToken,
) -> list[int]:
    """Insert and update in batches; returns the new candidates' ids, in `to_add`'s order."""
    total = len(to_add) + len(to_change)
    done = 0
    now = utc_now()
    added_ids: list[int] = []
    for values in to_add:
        values["created_at"] = values["updated_at"] = now
    table = cast(Table, Candidate.__table__)
    for start in range(0, len(to_add), BATCH):
        cancel.raise_if_cancelled()
        batch = to_add[start : start + BATCH]
        added_ids.extend(bulk_insert(session, table, batch))
        done += len(batch)
        progress(done, total, "正在写入…")
    for start in range(0, len(to_change), BATCH):
        cancel.raise_if_cancelled()
        batch = to_change[start : start + BATCH]
        bulk_update(session, table, batch)
        done += len(batch)
        progress(done, total, "正在写入…")
    cancel.raise_if_cancelled()
    progress(total, total, "导入完成")
    return added_ids


def _value_columns() -> list[Any]:
    columns = (getattr(Candidate, attr) for attr in ATTRS)
    return [Candidate.version, *columns]


@dataclass
class RosterTable:
    """A plan's roster as the window shows it: one list of values per candidate.

    Withdrawn candidates (已退考) are listed — so they can be seen and reinstated — but not
    checked: their `findings` are empty, as they are left out of every count.
    """

    plan_id: int
    columns: tuple[str, ...]
    candidate_ids: list[int]
    rows: list[list[Any]]
    findings: list[list[Finding]]
    statuses: list[str] = field(default_factory=list)  # ACTIVE / WITHDRAWN, per row
    withdraw_reasons: list[str | None] = field(default_factory=list)
    late: list[bool] = field(default_factory=list)  # added after the pre-notice started (补报)
    versions: list[int] = field(default_factory=list)  # what an edit passes as expected_version

    @property
    def active_count(self) -> int:
        return sum(1 for status in self.statuses if status != WITHDRAWN)

    def status_label(self, index: int) -> str:
        """The row's status in words: 报考中 or 已退考."""
        return status_label(self.statuses[index])


def load_roster_table(store: Store, plan_id: int, *, today: dt.date | None = None) -> RosterTable:
    """All candidates of a plan with each row's findings (Finding.row = position in the table, from 1)."""
    today = today or dt.date.today()
    columns = [getattr(Candidate, attr) for attr in ATTRS]
    extra = [Candidate.status, Candidate.withdraw_reason, Candidate.added_late, Candidate.version]
    with store.session() as session:
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise LookupError(f"找不到评价计划 {plan_id}。")
        reference_date = plan.evaluation_date or today
        # Every candidate value column is text, so the driver's rows need no type processing:
        # reading them raw is ~4× faster than through the ORM at 50,000 rows.
        sql = str(
            select(Candidate.id, *columns, *extra)
            .where(Candidate.plan_id == plan_id)
            .order_by(Candidate.id)
            .compile(compile_kwargs={"literal_binds": True})
        )
        result = session.connection().exec_driver_sql(sql).fetchall()
    width = len(ATTRS)
    ids = [r[0] for r in result]
    rows = [list(r[1 : 1 + width]) for r in result]
    statuses = [r[1 + width] or ACTIVE for r in result]
    active = [
        RawRow(row=i, values=dict(zip(ATTRS, values, strict=True)))
        for i, (values, status) in enumerate(zip(rows, statuses, strict=True), 1)
        if status != WITHDRAWN
    ]
    check = check_roster(active, reference_date=reference_date, today=today)
    findings: list[list[Finding]] = [[] for _ in rows]
    for checked in check.rows:
        findings[checked.row - 1] = checked.findings
    return RosterTable(
        plan_id,
        ATTRS,
        ids,
        rows,
        findings,
        statuses=statuses,
        withdraw_reasons=[r[2 + width] for r in result],
        late=[bool(r[3 + width]) for r in result],
        versions=[r[4 + width] for r in result],
    )


@dataclass
class CandidateEdit:
    saved: bool
    values: dict[str, Any]
    findings: list[Finding]
    message: str = ""
    version: int | None = None  # the candidate's after this edit: what the next edit expects


def edit_candidate(
    store: Store,
    candidate_id: int,
    attr: str,
    text: str,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> CandidateEdit:
    """Change one field, re-check the row, and save unless the change would clash with another
    candidate's ID number in the same plan. A candidate changed since the table was loaded at
    `expected_version` is refused (StaleRecord)."""
    if attr not in LABELS:
        raise ValueError(f"未知字段：{attr}")
    today = today or dt.date.today()
    with unit_of_work(store) as uow:
        session = uow.session
        candidate = session.get(Candidate, candidate_id)
        if candidate is None:
            raise LookupError("该考生已被删除。")
        uow.expect(candidate, expected_version)
        reference_date = candidate.plan.evaluation_date or today
        values = {a: getattr(candidate, a) for a in ATTRS}
        values[attr] = text
        checked = check_candidate_values(values, row=0, reference_date=reference_date, today=today)
        new_id = checked.values.get("id_number")
        if text.strip() and checked.values.get(attr) is None:
            # Dropped as too long: saving would blank the field instead of changing it.
            message = f"{LABELS[attr]}过长，未保存。"
            return CandidateEdit(False, values, checked.findings, message, candidate.version)
        if attr == "id_number":
            if not new_id:
                message = "证件号码不能为空。"
                return CandidateEdit(False, values, checked.findings, message, candidate.version)
            clash = session.scalars(
                select(Candidate.name).where(
                    Candidate.plan_id == candidate.plan_id,
                    Candidate.id_number == new_id,
                    Candidate.id != candidate_id,
                )
            ).first()
            if clash is not None:
                return CandidateEdit(
                    False,
                    values,
                    checked.findings,
                    f"本计划中已有考生（{clash}）使用该证件号码，未保存。",
                    candidate.version,
                )
        stored = stored_values(checked)
        for key, value in stored.items():
            setattr(candidate, key, value)
        session.flush()  # raises the version: the one the next edit of this row expects
        return CandidateEdit(True, checked.values, checked.findings, version=candidate.version)


def roster_export_rows(
    store: Store, plan_id: int
) -> tuple[Plan, Institution | None, list[dict[str, Any]]]:
    with store.session() as session:
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise LookupError(f"找不到评价计划 {plan_id}。")
        institution = session.scalars(select(Institution).order_by(Institution.id)).first()
        # Withdrawn candidates (已退考) are not sent: the center's roster is who sits the exam.
        candidates = active_candidates(session, plan_id)
        rows = [{attr: getattr(c, attr) for attr in ATTRS} for c in candidates]
    return plan, institution, rows


def export_plan_roster(
    store: Store, plan_id: int, layout: Literal["registration", "training"], out_path: Path
) -> int:
    """Write the plan's roster in the 报名信息表 or 花名册 layout; returns the candidate count."""
    from skilldesk.core.levels import level_name
    from skilldesk.files.roster_export import ExportHeader, export_roster

    plan, institution, rows = roster_export_rows(store, plan_id)
    header = ExportHeader(
        institution_name=institution.name if institution else None,
        plan_number=plan.plan_number,
        occupation=plan.occupation,
        level_name=level_name(plan.level),
        exam_date=plan.evaluation_date,
    )
    export_roster(out_path, layout, rows, header)
    return len(rows)
