"""Skill levels: 五级/初级工 … 一级/高级技师, and the ways users write them."""

from __future__ import annotations

LEVEL_NAMES: dict[int, str] = {
    5: "五级/初级工",
    4: "四级/中级工",
    3: "三级/高级工",
    2: "二级/技师",
    1: "一级/高级技师",
}

_ALIASES: dict[str, int] = {
    "五级": 5,
    "初级": 5,
    "初级工": 5,
    "5": 5,
    "5级": 5,
    "四级": 4,
    "中级": 4,
    "中级工": 4,
    "4": 4,
    "4级": 4,
    "三级": 3,
    "高级": 3,
    "高级工": 3,
    "3": 3,
    "3级": 3,
    "二级": 2,
    "技师": 2,
    "2": 2,
    "2级": 2,
    "一级": 1,
    "高级技师": 1,
    "1": 1,
    "1级": 1,
}


def level_name(level: int) -> str:
    return LEVEL_NAMES.get(level, f"{level}级")


def parse_level(text: str | int | None) -> int | None:
    """Read a level as users write it (`3`, `三级`, `高级工`, `三级/高级工`); None if unknown."""
    if text is None:
        return None
    if isinstance(text, int):
        return text if text in LEVEL_NAMES else None
    value = str(text).strip().replace("（", "(").replace("）", ")")
    if value in _ALIASES:
        return _ALIASES[value]
    for part in value.replace("(", "/").replace(")", "/").split("/"):
        part = part.strip()
        if part in _ALIASES:
            return _ALIASES[part]
    return None
