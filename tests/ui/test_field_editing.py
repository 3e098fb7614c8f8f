"""Typing and scrolling as a planner does: real key and wheel events on the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.controller import field_value
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.refused_look import is_refused
from tests.ui.conftest import RESULT_TIMEOUT_MS

C = ("costs",)
W = ("workload",)
H = ("hardware",)


def _editor(window: MainWindow, path: tuple[str, ...]) -> QWidget:
    for panel in (window.workload_panel, window.hardware_panel):
        try:
            return panel.fields.widget(path)
        except KeyError:
            continue
    raise KeyError(path)


def _focus(qtbot: QtBot, window: MainWindow, editor: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)


def _type(qtbot: QtBot, window: MainWindow, path: tuple[str, ...], text: str) -> QAbstractSpinBox:
    box = _editor(window, path)
    assert isinstance(box, QAbstractSpinBox)
    _focus(qtbot, window, box)
    box.selectAll()
    qtbot.keyClicks(box, text)
    return box


# Each kind of number field, a value typed into it, and the value the plan then holds.
TYPED = [
    ((*C, "electricity_usd_per_kwh"), "0.35", 0.35),  # three decimals, optional
    ((*C, "electricity_usd_per_kwh"), "0.18", 0.18),
    ((*C, "pue"), "1.35", 1.35),  # two decimals
    ((*W, "retrieval_latency_ms"), "120.5", 120.5),  # one decimal
    ((*W, "output_tokens"), "512", 512),  # whole number
    ((*H, "gpu_count"), "16", 16),  # whole number, optional (its Automatic switched off)
]


def test_a_typed_number_is_kept_digit_for_digit_and_committed_on_enter(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Each field typed into in turn in one window, as a planner edits a plan: each edit is
    sized before the next is typed, and each is one undo step of its own."""
    for path, typed, expected in TYPED:
        if not _editor(window, path).isEnabled():  # Aisle chooses it: take it over first
            window.controller.set_field(path, 8, "GPU count")
        # As in a window just opened: an edit of the field edited just before would merge
        # into that one's undo step.
        window.controller.undo_stack.clear()
        before = field_value(window.controller.scenario, path)
        box = _type(qtbot, window, path, typed)
        assert box.text() == box.prefix() + typed + box.suffix(), path  # digits as typed
        assert field_value(window.controller.scenario, path) == before  # not mid-number
        with qtbot.waitSignals(
            [window.controller.scenario_changed, window.service.sized], timeout=RESULT_TIMEOUT_MS
        ):
            qtbot.keyClick(box, Qt.Key.Key_Return)
        assert field_value(window.controller.scenario, path) == pytest.approx(expected), path
        assert window.controller.undo_stack.count() == 1  # one edit, one undo step


def test_a_pause_in_typing_commits_without_rewriting_the_text(
    window: MainWindow, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        box = _type(qtbot, window, (*C, "pue"), "1.35")
    assert window.controller.scenario.costs.pue == pytest.approx(1.35)
    assert (
        box.text() == "1.35"
    )  # the planner's text, not a reformatted "1.35" with the cursor moved
    assert box.hasFocus()


def test_leaving_the_field_commits(window: MainWindow, qtbot: QtBot) -> None:
    box = _type(qtbot, window, (*C, "pue"), "1.2")
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        _editor(window, (*W, "output_tokens")).setFocus()
    assert window.controller.scenario.costs.pue == pytest.approx(1.2)
    assert box.text() == "1.20"


@pytest.mark.parametrize(
    ("path", "typed", "label", "fixed"),
    [
        ((*C, "pue"), "1,3", "PUE", "1.3"),  # was taken as 13, then the lowest PUE, 1.0
        ((*H, "rack_power_limit_kw"), "1,5", "Rack power limit", "1.5"),  # was taken as 15 kW
        ((*W, "prompt", "history_tokens"), "2,5", "Conversation history", "25"),  # was 25
    ],
)
def test_a_decimal_comma_is_refused_by_name_not_read_as_thousands(
    window: MainWindow, qtbot: QtBot, path: tuple[str, ...], typed: str, label: str, fixed: str
) -> None:
    before = window.controller.scenario
    box = _type(qtbot, window, path, typed)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.controller.scenario == before  # nothing taken
    message = (
        window.hardware_panel.message
        if path[0] in ("costs", "hardware")
        else window.workload_panel.message
    ).text()
    assert message == (
        f"{label}: “{typed}” was not taken: decimals take a point (1.5) and commas only group "
        "thousands (1,000)"
    )
    assert is_refused(box)  # marked at the field too
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        box = _type(qtbot, window, path, fixed)
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert not is_refused(box)  # fixed: the mark goes


def test_a_comma_grouping_thousands_is_taken(window: MainWindow, qtbot: QtBot) -> None:
    box = _type(qtbot, window, (*W, "prompt", "history_tokens"), "1,000")
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.controller.scenario.workload.prompt.history_tokens == 1000


def _wheel(widget: QWidget, steps: int) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y())))),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


@pytest.mark.parametrize("path", [(*W, "retrieval_latency_ms"), (*W, "engine_id")])
def test_the_wheel_scrolls_the_form_over_an_unfocused_field(
    window: MainWindow, qtbot: QtBot, path: tuple[str, ...]
) -> None:
    window.resize(1280, 600)  # short enough that the workload form scrolls
    panel = window.workload_panel
    editor = _editor(window, path)
    panel.ensureWidgetVisible(editor)
    bar = panel.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    before_bar, before = bar.value(), field_value(window.controller.scenario, path)
    _focus(qtbot, window, _editor(window, (*W, "output_tokens")))
    bar.setValue(before_bar)
    _wheel(editor, -3)
    assert field_value(window.controller.scenario, path) == before
    assert window.controller.undo_stack.count() == 0
    assert bar.value() != before_bar  # the form scrolled instead


def test_a_focused_field_takes_the_wheel(window: MainWindow, qtbot: QtBot) -> None:
    box = _editor(window, (*W, "retrieval_latency_ms"))
    combo = _editor(window, (*W, "engine_id"))
    assert isinstance(box, QAbstractSpinBox) and isinstance(combo, QComboBox)
    assert box.focusPolicy() == combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    before = window.controller.scenario.workload.retrieval_latency_ms
    _focus(qtbot, window, box)
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        _wheel(box, 1)
    assert window.controller.scenario.workload.retrieval_latency_ms == before + box.singleStep()
