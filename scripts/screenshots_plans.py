"""Take the user guide's screenshots of the 首页 and 评价计划 pages, offscreen, on a demo workspace.

    .venv/bin/python scripts/screenshots_plans.py [--out docs/screenshots] [--keep DIR]

The demo institution is created as if today were TODAY (mid-September 2026), so the first
plan's timeline runs across National Day 2026 with its make-up workdays, and the pages are
shown as of that day. Two dates are then moved through the services, as a user would: the first
plan's pre-evaluation notice is cut short by the holiday, and the second plan's registration is
brought so far forward that pushing the plan to the center is overdue.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path
from typing import Any

from shot_helpers import ROOT, at_laptop_size, settle, wait_for  # noqa: E402  (sets offscreen Qt first)

TODAY = dt.date(2026, 9, 14)


def prepare(data_dir: Path) -> Any:
    """The demo workspace as of TODAY, with the first plan's notice ending too early."""
    from skilldesk.services.demo import fill_demo_workspace
    from skilldesk.services.plans import get_plan, list_plans, set_plan_timeline
    from skilldesk.services.workspace import open_workspace

    workspace = open_workspace(data_dir)
    if not list_plans(workspace.store):
        fill_demo_workspace(workspace, today=TODAY)
    first, second = list_plans(workspace.store)[:2]
    notice_start = get_plan(workspace.store, first.id).timeline["pre_notice_start"]
    assert isinstance(notice_start, dt.datetime)
    end = dt.datetime.combine(notice_start.date() + dt.timedelta(days=4), dt.time(23, 59, 59))
    set_plan_timeline(workspace.store, first.id, {"pre_notice_end": end})
    # Registration brought forward after the fact: pushing the plan is now overdue (red).
    opens = dt.datetime.combine(TODAY + dt.timedelta(days=8), dt.time(0, 0))
    set_plan_timeline(workspace.store, second.id, {"registration_start": opens})
    return workspace


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--keep", type=Path, help="make the workspace here and keep it")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from skilldesk.app import choose_cjk_font
    from skilldesk.ui.context import AppContext
    from skilldesk.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    app.setApplicationName("SkillDesk")
    print(f"font: {choose_cjk_font(app)}")
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="skilldesk-plans-")) / "SkillDesk"
    workspace = prepare(data_dir)
    ctx = AppContext.create(workspace)
    window = MainWindow(ctx)
    at_laptop_size(window)
    home, plans = window.home_page, window.plan_page
    home.today = plans.today = lambda: TODAY
    window.show()
    window.activateWindow()
    args.out.mkdir(parents=True, exist_ok=True)

    home.data = None
    home.reload()
    wait_for(app, lambda: home.data is not None and home.data.today == TODAY)
    settle(app)
    shot = args.out / "home.png"
    window.grab().save(str(shot))
    print(f"wrote {shot}")

    first = home.data.plans[0].id
    ctx.open_plan(first, "pre_notice_end")  # as a double click on the home page does
    wait_for(
        app,
        lambda: (
            plans.isVisible()
            and plans.state is not None
            and plans.state.details.id == first
            and plans.state.check.today == TODAY
        ),
    )
    settle(app)
    shot = args.out / "plan.png"
    window.grab().save(str(shot))
    print(f"wrote {shot}")

    ctx.shutdown()
    workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
