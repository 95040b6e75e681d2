"""The photo tools agree with each other: a rename never makes a name the check refuses."""

from __future__ import annotations

import pytest

from skilldesk.core.profiles import load_profile
from skilldesk.core.rules.identity import resident_id_check_digit
from skilldesk.core.rules.photo_names import RosterCandidate, match_roster, parse_photo_name
from skilldesk.core.rules.photo_rename import propose_renames
from skilldesk.core.rules.photos import PhotoFacts

RULES = load_profile().photo


def valid_id(first17: str) -> str:
    return first17 + resident_id_check_digit(first17)


LINA = valid_id("33082219901215342")


@pytest.mark.parametrize(
    ("roster_name", "old"),
    [
        ("李娜2", f"{LINA}.jpg"),  # a suspicious roster name, found by the ID number
        ("李娜2", f"{LINA}李娜.jpg"),
        ("李 娜(1)", f"{LINA}.jpg"),
        ("", f"{LINA}.jpg"),  # no name on the roster at all
    ],
)
def test_a_rename_never_creates_a_name_the_check_refuses(roster_name: str, old: str) -> None:
    candidate = RosterCandidate(7, roster_name, LINA)
    plan = propose_renames([PhotoFacts(old, 50_000, "JPEG", 390, 567)], [candidate], RULES)
    for proposal in plan.proposals:
        parsed = parse_photo_name(proposal.new_file)
        assert parsed.code is None, (proposal.new_file, parsed.message)
        matched = match_roster([parsed], [proposal.new_file], [candidate])
        assert matched.file_findings == {}
    assert [r.file for r in plan.refused] == [old]
    assert "名册" in plan.refused[0].reason


def test_a_sound_roster_name_is_still_renamed_to() -> None:
    candidate = RosterCandidate(7, "李娜", LINA)
    plan = propose_renames(
        [PhotoFacts(f"{LINA}.jpg", 50_000, "JPEG", 390, 567)], [candidate], RULES
    )
    assert [p.new_file for p in plan.proposals] == [f"{LINA}李娜.jpg"]
