"""Start to a shown main window, against a bare PySide6 window, both as whole processes.

    .venv/bin/python -m bench.bench_startup

Target (issue 2): under 1.5 s on the demo workspace.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
# Both children print the wall clock once the event loop runs with the window shown, then quit.
QUIT_WHEN_SHOWN = (
    "import time\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication\n"
    "_exec = QApplication.exec\n"
    "def _exec_then_quit(*args):\n"
    "    QTimer.singleShot(0, lambda: (print(time.time(), flush=True), QApplication.instance().quit()))\n"
    "    return _exec()\n"
    "QApplication.exec = _exec_then_quit\n"
)
BARE_WINDOW = QUIT_WHEN_SHOWN + (
    "from PySide6.QtWidgets import QMainWindow, QTableView\n"
    "app = QApplication([])\n"
    "window = QMainWindow()\n"
    "window.setCentralWidget(QTableView())\n"
    "window.show()\n"
    "app.exec()\n"
)
SKILLDESK_WINDOW = QUIT_WHEN_SHOWN + (
    "import sys\n"
    "from pathlib import Path\n"
    "from skilldesk.app import run_gui\n"
    "run_gui(Path(sys.argv[1]))\n"
)


def time_to_shown(code: str, *args: str, repeat: int = 5) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    times = []
    for _ in range(repeat):
        start = time.time()
        out = subprocess.run(
            [PYTHON, "-c", code, *args], capture_output=True, text=True, env=env, check=True
        )
        times.append(float(out.stdout.split()[-1]) - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "demo"
        subprocess.run(
            [PYTHON, "-m", "skilldesk", "--data-dir", str(workspace), "demo"],
            check=True,
            capture_output=True,
        )
        baseline = time_to_shown(BARE_WINDOW)
        skilldesk = time_to_shown(SKILLDESK_WINDOW, str(workspace))
    print("start to shown window, medians of 5 runs (QT_QPA_PLATFORM=offscreen unless set)")
    print(f"{'bare PySide6 window (baseline)':<40} {baseline:6.3f} s   1.00× baseline")
    verdict = "ok" if skilldesk < 1.5 else "OVER the 1.5 s target"
    print(
        f"{'skilldesk gui on the demo workspace':<40} {skilldesk:6.3f} s   {skilldesk / baseline:4.2f}× baseline  {verdict}"
    )


if __name__ == "__main__":
    main()
