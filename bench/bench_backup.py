"""Backing up a workspace with N stored photos, against zipping the same files bare.

    .venv/bin/python -m bench.bench_backup [PHOTOS]

Builds a workspace whose photo store holds PHOTOS (default 2,000) fictional ~60 KB portraits
(from bench/data, made once by bench.make_photos), then times `make_backup` (database
snapshot, every photo, manifest, atomic swap) against `zipfile` writing the same photo files
and database stored, with nothing else. Then the restore, against a bare extract.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from bench.common import time_call
from bench.make_photos import write_photos

DATA = Path(__file__).resolve().parent / "data"


def main() -> None:
    from skilldesk.services.backup import make_backup, restore_backup
    from skilldesk.services.photo_store import store_photo
    from skilldesk.services.workspace import open_workspace

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    source = write_photos(DATA / f"photos-{count}", count)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        workspace = open_workspace(root / "ws")
        for path in sorted(source.glob("*.jpg")):
            store_photo(workspace.photos_dir, path.read_bytes())
        photos = sorted(workspace.photos_dir.glob("??/*.jpg"))
        total_mb = sum(p.stat().st_size for p in photos) / 1024 / 1024

        def bare_zip() -> None:
            (root / "bare.zip").unlink(missing_ok=True)  # each run writes a new file, as a user's
            with zipfile.ZipFile(root / "bare.zip", "w") as archive:
                archive.write(workspace.store.db_path, "skilldesk.db")
                for photo in photos:
                    archive.write(photo, photo.relative_to(workspace.data_dir).as_posix())

        def backup() -> None:
            (root / "backup.zip").unlink(missing_ok=True)
            make_backup(workspace, root / "backup.zip")

        def bare_extract() -> None:
            shutil.rmtree(root / "bare-out", ignore_errors=True)
            with zipfile.ZipFile(root / "bare.zip") as archive:
                archive.extractall(root / "bare-out")

        def restore() -> None:
            shutil.rmtree(root / "restored", ignore_errors=True)
            restore_backup(root / "backup.zip", root / "restored")

        baseline = time_call(bare_zip)
        made = time_call(backup)
        extract = time_call(bare_extract)
        restored = time_call(restore)
        workspace.close()
    print(f"photos: {len(photos)} ({total_mb:.0f} MB)")
    print(f"{'bare zipfile of the same files (baseline)':<44} {baseline:7.3f} s")
    print(f"{'make_backup':<44} {made:7.3f} s   {made / baseline:5.2f}× baseline")
    print(f"{'bare extract (baseline)':<44} {extract:7.3f} s")
    print(
        f"{'restore_backup (checks every SHA-256)':<44} {restored:7.3f} s   "
        f"{restored / extract:5.2f}× baseline"
    )


if __name__ == "__main__":
    main()
