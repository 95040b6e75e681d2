"""The plan file (JSON) ⇄ PlanData: lenient about how dates are written, clear about what is wrong.

Times are `YYYY-MM-DD HH:MM:SS`; `YYYY-MM-DD HH:MM` and a bare date are accepted too (a start
date means 00:00:00, an end date 23:59:59), as are `/` between date parts and ISO's `T`.
Subjects may be written in English or Chinese. Keys the file does not know are ignored unless
they look like a misspelt known key, which is refused so a typo never silently drops a date.
Which keys the file holds is kept beside the values (`PlanFileContents.keys`): a key left out
means "not in this file", a key set to null or [] means "empty" — an import into a stored plan
must tell the two apart so that a partial file never wipes what it does not mention.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skilldesk.core.errors import UserFacingError
from skilldesk.core.levels import parse_level
from skilldesk.core.plan_data import (
    TIMELINE_KEYS,
    TIMELINE_LABELS,
    ExamSessionData,
    PlanData,
    Subject,
)
from skilldesk.files.safe_write import why_not_saved, write_text_atomically
from skilldesk.files.text_decoding import decode_text

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_TIME_FORMATS = (TIME_FORMAT, "%Y-%m-%d %H:%M")
_DAY_END = dt.time(23, 59, 59)
PLAN_KEYS = ("occupation", "occupation_code", "level", *TIMELINE_KEYS, "sessions", "submitted_on")
SESSION_KEYS = ("subject", "start", "end", "room")
SUBJECTS: dict[str, Subject] = {
    "theory": "theory",
    "理论": "theory",
    "理论知识": "theory",
    "理论考试": "theory",
    "应知": "theory",
    "practical": "practical",
    "实操": "practical",
    "操作技能": "practical",
    "技能操作": "practical",
    "实际操作": "practical",
    "应会": "practical",
    "comprehensive": "comprehensive",
    "综合": "comprehensive",
    "综合评审": "comprehensive",
}


class PlanFileError(UserFacingError):
    """A plan file that cannot be read or written; str() is a one-line Chinese message."""


@dataclass(frozen=True)
class PlanFileContents:
    """A plan file's values, and which of PLAN_KEYS it holds (null counts: it says "empty")."""

    data: PlanData
    keys: frozenset[str]


def read_plan_file(path: Path) -> PlanData:
    """Read a plan file; raises PlanFileError naming the key and the format expected."""
    return read_plan_contents(path).data


def read_plan_contents(path: Path) -> PlanFileContents:
    """Read a plan file with the keys it holds; PlanFileError as for read_plan_file."""
    try:
        text = decode_text(Path(path).read_bytes())
    except FileNotFoundError as exc:
        raise PlanFileError(f"找不到计划文件「{path}」。") from exc
    except IsADirectoryError as exc:
        raise PlanFileError(f"「{path}」是文件夹，请给出计划文件（.json）。") from exc
    except OSError as exc:
        raise PlanFileError(
            f"无法读取计划文件「{path}」，它可能正被其他程序占用，或没有读取权限。"
        ) from exc
    if text is None:
        raise PlanFileError(
            f"无法识别计划文件「{Path(path).name}」的文字编码：请另存为 UTF-8 编码的 JSON 文件。"
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFileError(
            f"计划文件「{Path(path).name}」不是有效的 JSON：第{exc.lineno}行第{exc.colno}列附近有误。"
        ) from exc
    return plan_contents_from_json(data)


def plan_from_json(data: object) -> PlanData:
    """PlanData from the plan file's parsed JSON."""
    return plan_contents_from_json(data).data


def plan_contents_from_json(data: object) -> PlanFileContents:
    """PlanData from the plan file's parsed JSON, with the plan keys present in it."""
    if not isinstance(data, dict):
        raise PlanFileError("计划文件的内容应是一个 JSON 对象（以 { 开头），每个时间节点一项。")
    _refuse_typos(data, PLAN_KEYS, "")
    plan = PlanData()
    plan.occupation = _text(data.get("occupation"), "occupation") or ""
    plan.occupation_code = _text(data.get("occupation_code"), "occupation_code")
    plan.level = _level(data.get("level"))
    for key in TIMELINE_KEYS:
        if key == "evaluation_date":
            setattr(plan, key, _day(data.get(key), key))
        else:
            setattr(plan, key, _time(data.get(key), key, end=not key.endswith("_start")))
    plan.submitted_on = _day(data.get("submitted_on"), "submitted_on")
    sessions = data.get("sessions")
    if sessions is None:
        sessions = []
    if not isinstance(sessions, list):
        raise PlanFileError('「sessions」应是考试场次的列表：[{"subject": "理论", …}, …]。')
    plan.sessions = [_session(entry, index) for index, entry in enumerate(sessions)]
    return PlanFileContents(plan, frozenset(key for key in PLAN_KEYS if key in data))


def plan_to_json(plan: PlanData) -> dict[str, Any]:
    """The plan file's JSON object for `plan` (every key written, null where not set)."""
    data: dict[str, Any] = {
        "occupation": plan.occupation,
        "occupation_code": plan.occupation_code,
        "level": plan.level,
    }
    for key in TIMELINE_KEYS:
        data[key] = _show(getattr(plan, key))
    data["sessions"] = [
        {"subject": s.subject, "start": _show(s.start), "end": _show(s.end), "room": s.room}
        for s in plan.sessions
    ]
    if plan.submitted_on is not None:
        data["submitted_on"] = plan.submitted_on.isoformat()
    return data


def write_plan_file(plan: PlanData, path: Path) -> None:
    """Write the plan file atomically: a crash never leaves half a file behind."""
    path = Path(path)
    text = json.dumps(plan_to_json(plan), ensure_ascii=False, indent=2) + "\n"
    try:
        write_text_atomically(path, text)
    except OSError as exc:
        raise PlanFileError(f"无法保存计划文件「{path.name}」：{why_not_saved(exc)}") from exc


def _shown(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _show(value: dt.datetime | dt.date | None) -> str | None:
    if isinstance(value, dt.datetime):
        return value.strftime(TIME_FORMAT)
    return None if value is None else value.isoformat()


def _refuse_typos(data: dict[Any, Any], known: tuple[str, ...], where: str) -> None:
    for key in data:
        if key in known:
            continue
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.8)
        if close:
            raise PlanFileError(f"{where}「{key}」不是计划文件的字段，是否应为「{close[0]}」？")


def _named(key: str) -> str:
    """`「pre_notice_end」（评前公示结束时间）`."""
    label = TIMELINE_LABELS.get(key) or {"submitted_on": "推送日期"}.get(key)
    if label is None and key.startswith("sessions["):
        index, _, part = key[9:].partition("].")
        label = f"第{int(index) + 1}场考试的{'开始' if part == 'start' else '结束'}时间"
    return f"「{key}」（{label}）" if label else f"「{key}」"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object, key: str) -> str | None:
    if _blank(value):
        return None
    if not isinstance(value, str):
        raise PlanFileError(f"「{key}」应是文字（用引号括起来），而文件中是 {_shown(value)}。")
    return value.strip()


def _level(value: object) -> int | None:
    if _blank(value):
        return None
    level = parse_level(value) if isinstance(value, (int, str)) else None
    if level is None or isinstance(value, bool):
        raise PlanFileError(
            f"「level」应是 1–5 的等级（如 4 或“四级”），而文件中是 {_shown(value)}。"
        )
    return level


def _clean(value: str) -> str:
    return value.strip().replace("/", "-").replace("T", " ")


def _time(value: object, key: str, *, end: bool) -> dt.datetime | None:
    if _blank(value):
        return None
    if isinstance(value, str):
        text = _clean(value)
        for pattern in _TIME_FORMATS:
            try:
                return dt.datetime.strptime(text, pattern)
            except ValueError:
                pass
        try:
            day = dt.datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            pass
        else:
            return dt.datetime.combine(day, _DAY_END if end else dt.time.min)
    shown = _shown(value)
    raise PlanFileError(
        f"{_named(key)}应写成 YYYY-MM-DD HH:MM:SS 格式的时间（也可只写日期 YYYY-MM-DD），而文件中是 {shown}。"
    )


def _day(value: object, key: str) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, str):
        text = _clean(value)
        for pattern in ("%Y-%m-%d", *_TIME_FORMATS):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                pass
    shown = _shown(value)
    raise PlanFileError(f"{_named(key)}应写成 YYYY-MM-DD 格式的日期，而文件中是 {shown}。")


def _session(entry: object, index: int) -> ExamSessionData:
    where = f"sessions[{index}]"
    if not isinstance(entry, dict):
        raise PlanFileError(
            f'「{where}」应是一个对象：{{"subject": "理论", "start": …, "end": …, "room": …}}。'
        )
    _refuse_typos(entry, SESSION_KEYS, f"「{where}」中的")
    subject_text = entry.get("subject")
    subject = SUBJECTS.get(str(subject_text).strip().lower()) if subject_text is not None else None
    if subject is None:
        raise PlanFileError(
            f"「{where}.subject」应是考试科目：理论、实操或综合（也可写 theory、practical、comprehensive），"
            f"而文件中是 {_shown(subject_text)}。"
        )
    room = entry.get("room")
    if isinstance(room, int) and not isinstance(room, bool):
        room = str(room)
    if room is not None and not isinstance(room, str):
        raise PlanFileError(
            f"「{where}.room」应是试场编号或名称（文字），而文件中是 {_shown(room)}。"
        )
    return ExamSessionData(
        subject=subject,
        start=_time(entry.get("start"), f"{where}.start", end=False),
        end=_time(entry.get("end"), f"{where}.end", end=True),
        room=(room.strip() or None) if isinstance(room, str) else None,
    )
