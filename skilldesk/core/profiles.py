"""Rule profiles: the limits that differ by city, read as data from resources/rules/*.toml.

A profile file has a `[profile]` table (name, title) and one table per section (`[photo]`,
`[notices]`, `[deadlines]`, `[ticket_window]`). `extends = "zhejiang"` takes every section the
file does not write from another profile, key by key. Adding a section means a frozen dataclass, a field on
`Profile` and an entry in `_SECTIONS`; a key the dataclass does not know is refused, so a typo
in a profile fails loudly instead of being ignored.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any, get_args

from skilldesk.core.errors import UserFacingError
from skilldesk.core.workdays import DayKind

DEFAULT_PROFILE = "zhejiang"
_NAME = re.compile(r"[a-z0-9_]+", re.ASCII)


class ProfileError(UserFacingError):
    """An unknown or malformed rule profile; str() is a one-line Chinese message."""


@dataclass(frozen=True, slots=True)
class PhotoRules:
    """What a candidate's photo must be (seed 002 §2). Every limit is exclusive."""

    min_bytes: int
    max_bytes: int
    min_width: int
    min_height: int
    max_pixels: int  # decompression-bomb guard: larger images are refused before decoding
    extensions: tuple[str, ...]  # lower-case, with the dot
    background_min_value: int  # HSV value 0–255 a background pixel reaches to count as white
    background_max_saturation: int  # HSV saturation 0–255 it stays under
    background_min_share: float  # share of near-white pixels the background needs
    editor_software: tuple[str, ...]  # lower-case parts of image editors' "Software" names

    def __post_init__(self) -> None:
        if not 0 <= self.min_bytes < self.max_bytes:
            raise ValueError("min_bytes must be below max_bytes")
        if min(self.min_width, self.min_height) < 0 or self.max_pixels <= 0:
            raise ValueError("dimensions must be positive")
        if not 0 <= self.background_min_share <= 1:
            raise ValueError("background_min_share must lie between 0 and 1")
        object.__setattr__(self, "extensions", tuple(e.lower() for e in self.extensions))
        object.__setattr__(self, "editor_software", tuple(s.lower() for s in self.editor_software))

    def allows_extension(self, suffix: str) -> bool:
        return suffix.lower() in self.extensions


@dataclass(frozen=True, slots=True)
class DaySpan:
    """A number of days and how they are counted: working days (PRC calendar) or calendar days.

    Written in a profile as an inline table, `{ days = 5, kind = "working" }`.
    """

    days: int
    kind: DayKind

    def __post_init__(self) -> None:
        if isinstance(self.days, bool) or not isinstance(self.days, int) or self.days < 0:
            raise ValueError(f"days must be a whole number ≥ 0, not {self.days!r}")
        if self.kind not in get_args(DayKind):
            raise ValueError(f'kind must be "working" or "calendar", not {self.kind!r}')

    @classmethod
    def from_toml(cls, value: object) -> DaySpan:
        if isinstance(value, DaySpan):
            return value
        if not isinstance(value, dict) or set(value) != {"days", "kind"}:
            raise ValueError(
                f'expected {{ days = N, kind = "working" | "calendar" }}, not {value!r}'
            )
        return cls(days=value["days"], kind=value["kind"])

    @classmethod
    def optional_from_toml(cls, value: object) -> DaySpan | None:
        """`false` in a profile means the rule does not apply there."""
        return None if value is False or value is None else cls.from_toml(value)

    def describe(self) -> str:
        """The span in words: `5个工作日`, `10个自然日`."""
        return f"{self.days}个{'工作日' if self.kind == 'working' else '自然日'}"


@dataclass(frozen=True, slots=True)
class NoticeRules:
    """How long each public notice (公示) runs at least, counted over its dates inclusive."""

    pre_notice: DaySpan  # 评前公示（考生信息公示）
    score_notice: DaySpan  # 成绩公示

    def __post_init__(self) -> None:
        object.__setattr__(self, "pre_notice", DaySpan.from_toml(self.pre_notice))
        object.__setattr__(self, "score_notice", DaySpan.from_toml(self.score_notice))


@dataclass(frozen=True, slots=True)
class DeadlineRules:
    """How far ahead things are due: at least `days` of their kind strictly between the two dates.

    A rule set to None (`false` in the profile) does not apply in that region.
    """

    plan_submit: DaySpan | None  # the plan pushed to the center, before registration opens
    approval_form: DaySpan | None  # 方案审批（备案）表, before the first exam session
    electronic_materials: DaySpan | None  # 电子材料, before the first exam session
    paper_materials: DaySpan | None  # 纸质材料, before the first exam session
    remind_within_days: int  # a deadline this many calendar days away or closer is warned of

    def __post_init__(self) -> None:
        for name in ("plan_submit", "approval_form", "electronic_materials", "paper_materials"):
            object.__setattr__(self, name, DaySpan.optional_from_toml(getattr(self, name)))
        if isinstance(self.remind_within_days, bool) or self.remind_within_days < 0:
            raise ValueError("remind_within_days must be a whole number ≥ 0")


@dataclass(frozen=True, slots=True)
class TicketWindowRules:
    """The admission-ticket download window (准考证下载): where it ends and how long it runs."""

    ends_on_exam_day: bool
    min_length: DaySpan | None  # counted over its dates inclusive; None: no minimum

    def __post_init__(self) -> None:
        if not isinstance(self.ends_on_exam_day, bool):
            raise ValueError("ends_on_exam_day must be true or false")
        object.__setattr__(self, "min_length", DaySpan.optional_from_toml(self.min_length))


@dataclass(frozen=True, slots=True)
class Profile:
    """One region's rules."""

    name: str
    title: str
    photo: PhotoRules
    notices: NoticeRules
    deadlines: DeadlineRules
    ticket_window: TicketWindowRules


_SECTIONS: dict[str, type] = {
    "photo": PhotoRules,
    "notices": NoticeRules,
    "deadlines": DeadlineRules,
    "ticket_window": TicketWindowRules,
}


def available_profiles() -> tuple[str, ...]:
    """The names of the profiles that ship with SkillDesk, sorted."""
    folder = resources.files("skilldesk").joinpath("resources", "rules")
    return tuple(
        sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".toml"))
    )


def load_profile(name: str = DEFAULT_PROFILE) -> Profile:
    """The profile called `name` (its file name, e.g. `quzhou`, or its title, e.g. `衢州市`)."""
    return _load(_resolve_name(name))


def profile_for_region(region: str | None) -> Profile:
    """The profile for an institution in `region` (e.g. `浙江省衢州市柯城区`).

    A city's profile applies when its title's name (`衢州市` → `衢州`) occurs in the region;
    where several do, the longest name wins. Anywhere else, the province-wide default applies.
    """
    text = (region or "").strip()
    best: tuple[int, str] | None = None
    for name in available_profiles():
        if name == DEFAULT_PROFILE:
            continue
        place = _place_name(name)
        if place and place in text and (best is None or len(place) > best[0]):
            best = (len(place), name)
    return _load(best[1] if best else DEFAULT_PROFILE)


def _place_name(name: str) -> str:
    """`衢州市` → `衢州`, `浙江省（通用）` → `浙江`: the bare place name in a profile's title."""
    title = str(_raw(name).get("profile", {}).get("title", ""))
    short = title.split("（")[0]
    return short[:-1] if len(short) > 2 and short[-1] in "省市县区" else short


def _resolve_name(name: str) -> str:
    wanted = name.strip().lower()
    names = available_profiles()
    if wanted in names:
        return wanted
    for candidate in names:
        title = str(_raw(candidate).get("profile", {}).get("title", ""))
        if wanted and wanted in (title, title.split("（")[0], _place_name(candidate)):
            return candidate
    shown = "、".join(f"{n}（{_raw(n).get('profile', {}).get('title', n)}）" for n in names)
    raise ProfileError(f"没有名为“{name}”的规则配置。可用的有：{shown}。")


@functools.cache
def _load(name: str) -> Profile:
    data = _merged(name, ())
    head = data.get("profile", {})
    sections: dict[str, Any] = {}
    for section, cls in _SECTIONS.items():
        sections[section] = _build(cls, data.get(section), name, section)
    unknown = set(data) - set(_SECTIONS) - {"profile", "extends"}
    if unknown:
        raise ProfileError(f"规则配置“{name}”中有无法识别的部分：{'、'.join(sorted(unknown))}。")
    return Profile(name=name, title=str(head.get("title", name)), **sections)


def _merged(name: str, chain: tuple[str, ...]) -> dict[str, Any]:
    """The profile's tables with those of the profile it extends filled in underneath."""
    if name in chain:
        raise ProfileError(f"规则配置“{name}”循环引用了自己（{' → '.join((*chain, name))}）。")
    data = _raw(name)
    parent = data.get("extends")
    if parent is None:
        return data
    if not isinstance(parent, str) or parent not in available_profiles():
        raise ProfileError(f"规则配置“{name}”引用的“{parent}”不存在。")
    merged = {
        key: dict(value) if isinstance(value, dict) else value
        for key, value in _merged(parent, (*chain, name)).items()
    }
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key].update(value)
        else:
            merged[key] = value
    return merged


@functools.cache
def _raw(name: str) -> dict[str, Any]:
    if _NAME.fullmatch(name) is None:
        raise ProfileError(f"规则配置名“{name}”只能由小写字母、数字和下划线组成。")
    path = resources.files("skilldesk").joinpath("resources", "rules", f"{name}.toml")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ProfileError(f"找不到规则配置文件 {name}.toml，请重新安装 SkillDesk。") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"规则配置文件 {name}.toml 格式有误：{exc}") from exc


def _build(cls: type, table: Any, profile: str, section: str) -> Any:
    where = f"规则配置“{profile}”的 [{section}] 部分"
    if not isinstance(table, dict):
        raise ProfileError(f"{where}缺失。")
    names = [f.name for f in dataclasses.fields(cls)]
    unknown = sorted(set(table) - set(names))
    missing = [n for n in names if n not in table]
    if unknown or missing:
        parts = []
        if unknown:
            parts.append(f"无法识别的项：{'、'.join(unknown)}")
        if missing:
            parts.append(f"缺少的项：{'、'.join(missing)}")
        raise ProfileError(f"{where}有误（{'；'.join(parts)}）。")
    values = {
        key: tuple(value) if isinstance(value, list) else value for key, value in table.items()
    }
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:
        raise ProfileError(f"{where}有误：{exc}") from exc
