"""Thumbnails for the photo grid, decoded in the background: requests collected while the view
paints, decoded in small batches (newest first, what is on screen now) through the window's one
background runner, handed back as QImages."""

from __future__ import annotations

from collections import OrderedDict
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from skilldesk.core.progress import CancelToken
    from skilldesk.ui.workers import TaskRunner

GRID_THUMBNAIL = 120  # the box a grid thumbnail fits in (pixels)
THUMBNAIL_BATCH = 24
BATCHES_IN_FLIGHT = 2  # decoding releases the GIL: two batches use two cores
PENDING_KEPT = 300  # older requests were for items scrolled past long ago


def load_thumbnail_batch(
    data_dir: Path,
    source: Path,
    wanted: list[tuple[str | int, str]],
    size: int,
    cancel: CancelToken | None = None,
) -> dict[str, QImage | None]:
    """Background: thumbnails (cached on disk) as QImages, which may be made off the UI thread."""
    from skilldesk.services.photo_store import source_thumbnails

    images: dict[str, QImage | None] = {}
    for sha, image in source_thumbnails(data_dir, source, wanted, size, cancel):
        images[sha] = None if image is None else pil_to_qimage(image)
    return images


def pil_to_qimage(image: Any) -> QImage:
    width, height = image.size
    data = image.tobytes()
    return QImage(data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


class ThumbnailLoader(QObject):
    """Collects thumbnail requests and decodes them in small batches, at most two at a time,
    newest requests first (what is on screen now), through the window's one background runner."""

    loaded = Signal(object)  # dict sha256 → QImage | None

    def __init__(self, tasks: TaskRunner, data_dir: Path, size: int = GRID_THUMBNAIL) -> None:
        super().__init__()
        self._tasks = tasks
        self._data_dir = data_dir
        self._size = size
        self._source: Path | None = None
        self._pending: OrderedDict[str, str | int] = OrderedDict()
        self._running = 0  # batches in flight
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(15)  # let one paint pass queue all its requests first
        self._timer.timeout.connect(self._start_batch)
        self.batches = 0

    def set_source(self, source: Path | None) -> None:
        # Always a new generation, even for the same folder: after renaming, the keys differ.
        self._source = source
        self._pending.clear()
        self._generation += 1

    def request(self, key: str | int, sha: str) -> None:
        self._pending[sha] = key
        self._pending.move_to_end(sha)
        while len(self._pending) > PENDING_KEPT:
            self._pending.popitem(last=False)
        if self._running < BATCHES_IN_FLIGHT and not self._timer.isActive():
            self._timer.start()

    @property
    def idle(self) -> bool:
        return not self._running and not self._pending

    def _start_batch(self) -> None:
        while self._running < BATCHES_IN_FLIGHT and self._pending and self._source is not None:
            if not self._start_one():
                return

    def _start_one(self) -> bool:
        source = self._source
        if source is None:
            return False
        wanted: list[tuple[str | int, str]] = []
        while self._pending and len(wanted) < THUMBNAIL_BATCH:
            sha, key = self._pending.popitem(last=True)
            wanted.append((key, sha))
        generation = self._generation
        try:
            self._tasks.run(
                partial(load_thumbnail_batch, self._data_dir, source, wanted, self._size),
                lambda images: self._batch_done(generation, images),
                # Whatever failed shows as unreadable rather than being asked for again and again.
                on_failure=lambda _exc: self._batch_done(
                    generation, dict.fromkeys(sha for _key, sha in wanted)
                ),
            )
        except RuntimeError:  # the window is closing: its runner takes no more work
            self._pending.clear()
            return False
        self._running += 1
        self.batches += 1
        return True

    def _batch_done(self, generation: int, images: dict[str, QImage | None]) -> None:
        self._running -= 1
        if generation == self._generation:
            self.loaded.emit(images)
        if self._pending and not self._timer.isActive():
            self._timer.start()
