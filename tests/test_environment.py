"""Checks of the machine and the layering, before any test of Aisle itself means anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest


def test_qt_has_a_font_with_latin_glyphs(request: pytest.FixtureRequest) -> None:
    """Without a font package Qt draws every glyph as a box and PDFs embed no font, silently."""
    qt_gui = pytest.importorskip("PySide6.QtGui")
    pytest.importorskip("pytestqt")
    # pytest-qt's session QApplication (a QGuiApplication, offscreen here). Creating a plain
    # QGuiApplication instead would leave the session unable to build any widget.
    request.getfixturevalue("qapp")

    font = qt_gui.QFont()
    family = qt_gui.QFontInfo(font).family()
    assert qt_gui.QFontMetrics(font).inFont("A"), (
        f"Qt's default font {family!r} has no glyph for 'A': install a font "
        "(fonts-dejavu-core; `make deps` does it as root)"
    )


def test_core_packages_do_not_import_qt(repo_root: Path) -> None:
    """catalog, plan and sizing stay plain Python: importing them must not load PySide6.

    Run in a fresh interpreter, since this test session may already have imported Qt.
    """
    code = (
        "import sys\n"
        "import aisle_desktop.catalog, aisle_desktop.plan, aisle_desktop.sizing\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph'))\n"
        "assert not qt, f'the core imported {qt}'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=repo_root,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_user_folders_are_isolated(tmp_path: Path) -> None:
    """The autouse ``user_dirs`` fixture keeps platformdirs away from the real user folders."""
    dirs = platformdirs.PlatformDirs("aisle-desktop")
    for path in (
        dirs.user_data_path,
        dirs.user_config_path,
        dirs.user_state_path,
        dirs.user_cache_path,
        dirs.user_runtime_path,
    ):
        assert path.is_relative_to(tmp_path), path


def test_pyside_keeps_reference_counts_of_none_and_bools(request: pytest.FixtureRequest) -> None:
    """PySide6 6.12.0 on Python 3.11 takes a reference from None on every call that returns
    nothing (and from True/False on calls returning a bool): after enough edits Python frees
    None and aborts. The pinned PySide6 must not."""
    pytest.importorskip("PySide6")
    pytest.importorskip("pytestqt")
    request.getfixturevalue("qapp")
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for number in range(1000):
        label.setText(str(number))
        label.isVisible()
    assert sys.getrefcount(None) - none_before > -10
    assert sys.getrefcount(True) - true_before > -10
