"""Measure one photo from its bytes: format, size, mode, editor, background, content hashes.

This is the hot loop of a photo check, so a JPEG is decoded once, at reduced scale (libjpeg
skips most of the inverse DCT but still reads the whole stream, so truncation is caught), and
its dimensions are read from the header first: an image claiming more pixels than the profile
allows is never handed to the decoder at all.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings

from PIL import Image, ImageChops, ImageFile

from skilldesk.core.profiles import PhotoRules
from skilldesk.core.rules.photos import PhotoFacts

HEAD_BYTES = 64 * 1024  # enough for any header we parse
# libjpeg's reduced-scale decode keeps at least this many pixels on the short side.
_MIN_REDUCED_SIDE = 40
_SOF_MARKERS = frozenset(
    (*range(0xC0, 0xC4), *range(0xC5, 0xC8), *range(0xC9, 0xCC), 0xCD, 0xCE, 0xCF)
)
# Segments that may follow a scan before the next scan or the end (progressive JPEGs).
_BETWEEN_SCANS = frozenset((0xC4, 0xCC, 0xDB, 0xDC, 0xDD, 0xFE, *range(0xE0, 0xF0), *_SOF_MARKERS))
# Inside entropy-coded data 0xFF is followed by 0x00 (a stuffed byte), a restart marker or more
# 0xFF fill bytes; anything else is the marker that ends the scan.
_MARKER_IN_SCAN = re.compile(rb"\xff[^\x00\xd0-\xd7]")
_XMP_TOOL = re.compile(rb'CreatorTool(?:="|>)([^"<]{1,200})')
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "JPEG"),
    (b"\x89PNG\r\n\x1a\n", 0, "PNG"),
    (b"GIF8", 0, "GIF"),
    (b"BM", 0, "BMP"),
    (b"II*\x00", 0, "TIFF"),
    (b"MM\x00*", 0, "TIFF"),
    (b"WEBP", 8, "WEBP"),
    (b"\x00\x00\x00\x0cjP  ", 0, "JPEG2000"),
    (b"\xff\x4f\xff\x51", 0, "JPEG2000"),
    (b"\x00\x00\x01\x00", 0, "ICO"),
)
_WEAK_MAGIC = frozenset(("BMP", "ICO"))
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"mif1", b"msf1", b"avif")
_ORIENTATION_TAG, _SOFTWARE_TAG, _PROCESSING_SOFTWARE_TAG = 0x0112, 0x0131, 0x000B
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# A pixel "has a colour" above this saturation and brightness (0–255). A grey picture saved as
# colour JPEG has saturation 0 to within rounding; pale skin stays above 40.
_COLOURED = 16


def sniff_format(head: bytes) -> str | None:
    """Pillow's name for the picture format the bytes start with; None if not a known picture."""
    for magic, offset, name in _MAGIC:
        if head.startswith(magic, offset):
            return name
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "HEIF"
    return None


def jpeg_header(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a JPEG's frame header, without decoding; None if there is none."""
    pos, end = 2, len(data)
    while pos + 4 <= end:
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker in (0xDA, 0xD9):
            return None
        if marker in _SOF_MARKERS:
            if pos + 9 > end:
                return None
            return int.from_bytes(data[pos + 7 : pos + 9]), int.from_bytes(data[pos + 5 : pos + 7])
        pos += 2 + int.from_bytes(data[pos + 2 : pos + 4])
    return None


def jpeg_stream_status(data: bytes) -> str | None:
    """None if the JPEG's markers run in order to its end-of-image; else "truncated"/"damaged".

    libjpeg, through Pillow, only warns about garbage inside the compressed data and decodes
    grey blocks instead; walking the markers catches most such damage.
    """
    pos, end = 2, len(data)
    while True:
        if pos + 2 > end:
            return "truncated"
        if data[pos] != 0xFF:
            return "damaged"
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
        elif marker == 0xD9:
            return None
        elif marker == 0xDA or marker in _BETWEEN_SCANS:
            if pos + 4 > end:
                return "truncated"
            pos += 2 + int.from_bytes(data[pos + 2 : pos + 4])
            if marker == 0xDA:
                pos = _scan_end(data, pos)
                if pos < 0:
                    return "truncated"
        else:
            return "damaged"


def _scan_end(data: bytes, pos: int) -> int:
    """Where the marker ending the entropy-coded data from `pos` starts; -1 if none does."""
    while (found := _MARKER_IN_SCAN.search(data, pos)) is not None:
        pos = found.start()
        if data[pos + 1] != 0xFF:
            return pos
        pos += 1  # a fill byte before the marker
    return -1


def png_header(data: bytes) -> tuple[int, int] | None:
    if len(data) >= 24 and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20]), int.from_bytes(data[20:24])
    return None


def measure_photo(
    name: str, data: bytes, rules: PhotoRules, *, size: int | None = None
) -> PhotoFacts:
    """Everything the checks need to know about one file.

    `data` is the whole file, or only its first HEAD_BYTES when `size` says the file is larger
    (too large to be worth reading): then only the header is looked at.
    """
    size = len(data) if size is None else size
    whole = len(data) >= size
    fmt = sniff_format(data[:16])
    sha256 = hashlib.sha256(data).hexdigest() if whole else None
    if fmt != "JPEG":
        width_height = png_header(data) if fmt == "PNG" else _pillow_size(data, fmt)
        if width_height is None and fmt in _WEAK_MAGIC:
            fmt = None  # two bytes of text that happen to look like a bitmap's start
        width, height = width_height or (None, None)
        return PhotoFacts(name, size, fmt, width, height, sha256=sha256)
    header = jpeg_header(data)
    if header is None:
        return PhotoFacts(name, size, fmt, problem="damaged" if whole else "skipped", sha256=sha256)
    width, height = header
    if width * height > rules.max_pixels or sha256 is None:  # too many pixels, or not read whole
        problem = None if whole else "skipped"
        return PhotoFacts(name, size, fmt, width, height, problem=problem, sha256=sha256)
    return _decode_jpeg(name, data, size, width, height, sha256, rules)


def _pillow_size(data: bytes, fmt: str | None) -> tuple[int, int] | None:
    if fmt is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return image.size
    except Exception:  # any malformed picture just has no known size
        return None


def _decode_jpeg(
    name: str, data: bytes, size: int, width: int, height: int, sha256: str, rules: PhotoRules
) -> PhotoFacts:
    ImageFile.LOAD_TRUNCATED_IMAGES = False  # never accept a cut-off file as whole
    mode = software = orientation = None
    try:
        image = Image.open(io.BytesIO(data), formats=("JPEG", "MPO"))
        mode = image.mode
        software, orientation = _metadata(image)
        scale = _reduced_scale(width, height)
        if scale > 1:
            image.draft("RGB", (width // scale, height // scale))
        image.load()
    except Exception as error:  # a broken file is a finding, not a crash
        problem: str | None = "truncated" if "truncated" in str(error).lower() else "damaged"
        return PhotoFacts(
            name, size, "JPEG", width, height, mode, software, problem=problem, sha256=sha256
        )
    problem = jpeg_stream_status(data)
    if problem is not None:
        return PhotoFacts(
            name, size, "JPEG", width, height, mode, software, problem=problem, sha256=sha256
        )
    pixel_hash = hashlib.blake2b(
        b"%dx%d:%s:" % (width, height, image.mode.encode()) + image.tobytes(), digest_size=16
    ).hexdigest()
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    if orientation in _TRANSPOSE:
        rgb = rgb.transpose(_TRANSPOSE[orientation])
    background, color = _colour_stats(rgb, rules)
    return PhotoFacts(
        name,
        size,
        "JPEG",
        width,
        height,
        mode,
        software,
        decoded=True,
        background_share=background,
        color_share=color,
        sha256=sha256,
        pixel_hash=pixel_hash,
        orientation=orientation,
    )


def _reduced_scale(width: int, height: int) -> int:
    for scale in (8, 4, 2):
        if min(width, height) // scale >= _MIN_REDUCED_SIDE:
            return scale
    return 1


def _metadata(image: Image.Image) -> tuple[str | None, int | None]:
    """(editing software, EXIF orientation) as the file records them."""
    software: object = None
    orientation: object = None
    if "exif" in image.info:
        exif = image.getexif()
        orientation = exif.get(_ORIENTATION_TAG)
        software = exif.get(_SOFTWARE_TAG) or exif.get(_PROCESSING_SOFTWARE_TAG)
    xmp = image.info.get("xmp")
    if not software and isinstance(xmp, bytes) and (tool := _XMP_TOOL.search(xmp)):
        software = tool[1]
    if isinstance(software, bytes):
        software = software.decode("utf-8", "replace")
    elif isinstance(software, str) and not software.isascii():
        software = _redecoded(software)
    text = software.strip("\x00 ") if isinstance(software, str) else ""
    return text or None, orientation if isinstance(orientation, int) else None


def _redecoded(text: str) -> str:
    """EXIF text as its writer meant it: Pillow reads it as Latin-1, Chinese apps write UTF-8
    (phones) or GBK (Windows)."""
    try:
        raw = text.encode("latin-1")
    except UnicodeError:
        return text
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeError:
            continue
    return text


def _colour_stats(rgb: Image.Image, rules: PhotoRules) -> tuple[float, float]:
    """(near-white share of the top band and upper sides, share of clearly coloured pixels).

    The bottom is left out: shoulders legitimately reach the bottom edge of an ID photo.
    Thresholds are applied by clipped subtraction (a pixel passes where the result is above
    zero), which costs less than building lookup tables for Image.point on every photo.
    """
    size = width, height = rgb.size
    _, saturation, value = rgb.convert("HSV").split()
    bright = ImageChops.subtract(value, Image.new("L", size, rules.background_min_value - 1))
    pale = ImageChops.subtract(
        Image.new("L", size, rules.background_max_saturation + 1), saturation
    )
    white = ImageChops.darker(bright, pale)
    band, side, lower = max(1, height // 10), max(1, width // 10), max(2, height * 45 // 100)
    boxes = ((0, 0, width, band), (0, band, side, lower), (width - side, band, width, lower))
    counted = sum((b[2] - b[0]) * (b[3] - b[1]) for b in boxes)
    near_white = counted - sum(white.crop(box).histogram()[0] for box in boxes)
    floor = Image.new("L", size, _COLOURED)
    coloured = ImageChops.darker(
        ImageChops.subtract(saturation, floor), ImageChops.subtract(value, floor)
    )
    return near_white / counted, 1 - coloured.histogram()[0] / (width * height)
