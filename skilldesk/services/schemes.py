"""The annual implementation scheme (实施方案, attachment 8): edit, check, submit, withdraw, mark
received, review."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from skilldesk.core import filing
from skilldesk.core.errors import UserFacingError
from skilldesk.core.findings import Finding, count_by_severity
from skilldesk.core.levels import LEVEL_NAMES, level_name, parse_level
from skilldesk.core.models import Scheme
from skilldesk.core.normalize import clean_text
from skilldesk.core.rules.resources import check_level_in_scope, check_self_made_share
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work

PEOPLE = ("staff", "examiners", "supervisors")  # 考务人员, 考评人员, 内部质量督导人员
TEXTS = ("content", "conditions", "methods", "question_sources", "notes")
_WHAT = "实施方案"  # how refusals name it


class SchemeError(UserFacingError):
    """A scheme change that cannot be made; the message says why, in Chinese."""


class SchemeYearTaken(SchemeError):
    """A second scheme for a year that has one; `scheme_id` is the one it has."""

    def __init__(self, message: str, scheme_id: int) -> None:
        super().__init__(message)
        self.scheme_id = scheme_id


@dataclass(frozen=True)
class SchemeItem:
    """One row of attachment 8 §一: occupation (工种), levels and the planned evaluation time."""

    occupation: str
    levels: tuple[int, ...]
    work_type: str | None = None
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "occupation": self.occupation,
            "work_type": self.work_type,
            "levels": list(self.levels),
            "planned_start": self.planned_start.isoformat() if self.planned_start else None,
            "planned_end": self.planned_end.isoformat() if self.planned_end else None,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SchemeItem:
        def day(key: str) -> dt.date | None:
            value = data.get(key)
            return dt.date.fromisoformat(value) if value else None

        return cls(
            occupation=str(data.get("occupation") or ""),
            levels=tuple(int(level) for level in data.get("levels") or ()),
            work_type=data.get("work_type"),
            planned_start=day("planned_start"),
            planned_end=day("planned_end"),
            note=data.get("note"),
        )


@dataclass(frozen=True)
class SchemeFields:
    """Everything attachment 8 asks for, as the user fills it in."""

    year: int
    title: str = ""
    items: tuple[SchemeItem, ...] = ()
    conditions: str = ""  # 二、申报条件
    content: str = ""  # 三、评价内容
    methods: str = ""  # 四、评价方式
    question_sources: str = ""  # 五、试题资源
    self_made_share: int | None = None  # percent of self-made questions
    staff: tuple[str, ...] = ()  # 六、1 考务人员
    examiners: tuple[str, ...] = ()  # 六、2 考评人员
    supervisors: tuple[str, ...] = ()  # 六、3 内部质量督导人员
    notes: str = ""  # 七、其他需说明的情况


@dataclass(frozen=True)
class SchemeInfo:
    id: int
    fields: SchemeFields
    status: str
    reject_reason: str | None
    version: int  # what a save passes back as `expected_version`

    @property
    def status_label(self) -> str:
        return filing.status_label(self.status)

    @property
    def editable(self) -> bool:
        return filing.is_editable(self.status)

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self.fields)
        data["items"] = [item.to_json() for item in self.fields.items]
        for name in PEOPLE:
            data[name] = list(data[name])
        return {
            "id": self.id,
            **data,
            "status": self.status,
            "status_label": self.status_label,
            "reject_reason": self.reject_reason,
        }


def create_scheme(store: Store, year: int, title: str | None = None) -> SchemeInfo:
    fields = SchemeFields(year=year, title=title or f"{year}年度职业技能等级认定实施方案")
    clean = _clean(fields)
    with unit_of_work(store) as uow:
        scheme = Scheme(status=filing.DRAFT, year=clean.year, title=clean.title)
        _apply(scheme, clean)
        uow.session.add(scheme)
        return _info(uow.session, scheme)


def create_scheme_from_fields(store: Store, fields: SchemeFields) -> SchemeInfo:
    """A new draft scheme holding `fields`, in one transaction; refused (SchemeYearTaken) when
    the year has a scheme already, as the window offers to draw up only a year without one."""
    clean = _clean(fields)
    with unit_of_work(store) as uow:
        session = uow.session
        query = select(Scheme.id).where(Scheme.year == clean.year).order_by(Scheme.id)
        taken = session.scalars(query).first()
        if taken is not None:
            raise SchemeYearTaken(
                f"{clean.year} 年度已有实施方案（序号 {taken}），每个年度只编制一份。", taken
            )
        scheme = Scheme(status=filing.DRAFT, year=clean.year, title=clean.title)
        _apply(scheme, clean)
        session.add(scheme)
        return _info(session, scheme)


def update_scheme(
    store: Store, scheme_id: int, fields: SchemeFields, *, expected_version: int | None = None
) -> SchemeInfo:
    """Save the scheme form; `expected_version` (the version it was loaded at) refuses a scheme
    changed since (StaleRecord) instead of overwriting that change."""
    clean = _clean(fields)
    with unit_of_work(store) as uow:
        session = uow.session
        scheme = _get(session, scheme_id)
        uow.expect(scheme, expected_version)
        if not filing.is_editable(scheme.status):
            raise SchemeError(
                f"实施方案的状态为“{filing.status_label(scheme.status)}”，不能修改："
                "只有草稿和审核不通过的方案可以修改。" + filing.withdraw_hint(scheme.status)
            )
        _apply(scheme, clean)
        return _info(session, scheme)


def delete_scheme(store: Store, scheme_id: int) -> None:
    with unit_of_work(store) as uow:
        session = uow.session
        scheme = _get(session, scheme_id)
        if not filing.is_editable(scheme.status):
            raise SchemeError("已提交的实施方案不能删除。" + filing.withdraw_hint(scheme.status))
        session.delete(scheme)


def list_schemes(store: Store) -> list[SchemeInfo]:
    with store.session() as session:
        query = select(Scheme).order_by(Scheme.year.desc(), Scheme.id)
        return [_info(session, scheme) for scheme in session.scalars(query)]


def get_scheme(store: Store, scheme_id: int) -> SchemeInfo:
    with store.session() as session:
        return _info(session, _get(session, scheme_id))


def resolve_scheme(store: Store, ref: str) -> SchemeInfo:
    """A scheme by its year (`2026`, `2026年度`) when only one has it, else by its number (`1`)."""
    text = clean_text(ref).removesuffix("年度").removesuffix("年")
    with store.session() as session:
        if text.isdigit():
            number = int(text)
            query = select(Scheme).where(Scheme.year == number).order_by(Scheme.id)
            of_year = session.scalars(query).all() if 2000 <= number <= 2100 else []
            if len(of_year) > 1:
                numbers = "、".join(str(s.id) for s in of_year)
                raise SchemeError(
                    f"{number} 年度有 {len(of_year)} 份实施方案（序号 {numbers}），请用序号指定。"
                )
            found = of_year[0] if of_year else session.get(Scheme, number)
            if found is not None:
                return _info(session, found)
    raise SchemeError(
        f"找不到实施方案“{clean_text(ref)}”。请用序号或年度指定，"
        "可用 `skilldesk scheme list` 查看已有的实施方案。"
    )


def check_scheme(store: Store, scheme_id: int) -> list[Finding]:
    """SELF_MADE_SHARE, and LEVEL_OUT_OF_SCOPE for planned occupations outside the scope."""
    with store.session() as session:
        return scheme_findings(session, _info(session, _get(session, scheme_id)))


def scheme_findings(session: Session, info: SchemeInfo) -> list[Finding]:
    """check_scheme within a caller's session (submitting checks what it is about to lock)."""
    from skilldesk.services.scope import scope_entries_in

    scope = scope_entries_in(session)
    findings = check_self_made_share(info.fields.self_made_share, record=info.fields.title)
    for number, item in enumerate(info.fields.items, 1):
        for level in item.levels:
            findings += check_level_in_scope(
                scope, item.occupation, level, work_type=item.work_type, record=f"第{number}项"
            )
    return findings


def submit_scheme(store: Store, scheme_id: int) -> SchemeInfo:
    """Lock an error-free draft or rejected scheme for reporting to the platform (→ submitted)."""
    with unit_of_work(store) as uow:
        session = uow.session
        scheme = _get(session, scheme_id)
        status = filing.transition(scheme.status, filing.SUBMIT, filing.SUBMITTED, what=_WHAT)
        if not json.loads(scheme.items or "[]"):
            raise SchemeError("实施方案还没有填写评价职业、等级和时间，请补上再提交。")
        # Checked in the same transaction that locks it: what is locked is what was checked.
        errors, _warnings = count_by_severity(scheme_findings(session, _info(session, scheme)))
        if errors:
            raise SchemeError(f"实施方案有 {errors} 个错误，请改正后再提交。")
        scheme.status, scheme.reject_reason = status, None
        return _info(session, scheme)


def withdraw_scheme(store: Store, scheme_id: int) -> SchemeInfo:
    """Take back a scheme the platform has not got yet: it is a draft again, open to changes."""
    with unit_of_work(store) as uow:
        session = uow.session
        scheme = _get(session, scheme_id)
        scheme.status = filing.transition(scheme.status, filing.WITHDRAW, filing.DRAFT, what=_WHAT)
        return _info(session, scheme)


def mark_scheme_received(store: Store, scheme_id: int) -> SchemeInfo:
    """The platform has the scheme: it awaits the center's review (→ 待审核)."""
    with unit_of_work(store) as uow:
        session = uow.session
        scheme = _get(session, scheme_id)
        scheme.status = filing.transition(scheme.status, filing.RECEIVE, filing.PENDING, what=_WHAT)
        return _info(session, scheme)


def review_scheme(
    store: Store, scheme_id: int, *, approve: bool, reason: str | None = None
) -> SchemeInfo:
    """Record the center's decision (通过, or 不通过 with the reason)."""
    reason = clean_text(reason or "")
    with unit_of_work(store) as uow:
        session = uow.session
        scheme = _get(session, scheme_id)
        to = filing.APPROVED if approve else filing.REJECTED
        status = filing.transition(scheme.status, filing.REVIEW, to, what=_WHAT)
        if not approve and not reason:
            raise SchemeError("审核不通过时请填写原因。")
        scheme.status = status
        scheme.reject_reason = None if approve else reason
        return _info(session, scheme)


# -- the scheme file (JSON): SchemeFields key for key ------------------------------------------

FILE_KEYS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(SchemeFields))
ITEM_KEYS: tuple[str, ...] = tuple(SchemeItem("", ()).to_json())  # in the order it writes them
FIELD_LABELS: dict[str, str] = {
    "year": "年度",
    "title": "方案名称",
    "items": "评价职业（工种）、等级和计划评价时间",
    "conditions": "申报条件",
    "content": "评价内容",
    "methods": "评价方式",
    "question_sources": "试题资源",
    "self_made_share": "自行命题比例",
    "staff": "考务人员",
    "examiners": "考评人员",
    "supervisors": "内部质量督导人员",
    "notes": "其他需说明的情况",
    "occupation": "职业",
    "work_type": "工种",
    "levels": "等级",
    "planned_start": "计划评价开始日期",
    "planned_end": "计划评价结束日期",
    "note": "备注",
}


def scheme_fields_to_json(fields: SchemeFields) -> dict[str, Any]:
    """Every field of `fields` under its own name; scheme_fields_from_json reads it back equal."""
    data: dict[str, Any] = {}
    for name in FILE_KEYS:
        value = getattr(fields, name)
        if name == "items":
            value = [item.to_json() for item in value]
        elif name in PEOPLE:
            value = list(value)
        data[name] = value
    return data


def scheme_fields_from_json(data: object, *, base: SchemeFields | None = None) -> SchemeFields:
    """SchemeFields from a scheme file's parsed JSON. Keys it leaves out keep `base`'s values
    (without a base, `year` is required and the rest start empty). A wrong type or an unknown
    key raises SchemeError naming the key; ranges are checked when the fields are saved."""
    if not isinstance(data, dict):
        raise SchemeError("实施方案文件的内容应是一个 JSON 对象（以 { 开头），每个字段一项。")
    _refuse_unknown(data, FILE_KEYS, "")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "year":
            values[key] = _whole_number(value, key, required=True)
        elif key == "self_made_share":
            values[key] = _whole_number(value, key, required=False)
        elif key == "items":
            values[key] = _file_items(value)
        elif key in PEOPLE:
            values[key] = _file_names(value, key)
        else:
            values[key] = _file_text(value, key) or ""
    if base is not None:
        return dataclasses.replace(base, **values)
    if "year" not in values:
        raise SchemeError('实施方案文件缺少「year」（年度），例如 "year": 2026。')
    return SchemeFields(**values)


def _named(key: str) -> str:
    """`「items[0].levels」（等级）`."""
    label = FIELD_LABELS.get(key.rpartition(".")[2])
    return f"「{key}」（{label}）" if label else f"「{key}」"


def _shown(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _refuse_unknown(data: dict[Any, Any], known: tuple[str, ...], where: str) -> None:
    for key in data:
        if key in known:
            continue
        if not where and key in ("id", "status", "status_label", "reject_reason"):
            raise SchemeError(
                f"「{key}」由 SkillDesk 记录，不能从文件导入：请用 `skilldesk scheme export` "
                "导出的文件（而不是 `scheme show --json` 的输出）。"
            )
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        hint = f"是否应为「{close[0]}」？" if close else f"可用的字段：{'、'.join(known)}。"
        raise SchemeError(f"{where}「{key}」不是实施方案文件的字段，{hint}")


def _whole_number(value: object, key: str, *, required: bool) -> int | None:
    if value is None and not required:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if key == "year":
        expected = "应是四位年份的整数，如 2026"
    else:
        expected = "应是 0–100 的整数（百分数，不带 %），或 null"
    raise SchemeError(f"{_named(key)}{expected}，而文件中是 {_shown(value)}。")


def _file_text(value: object, key: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise SchemeError(f"{_named(key)}应是文字（用引号括起来），而文件中是 {_shown(value)}。")


def _file_names(value: object, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(name, str) for name in value):
        return tuple(value)
    raise SchemeError(
        f'{_named(key)}应是姓名的列表，如 ["周老师", "陈老师"]，而文件中是 {_shown(value)}。'
    )


def _file_items(value: object) -> tuple[SchemeItem, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise SchemeError(
            f'{_named("items")}应是列表：[{{"occupation": "电工", "levels": [4, 3], …}}, …]，'
            f"而文件中是 {_shown(value)}。"
        )
    return tuple(_file_item(entry, index) for index, entry in enumerate(value))


def _file_item(entry: object, index: int) -> SchemeItem:
    where = f"items[{index}]"
    if not isinstance(entry, dict):
        raise SchemeError(
            f'「{where}」应是一个对象：{{"occupation": "电工", "levels": [4, 3], …}}，'
            f"而文件中是 {_shown(entry)}。"
        )
    _refuse_unknown(entry, ITEM_KEYS, f"「{where}」中的")
    levels = entry.get("levels")
    parsed = [_file_level(level) for level in levels] if isinstance(levels, list) else [None]
    if None in parsed:
        raise SchemeError(
            f'{_named(where + ".levels")}应是 1–5 的等级列表，如 [4, 3] 或 ["四级", "三级"]，'
            f"而文件中是 {_shown(levels)}。"
        )
    return SchemeItem(
        occupation=_file_text(entry.get("occupation"), f"{where}.occupation") or "",
        levels=tuple(level for level in parsed if level is not None),
        work_type=_file_text(entry.get("work_type"), f"{where}.work_type"),
        planned_start=_file_day(entry.get("planned_start"), f"{where}.planned_start"),
        planned_end=_file_day(entry.get("planned_end"), f"{where}.planned_end"),
        note=_file_text(entry.get("note"), f"{where}.note"),
    )


def _file_level(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    return parse_level(value)


def _file_day(value: object, key: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip().replace("/", "-"))
        except ValueError:
            pass
    raise SchemeError(f"{_named(key)}应写成 YYYY-MM-DD 格式的日期，而文件中是 {_shown(value)}。")


def _clean(fields: SchemeFields) -> SchemeFields:
    if not 2000 <= fields.year <= 2100:
        raise SchemeError(f"年度“{fields.year}”不对，请填写四位年份。")
    share = fields.self_made_share
    if share is not None and not 0 <= share <= 100:
        raise SchemeError(f"自行命题比例应为 0–100 之间的百分数，收到 {share}。")
    items = []
    for number, item in enumerate(fields.items, 1):
        occupation = clean_text(item.occupation)
        if not occupation:
            raise SchemeError(f"第{number}项没有填写职业（工种）。")
        bad = [level for level in item.levels if level not in LEVEL_NAMES]
        if bad or not item.levels:
            raise SchemeError(f"第{number}项“{occupation}”的等级应为 1–5 中的一个或几个。")
        if item.planned_start and item.planned_end and item.planned_end < item.planned_start:
            raise SchemeError(f"第{number}项“{occupation}”的计划评价时间结束早于开始，请改正。")
        levels = tuple(sorted(set(item.levels), reverse=True))
        items.append(dataclasses.replace(item, occupation=occupation, levels=levels))
    people: dict[str, Any] = {name: _names(getattr(fields, name)) for name in PEOPLE}
    texts: dict[str, Any] = {name: (getattr(fields, name) or "").strip() for name in TEXTS}
    title = clean_text(fields.title) or f"{fields.year}年度职业技能等级认定实施方案"
    return dataclasses.replace(fields, title=title, items=tuple(items), **people, **texts)


def _names(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(clean_text(v) for v in values if clean_text(v)))


def _apply(scheme: Scheme, fields: SchemeFields) -> None:
    scheme.year, scheme.title = fields.year, fields.title
    scheme.items = json.dumps([item.to_json() for item in fields.items], ensure_ascii=False)
    for name in TEXTS:
        setattr(scheme, name, getattr(fields, name))
    for name in PEOPLE:
        setattr(scheme, name, json.dumps(list(getattr(fields, name)), ensure_ascii=False))
    scheme.self_made_share = fields.self_made_share


def _get(session: Session, scheme_id: int) -> Scheme:
    scheme = session.get(Scheme, scheme_id)
    if scheme is None:
        raise SchemeError(f"找不到实施方案 {scheme_id}，它可能已被删除。")
    return scheme


def _info(session: Session, scheme: Scheme) -> SchemeInfo:
    """The scheme as stored; flushes first, so a scheme just changed shows its new version."""
    session.flush()
    lists: dict[str, Any] = {
        name: tuple(json.loads(getattr(scheme, name) or "[]")) for name in PEOPLE
    }
    texts: dict[str, Any] = {name: getattr(scheme, name) or "" for name in TEXTS}
    fields = SchemeFields(
        year=scheme.year,
        title=scheme.title,
        items=tuple(SchemeItem.from_json(item) for item in json.loads(scheme.items or "[]")),
        self_made_share=scheme.self_made_share,
        **texts,
        **lists,
    )
    return SchemeInfo(
        id=scheme.id,
        fields=fields,
        status=scheme.status,
        reject_reason=scheme.reject_reason,
        version=scheme.version,
    )


def level_list(levels: tuple[int, ...]) -> str:
    """`四级/中级工、三级/高级工` for display."""
    return "、".join(level_name(level) for level in levels)
