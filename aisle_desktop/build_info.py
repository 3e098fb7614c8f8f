"""Which build of Aisle this is: version, source revision and catalog date, for --version.

A bundle carries its revision in resources/build-info.json, written by `make bundle`; a source
checkout asks git (a local command, no network). Anything else says "unknown".
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from aisle_desktop import __version__

PACKAGE_DIR = Path(__file__).resolve().parent
BUILD_INFO = PACKAGE_DIR / "resources" / "build-info.json"


def _recorded_revision() -> str | None:
    """The revision `make bundle` wrote into the bundle, if this is one."""
    try:
        return str(json.loads(BUILD_INFO.read_text(encoding="utf-8"))["revision"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def source_revision() -> str:
    """The git revision this code was built from."""
    recorded = _recorded_revision()
    if recorded is not None:
        return recorded
    repo = PACKAGE_DIR.parent
    if not (repo / ".git").exists():
        return "unknown"
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short=12", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    revision = done.stdout.strip()
    return revision if done.returncode == 0 and revision else "unknown"


def version_text(catalog_date: str) -> str:
    return (
        f"aisle-desktop {__version__}\n"
        f"catalog as of {catalog_date}\n"
        f"source revision {source_revision()}"
    )
