"""Measuring real image files made here: formats, damage, bombs, exact sizes, colour, editors."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image, ImageDraw, ImageFile

from skilldesk.core.profiles import load_profile
from skilldesk.core.rules.photos import PhotoFacts, check_photo, duplicate_findings
from skilldesk.files.photo_probe import jpeg_stream_status, measure_photo, sniff_format
from skilldesk.services.sample_data import make_portrait_jpeg

RULES = load_profile().photo
NAME = "330822199012153426张三.jpg"


def portrait(size: tuple[int, int] = (390, 567), background: tuple[int, int, int] = (255,) * 3):
    """A simple colour head-and-shoulders picture on the given background."""
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.ellipse((width * 0.1, height * 0.72, width * 0.9, height * 1.3), fill=(30, 40, 90))
    draw.ellipse((width * 0.3, height * 0.2, width * 0.7, height * 0.65), fill=(230, 190, 160))
    return image


def jpeg_bytes(image: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **{"quality": 90, **options})
    return buffer.getvalue()


def encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def with_comment(data: bytes, payload_size: int) -> bytes:
    """The JPEG with a COM segment of `payload_size` bytes right after its start marker."""
    segment = b"\xff\xfe" + struct.pack(">H", payload_size + 2) + b"x" * payload_size
    return data[:2] + segment + data[2:]


def padded_to(data: bytes, size: int) -> bytes:
    """A valid JPEG of exactly `size` bytes: COM segments where they fit, trailing bytes after."""
    while size - len(data) >= 4:
        data = with_comment(data, min(65533, size - len(data) - 4))
    return data + b"\x00" * (size - len(data))


def measure(data: bytes, name: str = NAME) -> PhotoFacts:
    return measure_photo(name, data, RULES)


def codes_of(data: bytes, name: str = NAME) -> list[str]:
    return [f.code for f in check_photo(measure(data, name), RULES)]


def test_a_good_portrait() -> None:
    data = make_portrait_jpeg(7, quality=95)
    facts = measure(data)
    assert (facts.format, facts.width, facts.height, facts.mode) == ("JPEG", 390, 567, "RGB")
    assert facts.decoded and facts.problem is None
    assert facts.size == len(data) and len(facts.sha256 or "") == 64
    assert (facts.background_share or 0) > 0.95 and (facts.color_share or 0) > 0.05
    assert check_photo(facts, RULES) == []


@pytest.mark.parametrize(("fmt", "magic"), [("PNG", "PNG"), ("BMP", "BMP"), ("GIF", "GIF")])
def test_other_picture_formats_are_not_jpeg_whatever_the_name(fmt: str, magic: str) -> None:
    data = encoded(portrait(), fmt)
    facts = measure(data)
    assert (facts.format, facts.width, facts.height) == (magic, 390, 567)
    assert codes_of(data) == ["PHOTO_NOT_JPEG"]


def test_jpeg_content_under_another_extension() -> None:
    data = padded_to(jpeg_bytes(portrait()), 40_000)
    assert codes_of(data, "330822199012153426张三.png") == ["PHOTO_EXTENSION"]
    assert codes_of(data, "330822199012153426张三.JPEG") == []


def test_sniffing_looks_at_content() -> None:
    assert sniff_format(b"\xff\xd8\xff\xe0") == "JPEG"
    assert sniff_format(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "WEBP"
    assert sniff_format(b"\x00\x00\x00\x18ftypheic") == "HEIF"
    assert sniff_format(b"PK\x03\x04") is None


@pytest.mark.parametrize("cut", [2, 1000, 10_000])
def test_a_truncated_jpeg_is_corrupt(cut: int) -> None:
    data = padded_to(jpeg_bytes(portrait()), 50_000)[:-cut]  # still above the 30 KB floor
    facts = measure(data)
    assert not facts.decoded and facts.problem == "truncated"
    assert codes_of(data) == ["PHOTO_CORRUPT"]


def test_truncation_is_caught_even_if_someone_allowed_truncated_images() -> None:
    data = jpeg_bytes(portrait())[:-500]
    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        assert measure(data).problem == "truncated"
        assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def test_garbage_in_place_of_the_end_is_corrupt() -> None:
    data = bytearray(make_portrait_jpeg(3, quality=95))
    half = len(data) // 2
    data[half:] = bytes((i * 151 + 7) % 256 for i in range(len(data) - half))
    assert measure(bytes(data)).problem in ("damaged", "truncated")


def test_a_header_alone_is_corrupt() -> None:
    data = jpeg_bytes(portrait())[:400]
    assert codes_of(data) == ["PHOTO_TOO_SMALL_BYTES", "PHOTO_CORRUPT"]


def test_progressive_restart_and_trailing_data_are_fine() -> None:
    image = portrait()
    for data in (
        jpeg_bytes(image, progressive=True),
        jpeg_bytes(image, restart_marker_rows=1),
        jpeg_bytes(image) + b"\x00" * 100,
        with_comment(jpeg_bytes(image), 1000),
    ):
        assert jpeg_stream_status(data) is None
        assert measure(data).decoded


def header_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header claims other dimensions (a decompression bomb)."""
    data = bytearray(jpeg_bytes(portrait((64, 64))))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def test_a_decompression_bomb_is_refused_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    handed_to_pillow: list[object] = []

    def refuse_to_open(*args: object, **kwargs: object) -> Image.Image:
        handed_to_pillow.append(args)
        raise AssertionError("a bomb must not reach the decoder")

    data = header_claiming(40_000, 40_000)
    monkeypatch.setattr(Image, "open", refuse_to_open)
    facts = measure(data)
    monkeypatch.undo()
    assert handed_to_pillow == []  # the header alone decided: 1.6 gigapixels never decoded
    assert (facts.width, facts.height, facts.decoded) == (40_000, 40_000, False)
    found = [f.code for f in check_photo(facts, RULES)]
    assert found == ["PHOTO_TOO_SMALL_BYTES", "PHOTO_TOO_MANY_PIXELS"]  # the bomb is tiny


def test_a_png_bomb_is_refused_too() -> None:
    data = bytearray(encoded(portrait((64, 64)), "PNG"))
    data[16:24] = struct.pack(">II", 50_000, 50_000)
    assert measure(bytes(data)).width == 50_000
    assert codes_of(bytes(data)) == ["PHOTO_NOT_JPEG", "PHOTO_TOO_MANY_PIXELS"]


def test_exact_byte_boundaries() -> None:
    small = jpeg_bytes(portrait(), quality=60)
    assert len(small) < 30 * 1024
    assert codes_of(padded_to(small, 30 * 1024)) == ["PHOTO_TOO_SMALL_BYTES"]
    assert codes_of(padded_to(small, 30 * 1024 + 1)) == []
    assert codes_of(padded_to(small, 2 * 1024 * 1024 - 1)) == []
    assert codes_of(padded_to(small, 2 * 1024 * 1024)) == ["PHOTO_TOO_LARGE_BYTES"]
    assert codes_of(small + b"\x00" * (30 * 1024 - len(small))) == ["PHOTO_TOO_SMALL_BYTES"]


def test_small_dimensions() -> None:
    data = padded_to(jpeg_bytes(portrait((215, 300))), 40_000)
    assert codes_of(data) == ["PHOTO_DIMENSIONS"]
    assert codes_of(padded_to(jpeg_bytes(portrait((216, 301))), 40_000)) == []


def test_grayscale_cmyk_and_landscape() -> None:
    image = portrait()
    grey = padded_to(jpeg_bytes(image.convert("L")), 40_000)
    assert measure(grey).mode == "L"
    assert codes_of(grey) == ["PHOTO_GRAYSCALE"]
    grey_as_rgb = padded_to(jpeg_bytes(image.convert("L").convert("RGB")), 40_000)
    assert codes_of(grey_as_rgb) == ["PHOTO_GRAYSCALE"]
    cmyk = padded_to(jpeg_bytes(image.convert("CMYK")), 40_000)
    assert measure(cmyk).mode == "CMYK"
    assert codes_of(cmyk) == ["PHOTO_CMYK"]
    wide = padded_to(jpeg_bytes(portrait((567, 390))), 40_000)
    assert codes_of(wide) == ["PHOTO_LANDSCAPE"]


def test_coloured_backgrounds_are_warned_about_but_shoulders_are_not() -> None:
    blue = padded_to(jpeg_bytes(portrait(background=(67, 142, 219))), 40_000)
    assert codes_of(blue) == ["PHOTO_BACKGROUND"]
    red = padded_to(jpeg_bytes(portrait(background=(200, 30, 40))), 40_000)
    assert codes_of(red) == ["PHOTO_BACKGROUND"]
    off_white = padded_to(jpeg_bytes(portrait(background=(238, 238, 232))), 40_000)
    assert codes_of(off_white) == []  # the dark shirt fills the lower corners


def test_editor_software_in_exif_or_xmp() -> None:
    image = portrait()
    for software, raw in (
        ("Adobe Photoshop CC 2019 (Windows)", "Adobe Photoshop CC 2019 (Windows)"),
        ("醒图", "醒图".encode()),  # phone apps write UTF-8
        ("美图秀秀", "美图秀秀".encode("gbk")),  # Windows programs write GBK
    ):
        exif = Image.Exif()
        exif[0x0131] = raw
        data = padded_to(jpeg_bytes(image, exif=exif.tobytes()), 40_000)
        assert measure(data).software == software
        assert codes_of(data) == ["PHOTO_EDITED"]
    xmp = b'<x:xmpmeta><rdf:Description xmp:CreatorTool="Adobe Photoshop Lightroom"/></x:xmpmeta>'
    data = padded_to(jpeg_bytes(image, xmp=xmp), 40_000)
    assert codes_of(data) == ["PHOTO_EDITED"]


def test_a_photo_turned_by_its_exif_orientation() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned a quarter: stored landscape, seen portrait
    stored = portrait().transpose(Image.Transpose.ROTATE_90)  # lying on its side
    data = padded_to(jpeg_bytes(stored, exif=exif.tobytes()), 40_000)
    facts = measure(data)
    assert facts.orientation == 6
    found = check_photo(facts, RULES)
    assert [f.code for f in found] == ["PHOTO_LANDSCAPE"]
    assert "方向" in found[0].message


def test_the_same_pixels_saved_twice_are_duplicates() -> None:
    data = jpeg_bytes(portrait())
    copy = with_comment(data, 50)  # other bytes, same picture
    other = jpeg_bytes(portrait((380, 560)))
    files = [measure(data, "a.jpg"), measure(copy, "b.jpg"), measure(other, "c.jpg")]
    assert files[0].sha256 != files[1].sha256
    assert files[0].pixel_hash == files[1].pixel_hash
    assert sorted(duplicate_findings(files)) == [0, 1]


def test_not_a_picture_at_all() -> None:
    facts = measure(b"%PDF-1.7 not a photo", "报名表.pdf")
    assert facts.format is None
    assert [f.code for f in check_photo(facts, RULES)] == ["PHOTO_NOT_JPEG"]


def test_a_file_too_large_to_read_is_judged_by_its_header() -> None:
    data = jpeg_bytes(portrait())
    facts = measure_photo(NAME, data, RULES, size=100 * 1024 * 1024)
    assert (facts.format, facts.width, facts.problem) == ("JPEG", 390, "skipped")
    assert [f.code for f in check_photo(facts, RULES)] == ["PHOTO_TOO_LARGE_BYTES"]
