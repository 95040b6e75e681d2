"""`skilldesk calendar …`: next year's holidays from the State Council's notice, any year shown."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skilldesk.commands.common import EXIT_OK, open_workspace_for, print_findings, print_json

if TYPE_CHECKING:
    from skilldesk.services.holiday_calendar import NoticeSource, YearCalendar

WEEKDAYS = "一二三四五六日"


def cmd_calendar_import(args: argparse.Namespace) -> int:
    from skilldesk.services import holiday_calendar

    if str(args.file) == "-":
        stdin = getattr(sys.stdin, "buffer", None)
        data = stdin.read() if stdin is not None else sys.stdin.read().encode("utf-8")
        text, file_name = holiday_calendar.notice_text_of(data, "标准输入"), None
    else:
        text, file_name = holiday_calendar.read_notice_file(args.file), args.file.name
    store = open_workspace_for(args).store
    if args.dry_run:
        done = holiday_calendar.preview_notice(store, text, file_name=file_name)
    else:
        done = holiday_calendar.import_notice(store, text, file_name=file_name)
    if args.json:
        print_json(done.to_json())
        return EXIT_OK
    year = done.calendar.year
    heading = "预览（未保存，去掉 --dry-run 即导入）" if args.dry_run else "已导入"
    print(f"{heading}：{year}年节假日安排，来自{_source_text(done.calendar.notice)}")
    print("\n".join(_calendar_lines(done.calendar)))
    print_findings(done.calendar.findings, whole="通知")
    if done.calendar.counted_by == "chinese-calendar":
        print(f"{year}年的工作日仍按 SkillDesk 内置日历计算。")
    elif not args.dry_run:
        print(f"从现在起，{year}年的工作日按这份通知计算。")
    return EXIT_OK


def cmd_calendar_show(args: argparse.Namespace) -> int:
    from skilldesk.services.holiday_calendar import year_calendar

    calendar = year_calendar(open_workspace_for(args).store, args.year)
    if args.json:
        print_json(calendar.to_json())
        return EXIT_OK
    if calendar.source == "chinese-calendar":
        source = "SkillDesk 内置日历（chinese-calendar）"
    else:
        source = _source_text(calendar.notice)
    print(f"{calendar.year}年节假日安排，来自{source}")
    print("\n".join(_calendar_lines(calendar)))
    return EXIT_OK


def _source_text(notice: NoticeSource | None) -> str:
    if notice is None:
        return "通知"
    parts = [f"《{notice.title}》"]
    if notice.document_number:
        parts.append(notice.document_number)
    if notice.published_on:
        parts.append(f"{_day(notice.published_on)}发布")
    if notice.imported_at:
        when = notice.imported_at.replace(tzinfo=dt.UTC).astimezone()
        parts.append(f"{when:%Y-%m-%d %H:%M} 导入")
    parts.append(f"文件 {notice.file_name}" if notice.file_name else "粘贴的通知")
    return "，".join(parts)


def _calendar_lines(calendar: YearCalendar) -> list[str]:
    """One line per holiday: its days off (runs of dates), then its make-up workdays."""
    lines = []
    for name, off, work in calendar.holidays():
        line = f"  {name}：{_runs(off)}放假，共{len(off)}天" if off else f"  {name}："
        if work:
            worked = "、".join(f"{_day(d, year=False)}（周{WEEKDAYS[d.weekday()]}）" for d in work)
            line += f"；{worked}上班" if off else f"{worked}上班"
        lines.append(line)
    off_total = len(calendar.arrangement.days_off)
    work_total = len(calendar.arrangement.make_up_workdays)
    lines.append(f"  共放假 {off_total} 天，调休上班 {work_total} 天。")
    return lines


def _runs(days: list[dt.date]) -> str:
    """`2月5日至2月12日`, runs of consecutive dates joined with 、."""
    runs: list[list[dt.date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    shown = []
    for run in runs:
        first, last = run[0], run[-1]
        shown.append(
            _day(first, year=False) + (f"至{_day(last, year=False)}" if last != first else "")
        )
    return "、".join(shown)


def _day(day: dt.date, *, year: bool = True) -> str:
    return (f"{day.year}年" if year else "") + f"{day.month}月{day.day}日"


def register(commands: Any) -> None:
    calendar = commands.add_parser("calendar", help="法定节假日和调休安排").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    imp = calendar.add_parser(
        "import",
        help="导入国务院办公厅关于某年部分节假日安排的通知（文本文件，或 - 表示粘贴/标准输入）",
    )
    imp.add_argument("file", type=Path, help="通知的文本文件（.txt），或 - 从标准输入读取")
    imp.add_argument("--dry-run", action="store_true", help="只显示读到的安排，不保存")
    imp.add_argument("--json", action="store_true", help="输出 JSON")
    imp.set_defaults(handler=cmd_calendar_import)

    show = calendar.add_parser("show", help="显示某年的节假日和调休上班安排及其来源")
    show.add_argument("year", type=int, help="年份，如 2027")
    show.add_argument("--json", action="store_true", help="输出 JSON")
    show.set_defaults(handler=cmd_calendar_show)
