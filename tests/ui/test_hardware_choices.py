"""Automatic GPU counts one click away, the GPU table ranked and whole at 1280 px, price
fields that take typing from their catalog text, and drop-down lists that show whole names."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QPushButton,
    QStyle,
)
from pytestqt.qtbot import QtBot

from aisle_desktop.sizing.planning import GpuOption
from aisle_desktop.ui.choice_box import ChoiceBox
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, as_read
from tests.ui.test_checkpoint_precision import _choose_model as choose_model

GPU_COUNT = ("hardware", "gpu_count")
PER_MILLION = "cost_per_million_tokens_usd"


def _switch(window: MainWindow, name: str) -> QCheckBox:
    return window.hardware_panel._switches[name][0]


def test_automatic_is_a_visible_switch_and_the_default(window: MainWindow, qtbot: QtBot) -> None:
    switch = _switch(window, "gpu_count")
    box = window.hardware_panel.fields.widget(GPU_COUNT)
    assert isinstance(box, QAbstractSpinBox)
    qtbot.waitUntil(lambda: box.text() == "Automatic: 8", timeout=RESULT_TIMEOUT_MS)
    # 8: the 6 the load needs, and a 4th replica on the DGX H100's last 2; the switch says so.
    assert switch.toolTip().endswith("as many more replicas as the GPUs bought with them can run")
    assert switch.isChecked() and not box.isEnabled()
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    assert window.controller.scenario.hardware.gpu_count == 8  # starts from the sized count
    assert box.isEnabled() and box.text() == "8"
    window.controller.undo_stack.undo()  # one click, one undo step
    assert switch.isChecked() and window.controller.scenario.hardware.gpu_count is None
    assert not box.isEnabled()


def _option(
    name: str,
    cost: float | None,
    meets: bool,
    blocked: bool = False,
    used: int = 8,
    bought: int = 8,
) -> GpuOption:
    yearly = None if cost is None else cost * 1e5
    bought = max(bought, used)
    return GpuOption(
        name.lower(), name, used, cost, yearly, meets, "", blocked, bought, gpus_needed=used
    )


def test_the_gpu_table_puts_gpus_meeting_the_targets_first(window: MainWindow) -> None:
    panel = window.curves_panel
    panel.show_comparison(
        [
            _option("Cheap but slow", 1.0, meets=False),
            _option("Fast", 3.0, meets=True),
            _option("Cheapest fast", 2.0, meets=True),
            _option("Unpowered", 0.5, meets=True, blocked=True),
            _option("Cannot run", None, meets=False),
        ]
    )
    table = panel.gpu_table
    order = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert order == ["Cheapest fast", "Fast", "Unpowered", "Cheap but slow", "Cannot run"]
    assert [table.item(row, 4).text() for row in range(3)] == ["met", "met", "blocked"]
    # Costs read as the headline's (a GPU that cannot run: "-").
    costs = [table.item(row, 2).text() for row in range(table.rowCount())]
    assert costs == ["$2.00", "$3.00", "$0.500", "$1.00", "-"]  # alike in a column


def test_the_gpu_tables_cost_reads_as_the_headline_does(window: MainWindow, qtbot: QtBot) -> None:
    """The $/M tokens column kept cents ("$12.44") where the headline rounds ("$12.4/M
    tokens"): one rule now, three significant figures, cents only below $10."""
    qtbot.waitUntil(lambda: window.results_panel.value_text(PER_MILLION) != "")
    headline = window.results_panel.value_text(PER_MILLION)
    assert headline == "$2.37/M tokens"  # the default plan (tests/sizing/test_shown_figures.py)
    panel = window.curves_panel
    worked = {
        2.3736: "$2.37",
        0.66249: "$0.662",
        12.437: "$12.4",
        124.37: "$124",
        1234.5: "$1.23 k",
    }
    panel.show_comparison([_option(f"GPU {cost}", cost, meets=True) for cost in worked])
    table = panel.gpu_table
    shown = {table.item(row, 0).text(): table.item(row, 2).text() for row in range(5)}
    assert shown == {f"GPU {cost}": text for cost, text in worked.items()}
    assert headline == f"{shown['GPU 2.3736']}/M tokens"


def test_the_gpu_table_shows_the_gpus_bought_and_those_needed(window: MainWindow) -> None:
    """A GPU whose load needs 6 of its server's 8 GPUs reads "8 (6 needed)"; one whose load
    needs every GPU bought reads "8"."""
    panel = window.curves_panel
    panel.show_comparison(
        [_option("Leaves two idle", 1.0, meets=True, used=6), _option("Full", 2.0, meets=True)]
    )
    table = panel.gpu_table
    header = table.horizontalHeaderItem(1)
    assert header.text() == "GPUs bought" and "8 (6 needed)" in header.toolTip()
    assert [table.item(row, 1).text() for row in range(2)] == ["8 (6 needed)", "8"]


def test_every_gpu_column_shows_at_1280_px(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1280, 800)
    panel = window.curves_panel
    panel.setCurrentWidget(panel.gpu_page)
    long_name = "NVIDIA GB300 (Blackwell Ultra GPU in GB300 NVL72, 288GB)"
    # The widest GPU count the catalog gives at this load: "16 (12 needed)".
    panel.show_comparison(
        [
            _option(long_name, 1.73, meets=True, used=1_144),
            _option("Intel Gaudi 2 (HL-225H) 96GB", 2.43, meets=True, used=12, bought=16),
        ]
    )
    table = panel.gpu_table
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    header = table.horizontalHeader()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch  # names take the rest
    last = table.columnCount() - 1
    right_edge = header.sectionViewportPosition(last) + header.sectionSize(last)
    assert right_edge <= table.viewport().width()
    assert long_name in table.item(0, 0).toolTip()


def test_the_chosen_gpus_note_reads_whole_under_the_table(window: MainWindow, qtbot: QtBot) -> None:
    """QA at 1280 px: the Note column read "Fits…" on every row. The chosen GPU's note reads
    whole under the table, the cheapest's at first; a click on another row shows its own."""
    window.resize(1280, 800)
    panel = window.curves_panel
    panel.setCurrentWidget(panel.gpu_page)
    note = "Fits: 4 replicas of TP 2 × PP 1 serve the load (3 needed, 1 more on GPUs bought)"
    cheap = _option("Cheap", 1.0, meets=True)
    dear = _option("Dear", 2.0, meets=False)
    panel.show_comparison(
        [dataclasses.replace(dear, note="Misses TPOT"), dataclasses.replace(cheap, note=note)]
    )
    table, shown = panel.gpu_table, panel.gpu_page.note
    assert table.columnCount() == 5 and shown.text() == f"Cheap: {note}"
    qtbot.waitUntil(lambda: table.viewport().height() > 0)
    second = table.visualItemRect(table.item(1, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert shown.text() == "Dear: Misses TPOT"
    assert shown.width() <= panel.gpu_page.width() and shown.wordWrap()


def test_the_gpu_table_shows_ten_gpus_at_1280_px(window: MainWindow, qtbot: QtBot) -> None:
    """One line a row, as the Scenarios tab's: rows of the style's height (some 40 px for a
    line) left room for seven of the catalog's GPUs at 1280 x 800."""
    window.resize(1280, 800)
    panel = window.curves_panel
    panel.setCurrentWidget(panel.gpu_page)
    panel.show_comparison([_option(f"GPU {n}", 1.0 + n, meets=True) for n in range(20)])
    table = panel.gpu_table
    qtbot.waitUntil(lambda: table.viewport().height() > 0)
    line = table.fontMetrics().height()
    assert all(table.rowHeight(row) < 1.6 * line for row in range(table.rowCount()))
    qtbot.waitUntil(lambda: table.viewport().height() // table.rowHeight(0) >= 10)


def test_a_long_gpu_name_reads_whole_at_1280_px(window: MainWindow, qtbot: QtBot) -> None:
    """QA: names were cut at some 140 px at 1280 x 800. The maker is left out, as a planner
    says "H100", and a name still longer than its column takes a second line; the note under
    the table names the GPU whole."""
    window.resize(1280, 800)
    panel = window.curves_panel
    panel.setCurrentWidget(panel.gpu_page)
    superchip = "NVIDIA GH200 Grace Hopper Superchip (96GB HBM3)"
    panel.show_comparison(
        [_option(superchip, 1.0, meets=True), _option("AMD Instinct MI300X 192GB", 2.0, meets=True)]
    )
    table = panel.gpu_table
    assert [table.item(row, 0).text() for row in range(2)] == [
        "GH200 Grace Hopper Superchip (96GB HBM3)",
        "MI300X 192GB",
    ]
    qtbot.waitUntil(lambda: table.viewport().height() > 0)
    metrics = table.fontMetrics()
    room = QRect(0, 0, table.columnWidth(0) - 8, 1 << 20)
    wrapped = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, table.item(0, 0).text())
    assert wrapped.height() > metrics.height()  # two lines at 1280 px
    qtbot.waitUntil(lambda: table.rowHeight(0) >= wrapped.height() > table.rowHeight(1))
    assert panel.gpu_page.note.text().startswith(f"{superchip}: ")


def test_typing_into_a_price_showing_catalog_text_replaces_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    box = window.hardware_panel.fields.widget(("costs", "api_input_usd_per_mtok"))
    assert isinstance(box, QAbstractSpinBox) and box.text() == box.specialValueText()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.mouseClick(box.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.lineEdit().selectedText() == box.specialValueText())
    qtbot.keyClicks(box, "0.5")
    assert box.text() == "$0.5/M tokens"
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.controller.scenario.costs.api_input_usd_per_mtok == 0.5


def test_a_drop_down_list_is_as_wide_as_its_longest_entry(window: MainWindow) -> None:
    combo = window.workload_panel.fields.widget(("workload", "model_id"))
    assert isinstance(combo, QComboBox)
    view = combo.view()
    widest = max(
        view.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())
    )
    assert view.minimumWidth() >= widest


def test_price_fields_say_the_catalog_price_with_its_unit(window: MainWindow) -> None:
    fields = window.hardware_panel.fields
    shown = {
        name: fields.widget(("costs", name)).text()  # type: ignore[attr-defined]
        for name in (
            "electricity_usd_per_kwh",
            "colocation_usd_per_kw_month",
            "server_price_usd",
            "api_input_usd_per_mtok",
            "api_output_usd_per_mtok",
        )
    }
    assert shown == {
        "electricity_usd_per_kwh": "Catalog: $0.146/kWh",
        "colocation_usd_per_kw_month": "Catalog: $194.95/kW-month",  # CBRE H2 2025, to the cent
        "server_price_usd": "Catalog: $300,000",  # the DGX H100's dated price
        "api_input_usd_per_mtok": "API: $0.88/M tokens",  # Llama 3.1 70B on Together AI
        "api_output_usd_per_mtok": "API: $0.88/M tokens",
    }


def test_memory_reads_in_gb_everywhere_on_the_results(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.results_panel
    qtbot.waitUntil(lambda: bool(panel.conversation.text()), timeout=RESULT_TIMEOUT_MS)
    assert "GiB" not in panel.conversation.text() and "42.9 GB" in panel.conversation.text()
    assert "GiB" not in panel.warnings.text()


def test_a_typical_rooms_rack_power_is_one_click_away(window: MainWindow, qtbot: QtBot) -> None:
    actions = window.hardware_panel.rooms_menu.actions()
    assert actions[0].text() == "Typical enterprise room today (12 kW per rack)"
    assert "AFCOM 2024" in actions[0].toolTip()
    liquid = next(a for a in actions if a.text().startswith("Rear-door or direct liquid"))
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        liquid.trigger()
    assert window.controller.scenario.hardware.rack_power_limit_kw == 60.0
    box = window.hardware_panel.fields.widget(("hardware", "rack_power_limit_kw"))
    assert box.text() == "60 kW"  # type: ignore[attr-defined]


def test_the_rooms_buttons_arrow_is_beside_its_name(window: MainWindow) -> None:
    """QA at 1280 px: a tool button drew its menu's arrow over the name ("Room⌄"); the
    button is as wide as its name, its margins and the arrow beside it."""
    window.resize(1280, 800)
    rooms = window.hardware_panel.rooms_menu.parentWidget()
    assert isinstance(rooms, QPushButton) and rooms.menu() is window.hardware_panel.rooms_menu
    arrow = rooms.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, rooms)
    name = rooms.fontMetrics().horizontalAdvance(rooms.text())
    assert rooms.width() >= name + arrow


def test_automatic_hosted_api_says_when_it_is_another_models(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The walk: the agentic-coding and DeepSeek-V3.2 presets' Hosted API read "Automatic:
    this model's API" beside a headline marked "another model's price": the catalog has no
    hosted price for their models. Choosing such a model by keyboard, the box says what it
    compares with instead (a model of its size class, or none); back on a model with its own
    API, it says that."""
    box = window.hardware_panel.fields.widget(("costs", "hosted_api_id"))
    assert isinstance(box, QComboBox)
    assert box.currentText() == "Automatic: this model's API"
    choose_model(window, qtbot, "llama 2 70b", "llama-2-70b")  # priced as Llama 3.1 70B
    assert box.currentText() == "Auto: same-size model's API"
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    assert isinstance(box, ChoiceBox) and box.shown_text() == box.currentText()  # whole
    assert box.toolTip().startswith("<qt><b>Auto: same-size model&#x27;s API</b>")
    assert "a same-size model's price" in window.results_panel.footnotes.text()
    # No hosted price for Qwen2.5 32B or a model of its size: none is compared, and it says so.
    choose_model(window, qtbot, "qwen2.5 32b", "qwen2.5-32b")
    assert box.currentText() == "Auto: no comparable API"
    assert isinstance(box, ChoiceBox) and box.shown_text() == box.currentText()
    panel = window.results_panel
    qtbot.waitUntil(lambda: "No hosted API is compared" in as_read(panel.warnings.text()))
    assert panel.value_text("api_cost_per_year_usd") == ""  # no figure: a dash
    choose_model(window, qtbot, "llama 3.1 70b", "llama-3.1-70b")
    assert box.currentText() == "Automatic: this model's API"
    assert window.controller.scenario.costs.hosted_api_id is None  # still the plan's choice
