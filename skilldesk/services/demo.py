"""A realistic fictional institution to explore SkillDesk with: `skilldesk demo`."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, select

from skilldesk.core.bulk import bulk_insert
from skilldesk.core.models import Attachment, Candidate, Institution, Plan, new_uuid, utc_now
from skilldesk.core.progress import CancelToken, ProgressCallback, no_progress
from skilldesk.core.roster_data import RawRow
from skilldesk.core.rules.roster import check_roster
from skilldesk.core.unit_of_work import unit_of_work
from skilldesk.services.demo_resources import add_demo_resources, lay_out_plan
from skilldesk.services.photo_store import store_photo
from skilldesk.services.roster import stored_values
from skilldesk.services.sample_data import make_candidates, make_portrait_jpeg
from skilldesk.services.workspace import Workspace

DEMO_PLANS = (("电工", "6-31-01-03", 4, 180, 11), ("焊工", "6-18-02-04", 3, 140, 23))


@dataclass
class DemoResult:
    created: bool
    plans: int = 0
    candidates: int = 0
    photos: int = 0


def _with_typical_mistakes(
    people: list[dict[str, Any]], rng: random.Random
) -> list[dict[str, Any]]:
    """Roughly one candidate in twenty-five carries a mistake staff really make."""
    mistakes = (
        lambda p: p.update(phone=p["phone"][:10]),
        lambda p: p.update(ethnicity="汉"),
        lambda p: p.update(education="大专"),
        lambda p: p.update(gender="女" if p["gender"] == "男" else "男"),
        lambda p: p.update(
            id_number=p["id_number"][:17] + ("0" if p["id_number"][17] != "0" else "1")
        ),
        lambda p: p.update(email="zhang@@example"),
    )
    for person in people:
        if rng.random() < 0.04:
            rng.choice(mistakes)(person)
    return people


def fill_demo_workspace(
    workspace: Workspace,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    today: dt.date | None = None,
) -> DemoResult:
    """Create the fictional 衢州市示范技师学院 with two plans and their candidates and photos.

    Does nothing if the workspace already has an institution: demo data never mixes with real.
    """
    cancel = cancel or CancelToken()
    today = today or dt.date.today()
    rng = random.Random(2026)
    total = sum(plan[3] for plan in DEMO_PLANS)
    result = DemoResult(created=True)
    # One unit of work looks for an institution and writes the demo: nothing can slip in between.
    with unit_of_work(workspace.store, today=today) as uow:
        session = uow.session
        if session.scalars(select(Institution.id)).first() is not None:
            return DemoResult(created=False)
        resources = add_demo_resources(session, today)
        done = 0
        for index, (occupation, code, level, count, seed) in enumerate(DEMO_PLANS):
            plan = Plan(occupation=occupation, occupation_code=code, level=level)
            exam_day = lay_out_plan(session, plan, resources, today, index)
            session.add(plan)
            session.flush()
            people = _with_typical_mistakes(
                make_candidates(count, seed=seed, occupation=occupation), rng
            )
            checked = check_roster(
                [RawRow(row=i + 1, values=dict(p)) for i, p in enumerate(people)],
                reference_date=exam_day,
                today=today,
            )
            rows = [{**_new_row(plan.id), **stored_values(row)} for row in checked.rows]
            ids = bulk_insert(session, cast(Table, Candidate.__table__), rows)
            attachments = []
            for candidate_id, person in zip(ids, people, strict=True):
                cancel.raise_if_cancelled()
                content = make_portrait_jpeg(seed=candidate_id)
                digest, _path = store_photo(workspace.photos_dir, content)
                attachments.append(
                    {
                        **_new_row(None),
                        "candidate_id": candidate_id,
                        "kind": "photo",
                        "filename": f"{person['id_number']}{person['name']}.jpg",
                        "sha256": digest,
                        "size": len(content),
                    }
                )
                done += 1
                if done % 20 == 0:
                    progress(done, total, "正在生成示例考生和照片…")
            bulk_insert(session, cast(Table, Attachment.__table__), attachments)
            result.plans += 1
            result.candidates += len(rows)
            result.photos += len(attachments)
    progress(total, total, "示例数据已生成")
    return result


def _new_row(plan_id: int | None) -> dict[str, Any]:
    """The columns the ORM would fill in for a new record, which a bulk insert must give itself."""
    now = utc_now()
    row: dict[str, Any] = {"uuid": new_uuid(), "version": 1, "created_at": now, "updated_at": now}
    if plan_id is not None:
        row["plan_id"] = plan_id
    return row
