"""The 照片 page's header and side panel tell one story: every count adds up to the plan's
candidates, and the plan's imported photos and who lacks one show before any batch is open."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from skilldesk.ui.pages.photos_page import PhotosPage
from tests.ui.conftest import Dialogs
from tests.ui.test_photos_page import checked, file_name, folder, page, people

__all__ = ["folder", "page", "people"]  # fixtures shared with the page's own tests


def summary_numbers(page: PhotosPage) -> dict[str, int]:
    text = page.plan_summary.text()
    found = {
        "candidates": r"本计划 (\d+) 名考生",
        "stored": r"已导入照片 (\d+) 张",
        "ready": r"本批合格待导入 (\d+) 人",
        "lacking": r"还缺合格照片 (\d+) 人",
    }
    numbers = {}
    for key, pattern in found.items():
        match = re.search(pattern, text)
        numbers[key] = int(match[1]) if match else 0
    return numbers


def test_before_any_batch_the_side_lists_who_lacks_a_photo(qtbot: Any, page: PhotosPage) -> None:
    assert page.side.isVisible() and not page.side.detail_area.isVisible()
    assert [line.split()[-1] for line in page.missing_model.stringList()] == ["没有照片"] * 6
    assert summary_numbers(page) == {"candidates": 6, "stored": 0, "ready": 0, "lacking": 6}
    assert page.side.imported_title.text() == "本计划还没有导入照片。"


def test_the_header_counts_people_as_the_side_does(
    qtbot: Any, page: PhotosPage, folder: Path, people: list[dict[str, Any]]
) -> None:
    # A second file of one candidate: one person matched, not two.
    shutil.copy(folder / file_name(people[0]), folder / f"{people[0]['id_number']}.jpg")
    checked(qtbot, page, folder, 6)
    assert "对上名单 4/6 人" in page.counts_label.text()
    numbers = summary_numbers(page)
    assert numbers["stored"] + numbers["ready"] + numbers["lacking"] == numbers["candidates"] == 6
    assert numbers["lacking"] == len(page.missing_model.stringList())


def test_imported_photos_are_listed_by_candidate(
    qtbot: Any, page: PhotosPage, folder: Path, people: list[dict[str, Any]], dialogs: Dialogs
) -> None:
    checked(qtbot, page, folder, 5)
    page.import_button.click()
    qtbot.waitUntil(lambda: "已导入照片 3 张" in page.plan_summary.text())
    qtbot.waitUntil(lambda: len(page.side.imported_model.stringList()) == 3)
    listed = page.side.imported_model.stringList()
    assert [line.split()[1] for line in listed] == [p["name"] for p in people[:3]]
    numbers = summary_numbers(page)
    assert numbers == {"candidates": 6, "stored": 3, "ready": 0, "lacking": 3}
