"""A symbol in an explanation reads whole on one line (QA at 1280 x 800: the time to first
token's explanation ended a line with "the prefill queue is M/" and began the next with
"D/1")."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.explanation_dialog import ExplanationDialog
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS
from tests.ui.test_explanation_units import read_explanation

SYMBOL = "M/\u2060D/\u20601"


def _symbol_lines(dialog: ExplanationDialog, text: QTextBrowser) -> list[int]:
    """The lines of the explanation's text the symbol's first and last character lie on
    (the dialog a planner opens by pressing Enter on its figure's row of All figures)."""
    found = text.document().find(SYMBOL)
    assert not found.isNull()
    block = found.block()
    layout = block.layout()
    return [
        layout.lineForTextPosition(at - block.position()).lineNumber()
        for at in (found.selectionStart(), found.selectionEnd() - 1)
    ]


def test_the_prefill_queue_s_symbol_reads_whole(window: MainWindow, qtbot: QtBot) -> None:
    for size in ((1280, 800), (1440, 900)):
        window.resize(*size)
        qtbot.waitUntil(lambda size=size: (window.width(), window.height()) == size)
        qtbot.waitUntil(
            lambda: window.figure_table.item_for("ttft_ms") is not None, timeout=RESULT_TIMEOUT_MS
        )
        first, last = read_explanation(window, qtbot, "ttft_ms", _symbol_lines)
        assert first == last, size
