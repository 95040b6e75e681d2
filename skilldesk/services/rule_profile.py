"""Which rule profile a workspace's checks use: the one for the institution's region."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from skilldesk.core.models import Institution
from skilldesk.core.profiles import Profile, profile_for_region
from skilldesk.core.store import Store


def workspace_profile(store: Store) -> Profile:
    """The profile for where the institution is (衢州 → `quzhou`); the provincial one until the
    institution's region is filled in."""
    with store.session() as session:
        region = session.scalars(select(Institution.region).order_by(Institution.id)).first()
    return profile_for_region(region)


def workspace_profile_in(session: Session) -> Profile:
    """workspace_profile, read inside the caller's session."""
    region = session.scalars(select(Institution.region).order_by(Institution.id)).first()
    return profile_for_region(region)
