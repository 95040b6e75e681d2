"""A plan ready to submit: the furnished workspace (store_setup) plus what a batch needs beyond its
groundwork — an approved scheme for the exam's year and occupation, and a roster of error-free
candidates, each with a stored photo (all fictional)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from skilldesk.core.models import Attachment, Candidate
from skilldesk.services.photo_store import PHOTO_KIND, store_photo
from skilldesk.services.roster import import_roster_file
from skilldesk.services.sample_data import make_portrait_jpeg
from skilldesk.services.schemes import (
    SchemeFields,
    SchemeItem,
    create_scheme_from_fields,
    mark_scheme_received,
    review_scheme,
    submit_scheme,
)
from skilldesk.services.workspace import Workspace
from tests.helpers import writing
from tests.integration.store_setup import TODAY, Furnished, furnish
from tests.integration.test_roster_service import LI, WANG, ZHANG, roster

# Three candidates the roster check finds nothing wrong with (on the furnished plan's exam day).
PEOPLE = (
    ("张三", ZHANG, "女", "", "13812345678", "大专"),
    ("李四", LI, "男", "", "13812345679", "大专"),
    ("王五", WANG, "男", "", "13812345670", "大专"),
)


def furnish_ready(workspace: Workspace) -> Furnished:
    """furnish(), then an approved 2026 scheme listing 电工 四级 and three candidates with photos."""
    store = workspace.store
    furnished = furnish(store)
    scheme = create_scheme_from_fields(
        store, SchemeFields(year=2026, items=(SchemeItem("电工", (5, 4, 3)),))
    )
    submit_scheme(store, scheme.id)
    mark_scheme_received(store, scheme.id)
    review_scheme(store, scheme.id, approve=True)
    with tempfile.TemporaryDirectory() as folder:
        path = roster(Path(folder) / "名册.xlsx", *PEOPLE)
        import_roster_file(store, path, furnished.plan_id, today=TODAY)
    give_photos(workspace, furnished.plan_id)
    return furnished


def give_photos(workspace: Workspace, plan_id: int, *, except_names: tuple[str, ...] = ()) -> None:
    """A stored photo for each of the plan's candidates without one (but those named)."""
    with writing(workspace.store) as session:
        for candidate in session.query(Candidate).filter(Candidate.plan_id == plan_id):
            has_photo = any(a.kind == PHOTO_KIND for a in candidate.attachments)
            if has_photo or candidate.name in except_names:
                continue
            content = make_portrait_jpeg(seed=candidate.id)
            digest, _path = store_photo(workspace.photos_dir, content)
            session.add(
                Attachment(
                    candidate_id=candidate.id,
                    kind=PHOTO_KIND,
                    filename=f"{candidate.id_number}{candidate.name}.jpg",
                    sha256=digest,
                    size=len(content),
                )
            )
