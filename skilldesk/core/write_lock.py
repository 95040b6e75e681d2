"""The workspace's write lock: the window and every command-line process take turns to write.

SQLite would serialise the transactions itself, but a second writer would then fail half-way
with "database is locked" or, worse, decide on data read before the first one committed. One
lock file per workspace, held for the length of a unit of work, makes writers wait their turn
and lets the one that waits too long say who is writing, in Chinese, before it changes anything.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from skilldesk.core.errors import UserFacingError

LOCK_NAME = "write.lock"
HOLDER_NAME = "write.lock.holder"
DEFAULT_WAIT_SECONDS = 10.0

_identity = {"who": "SkillDesk"}


class WorkspaceBusy(UserFacingError):
    """Another program held the workspace's write lock for longer than we would wait."""


def set_writer_identity(who: str) -> None:
    """Name this process in the holder note, e.g. "SkillDesk 窗口" or "命令行 roster import"."""
    _identity["who"] = who


def writer_identity() -> str:
    return _identity["who"]


def wait_seconds() -> float:
    """How long a writer waits for its turn (SKILLDESK_WRITE_WAIT overrides, for tests)."""
    try:
        return float(os.environ.get("SKILLDESK_WRITE_WAIT", DEFAULT_WAIT_SECONDS))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


class WriteLock:
    """One per open store. Re-entrant in a thread; separate threads and processes take turns."""

    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir
        # thread_local=False: the lock is one per process and re-entrant, and threads of one
        # process serialise on the mutex below before they touch the file lock.
        self._file_lock = FileLock(str(data_dir / LOCK_NAME), thread_local=False)
        self._mutex = threading.RLock()

    @contextmanager
    def held(self, timeout: float | None = None) -> Iterator[None]:
        wait = wait_seconds() if timeout is None else timeout
        if not self._mutex.acquire(timeout=max(wait, 0.0)):
            raise WorkspaceBusy("本窗口的另一项操作正在写入数据，请等它完成后再试。数据未改动。")
        try:
            outermost = not self._file_lock.is_locked
            try:
                self._file_lock.acquire(timeout=wait)
            except Timeout:
                raise WorkspaceBusy(self._busy_message()) from None
            except OSError as exc:
                raise WorkspaceBusy(
                    f"无法在数据目录 {self._data_dir} 中写入（{exc.strerror or exc}）："
                    "请检查该文件夹是否只读或磁盘已满。数据未改动。"
                ) from exc
            try:
                if outermost:
                    self._write_holder()
                yield
            finally:
                self._file_lock.release()
        finally:
            self._mutex.release()

    def _write_holder(self) -> None:
        note = {
            "who": _identity["who"],
            "pid": os.getpid(),
            "since": dt.datetime.now().isoformat(timespec="seconds"),
        }
        try:
            (self._data_dir / HOLDER_NAME).write_text(json.dumps(note, ensure_ascii=False), "utf-8")
        except OSError:
            pass  # the note only helps a waiting writer explain itself

    def holder(self) -> dict[str, object] | None:
        try:
            data = json.loads((self._data_dir / HOLDER_NAME).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _busy_message(self) -> str:
        holder = self.holder()
        if holder:
            since = str(holder.get("since", ""))[11:16]
            pid = holder.get("pid")
            who = str(holder.get("who", "另一个 SkillDesk 程序"))
            who += f"（进程 {pid}" if pid else "（进程号不详"
            who += f"，{since} 开始）" if since else "）"
        else:
            who = "另一个 SkillDesk 程序"
        return (
            f"{who}正在写入这份数据，已等候 {wait_seconds():g} 秒仍未完成。"
            "请等它完成后再试。数据未改动。"
        )
