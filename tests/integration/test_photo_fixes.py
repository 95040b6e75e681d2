"""Fixing real photo folders and zips: renames (applied, undone, never over a file), a renamed
copy of a zip, and compliant copies that pass the check — the originals never touched."""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PIL import Image

from skilldesk.core.progress import Cancelled, CancelToken
from skilldesk.core.rules.identity import resident_id_check_digit
from skilldesk.core.rules.photo_names import RosterCandidate
from skilldesk.files.photo_probe import measure_photo
from skilldesk.services.photo_fixes import (
    UndoFileError,
    apply_renames,
    make_compliant_copies,
    plan_renames,
    undo_file_for,
    undo_renames,
    write_renamed_zip,
)
from skilldesk.services.photos import check_photos
from skilldesk.services.sample_data import make_portrait_jpeg
from tests.helpers import run_cli


def valid_id(first17: str) -> str:
    return first17 + resident_id_check_digit(first17)


NAMES = ("张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十")
IDS = [valid_id(f"3308221990121{i:04d}") for i in range(len(NAMES))]
ROSTER = [RosterCandidate(i + 1, n, IDS[i]) for i, n in enumerate(NAMES)]


def right(i: int, suffix: str = ".jpg") -> str:
    return f"{IDS[i]}{NAMES[i]}{suffix}"


def good_jpeg(seed: int) -> bytes:
    return make_portrait_jpeg(seed, quality=95)


def encoded(image: Image.Image, fmt: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def noisy(size: tuple[int, int], seed: int) -> Image.Image:
    """A detailed picture: its JPEG stays large however it is scaled."""
    rng = random.Random(seed)
    return Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def badly_named(tmp_path: Path) -> Path:
    folder = tmp_path / "照片"
    (folder / "二班").mkdir(parents=True)
    (folder / right(0)).write_bytes(good_jpeg(0))
    (folder / "李四.jpg").write_bytes(good_jpeg(1))  # no ID number
    (folder / f"{IDS[2]}.jpg").write_bytes(good_jpeg(2))  # no name
    (folder / f"{IDS[3]}赵陆.jpg").write_bytes(good_jpeg(3))  # a wrong name
    (folder / "二班" / "zhouba 周八.jpeg").write_bytes(good_jpeg(5))
    (folder / "不认识.jpg").write_bytes(good_jpeg(9))
    return folder


def write_roster(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "证件号码"])
    for name, number in zip(NAMES, IDS, strict=True):
        sheet.append([name, number])
    book.save(path)
    return path


def test_renames_are_proposed_applied_and_undone(badly_named: Path, tmp_path: Path) -> None:
    before = snapshot(badly_named)
    check = check_photos(badly_named, roster=ROSTER)
    plan = plan_renames(check, ROSTER)
    assert {p.file: p.new_file for p in plan.proposals} == {
        "李四.jpg": right(1),
        f"{IDS[2]}.jpg": right(2),
        f"{IDS[3]}赵陆.jpg": right(3),
        "二班/zhouba 周八.jpeg": f"二班/{right(5, '.jpeg')}",
    }
    assert [r.file for r in plan.refused] == ["不认识.jpg"]
    assert snapshot(badly_named) == before  # planning changes nothing

    undo = undo_file_for(tmp_path / "data")
    result = apply_renames(badly_named, plan.proposals, undo)
    assert len(result.renamed) == 4 and result.refused == []
    after = snapshot(badly_named)
    assert set(after) == {
        right(0),
        right(1),
        right(2),
        right(3),
        f"二班/{right(5, '.jpeg')}",
        "不认识.jpg",
    }
    assert after[right(1)] == before["李四.jpg"]  # the same bytes under the new name
    assert check_photos(badly_named, roster=ROSTER).to_json()["errors"] == 4  # 3 missing + stranger
    recorded = json.loads(undo.read_text(encoding="utf-8"))
    assert recorded["complete"] is True and len(recorded["renames"]) == 4
    assert undo.parent == tmp_path / "data" / "undo"  # never inside the photo folder

    restored = undo_renames(undo)
    assert len(restored.restored) == 4 and restored.refused == []
    assert snapshot(badly_named) == before
    with pytest.raises(UndoFileError, match="已在"):
        undo_renames(undo)


def test_a_file_appearing_meanwhile_is_not_overwritten(badly_named: Path, tmp_path: Path) -> None:
    plan = plan_renames(check_photos(badly_named, roster=ROSTER), ROSTER)
    (badly_named / right(1)).write_bytes(b"someone else's file")
    result = apply_renames(badly_named, plan.proposals, undo_file_for(tmp_path))
    assert [r.file for r in result.refused] == ["李四.jpg"]
    assert "未覆盖" in result.refused[0].reason
    assert (badly_named / right(1)).read_bytes() == b"someone else's file"
    assert (badly_named / "李四.jpg").exists()


def test_undo_does_not_overwrite_a_file_that_took_the_old_name(
    badly_named: Path, tmp_path: Path
) -> None:
    plan = plan_renames(check_photos(badly_named, roster=ROSTER), ROSTER)
    result = apply_renames(badly_named, plan.proposals, undo_file_for(tmp_path))
    (badly_named / "李四.jpg").write_bytes(b"new")
    assert result.undo_file is not None
    undone = undo_renames(result.undo_file)
    assert [r.file for r in undone.refused] == [right(1)]
    assert (badly_named / "李四.jpg").read_bytes() == b"new"
    assert (badly_named / right(1)).exists()


def test_cancelling_a_rename_puts_every_name_back(badly_named: Path, tmp_path: Path) -> None:
    before = snapshot(badly_named)
    plan = plan_renames(check_photos(badly_named, roster=ROSTER), ROSTER)
    cancel = CancelToken()

    def progress(done: int, _total: int, _label: str) -> None:
        if done == 2:
            cancel.cancel()

    undo = undo_file_for(tmp_path)
    with pytest.raises(Cancelled):
        apply_renames(badly_named, plan.proposals, undo, progress=progress, cancel=cancel)
    assert snapshot(badly_named) == before
    assert not undo.exists()


def test_an_undo_list_pointing_outside_its_folder_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "undo.json"
    bad.write_text(
        json.dumps(
            {
                "format": "skilldesk-photo-renames",
                "folder": str(tmp_path),
                "renames": [{"old": "../../etc/passwd", "new": "x.jpg"}],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(UndoFileError, match="内容有误"):
        undo_renames(bad)


def test_a_zip_gets_a_renamed_copy_and_stays_untouched(badly_named: Path, tmp_path: Path) -> None:
    source = tmp_path / "照片.zip"
    with zipfile.ZipFile(source, "w") as archive:
        for path in sorted(badly_named.rglob("*.*")):
            archive.write(path, path.relative_to(badly_named).as_posix())
    original = source.read_bytes()
    plan = plan_renames(check_photos(source, roster=ROSTER), ROSTER)
    with pytest.raises(Exception, match="压缩包"):
        apply_renames(source, plan.proposals, undo_file_for(tmp_path))

    out = tmp_path / "照片-已改名.zip"
    result = write_renamed_zip(source, plan.proposals, out)
    assert (result.renamed, result.copied) == (4, 2)
    assert source.read_bytes() == original
    with zipfile.ZipFile(out) as copy:
        names = set(copy.namelist())
    assert right(1) in names and f"二班/{right(5, '.jpeg')}" in names and "李四.jpg" not in names
    recheck = check_photos(out, roster=ROSTER)
    name_codes = {"PHOTO_NAME_PATTERN", "PHOTO_NAME_MISMATCH"}
    assert [f.file for f in recheck.findings if f.code in name_codes] == ["不认识.jpg"]
    with pytest.raises(Exception, match="不会覆盖"):
        write_renamed_zip(source, plan.proposals, out)


@pytest.fixture
def fixable(tmp_path: Path) -> Path:
    """One photo per kind of fixable problem, and two that cannot be fixed."""
    folder = tmp_path / "原始照片"
    folder.mkdir()

    def portrait(seed: int) -> Image.Image:
        return Image.open(io.BytesIO(good_jpeg(seed)))

    (folder / right(0)).write_bytes(good_jpeg(0))  # nothing wrong
    (folder / right(1, ".png")).write_bytes(encoded(portrait(1), "PNG"))
    (folder / right(2)).write_bytes(encoded(portrait(2), "BMP"))  # BMP content named .jpg
    (folder / right(3)).write_bytes(encoded(portrait(3).convert("CMYK"), "JPEG", quality=92))
    too_few_pixels = noisy((200, 280), 4)
    (folder / right(4)).write_bytes(encoded(too_few_pixels, "JPEG", quality=95))
    (folder / right(5)).write_bytes(make_portrait_jpeg(5, size=(2400, 3400), quality=98))  # > 2 MB
    (folder / right(6, ".jfif")).write_bytes(good_jpeg(6))  # a wrong extension only
    landscape = portrait(7).transpose(Image.Transpose.ROTATE_90)  # shown upright by orientation 6
    exif = Image.Exif()
    exif[0x0112] = 6
    (folder / right(7)).write_bytes(encoded(landscape, "JPEG", quality=95, exif=exif.tobytes()))
    flat = Image.new("RGB", (120, 170), (250, 250, 250))
    (folder / "孙某.jpg").write_bytes(encoded(flat, "JPEG", quality=80))  # cannot reach 30 KB
    (folder / "损坏.jpg").write_bytes(good_jpeg(8)[:5000])
    return folder


def test_compliant_copies_pass_the_check_and_leave_originals_alone(
    fixable: Path, tmp_path: Path
) -> None:
    before = snapshot(fixable)
    check = check_photos(fixable, roster=ROSTER)
    codes = {p.name: {f.code for f in p.findings} for p in check.files}
    assert codes == {
        right(0): set(),
        right(1, ".png"): {"PHOTO_NOT_JPEG"},
        right(2): {"PHOTO_NOT_JPEG"},
        right(3): {"PHOTO_CMYK"},
        right(4): {"PHOTO_BACKGROUND", "PHOTO_DIMENSIONS"},
        right(5): {"PHOTO_TOO_LARGE_BYTES"},
        right(6, ".jfif"): {"PHOTO_EXTENSION"},
        right(7): {"PHOTO_LANDSCAPE"},
        "孙某.jpg": {
            "PHOTO_NAME_PATTERN", "PHOTO_DIMENSIONS", "PHOTO_GRAYSCALE", "PHOTO_TOO_SMALL_BYTES"
        },
        "损坏.jpg": {"PHOTO_NAME_PATTERN", "PHOTO_CORRUPT", "PHOTO_TOO_SMALL_BYTES"},
    }  # fmt: skip
    out = tmp_path / "合规副本"
    report = make_compliant_copies(check, out)
    assert snapshot(fixable) == before
    outcome = {o.file: o for o in report.outcomes}
    for name in (right(1, ".png"), right(2), right(3), right(4), right(5), right(7)):
        assert outcome[name].status == "reencoded", name
        assert outcome[name].status_text == "已重新编码"
    assert outcome[right(0)].status == "copied"
    assert (out / right(0)).read_bytes() == before[right(0)]  # nothing to fix: the same bytes
    assert outcome[right(6, ".jfif")].status == "copied"
    assert outcome[right(6, ".jfif")].new_file == right(6)
    assert outcome["孙某.jpg"].status == "failed" and "虚假填充" in outcome["孙某.jpg"].reason
    assert outcome["损坏.jpg"].status == "failed"
    assert "放大到" in "".join(outcome[right(4)].changes)
    assert any("CMYK" in change for change in outcome[right(3)].changes)

    copies = check_photos(out, roster=ROSTER)
    assert [f for f in copies.findings if f.severity == "error" and f.file] == []
    assert {p.name for p in copies.files} == {right(i) for i in range(8)}
    upright = next(p for p in copies.files if p.name == right(7))
    assert (upright.width, upright.height) == (390, 567)
    enlarged = next(p for p in copies.files if p.name == right(4))
    assert enlarged.width is not None and enlarged.height is not None
    assert enlarged.width > 215 and enlarged.height > 300
    assert enlarged.width / enlarged.height == pytest.approx(200 / 280, abs=0.01)
    rgb = Image.open(out / right(3))
    assert (rgb.format, rgb.mode) == ("JPEG", "RGB")


def test_copies_are_named_by_the_proposed_renames(badly_named: Path, tmp_path: Path) -> None:
    check = check_photos(badly_named, roster=ROSTER)
    renames = plan_renames(check, ROSTER).proposals
    report = make_compliant_copies(check, tmp_path / "out", renames=renames)
    written = {o.new_file for o in report.outcomes if o.new_file}
    assert written == {right(0), right(1), right(2), right(3), right(5), "不认识.jpg"}


def test_copies_never_go_into_the_photo_folder(fixable: Path) -> None:
    check = check_photos(fixable)
    with pytest.raises(Exception, match="照片文件夹以外"):
        make_compliant_copies(check, fixable / "副本")


def test_a_cancelled_copy_run_leaves_no_half_written_file(fixable: Path, tmp_path: Path) -> None:
    check = check_photos(fixable, roster=ROSTER)
    cancel = CancelToken()

    def progress(done: int, _total: int, _label: str) -> None:
        if done == 4:
            cancel.cancel()

    out = tmp_path / "out"
    with pytest.raises(Cancelled):
        make_compliant_copies(check, out, progress=progress, cancel=cancel)
    left = list(out.iterdir())
    assert 0 < len(left) < len(check.files)
    assert not [p for p in left if p.name.endswith(".part")]
    for path in left:  # each file that is there is whole
        assert measure_photo(path.name, path.read_bytes(), load_rules()).decoded


def load_rules() -> Any:
    from skilldesk.core.profiles import load_profile

    return load_profile().photo


def test_cli_rename_dry_run_apply_and_undo(badly_named: Path, tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "名单.xlsx")
    data_dir = tmp_path / "data"
    before = snapshot(badly_named)
    dry = run_cli(
        "photos", "rename", str(badly_named), "--roster", str(roster), "--json", data_dir=data_dir
    )
    assert dry.returncode == 1, dry.stderr  # one file cannot be renamed
    data = json.loads(dry.stdout)
    assert data["applied"] is False and len(data["proposals"]) == 4
    assert snapshot(badly_named) == before

    text = run_cli(
        "photos", "rename", str(badly_named), "--roster", str(roster), "--apply", data_dir=data_dir
    )
    assert "已改名 4 个文件" in text.stdout
    assert (badly_named / right(1)).exists()
    [undo] = (data_dir / "undo").glob("*.json")
    assert str(undo) in text.stdout

    back = run_cli("photos", "undo", str(undo))
    assert back.returncode == 0 and "已恢复 4 个文件的原名" in back.stdout
    assert snapshot(badly_named) == before
    again = run_cli("photos", "undo", str(undo))
    assert again.returncode == 2 and "用过" in again.stderr

    usage = run_cli("photos", "rename", str(badly_named))
    assert usage.returncode == 2 and "--roster" in usage.stderr


def test_cli_fix_writes_copies_and_reports(fixable: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("photos", "fix", str(fixable), "--out", str(out), "--json")
    assert result.returncode == 1, result.stderr  # two files cannot be fixed
    data = json.loads(result.stdout)
    assert (data["reencoded"], data["copied"], data["failed"]) == (6, 2, 2)
    assert len(list(out.glob("*.jpg"))) == 8
    text = run_cli("photos", "fix", str(fixable), "--out", str(tmp_path / "out2"))
    assert "已重新编码" in text.stdout and "原照片未改动" in text.stdout
