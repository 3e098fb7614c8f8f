"""Help > About names what a report or a question to support must name beside the version:
the catalog's date, the model's calibration and the source revision (it said only "Aisle
Desktop 0.1.0, Sizes on-premises LLM inference, offline")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from aisle_desktop import __version__
from aisle_desktop.build_info import source_revision
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import warnings_shown


def test_about_names_the_catalog_calibration_and_revision(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = warnings_shown(monkeypatch)
    (help_menu,) = [
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"
    ]
    assert isinstance(help_menu, QMenu)
    (about,) = [a for a in help_menu.actions() if a.text().replace("&", "").startswith("About")]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.menuBar(), Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(help_menu.isVisible)
    help_menu.setActiveAction(about)
    qtbot.keyClick(help_menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(shown))
    (said,) = shown
    assert said == (
        f"About Aisle Desktop: Aisle Desktop {__version__}: sizes on-premises LLM inference, "
        f"offline.\n\nCatalog as of {window.document.machine.catalog_as_of()}\n"
        f"Model {CURRENT_CALIBRATION.label}\nSource revision {source_revision()}"
    )
