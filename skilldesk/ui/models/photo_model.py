"""The photo grid's Qt model over a checked batch: filtered by problem, O(1) `data()`, thumbnails
asked of a ThumbnailLoader only for items actually painted and kept in a small cache."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QImage, QPixmap

from skilldesk.core.findings import ERROR

if TYPE_CHECKING:
    from skilldesk.services.photos import PhotoCheck, PhotoFile
    from skilldesk.ui.models.thumbnails import ThumbnailLoader

_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
THUMBNAIL_ROLE = Qt.ItemDataRole.UserRole.value + 1  # QPixmap, or None while loading
SEVERITY_ROLE = Qt.ItemDataRole.UserRole.value + 2  # 2 error, 1 warning, 0 none
KIND_ROLE = Qt.ItemDataRole.UserRole.value + 3  # "photo", "broken" (no thumbnail) or "file"
IMPORTED_ROLE = Qt.ItemDataRole.UserRole.value + 4  # already the candidate's photo in the plan
CARD_ROLE = Qt.ItemDataRole.UserRole.value + 5  # all a painted card needs, in one call

PIXMAPS_KEPT = 900  # ~40 KB each: what a few screens hold, so scrolling back is instant

FILTERS = ("all", "errors", "warnings", "unmatched")


def _tr(text: str) -> str:
    return QCoreApplication.translate("PhotoGridModel", text)


def code_label(code: str) -> str:
    """A finding code as a short plain-Chinese problem name for the filter."""
    labels = {
        "PHOTO_NAME_PATTERN": _tr("文件名不规范"),
        "PHOTO_ID_INVALID": _tr("文件名中的证件号码有误"),
        "PHOTO_EXTENSION": _tr("扩展名不对"),
        "PHOTO_NOT_JPEG": _tr("不是JPG照片"),
        "PHOTO_CORRUPT": _tr("文件损坏"),
        "PHOTO_TOO_SMALL_BYTES": _tr("文件太小"),
        "PHOTO_TOO_LARGE_BYTES": _tr("文件太大"),
        "PHOTO_DIMENSIONS": _tr("像素不足"),
        "PHOTO_TOO_MANY_PIXELS": _tr("像素异常巨大"),
        "PHOTO_BACKGROUND": _tr("背景不是白色"),
        "PHOTO_GRAYSCALE": _tr("黑白照片"),
        "PHOTO_CMYK": _tr("CMYK色彩"),
        "PHOTO_LANDSCAPE": _tr("横向照片"),
        "PHOTO_EDITED": _tr("经过修图软件处理"),
        "PHOTO_DUPLICATE": _tr("重复的照片"),
        "PHOTO_ID_REPEATED": _tr("证件号码重复"),
        "PHOTO_NO_CANDIDATE": _tr("名单中无此人"),
        "PHOTO_NAME_MISMATCH": _tr("姓名与名单不符"),
        "PHOTO_UNSAFE_PATH": _tr("不安全的路径"),
    }
    return labels.get(code, code)


def filter_label(key: str) -> str:
    words = {"all": "全部", "errors": "有错误", "warnings": "有警告", "unmatched": "未匹配"}
    return _tr(words[key]) if key in words else code_label(key)


@dataclass(slots=True)
class _Item:
    photo: PhotoFile
    caption: str
    severity: int
    kind: str
    codes: frozenset[str]
    sha: str | None


class PhotoGridModel(QAbstractListModel):
    """One item per file of a checked batch; `data()` is O(1) and never touches a file."""

    def __init__(self, loader: ThumbnailLoader | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[_Item] = []
        self._visible: list[int] = []
        self._filter = "all"
        self._stored: dict[str, str] = {}  # id number → sha256 of the photo stored in the plan
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()
        self._broken: set[str] = set()
        self._rows_of_sha: dict[str, list[int]] = {}
        self.check: PhotoCheck | None = None
        self.usable_ids: frozenset[str] = frozenset()
        self.flawed_ids: frozenset[str] = frozenset()
        self._loader = loader
        if loader is not None:
            loader.loaded.connect(self._thumbnails_loaded)

    # -- content --------------------------------------------------------------------------------

    def set_check(self, check: PhotoCheck | None, items: GridItems | None = None) -> None:
        """Show a checked batch; `items` from `grid_items(check)`, made off the UI thread."""
        self.beginResetModel()
        self.check = check
        if items is None or items.check is not check:
            items = grid_items(check)
        self._items = items.items
        self.usable_ids, self.flawed_ids = items.usable, items.flawed
        self._rows_of_sha = items.rows_of_sha
        self._broken.clear()  # a file unreadable before may have been replaced since
        self._visible = self._matching(self._filter)
        self.endResetModel()
        if self._loader is not None:
            self._loader.set_source(check.source if check else None)

    def set_stored(self, stored: dict[str, str]) -> None:
        """Which photo each candidate (by ID number) has in the plan: marks imported items."""
        self._stored = stored
        if self._visible:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._visible) - 1), [IMPORTED_ROLE]
            )

    def set_filter(self, key: str) -> None:
        if key == self._filter:
            return
        self.beginResetModel()
        self._filter = key
        self._visible = self._matching(key)
        self.endResetModel()

    @property
    def filter_key(self) -> str:
        return self._filter

    def _matching(self, key: str) -> list[int]:
        items = self._items
        if key == "all":
            return list(range(len(items)))
        if key == "errors":
            return [i for i, item in enumerate(items) if item.severity == 2]
        if key == "warnings":
            return [i for i, item in enumerate(items) if item.severity == 1]
        if key == "unmatched":
            return [
                i
                for i, item in enumerate(items)
                if item.kind != "file" and item.photo.candidate is None
            ]
        return [i for i, item in enumerate(items) if key in item.codes]

    def filter_counts(self) -> list[tuple[str, int]]:
        """Every filter worth offering with its count: the fixed ones, then each code present."""
        counts = {key: len(self._matching(key)) for key in FILTERS}
        if self.check is None or self.check.candidates is None:
            counts.pop("unmatched")
        codes: dict[str, int] = {}
        for item in self._items:
            for code in item.codes:
                codes[code] = codes.get(code, 0) + 1
        return list(counts.items()) + sorted(codes.items(), key=lambda kv: (-kv[1], kv[0]))

    def photo(self, view_row: int) -> PhotoFile:
        return self._items[self._visible[view_row]].photo

    def view_row_of(self, file: str) -> int | None:
        for view_row, row in enumerate(self._visible):
            if self._items[row].photo.name == file:
                return view_row
        return None

    def is_imported(self, photo: PhotoFile) -> bool:
        candidate = photo.candidate
        return (
            candidate is not None
            and photo.sha256 is not None
            and self._stored.get(candidate.id_number) == photo.sha256
        )

    @property
    def file_count(self) -> int:
        return len(self._items)

    # -- Qt model API ---------------------------------------------------------------------------

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def data(self, index: Any, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        item = self._items[self._visible[index.row()]]
        if role == CARD_ROLE:
            kind = "broken" if item.sha in self._broken else item.kind
            imported = self.is_imported(item.photo) if self._stored else False
            return self._thumbnail(item), item.caption, item.severity, kind, imported
        if role == THUMBNAIL_ROLE:
            return self._thumbnail(item)
        if role == _DISPLAY:
            return item.caption
        if role == SEVERITY_ROLE:
            return item.severity
        if role == KIND_ROLE:
            return "broken" if item.sha in self._broken else item.kind
        if role == IMPORTED_ROLE:
            return self.is_imported(item.photo)
        if role == _TOOLTIP:
            return _tooltip(item.photo)
        return None

    # -- thumbnails -----------------------------------------------------------------------------

    def _thumbnail(self, item: _Item) -> QPixmap | None:
        sha = item.sha
        if sha is None or item.kind == "file" or sha in self._broken:
            return None
        pixmap = self._pixmaps.get(sha)
        if pixmap is not None:
            self._pixmaps.move_to_end(sha)
            return pixmap
        if self._loader is not None:
            self._loader.request(item.photo.entry.key, sha)
        return None

    def _thumbnails_loaded(self, images: dict[str, QImage | None]) -> None:
        rows: list[int] = []
        for sha, image in images.items():
            if image is None:
                self._broken.add(sha)
            else:
                self._pixmaps[sha] = QPixmap.fromImage(image)
            rows.extend(self._rows_of_sha.get(sha, ()))
        while len(self._pixmaps) > PIXMAPS_KEPT:
            self._pixmaps.popitem(last=False)
        if not rows or not self._visible:
            return
        shown = set(rows)
        # One signal over the span instead of one per item: the view repaints only what it shows.
        view_rows = [v for v, row in enumerate(self._visible) if row in shown]
        if view_rows:
            top, bottom = self.index(min(view_rows)), self.index(max(view_rows))
            self.dataChanged.emit(top, bottom, [THUMBNAIL_ROLE, KIND_ROLE])


@dataclass(slots=True)
class GridItems:
    """What the grid shows of a batch, computed once (in the background for large batches)."""

    check: PhotoCheck | None
    items: list[_Item]
    rows_of_sha: dict[str, list[int]]
    usable: frozenset[str]  # ID numbers with an error-free photo in the batch
    flawed: frozenset[str]  # ID numbers whose only photos in the batch have errors


def grid_items(check: PhotoCheck | None) -> GridItems:
    items = [_item(photo) for photo in (check.files if check else [])]
    rows_of_sha: dict[str, list[int]] = {}
    for row, item in enumerate(items):
        if item.sha is not None:
            rows_of_sha.setdefault(item.sha, []).append(row)
    usable = {i.photo.candidate.id_number for i in items if i.photo.candidate and i.severity < 2}
    flawed = {i.photo.candidate.id_number for i in items if i.photo.candidate} - usable
    return GridItems(check, items, rows_of_sha, frozenset(usable), frozenset(flawed))


def _item(photo: PhotoFile) -> _Item:
    findings = photo.findings
    severity = 2 if any(f.severity == ERROR for f in findings) else (1 if findings else 0)
    picture = photo.facts.format is not None or photo.facts.problem is not None
    kind = "photo" if picture and photo.facts.unsafe is None else "file"
    if photo.candidate is not None:
        caption = photo.candidate.name
    else:
        caption = PurePosixPath(photo.name).stem
    codes = frozenset(f.code for f in findings)
    return _Item(photo, caption, severity, kind, codes, photo.sha256)


def _tooltip(photo: PhotoFile) -> str:
    lines = [photo.name]
    for finding in photo.findings:
        prefix = _tr("错误：") if finding.severity == ERROR else _tr("警告：")
        lines.append(prefix + finding.message)
    return "\n".join(lines)
