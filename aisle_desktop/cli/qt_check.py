"""Whether the Qt packages a command draws with are installed, and what to say when not.

The sizing commands run on plain Python; the window and the PDF report need PySide6 (and the
window pyqtgraph). An installation without them (a server's Python, the Qt-free core) must get
one line naming what is missing and how to install it, never a traceback.
"""

from __future__ import annotations

import importlib
import sys
from importlib import metadata

# The import name of each package, and the distribution pip installs it from.
QT_DISTRIBUTIONS = {
    "PySide6": "pyside6-essentials",
    "PySide6.QtPdfWidgets": "pyside6-addons",
    "pyqtgraph": "pyqtgraph",
}
QT_NAMES = {
    "PySide6": "PySide6 (Qt for Python)",
    "PySide6.QtPdfWidgets": "QtPdf (its Print Preview)",
    "pyqtgraph": "pyqtgraph (its plots)",
}


def _pinned(distribution: str) -> str:
    """``pyside6-essentials==6.11.3`` as Aisle's own metadata pins it, else the bare name."""
    try:
        wanted = metadata.requires("aisle-desktop") or []
    except metadata.PackageNotFoundError:  # run from a source folder that is not installed
        wanted = []
    return next((r for r in wanted if r.lower().startswith(distribution + "==")), distribution)


def missing_qt(job: str, packages: tuple[str, ...] = ("PySide6",)) -> str | None:
    """The message for ``job`` ("drawing the PDF report") when a package it needs is missing;
    None when all import."""
    missing = []
    for name in packages:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if not missing:
        return None
    pins = " ".join(f"'{_pinned(QT_DISTRIBUTIONS[name])}'" for name in missing)
    said = [QT_NAMES[name] for name in missing]
    names = " and ".join([", ".join(said[:-1]), said[-1]] if len(said) > 1 else said)
    them = "it" if len(missing) == 1 else "them"
    return (
        f"{job} needs {names}, which this Python ({sys.executable}) does not have. Install "
        f"{them} with `{sys.executable} -m pip install {pins}`, or run `make deps` in Aisle's "
        f"source folder, or use the air-gapped bundle, which includes {them}. The commands "
        "size, bom, sensitivity, plan, catalog, predict and validate work without Qt."
    )
