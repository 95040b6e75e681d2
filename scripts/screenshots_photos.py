"""Take the user guide's screenshots of the 照片 page, offscreen, on a demo workspace with a
folder of demo photos that includes the usual mistakes.

    .venv/bin/python scripts/screenshots_photos.py [--out docs/screenshots] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path
from typing import Any

from shot_helpers import ROOT, at_laptop_size, settle, wait_for  # noqa: E402  (sets offscreen Qt first)


def write_demo_folder(folder: Path, people: list[Any]) -> None:
    """Photos for the plan's candidates as staff receive them: mostly right, some not."""
    from PIL import Image

    from skilldesk.services.sample_data import make_portrait_jpeg

    folder.mkdir(parents=True)

    def jpeg(seed: int) -> bytes:
        return make_portrait_jpeg(seed, quality=95)

    def saved(image: Any, fmt: str, **options: Any) -> bytes:
        buffer = io.BytesIO()
        image.save(buffer, fmt, **options)
        return buffer.getvalue()

    # Pillow's noise differs per call: keep one photo's bytes to copy it as a duplicate.
    duplicated = jpeg(30)
    for index, person in enumerate(people[:-6]):
        name, number = person.name, person.id_number
        if index == 3:
            (folder / f"{name}.jpg").write_bytes(jpeg(index))  # the ID number left out
        elif index == 7:
            (folder / f"{number}.jpg").write_bytes(jpeg(index))  # the name left out
        elif index == 11:
            (folder / f"{number}{name[0]}某.jpg").write_bytes(jpeg(index))  # a wrong name
        elif index == 15:
            picture = Image.open(io.BytesIO(jpeg(index)))
            (folder / f"{number}{name}.png").write_bytes(saved(picture, "PNG"))
        elif index == 19:
            picture = Image.open(io.BytesIO(jpeg(index))).resize((160, 232))
            (folder / f"{number}{name}.jpg").write_bytes(saved(picture, "JPEG", quality=80))
        elif index == 23:
            picture = Image.open(io.BytesIO(jpeg(index))).convert("CMYK")
            (folder / f"{number}{name}.jpg").write_bytes(saved(picture, "JPEG", quality=92))
        elif index == 27:
            picture = Image.open(io.BytesIO(jpeg(index)))
            blue = Image.new("RGB", picture.size, (70, 130, 200))
            mask = Image.eval(picture.convert("L"), lambda v: 0 if v > 245 else 255)
            blue.paste(picture, mask=mask)
            (folder / f"{number}{name}.jpg").write_bytes(saved(blue, "JPEG", quality=95))
        elif index in (30, 31):
            (folder / f"{number}{name}.jpg").write_bytes(duplicated)  # one picture for two people
        else:
            (folder / f"{number}{name}.jpg").write_bytes(jpeg(index))
    (folder / "330102199001011234王某某.jpg").write_bytes(jpeg(999))  # not on this roster
    (folder / "报名须知.docx").write_bytes(b"PK\x03\x04 not a photo")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--keep", type=Path, help="use (and keep) this folder for the workspace")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication
    from sqlalchemy import delete, select

    from skilldesk.app import choose_cjk_font
    from skilldesk.core.models import Attachment, Candidate
    from skilldesk.services.demo import fill_demo_workspace
    from skilldesk.services.photo_fixes import make_compliant_copies, plan_renames
    from skilldesk.services.photo_store import import_photos, list_plan_photos
    from skilldesk.services.plans import list_plans
    from skilldesk.services.workspace import open_workspace
    from skilldesk.ui.context import AppContext
    from skilldesk.ui.main_window import MainWindow
    from skilldesk.ui.pages.photos_page import PhotosPage
    from skilldesk.ui.widgets.photo_dialogs import CopyReportDialog, RenameDialog

    app = QApplication(sys.argv[:1])
    app.setApplicationName("SkillDesk")
    print(f"font: {choose_cjk_font(app)}")
    base = args.keep or Path(tempfile.mkdtemp(prefix="skilldesk-photo-shots-"))
    workspace = open_workspace(base / "SkillDesk")
    if not list_plans(workspace.store):
        fill_demo_workspace(workspace)
    plan = list_plans(workspace.store)[0]
    # As before this batch: the plan's candidates have no photos yet.
    with workspace.store.transaction() as session:
        ids = select(Candidate.id).where(Candidate.plan_id == plan.id)
        session.execute(delete(Attachment).where(Attachment.candidate_id.in_(ids)))
    folder = base / "电工照片"
    if not folder.exists():
        write_demo_folder(folder, list_plan_photos(workspace.store, plan.id))

    ctx = AppContext.create(workspace)
    window = MainWindow(ctx)
    at_laptop_size(window)
    window.show()
    window.nav.setCurrentRow(window.page_titles().index("照片"))
    page = window.pages.currentWidget()
    assert isinstance(page, PhotosPage)
    args.out.mkdir(parents=True, exist_ok=True)

    def shot(name: str, widget: Any = window) -> None:
        path = args.out / name
        widget.grab().save(str(path))
        print(f"wrote {path}")

    wait_for(app, lambda: page.plan_rows is not None)
    settle(app, 0.3)
    shot("photos-empty.png")

    page.check_source(folder)
    wait_for(app, lambda: page.model.check is not None and not page.busy)
    wait_for(app, lambda: page.loader.idle)
    files = page.model.check.files
    row = page.model.view_row_of(
        next(
            p.name for p in files if p.candidate and any(f.severity == "error" for f in p.findings)
        )
    )
    page.grid.setCurrentIndex(page.model.index(row or 0))
    settle(app)
    shot("photos.png")

    page.set_filter("errors")
    wait_for(app, lambda: page.loader.idle)
    settle(app)
    shot("photos-errors.png")
    page.set_filter("all")

    rename_plan = plan_renames(page.model.check, page.roster() or [])
    dialog = RenameDialog(rename_plan, is_zip=False, parent=window)
    dialog.show()
    settle(app, 0.3)
    shot("photos-rename.png", dialog)
    dialog.close()

    report = make_compliant_copies(
        page.model.check, base / "合规副本", renames=rename_plan.proposals
    )
    copies = CopyReportDialog(report, window)
    copies.show()
    settle(app, 0.3)
    shot("photos-copies.png", copies)
    copies.close()

    # After 导入到计划: imported photos carry a green tick, the summary and the list follow.
    import_photos(workspace.store, workspace.photos_dir, page.model.check, plan.id)
    page.load_plan_rows()
    wait_for(app, lambda: "已导入照片 0 张" not in page.plan_summary.text())
    page.grid.setCurrentIndex(page.model.index(0))
    wait_for(app, lambda: page.loader.idle)
    settle(app)
    shot("photos-imported.png")

    ctx.shutdown()
    workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
