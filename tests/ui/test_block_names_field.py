"""A blocked plan names the field a planner would change, and where it is, in the window's
own words: QA read "Blocked: One NVIDIA DGX H100 ... can draw 10.2 kW, more than the rack's
8 kW limit" and looked for the setting among a dozen groups."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from aisle_desktop.sizing.planning.field_places import FIELD_PLACES
from aisle_desktop.ui.input_panes import HARDWARE_TAB, WORKLOAD_TAB
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, type_into

RACK_POWER = ("hardware", "rack_power_limit_kw")


def _row_of(widget: QWidget) -> tuple[str, str]:
    """The title of the group `widget` is in, and its row's label there."""
    held: QWidget | None = widget
    while held is not None and not isinstance(held.parentWidget(), QGroupBox):
        held = held.parentWidget()
    assert held is not None
    group = held.parentWidget()
    assert isinstance(group, QGroupBox)
    form = group.layout()
    assert isinstance(form, QFormLayout)
    caption = form.labelForField(held)
    assert isinstance(caption, QLabel)
    return group.title(), caption.text()


def test_every_field_a_block_names_is_where_it_says(window: MainWindow) -> None:
    """Each field a block names, read off one window (looking changes nothing)."""
    panels = {WORKLOAD_TAB: window.workload_panel, HARDWARE_TAB: window.hardware_panel}
    for path, place in FIELD_PLACES.items():
        editor = panels[place.panel].fields.widget(tuple(path.split(".")))
        group, label = _row_of(editor)
        assert label == place.label, path
        assert group.startswith(place.group), path  # "Embeddings (optional)"


def _commit(qtbot: QtBot, window: MainWindow, kw: str) -> str:
    box = type_into(qtbot, window, RACK_POWER, kw)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    return window.results_panel.banner.text()


def test_a_rack_power_block_names_the_field_and_the_limit_that_clears_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    """At 1280 x 800 a planner types a limit too low for one DGX H100: the banner names the
    field and where it is, and the value that clears the block does."""
    window.resize(1280, 800)
    banner = _commit(qtbot, window, "8")
    assert banner.startswith("Blocked: One NVIDIA DGX H100")
    assert (
        "Raise “Rack power limit” (Hardware and costs > Rack and facility) to 10.2 kW or more"
    ) in banner
    assert _commit(qtbot, window, "10.2").startswith("Fits")
