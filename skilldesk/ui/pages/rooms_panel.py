"""The rooms (考场) of the chosen site on the 考点与考场 page, and the dialog to set one up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core import filing
from skilldesk.services import rooms as room_service
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.stale_copy import offer_reload
from skilldesk.ui.widgets.field_findings import FieldForm
from skilldesk.ui.widgets.filing_widgets import LockedLineEdit, lock_icon, locked_tooltip
from skilldesk.ui.widgets.record_table import make_record_table, selected_row
from skilldesk.ui.workers import describe_error, task_key

if TYPE_CHECKING:
    from skilldesk.core.store import Store
    from skilldesk.services.rooms import RoomInfo
    from skilldesk.services.sites import SiteInfo

# Labels as in services/rooms.py ROOM_KINDS, spelled here so that Qt's translation tools find them.
KINDS = (
    ("theory", QT_TRANSLATE_NOOP("RoomsPanel", "理论考场")),
    ("practical", QT_TRANSLATE_NOOP("RoomsPanel", "实操考场")),
    ("computer", QT_TRANSLATE_NOOP("RoomsPanel", "机房")),
)


def kind_label(kind: str) -> str:
    label = dict(KINDS).get(kind)
    return QCoreApplication.translate("RoomsPanel", str(label)) if label else kind


LOCKED = ("contact_name", "contact_phone", "address")


def save_room(
    store: Store,
    site_id: int,
    room_id: int | None,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> None:
    """Add a room to the site (no id) or change the room, from the dialog's values (a room
    changed since the dialog was filled from it at `expected_version` is refused)."""
    if room_id is None:
        values = dict(values)
        room_service.add_room(store, site_id, values.pop("name"), **values)
    else:
        room_service.update_room(store, room_id, expected_version=expected_version, **values)


class RoomDialog(QDialog):
    """A room: its concrete location, number, seats and kind; the site's details shown locked."""

    def __init__(
        self, site: SiteInfo, room: RoomInfo | None, number: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新增考场") if room is None else self.tr("修改考场"))
        self.form = form = FieldForm()
        self.site_name = LockedLineEdit(self.tr("考场所属的考点，新增时已选定"))
        self.site_name.setText(site.name)
        self.name = QLineEdit(room.name if room else "")
        self.name.setPlaceholderText(self.tr("如：3幢2层201"))
        self.number = QLineEdit(room.number if room else number)
        self.number.setMaxLength(3)
        self.seats = QSpinBox()
        self.seats.setRange(1, 999)
        self.seats.setValue(room.seats if room else 30)
        self.kind = QComboBox()
        for kind, _label in KINDS:
            self.kind.addItem(kind_label(kind), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(room.kind if room else "theory")))
        form.add_field("site", self.tr("考点"), self.site_name)
        form.add_field(
            "name",
            self.tr("考场名称"),
            self.name,
            hint=self.tr("填写考场的具体位置：xxx幢xxx层（可加房间号）"),
            aliases=[self.tr("考场“")],
        )
        hint = self.tr("已按本考点现有考场顺延编号，可修改") if room is None else ""
        form.add_field("number", self.tr("试场编号"), self.number, hint=hint)
        form.add_field("seats", self.tr("座位数"), self.seats)
        form.add_field("kind", self.tr("考场类型"), self.kind, aliases=[self.tr("类型")])
        form.add_heading(self.tr("随考点备案信息（不可修改）"))
        self.locked: dict[str, LockedLineEdit] = {}
        for key, label in zip(
            LOCKED, (self.tr("联系人"), self.tr("联系电话"), self.tr("考场地址")), strict=True
        ):
            edit = LockedLineEdit()
            edit.setText(getattr(site.fields, key) or "")
            self.locked[key] = edit
            form.add_field(key, label, edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def values(self) -> dict[str, Any]:
        """What the user may change; the locked details are never sent."""
        return {
            "name": self.name.text().strip(),
            "number": self.number.text().strip(),
            "seats": self.seats.value(),
            "kind": self.kind.currentData(),
        }

    def try_accept(self) -> None:
        values = self.values()
        self.form.clear_messages()
        if not values["name"]:
            self.form.set_message("name", self.tr("请填写考场的具体位置，例如“3幢2层201”。"))
        number = values["number"]
        if not (number.isdigit() and 0 < int(number) <= 999):
            self.form.set_message("number", self.tr("试场编号应为 001–999 的数字。"))
        if not self.form.problem_keys():
            self.accept()


class RoomsPanel(QGroupBox):
    """The chosen site's rooms. New rooms only under an approved site (seed 000 §二)."""

    status_message = Signal(str)
    changed = Signal()
    loaded = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, source: object | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._source = source if source is not None else self  # who shows the panel's writes
        self.site: SiteInfo | None = None
        self.rooms: list[RoomInfo] = []
        self.setTitle(self.tr("考场"))
        self.add_button = QPushButton(self.tr("新增考场…"))
        self.edit_button = QPushButton(self.tr("修改…"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.why_disabled = QLabel()
        self.why_disabled.setStyleSheet("color: palette(placeholder-text);")
        self.why_disabled.setWordWrap(True)
        top = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            top.addWidget(button)
        top.addWidget(self.why_disabled, 1)
        headers = [
            self.tr("试场编号"),
            self.tr("考场名称（具体位置）"),
            self.tr("类型"),
            self.tr("座位数"),
            self.tr("联系人"),
            self.tr("联系电话"),
            self.tr("考场地址"),
        ]
        self.table = make_record_table(headers, stretch=1)
        self.table.placeholder = self.tr("这个考点还没有考场。")
        for column in range(4, len(headers)):
            item = self.table.horizontalHeaderItem(column)
            if item is not None:
                item.setIcon(lock_icon(12))
                item.setToolTip(locked_tooltip())
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(lambda: self.open_room(None))
        self.edit_button.clicked.connect(self.edit_current)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.delete_button.clicked.connect(self.delete_current)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.show_site(None)

    def show_site(self, site: SiteInfo | None) -> None:
        self.site = site
        self.setTitle(self.tr("考场 — {site}").format(site=site.name) if site else self.tr("考场"))
        self.rooms = []
        self.table.setRowCount(0)
        self._update_buttons()
        if site is not None and site.room_count:
            self.reload()

    def reload(self) -> None:
        if self.site is None:
            return
        self._ctx.tasks.run(
            partial(room_service.list_rooms, self._ctx.workspace.store, site_id=self.site.id),
            self._show_rooms,
            key=task_key(self, "rooms"),  # only the last chosen site's rooms are shown
            parent=self,
        )

    def _show_rooms(self, rooms: list[RoomInfo]) -> None:
        self.rooms = rooms
        self.table.setRowCount(len(rooms))
        grey = QBrush(QColor("#7a8494"))
        for row, room in enumerate(rooms):
            cells = (room.number, room.name, kind_label(room.kind), str(room.seats))
            cells += tuple(getattr(room, key) or "" for key in LOCKED)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column >= 4:
                    item.setForeground(grey)
                    item.setToolTip(locked_tooltip())
                self.table.setItem(row, column, item)
        self._update_buttons()
        self.loaded.emit()

    def _update_buttons(self) -> None:
        site = self.site
        approved = site is not None and site.status == filing.APPROVED
        self.add_button.setEnabled(approved)
        if site is None:
            why = self.tr("请先在左侧选择考点。")
        elif not approved:
            why = self.tr("考点备案通过后才能设置考场。当前状态：{status}。").format(
                status=site.status_label
            )
        else:
            why = self.tr("考场名称请填写具体位置，如“3幢2层201”。")
        self.why_disabled.setText(why)
        self.add_button.setToolTip("" if approved else why)
        chosen = self.current_room() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def current_room(self) -> RoomInfo | None:
        index = selected_row(self.table)
        return self.rooms[index] if index is not None and index < len(self.rooms) else None

    # -- edits ----------------------------------------------------------------------------------

    def edit_current(self) -> None:
        room = self.current_room()
        if room is not None:
            self.open_room(room)

    def open_room(self, room: RoomInfo | None) -> None:
        """Open the room dialog; for a new room, first fetch the next free 试场编号."""
        site = self.site
        if site is None or (room is None and site.status != filing.APPROVED):
            return
        if room is not None:
            self._ask(site, room, room.number)
            return
        self._ctx.tasks.run(
            partial(room_service.next_room_number, self._ctx.workspace.store, site.id),
            lambda number: self._ask(site, None, number),
            parent=self,
        )

    def _ask(self, site: SiteInfo, room: RoomInfo | None, number: str) -> None:
        dialog = RoomDialog(site, room, number, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        room_id, loaded = (room.id, room.version) if room else (None, None)
        fn = partial(save_room, self._ctx.workspace.store, site.id, room_id, values, loaded)
        done = self.tr("考场“{name}”已保存。").format(name=values["name"])
        if room is None:
            self._write(fn, done)
            return
        # Edits kept after a refusal come back in the dialog (still of the version they were on).
        self._write(fn, done, keep=partial(self._ask, site, replace(room, **values), room.number))

    def delete_current(self) -> None:
        room = self.current_room()
        if room is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("删除考场"),
            self.tr("确定删除考场“{name}”（试场编号 {number}）吗？").format(
                name=room.name, number=room.number
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            fn = partial(room_service.delete_room, self._ctx.workspace.store, room.id)
            self._write(fn, self.tr("已删除考场“{name}”。").format(name=room.name))

    def _write(
        self, fn: Callable[[], None], done: str, keep: Callable[[], None] = lambda: None
    ) -> None:
        def finished(_result: object) -> None:
            self.status_message.emit(done)
            self.changed.emit()

        self._ctx.tasks.run(
            fn,
            finished,
            writes=True,
            on_failure=lambda exc: self._not_saved(exc, keep),
            parent=self,
            source=self._source,
        )

    def _not_saved(self, exc: BaseException, keep: Callable[[], None]) -> None:
        if not offer_reload(self, exc, self.reload, keep=keep):
            QMessageBox.warning(self, self.tr("未保存"), describe_error(exc))
