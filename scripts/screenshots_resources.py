"""Take the user guide's screenshots of the institution, sites, examiners and scheme pages,
offscreen, on a demo workspace.

    .venv/bin/python scripts/screenshots_resources.py [--data-dir DIR] [--out docs/screenshots]

Without --data-dir a fresh temporary workspace is filled with the demo institution.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from shot_helpers import ROOT, at_laptop_size, settle, wait_for  # noqa: E402  (sets offscreen Qt first)


def show_page(app: Any, window: Any, title: str) -> Any:
    window.nav.setCurrentRow(window.page_titles().index(title))
    page = window.pages.currentWidget()
    settle(app)
    return page


def submit_the_draft_site(app: Any, page: Any) -> None:
    """The demo's draft site, submitted: locked, waiting to be filed on the platform."""
    draft = next(i for i, s in enumerate(page.sites) if s.status == "draft")
    page.list.setCurrentRow(draft)
    wait_for(app, lambda: page.form.site is not None and page.form.site.status == "draft")
    page.submit_button.click()
    wait_for(app, lambda: page.form.site is not None and page.form.site.status == "submitted")
    wait_for(app, lambda: not page.busy and page.list.current_id() == page.form.site.id)


def draft_with_a_finding(app: Any, page: Any) -> None:
    """Next year's scheme, drafted with too many self-made questions, then checked."""
    import datetime as dt

    from PySide6.QtWidgets import QTableWidgetItem

    year = dt.date.today().year + 1
    page.year.setCurrentIndex(page.year.findData(-year))
    page.year.activated.emit(page.year.currentIndex())
    page.create_button.click()
    wait_for(app, lambda: page.scheme is not None and page.scheme.fields.year == year)
    form = page.form
    for occupation, levels in (("电工", "5、4、3"), ("焊工", "5、4、3、2")):
        form.add_item()
        row = form.items.rowCount() - 1
        for column, text in enumerate((occupation, "", levels, f"{year}-03-01", f"{year}-11-30")):
            form.items.setItem(row, column, QTableWidgetItem(text))
    form.conditions.setPlainText("以国家职业技能标准规定的申报条件为依据。")
    form.question_sources.setPlainText("以自行命题为主，辅以省题库试题。")
    form.share.setValue(80)
    form.staff.setText("周老师、陈老师")
    done: list[bool] = []
    page.checked.connect(lambda: done.append(True))
    page.check_button.click()
    wait_for(app, lambda: bool(done))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from skilldesk.app import choose_cjk_font
    from skilldesk.services.demo import fill_demo_workspace
    from skilldesk.services.institution import get_institution
    from skilldesk.services.workspace import open_workspace
    from skilldesk.ui.context import AppContext
    from skilldesk.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    app.setApplicationName("SkillDesk")
    print(f"font: {choose_cjk_font(app)}")

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="skilldesk-shots-")) / "SkillDesk"
    workspace = open_workspace(data_dir)
    if get_institution(workspace.store) is None:
        fill_demo_workspace(workspace)
    ctx = AppContext.create(workspace)
    window = MainWindow(ctx)
    at_laptop_size(window)
    window.show()
    window.activateWindow()
    args.out.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> None:
        settle(app, 0.3)
        shot = args.out / name
        window.grab().save(str(shot))
        print(f"wrote {shot}")

    page = show_page(app, window, "机构信息")
    wait_for(app, lambda: page.profile is not None and page.scope.table.rowCount() > 0)
    shoot("institution.png")

    page = show_page(app, window, "考点与考场")
    wait_for(app, lambda: page.rooms.table.rowCount() > 0)
    shoot("sites.png")
    # The filing the center sent back: its reason, and no new rooms until it is approved.
    rejected = next(i for i, s in enumerate(page.sites) if s.status == "不通过")
    page.list.setCurrentRow(rejected)
    shoot("sites-rejected.png")
    if args.data_dir is None:  # the draft is submitted only in a throwaway workspace
        submit_the_draft_site(app, page)
        shoot("sites-submitted.png")

    page = show_page(app, window, "考评员")
    wait_for(app, lambda: page.table.rowCount() > 0)
    page.filter.setCurrentIndex(page.filter.findData("电工"))
    shoot("examiners.png")

    page = show_page(app, window, "年度实施方案")
    wait_for(app, lambda: page.scheme is not None)
    shoot("scheme.png")
    if args.data_dir is None:  # next year's draft is added only to a throwaway workspace
        draft_with_a_finding(app, page)
        shoot("scheme-check.png")

    ctx.shutdown()
    workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
