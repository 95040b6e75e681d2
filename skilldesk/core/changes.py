"""What one committed unit of work changed, by kind of record: the only way pages learn of changes.

A `ChangeSet` is never written by hand in a use case or a page: the unit of work
(core/unit_of_work.py) fills it from the rows it actually inserted, updated or deleted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


def _ids(values: Iterable[int]) -> frozenset[int]:
    return frozenset(int(v) for v in values)


@dataclass(frozen=True)
class ChangeSet:
    """Record ids by kind. Candidates and photos are grouped by the plan they belong to."""

    plans: frozenset[int] = frozenset()  # the plan records: fields, sessions, examiner links
    plans_removed: frozenset[int] = frozenset()
    candidates: Mapping[int, frozenset[int]] = field(default_factory=dict)  # plan id → ids
    photos: Mapping[int, frozenset[int]] = field(default_factory=dict)  # plan id → candidate ids
    sites: frozenset[int] = frozenset()
    rooms: frozenset[int] = frozenset()
    examiners: frozenset[int] = frozenset()
    schemes: frozenset[int] = frozenset()
    institution: bool = False
    scope: bool = False
    calendar: frozenset[int] = frozenset()  # years whose imported holidays changed

    @property
    def rosters(self) -> frozenset[int]:
        """Plans whose roster (any candidate) changed."""
        return frozenset(self.candidates)

    @property
    def photo_plans(self) -> frozenset[int]:
        """Plans whose candidates' photos or attachments changed."""
        return frozenset(self.photos)

    @property
    def resources(self) -> bool:
        """Anything the institution keeps beside its plans: sites, rooms, examiners, schemes…"""
        return bool(
            self.sites
            or self.rooms
            or self.examiners
            or self.schemes
            or self.institution
            or self.scope
        )

    def __bool__(self) -> bool:
        return bool(
            self.plans or self.plans_removed or self.candidates or self.photos or self.resources
        )

    def touches_plan(self, plan_id: int) -> bool:
        return (
            plan_id in self.plans
            or plan_id in self.plans_removed
            or plan_id in self.candidates
            or plan_id in self.photos
        )

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(
            plans=self.plans | other.plans,
            plans_removed=self.plans_removed | other.plans_removed,
            candidates=_merge(self.candidates, other.candidates),
            photos=_merge(self.photos, other.photos),
            sites=self.sites | other.sites,
            rooms=self.rooms | other.rooms,
            examiners=self.examiners | other.examiners,
            schemes=self.schemes | other.schemes,
            institution=self.institution or other.institution,
            scope=self.scope or other.scope,
            calendar=self.calendar | other.calendar,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "plans": sorted(self.plans),
            "plans_removed": sorted(self.plans_removed),
            "candidates": {str(k): sorted(v) for k, v in sorted(self.candidates.items())},
            "photos": {str(k): sorted(v) for k, v in sorted(self.photos.items())},
            "sites": sorted(self.sites),
            "rooms": sorted(self.rooms),
            "examiners": sorted(self.examiners),
            "schemes": sorted(self.schemes),
            "institution": self.institution,
            "scope": self.scope,
            "calendar": sorted(self.calendar),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChangeSet:
        def grouped(key: str) -> dict[int, frozenset[int]]:
            return {int(k): _ids(v) for k, v in dict(data.get(key) or {}).items()}

        return cls(
            plans=_ids(data.get("plans") or ()),
            plans_removed=_ids(data.get("plans_removed") or ()),
            candidates=grouped("candidates"),
            photos=grouped("photos"),
            sites=_ids(data.get("sites") or ()),
            rooms=_ids(data.get("rooms") or ()),
            examiners=_ids(data.get("examiners") or ()),
            schemes=_ids(data.get("schemes") or ()),
            institution=bool(data.get("institution")),
            scope=bool(data.get("scope")),
            calendar=_ids(data.get("calendar") or ()),
        )

    def dumps(self) -> str:
        return json.dumps(self.to_json(), separators=(",", ":"))


def _merge(
    a: Mapping[int, frozenset[int]], b: Mapping[int, frozenset[int]]
) -> dict[int, frozenset[int]]:
    merged = dict(a)
    for key, ids in b.items():
        merged[key] = merged.get(key, frozenset()) | ids
    return merged


NO_CHANGES = ChangeSet()
