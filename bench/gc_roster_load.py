"""Does pausing the garbage collector while a 50,000-row roster loads pay for itself?

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.gc_roster_load [ROUNDS] [CANDIDATES]

The roster page loads a plan's table on a worker thread (`load_roster_table`) while the UI
thread keeps its event loop running, then hands the table to the Qt model on the UI thread.
This runs that path ROUNDS times with the collector as usual (A) and ROUNDS times with the
pause the page used (B: disable for the load, then collect the young generation, freeze the
survivors, enable), interleaved A B A B … so that drift in the machine's load hits both alike.
Per run it records:

- load: wall time of the worker's load;
- worst UI stall: the longest gap between ticks of a 10 ms QTimer on the UI thread during the
  load (the UI thread needs the GIL for each tick; a full collection holds it throughout);
- to model: `RosterTableModel.set_table` on the UI thread;
- later full pass: one `gc.collect()` after the table is shown, what any later automatic full
  collection costs the UI thread while the table is alive.

The previous plan's table stays in the model during each load, as on the page. Every run
starts from the same heap: frozen objects are unfrozen and a full collection is made first.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TICK_MS = 10


@contextmanager
def paused_collector() -> Iterator[None]:
    """The pause under test: the same steps as the page's former `bulk_allocation`."""
    gc.disable()
    try:
        yield
    finally:
        gc.collect(0)
        gc.freeze()
        gc.enable()


@dataclass
class Figures:
    load: list[float] = field(default_factory=list)
    stall: list[float] = field(default_factory=list)
    to_model: list[float] = field(default_factory=list)
    later_full_pass: list[float] = field(default_factory=list)


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def run_once(
    app: Any, model: Any, load: Callable[[], Any], pause: Callable[[], AbstractContextManager[Any]]
) -> tuple[float, float, float, float]:
    """One load on a worker thread with the UI thread ticking; returns the four figures (s)."""
    from PySide6.QtCore import QEventLoop, QTimer

    gc.unfreeze()
    gc.collect()
    result: dict[str, Any] = {}

    def work() -> None:
        start = time.perf_counter()
        with pause():
            result["table"] = load()
        result["load"] = time.perf_counter() - start

    loop = QEventLoop()
    ticks: list[float] = []
    worker = threading.Thread(target=work)

    def tick() -> None:
        ticks.append(time.perf_counter())
        if not worker.is_alive():
            loop.quit()

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()
    ticks.append(time.perf_counter())
    worker.start()
    loop.exec()
    timer.stop()
    worker.join()
    stall = max(later - earlier for earlier, later in zip(ticks, ticks[1:], strict=False))

    start = time.perf_counter()
    model.set_table(result["table"])
    to_model = time.perf_counter() - start
    app.processEvents()
    start = time.perf_counter()
    gc.collect()
    later_full_pass = time.perf_counter() - start
    return result["load"], stall, to_model, later_full_pass


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from skilldesk.core.bulk import bulk_insert
    from skilldesk.core.models import Candidate, new_uuid, utc_now
    from skilldesk.services.plans import create_plan
    from skilldesk.services.roster import load_roster_table
    from skilldesk.services.sample_data import make_candidates
    from skilldesk.services.workspace import open_workspace
    from skilldesk.ui.models.roster_model import RosterTableModel

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    app = QApplication.instance() or QApplication([])
    print(f"load average before: {load_average()}  (Python {sys.version.split()[0]})")
    variants: dict[str, Callable[[], AbstractContextManager[Any]]] = {
        "A collector as usual": nullcontext,
        "B paused for the load": paused_collector,
    }
    figures = {name: Figures() for name in variants}
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
        del rows

        def load() -> Any:
            return load_roster_table(workspace.store, plan.id)

        model = RosterTableModel()
        model.set_table(load())  # the plan shown before, alive during every load
        for _ in range(rounds):
            for name, pause in variants.items():
                load_s, stall, to_model, later = run_once(app, model, load, pause)
                figures[name].load.append(load_s)
                figures[name].stall.append(stall)
                figures[name].to_model.append(to_model)
                figures[name].later_full_pass.append(later)
        model.set_table(None)
        workspace.close()
    gc.unfreeze()

    print(f"load average after:  {load_average()}")
    print(f"{count} candidates, {rounds} rounds interleaved; medians (max) in ms")
    header = (
        f"{'variant':<24}{'load':>16}{'worst UI stall':>18}{'to model':>16}{'later full pass':>18}"
    )
    print(header)
    for name, got in figures.items():
        cells = [
            f"{statistics.median(values) * 1000:7.0f} ({max(values) * 1000:5.0f})"
            for values in (got.load, got.stall, got.to_model, got.later_full_pass)
        ]
        print(f"{name:<24}{cells[0]:>16}{cells[1]:>18}{cells[2]:>16}{cells[3]:>18}")


if __name__ == "__main__":
    main()
