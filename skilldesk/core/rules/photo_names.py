"""Photo file names as 证件号码+姓名: reading them, and matching photos to a roster by them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from skilldesk.core.findings import ERROR, Finding
from skilldesk.core.normalize import HAN, to_half_width
from skilldesk.core.rules.identity import normalize_id_number, parse_resident_id

EXAMPLE_NAME = "330822199012153426张三.jpg"
_ID_RUN = re.compile(r"[0-9A-Za-z]+", re.ASCII)
_RESIDENT_PREFIX = re.compile(r"\d{17}[\dX]", re.ASCII)
_LETTERS_AFTER_DIGITS = re.compile(r"(?<=\d)[A-Za-z]{2,}$", re.ASCII)
_SEPARATORS = "_-+.,、，·"
_NAME = re.compile(rf"[{HAN}]+(?:·[{HAN}]+)*|[A-Za-z]+(?:[·.'\-][A-Za-z]+)*")
_NAME_DOTS = str.maketrans(dict.fromkeys("•・‧･∙⋅.", "·"))


@dataclass(frozen=True, slots=True)
class RosterCandidate:
    """A roster row as photos are matched to it; `row` as the roster (or the plan table) numbers it."""

    row: int
    name: str
    id_number: str


@dataclass(frozen=True, slots=True)
class PhotoName:
    """A file name read as 证件号码+姓名. `id_number`/`person_name` are set when recognisable,
    even if the other half is wrong; `code`/`message` say what is wrong with the name."""

    id_number: str | None = None
    person_name: str | None = None
    code: str | None = None
    message: str | None = None


@dataclass(slots=True)
class RosterMatch:
    """Photos matched to a roster: file index → candidate, and what did not match."""

    matched: dict[int, RosterCandidate] = field(default_factory=dict)
    file_findings: dict[int, list[Finding]] = field(default_factory=dict)
    missing: list[Finding] = field(default_factory=list)


def name_key(name: str) -> str:
    """A person's name as compared: no spaces, one dot style, case-blind for Latin names."""
    return "".join(to_half_width(name).split()).translate(_NAME_DOTS).casefold()


def parse_photo_name(file_name: str, *, today: dt.date | None = None) -> PhotoName:
    """Read `证件号码+姓名` from a file name (folders and extension are ignored).

    Spaces, full-width digits, a lower-case `x` and a separator (`_`, `-`, `+` …) between the
    number and the name are tolerated; other documents' numbers (letters and digits) pass.
    Whichever half is recognisable is kept even when the other is wrong, so a later step can
    still match `张三.jpg` by name or `330822…3426(1).jpg` by number.
    """
    stem = "".join(to_half_width(PurePosixPath(file_name).stem).split()).lstrip(_SEPARATORS)
    run = _ID_RUN.match(stem)
    if run is None:
        head = _ID_RUN.search(stem)
        if head and len(head[0]) >= 15:
            return _bad_name("姓名和证件号码的顺序反了")
        alone = stem.translate(_NAME_DOTS)  # a name alone: kept, to be matched by name later
        person = alone if _NAME.fullmatch(alone) else None
        return PhotoName(None, person, "PHOTO_NAME_PATTERN", _pattern_message("缺少证件号码"))
    number, rest = run[0].upper(), stem[run.end() :]
    if len(number) > 18 and number[18].isalpha() and _RESIDENT_PREFIX.match(number):
        number, rest = number[:18], stem[18:]  # a Latin name follows the number directly
    elif (tail := _LETTERS_AFTER_DIGITS.search(number)) and not number.isdigit():
        cut = tail.start()  # other documents' numbers end in a digit: letters after are a name
        number, rest = number[:cut], stem[cut:]
    rest = rest.lstrip(_SEPARATORS)
    person = rest.translate(_NAME_DOTS) if rest else None
    if person is not None and _NAME.fullmatch(person) is None:
        person = None
    id_number, id_code, id_message = _read_id(number, today)
    if id_number is None:
        return _bad_name(id_message or "缺少证件号码")
    if not rest:
        return PhotoName(id_number, None, "PHOTO_NAME_PATTERN", _pattern_message("缺少姓名"))
    if person is None:
        return PhotoName(
            id_number,
            None,
            "PHOTO_NAME_PATTERN",
            _pattern_message(f"姓名部分“{rest}”含有数字或符号（副本、编号等请删掉）"),
        )
    return PhotoName(id_number, person, id_code, id_message)


def _read_id(number: str, today: dt.date | None) -> tuple[str | None, str | None, str | None]:
    """(number, code, message): number None when the text is no ID at all."""
    if number.isdigit() or _RESIDENT_PREFIX.fullmatch(number):
        if len(number) in (8, 10):  # 台湾居民来往大陆通行证
            return number, None, None
        if len(number) < 15:
            return None, None, None
        check = parse_resident_id(number, today=today)
        if check.ok:
            return number, None, None
        return number, "PHOTO_ID_INVALID", f"文件名中的{check.message}"
    if 5 <= len(number) <= 17 and any(ch.isdigit() for ch in number):  # passports, permits
        return number, None, None
    return None, None, None


def _pattern_message(why: str) -> str:
    return f"文件名应为“证件号码+姓名”，如“{EXAMPLE_NAME}”：{why}。"


def _bad_name(why: str) -> PhotoName:
    return PhotoName(None, None, "PHOTO_NAME_PATTERN", _pattern_message(why))


def repeated_id_findings(
    names: Sequence[PhotoName | None], files: Sequence[str]
) -> dict[int, Finding]:
    """PHOTO_ID_REPEATED on every file whose name carries an ID number another file also has."""
    by_id: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        if name is not None and name.id_number:
            by_id.setdefault(name.id_number, []).append(index)
    result = {}
    for group in by_id.values():
        for index in group if len(group) > 1 else ():
            others = "、".join(f"「{files[j]}」" for j in group if j != index)
            message = f"与{others}是同一个证件号码。每位考生只能有一张照片，请删除多余的。"
            result[index] = Finding("PHOTO_ID_REPEATED", ERROR, message, file=files[index])
    return result


def match_roster(
    names: Sequence[PhotoName | None], files: Sequence[str], candidates: Sequence[RosterCandidate]
) -> RosterMatch:
    """Match photos to roster rows by ID number; report strangers, wrong names and who has none.

    `names[i]` is file i's parsed name (None for a file not taken into checks, e.g. unsafe).
    """
    by_id: dict[str, RosterCandidate] = {}
    for candidate in candidates:
        by_id.setdefault(normalize_id_number(candidate.id_number), candidate)
    result = RosterMatch()
    for index, name in enumerate(names):
        if name is None or name.id_number is None:
            continue
        found = by_id.get(name.id_number)
        file = files[index]
        if found is None:
            if name.code != "PHOTO_ID_INVALID":  # a wrong number is reported as such already
                message = (
                    "名单中没有这个证件号码的考生。请核对证件号码，或确认这位考生是否在本批名单中。"
                )
                result.file_findings.setdefault(index, []).append(
                    Finding("PHOTO_NO_CANDIDATE", ERROR, message, file=file)
                )
            continue
        candidate = found
        result.matched[index] = candidate
        if name.person_name is not None and name_key(name.person_name) != name_key(candidate.name):
            message = (
                f"文件名中的姓名“{name.person_name}”与名单第{candidate.row}行的"
                f"“{candidate.name}”不一致，请核对是否为同一人。"
            )
            result.file_findings.setdefault(index, []).append(
                _candidate_finding("PHOTO_NAME_MISMATCH", message, candidate, file)
            )
    covered = {normalize_id_number(c.id_number) for c in result.matched.values()}
    for candidate in candidates:
        key = normalize_id_number(candidate.id_number)
        if key and key not in covered:
            covered.add(key)  # a repeated roster row is reported once
            message = (
                f"考生“{candidate.name}”没有照片。请补一张名为"
                f"“{candidate.id_number}{candidate.name}.jpg”的照片。"
            )
            result.missing.append(_candidate_finding("PHOTO_MISSING", message, candidate, None))
    return result


def _candidate_finding(
    code: str, message: str, candidate: RosterCandidate, file: str | None
) -> Finding:
    extra = {"name": candidate.name, "id_number": candidate.id_number}
    return Finding(code, ERROR, message, row=candidate.row, file=file, extra=extra)
