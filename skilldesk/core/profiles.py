"""Rule profiles: the limits that differ by city, read as data from resources/rules/*.toml.

A profile file has a `[profile]` table (name, title) and one table per section (`[photo]`,
later notices and deadlines). `extends = "zhejiang"` takes every section the file does not
write from another profile, key by key. Adding a section means a frozen dataclass, a field on
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
from typing import Any

from skilldesk.core.errors import UserFacingError

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
class Profile:
    """One region's rules."""

    name: str
    title: str
    photo: PhotoRules


_SECTIONS: dict[str, type] = {"photo": PhotoRules}


def available_profiles() -> tuple[str, ...]:
    """The names of the profiles that ship with SkillDesk, sorted."""
    folder = resources.files("skilldesk").joinpath("resources", "rules")
    return tuple(
        sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".toml"))
    )


def load_profile(name: str = DEFAULT_PROFILE) -> Profile:
    """The profile called `name` (its file name, e.g. `quzhou`, or its title, e.g. `衢州市`)."""
    return _load(_resolve_name(name))


def _resolve_name(name: str) -> str:
    wanted = name.strip().lower()
    names = available_profiles()
    if wanted in names:
        return wanted
    for candidate in names:
        title = str(_raw(candidate).get("profile", {}).get("title", ""))
        short = title.split("（")[0]
        if wanted and wanted in (title, short, short.rstrip("省市")):
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
