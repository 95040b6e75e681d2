"""Roster check and import speed, as whole processes, against a bare openpyxl read-only pass.

    .venv/bin/python -m bench.bench_roster [ROWS]

Targets (issue 2): `roster check --json` ≤ 0.5× the bare openpyxl read; import < 2 s more than
the check.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import PYTHON, report, time_process
from bench.make_roster import write_roster

BARE_OPENPYXL = (
    "import sys, openpyxl\n"
    "book = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
    "for row in book.worksheets[0].iter_rows(values_only=True):\n"
    "    pass\n"
)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        roster = write_roster(Path(tmp) / f"roster-{rows}.xlsx", rows)
        skilldesk = [PYTHON, "-m", "skilldesk"]
        baseline = time_process([PYTHON, "-c", BARE_OPENPYXL, str(roster)])
        print(
            f"roster of {rows} rows × 15 columns, {roster.stat().st_size // 1024} KB; medians of 5 runs"
        )
        report("bare openpyxl read-only pass (baseline)", baseline, baseline)
        check = time_process([*skilldesk, "roster", "check", "--json", str(roster)])
        report("skilldesk roster check --json", check, baseline, limit=0.5)

        imports = []
        for attempt in range(3):
            data_dir = Path(tmp) / f"ws{attempt}"
            subprocess.run(
                [
                    *skilldesk,
                    "--data-dir",
                    str(data_dir),
                    "plan",
                    "create",
                    "--occupation",
                    "电工",
                    "--level",
                    "4",
                ],
                check=True,
                capture_output=True,
            )
            imports.append(
                time_process(
                    [
                        *skilldesk,
                        "--data-dir",
                        str(data_dir),
                        "roster",
                        "import",
                        str(roster),
                        "--plan",
                        "1",
                    ],
                    repeat=1,
                )
            )
        imports.sort()
        report("skilldesk roster import (new plan)", imports[1], baseline)
        print(
            f"{'import minus check':<44} {imports[1] - check:7.3f} s   target < 2 s: {'ok' if imports[1] - check < 2 else 'OVER'}"
        )


if __name__ == "__main__":
    main()
