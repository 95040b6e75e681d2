"""Everything but the window must never load Qt (STYLE.md §1): core, files, services, CLI."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.slow
def test_importing_every_module_outside_the_ui_loads_no_pyside() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import skilldesk\n"
        "names = [m.name for m in pkgutil.walk_packages(skilldesk.__path__, 'skilldesk.')\n"
        "         if not m.name.startswith(('skilldesk.ui', 'skilldesk.app', 'skilldesk.core.migrations'))]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(len(names), sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, loaded = out.stdout.split(" ", 1)
    assert int(count) > 40, "the walk should reach every module"
    assert loaded.strip() == "[]"
