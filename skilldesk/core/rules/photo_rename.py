"""Which roster candidate a badly named photo belongs to, and the 证件号码+姓名 name it should have.

Pure matching, nothing touched: a file is given a new name only when its old name points at
exactly one candidate — by an ID number on the roster (the name part, if any, must not belong
to somebody else), or, when the name carries no ID number at all, by a name only one candidate
has. Everything else is refused with a reason, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Literal

from skilldesk.core.normalize import HAN, to_half_width
from skilldesk.core.profiles import PhotoRules
from skilldesk.core.rules.identity import normalize_id_number
from skilldesk.core.rules.photo_names import (
    PhotoName,
    RosterCandidate,
    match_roster,
    name_key,
    parse_photo_name,
)
from skilldesk.core.rules.photos import PhotoFacts, is_picture

Basis = Literal["id", "name"]

_HAN_NAME = re.compile(rf"[{HAN}]+(?:[·•・.][{HAN}]+)*")
_ALNUM_RUN = re.compile(r"[0-9A-Za-z]+", re.ASCII)
_RESIDENT_ID = re.compile(r"\d{17}[\dX]", re.ASCII)
# Words people add to a photo's name that are never part of a person's name.
_NOISE_WORDS = re.compile(
    "证件照|照片|相片|头像|副本|复制|一寸|二寸|两寸|小寸|大寸|寸照|白底|蓝底|红底|彩色|近照|最新|新版|的"
)
_ID_LIKE_MIN = 15  # a run this long, mostly digits, was meant as an ID number


@dataclass(frozen=True, slots=True)
class RenameProposal:
    """Rename `file` to `new_file` (same folder): both `/`-separated paths inside the source."""

    file: str
    new_file: str
    candidate: RosterCandidate
    basis: Basis  # what in the old name identified the candidate

    @property
    def reason(self) -> str:
        who = f"名单第{self.candidate.row}行“{self.candidate.name}”"
        if self.basis == "id":
            return f"文件名中的证件号码属于{who}"
        return f"文件名中的姓名只对应{who}"

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "new_file": self.new_file,
            "row": self.candidate.row,
            "name": self.candidate.name,
            "id_number": self.candidate.id_number,
            "basis": self.basis,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class RenameRefusal:
    """A file that keeps its name, and why (plain Chinese)."""

    file: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"file": self.file, "reason": self.reason}


@dataclass(slots=True)
class RenamePlan:
    """What renaming would do: proposals to confirm, and files left alone with the reason."""

    proposals: list[RenameProposal] = field(default_factory=list)
    refused: list[RenameRefusal] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "proposals": [p.to_json() for p in self.proposals],
            "refused": [r.to_json() for r in self.refused],
        }


def correct_name(candidate: RosterCandidate, suffix: str = ".jpg") -> str:
    """The file name the platform expects for this candidate: `证件号码姓名.jpg`."""
    return f"{normalize_id_number(candidate.id_number)}{candidate.name}{suffix}"


@dataclass(slots=True)
class _Roster:
    by_id: dict[str, RosterCandidate]
    by_name: dict[str, list[RosterCandidate]]

    @classmethod
    def of(cls, candidates: Sequence[RosterCandidate]) -> _Roster:
        by_id: dict[str, RosterCandidate] = {}
        by_name: dict[str, list[RosterCandidate]] = {}
        for candidate in candidates:
            number = normalize_id_number(candidate.id_number)
            if not number or number in by_id:
                continue
            by_id[number] = candidate
            if candidate.name:
                by_name.setdefault(name_key(candidate.name), []).append(candidate)
        return cls(by_id, by_name)


def identify(
    file_name: str, candidates: Sequence[RosterCandidate] | _Roster
) -> tuple[RosterCandidate | None, Basis | None, str]:
    """(candidate, basis, why): the one candidate the name points at, or None and the reason."""
    roster = candidates if isinstance(candidates, _Roster) else _Roster.of(candidates)
    stem = "".join(to_half_width(PurePosixPath(file_name).stem).split()).upper()
    parsed = parse_photo_name(file_name)
    by_id = _ids_in(stem, parsed, roster)
    by_name, namesakes = _names_in(stem, parsed, roster)
    if len(by_id) > 1:
        return None, None, "文件名中有多位考生的证件号码，无法确定是谁的照片"
    if by_id:
        [candidate] = by_id
        others = [c for c in by_name if c is not candidate]
        if others and candidate not in by_name:
            return (
                None,
                None,
                f"文件名中的证件号码属于“{candidate.name}”，姓名却是名单中另一位考生"
                f"“{others[0].name}”的，无法确定是谁的照片",
            )
        return candidate, "id", ""
    written = parsed.id_number or _id_like(stem)
    if written:
        return None, None, f"名单中没有证件号码为“{written}”的考生，未按姓名猜测，请核对证件号码"
    if len(by_name) == 1:
        return by_name[0], "name", ""
    if len(by_name) > 1:
        shown = "、".join(f"“{c.name}”（第{c.row}行）" for c in by_name[:4])
        return None, None, f"文件名中的姓名对应多位考生：{shown}，无法确定是哪一位"
    if namesakes:
        return None, None, namesakes
    return None, None, "文件名中没有名单上的证件号码或姓名，无法确定是谁的照片"


def _ids_in(stem: str, parsed: PhotoName, roster: _Roster) -> list[RosterCandidate]:
    numbers = {m[0] for m in _ALNUM_RUN.finditer(stem)} | set(_RESIDENT_ID.findall(stem))
    if parsed.id_number:
        numbers.add(parsed.id_number)
    found: list[RosterCandidate] = []
    for number in numbers:
        candidate = roster.by_id.get(number)
        if candidate is not None and candidate not in found:
            found.append(candidate)
    return found


def _id_like(stem: str) -> str | None:
    for run in _ALNUM_RUN.findall(stem):
        if len(run) >= _ID_LIKE_MIN and sum(ch.isdigit() for ch in run) >= len(run) - 1:
            return str(run)
    return None


def _names_in(stem: str, parsed: PhotoName, roster: _Roster) -> tuple[list[RosterCandidate], str]:
    """(the candidates named, a reason when a name is shared by several candidates)."""
    hints: list[str] = []
    for run in _HAN_NAME.findall(stem):
        hints.append(run)
        hints.extend(part for part in _NOISE_WORDS.split(run) if part and part != run)
    if parsed.person_name:
        hints.append(parsed.person_name)
    found: list[RosterCandidate] = []
    shared = ""
    for hint in hints:
        named = roster.by_name.get(name_key(hint), [])
        if len(named) > 1:
            shared = f"名单中有{len(named)}位考生叫“{named[0].name}”，无法确定是哪一位"
            continue
        for candidate in named:
            if candidate not in found:
                found.append(candidate)
    if shared and not found:
        return [], shared
    return found, ""


def propose_renames(
    files: Sequence[PhotoFacts], roster: Sequence[RosterCandidate], rules: PhotoRules
) -> RenamePlan:
    """Proposals for every picture whose name is not its candidate's 证件号码+姓名 name.

    A JPEG keeps an allowed extension (`.JPG`, `.jpeg`) and gets `.jpg` otherwise; a file whose
    content is not JPEG keeps its extension (renaming a PNG to `.jpg` would only hide it; a
    compliant copy converts it). Refused: unknown owners, two files for one candidate, a
    candidate who already has a correctly named photo, a new name already taken.
    """
    index = _Roster.of(roster)
    plan = RenamePlan()
    taken = {name.casefold() for name in (f.name for f in files)}
    owner_of: dict[str, str] = {}  # candidate id number → the file already named right
    wanted: dict[str, list[RenameProposal]] = {}
    for facts in files:
        if not is_picture(facts):
            continue
        path = PurePosixPath(facts.name)
        candidate, basis, why = identify(facts.name, index)
        if candidate is None or basis is None:
            plan.refused.append(RenameRefusal(facts.name, why))
            continue
        suffix = path.suffix
        if facts.format == "JPEG" and not rules.allows_extension(suffix):
            suffix = ".jpg"
        new_name = correct_name(candidate, suffix)
        refused = _refused_by_check(new_name, candidate)
        if refused:
            plan.refused.append(RenameRefusal(facts.name, refused))
            continue
        key = normalize_id_number(candidate.id_number)
        if new_name == path.name:
            owner_of[key] = facts.name
            continue
        new_file = str(path.with_name(new_name))
        proposal = RenameProposal(facts.name, new_file, candidate, basis)
        wanted.setdefault(key, []).append(proposal)
    for key, proposals in wanted.items():
        if key in owner_of:
            for p in proposals:
                reason = (
                    f"考生“{p.candidate.name}”已有名为「{owner_of[key]}」的照片，"
                    "这张是多余的，请核对后删除其中一张"
                )
                plan.refused.append(RenameRefusal(p.file, reason))
            continue
        if len(proposals) > 1:
            for p in proposals:
                others = "、".join(f"「{o.file}」" for o in proposals if o is not p)
                reason = f"与{others}都像是考生“{p.candidate.name}”的照片，无法确定用哪一张"
                plan.refused.append(RenameRefusal(p.file, reason))
            continue
        [proposal] = proposals
        if proposal.new_file.casefold() in taken and not _same_but_case(proposal):
            reason = f"同一文件夹中已有「{PurePosixPath(proposal.new_file).name}」，不会覆盖它"
            plan.refused.append(RenameRefusal(proposal.file, reason))
            continue
        plan.proposals.append(proposal)
    plan.proposals.sort(key=lambda p: p.file.casefold())
    plan.refused.sort(key=lambda r: r.file.casefold())
    return plan


def _refused_by_check(new_name: str, candidate: RosterCandidate) -> str:
    """Why the photo check would refuse `new_name` for `candidate` ("" if it would not): the
    name is copied from the roster, and a roster name such as “李娜2” makes a file name the
    check and the import then refuse. The roster is what needs correcting."""
    who = f"名单第{candidate.row}行"
    if not candidate.name.strip():
        return f"{who}的考生没有填写姓名，请先在名册中补上姓名，再重命名照片"
    parsed = parse_photo_name(new_name)
    matched = match_roster([parsed], [new_name], [candidate])
    if parsed.code is None and not matched.file_findings:
        return ""
    if parsed.code == "PHOTO_ID_INVALID":
        return f"{who}的证件号码有误（{parsed.message}），请先在名册中改正，再重命名照片"
    return (
        f"{who}的姓名“{candidate.name}”不能用作照片文件名（含数字或符号），"
        "请先在名册中改正姓名，再重命名照片"
    )


def _same_but_case(proposal: RenameProposal) -> bool:
    """The new name differs from the old only in letter case (`…342x` → `…342X`)."""
    return proposal.new_file.casefold() == proposal.file.casefold()
