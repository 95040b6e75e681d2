"""The core, file readers, services and CLI must never load Qt (STYLE.md §1)."""

from __future__ import annotations

import subprocess
import sys


def test_importing_everything_but_the_ui_loads_no_pyside() -> None:
    code = (
        "import sys\n"
        "import skilldesk.core.models, skilldesk.core.store, skilldesk.core.rules.roster\n"
        "import skilldesk.files.roster_reader, skilldesk.files.roster_report, skilldesk.files.roster_export\n"
        "import skilldesk.services.roster, skilldesk.services.plans, skilldesk.services.demo\n"
        "import skilldesk.cli\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
