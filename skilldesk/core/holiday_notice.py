"""Reads the State Council's yearly holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知).

The notice has had one shape for years: a title, an opening sentence listing the holidays, then
one numbered item per holiday ("二、春节：2月15日（农历腊月二十八、周日）至23日（…）放假调休，
共9天。2月14日（周六）、2月28日（周六）上班。"), then a closing paragraph and the signature.
Text pasted from a web page or a Word file keeps that shape but not its spacing, line breaks or
full-width characters, so those are normalised away first (remembering each character's line).

A notice is read completely or not at all: every sentence of every item must be understood,
the stated weekdays must fit the dates, the day counts (共N天) must add up, every holiday the
opening sentence lists must have its item, and something must follow the last item — without
it a notice cut off after a sentence could not be told from a whole one. Anything else is a
`NoticeUnreadable` naming the line where reading stopped.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from skilldesk.core.errors import UserFacingError
from skilldesk.core.findings import WARNING, Finding
from skilldesk.core.workdays import YearArrangement, dates

NUMERALS = "一二三四五六七八九十"
WEEKDAYS = "一二三四五六日"
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}

_TITLE = re.compile(r"国务院办公厅关于(\d{4})年部分节假日安排的通知")
_OPENING = re.compile(r"现将(\d{4})年(.+?)放假(?:调休)?日期的具体安排通知如下")
_DOCUMENT_NUMBER = re.compile(r"国办发明电[〔\[(]\d{4}[〕\])]\d+号")
_SIGNATURE = re.compile(r"国务院办公厅(\d{4})年(\d{1,2})月(\d{1,2})日")
_ITEM = re.compile(rf"([{NUMERALS}]{{1,3}})、([\u4e00-\u9fff、]{{1,20}}?):")
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^()]*)\))?")
_ANY_DATE = re.compile(r"\d{1,2}月\d{1,2}日|\d{1,2}日\(")
_WEEKDAY_NOTE = re.compile(rf"(?:星期|周)([{WEEKDAYS}天])")
_SENTENCE_END = re.compile(r"[。.;]")
_FULL_WIDTH_PUNCTUATION = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；"})


class NoticeUnreadable(UserFacingError):
    """The notice could not be read in full; nothing of it is used. str() is one Chinese line."""

    def __init__(self, line: int, line_text: str, reason: str) -> None:
        self.line = line
        self.line_text = line_text
        self.reason = reason
        shown = line_text if len(line_text) <= 60 else line_text[:60] + "…"
        super().__init__(
            f"节假日通知读到第 {line} 行停下了：「{shown}」——{reason}。"
            "没有导入任何内容；请复制完整的通知原文（从标题到落款）后再试。"
        )


@dataclass(frozen=True, slots=True)
class NoticeHoliday:
    """One item of the notice: the holiday (or holidays, 中秋节、国庆节) and its days."""

    name: str
    days_off: tuple[dt.date, ...]
    make_up_workdays: tuple[dt.date, ...]


@dataclass(frozen=True, slots=True)
class HolidayNotice:
    """Everything the notice says about its year, read in full."""

    year: int
    title: str
    document_number: str | None
    published_on: dt.date | None
    holidays: tuple[NoticeHoliday, ...]
    findings: tuple[Finding, ...] = ()

    @property
    def arrangement(self) -> YearArrangement:
        days_off = {day: h.name for h in self.holidays for day in h.days_off}
        make_up = {day: h.name for h in self.holidays for day in h.make_up_workdays}
        return YearArrangement(
            self.year, dict(sorted(days_off.items())), dict(sorted(make_up.items()))
        )


def notice_title(year: int) -> str:
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


class _Text:
    """The notice without whitespace, in half-width forms, remembering each character's line."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines() or [""]
        chars: list[str] = []
        self.line_of: list[int] = []
        for number, line in enumerate(self.lines, 1):
            for char in line:
                for out in unicodedata.normalize("NFKC", char):
                    if out.isspace() or out in _INVISIBLE:
                        continue
                    chars.append(out)
                    self.line_of.append(number)
        self.text = "".join(chars)

    def line_at(self, index: int) -> int:
        if not self.line_of:
            return 1
        return self.line_of[min(max(index, 0), len(self.line_of) - 1)]

    def fail(self, index: int, reason: str) -> NoticeUnreadable:
        line = self.line_at(index)
        return NoticeUnreadable(line, self.lines[line - 1].strip(), reason)


@dataclass
class _Item:
    name: str
    start: int
    days_off: dict[dt.date, int]  # date → index in the text, for messages
    make_up: dict[dt.date, int]


def read_notice(text: str) -> HolidayNotice:
    """The notice's year, holidays, days off and make-up workdays; NoticeUnreadable otherwise."""
    source = _Text(text)
    body = source.text
    title = _TITLE.search(body)
    opening = _OPENING.search(body)
    if title is None and opening is None:
        raise source.fail(0, "没有找到通知标题“国务院办公厅关于YYYY年部分节假日安排的通知”")
    year = int(title.group(1) if title else opening.group(1))  # type: ignore[union-attr]
    if title and opening and int(opening.group(1)) != year:
        raise source.fail(
            opening.start(), f"标题是{year}年的通知，正文却写的是{opening.group(1)}年"
        )
    start = max(m.end() for m in (title, opening) if m is not None)
    reader = _Reader(source, year)
    items, tail_start = reader.read_items(start)
    _check_tail(source, tail_start, items)
    if opening:
        _check_all_listed(source, opening.group(2), items, tail_start)
    holidays = _holidays(source, items)
    document = _DOCUMENT_NUMBER.search(body)
    return HolidayNotice(
        year=year,
        title=notice_title(year),
        document_number=document.group(0) if document else None,
        published_on=_published_on(body[tail_start:]),
        holidays=holidays,
        findings=tuple(reader.findings),
    )


class _Reader:
    def __init__(self, source: _Text, year: int) -> None:
        self.source = source
        self.body = source.text
        self.year = year
        self.findings: list[Finding] = []

    def read_items(self, start: int) -> tuple[list[_Item], int]:
        """The numbered items from the first (一、) on, and where the text after them starts."""
        first = _ITEM.search(self.body, start)
        if first is None:
            raise self.source.fail(start, "没有找到放假安排（应为“一、元旦：1月1日放假……”）")
        items: list[_Item] = []
        pos = first.start()
        while (match := _ITEM.match(self.body, pos)) is not None:
            expected = _numeral(len(items) + 1)
            if match.group(1) != expected:
                raise self.source.fail(pos, f"这里应是第“{expected}”项，却是“{match.group(1)}”项")
            item = _Item(match.group(2).strip("、"), pos, {}, {})
            pos = self._read_item(item, match.end())
            if not item.days_off:
                raise self.source.fail(item.start, f"“{item.name}”没有写放假日期")
            items.append(item)
        return items, pos

    def _read_item(self, item: _Item, pos: int) -> int:
        """Read the item's sentences; return where the next item or the closing text starts."""
        while pos < len(self.body) and not _ITEM.match(self.body, pos):
            end_match = _SENTENCE_END.search(self.body, pos)
            end = end_match.start() if end_match else len(self.body)
            sentence = self.body[pos:end]
            if sentence.startswith("鼓励"):
                if not _ANY_DATE.search(sentence):
                    return pos  # the closing paragraph ("鼓励单位和个人……")
                self._remark(item, sentence, pos)
            elif not self._read_sentence(item, sentence, pos):
                if _ANY_DATE.search(sentence):
                    raise self.source.fail(pos, "这句话读不懂")
                return pos
            pos = end + 1
        return pos

    def _remark(self, item: _Item, sentence: str, pos: int) -> None:
        self.findings.append(
            Finding(
                "HOLIDAY_NOTICE_REMARK",
                WARNING,
                f"“{item.name}”一项中的“{sentence.translate(_FULL_WIDTH_PUNCTUATION)}”是倡议，"
                "不是放假安排，未计入放假日期。",
                row=self.source.line_at(pos),
            )
        )

    def _read_sentence(self, item: _Item, sentence: str, pos: int) -> bool:
        """Take in one sentence of days off and make-up workdays; False if it is no such sentence."""
        clauses = sentence.split(",")
        counted: list[dt.date] = []
        found: list[tuple[str, list[dt.date]]] = []
        for clause in clauses:
            parsed = self._clause(clause, pos, counted)
            if parsed is None:
                return False
            if parsed[0]:
                found.append(parsed)
        if not found:
            return False
        for kind, days in found:
            target, other = (
                (item.days_off, item.make_up) if kind == "off" else (item.make_up, item.days_off)
            )
            for day in days:
                if day in target or day in other:
                    raise self.source.fail(pos, f"{_show(day)}在这一项里出现了两次")
                target[day] = pos
        return True

    def _clause(
        self, clause: str, pos: int, counted: list[dt.date]
    ) -> tuple[str, list[dt.date]] | None:
        """("off" | "work", days) for a clause naming days, ("", []) for 共N天 and the like."""
        if clause in ("与周末连休", "不调休"):
            return "", []
        if (total := re.fullmatch(r"共(\d+)天", clause)) is not None:
            if int(total.group(1)) != len(counted):
                raise self.source.fail(
                    pos, f"写的是共{total.group(1)}天，日期算出来是{len(counted)}天"
                )
            return "", []
        for ending, kind in (("上班", "work"), ("补休", "off")):
            if clause.endswith(ending):
                days = self._date_list(clause[: -len(ending)], pos)
                if days is None:
                    return None
                if kind == "off":
                    counted.extend(days)
                return kind, days
        span = re.fullmatch(r"(.+?)放假(?:调休)?(?:(\d+)天)?", clause)
        if span is None:
            return None
        days = self._span(span.group(1), pos)
        if days is None:
            return None
        if span.group(2) and int(span.group(2)) != len(days):
            raise self.source.fail(pos, f"写的是放假{span.group(2)}天，日期算出来是{len(days)}天")
        counted.extend(days)
        return "off", days

    def _span(self, text: str, pos: int) -> list[dt.date] | None:
        """`1月27日至2月2日`, `2月15日(…)至23日(…)` or one date: every day of it."""
        parts = text.split("至")
        if len(parts) > 2:
            return None
        first = self._date(parts[0], pos, None)
        if first is None:
            return None
        if len(parts) == 1:
            return [first]
        last = self._date(parts[1], pos, first)
        if last is None:
            return None
        if last < first:
            raise self.source.fail(pos, f"{_show(last)}早于{_show(first)}")
        if (last - first).days > 31:
            raise self.source.fail(pos, f"{_show(first)}至{_show(last)}太长，不像一个假期")
        return list(dates(first, last))

    def _date_list(self, text: str, pos: int) -> list[dt.date] | None:
        """`1月22日(星期日)、2月4日(星期六)`: each date, a later one taking an earlier's month."""
        days: list[dt.date] = []
        at = 0
        while True:
            # Scanned rather than split: a note in brackets may hold a 、 of its own (农历…、周六).
            match = _DATE.match(text, at)
            if match is None:
                return None
            day = self._date(match.group(0), pos, days[-1] if days else None)
            if day is None:
                return None
            days.append(day)
            at = match.end()
            if at == len(text):
                return days
            if text[at] not in "、和及":
                return None
            at += 1

    def _date(self, text: str, pos: int, previous: dt.date | None) -> dt.date | None:
        """One date with its optional (星期一 / 农历…、周一) note; the year and month it leaves
        out are the notice's year and the previous date's month."""
        match = _DATE.fullmatch(text)
        if match is None:
            return None
        year_text, month_text, day_text, note = match.groups()
        if month_text is None and previous is None:
            return None
        year = int(year_text) if year_text else (previous.year if previous else self.year)
        month = int(month_text) if month_text else previous.month  # type: ignore[union-attr]
        try:
            day = dt.date(year, month, int(day_text))
        except ValueError:
            raise self.source.fail(pos, f"没有{year}年{month}月{day_text}日这一天") from None
        weekday = _WEEKDAY_NOTE.search(note or "")
        if weekday is not None:
            said = WEEKDAYS.index("日" if weekday.group(1) == "天" else weekday.group(1))
            if said != day.weekday():
                raise self.source.fail(
                    pos,
                    f"通知写{day.month}月{day.day}日是星期{WEEKDAYS[said]}，"
                    f"但{year}年这一天是星期{WEEKDAYS[day.weekday()]}，请核对通知的年份",
                )
        return day


def _check_tail(source: _Text, tail_start: int, items: list[_Item]) -> None:
    """After the last item comes the closing paragraph and the signature, and nothing more to read."""
    tail = source.text[tail_start:]
    if not tail:
        raise source.fail(
            len(source.text) - 1,
            f"通知在“{items[-1].name}”一项之后就结束了，看不到结尾段落和落款，可能没有复制完整",
        )
    pos = tail_start
    for sentence in _SENTENCE_END.split(tail):
        if _SIGNATURE.search(sentence):
            return  # what a web page adds below the signature is not the notice's
        # A digit before the signature is a date or a count this reader did not take in: a
        # notice cut off inside its last item ("……共7天。9月") must not pass for a whole one.
        if re.search(r"\d", sentence) or _ITEM.search(sentence):
            raise source.fail(pos, "这句话读不懂")
        pos += len(sentence) + 1


def _check_all_listed(source: _Text, listed: str, items: list[_Item], tail_start: int) -> None:
    named = {name for item in items for name in item.name.split("、")}
    for name in re.split(r"[、和及与]", listed):
        if name and name not in named:
            raise source.fail(
                tail_start, f"通知开头列出了“{name}”，却没有读到它的放假安排，通知可能不完整"
            )


def _holidays(source: _Text, items: list[_Item]) -> tuple[NoticeHoliday, ...]:
    seen: dict[dt.date, str] = {}
    for item in items:
        for day, pos in (*item.days_off.items(), *item.make_up.items()):
            if day in seen:
                raise source.fail(pos, f"{_show(day)}同时出现在“{seen[day]}”和“{item.name}”中")
            seen[day] = item.name
    return tuple(
        NoticeHoliday(item.name, tuple(sorted(item.days_off)), tuple(sorted(item.make_up)))
        for item in items
    )


def _published_on(tail: str) -> dt.date | None:
    signature = _SIGNATURE.search(tail)
    if signature is None:
        return None
    try:
        return dt.date(*(int(part) for part in signature.groups()))
    except ValueError:
        return None


def _numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二: the numbering of the notice's items."""
    tens, ones = divmod(number, 10)
    text = ("" if tens == 1 else NUMERALS[tens - 1]) + "十" if tens else ""
    return text + (NUMERALS[ones - 1] if ones else "")


def _show(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
