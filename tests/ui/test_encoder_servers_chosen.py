"""A planner puts the encoder on servers of its own: opens Encoder GPUs in the Embeddings
section with the keyboard, walks to the L4 box and presses Enter; the plan line, the servers
and the yearly cost follow, and Undo takes it back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.explanation_dialog import explanation_html
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.workload_panel import SAME_AS_THE_MODEL
from tests.ui.conftest import (
    RESULT_TIMEOUT_MS,
    choose_with_keys,
    click_into,
    plan_line_text,
    type_into,
)

ENCODER_GPUS = ("workload", "embeddings", "server_id")


def _pick(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Click into Encoder GPUs, open its list, walk to `text` with the keys, press Enter."""
    box = click_into(qtbot, window, ENCODER_GPUS)
    assert isinstance(box, QComboBox)
    target = box.findText(text)
    assert target >= 0, text
    choose_with_keys(qtbot, window, box, target)


def test_choosing_l4_servers_for_the_encoder_moves_the_figures(
    window: MainWindow, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.open_preset("embeddings-search")
    box = window.workload_panel.fields.widget(ENCODER_GPUS)
    assert isinstance(box, QComboBox)
    assert box.currentText() == SAME_AS_THE_MODEL
    assert window.results_panel.value_text("tco_per_year_usd") == "$62.2 k/year"

    _pick(qtbot, window, "NVIDIA L4 24GB, 4 a server (2U)")
    scenario = window.controller.scenario
    assert scenario.workload.embeddings is not None
    assert scenario.workload.embeddings.server_id == "l4-4x-2u"
    line = plan_line_text(window)
    assert line.startswith(
        "8 × NVIDIA L40S 48GB bought, 2 needed, and 4 × NVIDIA L4 24GB for embeddings "
        "(1 needed) = 8 replicas of TP 1 × PP 1"
    )
    assert "and 1 encoder GPU for embeddings on 1 server of its own in 1 × 8-GPU PCIe" in line
    assert "and 1 × 2U server with 4x NVIDIA L4" in line
    assert window.results_panel.value_text("tco_per_year_usd") != "$62.2 k/year"
    qtbot.waitUntil(lambda: window.figure_table.item_for("encoder_server_average_kw") is not None)
    # The 8-GPU L40S server (5.4 kW) leaves its 12 kW rack room for the 1.4 kW L4 box.
    qtbot.waitUntil(lambda: window.figure_table.item_for("encoder_servers_beside") is not None)
    # The 2U box of 4 L40S is among the choices, after the L4 box (cheapest first).
    assert box.findText("NVIDIA L40S 48GB, 4 a server (2U)") > box.findText(
        "NVIDIA L4 24GB, 4 a server (2U)"
    )

    _pick(qtbot, window, SAME_AS_THE_MODEL)
    assert window.results_panel.value_text("tco_per_year_usd") == "$62.2 k/year"
    assert plan_line_text(window).startswith("8 × NVIDIA L40S 48GB bought, 2 needed + 1 for")


def test_the_model_server_price_prices_the_answering_servers_only(
    window: MainWindow, qtbot: QtBot
) -> None:
    """With the encoder on L4 servers of its own, the planner types $312,500 into Model server
    price: the field says (label and tooltip) that it prices the model's servers, and capex's
    explanation keeps the L4 server's own catalog price beside it, the planner's as typed."""
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.open_preset("embeddings-search")
    _pick(qtbot, window, "NVIDIA L4 24GB, 4 a server (2U)")
    path = ("costs", "server_price_usd")
    box = window.hardware_panel.fields.widget(path)
    assert window.hardware_panel.fields.label(path) == "Model server price"
    form = box.parentWidget().layout()
    assert isinstance(form, QFormLayout)
    caption = form.labelForField(box)
    assert isinstance(caption, QLabel) and caption.text() == "Model server"  # in Money
    assert "Encoder servers of their own type (Embeddings, Encoder GPUs) keep their catalog" in (
        box.toolTip()
    )
    box = type_into(qtbot, window, path, "312500")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS) as blocker:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    capex = blocker.args[0].result.figures["capex_usd"]
    assert capex.explanation.formula.startswith(
        "(answering servers × model server price + encoder servers × encoder server price)"
    )
    html = explanation_html("Hardware (capex)", capex)
    assert "<td>model server price</td><td align='right'>$312,500</td>" in html
    assert "<td>encoder server price</td><td align='right'>$25,000</td>" in html
