"""Scenarios in the window: add, duplicate, rename, delete, move, all undoable; compared."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QLineEdit
from pytestqt.qtbot import QtBot

from aisle_desktop.ui import scenario_bar
from aisle_desktop.ui.comparison_view import DIFFERS, ComparisonView
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.scenario_columns import (
    COLUMN_MIN_PX,
    NAME_COLUMN_MAX_PX,
    header_lines,
    reading_width,
    shared_widths,
)
from aisle_desktop.ui.theme import Theme
from tests.ui.conftest import RESULT_TIMEOUT_MS, click_into, shown_alone, warnings_shown

TOKENS = ("workload", "output_tokens")
LONG_NAME = "Llama 3.1 70B RAG assistant for the legal team, production with N+1"


def _names(window: MainWindow) -> list[str]:
    return [s.name for s in window.document.scenarios]


def _tabs(window: MainWindow) -> list[str]:
    tabs = window.scenario_bar.tabs
    return [tabs.tabText(i) for i in range(tabs.count())]


def test_scenario_edits_are_named_undo_steps(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = window.controller.undo_stack
    first = _names(window)[0]
    window.scenario_bar.buttons["duplicate"].click()
    assert _names(window) == [first, f"{first} (2)"] == _tabs(window)
    assert window.document.current_index == 1 and stack.undoText() == "Duplicate Scenario"

    monkeypatch.setattr(scenario_bar, "ask_name", lambda *_a: ("On H200", True))
    window.scenario_bar.buttons["rename"].click()
    assert _names(window) == [first, "On H200"]
    undo = next(a for a in window.menuBar().actions() if a.text() == "&Edit").menu().actions()[0]
    assert undo.text() == "&Undo Rename Scenario"

    window.scenario_bar.buttons["left"].click()
    assert _names(window) == ["On H200", first] and stack.undoText() == "Move Scenario"
    window.scenario_bar.buttons["delete"].click()
    assert _names(window) == [first] and stack.undoText() == "Delete Scenario"
    assert not window.scenario_bar.buttons["delete"].isEnabled()  # a plan keeps one

    stack.undo()
    assert _names(window) == ["On H200", first] == _tabs(window)
    stack.undo()
    stack.undo()
    assert _names(window) == [first, f"{first} (2)"]
    stack.undo()
    assert _names(window) == [first] and not window.isWindowModified()
    stack.redo()
    stack.redo()
    assert _names(window) == [first, "On H200"] and window.isWindowModified()


def test_a_taken_name_is_refused(window: MainWindow) -> None:
    window.document.duplicate(0)
    assert not window.document.rename(1, window.document.scenarios[0].name)
    assert not window.document.rename(1, "   ")
    assert window.document.rename(1, "  Trimmed  ") and _names(window)[1] == "Trimmed"


def test_a_duplicate_of_a_name_as_long_as_names_go_is_numbered_within_it(
    window: MainWindow,
) -> None:
    """`unique_name` cuts a wanted name to leave room for its number (" (2)" up to
    " (99999)", `NUMBER_ROOM_CHARS`): a 200-character name's copy is 192 of them and " (2)"."""
    longest = "L" * 200
    assert window.document.rename(0, longest)
    window.document.duplicate(0)
    assert _names(window) == [longest, "L" * 192 + " (2)"]
    assert window.document.unique_name(longest) == "L" * 192 + " (3)"


def test_a_duplicate_of_a_duplicate_takes_the_next_number(window: MainWindow) -> None:
    """QA: Duplicate clicked on a copy named "X (2)" made "X (2) (2)"; a name that only
    looks numbered ("Plan (2026)", with no "Plan" in the plan) keeps its number whole."""
    first = _names(window)[0]
    window.scenario_bar.buttons["duplicate"].click()
    window.scenario_bar.buttons["duplicate"].click()
    assert _names(window) == [first, f"{first} (2)", f"{first} (3)"] == _tabs(window)
    window.scenario_bar.buttons["left"].click()  # the copy "(3)" moves before "(2)"
    window.scenario_bar.buttons["duplicate"].click()  # its copy goes beside it
    assert _names(window) == [first, f"{first} (3)", f"{first} (4)", f"{first} (2)"]
    assert window.document.rename(0, "Plan (2026)")
    window.scenario_bar.tabs.setCurrentIndex(0)
    window.scenario_bar.buttons["duplicate"].click()
    assert "Plan (2026) (2)" in _tabs(window)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        (
            "n" * 10_000_000,
            f'"{"n" * 37}..." cannot be used: a name takes at most 200 characters, this one '
            "has 10,000,000.",
        ),
        ("   ", '"" cannot be used: a scenario needs a name.'),
        (
            "Llama 3.1 70B RAG assistant",
            '"Llama 3.1 70B RAG assistant" cannot be used: another scenario of the plan has '
            "this name.",
        ),
    ],
)
def test_a_name_the_rename_dialog_refuses_is_quoted_in_short_with_why(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, typed: str, says: str
) -> None:
    """The walk: a pasted page filled the box with 4,000 characters of it, and the box named
    all three rules a name keeps, not the one it broke."""
    window.document.duplicate(0)
    monkeypatch.setattr(scenario_bar, "ask_name", lambda *_a: (typed, True))
    shown = warnings_shown(monkeypatch)
    before = _names(window)
    window.scenario_bar.buttons["rename"].click()
    assert shown == [f"Cannot rename: {says}"]
    assert _names(window) == before


def test_undo_finds_the_scenario_an_edit_belongs_to(window: MainWindow, qtbot: QtBot) -> None:
    doc = window.document
    doc.duplicate(0)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.controller.set_field(TOKENS, 999, "Output tokens")
    doc.select(0)
    assert window.controller.scenario.workload.output_tokens == 256
    window.controller.undo_stack.undo()  # the edit was made on the second scenario
    assert doc.current_index == 1 and window.scenario_bar.tabs.currentIndex() == 1
    assert [s.workload.output_tokens for s in doc.scenarios] == [256, 256]
    window.controller.undo_stack.redo()
    assert [s.workload.output_tokens for s in doc.scenarios] == [256, 999]


def test_comparison_shows_every_scenario_and_marks_differences(
    window: MainWindow, qtbot: QtBot
) -> None:
    doc = window.document
    doc.duplicate(0)
    with qtbot.waitSignal(window.service.plan_sized, timeout=RESULT_TIMEOUT_MS) as blocker:
        window.controller.set_field(("hardware", "gpu_id"), "h200-sxm", "GPU")
    assert [name for name, _r in blocker.args[0]] == _names(window)
    table = window.comparison_view.table
    view = window.comparison_view
    headers = [view.header_text(c).replace("\n", " ") for c in range(table.columnCount())]
    assert headers == _names(window)
    differing = window.comparison_view.differing_rows()
    assert "tpot_ms" in differing and "fits" not in differing
    row = [r.name for r in window.comparison_view.rows].index("tpot_ms")
    tint = Theme.of(table).tone(DIFFERS).background
    assert table.item(row, 0).background().color() == tint
    same = [r.name for r in window.comparison_view.rows].index("fits")
    assert table.item(same, 0).background().color() != tint
    assert table.item(same, 0).text() == "yes"  # as the report's rows read


def test_comparison_adds_each_scenarios_tail_beside_its_targets(
    window: MainWindow, qtbot: QtBot
) -> None:
    """After the figures the sizing thread simulates each scenario's tail: the table gains
    the p95 and p99 rows, each cell beside its scenario's target (1 s TTFT, 50 ms TPOT)."""
    doc = window.document
    doc.duplicate(0)
    with qtbot.waitSignal(window.service.plan_tails, timeout=RESULT_TIMEOUT_MS) as blocker:
        window.controller.set_field(("hardware", "gpu_id"), "h200-sxm", "GPU")
    assert len(blocker.args[0]) == 2 and all(tail is not None for tail in blocker.args[0])
    view = window.comparison_view
    names = [r.name for r in view.rows]
    at = names.index("tpot_ms")
    assert names[at + 1 : at + 5] == ["ttft_p95_ms", "ttft_p99_ms", "tpot_p95_ms", "tpot_p99_ms"]
    # Marked as the headline marks its figures; the tooltip says the target in words.
    p95 = view.table.item(at + 1, 0)
    assert p95.text().endswith((" ✓", " ✗"))
    assert "(within 1 s)" in p95.toolTip() or "(over 1 s)" in p95.toolTip()
    tpot_p95 = view.table.item(at + 3, 1).toolTip()
    assert "(within 50 ms)" in tpot_p95 or "(over 50 ms)" in tpot_p95
    assert view.table.verticalHeaderItem(at + 1).text() == "TTFT p95"


def test_the_gpus_compared_read_whole_at_1280_px(window: MainWindow, qtbot: QtBot) -> None:
    """Walk at 1280 x 800: Duplicate, "h200 sxm" typed into the GPU box; the Scenarios tab's
    GPU row, the one that differs, read "NVIDIA H100 SXM…" beside "NVIDIA H200 SXM…"."""
    window.resize(1280, 800)
    qtbot.mouseClick(window.scenario_bar.buttons["duplicate"], Qt.MouseButton.LeftButton)
    box = click_into(qtbot, window, ("hardware", "gpu_id"))
    assert isinstance(box, QComboBox)
    line = box.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "h200 sxm")
    with qtbot.waitSignal(window.service.plan_sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(QApplication.activePopupWidget() or line, Qt.Key.Key_Return)
    window.curves_panel.setCurrentWidget(window.comparison_view)
    view = window.comparison_view
    table = view.table
    row = [r.name for r in view.rows].index("gpu")
    names = [table.item(row, c).text() for c in range(2)]
    assert names == ["H100 SXM5 80GB", "H200 SXM 141GB"]
    bold = table.item(row, 0).font()
    for column, name in enumerate(names):
        room = table.columnWidth(column) - 8  # the cell's margins
        assert QFontMetrics(bold).horizontalAdvance(name) <= room, name
    assert "NVIDIA H200 SXM 141GB" in table.item(row, 1).toolTip()


def test_one_scenario_is_read_whole_and_counts_the_gpus_bought(
    window: MainWindow, qtbot: QtBot
) -> None:
    """With one scenario the column takes the room there is instead of eliding its name and
    GPU; the GPUs read as everywhere else: 8 bought (the DGX H100's), 6 needed, and 4 replicas
    (a 4th runs on the GPUs the server holds anyway)."""
    view = window.comparison_view
    with qtbot.waitSignal(window.service.plan_sized, timeout=RESULT_TIMEOUT_MS):
        window.curves_panel.setCurrentWidget(view)
        window.controller.set_field(TOKENS, 300, "Output tokens")
    table = view.table
    names = [r.name for r in view.rows]
    shown = {
        table.verticalHeaderItem(row).text(): table.item(row, 0).text()
        for row in (names.index(n) for n in ("gpus_bought", "gpus_needed", "replicas"))
    }
    assert shown == {"GPUs bought": "8", "GPUs needed": "6", "Replicas": "4"}
    assert "GPUs used" not in [table.verticalHeaderItem(r).text() for r in range(len(names))]
    needed = table.fontMetrics().horizontalAdvance("NVIDIA H100 SXM5 80GB")
    assert table.columnWidth(0) > needed


def test_three_scenarios_fit_the_tab_without_scrolling_sideways(
    window: MainWindow, qtbot: QtBot
) -> None:
    """At 1440 x 900 the tab is some 600 px wide, its figure names take 200: three columns
    capped at 150 px each ran past it, and the last scenario hid behind a scroll bar."""
    result = window.results_panel._result
    assert result is not None
    view = ComparisonView()
    shown_alone(qtbot, view, 600, 400)
    view.show_results([(f"Option {n}", result) for n in "ABC"])
    table = view.table
    qtbot.waitUntil(lambda: table.verticalHeader().width() > 0)
    used = sum(table.columnWidth(c) for c in range(3))
    assert used <= table.viewport().width()
    assert all(table.columnWidth(c) >= COLUMN_MIN_PX for c in range(3))


def test_widths_go_where_the_names_need_them() -> None:
    """Columns that fit are whole; a short one keeps only what it needs and the long one
    takes the rest, instead of both eliding at an even share."""
    assert shared_widths([200, 150], 500) == [200, 150]
    assert shared_widths([480, 220], 600) == [380, 220]
    assert shared_widths([400, 400, 90], 600) == [255, 255, 90]
    # Too many for the room: the table scrolls sideways, each column read whole to a point.
    assert shared_widths([400, 180, 400], 240) == [NAME_COLUMN_MAX_PX, 180, NAME_COLUMN_MAX_PX]
    assert shared_widths([150, 150], 250, least=[100, 160]) == [150, 160]
    # A column held at its least (its name over three lines) leaves the others the rest: three
    # scenarios at 1280 x 800 scrolled sideways where 115, 115 and 132 px fitted.
    assert shared_widths([130, 130, 140], 363, least=[112, 112, 132]) == [115, 115, 132]


def test_a_long_name_wraps_onto_three_lines_before_it_is_cut() -> None:
    def width(text: str) -> int:
        return 10 * len(text)

    assert header_lines("Option A", width, 200) == "Option A"
    assert header_lines("DeepSeek on H200 for the desk", width, 200) == (
        "DeepSeek on H200 for\nthe desk"
    )
    cut = header_lines("one two three four five six seven eight", width, 100)
    assert cut == "one two\nthree four\nfive six…"
    assert all(width(line) <= 100 for line in cut.split("\n"))
    # A plan's file name, too long for a line, breaks after a hyphen or a dot in it.
    opened = "Llama 70B (customer-chat-h200.aisle)"
    assert header_lines(opened, width, 160) == "Llama 70B\n(customer-chat-\nh200.aisle)"
    assert reading_width(opened, width, 100) == 152  # the narrowest it reads whole in
    assert reading_width("Option A", width, 100) == 100


def _in_the_rename_dialog(qtbot: QtBot, keys: Callable[[QLineEdit], None]) -> list[str]:
    """Once the real Rename dialog is open: select its field, press `keys` into it, note the
    field's text, press Enter. Returns the texts noted (the dialog opens on the next click)."""
    noted: list[str] = []

    def answer_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            return
        poll.stop()
        poll.deleteLater()
        field = dialog.findChild(QLineEdit)
        assert field is not None
        field.selectAll()
        keys(field)
        noted.append(field.text())
        qtbot.keyClick(field, Qt.Key.Key_Return)

    poll = QTimer(QApplication.instance())  # kept alive until the dialog has opened
    poll.setInterval(20)
    poll.timeout.connect(answer_the_dialog)
    poll.start()
    return noted


def test_a_long_name_typed_in_the_rename_dialog_reads_whole(
    window: MainWindow, qtbot: QtBot
) -> None:
    """At 1600 x 1000, two scenarios, one renamed to a long name in the real dialog: its column
    takes the room the short one leaves and the name reads whole (wrapped if need be); the header's
    tooltip has it too. It used to elide at half the table while the other column sat half
    empty."""
    window.resize(1600, 1000)
    view = window.comparison_view
    window.curves_panel.setCurrentWidget(view)
    with qtbot.waitSignal(window.service.plan_sized, timeout=RESULT_TIMEOUT_MS):
        window.scenario_bar.buttons["duplicate"].click()
        window.document.rename(1, "On B200")
    typed = _in_the_rename_dialog(qtbot, lambda field: qtbot.keyClicks(field, LONG_NAME))
    window.document.select(0)
    with qtbot.waitSignal(window.service.plan_sized, timeout=RESULT_TIMEOUT_MS):
        window.scenario_bar.buttons["rename"].click()
    assert typed == [LONG_NAME] and _names(window)[0] == LONG_NAME
    table = view.table
    # Whole: over two lines where its column is narrower than the name, else on one.
    qtbot.waitUntil(lambda: view.header_text(0).replace("\n", " ") == LONG_NAME)
    assert LONG_NAME in table.horizontalHeaderItem(0).toolTip()
    assert table.columnWidth(0) > table.columnWidth(1)
    assert table.columnWidth(0) + table.columnWidth(1) <= table.viewport().width()
    metrics = table.horizontalHeader().fontMetrics()
    assert table.columnWidth(1) >= metrics.horizontalAdvance(view.header_text(1))


def test_a_name_pasted_over_two_lines_into_the_rename_dialog_is_one_line(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The dialog's field takes a pasted line break: "Option A\\nOption B" became a two-line tab
    and a two-line heading in the comparison and the report."""
    QApplication.clipboard().setText("Option A\nOption B\t(fallback)")
    pasted = _in_the_rename_dialog(
        qtbot,
        lambda field: qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier),
    )
    window.scenario_bar.buttons["rename"].click()
    assert pasted == ["Option A\nOption B\t(fallback)"]  # as the field took it
    assert _names(window) == ["Option A Option B (fallback)"]
    assert _tabs(window)[0] == "Option A Option B (fallback)"


def test_a_paste_past_what_a_name_holds_is_cut_and_said_in_the_rename_dialog(
    window: MainWindow, qtbot: QtBot
) -> None:
    """QA: Qt cut a 40,000-character paste at 32,767 without a word, and the rename then
    refused "this one has 32,767". The field keeps the 200 characters a name holds and the
    dialog says the other 39,800 were left out before OK is pressed."""
    QApplication.clipboard().setText("Option A " + "x" * 39_991)
    said: list[str] = []

    def paste(field: QLineEdit) -> None:
        qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        dialog = field.window()
        assert isinstance(dialog, QInputDialog)
        said.append(dialog.labelText())

    pasted = _in_the_rename_dialog(qtbot, paste)
    window.scenario_bar.buttons["rename"].click()
    assert pasted == ["Option A " + "x" * 191]
    assert said == [
        "Scenario name:\n⚠ A scenario name holds at most 200 characters: the last 39,800 of "
        "what was pasted or typed were left out."
    ]
    assert _names(window)[0] == "Option A " + "x" * 191


def test_every_figure_reads_whole_on_its_line_however_narrow_the_tab(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The last walk: four scenarios in a narrow tab shared its width evenly and wrapped
    "$0.577/M tokens" into "token" over "s", cut by the row's height. A column is now never
    narrower than its widest figure (the table scrolls sideways instead); a GPU's name may
    be cut short with "…", whole in its tooltip."""
    for gpu in ("l40s", "h200-sxm", "b200"):
        window.document.duplicate(window.document.current_index)
        with qtbot.waitSignal(window.service.plan_sized, timeout=RESULT_TIMEOUT_MS) as sized:
            window.controller.set_field(("hardware", "gpu_id"), gpu, "GPU")
    view = ComparisonView()
    shown_alone(qtbot, view, 600, 400)
    view.show_results(sized.args[0])
    table = view.table
    assert not table.wordWrap()
    figures = [r for r, row in enumerate(view.rows) if not row.texts]
    for width in range(560, 1000, 10):
        view.resize(width, 400)
        qtbot.waitUntil(lambda width=width: view.width() == width)
        for column in range(4):
            cells = [table.model().index(r, column) for r in figures]
            needed = max(table.sizeHintForIndex(cell).width() for cell in cells)
            assert table.columnWidth(column) >= needed, (width, column)
