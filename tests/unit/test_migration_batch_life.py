"""Migration 0005: candidates already stored become active and not late, with no import to undo."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from skilldesk.core.candidate_status import ACTIVE
from skilldesk.core.models import Candidate, ImportBatch
from skilldesk.core.store import open_store

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_candidates_of_an_old_workspace_are_active_and_not_late(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "skilldesk-0002.db", tmp_path / "skilldesk.db")
    store = open_store(tmp_path)
    with store.session() as session:
        rows = session.execute(
            select(
                Candidate.name, Candidate.status, Candidate.withdraw_reason, Candidate.added_late
            )
        ).all()
        assert [tuple(r) for r in rows] == [("张三", ACTIVE, None, False)]
        assert session.scalars(select(ImportBatch)).all() == []
    store.close()
