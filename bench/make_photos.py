"""Write a folder of N fictional ID photos (~60 KB, 390×567 JPEG) named 证件号码+姓名.jpg.

    .venv/bin/python -m bench.make_photos 2000 bench/data/photos-2000

`distinct` portraits are drawn (the slow part, ~35 ms each); the rest are variants of them
(mirrored, saved at a neighbouring quality), so every file has its own pixels and bytes.
Folders are reused when complete (a `.done` file beside them says so).
"""

from __future__ import annotations

import io
import multiprocessing
import shutil
import sys
from pathlib import Path

from skilldesk.services.sample_data import make_candidates, make_portrait_jpeg

QUALITY = 93  # ~60 KB at 390×567 for these portraits
DISTINCT = 2000


def _draw(seed: int) -> bytes:
    return make_portrait_jpeg(seed, quality=QUALITY)


def _variant(job: tuple[bytes, int]) -> bytes:
    from PIL import Image

    data, variant = job
    image = Image.open(io.BytesIO(data))
    if variant % 2:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=QUALITY + (variant // 2) % 2)
    return buffer.getvalue()


def write_photos(folder: Path, count: int, *, distinct: int = DISTINCT, seed: int = 1) -> Path:
    """Fill `folder` with `count` photos (unless already done) and return it."""
    folder = Path(folder)
    done = folder.with_name(folder.name + ".done")
    if done.exists() and len(list(folder.iterdir())) == count:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    people = make_candidates(count, seed=seed)
    distinct = min(distinct, count)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        bases = pool.map(_draw, range(seed * 100_000, seed * 100_000 + distinct), chunksize=16)
        jobs = [(bases[i % distinct], i // distinct) for i in range(distinct, count)]
        photos = bases + pool.map(_variant, jobs, chunksize=32)
    for person, data in zip(people, photos, strict=True):
        (folder / f"{person['id_number']}{person['name']}.jpg").write_bytes(data)
    done.touch()
    return folder


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else DISTINCT
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"bench/data/photos-{count}")
    write_photos(folder, count)
    sizes = [p.stat().st_size for p in folder.iterdir()]
    print(f"{folder}: {len(sizes)} photos, {min(sizes) // 1024}–{max(sizes) // 1024} KB")


if __name__ == "__main__":
    main()
