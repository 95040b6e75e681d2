"""Masking personal data (ID numbers, phones) before anything reaches a log or a crash report."""

from __future__ import annotations

import re

_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_OLD_ID_RE = re.compile(r"(?<!\d)(\d{6})(\d{6})(\d{3})(?!\d)")
_PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


def mask_personal(text: str) -> str:
    """Mask every ID number and mobile number found in free text."""
    text = _ID_RE.sub(lambda m: m[1] + "********" + m[3][-4:], text)
    text = _OLD_ID_RE.sub(lambda m: m[1] + "*****" + m[3][-4:], text)
    return _PHONE_RE.sub(lambda m: m[1] + "****" + m[3], text)
