"""Window size and panel layout come back on the next start, from the user's config folder."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.ui.app import build_window, window_settings
from tests.conftest import UserDirs
from tests.ui.conftest import RESULT_TIMEOUT_MS


def test_geometry_and_splitters_are_remembered(
    qtbot: QtBot, catalog: Catalog, user_dirs: UserDirs
) -> None:
    first = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(first)
    with qtbot.waitSignal(first.service.sized, timeout=RESULT_TIMEOUT_MS):
        first.show()
    first.resize(790, 590)  # within the offscreen screen (800 x 600)
    first.splitter.setSizes([250, 250, 290])
    sizes = first.splitter.sizes()
    first.close()
    assert str(window_settings().fileName()).startswith(str(user_dirs.config))

    second = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(second)
    with qtbot.waitSignal(second.service.sized, timeout=RESULT_TIMEOUT_MS):
        second.show()
    assert (second.width(), second.height()) == (first.width(), first.height())
    assert second.splitter.sizes() == sizes
    second.close()
