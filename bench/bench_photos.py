"""Photo check speed and memory, as whole processes, against a bare Pillow full decode.

    .venv/bin/python -m bench.bench_photos [COUNT] [MEMORY_COUNT]

Targets (issue 3): `photos check --json DIR` of 2,000 ~60 KB photos ≤ 1.0× a bare
single-process `Image.open(f).load()` loop; peak memory under 300 MB at 10,000 photos.
Photo folders are generated once under bench/data/ (git-ignored) by bench.make_photos.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import PYTHON, report, time_process
from bench.make_photos import write_photos

DATA = Path(__file__).parent / "data"
BARE_PILLOW = (
    "import sys, pathlib\n"
    "from PIL import Image\n"
    "for f in sorted(pathlib.Path(sys.argv[1]).rglob('*.jpg')):\n"
    "    Image.open(f).load()\n"
)
IN_PROCESS = (
    "import sys\n"
    "from pathlib import Path\n"
    "from skilldesk.services.photos import check_photos\n"
    "check_photos(Path(sys.argv[1]), workers=int(sys.argv[2]))\n"
)
# Runs a command and prints the largest resident set any process of its tree reached (KB).
MAX_RSS = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, now (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[int(entry)] = next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")),
            0,
        )
    tree, changed = {root}, True
    while changed:
        grown = tree | {pid for pid, parent in parents.items() if parent in tree}
        changed, tree = grown != tree, grown
    return sum(rss.get(pid, 0) for pid in tree)


def peak_memory(command: list[str]) -> tuple[float, float]:
    """(largest single process, largest sum over the process tree) in MB."""
    process = subprocess.Popen([PYTHON, "-c", MAX_RSS, *command], stdout=subprocess.PIPE, text=True)
    peak_sum = 0
    while process.poll() is None:
        if os.path.isdir("/proc"):
            peak_sum = max(peak_sum, _tree_rss_kb(process.pid))
        time.sleep(0.05)
    largest = int(process.stdout.read().strip()) if process.stdout else 0
    return largest / 1024, peak_sum / 1024


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    memory_count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    folder = write_photos(DATA / f"photos-{count}", count)
    sizes = [p.stat().st_size for p in folder.iterdir()]
    skilldesk = [PYTHON, "-m", "skilldesk", "photos", "check", "--json", str(folder)]
    print(
        f"{count} photos of 390×567, {min(sizes) // 1024}–{max(sizes) // 1024} KB "
        f"(mean {sum(sizes) // len(sizes) // 1024} KB); {os.cpu_count()} CPUs; medians of 5 runs"
    )
    baseline = time_process([PYTHON, "-c", BARE_PILLOW, str(folder)])
    report("bare Pillow full decode, one process", baseline, baseline)
    report("skilldesk photos check --json", time_process(skilldesk), baseline, limit=1.0)
    alone = time_process([PYTHON, "-c", IN_PROCESS, str(folder), "1"])
    report("check_photos in one process (no pool)", alone, baseline)

    print("\nsmall batches: worker pool against one process (whole process, medians of 3)")
    for small in (50, 100, 200, 400):
        subset = DATA / f"photos-{small}"
        write_photos(subset, small)
        one = time_process([PYTHON, "-c", IN_PROCESS, str(subset), "1"], repeat=3)
        two = time_process([PYTHON, "-c", IN_PROCESS, str(subset), "2"], repeat=3)
        print(f"  {small:>5} photos: one process {one:6.3f} s   pool of 2 {two:6.3f} s")

    big = write_photos(DATA / f"photos-{memory_count}", memory_count)
    command = [PYTHON, "-m", "skilldesk", "photos", "check", "--json", str(big)]
    start = time.perf_counter()
    largest, total = peak_memory(command)
    elapsed = time.perf_counter() - start
    verdict = "ok" if max(largest, total) < 300 else "OVER"
    print(
        f"\n{memory_count} photos: {elapsed:.1f} s; peak RSS of the largest process {largest:.0f} MB, "
        f"of all processes together {total:.0f} MB (target < 300 MB: {verdict})"
    )


if __name__ == "__main__":
    main()
