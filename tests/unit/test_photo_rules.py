"""Photo rules as pure decisions: profiles, file names, limits, duplicates, roster matching."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from skilldesk.core.profiles import ProfileError, available_profiles, load_profile
from skilldesk.core.rules.identity import resident_id_check_digit
from skilldesk.core.rules.photo_names import (
    RosterCandidate,
    match_roster,
    parse_photo_name,
    repeated_id_findings,
)
from skilldesk.core.rules.photos import (
    SEVERITIES,
    PhotoFacts,
    check_photo,
    duplicate_findings,
)

TODAY = dt.date(2026, 5, 1)
RULES = load_profile().photo
ZHANG_ID = "33082219901215342" + resident_id_check_digit("33082219901215342")
LI_ID = "33010219850304123" + resident_id_check_digit("33010219850304123")


def good_facts(name: str = f"{ZHANG_ID}张三.jpg", **changes: Any) -> PhotoFacts:
    facts = PhotoFacts(
        name=name,
        size=60_000,
        format="JPEG",
        width=390,
        height=567,
        mode="RGB",
        decoded=True,
        background_share=0.99,
        color_share=0.2,
        sha256="a" * 64,
        pixel_hash="b" * 32,
    )
    return dataclasses.replace(facts, **changes)


def codes(facts: PhotoFacts) -> list[str]:
    return [f.code for f in check_photo(facts, RULES)]


# --- profiles -------------------------------------------------------------------------------


def test_both_profiles_carry_the_seed_limits() -> None:
    assert set(available_profiles()) == {"zhejiang", "quzhou"}
    for name in ("zhejiang", "quzhou"):
        photo = load_profile(name).photo
        assert (photo.min_bytes, photo.max_bytes) == (30 * 1024, 2 * 1024 * 1024)
        assert (photo.min_width, photo.min_height) == (215, 300)
        assert photo.allows_extension(".JPG") and photo.allows_extension(".jpeg")
        assert not photo.allows_extension(".png")


def test_quzhou_takes_what_it_does_not_write_from_zhejiang() -> None:
    quzhou, zhejiang = load_profile("quzhou"), load_profile("zhejiang")
    assert quzhou.title == "衢州市"
    assert quzhou.photo.editor_software == zhejiang.photo.editor_software
    assert load_profile("衢州") == quzhou


def test_an_unknown_profile_names_the_available_ones() -> None:
    with pytest.raises(ProfileError) as error:
        load_profile("hangzhou")
    assert "hangzhou" in str(error.value)
    assert "zhejiang" in str(error.value) and "quzhou" in str(error.value)


def test_the_profile_files_ship_with_the_package() -> None:
    root = Path(__file__).resolve().parents[2]
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "resources/**/*" in pyproject["tool"]["setuptools"]["package-data"]["skilldesk"]
    for name in available_profiles():
        assert (root / "skilldesk" / "resources" / "rules" / f"{name}.toml").is_file()


# --- file names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "file_name",
    [
        f"{ZHANG_ID}张三.jpg",
        f"{ZHANG_ID}张三.JPG",
        f"{ZHANG_ID} 张三.jpeg",
        f"{ZHANG_ID}_张三.jpg",
        f"{ZHANG_ID}-张三.jpg",
        f"{ZHANG_ID}+张三.jpg",
        f"{ZHANG_ID[:6]} {ZHANG_ID[6:14]} {ZHANG_ID[14:]}张三.jpg",
        ZHANG_ID.translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "张三.jpg",
        f"照片/{ZHANG_ID}张三.jpg",
    ],
)
def test_names_read_despite_common_variations(file_name: str) -> None:
    name = parse_photo_name(file_name, today=TODAY)
    assert name.code is None, name.message
    assert (name.id_number, name.person_name) == (ZHANG_ID, "张三")


def test_a_name_without_a_number_is_still_read() -> None:
    name = parse_photo_name("张三.jpg")
    assert (name.code, name.id_number, name.person_name) == ("PHOTO_NAME_PATTERN", None, "张三")


def test_a_lower_case_x_is_read_as_the_check_character() -> None:
    first17 = "11010519491231002"
    assert resident_id_check_digit(first17) == "X"
    name = parse_photo_name(f"{first17}x王五.jpg", today=TODAY)
    assert (name.code, name.id_number, name.person_name) == (None, f"{first17}X", "王五")


def test_minority_and_latin_names() -> None:
    assert parse_photo_name(f"{ZHANG_ID}阿依古丽.买买提.jpg").person_name == "阿依古丽·买买提"
    latin = parse_photo_name("E12345678JOHN SMITH.jpg")
    assert (latin.code, latin.id_number, latin.person_name) == (None, "E12345678", "JOHNSMITH")
    assert parse_photo_name("H12345678张三.jpg").id_number == "H12345678"


@pytest.mark.parametrize(
    ("file_name", "code", "words"),
    [
        ("张三.jpg", "PHOTO_NAME_PATTERN", "缺少证件号码"),
        (f"张三{ZHANG_ID}.jpg", "PHOTO_NAME_PATTERN", "顺序反了"),
        (f"{ZHANG_ID}.jpg", "PHOTO_NAME_PATTERN", "缺少姓名"),
        (f"{ZHANG_ID}张三 - 副本.jpg", "PHOTO_NAME_PATTERN", "副本"),
        ("IMG_20240101_0001.jpg", "PHOTO_NAME_PATTERN", "证件号码+姓名"),
        (f"{ZHANG_ID[:17]}张三.jpg", "PHOTO_ID_INVALID", "17位"),
        (
            f"{ZHANG_ID[:17]}{'1' if ZHANG_ID[17] != '1' else '2'}张三.jpg",
            "PHOTO_ID_INVALID",
            "校验位",
        ),
        ("330822199002303427张三.jpg", "PHOTO_ID_INVALID", "出生日期"),
    ],
)
def test_bad_names_say_what_was_expected(file_name: str, code: str, words: str) -> None:
    name = parse_photo_name(file_name, today=TODAY)
    assert name.code == code
    assert words in (name.message or "")
    if code == "PHOTO_NAME_PATTERN":
        assert "证件号码+姓名" in (name.message or "")


# --- one file -------------------------------------------------------------------------------


def test_a_good_photo_has_no_findings() -> None:
    assert codes(good_facts()) == []


def test_byte_limits_are_exclusive_in_kib() -> None:
    assert codes(good_facts(size=30 * 1024)) == ["PHOTO_TOO_SMALL_BYTES"]
    assert codes(good_facts(size=30 * 1024 + 1)) == []
    assert codes(good_facts(size=2 * 1024 * 1024 - 1)) == []
    assert codes(good_facts(size=2 * 1024 * 1024)) == ["PHOTO_TOO_LARGE_BYTES"]


def test_pixel_limits_are_exclusive_width_by_height() -> None:
    assert codes(good_facts(width=215, height=567)) == ["PHOTO_DIMENSIONS"]
    assert codes(good_facts(width=216, height=300)) == ["PHOTO_DIMENSIONS"]
    assert codes(good_facts(width=216, height=301)) == []
    message = check_photo(good_facts(width=200, height=280), RULES)[0].message
    assert "200×280" in message and "215×300" in message


def test_an_image_claiming_too_many_pixels_is_refused_and_not_judged_further() -> None:
    found = codes(good_facts(width=40_000, height=40_000, decoded=False, background_share=None))
    assert found == ["PHOTO_TOO_MANY_PIXELS"]


def test_extension_and_format() -> None:
    assert codes(good_facts(name=f"{ZHANG_ID}张三.png")) == ["PHOTO_EXTENSION"]
    assert codes(good_facts(name=f"{ZHANG_ID}张三")) == ["PHOTO_EXTENSION"]
    png = good_facts(name=f"{ZHANG_ID}张三.jpg", format="PNG", decoded=False)
    assert codes(png) == ["PHOTO_NOT_JPEG"]
    assert "PNG" in check_photo(png, RULES)[0].message
    other = PhotoFacts(name="报名说明.docx", size=1000)
    assert codes(other) == ["PHOTO_NOT_JPEG"]  # no name complaint for a file that is no photo


def test_a_file_that_does_not_decode_is_corrupt() -> None:
    assert codes(good_facts(decoded=False, problem="truncated")) == ["PHOTO_CORRUPT"]
    assert "不完整" in check_photo(good_facts(decoded=False, problem="truncated"), RULES)[0].message
    encrypted = PhotoFacts(name=f"{ZHANG_ID}张三.jpg", size=60_000, problem="encrypted")
    assert codes(encrypted) == ["PHOTO_CORRUPT"]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"background_share": 0.5}, "PHOTO_BACKGROUND"),
        ({"mode": "L"}, "PHOTO_GRAYSCALE"),
        ({"color_share": 0.0}, "PHOTO_GRAYSCALE"),
        ({"mode": "CMYK"}, "PHOTO_CMYK"),
        ({"width": 567, "height": 390}, "PHOTO_LANDSCAPE"),
        ({"width": 567, "height": 390, "orientation": 6}, "PHOTO_LANDSCAPE"),
        ({"software": "Adobe Photoshop CC 2019 (Windows)"}, "PHOTO_EDITED"),
        ({"software": "MeituXiuXiu Windows"}, "PHOTO_EDITED"),
        ({"software": "美图秀秀"}, "PHOTO_EDITED"),
        ({"software": "醒图"}, "PHOTO_EDITED"),
        ({"software": "GIMP 2.10.34"}, "PHOTO_EDITED"),
        ({"software": "Snapseed 2.0"}, "PHOTO_EDITED"),
    ],
)
def test_warnings(changes: dict[str, Any], code: str) -> None:
    found = check_photo(good_facts(**changes), RULES)
    assert [f.code for f in found] == [code]
    assert found[0].severity == "warning"


def test_camera_software_is_not_editing() -> None:
    assert codes(good_facts(software="HUAWEI P40 V1.0.0")) == []
    assert codes(good_facts(software="Android 13")) == []


def test_unsafe_entries_get_that_finding_alone() -> None:
    facts = PhotoFacts(name="../../etc/张三.jpg", size=60_000, unsafe="parent")
    assert codes(facts) == ["PHOTO_UNSAFE_PATH"]


def test_every_code_has_its_contract_severity() -> None:
    errors = {
        "PHOTO_NAME_PATTERN", "PHOTO_ID_INVALID", "PHOTO_EXTENSION", "PHOTO_NOT_JPEG",
        "PHOTO_CORRUPT", "PHOTO_TOO_SMALL_BYTES", "PHOTO_TOO_LARGE_BYTES", "PHOTO_DIMENSIONS",
        "PHOTO_TOO_MANY_PIXELS", "PHOTO_DUPLICATE", "PHOTO_NO_CANDIDATE", "PHOTO_NAME_MISMATCH",
        "PHOTO_MISSING", "PHOTO_UNSAFE_PATH", "PHOTO_ID_REPEATED",
    }  # fmt: skip
    warnings = {
        "PHOTO_BACKGROUND", "PHOTO_GRAYSCALE", "PHOTO_CMYK", "PHOTO_LANDSCAPE", "PHOTO_EDITED"
    }  # fmt: skip
    assert {c for c, s in SEVERITIES.items() if s == "error"} == errors
    assert {c for c, s in SEVERITIES.items() if s == "warning"} == warnings


# --- the batch ------------------------------------------------------------------------------


def test_duplicates_by_bytes_or_by_pixels_mark_every_copy() -> None:
    files = [
        good_facts(name="a.jpg", sha256="1", pixel_hash="p1"),
        good_facts(name="b.jpg", sha256="1", pixel_hash="p1"),
        good_facts(name="c.jpg", sha256="2", pixel_hash="p1"),  # re-saved: same pixels
        good_facts(name="d.jpg", sha256="3", pixel_hash="p3"),
    ]
    found = duplicate_findings(files)
    assert sorted(found) == [0, 1, 2]
    assert {f.code for f in found.values()} == {"PHOTO_DUPLICATE"}
    assert found[2].extra["same_as"] == ["a.jpg", "b.jpg"]
    assert "「a.jpg」" in found[2].message


def test_two_files_for_one_id_number() -> None:
    names = [parse_photo_name(n) for n in (f"{ZHANG_ID}张三.jpg", f"{ZHANG_ID}张三.jpeg")]
    found = repeated_id_findings(names, ["1.jpg", "2.jpg"])
    assert sorted(found) == [0, 1]


def test_roster_matching() -> None:
    roster = [RosterCandidate(4, "张三", ZHANG_ID), RosterCandidate(5, "李四", LI_ID)]
    stranger = "11010519491231002X"
    files = [f"{ZHANG_ID}张 三.jpg", f"{LI_ID}李斯.jpg", f"{stranger}王五.jpg"]
    match = match_roster([parse_photo_name(f) for f in files], files, roster)
    assert match.matched == {0: roster[0], 1: roster[1]}
    assert [f.code for f in match.file_findings[1]] == ["PHOTO_NAME_MISMATCH"]
    mismatch = match.file_findings[1][0].to_json()
    assert (mismatch["file"], mismatch["row"], mismatch["name"]) == (files[1], 5, "李四")
    assert [f.code for f in match.file_findings[2]] == ["PHOTO_NO_CANDIDATE"]
    assert match.missing == []


def test_a_candidate_without_a_photo_is_missing() -> None:
    roster = [RosterCandidate(4, "张三", ZHANG_ID), RosterCandidate(5, "李四", LI_ID)]
    files = [f"{ZHANG_ID}张三.jpg"]
    match = match_roster([parse_photo_name(files[0])], files, roster)
    [missing] = match.missing
    data = missing.to_json()
    assert data["code"] == "PHOTO_MISSING" and "file" not in data
    assert (data["row"], data["name"], data["id_number"]) == (5, "李四", LI_ID)
    assert f"{LI_ID}李四.jpg" in data["message"]


@pytest.mark.slow
def test_the_photo_check_loads_no_qt_and_stays_light() -> None:
    """Worker processes import the photo service: it must not drag in Qt, the store or Excel."""
    code = (
        "import sys\n"
        "import skilldesk.services.photos, skilldesk.files.photo_report\n"
        "heavy = ('PySide6', 'sqlalchemy', 'python_calamine')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
