"""A refused value is marked at its field in plain words, and the mark goes once it is fixed,
undone or replaced by another plan."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFormLayout,
    QLabel,
    QStyle,
    QStyleOptionSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from aisle_desktop.plan.file_problems import FIELD_WORDS
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.refused_look import is_refused
from tests.ui.conftest import RESULT_TIMEOUT_MS, as_read, type_into

HISTORY = ("workload", "prompt", "history_tokens")
# A pixel of an arrow differs this much in lightness (0-255) from its button's background.
ARROW_CONTRAST = 60
# The share of arrow pixels that must lie where they lay before the field was refused.
SAME_ARROWS = 0.6


def _type_and_enter(qtbot: QtBot, window: MainWindow, text: str) -> QAbstractSpinBox:
    box = type_into(qtbot, window, HISTORY, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    return box


def _refuse(qtbot: QtBot, window: MainWindow) -> QAbstractSpinBox:
    with qtbot.waitSignal(window.controller.field_rejected, timeout=RESULT_TIMEOUT_MS):
        box = _type_and_enter(qtbot, window, "-5")
    return box


def test_a_refusal_reads_in_the_fields_own_words(window: MainWindow, qtbot: QtBot) -> None:
    box = _refuse(qtbot, window)
    message = window.workload_panel.message.text()
    assert message == "Conversation history: must be at least 0 tokens (you typed -5)"
    assert is_refused(box) and "must be at least 0 tokens (you typed -5)" in box.toolTip()
    assert box.text() == "-5 tokens"  # as typed
    stale = window.results_panel.stale
    assert stale.isVisibleTo(window)
    banner = window.results_panel.banner.text()
    assert banner.startswith("Not sized: Conversation history: must be at least 0")
    for jargon in ("workload.", "history_tokens", "Input should", "got "):
        assert jargon not in message and jargon not in banner


def test_the_mark_goes_when_the_value_is_fixed(window: MainWindow, qtbot: QtBot) -> None:
    box = _refuse(qtbot, window)
    with qtbot.waitSignal(window.controller.field_accepted, timeout=RESULT_TIMEOUT_MS):
        _type_and_enter(qtbot, window, "0")  # the plan's own value: nothing to size again
    assert not is_refused(box)
    assert not window.workload_panel.message.isVisibleTo(window)
    assert not window.results_panel.stale.isVisibleTo(window)


def test_the_mark_goes_on_undo_and_on_a_new_plan(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        _type_and_enter(qtbot, window, "500")
    box = _refuse(qtbot, window)
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        window.controller.undo_stack.undo()
    assert not is_refused(box) and box.value() == 0
    assert not window.results_panel.stale.isVisibleTo(window)
    _refuse(qtbot, window)
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        window.open_preset("llama-8b-chat")
    assert not is_refused(box)
    assert not window.workload_panel.message.isVisibleTo(window)


def test_a_request_beyond_the_context_window_is_marked_at_the_field_typed(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Llama 3.1 70B reads 131,072 tokens: 200,000 of history cannot be served at all."""
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        box = _type_and_enter(qtbot, window, "200000")
    assert is_refused(box)
    message = window.workload_panel.message.text()
    assert message.startswith("Conversation history: The prompt (202,000 tokens)")  # + 2,000
    assert "context window of 131,072 tokens" in message
    answer = window.workload_panel.fields.widget(("workload", "output_tokens"))
    assert not is_refused(answer)  # the field typed is the one marked
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        _type_and_enter(qtbot, window, "0")
    assert not is_refused(box)
    assert not window.workload_panel.message.isVisibleTo(window)


def _arrow_marks(box: QAbstractSpinBox) -> set[tuple[int, int]]:
    """Where the style draws in the box's up and down buttons (their arrows): the pixels
    inside the buttons that differ plainly from the buttons' own background."""
    option = QStyleOptionSpinBox()
    box.initStyleOption(option)
    control = QStyle.ComplexControl.CC_SpinBox
    style = box.style()
    buttons = style.subControlRect(control, option, QStyle.SubControl.SC_SpinBoxUp, box).united(
        style.subControlRect(control, option, QStyle.SubControl.SC_SpinBoxDown, box)
    )
    inner = buttons.adjusted(0, 3, -3, -3)  # not the field's border
    image = box.grab().toImage()
    scale = image.devicePixelRatio()
    colours = Counter(
        image.pixel(int(x * scale), int(y * scale))
        for x in range(inner.left(), inner.right() + 1)
        for y in range(inner.top(), inner.bottom() + 1)
    )
    background = QColor(colours.most_common(1)[0][0])
    return {
        (x, y)
        for x in range(inner.left(), inner.right() + 1)
        for y in range(inner.top(), inner.bottom() + 1)
        if _apart(QColor(image.pixel(int(x * scale), int(y * scale))), background)
    }


def _apart(a: QColor, b: QColor) -> bool:
    return abs(a.lightness() - b.lightness()) > ARROW_CONTRAST


def test_a_refused_box_keeps_its_arrows(window: MainWindow, qtbot: QtBot) -> None:
    """QA: refused, a spin box lost its up and down arrows (its style sheet replaced the
    native style); the arrows are drawn where they were, only the colours change."""
    box = window.workload_panel.fields.widget(HISTORY)
    assert isinstance(box, QAbstractSpinBox)
    before = _arrow_marks(box)
    assert before  # the style draws arrows here at all
    _refuse(qtbot, window)
    after = _arrow_marks(box)
    assert len(before & after) >= SAME_ARROWS * len(before | after)
    assert not box.styleSheet()  # the native style draws it


def test_two_refused_fields_are_each_named(window: MainWindow, qtbot: QtBot) -> None:
    """QA: with two refused, the banner named only the last; it names each, in the field's
    own words ("First token within", not "TTFT target"), and so does the status bar."""
    _refuse(qtbot, window)
    with qtbot.waitSignal(window.controller.field_rejected, timeout=RESULT_TIMEOUT_MS):
        box = type_into(qtbot, window, ("workload", "targets", "ttft_ms"), "0")
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert is_refused(box)
    history = "Conversation history: must be at least 0 tokens (you typed -5)"
    first_token = "First token within: must be at least"
    banner = as_read(window.results_panel.banner.text())
    assert banner.startswith(f"Not sized: {history}\n{first_token}")
    assert window.workload_panel.message.text().startswith(f"{history}\n{first_token}")
    assert window.statusBar().currentMessage() == (
        "Not sized: 2 fields refused: Conversation history, First token within "
        "(the banner says why)"
    )
    with qtbot.waitSignal(window.controller.field_accepted, timeout=RESULT_TIMEOUT_MS):
        _type_and_enter(qtbot, window, "0")
    banner = as_read(window.results_panel.banner.text())
    assert banner.startswith(f"Not sized: {first_token}") and "history" not in banner
    assert window.statusBar().currentMessage().startswith(f"Not sized: {first_token}")


def _row_words(field: QWidget) -> str | None:
    """The words of the form row `field` sits in ("First token within"), or None."""
    inner: QWidget | None = field
    while inner is not None and inner.parentWidget() is not None:
        layout = inner.parentWidget().layout()
        if isinstance(layout, QFormLayout):
            label = layout.labelForField(inner)
            return label.text() if isinstance(label, QLabel) else None
        inner = inner.parentWidget()
    return None


def test_every_number_field_is_refused_in_its_rows_words(window: MainWindow) -> None:
    """QA: a refusal said "TTFT target" beside a field labelled "First token within"; each
    number field's refusal now names it with its row's words, fuller where the row is short
    ("Conversation history" for the Requests group's "History")."""
    checked = 0
    for panel in (window.workload_panel, window.hardware_panel):
        for path, field in panel.fields.editors().items():
            row = _row_words(field)
            if not isinstance(field, QAbstractSpinBox) or not row:
                continue
            name = panel.fields.label(path)
            assert name is not None and row.lower() in name.lower(), (path, row, name)
            checked += 1
    assert checked >= 25  # the Workload's and Hardware's number fields


def test_a_plan_files_problem_names_each_field_in_its_rows_words(window: MainWindow) -> None:
    """A problem in a plan file names the field as the window's row does: the file's problems
    said "Peak to average", "Ingest window" and "TTFT target" beside rows reading "Peak
    factor", "Ingest within" and "First token within"."""
    checked = 0
    for panel in (window.workload_panel, window.hardware_panel):
        for path, field in panel.fields.editors().items():
            row = _row_words(field)
            words = FIELD_WORDS.get(".".join(path))
            if not row or words is None:
                continue
            assert row.lower() in words.lower(), (path, row, words)
            checked += 1
    assert checked >= 30  # every field with a row of its own
