"""The home page's background load (every plan's deadlines) against a bare sqlite3 read.

    .venv/bin/python -m bench.bench_home [PLANS]

Builds a workspace with the demo institution and PLANS plans (default 200) that each have a
full timeline and two sessions, then times `load_home` (what runs after every change the
window announces) against reading the same plan and session rows with sqlite3 alone. The
holiday-calendar cache is cleared before each run, so each run pays for its own lookups.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import tempfile
from pathlib import Path

from bench.common import time_call

TODAY = dt.date(2026, 9, 14)


def main() -> None:
    import skilldesk.services.demo as demo
    from skilldesk.core import workdays
    from skilldesk.services.home_agenda import load_home_agenda as load_home
    from skilldesk.services.plan_exchange import apply_plan_data, plan_data_for
    from skilldesk.services.plans import create_plan, list_plans
    from skilldesk.services.workspace import open_workspace

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    demo.make_portrait_jpeg = lambda seed, **_: b"\xff\xd8\xff\xd9" + str(seed).encode()
    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Path(tmp))
        demo.fill_demo_workspace(workspace, today=TODAY)
        template = plan_data_for(workspace.store, list_plans(workspace.store)[0].id)
        for number in range(count - 2):
            plan = create_plan(workspace.store, "电工", 5 - number % 3)
            apply_plan_data(workspace.store, plan.id, template)
        database = workspace.store.db_path

        def bare() -> None:
            with sqlite3.connect(database) as connection:
                connection.execute("SELECT * FROM plan").fetchall()
                connection.execute("SELECT * FROM exam_session").fetchall()
            connection.close()

        def home() -> None:
            workdays._calendar_workday.cache_clear()
            load_home(workspace.store, TODAY)

        baseline = time_call(bare, repeat=5)
        value = time_call(home, repeat=5)
        rows = len(load_home(workspace.store, TODAY).rows)
        workspace.close()
    print(f"plans: {count}, deadline rows: {rows}")
    print(f"{'bare sqlite3 read of plans and sessions':<44} {baseline:7.3f} s")
    print(
        f"{'load_home (every plan checked for deadlines)':<44} {value:7.3f} s   "
        f"{value / baseline:6.1f}× baseline"
    )


if __name__ == "__main__":
    main()
