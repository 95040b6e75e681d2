"""The domain core stays pure: no module of skilldesk/core touches interpreter-wide state."""

from __future__ import annotations

import ast
from pathlib import Path

import skilldesk.core

CORE = Path(skilldesk.core.__file__).parent
# The garbage collector is one per process: a rule pausing it from a worker thread races with
# whatever the window does with it on another (issue 8). Its place, if any, is at the edge.
PROCESS_WIDE_MODULES = {"gc"}


def _imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_core_module_imports_the_garbage_collector() -> None:
    modules = sorted(CORE.rglob("*.py"))
    offenders = {
        str(path.relative_to(CORE)): sorted(found)
        for path in modules
        if (found := _imported_modules(path.read_text(encoding="utf-8")) & PROCESS_WIDE_MODULES)
    }
    assert len(modules) > 30, "the walk should reach every core module"
    assert offenders == {}
