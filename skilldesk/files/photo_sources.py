"""The photos in a folder (subfolders included) or a .zip, listed and read in place.

Nothing is ever extracted to disk and no link is followed. Zip entry names written by Chinese
Windows (GBK, without the UTF-8 flag) are decoded so that 张三 shows as 张三; entries that
could land outside a folder if extracted (absolute, `..`, drive letters, links) are listed as
unsafe and never read. System clutter (Thumbs.db, __MACOSX/ …) is left out silently.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from skilldesk.core.errors import UserFacingError

_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
_UNIX = 3
_DRIVE = re.compile(r"[A-Za-z]:")
_JUNK_FILES = frozenset(("thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store", "icon\r"))
_JUNK_FOLDERS = frozenset(
    ("__macosx", ".trashes", ".spotlight-v100", ".fseventsd", "$recycle.bin")
    + ("system volume information",)
)


class PhotoSourceError(UserFacingError):
    """A folder or zip that cannot be opened; str() is a one-line Chinese message."""


class EntryReadError(Exception):
    """One entry that cannot be read; `problem` is a key of the photo rules' problems."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class PhotoEntry:
    """A file in the source: `name` is its path inside it, `/`-separated, as users read it."""

    name: str
    size: int
    key: str | int  # folder: path relative to it; zip: index of the entry in the archive
    unsafe: str | None = None  # "absolute", "parent", "drive" or "link": listed, never read


class PhotoReader(Protocol):
    def read(self, key: str | int, limit: int) -> bytes:
        """At most `limit` bytes of the entry; raises EntryReadError."""
        ...

    def close(self) -> None: ...


def is_junk(name: str) -> bool:
    """System clutter nobody put there on purpose (thumbnails caches, macOS forks …)."""
    parts = PurePosixPath(name).parts
    if not parts:
        return True
    base = parts[-1].lower()
    return (
        base in _JUNK_FILES
        or base.startswith("._")
        or any(p.lower() in _JUNK_FOLDERS for p in parts[:-1])
    )


def source_kind(path: Path) -> str:
    """ "folder" or "zip"; raises PhotoSourceError for anything else."""
    if not path.exists():
        raise PhotoSourceError(f"找不到「{path}」，请确认它没有被移动、改名或删除。")
    if path.is_dir():
        return "folder"
    if path.is_file() and path.suffix.lower() == ".zip":
        return "zip"
    hint = "请先解压，或重新压缩为 .zip。" if path.suffix.lower() in (".rar", ".7z") else ""
    raise PhotoSourceError(
        f"「{path.name}」既不是文件夹也不是 .zip 压缩包。请选择存放照片的文件夹或 .zip 文件。{hint}"
    )


def list_entries(path: Path) -> list[PhotoEntry]:
    """Every file in the folder or zip worth a look, in a stable order; raises PhotoSourceError."""
    path = Path(path)
    if source_kind(path) == "folder":
        return sorted(_walk(path, path), key=lambda e: e.name.casefold())
    with _open_zip(path) as archive:
        return list(_zip_entries(archive.infolist()))


def open_reader(path: Path) -> PhotoReader:
    """A reader for the entries `list_entries` gave; close it when done."""
    path = Path(path)
    if source_kind(path) == "folder":
        return _FolderReader(path)
    return _ZipReader(_open_zip(path))


def _walk(root: Path, folder: Path) -> Iterator[PhotoEntry]:
    try:
        items = list(os.scandir(folder))
    except OSError as exc:
        if folder == root:
            raise PhotoSourceError(f"无法打开文件夹「{folder}」：没有读取权限或已被移走。") from exc
        return  # an unreadable subfolder holds nothing we could check
    for item in items:
        relative = Path(item.path).relative_to(root).as_posix()
        if item.is_symlink():
            if not is_junk(relative):
                yield PhotoEntry(relative, 0, relative, unsafe="link")
        elif item.is_dir(follow_symlinks=False):
            if item.name.lower() not in _JUNK_FOLDERS:
                yield from _walk(root, Path(item.path))
        elif item.is_file(follow_symlinks=False) and not is_junk(relative):
            try:
                size = item.stat(follow_symlinks=False).st_size
            except OSError:
                size = 0
            yield PhotoEntry(relative, size, relative)


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise PhotoSourceError(
            f"「{path.name}」不是有效的 .zip 压缩包，或已损坏（可能没有传完整）。请重新压缩或重新下载。"
        ) from exc
    except OSError as exc:
        raise PhotoSourceError(f"无法读取「{path.name}」：文件可能正被其他程序占用。") from exc


def _zip_entries(infos: list[zipfile.ZipInfo]) -> Iterator[PhotoEntry]:
    names = decode_zip_names(infos)
    for index, (info, name) in enumerate(zip(infos, names, strict=True)):
        if info.is_dir() or name.endswith(("/", "\\")):
            continue
        shown = name.replace("\\", "/")
        if is_junk(shown):
            continue
        yield PhotoEntry(shown, info.file_size, index, unsafe=unsafe_reason(shown, info))


def unsafe_reason(name: str, info: zipfile.ZipInfo | None = None) -> str | None:
    """Why an entry could escape its folder if extracted: "link", "absolute", "drive", "parent"."""
    if info is not None and info.create_system == _UNIX and stat.S_ISLNK(info.external_attr >> 16):
        return "link"
    if name.startswith("/"):
        return "absolute"
    if _DRIVE.match(name):
        return "drive"
    if ".." in name.split("/"):
        return "parent"
    return None


def decode_zip_names(infos: list[zipfile.ZipInfo]) -> list[str]:
    """Entry names as their authors wrote them.

    Names flagged UTF-8 are kept. The rest Python reads as cp437; their raw bytes are what the
    zipping tool's code page made. Chinese Windows writes GBK (read as GB18030, its superset);
    macOS and Linux tools write UTF-8 without the flag. A GBK name is almost never valid UTF-8,
    while UTF-8 bytes often decode as GBK gibberish, so the archive is taken as UTF-8 only if
    every such name is valid UTF-8, and as GBK otherwise (one tool wrote the whole archive).
    """
    raw = {
        i: info.orig_filename.encode("cp437")
        for i, info in enumerate(infos)
        if not info.flag_bits & _UTF8_FLAG and not info.orig_filename.isascii()
    }
    all_utf8 = all(_decodes(name, "utf-8") for name in raw.values())
    order = ("utf-8", "gb18030") if all_utf8 else ("gb18030", "utf-8")
    names = []
    for i, info in enumerate(infos):
        name = info.filename
        if i in raw:
            name = next(
                (raw[i].decode(enc) for enc in order if _decodes(raw[i], enc)), info.filename
            )
            name = name.split("\x00", 1)[0]
        names.append(name)
    return names


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


class _FolderReader:
    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, key: str | int, limit: int) -> bytes:
        try:
            with open(self.root / str(key), "rb") as handle:
                return handle.read(limit)
        except OSError as exc:
            raise EntryReadError("unreadable") from exc

    def close(self) -> None:
        pass


class _ZipReader:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.infos = archive.infolist()

    def read(self, key: str | int, limit: int) -> bytes:
        info = self.infos[int(key)]
        if info.flag_bits & _ENCRYPTED_FLAG:
            raise EntryReadError("encrypted")
        try:
            with self.archive.open(info) as handle:
                return handle.read(limit)
        except NotImplementedError as exc:
            raise EntryReadError("unsupported") from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
            raise EntryReadError("damaged") from exc
        except RuntimeError as exc:  # zipfile's "password required"
            raise EntryReadError("encrypted") from exc
        except OSError as exc:
            raise EntryReadError("unreadable") from exc

    def close(self) -> None:
        self.archive.close()
