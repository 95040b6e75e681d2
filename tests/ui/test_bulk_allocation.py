"""The collector pause around a roster load: one place, safe when two loads overlap."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from skilldesk.ui.workers import bulk_allocation


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def test_overlapping_loads_on_two_threads_keep_the_collector_paused_until_both_end() -> None:
    first_inside, first_may_leave = threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first_load() -> None:
        with bulk_allocation():
            first_inside.set()
            first_may_leave.wait(10)
        seen["after first left"] = gc.isenabled()

    first = threading.Thread(target=first_load)
    first.start()
    assert first_inside.wait(10)
    with bulk_allocation():
        seen["both inside"] = gc.isenabled()
        first_may_leave.set()
        first.join(10)
        assert not first.is_alive()
        seen["second still inside"] = gc.isenabled()
    seen["both left"] = gc.isenabled()

    assert seen == {
        "both inside": False,
        "after first left": False,
        "second still inside": False,
        "both left": True,
    }


def test_the_collector_runs_again_even_when_the_load_fails() -> None:
    with pytest.raises(LookupError), bulk_allocation():
        raise LookupError("找不到评价计划 7。")
    assert gc.isenabled()
