"""The local store's records, as SQLAlchemy 2 typed mapped classes.

Every record carries a client UUID, a version counter and created/updated times so that sync
can be built on it: the UUID names the record on the provincial service, the version orders
its submissions.
"""

from __future__ import annotations

import datetime as dt
import uuid
import weakref
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    declared_attr,
    mapped_column,
    relationship,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uuid() -> str:
    return str(uuid.uuid4())


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Tracked:
    """Columns every record has: local id, client UUID, version, timestamps (UTC).

    `version` is SQLAlchemy's version counter: every UPDATE the ORM writes carries
    `WHERE version = <the version read>`, so a row changed under our feet fails the flush
    instead of being overwritten. `bump_versions` (run before every flush) raises it by one per
    transaction for each changed record; the bulk paths in core/bulk.py do the same by hand.
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {
            "version_id_col": cls.__table__.c.version,  # type: ignore[attr-defined]
            "version_id_generator": False,  # bump_versions sets it: once per transaction
        }


class Institution(Tracked, Base):
    """The evaluation institution (评价机构) using this workspace."""

    __tablename__ = "institution"

    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str | None] = mapped_column(String(18))  # 统一社会信用代码
    filing_number: Mapped[str | None] = mapped_column(String(40))  # 备案号 Y…/S…
    kind: Mapped[str | None] = mapped_column(String(20))  # enterprise / school
    level: Mapped[str | None] = mapped_column(String(10))  # 省/市/区县
    region: Mapped[str | None] = mapped_column(String(100))
    contact_name: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(200))
    filing_valid_until: Mapped[dt.date | None] = mapped_column(Date)
    short_name: Mapped[str | None] = mapped_column(String(100))  # 机构简称
    email: Mapped[str | None] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(String(200))
    filed_on: Mapped[dt.date | None] = mapped_column(Date)  # 备案日期; valid two years

    scopes: Mapped[list[CertifiedScope]] = relationship(
        back_populates="institution", cascade="all, delete-orphan"
    )


class CertifiedScope(Tracked, Base):
    """One row of the certified scope (认定范围, attachment 13)."""

    __tablename__ = "certified_scope"

    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="CASCADE"))
    occupation: Mapped[str] = mapped_column(String(100))
    occupation_code: Mapped[str | None] = mapped_column(String(20))  # e.g. 4-03-02-01
    work_type: Mapped[str | None] = mapped_column(String(100))  # 工种, may be empty
    levels: Mapped[str] = mapped_column(String(20), default="")  # "5,4,3"; as typed if unreadable

    institution: Mapped[Institution] = relationship(back_populates="scopes")


class ExamSite(Tracked, Base):
    """An exam site filing (考点备案): draft → submitted → 待审核 → 通过 / 不通过 (core/filing.py)."""

    __tablename__ = "exam_site"

    name: Mapped[str] = mapped_column(String(200))
    in_filing_region: Mapped[bool] = mapped_column(Boolean, default=True)
    level: Mapped[str | None] = mapped_column(String(10))  # 省/市/区县
    region: Mapped[str | None] = mapped_column(String(100))  # the county/city the site is in
    accepting_department: Mapped[str | None] = mapped_column(String(200))  # 受理部门
    contact_name: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    reject_reason: Mapped[str | None] = mapped_column(Text)
    auto_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    rooms: Mapped[list[ExamRoom]] = relationship(
        back_populates="site", cascade="all, delete-orphan"
    )


class ExamRoom(Tracked, Base):
    """A room (考场) under an approved site; contact, phone and address are the site's, locked."""

    __tablename__ = "exam_room"
    __table_args__ = (UniqueConstraint("site_id", "number", name="uq_exam_room_site_id_number"),)

    site_id: Mapped[int] = mapped_column(ForeignKey("exam_site.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))  # the concrete location, "3幢2层201"
    number: Mapped[str] = mapped_column(String(10))  # 试场编号 001…
    seats: Mapped[int] = mapped_column(Integer, default=30)
    kind: Mapped[str] = mapped_column(String(20), default="theory")  # theory/practical/computer
    # Copies of the site's, kept in step by the sites service (the ticket prints them).
    contact_name: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(200))

    site: Mapped[ExamSite] = relationship(back_populates="rooms")


class Examiner(Tracked, Base):
    """An examiner (考评员 / 高级考评员)."""

    __tablename__ = "examiner"

    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str | None] = mapped_column(String(2))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    unit: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(100))
    badge_number: Mapped[str | None] = mapped_column(String(50))
    grade: Mapped[str] = mapped_column(String(20), default="考评员")
    occupations: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of names


class Scheme(Tracked, Base):
    """The annual implementation scheme (实施方案, attachment 8)."""

    __tablename__ = "scheme"

    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")  # 评价内容
    self_made_share: Mapped[int | None] = mapped_column(Integer)  # percent of self-made questions
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # JSON list of {occupation, work_type, levels, planned_start, planned_end, note}
    items: Mapped[str] = mapped_column(Text, default="[]")
    conditions: Mapped[str] = mapped_column(Text, default="")  # 申报条件
    methods: Mapped[str] = mapped_column(Text, default="")  # 评价方式
    question_sources: Mapped[str] = mapped_column(Text, default="")  # 试题资源
    staff: Mapped[str] = mapped_column(Text, default="[]")  # JSON names: 考务人员
    examiners: Mapped[str] = mapped_column(Text, default="[]")  # JSON names: 考评人员
    supervisors: Mapped[str] = mapped_column(Text, default="[]")  # JSON names: 内部质量督导人员
    notes: Mapped[str] = mapped_column(Text, default="")  # 其他需说明的情况
    reject_reason: Mapped[str | None] = mapped_column(Text)


class Plan(Tracked, Base):
    """An evaluation plan (评价计划): one occupation at one level, with its timeline."""

    __tablename__ = "plan"

    occupation: Mapped[str] = mapped_column(String(100))
    occupation_code: Mapped[str | None] = mapped_column(String(20))
    work_type: Mapped[str | None] = mapped_column(String(100))
    level: Mapped[int] = mapped_column(Integer)
    plan_number: Mapped[str | None] = mapped_column(String(50))  # 计划编号, assigned by the center
    status: Mapped[str] = mapped_column(String(20), default="draft")
    site_id: Mapped[int | None] = mapped_column(ForeignKey("exam_site.id", ondelete="SET NULL"))
    registration_start: Mapped[dt.datetime | None] = mapped_column(DateTime)
    registration_end: Mapped[dt.datetime | None] = mapped_column(DateTime)
    review_deadline: Mapped[dt.datetime | None] = mapped_column(DateTime)
    pre_notice_start: Mapped[dt.datetime | None] = mapped_column(DateTime)
    pre_notice_end: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ticket_download_start: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ticket_download_end: Mapped[dt.datetime | None] = mapped_column(DateTime)
    evaluation_date: Mapped[dt.date | None] = mapped_column(Date)
    score_notice_start: Mapped[dt.datetime | None] = mapped_column(DateTime)
    score_notice_end: Mapped[dt.datetime | None] = mapped_column(DateTime)
    application_condition: Mapped[str | None] = mapped_column(Text)  # 申报条件
    dual_certificate: Mapped[bool] = mapped_column(Boolean, default=False)  # 一证双证试点
    other_county: Mapped[bool] = mapped_column(Boolean, default=False)  # 备案层级内其他县市区
    application_mode: Mapped[str] = mapped_column(String(20), default="常规申报")
    registration_mode: Mapped[str] = mapped_column(String(20), default="个人实名制申报")
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)  # pushed to the center

    candidates: Mapped[list[Candidate]] = relationship(
        back_populates="plan", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[ExamSession]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="ExamSession.start"
    )
    examiner_links: Mapped[list[PlanExaminer]] = relationship(
        back_populates="plan", cascade="all, delete-orphan"
    )

    @property
    def title(self) -> str:
        from skilldesk.core.levels import level_name

        return f"{self.occupation}（{level_name(self.level)}）"


class ExamSession(Tracked, Base):
    """One subject's sitting of a plan (理论 / 实操 / 综合): start, end, room."""

    __tablename__ = "exam_session"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(20))  # theory / practical / comprehensive
    start: Mapped[dt.datetime | None] = mapped_column(DateTime)
    end: Mapped[dt.datetime | None] = mapped_column(DateTime)
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("exam_room.id", ondelete="SET NULL"), index=True
    )

    plan: Mapped[Plan] = relationship(back_populates="sessions")
    room: Mapped[ExamRoom | None] = relationship()


class PlanExaminer(Tracked, Base):
    """An examiner assigned to a plan."""

    __tablename__ = "plan_examiner"
    __table_args__ = (
        UniqueConstraint("plan_id", "examiner_id", name="uq_plan_examiner_plan_id_examiner_id"),
    )

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    examiner_id: Mapped[int] = mapped_column(ForeignKey("examiner.id", ondelete="CASCADE"))

    plan: Mapped[Plan] = relationship(back_populates="examiner_links")
    examiner: Mapped[Examiner] = relationship()


class Candidate(Tracked, Base):
    """A candidate on a plan's roster: every field of the 报名信息表, 花名册 and 申报表."""

    __tablename__ = "candidate"
    __table_args__ = (UniqueConstraint("plan_id", "id_number", name="uq_candidate_plan_id_number"),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    id_type: Mapped[str] = mapped_column(String(30), default="居民身份证")
    id_number: Mapped[str] = mapped_column(String(40))
    gender: Mapped[str | None] = mapped_column(String(2))
    # ISO date, or year-month ("1990-12") when only that is known, or the text as the user typed
    # it when it cannot be read: kept so the DATE_FORMAT error stays visible until fixed.
    birth_date: Mapped[str | None] = mapped_column(String(40))
    ethnicity: Mapped[str | None] = mapped_column(String(20))
    education: Mapped[str | None] = mapped_column(String(30))
    phone: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str | None] = mapped_column(String(50))  # 考生来源
    employer: Mapped[str | None] = mapped_column(String(200))
    years_in_occupation: Mapped[str | None] = mapped_column(String(20))
    original_level: Mapped[str | None] = mapped_column(String(30))
    title_level: Mapped[str | None] = mapped_column(String(30))
    certificate_number: Mapped[str | None] = mapped_column(String(60))
    address: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(100))
    occupation: Mapped[str | None] = mapped_column(String(100))
    level: Mapped[str | None] = mapped_column(String(20))
    subjects: Mapped[str | None] = mapped_column(String(30))
    application_condition: Mapped[str | None] = mapped_column(Text)
    training_hours: Mapped[str | None] = mapped_column(String(20))

    plan: Mapped[Plan] = relationship(back_populates="candidates")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan"
    )
    # A candidate who withdrew (退考) keeps their record with the reason; only active ones are
    # counted, exported, seated or submitted (core/candidate_status.py).
    status: Mapped[str] = mapped_column(String(20), default="active", server_default="active")
    withdraw_reason: Mapped[str | None] = mapped_column(Text)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # 补报: added (imported or moved in) on or after the day the plan's pre-notice started.
    added_late: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Attachment(Tracked, Base):
    """A file belonging to a candidate: photo, ID copy, diploma, certificate, in-school proof."""

    __tablename__ = "attachment"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # photo / id_copy / diploma / certificate / proof
    filename: Mapped[str] = mapped_column(String(260))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)

    candidate: Mapped[Candidate] = relationship(back_populates="attachments")


class RosterSummary(Base):
    """Derived, never edited: how many of a plan's candidates the roster check finds fault with.

    A cache of the live check (core/roster_summary.py), rebuilt by the unit of work in the same
    transaction as every change to its inputs, and stamped with what it was computed against
    so that a reader recognises a stale one (new rules, another day) and checks live instead.
    """

    __tablename__ = "roster_summary"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True
    )
    computed_for: Mapped[str] = mapped_column(String(60))  # rules version, reference date, day
    candidates: Mapped[int] = mapped_column(Integer)
    rows_with_errors: Mapped[int] = mapped_column(Integer)
    rows_with_warnings: Mapped[int] = mapped_column(Integer)


class ChangeLogEntry(Base):
    """One committed unit of work: what it changed and who wrote it.

    Another process's window reads the entries after the last one it saw to learn what the
    command line (or anything else) changed; the sync outbox will be written beside it.
    """

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    committed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    writer: Mapped[str] = mapped_column(String(100))
    pid: Mapped[int] = mapped_column(Integer)
    changes: Mapped[str] = mapped_column(Text)  # ChangeSet.dumps()


def bump_versions(session: Session) -> list[Tracked]:
    """Give every record this flush changes its next version, once per transaction.

    A plan travels (to the provincial service, on its forms) with its sessions and examiners,
    and a candidate with its photo and attachments: when a part changes, the whole gets a new
    version too. Returns the records whose version this call raised.
    """
    # The records already at their version for this transaction: new ones (version 1) and
    # those raised once. Held weakly, as the session's identity map holds its records.
    versioned: weakref.WeakSet[Tracked] = session.info.setdefault("versioned", weakref.WeakSet())
    versioned.update(r for r in session.new if isinstance(r, Tracked))
    now = utc_now()
    with session.no_autoflush:
        parts = [r for r in (*session.new, *session.dirty, *session.deleted)]
        for part in parts:
            parent: Tracked | None = None
            if isinstance(part, ExamSession | PlanExaminer):
                parent = part.plan or (session.get(Plan, part.plan_id) if part.plan_id else None)
            elif isinstance(part, Attachment):
                parent = part.candidate or (
                    session.get(Candidate, part.candidate_id) if part.candidate_id else None
                )
            if (
                parent is not None
                and parent not in session.new
                and parent not in session.deleted
                and not session.is_modified(parent)
            ):
                parent.updated_at = now
    raised: list[Tracked] = []
    for record in list(session.dirty):
        if not isinstance(record, Tracked) or not session.is_modified(record):
            continue
        if record in versioned:
            continue
        versioned.add(record)
        read = inspect(record).committed_state.get("version", record.version)
        record.version = int(read) + 1
        record.updated_at = now
        raised.append(record)
    return raised


def _forget_versioned(session: Session, *_args: Any) -> None:
    session.info.pop("versioned", None)


def _refuse_writes_outside_units_of_work(session: Session, *_args: Any) -> None:
    """Every write goes through core/unit_of_work.py: the write lock, one transaction, the
    ChangeSet and the change log exist only there. A flush elsewhere is a programming error."""
    if "unit_of_work" in session.info:
        return
    if session.new or session.deleted or any(session.is_modified(r) for r in session.dirty):
        raise RuntimeError("writes go through unit_of_work(store) (core/unit_of_work.py)")


event.listen(Session, "before_flush", _refuse_writes_outside_units_of_work)
event.listen(Session, "after_commit", _forget_versioned)
event.listen(Session, "after_rollback", _forget_versioned)


class HolidayYear(Tracked, Base):
    """A year's holidays and make-up workdays imported from the State Council's notice.

    Used beside chinese-calendar for years it does not know yet (core/workdays.py). The days are
    kept as the user confirmed them, with the notice's text and where it came from.
    """

    __tablename__ = "holiday_year"

    year: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(String(100))  # 国务院办公厅关于YYYY年部分节假日安排的通知
    document_number: Mapped[str | None] = mapped_column(String(60))  # 国办发明电〔2016〕17号
    published_on: Mapped[dt.date | None] = mapped_column(Date)  # the date under the signature
    file_name: Mapped[str | None] = mapped_column(String(260))  # None when pasted
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    days: Mapped[str] = mapped_column(
        Text
    )  # JSON: {"days_off": {date: name}, "make_up_workdays": …}
    notice_text: Mapped[str] = mapped_column(Text)  # as imported, so it can be read again


class ImportBatch(Base):
    """One roster import into a plan that changed something: what it did, so it can be undone.

    Only a plan's latest import can be undone (撤销导入); the per-candidate items of older ones
    are dropped when a newer import is recorded, and those of an undone one when it is undone.
    """

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(260))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    added: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    items: Mapped[list[ImportBatchItem]] = relationship(
        back_populates="batch", cascade="all, delete-orphan"
    )


class ImportBatchItem(Base):
    """A candidate one import added or changed, with the values before and after it.

    `candidate_id` is no foreign key: a candidate removed since must leave this trace, so that
    the undo can say so. Personal data: kept in the workspace database only, never logged.
    """

    __tablename__ = "import_batch_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batch.id", ondelete="CASCADE"), index=True
    )
    candidate_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))  # added / changed
    version_after: Mapped[int] = mapped_column(Integer)  # the version the import left
    before: Mapped[str | None] = mapped_column(Text)  # JSON of the fields; None for `added`
    after: Mapped[str] = mapped_column(Text)  # JSON of the fields as the import wrote them

    batch: Mapped[ImportBatch] = relationship(back_populates="items")
