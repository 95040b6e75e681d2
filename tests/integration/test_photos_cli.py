"""`skilldesk photos check` as users run it: real folders, zips, rosters, reports, exit codes."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PIL import ImageDraw

from skilldesk.core.progress import Cancelled, CancelToken
from skilldesk.core.rules.identity import resident_id_check_digit
from skilldesk.files.photo_sources import open_reader
from skilldesk.services.photos import check_photos, roster_candidates_from_file
from tests.helpers import run_cli
from tests.unit.test_photo_probe import encoded, jpeg_bytes, padded_to, portrait
from tests.unit.test_photo_sources import write_raw_name_zip


def valid_id(first17: str) -> str:
    return first17 + resident_id_check_digit(first17)


PEOPLE = {
    "张三": valid_id("33082219901215342"),
    "李四": valid_id("33010219850304123"),
    "王五": valid_id("33080219780611004"),
    "赵六": valid_id("33082519950228005"),
    "孙七": valid_id("33088119880808006"),
    "周八": valid_id("33010619921111007"),
    "吴九": valid_id("33011019930101008"),
}
STRANGER = valid_id("11010519491231002")
HEADER = ["序号", "姓名", "证件类型", "证件号码", "性别", "手机号码"]


def photo(seed: int = 0, size: tuple[int, int] = (390, 567)) -> bytes:
    """A ~40 KB portrait JPEG, different for each seed."""
    image = portrait(size)
    x = 60 + seed * 23 % 260
    ImageDraw.Draw(image).ellipse((x, 480, x + 30, 510), fill=(200, 30 + seed * 10 % 200, 40))
    return padded_to(jpeg_bytes(image), 40_000 + seed)


def file_name(name: str, suffix: str = ".jpg") -> str:
    return f"{PEOPLE[name]}{name}{suffix}"


def write_roster(path: Path, names: list[str]) -> Path:
    """A 报名信息表 with two title rows: candidates start on Excel row 4."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["职业技能等级认定报名信息表"])
    sheet.append(["备案机构名称：衢州市示范技师学院"])
    sheet.append(HEADER)
    for number, name in enumerate(names, 1):
        sheet.append([number, name, "居民身份证", PEOPLE[name], None, "13812345678"])
    book.save(path)
    return path


def check(*args: str, data_dir: Path | None = None) -> tuple[int, dict[str, Any]]:
    result = run_cli("photos", "check", *args, "--json", data_dir=data_dir)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def codes_by_file(data: dict[str, Any]) -> dict[str | None, list[str]]:
    found: dict[str | None, list[str]] = {}
    for finding in data["findings"]:
        found.setdefault(finding.get("file"), []).append(finding["code"])
    return found


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return write_roster(tmp_path / "报名信息表.xlsx", list(PEOPLE))


@pytest.fixture
def messy_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "照片"
    (folder / "二班").mkdir(parents=True)
    (folder / file_name("张三")).write_bytes(photo(1))
    (folder / "二班" / file_name("李四", ".JPG")).write_bytes(photo(2))
    (folder / file_name("王五")).write_bytes(encoded(portrait(), "PNG"))  # PNG renamed .jpg
    (folder / f"{PEOPLE['赵六']}赵陆.jpg").write_bytes(photo(4))  # wrong name
    (folder / file_name("周八")).write_bytes(photo(5))
    (folder / file_name("吴九")).write_bytes(photo(5))  # the same picture as 周八's
    (folder / f"{STRANGER}郑十.jpg").write_bytes(photo(6))  # nobody on the roster
    (folder / "张三.jpg").write_bytes(photo(7))  # no ID number in the name
    (folder / "Thumbs.db").write_bytes(b"cache")
    (folder / "报名说明.docx").write_bytes(b"PK\x03\x04 not a photo")
    # 孙七 has no photo at all.
    return folder


def test_a_clean_batch_exits_zero(tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    for seed, name in enumerate(("张三", "李四"), 1):
        (folder / file_name(name)).write_bytes(photo(seed))
    roster = write_roster(tmp_path / "r.xlsx", ["张三", "李四"])
    code, data = check(str(folder), "--roster", str(roster))
    assert code == 0
    assert (data["files"], data["errors"], data["warnings"]) == (2, 0, 0)
    assert (data["candidates"], data["matched"]) == (2, 2)


def test_every_problem_is_reported_by_file_name(messy_folder: Path, roster: Path) -> None:
    code, data = check(str(messy_folder), "--roster", str(roster))
    assert code == 1
    # 张三's and 李四's photos (in 二班/) are fine; Thumbs.db is not a photo at all.
    assert codes_by_file(data) == {
        file_name("王五"): ["PHOTO_NOT_JPEG"],
        f"{PEOPLE['赵六']}赵陆.jpg": ["PHOTO_NAME_MISMATCH"],
        file_name("周八"): ["PHOTO_DUPLICATE"],
        file_name("吴九"): ["PHOTO_DUPLICATE"],
        f"{STRANGER}郑十.jpg": ["PHOTO_NO_CANDIDATE"],
        "张三.jpg": ["PHOTO_NAME_PATTERN"],
        "报名说明.docx": ["PHOTO_NOT_JPEG"],
        None: ["PHOTO_MISSING"],
    }
    assert data["files"] == 9
    [missing] = [f for f in data["findings"] if f["code"] == "PHOTO_MISSING"]
    assert "file" not in missing
    row = 4 + list(PEOPLE).index("孙七")
    assert (missing["row"], missing["name"], missing["id_number"]) == (row, "孙七", PEOPLE["孙七"])
    mismatch = next(f for f in data["findings"] if f["code"] == "PHOTO_NAME_MISMATCH")
    assert (mismatch["name"], mismatch["id_number"]) == ("赵六", PEOPLE["赵六"])
    for finding in data["findings"]:
        assert finding["severity"] in ("error", "warning") and finding["message"]


def test_text_output_names_files_and_totals(messy_folder: Path) -> None:
    result = run_cli("photos", "check", str(messy_folder))
    assert result.returncode == 1
    assert f"{file_name('王五')}  [错误 PHOTO_NOT_JPEG]" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("共 9 个文件")


def test_a_zip_from_chinese_windows(tmp_path: Path) -> None:
    members = {
        file_name("张三").encode("gbk"): photo(1),
        f"照片/{file_name('李四')}".encode("gbk"): photo(2),
        b"../../escape.jpg": photo(3),
    }
    archive = write_raw_name_zip(tmp_path / "照片.zip", members)
    code, data = check(str(archive))
    assert code == 1
    assert codes_by_file(data) == {"../../escape.jpg": ["PHOTO_UNSAFE_PATH"]}
    assert data["files"] == 3
    assert not (tmp_path.parent / "escape.jpg").exists()


def test_a_utf8_zip_with_a_problem_photo(tmp_path: Path) -> None:
    archive = tmp_path / "p.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(file_name("张三"), photo(1))
        zf.writestr(file_name("李四"), jpeg_bytes(portrait())[:-2000])  # cut off in transfer
    code, data = check(str(archive))
    assert code == 1
    assert codes_by_file(data)[file_name("李四")] == ["PHOTO_TOO_SMALL_BYTES", "PHOTO_CORRUPT"]


def test_the_report_lists_every_file_with_colours(
    messy_folder: Path, roster: Path, tmp_path: Path
) -> None:
    report = tmp_path / "照片检查.xlsx"
    result = run_cli("photos", "check", str(messy_folder), "--roster", str(roster), "--report", str(report))  # fmt: skip
    assert result.returncode == 1
    sheet = openpyxl.load_workbook(report).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("文件", "大小KB", "宽×高", "级别", "代码", "说明")
    by_file = {row[0]: row for row in rows[1:]}
    assert by_file[file_name("张三")][1:5] == (39.1, "390×567", "通过", None)
    assert by_file[file_name("王五")][3:5] == ("错误", "PHOTO_NOT_JPEG")
    assert by_file["（缺少照片）"][4] == "PHOTO_MISSING"
    fills = {row[0].value: row[0].fill.fgColor.rgb for row in sheet.iter_rows(min_row=2)}
    assert fills[file_name("王五")].endswith("FFC7CE")


def test_checking_against_a_stored_plan(tmp_path: Path, roster: Path) -> None:
    data_dir = tmp_path / "ws"
    run_cli("plan", "create", "--occupation", "电工", "--level", "4", data_dir=data_dir, check=True)
    run_cli("roster", "import", str(roster), "--plan", "1", data_dir=data_dir, check=True)
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / file_name("张三")).write_bytes(photo(1))
    code, data = check(str(folder), "--plan", "1", data_dir=data_dir)
    assert code == 1
    missing = [f for f in data["findings"] if f["code"] == "PHOTO_MISSING"]
    assert len(missing) == len(PEOPLE) - 1
    assert {f["name"] for f in missing} == set(PEOPLE) - {"张三"}
    assert (data["candidates"], data["matched"]) == (len(PEOPLE), 1)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["{tmp}/nowhere"], "找不到"),
        (["{tmp}/broken.zip"], "不是有效的 .zip"),
        (["{tmp}/photo.jpg"], "既不是文件夹也不是 .zip"),
        (["{tmp}", "--profile", "hangzhou"], "zhejiang"),
        (["{tmp}", "--roster", "{tmp}/r.xlsx", "--plan", "1"], "只能选一个"),
        (["{tmp}", "--roster", "{tmp}/none.xlsx"], "找不到"),
    ],
)
def test_unusable_input_exits_two_with_one_line(
    tmp_path: Path, args: list[str], words: str
) -> None:
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 cut short")
    (tmp_path / "photo.jpg").write_bytes(photo(1))
    write_roster(tmp_path / "r.xlsx", ["张三"])
    result = run_cli("photos", "check", *(a.format(tmp=tmp_path) for a in args), "--json")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert words in result.stderr
    assert result.stdout == ""


def test_worker_processes_give_the_same_answer(messy_folder: Path, roster: Path) -> None:
    candidates = roster_candidates_from_file(roster)
    alone = check_photos(messy_folder, roster=candidates, workers=1)
    pooled = check_photos(messy_folder, roster=candidates, workers=2)
    assert [p.facts for p in pooled.files] == [p.facts for p in alone.files]
    assert pooled.to_json() == alone.to_json()
    assert {p.name: p.candidate.name for p in pooled.files if p.candidate} == {
        file_name("张三"): "张三",
        f"二班/{file_name('李四', '.JPG')}": "李四",
        file_name("王五"): "王五",
        f"{PEOPLE['赵六']}赵陆.jpg": "赵六",
        file_name("周八"): "周八",
        file_name("吴九"): "吴九",
    }
    zhang = next(p for p in pooled.files if p.name == file_name("张三"))
    assert (zhang.width, zhang.height, zhang.size) == (390, 567, 40_001)
    reader = open_reader(pooled.source)  # what the window and the fixers read photos with
    try:
        assert hashlib.sha256(reader.read(zhang.entry.key, 1 << 20)).hexdigest() == zhang.sha256
    finally:
        reader.close()


def test_cancelling_stops_the_workers(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    data = photo(1)
    for number in range(400):
        (folder / f"{number:04d}.jpg").write_bytes(data[:-4] + number.to_bytes(4))
    token = CancelToken()
    seen: list[int] = []

    def progress(done: int, total: int, label: str) -> None:
        seen.append(done)
        if done >= 64:
            token.cancel()

    with pytest.raises(Cancelled):
        check_photos(folder, progress=progress, cancel=token, workers=2)
    assert max(seen) < 400
    assert multiprocessing.active_children() == []
