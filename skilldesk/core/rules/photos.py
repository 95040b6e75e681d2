"""Photo checks: judge each file's measured facts and name against a profile; find duplicates.

The name-based checks (证件号码+姓名, the roster) live in photo_names.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from skilldesk.core.findings import ERROR, WARNING, Finding, Severity
from skilldesk.core.profiles import PhotoRules
from skilldesk.core.rules.photo_names import PhotoName, parse_photo_name

# Every code this module emits, with its severity. Codes are a stable contract: never rename.
SEVERITIES: dict[str, Severity] = {
    "PHOTO_NAME_PATTERN": ERROR,
    "PHOTO_ID_INVALID": ERROR,
    "PHOTO_EXTENSION": ERROR,
    "PHOTO_NOT_JPEG": ERROR,
    "PHOTO_CORRUPT": ERROR,
    "PHOTO_TOO_SMALL_BYTES": ERROR,
    "PHOTO_TOO_LARGE_BYTES": ERROR,
    "PHOTO_DIMENSIONS": ERROR,
    "PHOTO_TOO_MANY_PIXELS": ERROR,
    "PHOTO_BACKGROUND": WARNING,
    "PHOTO_GRAYSCALE": WARNING,
    "PHOTO_CMYK": WARNING,
    "PHOTO_LANDSCAPE": WARNING,
    "PHOTO_EDITED": WARNING,
    "PHOTO_DUPLICATE": ERROR,
    "PHOTO_ID_REPEATED": ERROR,
    "PHOTO_NO_CANDIDATE": ERROR,
    "PHOTO_NAME_MISMATCH": ERROR,
    "PHOTO_MISSING": ERROR,
    "PHOTO_UNSAFE_PATH": ERROR,
}

SAME_AS_SHOWN = 10
# A colour photo has skin, clothes, lips: far more than this share of clearly coloured pixels.
GRAYSCALE_MAX_COLOR_SHARE = 0.01
_FORMAT_WORDS = {"HEIF": "HEIC（苹果手机）", "JPEG2000": "JPEG 2000", "TIFF": "TIFF", "ICO": "图标"}
_PROBLEMS = {
    "truncated": "照片文件不完整（可能下载或复制时中断），无法完整打开。请让考生重新发送原图。",
    "damaged": "照片文件已损坏，无法完整打开。请让考生重新发送原图。",
    "encrypted": "压缩包中的这个文件设置了密码，无法读取。请用不加密码的方式重新压缩。",
    "unsupported": "压缩包使用了不支持的压缩方式，无法读取。请用 Windows 自带的“发送到→压缩文件夹”重新压缩。",
    "unreadable": "无法读取这个文件（可能正被其他程序占用，或没有读取权限）。",
}
_UNSAFE = {
    "absolute": "压缩包中的这一项是绝对路径",
    "parent": "压缩包中的这一项含有“..”（指向压缩包以外的位置）",
    "drive": "压缩包中的这一项带有盘符",
    "link": "这一项是链接（快捷方式），不是真正的文件",
}


@dataclass(frozen=True, slots=True)
class PhotoFacts:
    """What measuring one file found; `name` is its path inside the folder or zip (`/`-separated).

    Everything but `name` and `size` is None when not known (not an image, not decoded).
    """

    name: str
    size: int
    format: str | None = None  # Pillow's name ("JPEG", "PNG" …); None: not a picture we know
    width: int | None = None
    height: int | None = None
    mode: str | None = None  # as stored: "RGB", "L" (grey), "CMYK" …
    software: str | None = None  # EXIF Software / XMP CreatorTool
    decoded: bool = False  # decoded to the end without error
    problem: str | None = None  # why not: a key of _PROBLEMS, or "skipped" (too large to read)
    background_share: float | None = None  # near-white share of the top band and upper sides
    color_share: float | None = None  # share of clearly coloured pixels
    sha256: str | None = None
    pixel_hash: str | None = None  # decoded pixels (reduced scale) and dimensions
    unsafe: str | None = None  # a zip entry or link never read: a key of _UNSAFE
    orientation: int | None = None  # EXIF orientation; 5–8 mean viewers turn it a quarter


def _finding(code: str, message: str, file: str) -> Finding:
    return Finding(code, SEVERITIES[code], message, file=file)


def check_photo(
    facts: PhotoFacts, rules: PhotoRules, *, name: PhotoName | None = None
) -> list[Finding]:
    """Every finding about one file on its own (duplicates and the roster come later)."""
    file = facts.name
    if facts.unsafe is not None:
        message = (
            f"{_UNSAFE[facts.unsafe]}，为安全起见未读取。请放入照片文件本身（压缩包请重新压缩）。"
        )
        return [_finding("PHOTO_UNSAFE_PATH", message, file)]
    if facts.format is None and facts.problem is None:
        return [_finding("PHOTO_NOT_JPEG", _not_a_picture_message(file), file)]
    found: list[Finding] = []
    name = name or parse_photo_name(file)
    if name.code is not None:
        found.append(_finding(name.code, name.message or "", file))
    if facts.format is None:  # could not even be read
        found.append(
            _finding(
                "PHOTO_CORRUPT", _PROBLEMS.get(facts.problem or "", _PROBLEMS["damaged"]), file
            )
        )
        return found
    suffix = PurePosixPath(file).suffix
    if facts.format != "JPEG":
        kind = _FORMAT_WORDS.get(facts.format, facts.format)
        message = (
            f"这是{kind}图片，不是JPG格式。请用画图等软件打开后“另存为”JPG（只改扩展名没有用）。"
        )
        found.append(_finding("PHOTO_NOT_JPEG", message, file))
        found.extend(_dimension_findings(facts, rules))
        return found
    if not rules.allows_extension(suffix):
        shown = f"“{suffix}”" if suffix else "空的"
        message = f"文件内容是JPG照片，但扩展名是{shown}，请把扩展名改为“.jpg”。"
        found.append(_finding("PHOTO_EXTENSION", message, file))
    found.extend(_size_findings(facts, rules))
    found.extend(_dimension_findings(facts, rules))
    if any(f.code == "PHOTO_TOO_MANY_PIXELS" for f in found):
        return found  # never decoded: nothing more is known
    if not facts.decoded:
        if facts.problem != "skipped":  # "skipped": too large to read, said above
            found.append(_finding("PHOTO_CORRUPT", _PROBLEMS[facts.problem or "damaged"], file))
        return found
    found.extend(_appearance_findings(facts, rules))
    return found


def is_picture(facts: PhotoFacts) -> bool:
    """Whether the file is (or was meant to be) a picture, so its name counts as a photo's."""
    return facts.unsafe is None and (facts.format is not None or facts.problem is not None)


def _not_a_picture_message(file: str) -> str:
    suffix = PurePosixPath(file).suffix.lower()
    if suffix == ".zip":
        return "这是一个压缩包，不是照片。请解压后检查，或单独检查这个压缩包。"
    return "这不是照片文件。照片文件夹（压缩包）里只应放“证件号码+姓名.jpg”的照片，请移走这个文件。"


def _size_findings(facts: PhotoFacts, rules: PhotoRules) -> list[Finding]:
    if facts.size <= rules.min_bytes:
        size, limit = _sizes(facts.size, rules.min_bytes)
        message = (
            f"文件大小为{size}，应大于{limit}。"
            "请使用更清晰的原图（聊天软件发送时常被压缩，请以“原图”或文件方式发送）。"
        )
        return [_finding("PHOTO_TOO_SMALL_BYTES", message, facts.name)]
    if facts.size >= rules.max_bytes:
        size, limit = _sizes(facts.size, rules.max_bytes)
        message = f"文件大小为{size}，应小于{limit}。请压缩后再上传。"
        return [_finding("PHOTO_TOO_LARGE_BYTES", message, facts.name)]
    return []


def _sizes(size: int, limit: int) -> tuple[str, str]:
    """Both sizes in KB or MB, or in bytes when rounding would show them equal."""
    shown, limit_shown = _kb(size), _kb(limit)
    if shown == limit_shown:
        return f"{size}字节", f"{limit}字节（{limit_shown}）"
    return shown, limit_shown


def _kb(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.2f}".rstrip("0").rstrip(".") + "MB"
    return f"{size / 1024:.1f}".removesuffix(".0") + "KB"


def _dimension_findings(facts: PhotoFacts, rules: PhotoRules) -> list[Finding]:
    width, height = facts.width, facts.height
    if width is None or height is None:
        return []
    if width * height > rules.max_pixels:
        message = (
            f"照片标称尺寸异常（{width}×{height}，约{width * height // 10000}万像素，"
            f"超过{rules.max_pixels // 10000}万像素），为安全起见未打开。请使用正常的证件照。"
        )
        return [_finding("PHOTO_TOO_MANY_PIXELS", message, facts.name)]
    if width <= rules.min_width or height <= rules.min_height:
        message = (
            f"照片像素为{width}×{height}（宽×高），应大于{rules.min_width}×{rules.min_height}。"
            "请使用更清晰的原图，不要截图或缩小。"
        )
        return [_finding("PHOTO_DIMENSIONS", message, facts.name)]
    return []


def _appearance_findings(facts: PhotoFacts, rules: PhotoRules) -> list[Finding]:
    found = []
    file, width, height = facts.name, facts.width or 0, facts.height or 0
    turned = facts.orientation in (5, 6, 7, 8)
    if width > height and turned:
        message = (
            f"照片像素是横向的（{width}×{height}），只靠方向标记显示为竖向，"
            "在报名平台上可能横着显示。请旋转后重新保存。"
        )
        found.append(_finding("PHOTO_LANDSCAPE", message, file))
    elif width > height or (turned and height > width):
        message = f"照片是横向的（宽{width}×高{height}），证件照应为竖向，请检查方向或重新拍摄。"
        found.append(_finding("PHOTO_LANDSCAPE", message, file))
    if facts.mode in ("L", "LA", "1", "I", "I;16") or (
        facts.color_share is not None and facts.color_share < GRAYSCALE_MAX_COLOR_SHARE
    ):
        found.append(_finding("PHOTO_GRAYSCALE", "照片是黑白的，应使用彩色近照。", file))
    if facts.mode == "CMYK":
        message = "照片是CMYK（印刷）色彩模式，网页上可能显示异常。请转成RGB彩色JPG后再上传。"
        found.append(_finding("PHOTO_CMYK", message, file))
    editor = _editor(facts.software, rules)
    if editor is not None:
        message = f"照片经过“{editor}”处理过。要求使用未经PS、美颜等处理的本人近照，请核实。"
        found.append(_finding("PHOTO_EDITED", message, file))
    share = facts.background_share
    if share is not None and share < rules.background_min_share:
        message = (
            f"照片背景不是白色（上方和两侧只有{share:.0%}接近白色，"
            f"应至少{rules.background_min_share:.0%}）。请使用白底证件照。"
        )
        found.append(_finding("PHOTO_BACKGROUND", message, file))
    return found


def _editor(software: str | None, rules: PhotoRules) -> str | None:
    if not software:
        return None
    lowered = software.casefold()
    return software.strip() if any(part in lowered for part in rules.editor_software) else None


def find_duplicates(files: Sequence[PhotoFacts]) -> list[list[int]]:
    """Groups of files (indexes, in order) whose content is the same: same bytes or same pixels."""
    parent = list(range(len(files)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_by_key: dict[tuple[str, str], int] = {}
    for index, facts in enumerate(files):
        for kind, key in (("bytes", facts.sha256), ("pixels", facts.pixel_hash)):
            if key is None or facts.unsafe is not None:
                continue
            first = first_by_key.setdefault((kind, key), index)
            if first != index:
                parent[root(index)] = root(first)
    groups: dict[int, list[int]] = {}
    for index in range(len(files)):
        groups.setdefault(root(index), []).append(index)
    return [group for group in groups.values() if len(group) > 1]


def duplicate_findings(files: Sequence[PhotoFacts]) -> dict[int, Finding]:
    """PHOTO_DUPLICATE on every file that shares its picture with another file.

    `extra["same_as"]` names up to SAME_AS_SHOWN of the others (a photo copied a thousand
    times must not make a million names).
    """
    result = {}
    for group in find_duplicates(files):
        for index in group:
            others = [files[j].name for j in group[: SAME_AS_SHOWN + 1] if j != index]
            others = others[:SAME_AS_SHOWN]
            more = "等" if len(group) - 1 > len(others) else ""
            shown = "、".join(f"「{n}」" for n in others[:5]) + ("等" if len(others) > 5 else more)
            message = f"与{shown}是同一张照片。每位考生必须使用本人的照片，请核对。"
            extra = {"same_as": others, "copies": len(group)}
            result[index] = Finding(
                "PHOTO_DUPLICATE", ERROR, message, file=files[index].name, extra=extra
            )
    return result
