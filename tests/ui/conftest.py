"""A real main window on the default preset, closed after each test with its worker stopped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("PySide6")

from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.ui.app import build_window
from aisle_desktop.ui.main_window import MainWindow

RESULT_TIMEOUT_MS = 20_000


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def window(qtbot: QtBot, catalog: Catalog) -> Iterator[MainWindow]:
    """The window, shown, after its first result has arrived."""
    win = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.service.sized, timeout=RESULT_TIMEOUT_MS):
        win.show()
    yield win
    win.close()
    # No QThread may outlive a test: closing the window stops the sizing worker.
    assert not win.service._thread.isRunning()
