"""Examiners (考评员 / 高级考评员): who they are and which occupations they examine."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from skilldesk.core.errors import UserFacingError
from skilldesk.core.levels import level_name
from skilldesk.core.models import Examiner, PlanExaminer
from skilldesk.core.normalize import clean_text, normalize_name, to_half_width
from skilldesk.core.reference import canonical_gender
from skilldesk.core.rules.resources import (
    EXAMINER,
    GRADES,
    HIGHEST_LEVEL,
    SENIOR_EXAMINER,
    ExaminerEntry,
    examines_occupation,
)
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work

_GRADE_WORDS = {EXAMINER: EXAMINER, SENIOR_EXAMINER: SENIOR_EXAMINER, "高级": SENIOR_EXAMINER}
_GRADE_WORDS.update({"examiner": EXAMINER, "senior": SENIOR_EXAMINER, "普通": EXAMINER})
_GRADE_WORDS.update({"普通考评员": EXAMINER, "考评人员": EXAMINER, "高级考评人员": SENIOR_EXAMINER})
_GRADE_NOTE = re.compile(r"\(.*?\)")  # 高级考评员(电工): the bracket says nothing about the grade
_SEPARATORS = re.compile(r"[,，、;；\n]+")


class ExaminerError(UserFacingError):
    """An examiner change that cannot be made; the message says why, in Chinese."""


@dataclass(frozen=True)
class ExaminerFields:
    """What the user fills in for an examiner."""

    name: str
    gender: str | None = None  # 男 / 女
    birth_date: dt.date | None = None
    unit: str | None = None
    title: str | None = None  # 职称 / 职业资格
    badge_number: str | None = None  # 考评员证号
    grade: str = EXAMINER  # 考评员 / 高级考评员
    occupations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExaminerInfo:
    id: int
    fields: ExaminerFields
    version: int  # what a save passes back as `expected_version`

    @property
    def name(self) -> str:
        return self.fields.name

    @property
    def grade(self) -> str:
        return self.fields.grade

    @property
    def highest_level(self) -> int:
        """The highest level (lowest number) this examiner may examine."""
        return HIGHEST_LEVEL.get(self.fields.grade, HIGHEST_LEVEL[EXAMINER])

    @property
    def levels_label(self) -> str:
        return f"{level_name(self.highest_level)}及以下"

    def age(self, on: dt.date) -> int | None:
        born = self.fields.birth_date
        if born is None:
            return None
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def entry(self) -> ExaminerEntry:
        return ExaminerEntry(self.fields.name, self.fields.grade, self.fields.occupations)

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self.fields)
        data["birth_date"] = self.fields.birth_date.isoformat() if self.fields.birth_date else None
        data["occupations"] = list(self.fields.occupations)
        return {"id": self.id, **data, "levels": self.levels_label}


def parse_occupations(text: str | Iterable[str]) -> tuple[str, ...]:
    """Occupation names from `电工、焊工` (or a list), cleaned, without repeats."""
    parts = _SEPARATORS.split(text) if isinstance(text, str) else list(text)
    names = [clean_text(part) for part in parts]
    return tuple(dict.fromkeys(name for name in names if name))


def canonical_grade(text: str | None) -> str | None:
    """`考评员` or `高级考评员` for what the user wrote (`高级`, `普通考评员` …); None if unknown."""
    key = _GRADE_NOTE.sub("", to_half_width(clean_text(text or ""))).replace(" ", "")
    return _GRADE_WORDS.get(key.casefold())


def add_examiner(store: Store, fields: ExaminerFields) -> ExaminerInfo:
    clean = clean_fields(fields)
    with unit_of_work(store) as uow:
        session = uow.session
        _refuse_duplicate_badge(session, clean.badge_number, None)
        examiner = Examiner()
        apply_fields(examiner, clean)
        session.add(examiner)
        session.flush()
        return examiner_info(examiner)


def update_examiner(
    store: Store,
    examiner_id: int,
    fields: ExaminerFields,
    *,
    expected_version: int | None = None,
) -> ExaminerInfo:
    """Save the examiner form; `expected_version` (the version it was loaded at) refuses a
    record changed since (StaleRecord) instead of overwriting that change."""
    clean = clean_fields(fields)
    with unit_of_work(store) as uow:
        session = uow.session
        examiner = _get(session, examiner_id)
        uow.expect(examiner, expected_version)
        _refuse_duplicate_badge(session, clean.badge_number, examiner.id)
        apply_fields(examiner, clean)
        session.flush()
        return examiner_info(examiner)


def delete_examiner(store: Store, examiner_id: int) -> None:
    """Remove an examiner (and from the plans they were assigned to)."""
    with unit_of_work(store) as uow:
        session = uow.session
        examiner = _get(session, examiner_id)
        # The links go through the ORM, not the database's cascade, so that each plan that
        # loses an examiner gets a new version and is announced as changed.
        links = select(PlanExaminer).where(PlanExaminer.examiner_id == examiner.id)
        for link in session.scalars(links):
            session.delete(link)
        session.delete(examiner)


def list_examiners(store: Store, *, occupation: str | None = None) -> list[ExaminerInfo]:
    with store.session() as session:
        examiners = [
            examiner_info(e) for e in session.scalars(select(Examiner).order_by(Examiner.id))
        ]
    if occupation:
        examiners = [e for e in examiners if examines_occupation(e.entry(), occupation, None)]
    return examiners


def occupations_of(examiner: Examiner) -> tuple[str, ...]:
    try:
        names = json.loads(examiner.occupations or "[]")
    except ValueError:
        return parse_occupations(examiner.occupations)
    return tuple(str(n) for n in names) if isinstance(names, list) else ()


def clean_fields(fields: ExaminerFields) -> ExaminerFields:
    """The fields as stored: name, gender and grade in their usual form; raise ExaminerError."""
    name = normalize_name(fields.name) if fields.name else None
    if not name:
        raise ExaminerError("请填写考评员姓名。")
    gender = None
    if fields.gender:
        gender = canonical_gender(fields.gender)
        if gender is None:
            raise ExaminerError(f"性别应为“男”或“女”，收到“{fields.gender}”。")
    grade = canonical_grade(fields.grade)
    if grade is None:
        raise ExaminerError(f"考评员等级应为 {'、'.join(GRADES)} 之一，收到“{fields.grade}”。")
    return ExaminerFields(
        name=name,
        gender=gender,
        birth_date=fields.birth_date,
        unit=clean_text(fields.unit or "") or None,
        title=clean_text(fields.title or "") or None,
        badge_number=clean_text(fields.badge_number or "") or None,
        grade=grade,
        occupations=parse_occupations(fields.occupations),
    )


def apply_fields(examiner: Examiner, fields: ExaminerFields) -> None:
    """Copy cleaned fields onto the stored examiner."""
    for name, value in dataclasses.asdict(fields).items():
        if name == "occupations":
            value = json.dumps(list(value), ensure_ascii=False)
        setattr(examiner, name, value)


def _refuse_duplicate_badge(session: Session, badge: str | None, own: int | None) -> None:
    if not badge:
        return
    query = select(Examiner.name).where(Examiner.badge_number == badge)
    if own is not None:
        query = query.where(Examiner.id != own)
    other = session.scalars(query).first()
    if other is not None:
        raise ExaminerError(f"考评员证号 {badge} 已登记在{other}名下，请核对。")


def _get(session: Session, examiner_id: int) -> Examiner:
    examiner = session.get(Examiner, examiner_id)
    if examiner is None:
        raise ExaminerError(f"找不到考评员 {examiner_id}，可能已被删除。")
    return examiner


def examiner_info(examiner: Examiner) -> ExaminerInfo:
    fields = ExaminerFields(
        name=examiner.name,
        gender=examiner.gender,
        birth_date=examiner.birth_date,
        unit=examiner.unit,
        title=examiner.title,
        badge_number=examiner.badge_number,
        grade=examiner.grade,
        occupations=occupations_of(examiner),
    )
    return ExaminerInfo(id=examiner.id, fields=fields, version=examiner.version)
