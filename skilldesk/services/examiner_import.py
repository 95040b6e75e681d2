"""Bring in the examiner list staff keep in Excel: match each row to a stored examiner, add or
update it, and say which rows were refused and why — all in one transaction.

A row is matched by its 考评员证号 when it has one; otherwise (or when no examiner has that number
yet) by name, with the birth date — or the age, or the birth month, whichever the file gives —
telling people of the same name apart. An empty cell never erases what is stored: the file adds
to the record, it does not overwrite it with blanks. The store keeps full birth dates only, so an
age or a birth month alone is used for matching and reported, never turned into an invented date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from skilldesk.core.findings import ERROR, WARNING, Finding, count_by_severity
from skilldesk.core.models import Examiner
from skilldesk.core.normalize import (
    YearMonth,
    cell_text,
    normalize_name,
    parse_date_or_month,
    to_half_width,
)
from skilldesk.core.progress import CancelToken, ProgressCallback, no_progress
from skilldesk.core.reference import canonical_gender
from skilldesk.core.rules.resources import EXAMINER, GRADES
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.files.examiner_reader import LABELS, ExaminerSheetRow, read_examiners
from skilldesk.services.examiners import (
    ExaminerError,
    ExaminerFields,
    ExaminerInfo,
    apply_fields,
    canonical_grade,
    clean_fields,
    examiner_info,
)

Outcome = Literal["added", "updated", "unchanged", "refused"]
OUTCOME_LABELS: dict[str, str] = {
    "added": "新增",
    "updated": "更新",
    "unchanged": "未变",
    "refused": "未导入",
}
MIN_AGE, MAX_AGE = 18, 100  # an examiner's plausible age; outside it the date is mistyped
AGE_SLACK = 1  # a list's 年龄 was right when it was written, perhaps last year
_OCCUPATION_SEPARATORS = re.compile(r"[,，、;；/／\s]+")
_AGE_TEXT = re.compile(r"(\d{1,3})\s*(?:岁|周岁)?")
_TEXT_FIELDS = ("unit", "title")

# What the file says about when someone was born: a full date, a year and month, or an age.
BirthHint = dt.date | YearMonth | int


@dataclass(frozen=True)
class ImportedRow:
    """What became of one row of the file."""

    row: int  # as Excel numbers it
    name: str | None
    outcome: Outcome
    examiner_id: int | None = None  # None for a refused row, or an addition in a preview
    changed: tuple[str, ...] = ()  # labels of the fields an update changed
    findings: tuple[Finding, ...] = ()

    @property
    def detail(self) -> str:
        """The reason a row was refused, or what changed and what to check, in one line."""
        parts = []
        if self.changed:
            parts.append(f"更新了{'、'.join(self.changed)}")
        parts += [f.message for f in self.findings]
        return "；".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "name": self.name,
            "outcome": self.outcome,
            "examiner_id": self.examiner_id,
            "changed": list(self.changed),
            "detail": self.detail,
        }


@dataclass
class ExaminerImportResult:
    file: str
    sheet: str
    header_row: int
    dry_run: bool = False
    rows: list[ImportedRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # every row's, and the file's own

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def refused(self) -> int:
        return self.count("refused")

    @property
    def changed_anything(self) -> bool:
        return not self.dry_run and bool(self.added or self.updated)

    def summary(self) -> str:
        return (
            f"新增 {self.added} 人，更新 {self.updated} 人，未变 {self.unchanged} 人，"
            f"未导入 {self.refused} 行"
        )

    def to_json(self) -> dict[str, Any]:
        errors, warnings = count_by_severity(self.findings)
        return {
            "file": self.file,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "dry_run": self.dry_run,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": self.refused,
            "errors": errors,
            "warnings": warnings,
            "rows": [r.to_json() for r in self.rows],
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass
class _Parsed:
    """One row read into examiner fields: only what the file gives is in `known`."""

    row: int
    name: str | None
    known: dict[str, Any] = field(default_factory=dict)  # ExaminerFields name -> clean value
    birth_hint: BirthHint | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)

    @property
    def badge(self) -> str | None:
        badge = self.known.get("badge_number")
        return str(badge) if badge else None

    def refuse(self, code: str, message: str, column: str | None = None) -> None:
        self.findings.append(Finding(code, ERROR, message, row=self.row, field=column))

    def warn(self, code: str, message: str, column: str | None = None) -> None:
        self.findings.append(Finding(code, WARNING, message, row=self.row, field=column))


def import_examiners(
    store: Store,
    path: Path,
    *,
    dry_run: bool = False,
    today: dt.date | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> ExaminerImportResult:
    """Add and update examiners from `path`; with `dry_run`, only say what would happen.

    Reading and writing happen in one transaction: a cancel or a failure part-way leaves the
    store as it was. Raises ExaminerReadError (a UserFacingError) for an unreadable file.
    """
    sheet = read_examiners(path)
    today = today or dt.date.today()
    result = ExaminerImportResult(
        file=path.name, sheet=sheet.sheet_name, header_row=sheet.header_row, dry_run=dry_run
    )
    result.findings += _missing_columns(sheet.headers, path.name)
    parsed = [_parse(row, today) for row in sheet.rows]
    _refuse_repeats(parsed, today)
    with _session(store, dry_run) as session:
        stored = {e.id: e for e in session.scalars(select(Examiner).order_by(Examiner.id))}
        infos = [examiner_info(e) for e in stored.values()]
        claimed: dict[int, int] = {}  # examiner id -> the file row that matched it
        added: dict[int, Examiner] = {}  # index in result.rows -> the new examiner
        for done, item in enumerate(parsed):
            if cancel is not None:
                cancel.raise_if_cancelled()
            progress(done, len(parsed), "正在导入考评员")
            match = None if item.refused else _match(item, infos, claimed, today)
            if item.refused:
                result.rows.append(_row(item, "refused"))
            elif match is None:
                row, examiner = _add(session, item, dry_run)
                if examiner is not None:
                    added[len(result.rows)] = examiner
                result.rows.append(row)
            else:
                claimed[match.id] = item.row
                _check_birth_hint(item, match, today)
                result.rows.append(_update(stored[match.id], match, item, dry_run))
        session.flush()  # a constraint broken by any row fails the whole import here
        for index, examiner in added.items():
            result.rows[index] = dataclasses.replace(result.rows[index], examiner_id=examiner.id)
        progress(len(parsed), len(parsed), "正在导入考评员")
    result.findings += [f for row in result.rows for f in row.findings]
    return result


@contextmanager
def _session(store: Store, dry_run: bool) -> Iterator[Session]:
    """A dry run only reads, and so does not wait for (or hold up) the workspace's writers."""
    if dry_run:
        with store.session() as session:
            yield session
    else:
        with unit_of_work(store) as uow:
            yield uow.session


def split_occupations(text: str) -> tuple[str, ...]:
    """Occupations as lists write them: `电工、焊工`, `电工/焊工`, `电工 焊工`."""
    return tuple(dict.fromkeys(p for p in _OCCUPATION_SEPARATORS.split(text) if p))


# -- reading one row ----------------------------------------------------------------------------


def _parse(sheet_row: ExaminerSheetRow, today: dt.date) -> _Parsed:
    values = sheet_row.values
    item = _Parsed(row=sheet_row.row, name=normalize_name(values.get("name")))
    if not item.name:
        item.refuse("EXAMINER_NAME_MISSING", "没有姓名，这一行未导入。", LABELS["name"])
    gender = cell_text(values.get("gender"))
    if gender:
        item.known["gender"] = canonical_gender(gender)
        if item.known["gender"] is None:
            item.refuse(
                "EXAMINER_GENDER_UNKNOWN",
                f"性别应为“男”或“女”，表中是“{gender}”。",
                LABELS["gender"],
            )
    grade = cell_text(values.get("grade"))
    if grade:
        item.known["grade"] = canonical_grade(grade)
        if item.known["grade"] is None:
            item.refuse(
                "EXAMINER_GRADE_UNKNOWN",
                f"等级应为{'或'.join(GRADES)}，表中是“{grade}”。",
                LABELS["grade"],
            )
    for name in _TEXT_FIELDS:
        text = cell_text(values.get(name))
        if text:
            item.known[name] = text
    badge = cell_text(values.get("badge_number"))
    if badge:
        item.known["badge_number"] = _badge_key(badge)
    occupations = cell_text(values.get("occupations"))
    if occupations:
        item.known["occupations"] = split_occupations(occupations)
    _parse_birth(item, values.get("birth_date"), values.get("age"), today)
    return item


def _parse_birth(item: _Parsed, birth: Any, age: Any, today: dt.date) -> None:
    if birth is not None:
        found = parse_date_or_month(birth)
        if found is None:
            item.refuse(
                "EXAMINER_BIRTH_INVALID",
                f"出生日期“{cell_text(birth)}”无法识别或不存在，请写成 1975-06-18 这样的日期。",
                LABELS["birth_date"],
            )
            return
        years = _age(found, today)
        if not MIN_AGE <= years <= MAX_AGE:
            item.refuse(
                "EXAMINER_BIRTH_INVALID",
                f"出生日期“{cell_text(birth)}”不合理：按此算来 {years} 岁。",
                LABELS["birth_date"],
            )
            return
        item.birth_hint = found
        if isinstance(found, dt.date):
            item.known["birth_date"] = found
        return
    if age is not None:
        text = cell_text(age) or ""
        matched = _AGE_TEXT.fullmatch(text)
        given = int(matched.group(1)) if matched else None
        if given is None or not MIN_AGE <= given <= MAX_AGE:
            item.warn(
                "EXAMINER_AGE_INVALID",
                f"年龄“{text}”不合理，已忽略。",
                LABELS["age"],
            )
            return
        item.birth_hint = given


def _missing_columns(headers: dict[str, str], file: str) -> list[Finding]:
    missing = {
        "grade": "表中没有「等级」列：新增的人按“考评员”登记，高级考评员请在考评员页改过来。",
        "occupations": "表中没有「考评职业」列：新增的人没有考评职业，不会计入任何职业的考评人数。",
    }
    return [
        Finding("EXAMINER_COLUMN_MISSING", WARNING, message, field=LABELS[attr], file=file)
        for attr, message in missing.items()
        if attr not in headers
    ]


def _refuse_repeats(parsed: Sequence[_Parsed], today: dt.date) -> None:
    """Refuse a later row that repeats an earlier one's badge number, or the same person."""
    badges: dict[str, _Parsed] = {}
    people: list[_Parsed] = []
    for item in parsed:
        if item.refused:
            continue
        badge = item.badge
        first = badges.get(badge) if badge else None
        if first is not None:
            item.refuse(
                "EXAMINER_BADGE_REPEATED",
                f"考评员证号 {badge} 与第{first.row}行（{first.name}）重复，这一行未导入。",
                LABELS["badge_number"],
            )
            continue
        same = next((p for p in people if _same_person_in_file(p, item, today)), None)
        if same is not None:
            item.refuse(
                "EXAMINER_ROW_REPEATED",
                f"与第{same.row}行是同一人（{item.name}），这一行未导入；"
                "若是同名的两位考评员，请填上考评员证号或出生日期。",
            )
            continue
        if badge:
            badges[badge] = item
        people.append(item)


def _same_person_in_file(a: _Parsed, b: _Parsed, today: dt.date) -> bool:
    if a.name != b.name or (a.badge and b.badge):
        return False  # different badge numbers: told apart (equal ones are caught before)
    return _hints_agree(a.birth_hint, b.birth_hint, today)


# -- matching and writing ----------------------------------------------------------------------


def _match(
    item: _Parsed, infos: Sequence[ExaminerInfo], claimed: dict[int, int], today: dt.date
) -> ExaminerInfo | None:
    """The stored examiner the row describes, None for a new one; refuses the row when unsure."""
    badge = item.badge
    found: ExaminerInfo | None = None
    if badge:
        found = next((e for e in infos if _badge_key(e.fields.badge_number) == badge), None)
        if found is not None and found.name != item.name:
            item.refuse(
                "EXAMINER_BADGE_TAKEN",
                f"考评员证号 {badge} 已登记在{found.name}名下，与本行姓名“{item.name}”不符，请核对。",
                LABELS["badge_number"],
            )
            return None
    if found is None:
        candidates = [
            e
            for e in infos
            if e.name == item.name
            and not (badge and e.fields.badge_number)
            and _stored_birth_agrees(e.fields.birth_date, item.birth_hint, today)
        ]
        exact = [e for e in candidates if e.fields.birth_date == item.known.get("birth_date")]
        if len(candidates) > 1 and len(exact) == 1:
            candidates = exact
        if len(candidates) > 1:
            item.refuse(
                "EXAMINER_AMBIGUOUS",
                f"已登记了 {len(candidates)} 位叫“{item.name}”的考评员，无法确定是哪一位："
                "请在表中填上考评员证号或出生日期。",
                LABELS["name"],
            )
            return None
        found = candidates[0] if candidates else None
    if found is not None and found.id in claimed:
        item.refuse(
            "EXAMINER_ROW_REPEATED",
            f"与第{claimed[found.id]}行对应同一位已登记的考评员（{found.name}），这一行未导入。",
        )
        return None
    return found


def _add(session: Any, item: _Parsed, dry_run: bool) -> tuple[ImportedRow, Examiner | None]:
    fields = _fields(item, ExaminerFields(name=item.name or "", grade=EXAMINER))
    if fields is None:
        return _row(item, "refused"), None
    if not fields.occupations:
        item.warn(
            "EXAMINER_NO_OCCUPATION",
            "没有考评职业，补填后才计入考评人数。",
            LABELS["occupations"],
        )
    if item.birth_hint is not None and fields.birth_date is None:
        _warn_partial_birth(item, item.birth_hint)
    if dry_run:
        return _row(item, "added"), None
    examiner = Examiner()
    apply_fields(examiner, fields)
    session.add(examiner)
    return _row(item, "added"), examiner


def _update(examiner: Examiner, current: ExaminerInfo, item: _Parsed, dry_run: bool) -> ImportedRow:
    fields = _fields(item, current.fields)
    if fields is None:
        return _row(item, "refused")
    changed = tuple(
        LABELS[f.name]
        for f in dataclasses.fields(fields)
        if getattr(fields, f.name) != getattr(current.fields, f.name)
    )
    if not changed:
        return _row(item, "unchanged", examiner_id=current.id)
    if not dry_run:
        apply_fields(examiner, fields)
    return _row(item, "updated", examiner_id=current.id, changed=changed)


def _fields(item: _Parsed, base: ExaminerFields) -> ExaminerFields | None:
    """`base` with what the row gives, cleaned as a hand entry would be; None if refused."""
    try:
        return clean_fields(dataclasses.replace(base, **item.known))
    except ExaminerError as error:  # not expected: the row was checked field by field
        item.refuse("EXAMINER_ROW_INVALID", str(error))
        return None


def _check_birth_hint(item: _Parsed, match: ExaminerInfo, today: dt.date) -> None:
    hint, stored = item.birth_hint, match.fields.birth_date
    if hint is None or isinstance(hint, dt.date):
        return
    if stored is None:
        _warn_partial_birth(item, hint)
    elif not _stored_birth_agrees(stored, hint, today):
        shown = f"{hint} 岁" if isinstance(hint, int) else f"{hint[0]}年{hint[1]}月"
        item.warn(
            "EXAMINER_BIRTH_MISMATCH",
            f"表中为{shown}，与已登记的出生日期 {stored.isoformat()} 不符，出生日期未改，请核对。",
            LABELS["age" if isinstance(hint, int) else "birth_date"],
        )


def _warn_partial_birth(item: _Parsed, hint: BirthHint) -> None:
    """An age or a birth month where the store needs a full date: say it was left empty."""
    if isinstance(hint, int):
        message = f"表中只有年龄（{hint} 岁），出生日期需要年月日，已留空，请补填。"
        item.warn("EXAMINER_BIRTH_PARTIAL", message, LABELS["age"])
    elif isinstance(hint, tuple):
        message = (
            f"出生年月只写到月（{hint[0]}年{hint[1]}月），出生日期需要年月日，已留空，请补填。"
        )
        item.warn("EXAMINER_BIRTH_PARTIAL", message, LABELS["birth_date"])


def _row(
    item: _Parsed,
    outcome: Outcome,
    *,
    examiner_id: int | None = None,
    changed: tuple[str, ...] = (),
) -> ImportedRow:
    return ImportedRow(item.row, item.name, outcome, examiner_id, changed, tuple(item.findings))


# -- comparing birth dates, ages and badge numbers ---------------------------------------------


def _badge_key(badge: str | None) -> str | None:
    return "".join(to_half_width(badge).split()).upper() or None if badge else None


def _age(born: dt.date | YearMonth, on: dt.date) -> int:
    if isinstance(born, tuple):
        year, month = born
        return on.year - year - (on.month < month)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _stored_birth_agrees(stored: dt.date | None, hint: BirthHint | None, today: dt.date) -> bool:
    if stored is None or hint is None:
        return True
    if isinstance(hint, dt.date):
        return stored == hint
    if isinstance(hint, tuple):
        return (stored.year, stored.month) == hint
    return abs(_age(stored, today) - hint) <= AGE_SLACK


def _hints_agree(a: BirthHint | None, b: BirthHint | None, today: dt.date) -> bool:
    """Whether two rows' birth details could be the same person's (unknown agrees with all)."""
    if a is None or b is None:
        return True
    if isinstance(a, int) or isinstance(b, int):
        age_a = a if isinstance(a, int) else _age(a, today)
        age_b = b if isinstance(b, int) else _age(b, today)
        return abs(age_a - age_b) <= AGE_SLACK
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        return a == b
    month_a = (a.year, a.month) if isinstance(a, dt.date) else a
    month_b = (b.year, b.month) if isinstance(b, dt.date) else b
    return month_a == month_b
