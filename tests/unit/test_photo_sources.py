"""Listing and reading photos in folders and real zips: Chinese names, unsafe entries, clutter."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest

from skilldesk.files.photo_sources import (
    EntryReadError,
    PhotoSourceError,
    list_entries,
    open_reader,
)

ZHANG = "330822199012153426张三.jpg"


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    """A zip as Python writes it: non-ASCII names in UTF-8 with the UTF-8 flag set."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def write_raw_name_zip(path: Path, members: dict[bytes, bytes]) -> Path:
    """A zip whose names are the given raw bytes with no UTF-8 flag, as Chinese Windows
    (Explorer, WinRAR, 360压缩) writes them in GBK.

    zipfile writes any non-ASCII name as flagged UTF-8, so each name goes in as an ASCII
    placeholder of the same length and the bytes are swapped in afterwards (names are not
    covered by the CRC).
    """
    placeholders = {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (raw, data) in enumerate(members.items()):
            placeholder = chr(ord("A") + number).encode() * len(raw)
            assert len(placeholder) == len(raw)
            placeholders[placeholder] = raw
            archive.writestr(placeholder.decode(), data)
    content = path.read_bytes()
    for placeholder, raw in placeholders.items():
        assert content.count(placeholder) == 2  # local header and central directory
        content = content.replace(placeholder, raw)
    path.write_bytes(content)
    return path


def read_all(path: Path) -> dict[str, bytes]:
    reader = open_reader(path)
    try:
        return {e.name: reader.read(e.key, 1 << 20) for e in list_entries(path) if e.unsafe is None}
    finally:
        reader.close()


def test_a_folder_with_subfolders_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "二班").mkdir()
    (tmp_path / "二班" / ZHANG).write_bytes(b"b")
    (tmp_path / "a.jpg").write_bytes(b"a" * 10)
    entries = list_entries(tmp_path)
    assert [(e.name, e.size, e.unsafe) for e in entries] == [
        ("a.jpg", 10, None),
        (f"二班/{ZHANG}", 1, None),
    ]
    assert read_all(tmp_path) == {"a.jpg": b"a" * 10, f"二班/{ZHANG}": b"b"}


def test_system_clutter_is_skipped_silently(tmp_path: Path) -> None:
    for name in ("Thumbs.db", "desktop.ini", ".DS_Store", "._" + ZHANG, "说明.txt", ZHANG):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / ZHANG).write_bytes(b"x")
    assert sorted(e.name for e in list_entries(tmp_path)) == sorted([ZHANG, "说明.txt"])


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_folder_walk_never_follows_links(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(b"s")
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / ZHANG).write_bytes(b"z")
    (photos / "linked-folder").symlink_to(outside, target_is_directory=True)
    (photos / "linked.jpg").symlink_to(outside / "secret.jpg")
    entries = {e.name: e.unsafe for e in list_entries(photos)}
    assert entries == {ZHANG: None, "linked-folder": "link", "linked.jpg": "link"}
    assert "secret" not in str(read_all(photos))


def test_utf8_flagged_names(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "照片.zip", {ZHANG: b"z", "一班/李四.jpg": b"l"})
    assert [e.name for e in list_entries(archive)] == [ZHANG, "一班/李四.jpg"]
    assert read_all(archive)[ZHANG] == b"z"


def test_gbk_names_from_chinese_windows_show_correctly(tmp_path: Path) -> None:
    names = [ZHANG, "照片/330102198503041230李四.JPG", "王五_说明.txt"]
    archive = write_raw_name_zip(
        tmp_path / "gbk.zip", {name.encode("gbk"): name.encode() for name in names}
    )
    with zipfile.ZipFile(archive) as raw:
        assert not raw.infolist()[0].flag_bits & 0x800
        assert raw.namelist()[0] != ZHANG  # Python alone shows cp437 gibberish
    assert [e.name for e in list_entries(archive)] == names
    assert read_all(archive)[ZHANG] == ZHANG.encode()


def test_utf8_names_without_the_flag_show_correctly_too(tmp_path: Path) -> None:
    archive = write_raw_name_zip(tmp_path / "mac.zip", {ZHANG.encode(): b"z"})
    assert [e.name for e in list_entries(archive)] == [ZHANG]


def test_unsafe_entries_are_listed_never_read(tmp_path: Path) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(ZHANG, b"ok")
        for name in ("../../evil.jpg", "/etc/evil.jpg", "C:/Windows/evil.jpg", "a/../../b.jpg"):
            info = zipfile.ZipInfo("placeholder")
            info.filename = name  # ZipInfo() would clean these up; a hostile tool does not
            zf.writestr(info, b"evil")
        link = zipfile.ZipInfo("link.jpg")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    before = sorted(p.name for p in tmp_path.iterdir())
    entries = {e.name: e.unsafe for e in list_entries(archive)}
    assert entries == {
        ZHANG: None,
        "../../evil.jpg": "parent",
        "/etc/evil.jpg": "absolute",
        "C:/Windows/evil.jpg": "drive",
        "a/../../b.jpg": "parent",
        "link.jpg": "link",
    }
    assert read_all(archive) == {ZHANG: b"ok"}
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing extracted
    assert not (tmp_path.parent / "evil.jpg").exists()


def test_zip_folders_and_mac_clutter_are_skipped(tmp_path: Path) -> None:
    archive = write_zip(
        tmp_path / "p.zip",
        {"照片/": b"", f"照片/{ZHANG}": b"z", f"__MACOSX/照片/._{ZHANG}": b"m", "Thumbs.db": b"t"},
    )
    assert [e.name for e in list_entries(archive)] == [f"照片/{ZHANG}"]


def test_an_encrypted_entry_cannot_be_read(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "locked.zip", {ZHANG: b"z"})
    data = bytearray(archive.read_bytes())
    # zipfile cannot encrypt: set the "encrypted" flag in the local and the central header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.index(signature) + offset] |= 0x1
    archive.write_bytes(bytes(data))
    [entry] = list_entries(archive)
    reader = open_reader(archive)
    with pytest.raises(EntryReadError) as error:
        reader.read(entry.key, 100)
    reader.close()
    assert error.value.problem == "encrypted"


def test_a_damaged_entry_cannot_be_read(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "bad.zip", {ZHANG: bytes(range(256)) * 40})
    data = bytearray(archive.read_bytes())
    start = data.index(b"PK\x03\x04") + 30 + len(ZHANG.encode()) + 20
    data[start : start + 50] = b"\xff" * 50
    archive.write_bytes(bytes(data))
    [entry] = list_entries(archive)
    reader = open_reader(archive)
    with pytest.raises(EntryReadError) as error:
        reader.read(entry.key, 1 << 20)
    reader.close()
    assert error.value.problem == "damaged"


def test_reading_stops_at_the_limit(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "p.zip", {ZHANG: b"x" * 10_000})
    [entry] = list_entries(archive)
    reader = open_reader(archive)
    assert len(reader.read(entry.key, 100)) == 100
    reader.close()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("missing", None, "找不到"),
        ("broken.zip", b"PK\x03\x04 this is not really a zip", "不是有效的 .zip"),
        ("photos.rar", b"Rar!", "请先解压"),
        ("张三.jpg", b"\xff\xd8\xff", "既不是文件夹也不是 .zip"),
    ],
)
def test_sources_that_cannot_be_opened(
    tmp_path: Path, name: str, content: bytes | None, words: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(PhotoSourceError) as error:
        list_entries(path)
    assert words in str(error.value)
    assert "\n" not in str(error.value)
