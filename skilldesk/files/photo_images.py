"""Photo pixels with Pillow: a re-encoded JPEG that meets a profile, and fast thumbnails.

Re-encoding never alters what the picture shows: no cropping, no retouching, no colour change
beyond CMYK → RGB (and transparency laid on white, which is what every viewer shows). It turns
the picture upright by its EXIF orientation, enlarges one that is too small (Lanczos, aspect
ratio kept), scales a big one down to BOX, and finds a JPEG quality that lands the file inside
the size limits with room to spare (SAFE_MAX_BYTES). A file that stays too small even at the
highest quality is refused rather than padded.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from skilldesk.core.profiles import PhotoRules

DEFAULT_QUALITY = 90
MAX_QUALITY = 95
MIN_QUALITY = 40  # below this JPEG artefacts start to show on faces; shrink instead
SHRINK_STEP = 0.85
# What the platform shows and prints needs no more: a 2400×3200 phone photo is scaled down to
# 600×800 (a landscape one to 800×600), aspect ratio kept, never below the minimum.
BOX = (600, 800)
# "小于2M" read as 2,000,000 bytes as well as 2 MiB: a fixed photo stays under both.
SAFE_MAX_BYTES = 2_000_000


def needs_downsizing(size: int) -> bool:
    """A photo the rules accept but one stricter reading of "2M" would refuse: fix it too."""
    return size >= SAFE_MAX_BYTES


class CannotFix(Exception):
    """The picture cannot be made compliant; str() says why, in Chinese."""


@dataclass(frozen=True, slots=True)
class Reencoded:
    """A compliant JPEG and what was done to get it (Chinese phrases for the report)."""

    data: bytes
    width: int
    height: int
    quality: int
    changes: tuple[str, ...]


def reencode_to_rules(content: bytes, rules: PhotoRules) -> Reencoded:
    """A JPEG of `content` that meets `rules` for bytes, pixels and format; raises CannotFix."""
    image, changes = _open_upright(content, rules)
    width, height = image.size
    if width <= rules.min_width or height <= rules.min_height:
        scale = max((rules.min_width + 1) / width, (rules.min_height + 1) / height)
        size = (math.ceil(width * scale), math.ceil(height * scale))
        image = image.resize(size, Image.Resampling.LANCZOS)
        changes.append(f"放大到{size[0]}×{size[1]}像素（保持比例）")
    image = _within_box(image, rules, changes)
    extras = _kept_metadata(image)
    ceiling = min(rules.max_bytes, SAFE_MAX_BYTES)
    data, quality = _fit_quality(image, rules, extras, ceiling)
    while len(data) >= ceiling:
        size = (int(image.width * SHRINK_STEP), int(image.height * SHRINK_STEP))
        if size[0] <= rules.min_width or size[1] <= rules.min_height:
            raise CannotFix("即使降低质量和缩小尺寸，文件仍然超过大小上限")
        image = image.resize(size, Image.Resampling.LANCZOS)
        changes.append(f"缩小到{size[0]}×{size[1]}像素（保持比例）")
        data, quality = _fit_quality(image, rules, extras, ceiling)
    if len(data) <= rules.min_bytes:
        raise CannotFix(
            f"即使以最高质量重新保存也只有{len(data) / 1024:.1f}KB，"
            f"不足{rules.min_bytes // 1024}KB；为不虚假填充，未生成副本，请使用更清晰的原图"
        )
    changes.append(f"重新保存为JPG（质量{quality}）")
    return Reencoded(data, image.width, image.height, quality, tuple(changes))


def _within_box(image: Image.Image, rules: PhotoRules, changes: list[str]) -> Image.Image:
    short, long = sorted(BOX)
    width, height = image.size
    scale = min(long / max(width, height), short / min(width, height))
    if scale >= 1:
        return image
    size = (round(width * scale), round(height * scale))
    if size[0] <= rules.min_width or size[1] <= rules.min_height:
        return image  # an odd shape the box would squeeze below the minimum: left for the check
    resized = image.resize(size, Image.Resampling.LANCZOS)
    resized.info = image.info
    changes.append(f"缩小到{size[0]}×{size[1]}像素（保持比例）")
    return resized


def _open_upright(content: bytes, rules: PhotoRules) -> tuple[Image.Image, list[str]]:
    changes: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            if image.width * image.height > rules.max_pixels:
                raise CannotFix("照片像素数异常巨大，为安全起见未打开")
            image.load()
    except CannotFix:
        raise
    except Exception as error:
        raise CannotFix("无法读取这张图片（格式不支持或文件已损坏），请使用原图") from error
    if image.format != "JPEG":
        changes.append(f"由{image.format or '未知'}格式转为JPG")
    orientation = image.getexif().get(0x0112)
    upright = ImageOps.exif_transpose(image)
    if orientation not in (None, 1):
        changes.append("按拍摄方向转正")
    return _as_rgb(upright if upright is not None else image, changes), changes


def _as_rgb(image: Image.Image, changes: list[str]) -> Image.Image:
    mode = image.mode
    if mode == "RGB":
        return image
    if mode == "CMYK":
        changes.append("由CMYK（印刷）色彩转为RGB")
        return _cmyk_to_rgb(image)
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        changes.append("透明部分按白色处理")
        flat.info = image.info
        return flat
    converted = image.convert("RGB")
    converted.info = image.info
    return converted


def _cmyk_to_rgb(image: Image.Image) -> Image.Image:
    profile = image.info.get("icc_profile")
    if profile:
        try:
            from PIL import ImageCms

            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
            if converted is not None:
                return converted
        except Exception:  # a broken embedded profile: fall back to the plain formula
            pass
    return image.convert("RGB")


def _kept_metadata(image: Image.Image) -> dict[str, bytes]:
    """EXIF (orientation already applied and removed) and an RGB colour profile travel along;
    they say where the photo came from, which the checks read."""
    extras: dict[str, bytes] = {}
    exif = image.getexif()
    if exif:
        exif.pop(0x0112, None)
        extras["exif"] = exif.tobytes()
    profile = image.info.get("icc_profile")
    if isinstance(profile, bytes) and image.mode == "RGB" and b"RGB " in profile[:24]:
        extras["icc_profile"] = profile
    return extras


def _encode(image: Image.Image, quality: int, extras: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, **extras)
    return buffer.getvalue()


def _fit_quality(
    image: Image.Image, rules: PhotoRules, extras: dict[str, bytes], ceiling: int
) -> tuple[bytes, int]:
    """The best quality whose file is under `ceiling`; or the highest, if all are small."""
    data = _encode(image, DEFAULT_QUALITY, extras)
    if len(data) <= rules.min_bytes:
        return _encode(image, MAX_QUALITY, extras), MAX_QUALITY
    if len(data) < ceiling:
        return data, DEFAULT_QUALITY
    low, high = MIN_QUALITY, DEFAULT_QUALITY - 1
    best: tuple[bytes, int] | None = None
    while low <= high:
        middle = (low + high) // 2
        attempt = _encode(image, middle, extras)
        if len(attempt) < ceiling:
            best, low = (attempt, middle), middle + 1
        else:
            high = middle - 1
    return best or (_encode(image, MIN_QUALITY, extras), MIN_QUALITY)


def make_thumbnail(content: bytes, size: int) -> Image.Image:
    """An upright RGB picture fitting a `size`×`size` box, decoded at reduced scale when JPEG.

    libjpeg's draft mode decodes at 1/2, 1/4 or 1/8 scale, skipping most of the work; the
    result is then resampled down to the box. Raises on an unreadable picture.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        opened = Image.open(io.BytesIO(content))
        target = _fitted(opened.size, size)
        if opened.format == "JPEG":
            # Asking for the final size (not the box) lets libjpeg pick the smallest scale.
            opened.draft("RGB", target)
        opened.load()
    image: Image.Image = opened
    if image.mode != "RGB":
        image = _as_rgb(image, [])
    if image.size != target:
        image = image.resize(target, Image.Resampling.BILINEAR, reducing_gap=2.0)
    orientation = image.getexif().get(0x0112) if "exif" in image.info else None
    if orientation in _ORIENTATIONS:
        image = image.transpose(_ORIENTATIONS[orientation])
    return image


def _fitted(size: tuple[int, int], box: int) -> tuple[int, int]:
    """`size` scaled down (never up) to fit a box×box square, aspect ratio kept."""
    width, height = size
    scale = min(1.0, box / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


_ORIENTATIONS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def thumbnail_jpeg(image: Image.Image, quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()
