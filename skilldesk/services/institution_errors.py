"""The refusal both the institution profile and its certified scope raise.

A module of its own so that `scope` need not import `institution` (which reads the scope):
the two would otherwise import each other.
"""

from __future__ import annotations

from skilldesk.core.errors import UserFacingError


class InstitutionError(UserFacingError):
    """A profile or scope change that cannot be made; the message says why, in Chinese."""
