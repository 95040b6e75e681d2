"""Timing helpers for benchmarks: whole-process runs, medians, ratios against a baseline."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

PYTHON = sys.executable


def time_process(
    command: Sequence[str], *, repeat: int = 5, env: dict[str, str] | None = None
) -> float:
    """Median wall time of a whole process (start-up included), in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            command,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_call(action: Callable[[], object], *, repeat: int = 3) -> float:
    """Median wall time of calling `action()` in this process, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name: str, value: float, baseline: float, limit: float | None = None) -> None:
    ratio = value / baseline
    verdict = "" if limit is None else ("  ok" if ratio <= limit else f"  OVER the {limit}× target")
    print(f"{name:<44} {value:7.3f} s   {ratio:5.2f}× baseline{verdict}")
