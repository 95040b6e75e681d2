"""Check reports saved as workbooks: the roster with its offending cells highlighted, and the
photo list with every file's findings. The CLI and the window write them through here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skilldesk.services.photos import PhotoCheck
    from skilldesk.services.roster_check import RosterFileCheck


def write_roster_report(check: RosterFileCheck, out_path: Path) -> None:
    """A copy of the checked sheet with each finding's cell filled and commented, the values the
    check derived (e.g. 性别 from the ID number) marked, and a 检查结果 list; saved atomically."""
    from skilldesk.files.roster_report import write_check_report

    write_check_report(check.sheet, check.findings, check.check.derived, out_path)


def write_photo_report(check: PhotoCheck, out_path: Path) -> None:
    """One row per finding (a file without any gets one row marked 通过); saved atomically."""
    from skilldesk.files import photo_report

    photo_report.write_photo_report(check, out_path)
