"""Ambiguous 文化程度 short forms are mapped to the likeliest code with a warning naming both;
an impossible date (1990-02-30) never reaches an exported roster."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from skilldesk.core.reference import EDUCATION_GUESSES, EDUCATION_LEVELS, canonical_education
from skilldesk.core.rules.roster import SEVERITIES, check_candidate_values
from skilldesk.files.roster_export import export_roster
from tests.unit.test_roster_rules import EXAM_DAY, TODAY, ZHANG_LI, candidate


def checked(**changes: Any) -> Any:
    return check_candidate_values(candidate(**changes), row=5, reference_date=EXAM_DAY, today=TODAY)


@pytest.mark.parametrize(
    ("written", "chosen"),
    [("中技", "技工学校"), ("研究生", "硕士研究生"), ("研究生学历", "硕士研究生")],
)
def test_an_ambiguous_short_form_is_guessed_with_a_warning(written: str, chosen: str) -> None:
    row = checked(education=written)
    assert row.values["education"] == chosen
    [finding] = [f for f in row.findings if f.field == "文化程度"]
    assert (finding.code, finding.severity) == ("EDUCATION_GUESSED", "warning")
    assert f"“{written}”" in finding.message and f"“{chosen}”" in finding.message


def test_every_guess_is_a_platform_code_and_announced() -> None:
    assert SEVERITIES["EDUCATION_GUESSED"] == "warning"
    for written, chosen in EDUCATION_GUESSES.items():
        assert chosen in EDUCATION_LEVELS
        assert canonical_education(written) == chosen
        assert [f.code for f in checked(education=written).findings] == ["EDUCATION_GUESSED"]


@pytest.mark.parametrize("written", ["大专", "本科", "中专", "技校", "硕士", "大学专科"])
def test_a_clear_short_form_is_mapped_silently(written: str) -> None:
    assert checked(education=written).findings == []


@pytest.mark.parametrize("written", ["1990-02-30", "1990/2/30", "19900230", "1990年2月30日"])
def test_an_impossible_birth_date_never_reaches_an_export(tmp_path: Path, written: str) -> None:
    row = checked(birth_date=written)
    assert "DATE_FORMAT" in [f.code for f in row.findings]
    out = tmp_path / "报名信息表.xlsx"
    export_roster(out, "registration", [row.values], header=_header())
    cells = [
        str(c) for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True) for c in r
    ]
    assert not any("02-30" in c or "2月30" in c or "0230" in c for c in cells)
    assert dt.date(1990, 12, 15).isoformat() in cells  # the ID number's own birth date instead
    assert ZHANG_LI in cells


def _header() -> Any:
    from skilldesk.files.roster_export import ExportHeader

    return ExportHeader(institution_name="某机构", occupation="电工")
