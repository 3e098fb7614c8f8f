"""Explain a figure: every number in the dialog carries its unit or says what it counts.

QA: TP, PP, head dim and PUE read as bare numbers ("TP 2", "PUE 1.5") in the default plan's
explanations, where every other input read "80 layers" or "2 B".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QTextBrowser
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.explanation_dialog import ExplanationDialog
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, as_read

T = TypeVar("T")


def _explained(window: MainWindow, qtbot: QtBot, name: str) -> str:
    """The text of the dialog a planner opens by pressing Enter on a row of All figures."""
    return opened(window, qtbot, name)[0]


def opened(window: MainWindow, qtbot: QtBot, name: str) -> tuple[str, int, int]:
    """The dialog a planner opens by pressing Enter on a row of All figures: its text, its
    height and how far its text scrolls (0: all of it shows)."""

    def read(dialog: ExplanationDialog, text: QTextBrowser) -> tuple[str, int, int]:
        shown = as_read(text.toPlainText())  # as a planner reads it: joiners are no text
        return shown, dialog.height(), text.verticalScrollBar().maximum()

    return read_explanation(window, qtbot, name, read)


def read_explanation(
    window: MainWindow,
    qtbot: QtBot,
    name: str,
    read: Callable[[ExplanationDialog, QTextBrowser], T],
) -> T:
    """What ``read`` finds in the dialog a planner opens by pressing Enter on the figure's
    row of All figures, its text laid out at its shown width."""
    table = window.figure_table
    window.curves_panel.setCurrentWidget(table)
    item = table.item_for(name)
    assert item is not None, name
    table.setCurrentItem(item)
    table.setFocus()
    found: list[T] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExplanationDialog)
        text = dialog.findChild(QTextBrowser)
        assert text is not None
        try:  # closed whatever `read` finds: a failed read must not leave it open, modal
            # Laid out at its shown width before its scroll bar is read.
            qtbot.waitUntil(lambda: text.document().textWidth() == text.viewport().width())
            found.append(read(dialog, text))
        finally:
            dialog.reject()

    QTimer.singleShot(0, read_and_close)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert found, name
    return found[0]


def _rows(text: str) -> list[str]:
    # QTextBrowser writes a table's cells on lines of their own: name, then value.
    return [line.strip() for line in text.splitlines() if line.strip()]


def _row(text: str, name: str) -> str:
    lines = _rows(text)
    return f"{name} {lines[lines.index(name) + 1]}"


def test_the_default_plans_multipliers_read_with_their_units(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The default plan: Llama 3.1 70B at FP8 on TP 2 × PP 1 of a DGX H100, PUE 1.5; its
    KV cache is 2 x 80 layers x 8 heads x 128 elements x 2 B = 327,680 B a token, read in
    the decimal kB of every other memory figure (QA: "320 KiB" beside GB), and vLLM keeps 90 %
    of the memory."""
    weights = _explained(window, qtbot, "weights_per_gpu_gb")
    assert _row(weights, "TP") == "TP 2 GPUs"
    assert _row(weights, "PP") == "PP 1 stage"
    assert "With these numbers: model weights 72.66 GB / 2 GPUs = 36.3 GB" in weights
    kv = _explained(window, qtbot, "kv_bytes_per_token")
    assert _row(kv, "head dim") == "head dim 128 elements"
    assert _row(kv, "KV bytes per element") == "KV bytes per element 2 B"
    assert "= 328 kB" in kv and "KiB" not in kv
    facility = _explained(window, qtbot, "facility_kw")
    assert _row(facility, "PUE") == "PUE 1.5 ×"
    # In the worked line the sign before it already says it multiplies.
    assert "IT average 6.42 kW × PUE 1.5 = 9.63 kW" in facility
    room = _explained(window, qtbot, "kv_cache_per_gpu_gb")
    assert "Memory fraction: 90 %" in room
    capex = _explained(window, qtbot, "capex_usd")
    assert "× (1 + network/storage share) 1.1 = $330 k" in capex


def test_a_vectors_few_bytes_read_in_kb_not_in_millionths_of_a_gb(
    window: MainWindow, qtbot: QtBot
) -> None:
    """QA: the embeddings plan's vector index worked out as "bytes per vector with its graph
    links 0.0000043 GB": 1,024 dimensions × 4 B + 200 B of graph = 4,296 B a vector."""
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.open_preset("embeddings-search")
    window.curves_panel.setCurrentWidget(window.figure_table)  # it takes the result when shown
    qtbot.waitUntil(lambda: window.figure_table.item_for("vector_index_ram_gb") is not None)
    text = _explained(window, qtbot, "vector_index_ram_gb")
    assert (
        "With these numbers: 25 M chunks × bytes per vector with its graph links 4.3 kB × "
        "headroom 1.5 = 161 GB"
    ) in text
    assert "0.0000" not in text


def test_the_gpus_needed_row_shows_how_the_replicas_were_counted(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The plan line's "8 bought, 6 needed" is explained under All figures: a planner presses
    Enter on "GPUs needed, spare included" and reads 4.07 / (0.8 × 3.68) = 1.38, 2 replicas,
    + 1 spare = 3, × 2 GPUs = 6 GPUs; the yearly cost's colocation names its price."""
    needed = _explained(window, qtbot, "gpus_needed")
    assert needed.splitlines()[0] == "GPUs needed, spare included: 6 GPUs"
    assert (
        "3 replicas (replicas needed, round up (4.07 requests/s at the peak / (80 % planned "
        "load × 3.68 requests/s a replica serves within the targets)) + 1 spare) × GPUs a "
        "replica (TP 2 × PP 1) 2 GPUs = 6 GPUs"
    ) in " ".join(needed.split())
    tco = " ".join(_explained(window, qtbot, "tco_per_year_usd").split())
    assert "(colocation 10.2 kW nameplate × $194.95/kW-month × 12 months)" in tco


def test_what_aisle_worked_out_reads_to_its_digits_and_what_was_given_as_given(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The default plan's API cost per request is 2,000 × $0.88/M + 256 × $0.88/M =
    $0.00198528, worked out by Aisle: it reads to the digits the break-even's worked line needs,
    "$0.001985", in that line and in the row under it alike (QA: "$0.00198528" once inputs read
    as entered; then "$0.001985" in the line over a row of "$0.00199", two numbers for one), not
    every figure of it. The catalog's $194.95/kW-month colocation and the catalog's $300,000
    server read as the catalog gives them, in the worked lines and in the "Assuming" lists
    alike (QA: "$195" beside it, "model server price $300 k" over "$300,000")."""
    break_even = _explained(window, qtbot, "break_even_requests_per_day")
    assert "(API cost per request $0.001985 × days a year 250 days)" in " ".join(break_even.split())
    assert _row(break_even, "API cost per request") == "API cost per request $0.001985/request"
    assert "0.00198528" not in break_even
    weights = _explained(window, qtbot, "weights_per_gpu_gb")
    assert _row(weights, "MLPs at FP8") == "MLPs at FP8 56.4 GB"
    assert _row(weights, "TP") == "TP 2 GPUs"  # the plan's own: as entered
    tco = " ".join(_explained(window, qtbot, "tco_per_year_usd").split())
    assert "Colocation price per kW a month: $194.95/kW-month (catalog prices" in tco
    assert "× $194.95/kW-month × 12 months" in tco
    assert "amortisation $110 k/year" in tco and "$110,000" not in tco
    capex = _explained(window, qtbot, "capex_usd")
    assert _row(capex, "model server price") == "model server price $300,000"
    assert "1 server × model server price $300,000 × (1 + network/storage share) 1.1" in " ".join(
        capex.split()
    )
