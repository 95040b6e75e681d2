"""`photos fix` scales a big photo down to a sensible size, comfortably inside every reading of
the 2M limit (2,000,000 bytes as well as 2 MiB), and the copy passes the check."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from skilldesk.core.rules.identity import resident_id_check_digit
from skilldesk.core.rules.photo_names import RosterCandidate
from skilldesk.files.photo_images import BOX, SAFE_MAX_BYTES
from skilldesk.services.photo_fixes import make_compliant_copies
from skilldesk.services.photos import check_photos
from skilldesk.services.sample_data import make_portrait_jpeg

ID = "33082219901215342" + resident_id_check_digit("33082219901215342")
NAME = f"{ID}张三.jpg"
ROSTER = [RosterCandidate(1, "张三", ID)]


@pytest.mark.parametrize("quality", [94, 95])  # 1.99 MiB (the rules accept it), 2.18 MiB
def test_a_big_photo_is_scaled_down_and_passes(tmp_path: Path, quality: int) -> None:
    folder = tmp_path / "照片"
    folder.mkdir()
    (folder / NAME).write_bytes(make_portrait_jpeg(5, size=(2400, 3200), quality=quality))
    report = make_compliant_copies(check_photos(folder, roster=ROSTER), tmp_path / "副本")
    [outcome] = report.outcomes
    assert outcome.status == "reencoded"
    fixed = tmp_path / "副本" / NAME
    assert fixed.stat().st_size < SAFE_MAX_BYTES == 2_000_000
    with Image.open(fixed) as image:
        assert image.width <= BOX[0] and image.height <= BOX[1]
        assert image.size == (600, 800)  # the aspect ratio kept, the box filled
    again = check_photos(tmp_path / "副本", roster=ROSTER)
    assert [f.code for p in again.files for f in p.findings] == []


def test_a_photo_of_sensible_size_is_copied_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "照片"
    folder.mkdir()
    original = make_portrait_jpeg(5, size=(390, 567), quality=95)
    (folder / NAME).write_bytes(original)
    report = make_compliant_copies(check_photos(folder, roster=ROSTER), tmp_path / "副本")
    assert [o.status for o in report.outcomes] == ["copied"]
    assert (tmp_path / "副本" / NAME).read_bytes() == original
