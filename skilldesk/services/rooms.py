"""Rooms (考场): only under an approved site, numbered 001… per site, with the site's details locked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from skilldesk.core import filing
from skilldesk.core.models import ExamRoom, ExamSession, ExamSite
from skilldesk.core.normalize import clean_text, to_half_width
from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.services.sites import LOCKED_ROOM_FIELDS, SiteError

ROOM_KINDS: dict[str, str] = {"theory": "理论考场", "practical": "实操考场", "computer": "机房"}
_KIND_WORDS = {
    **{kind: kind for kind in ROOM_KINDS},
    **{label: kind for kind, label in ROOM_KINDS.items()},
    "理论": "theory",
    "实操": "practical",
    "操作": "practical",
    "计算机房": "computer",
    "上机": "computer",
}
MAX_SEATS = 999


class RoomLocked(SiteError):
    """An attempt to change a room's copy of its site's contact, phone or address."""


@dataclass(frozen=True)
class RoomInfo:
    id: int
    site_id: int
    site_name: str
    site_status: str
    name: str  # the concrete location, "实训楼3幢2层201"
    number: str  # 试场编号
    seats: int
    kind: str  # theory / practical / computer
    contact_name: str | None  # the site's, locked
    contact_phone: str | None
    address: str | None
    version: int  # what a save passes back as `expected_version`

    @property
    def kind_label(self) -> str:
        return ROOM_KINDS.get(self.kind, self.kind)

    @property
    def label(self) -> str:
        """How a ticket names it: 考点名称（考场名称）."""
        return f"{self.site_name}（{self.name}）"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "site_id": self.site_id,
            "site": self.site_name,
            "name": self.name,
            "number": self.number,
            "seats": self.seats,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "contact_name": self.contact_name,
            "contact_phone": self.contact_phone,
            "address": self.address,
        }


def canonical_room_kind(text: str) -> str | None:
    return _KIND_WORDS.get(clean_text(text))


def add_room(
    store: Store,
    site_id: int,
    name: str,
    *,
    number: str | None = None,
    seats: int = 30,
    kind: str = "theory",
) -> RoomInfo:
    """A new room under an approved site; the number defaults to the site's next (`003`)."""
    with unit_of_work(store) as uow:
        session = uow.session
        site = session.get(ExamSite, site_id)
        if site is None:
            raise SiteError(f"找不到考点 {site_id}，它可能已被删除。")
        if site.status != filing.APPROVED:
            raise SiteError(
                f"考点“{site.name}”的备案状态为“{filing.status_label(site.status)}”："
                "只能在备案已通过的考点下设置考场。"
            )
        number = _number(number) if number else _next_number(session, site.id)
        _refuse_duplicate_number(session, site, number, None)
        # Added by its site_id, not through site.rooms: a new room is no change to the site.
        room = ExamRoom(
            site_id=site.id,
            name=_name(name),
            number=number,
            seats=_seats(seats),
            kind=_kind(kind),
            **{field: getattr(site, field) for field in LOCKED_ROOM_FIELDS},
        )
        session.add(room)
        return _info(session, room)


def update_room(
    store: Store, room_id: int, *, expected_version: int | None = None, **changes: Any
) -> RoomInfo:
    """Change a room's name, number, seats or kind; its site's details cannot be changed here.

    `expected_version`: the version the form was loaded at; a room changed since is refused.
    """
    locked = [name for name in LOCKED_ROOM_FIELDS if name in changes]
    with unit_of_work(store) as uow:
        session = uow.session
        room = _get(session, room_id)
        uow.expect(room, expected_version)
        if any(changes[name] != getattr(room, name) for name in locked):
            raise RoomLocked(
                f"考场“{room.name}”的联系人、联系电话和考场地址随考点“{room.site.name}”的备案信息，"
                "不能在考场中修改；如需变更，请修改考点备案。"
            )
        unknown = set(changes) - set(LOCKED_ROOM_FIELDS) - {"name", "number", "seats", "kind"}
        if unknown:
            raise SiteError(f"考场没有这些项：{'、'.join(sorted(unknown))}。")
        if "name" in changes:
            room.name = _name(changes["name"])
        if "number" in changes:
            number = _number(changes["number"])
            _refuse_duplicate_number(session, room.site, number, room.id)
            room.number = number
        if "seats" in changes:
            room.seats = _seats(changes["seats"])
        if "kind" in changes:
            room.kind = _kind(changes["kind"])
        return _info(session, room)


def delete_room(store: Store, room_id: int) -> None:
    with unit_of_work(store) as uow:
        session = uow.session
        room = _get(session, room_id)
        used = session.scalar(
            select(func.count()).select_from(ExamSession).where(ExamSession.room_id == room.id)
        )
        if used:
            raise SiteError(f"考场“{room.name}”已被评价计划的考试场次使用，请先在计划中换掉它。")
        session.delete(room)


def list_rooms(store: Store, *, site_id: int | None = None) -> list[RoomInfo]:
    with store.session() as session:
        return list_rooms_in(session, site_id=site_id)


def get_room(store: Store, room_id: int) -> RoomInfo:
    with store.session() as session:
        return _info(session, _get(session, room_id))


def next_room_number(store: Store, site_id: int) -> str:
    with store.session() as session:
        return _next_number(session, site_id)


def _next_number(session: Session, site_id: int) -> str:
    numbers = session.scalars(select(ExamRoom.number).where(ExamRoom.site_id == site_id))
    highest = max((int(n) for n in numbers if n.isdigit()), default=0)
    return f"{highest + 1:03d}"


def _refuse_duplicate_number(
    session: Session, site: ExamSite, number: str, own: int | None
) -> None:
    query = select(ExamRoom.name).where(ExamRoom.site_id == site.id, ExamRoom.number == number)
    if own is not None:
        query = query.where(ExamRoom.id != own)
    other = session.scalars(query).first()
    if other is not None:
        raise SiteError(f"考点“{site.name}”已有试场编号 {number}（{other}），请换一个编号。")


def _number(text: object) -> str:
    value = to_half_width(clean_text(str(text)))
    if not value.isdigit() or len(value) > 3 or int(value) == 0:
        raise SiteError(f"试场编号“{text}”应为 001–999 的数字。")
    return f"{int(value):03d}"


def _name(text: str) -> str:
    name = clean_text(text or "")
    if not name:
        raise SiteError("请填写考场名称：写考场的具体位置，例如“3幢2层201”。")
    return name


def _seats(value: object) -> int:
    try:
        seats = int(str(value))
    except ValueError:
        seats = 0
    if not 1 <= seats <= MAX_SEATS:
        raise SiteError(f"座位数应为 1–{MAX_SEATS} 的整数，收到“{value}”。")
    return seats


def _kind(text: str) -> str:
    kind = canonical_room_kind(text)
    if kind is None:
        raise SiteError(f"考场类型应为 {'、'.join(ROOM_KINDS.values())} 之一。")
    return kind


def _get(session: Session, room_id: int) -> ExamRoom:
    room = session.get(ExamRoom, room_id)
    if room is None:
        raise SiteError(f"找不到考场 {room_id}，它可能已被删除。")
    return room


def _info(session: Session, room: ExamRoom) -> RoomInfo:
    """The room as stored; flushes first, so a room just changed shows its new version."""
    session.flush()
    return RoomInfo(
        id=room.id,
        site_id=room.site_id,
        site_name=room.site.name,
        site_status=room.site.status,
        name=room.name,
        number=room.number,
        seats=room.seats,
        kind=room.kind,
        contact_name=room.contact_name,
        contact_phone=room.contact_phone,
        address=room.address,
        version=room.version,
    )


def list_rooms_in(session: Session, *, site_id: int | None = None) -> list[RoomInfo]:
    """list_rooms, read inside the caller's session (one snapshot with its other reads)."""
    query = select(ExamRoom).order_by(ExamRoom.site_id, ExamRoom.number)
    if site_id is not None:
        query = query.where(ExamRoom.site_id == site_id)
    return [_info(session, room) for room in session.scalars(query)]
