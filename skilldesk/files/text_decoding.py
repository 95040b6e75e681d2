"""Text files as Chinese Windows writes them: UTF-8 (with or without BOM), UTF-16 or GBK."""

from __future__ import annotations


def decode_text(data: bytes) -> str | None:
    """The text of `data`, or None if it is in none of the encodings staff's PCs save in.

    Notepad and Excel on a Chinese Windows save "ANSI" as GBK (read as its superset GB18030)
    and "Unicode" as UTF-16 with a byte-order mark; everything else should be UTF-8.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
