"""Bundle figures: its size unpacked and packed, and how long it takes to a window with results.

Issue 6's targets: under 250 MB unpacked, start-up to a shown window under 2 s on this 2-core
machine. The time printed is an upper bound: the bundle renders the window offscreen, waits for
the sized plan and the GPU comparison, writes a screenshot and exits.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "aisle-desktop"


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> None:
    program = BUNDLE / "aisle-desktop"
    if not program.exists():
        print("no bundle in dist/: run `make bundle` first")
        return
    size_mb = folder_bytes(BUNDLE) / 1e6
    archives = sorted(BUNDLE.parent.glob("aisle-desktop-*.tar.gz"))
    packed = f"{archives[-1].stat().st_size / 1e6:.0f} MB packed" if archives else "no archive"
    print(f"{'bundle size':<46} {size_mb:>8.0f} MB   target: < 250 MB unpacked ({packed})")
    with tempfile.TemporaryDirectory() as tmp:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(
                [str(program), "--screenshot", str(Path(tmp) / "w.png")],
                check=True,
                capture_output=True,
                env={"QT_QPA_PLATFORM": "offscreen", "HOME": tmp},
            )
            times.append(time.perf_counter() - start)
    print(
        f"{'bundle start to a window with results':<46} {min(times):>8.2f} s    "
        "target: < 2 s to a shown window (this includes sizing, GPU comparison and saving)"
    )


if __name__ == "__main__":
    main()
