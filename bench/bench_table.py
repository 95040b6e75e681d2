"""The roster page's data path at 50,000 candidates, against a bare sqlite3 read of the rows.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_table [CANDIDATES]

Measures, in one process: loading a plan's table from the store with its findings
(`load_roster_table`), handing it to the Qt model, a search over it, and painting one screen
of the table (every visible cell's data() calls).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

from bench.common import time_call

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtWidgets import QApplication, QTableView

    from skilldesk.core.bulk import bulk_insert
    from skilldesk.core.models import Candidate, new_uuid, utc_now
    from skilldesk.services.plans import create_plan
    from skilldesk.services.roster import load_roster_table
    from skilldesk.services.sample_data import make_candidates
    from skilldesk.services.workspace import open_workspace
    from skilldesk.ui.models.roster_model import RosterTableModel

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Path(tmp))
        plan = create_plan(workspace.store, "电工", 4)
        now = utc_now()
        rows = [
            {**p, "birth_date": p["birth_date"].isoformat(), "plan_id": plan.id, "uuid": new_uuid(),
             "version": 1, "created_at": now, "updated_at": now, "error_count": 0, "warning_count": 0}
            for p in make_candidates(count, seed=5)
        ]  # fmt: skip
        with workspace.store.transaction() as session:
            bulk_insert(session, Candidate.__table__, rows)

        def bare_read() -> None:
            with sqlite3.connect(workspace.store.db_path) as conn:
                conn.execute("SELECT * FROM candidate WHERE plan_id = ?", (plan.id,)).fetchall()

        baseline = time_call(bare_read, repeat=3)
        table = load_roster_table(workspace.store, plan.id)
        load = time_call(lambda: load_roster_table(workspace.store, plan.id), repeat=3)
        model = RosterTableModel()
        to_model = time_call(lambda: model.set_table(table), repeat=3)
        search = time_call(lambda: (model.set_filter("3308"), model.set_filter("")), repeat=3)
        view = QTableView()
        view.setModel(model)
        view.resize(1280, 800)
        view.show()
        app.processEvents()
        paint = time_call(lambda: view.viewport().grab(), repeat=3)
        workspace.close()

    print(f"{count} candidates; medians of 3 runs")
    for name, value in (
        ("bare sqlite3 SELECT of the rows (baseline)", baseline),
        ("load_roster_table (rows + findings)", load),
        ("hand the table to the Qt model", to_model),
        ("search '3308' then clear", search),
        ("paint one screen of the table", paint),
    ):
        print(f"{name:<44} {value * 1000:8.1f} ms   {value / baseline:5.2f}× baseline")


if __name__ == "__main__":
    main()
