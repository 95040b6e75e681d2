"""Next year's holidays from the State Council's notice: preview, import, and any year shown.

A dialog (or `skilldesk calendar import`) calls `preview_notice(store, text)` to show what the
notice says and what importing it would mean, then `import_notice(store, text)` to keep it.
The workspace's imported years are handed to core/workdays.py when the workspace is opened
(`use_stored_years`) and again after every import, so working-day rules count with them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from skilldesk.core.errors import UserFacingError
from skilldesk.core.findings import WARNING, Finding
from skilldesk.core.holiday_notice import HolidayNotice, read_notice
from skilldesk.core.models import HolidayYear
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.core.workdays import (
    CalendarSource,
    YearArrangement,
    built_in_arrangement,
    dates,
    is_built_in_year,
    use_imported_years,
)
from skilldesk.files.text_decoding import decode_text

NOTICE_MAX_BYTES = 1_000_000  # a notice is a few kilobytes; anything this big is another file


class YearNotKnown(UserFacingError, LookupError):
    """Neither chinese-calendar nor an imported notice knows the year."""


class NoticeFileError(UserFacingError):
    """The notice's file cannot be read as text."""


def read_notice_file(path: Path) -> str:
    """The text of a saved notice (UTF-8, GBK or UTF-16, as Notepad or Word saves it)."""
    try:
        if path.stat().st_size > NOTICE_MAX_BYTES:
            raise NoticeFileError(
                f"「{path.name}」太大，不像是节假日安排通知，请检查是否选错了文件。"
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise NoticeFileError(f"找不到通知文件「{path}」。") from exc
    except IsADirectoryError as exc:
        raise NoticeFileError(f"「{path}」是文件夹，请给出通知的文本文件（.txt）。") from exc
    except OSError as exc:
        raise NoticeFileError(
            f"无法读取通知文件「{path}」，它可能正被其他程序占用，或没有读取权限。"
        ) from exc
    return notice_text_of(data, path.name)


def notice_text_of(data: bytes, name: str) -> str:
    text = decode_text(data)
    if text is None:
        raise NoticeFileError(
            f"无法识别「{name}」的文字编码：请把通知原文粘贴到记事本，“另存为”UTF-8 编码后再导入。"
        )
    return text


@dataclass(frozen=True, slots=True)
class NoticeSource:
    """Where an imported year came from."""

    title: str
    document_number: str | None
    published_on: dt.date | None
    imported_at: dt.datetime | None  # UTC; None before it is imported
    file_name: str | None  # None when the text was pasted

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "document_number": self.document_number,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "imported_at": _local(self.imported_at).isoformat(timespec="seconds")
            if self.imported_at
            else None,
            "file_name": self.file_name,
        }


@dataclass(frozen=True, slots=True)
class YearCalendar:
    """One year's holidays as SkillDesk uses them, and where they came from."""

    arrangement: YearArrangement
    source: CalendarSource
    notice: NoticeSource | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def year(self) -> int:
        return self.arrangement.year

    @property
    def counted_by(self) -> CalendarSource:
        """What working days of the year are counted with (chinese-calendar wins its years)."""
        return "chinese-calendar" if is_built_in_year(self.year) else "notice"

    def holidays(self) -> list[tuple[str, list[dt.date], list[dt.date]]]:
        """(name, days off, make-up workdays) per holiday, in the order of their days off."""
        grouped: dict[str, tuple[list[dt.date], list[dt.date]]] = {}
        for day, name in sorted(self.arrangement.days_off.items()):
            grouped.setdefault(name, ([], []))[0].append(day)
        for day, name in sorted(self.arrangement.make_up_workdays.items()):
            grouped.setdefault(name, ([], []))[1].append(day)
        return [(name, off, work) for name, (off, work) in grouped.items()]

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "days_off": [day.isoformat() for day in sorted(self.arrangement.days_off)],
            "make_up_workdays": [
                day.isoformat() for day in sorted(self.arrangement.make_up_workdays)
            ],
            "findings": [finding.to_json() for finding in self.findings],
            "source": self.source,
            "notice": self.notice.to_json() if self.notice else None,
            "holidays": [
                {
                    "name": name,
                    "days_off": [day.isoformat() for day in off],
                    "make_up_workdays": [day.isoformat() for day in work],
                }
                for name, off, work in self.holidays()
            ],
        }


@dataclass(frozen=True, slots=True)
class NoticeImport:
    """What a notice says and what importing it means (or meant: `written`)."""

    calendar: YearCalendar
    written: bool

    def to_json(self) -> dict[str, Any]:
        return {**self.calendar.to_json(), "written": self.written}


def preview_notice(store: Store, text: str, *, file_name: str | None = None) -> NoticeImport:
    """Read the notice (NoticeUnreadable if it cannot be read in full); change nothing."""
    notice = read_notice(text)
    with store.session() as session:
        findings = _findings(session, notice)
    return NoticeImport(_calendar(notice, file_name, None, findings), written=False)


def import_notice(store: Store, text: str, *, file_name: str | None = None) -> NoticeImport:
    """Read the notice in full and keep its year in the workspace (replacing an earlier import)."""
    notice = read_notice(text)  # outside the unit of work: nothing is locked while reading
    with unit_of_work(store) as uow:
        findings = _findings(uow.session, notice)
        row = _stored(uow.session, notice.year)
        if row is None:
            row = HolidayYear(year=notice.year)
            uow.session.add(row)
        row.title = notice.title
        row.document_number = notice.document_number
        row.published_on = notice.published_on
        row.file_name = file_name
        row.imported_at = imported_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        row.days = _dump_days(notice.arrangement)
        row.notice_text = text
    use_stored_years(store)
    return NoticeImport(_calendar(notice, file_name, imported_at, findings), written=True)


def use_stored_years(store: Store) -> None:
    """Let working-day rules count with every year this workspace imported (and no other's)."""
    with store.session() as session:
        rows = session.scalars(select(HolidayYear)).all()
        use_imported_years(_load_days(row) for row in rows)


def year_calendar(store: Store, year: int) -> YearCalendar:
    """The year as working days are counted: chinese-calendar's, else the imported notice's."""
    built_in = built_in_arrangement(year)
    if built_in is not None:
        return YearCalendar(built_in, "chinese-calendar")
    with store.session() as session:
        row = _stored(session, year)
        if row is None:
            raise YearNotKnown(
                f"{year}年的节假日安排尚未收录（内置日历只到 {_last_built_in_year()} 年）。"
                f"请用 skilldesk calendar import 通知.txt 导入国务院办公厅关于{year}年部分节假日安排的通知。"
            )
        source = NoticeSource(
            row.title, row.document_number, row.published_on, row.imported_at, row.file_name
        )
        return YearCalendar(_load_days(row), "notice", source)


def _calendar(
    notice: HolidayNotice,
    file_name: str | None,
    imported_at: dt.datetime | None,
    findings: list[Finding],
) -> YearCalendar:
    source = NoticeSource(
        notice.title, notice.document_number, notice.published_on, imported_at, file_name
    )
    return YearCalendar(notice.arrangement, "notice", source, (*notice.findings, *findings))


def _findings(session: Session, notice: HolidayNotice) -> list[Finding]:
    """What the user should know before relying on the notice: where the built-in calendar wins,
    and what an earlier import of the same year said otherwise."""
    findings: list[Finding] = []
    arrangement = notice.arrangement
    year = notice.year
    if is_built_in_year(year):
        differ = _differences(arrangement, year)
        agree = (
            f"与内置日历有 {len(differ)} 天不同（{_days_text(differ)}）"
            if differ
            else "与内置日历一致"
        )
        findings.append(
            Finding(
                "HOLIDAY_YEAR_BUILT_IN",
                WARNING,
                f"{year}年的节假日安排已内置（chinese-calendar），按内置日历计算；本通知{agree}。",
                extra={"days": [day.isoformat() for day in differ]},
            )
        )
    other_years = sorted({d.year for d in _named_days(arrangement)} - {year})
    for other in other_years:
        if is_built_in_year(other) and (differ := _differences(arrangement, other)):
            findings.append(
                Finding(
                    "HOLIDAY_NOTICE_OTHER_YEAR",
                    WARNING,
                    f"通知中的{_days_text(differ)}属于{other}年，该年按内置日历计算，"
                    "这几天不采用通知的安排，请人工留意。",
                    extra={"days": [day.isoformat() for day in differ]},
                )
            )
    row = _stored(session, year)
    if row is not None:
        earlier = _load_days(row)
        changed = sorted(
            set(earlier.days_off.items()) ^ set(arrangement.days_off.items())
            | set(earlier.make_up_workdays.items()) ^ set(arrangement.make_up_workdays.items())
        )
        if changed:
            days = sorted({day for day, _ in changed})
            when = _local(row.imported_at).strftime("%Y-%m-%d %H:%M")
            findings.append(
                Finding(
                    "HOLIDAY_NOTICE_REPLACED",
                    WARNING,
                    f"{year}年的安排已于 {when} 导入过（{row.file_name or '粘贴的通知'}），"
                    f"导入后将替换它，有 {len(days)} 天不同（{_days_text(days)}）。",
                    extra={"days": [day.isoformat() for day in days]},
                )
            )
    return findings


def _named_days(arrangement: YearArrangement) -> set[dt.date]:
    return set(arrangement.days_off) | set(arrangement.make_up_workdays)


def _differences(arrangement: YearArrangement, year: int) -> list[dt.date]:
    """The days of `year` the notice and chinese-calendar judge differently."""
    built_in = built_in_arrangement(year)
    assert built_in is not None
    return [
        day
        for day in dates(dt.date(year, 1, 1), dt.date(year, 12, 31))
        if (day in arrangement.days_off, day in arrangement.make_up_workdays)
        != (day in built_in.days_off, day in built_in.make_up_workdays)
    ]


def _days_text(days: list[dt.date]) -> str:
    shown = "、".join(f"{day.year}年{day.month}月{day.day}日" for day in days[:5])
    return shown + ("等" if len(days) > 5 else "")


def _stored(session: Session, year: int) -> HolidayYear | None:
    return session.scalar(select(HolidayYear).where(HolidayYear.year == year))


def _dump_days(arrangement: YearArrangement) -> str:
    return json.dumps(
        {
            "days_off": {day.isoformat(): name for day, name in arrangement.days_off.items()},
            "make_up_workdays": {
                day.isoformat(): name for day, name in arrangement.make_up_workdays.items()
            },
        },
        ensure_ascii=False,
    )


def _load_days(row: HolidayYear) -> YearArrangement:
    data = json.loads(row.days)
    return YearArrangement(
        row.year,
        {dt.date.fromisoformat(day): name for day, name in data["days_off"].items()},
        {dt.date.fromisoformat(day): name for day, name in data["make_up_workdays"].items()},
    )


def _last_built_in_year() -> int:
    year = dt.date.today().year + 1
    while not is_built_in_year(year) and year > 2004:
        year -= 1
    return year


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC).astimezone()
