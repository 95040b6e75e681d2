"""The base of every error whose message (Chinese) is meant for the user, not for a log."""


class UserFacingError(Exception):
    """Raised with a one-line Chinese message that tells the user what happened and what to do."""
