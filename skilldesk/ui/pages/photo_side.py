"""The right side of the photos page: the selected photo beside its roster row (with a larger
preview loaded in the background), and who in the plan still needs a usable photo."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QListView, QScrollArea, QSplitter, QVBoxLayout, QWidget

from skilldesk.ui.context import AppContext
from skilldesk.ui.models.thumbnails import load_thumbnail_batch
from skilldesk.ui.widgets.photo_detail import PREVIEW_SIZE, PhotoDetail
from skilldesk.ui.workers import task_key

if TYPE_CHECKING:
    from skilldesk.services.photo_store import PlanPhoto
    from skilldesk.services.photos import PhotoFile
    from skilldesk.ui.models.photo_model import PhotoGridModel


@dataclass(frozen=True)
class PhotoCounts:
    """A plan's candidates by photo: stored + ready (usable in the batch) + lacking = all."""

    candidates: int
    stored: int
    ready: int
    lacking: int


def photo_counts(rows: Sequence[PlanPhoto], usable: frozenset[str]) -> PhotoCounts:
    stored = sum(1 for r in rows if r.sha256)
    ready = sum(1 for r in rows if not r.sha256 and r.id_number in usable)
    return PhotoCounts(len(rows), stored, ready, len(rows) - stored - ready)


def _list_view(model: QStringListModel) -> QListView:
    view = QListView()
    view.setModel(model)
    view.setUniformItemSizes(True)
    view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
    return view


class PhotoSidePanel(QSplitter):
    """Details on top; below, the plan's summary, who lacks a photo and whose is imported."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self._ctx = ctx
        self._preview_key = task_key(self, "preview")
        self.detail = PhotoDetail()
        self.detail_area = detail_scroll = QScrollArea()
        detail_scroll.setWidget(self.detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._rows: list[PlanPhoto] = []
        self._usable: frozenset[str] = frozenset()
        self._flawed: frozenset[str] = frozenset()
        self.plan_summary = QLabel()
        self.plan_summary.setWordWrap(True)
        self.missing_title = QLabel()
        self.missing_model = QStringListModel(self)
        self.missing_view = _list_view(self.missing_model)
        self.imported_title = QLabel()
        self.imported_model = QStringListModel(self)
        self.imported_view = _list_view(self.imported_model)
        missing_box = QWidget()
        missing_layout = QVBoxLayout(missing_box)
        missing_layout.setContentsMargins(8, 4, 4, 0)
        missing_layout.setSpacing(4)
        missing_layout.addWidget(self.plan_summary)
        missing_layout.addWidget(self.missing_title)
        missing_layout.addWidget(self.missing_view, 2)
        missing_layout.addWidget(self.imported_title)
        missing_layout.addWidget(self.imported_view, 1)
        self.addWidget(detail_scroll)
        self.addWidget(missing_box)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 1)
        self.setSizes([480, 260])
        self.setChildrenCollapsible(False)

    def set_plan(self, rows: Sequence[PlanPhoto]) -> None:
        """The plan's candidates and their stored photos (before any batch is checked, too)."""
        self._rows = list(rows)
        self._refresh()

    def update_missing(
        self, rows: Sequence[PlanPhoto], usable: frozenset[str], flawed: frozenset[str]
    ) -> None:
        """Who still needs a photo: nothing stored in the plan and nothing usable in the batch
        (`usable`, `flawed`: ID numbers with an error-free photo, with only flawed ones)."""
        self._rows, self._usable, self._flawed = list(rows), usable, flawed
        self._refresh()

    def _refresh(self) -> None:
        # Every count here comes from one pass over the plan's candidates, so the summary, the
        # lists and the batch's header (photo_counts) always add up to the plan's number.
        counts = photo_counts(self._rows, self._usable)
        self.plan_summary.setText(
            self.tr("本计划 {n} 名考生，已导入照片 {stored} 张").format(
                n=counts.candidates, stored=counts.stored
            )
            + (
                self.tr("，本批合格待导入 {ready} 人").format(ready=counts.ready)
                if self._usable
                else ""
            )
            + self.tr("，还缺合格照片 {lacking} 人。").format(lacking=counts.lacking)
        )
        lines, imported = [], []
        for r in self._rows:
            if r.sha256:
                imported.append(
                    self.tr("第{row}行  {name}  {file}").format(
                        row=r.row, name=r.name, file=r.filename or ""
                    )
                )
                continue
            if r.id_number in self._usable:
                continue
            why = self.tr("照片有错误") if r.id_number in self._flawed else self.tr("没有照片")
            lines.append(
                self.tr("第{row}行  {name}  {id}  {why}").format(
                    row=r.row, name=r.name, id=r.id_number, why=why
                )
            )
        self.missing_model.setStringList(lines)
        self.missing_title.setText(
            self.tr("还缺合格照片的考生（{n}）：").format(n=len(lines))
            if lines
            else self.tr("每位考生都有合格的照片了。")
        )
        self.imported_model.setStringList(imported)
        self.imported_view.setVisible(bool(imported))
        self.imported_title.setText(
            self.tr("已导入照片的考生（{n}）：").format(n=len(imported))
            if imported
            else self.tr("本计划还没有导入照片。")
        )

    def show_details(self, shown: bool) -> None:
        """The selected photo's details: only while a batch is shown (the lists fill the side
        before that)."""
        self.detail_area.setVisible(shown)

    def show_photo(
        self,
        photo: PhotoFile | None,
        rows: Sequence[PlanPhoto],
        model: PhotoGridModel,
        source: Path | None,
    ) -> None:
        self._ctx.tasks.drop(self._preview_key)  # a preview on its way is for another photo
        if photo is None:
            self.detail.show_photo(None, None, "")
            return
        row = None
        if photo.candidate is not None:
            number = photo.candidate.id_number
            row = next((r for r in rows if r.id_number == number), None)
        if row is None:
            state = self.tr("没有对应到名单，不能导入")
        elif model.is_imported(photo):
            state = self.tr("已导入到本计划")
        elif row.sha256:
            state = self.tr("本计划中这位考生已有另一张照片")
        else:
            state = self.tr("尚未导入")
        self.detail.show_photo(photo, row, state)
        if photo.sha256 is None or source is None:
            return
        self.detail.set_preview(None, loading=True)
        wanted = [(photo.entry.key, photo.sha256)]
        self._ctx.tasks.run(
            partial(
                load_thumbnail_batch, self._ctx.workspace.data_dir, source, wanted, PREVIEW_SIZE
            ),
            self._preview_loaded,
            key=self._preview_key,  # only the photo chosen last is shown
            on_failure=lambda _exc: self.detail.set_preview(None, loading=False),
        )

    def _preview_loaded(self, images: dict[str, QImage | None]) -> None:
        image = next(iter(images.values()), None)
        self.detail.set_preview(None if image is None else QPixmap.fromImage(image), loading=False)
