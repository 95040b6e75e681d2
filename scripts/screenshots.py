"""Take the user guide's screenshots of the window, offscreen, on a demo workspace.

    .venv/bin/python scripts/screenshots.py [--data-dir DIR] [--out docs/screenshots]

Without --data-dir a fresh temporary workspace is filled with the demo institution; before
that, its 首页 is taken empty, listing the groundwork a new institution starts with.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from shot_helpers import ROOT, at_laptop_size, settle, wait_for  # noqa: E402  (sets offscreen Qt first)


def shoot_empty_home(app: Any, workspace: Any, shot: Path) -> None:
    from skilldesk.ui.context import AppContext
    from skilldesk.ui.main_window import MainWindow

    ctx = AppContext.create(workspace)
    window = MainWindow(ctx)
    at_laptop_size(window)
    window.show()
    wait_for(app, lambda: window.home_page.data is not None)
    settle(app)
    window.grab().save(str(shot))
    print(f"wrote {shot}")
    window.close()
    ctx.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from skilldesk.app import choose_cjk_font
    from skilldesk.services.demo import fill_demo_workspace
    from skilldesk.services.plans import list_plans
    from skilldesk.services.workspace import open_workspace
    from skilldesk.ui.context import AppContext
    from skilldesk.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    app.setApplicationName("SkillDesk")
    family = choose_cjk_font(app)
    print(f"font: {family}")

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="skilldesk-shots-")) / "SkillDesk"
    workspace = open_workspace(data_dir)
    args.out.mkdir(parents=True, exist_ok=True)
    if not list_plans(workspace.store):
        if args.data_dir is None:
            shoot_empty_home(app, workspace, args.out / "home-empty.png")
        fill_demo_workspace(workspace)
    ctx = AppContext.create(workspace)
    window = MainWindow(ctx)
    at_laptop_size(window)
    window.show()
    window.activateWindow()
    window.nav.setCurrentRow(window.page_titles().index("考生名册"))
    page = window.roster_page
    wait_for(app, lambda: page.model.candidate_count > 0 and page.table.isVisible())

    shot = args.out / "roster.png"
    window.grab().save(str(shot))
    print(f"wrote {shot}")

    # A finding chosen in the list: its cell selected in the table.
    view = page.findings_view
    view.setFocus()
    view.setCurrentIndex(page.findings_model.index(min(2, page.findings_model.rowCount() - 1), 0))
    app.processEvents()
    shot = args.out / "roster-finding.png"
    window.grab().save(str(shot))
    print(f"wrote {shot}")

    ctx.shutdown()
    workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
