"""The groundwork the home page lists: what is still missing before plans can pass their checks."""

from __future__ import annotations

import datetime as dt

from skilldesk.core import filing
from skilldesk.core.models import Scheme
from skilldesk.services.institution import update_institution
from skilldesk.services.readiness import filing_notice, setup_steps
from skilldesk.services.schemes import create_scheme
from skilldesk.services.sites import add_site, mark_site_received, review_site, submit_site
from tests.helpers import writing
from tests.integration.store_setup import SITE, furnish


def test_an_empty_workspace_lacks_every_step(workspace) -> None:
    steps = setup_steps(workspace.store, 2026)
    assert [(s.title, s.page, s.done) for s in steps] == [
        ("机构信息", "机构信息", False),
        ("认定范围", "机构信息", False),
        ("考点与考场", "考点与考场", False),
        ("考评员", "考评员", False),
        ("年度实施方案", "年度实施方案", False),
    ]
    assert steps[2].missing == "还没有备案通过的考点"
    assert steps[3].missing == "已登记 0 人，每个职业至少需 3 人"
    assert steps[4].missing == "还没有编制 2026 年度实施方案（附件8）"


def test_each_step_is_done_once_its_groundwork_is_in_place(workspace) -> None:
    store = workspace.store
    furnish(store)  # institution, scope, an approved site with two rooms, three examiners
    steps = {s.title: s for s in setup_steps(store, 2026)}
    assert all(steps[t].done for t in ("机构信息", "认定范围", "考点与考场", "考评员"))
    assert all(steps[t].missing == "" for t in ("机构信息", "认定范围", "考点与考场", "考评员"))
    scheme = create_scheme(store, 2026)
    assert setup_steps(store, 2026)[4].missing == "2026 年度实施方案还未审核通过"
    with writing(store) as session:
        session.get_one(Scheme, scheme.id).status = filing.APPROVED
    assert all(s.done for s in setup_steps(store, 2026))
    # A new year needs its own scheme.
    assert setup_steps(store, 2027)[4].missing == "还没有编制 2027 年度实施方案（附件8）"


def test_a_site_without_rooms_is_not_enough(workspace) -> None:
    store = workspace.store
    site = add_site(store, SITE)
    submit_site(store, site.id)
    mark_site_received(store, site.id)
    review_site(store, site.id, approve=True)
    step = setup_steps(store, 2026)[2]
    assert not step.done and step.missing == "在备案通过的考点下设置考场"


def test_the_filing_is_noticed_in_its_last_60_days_and_once_lapsed(workspace) -> None:
    store = workspace.store
    assert filing_notice(store, dt.date(2026, 9, 1)) is None  # no institution yet
    furnish(store)  # filed 2025-03-01, valid until 2027-02-28
    assert filing_notice(store, dt.date(2026, 12, 29)) is None
    expiring = filing_notice(store, dt.date(2026, 12, 30))
    assert expiring is not None and expiring.code == "FILING_EXPIRING"
    assert "2027-02-28" in expiring.message and "还有 60 天" in expiring.message
    update_institution(store, filing_valid_until=dt.date(2026, 8, 31))
    lapsed = filing_notice(store, dt.date(2026, 9, 1))
    assert lapsed is not None and lapsed.code == "FILING_EXPIRED"
