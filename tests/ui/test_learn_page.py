"""The Learn page as a planner uses it: pick a lesson, press Try this, search the glossary."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLabel,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.learn import LearnContent, LearnContentError, Lesson, load_learn_content
from aisle_desktop.plan import preset_scenario
from aisle_desktop.ui import pages
from aisle_desktop.ui.app import build_window
from aisle_desktop.ui.learn_page import LearnPage, find_item
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.name_line import MAX_SEARCH_CHARS
from aisle_desktop.ui.try_this import curve_pages
from tests.conftest import ErrorRecords
from tests.ui.conftest import RESULT_TIMEOUT_MS, type_into

HISTORY = ("workload", "prompt", "history_tokens")

CONTENT = load_learn_content()


def _learn(window: MainWindow) -> LearnPage:
    assert window.learn_page is not None
    return window.learn_page


def _click_item(tree: QTreeWidget, item: QTreeWidgetItem, qtbot: QtBot) -> None:
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _lesson_item(page: LearnPage, lesson_id: str) -> QTreeWidgetItem:
    item = find_item(page.contents, lesson_id)
    assert item is not None, f"no lesson {lesson_id} in the contents"
    return item


def _open_learn(window: MainWindow, qtbot: QtBot) -> None:
    toolbar = window.findChild(QToolBar, "main-toolbar")
    assert toolbar is not None
    button = toolbar.widgetForAction(window.pages.learn_action)
    assert button is not None and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.pages.current_page() == "learn"


def _expected_target(window: MainWindow, lesson: Lesson) -> QWidget:
    step = lesson.try_this
    assert step is not None
    kind, name = step.target_kind, step.target_name
    if kind == "curve":
        return curve_pages(window.curves_panel)[name]
    if kind == "figure":
        label = window.results_panel.headline_value(name)
        return label if label is not None else window.figure_table
    if kind == "field":
        path = tuple(name.split("."))
        for panel in (window.workload_panel, window.hardware_panel):
            if path in panel.fields.editors():
                return panel.fields.widget(path)
    views = {"plan-line": window.results_panel.plan_line}
    return views[name]


def test_try_this_opens_the_preset_and_points_at_its_target(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Every lesson in turn, as a planner reads them in one window: each Try this opens its
    preset (another first, where the window shows it already) and points at its target. One
    window for the twelve lessons, not one each: a lesson starts from wherever the last one
    left the window, which a planner's walk does too."""
    for lesson in CONTENT.lessons:
        _try_the_lesson(window, qtbot, lesson)


def _try_the_lesson(window: MainWindow, qtbot: QtBot, lesson: Lesson) -> None:
    step = lesson.try_this
    assert step is not None, lesson.id
    _open_learn(window, qtbot)
    page = _learn(window)
    _click_item(page.contents, _lesson_item(page, lesson.id), qtbot)
    assert page.lesson_view.lesson_id == lesson.id
    assert lesson.title in page.lesson_view.browser.toPlainText()
    if window.controller.scenario.name == preset_scenario(step.preset).name:
        window.open_preset("deepseek-v3" if step.preset != "deepseek-v3" else "llama-8b-chat")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.mouseClick(page.lesson_view.try_button, Qt.MouseButton.LeftButton)
    assert window.pages.current_page() == "sizer", lesson.id
    assert window.controller.scenario.name == preset_scenario(step.preset).name, lesson.id
    assert window.preset_box.currentData() == step.preset, lesson.id
    target = _expected_target(window, lesson)
    assert window.try_this.spotlight.target() is target, lesson.id
    assert window.try_this.spotlight.isVisible(), lesson.id
    assert target.isVisible(), lesson.id
    assert window.try_banner.isVisible(), lesson.id
    assert window.try_banner.text.text() == step.hint
    if step.target_kind == "curve":
        assert window.curves_panel.currentWidget() is target, lesson.id
    if step.target_kind == "field":
        assert target.hasFocus(), lesson.id


def test_try_this_is_one_undoable_step(window: MainWindow, qtbot: QtBot) -> None:
    """The planner's own scenario (the default plan with 980 tokens of history typed) is one
    Undo away, and the hint says so (walk45: nothing said where it went)."""
    box = type_into(qtbot, window, HISTORY, "980")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    before = window.controller.scenario
    page = _learn(window)
    page.show_lesson("kv-cache")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.mouseClick(page.lesson_view.try_button, Qt.MouseButton.LeftButton)
    assert window.controller.scenario.name == preset_scenario("agentic-coding").name
    assert window.try_banner.text.text().endswith(
        f"\nIt replaced your scenario “{before.name}”: Edit > Undo (Ctrl+Z) brings it back."
    )
    assert window.controller.undo_stack.undoText().startswith("Load ")
    window.controller.undo_stack.undo()
    assert window.controller.scenario == before
    qtbot.mouseClick(window.try_banner.back, Qt.MouseButton.LeftButton)
    assert window.pages.current_page() == "learn"
    assert page.lesson_view.lesson_id == "kv-cache"
    assert not window.try_banner.isVisible()


def test_typing_in_the_glossary_search_filters_the_terms(window: MainWindow, qtbot: QtBot) -> None:
    window.pages.glossary_action.trigger()
    glossary = _learn(window).glossary_view
    assert glossary.isVisible()
    total = len(CONTENT.glossary)
    assert len(glossary.shown_terms()) == total
    qtbot.keyClicks(glossary.search, "kv cache")
    shown = glossary.shown_terms()
    assert shown[0] == "kv-cache"
    assert "pue" not in shown and len(shown) < total
    assert glossary.count.text() == f"{len(shown)} of {total} terms"
    assert "KV cache" in glossary.browser.toPlainText()
    glossary.search.selectAll()
    qtbot.keyClicks(glossary.search, "qwertyuiop")
    assert glossary.shown_terms() == []
    assert "No term mentions" in glossary.browser.toPlainText()
    glossary.search.selectAll()
    qtbot.keyClick(glossary.search, Qt.Key.Key_Backspace)
    assert len(glossary.shown_terms()) == total


def test_a_term_link_in_a_lesson_opens_the_glossary_on_it(window: MainWindow) -> None:
    page = _learn(window)
    page.show_lesson("kv-cache")
    page.lesson_view.term_requested.emit("kv-precision")
    assert page.stack.currentWidget() is page.glossary_view
    assert page.glossary_view.shown_terms()[0] == "kv-precision"


def test_every_input_has_a_glossary_tooltip(window: MainWindow) -> None:
    content: LearnContent = CONTENT
    for panel in (window.workload_panel, window.hardware_panel):
        for path, widget in panel.fields.editors().items():
            key = ".".join(path)
            assert key in content.tooltips.fields, f"{key} has no term in tooltips.json"
            term = content.term(content.tooltips.fields[key])
            assert term is not None
            assert term.term.replace("&", "&amp;") in widget.toolTip(), key
    group = window.workload_panel.findChild(QWidget, "workload.embeddings")
    assert group is not None and "Embedding model" in group.toolTip()


def test_every_figure_and_curve_has_a_glossary_tooltip(window: MainWindow) -> None:
    content = CONTENT
    for name, term_id in content.tooltips.figures.items():
        term = content.term(term_id)
        assert term is not None
        caption = window.results_panel.headline_caption(name)
        if caption is not None:
            assert term.term in caption.toolTip(), name
        item = window.figure_table.item_for(name)
        if item is not None:
            assert term.term in item.toolTip(0), name
    assert window.figure_table.item_for("ttft_ms") is not None
    curves = window.curves_panel
    for name, page in curve_pages(curves).items():
        assert curves.tabToolTip(curves.indexOf(page)), name


def test_a_refused_value_replaces_the_tooltip_until_fixed(window: MainWindow, qtbot: QtBot) -> None:
    spin = window.workload_panel.fields.widget(("workload", "output_tokens"))
    assert isinstance(spin, QAbstractSpinBox)
    glossary_tip = spin.toolTip()
    assert "Answer length" in glossary_tip
    spin.selectAll()
    qtbot.keyClicks(spin, "0")
    qtbot.keyClick(spin, Qt.Key.Key_Return)  # a field commits on Enter, not per keystroke
    assert "must be at least 1" in spin.toolTip()
    spin.selectAll()
    qtbot.keyClicks(spin, "300")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert spin.toolTip() == glossary_tip


def test_the_toolbar_switches_pages(window: MainWindow, qtbot: QtBot) -> None:
    _open_learn(window, qtbot)
    assert _learn(window).isVisible()
    assert not window.results_panel.isVisible()
    window.pages.sizer_action.trigger()
    assert window.results_panel.isVisible()


def test_every_row_of_the_scenario_comparison_has_a_tooltip(
    window: MainWindow, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(window.service.plan_sized, timeout=RESULT_TIMEOUT_MS):
        window.service.request_plan(window.document.scenarios)
    table = window.comparison_view.table
    assert table.rowCount() > 5
    for row in range(table.rowCount()):
        header = table.verticalHeaderItem(row)
        assert header is not None and header.toolTip(), header.text() if header else row


def test_next_lesson_walks_the_course_in_order(window: MainWindow, qtbot: QtBot) -> None:
    page = _learn(window)
    window.pages.learn_action.trigger()
    page.show_lesson(CONTENT.lessons[0].id)
    for lesson in CONTENT.lessons[1:]:
        qtbot.mouseClick(page.lesson_view.next_button, Qt.MouseButton.LeftButton)
        assert page.lesson_view.lesson_id == lesson.id
        assert page.contents.currentItem().text(0) == lesson.title
    assert page.lesson_view.next_button.text() == "Glossary ▸"
    qtbot.mouseClick(page.lesson_view.next_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.glossary_view


def test_a_damaged_install_without_lessons_still_opens_the_sizer(
    qtbot: QtBot,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    error_records: ErrorRecords,
) -> None:
    def broken() -> LearnContent:
        raise LearnContentError("resources/learn/glossary.json: cannot be read")

    monkeypatch.setattr(pages, "load_learn_content", broken)
    win = build_window(catalog, "llama-8b-chat")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.service.sized, timeout=RESULT_TIMEOUT_MS):
        win.show()
    assert win.learn_page is None
    win.pages.learn_action.trigger()
    shown = win.pages.currentWidget()
    assert isinstance(shown, QLabel) and "glossary.json: cannot be read" in shown.text()
    assert error_records.claim("Learn content not loaded: .*glossary.json")
    win.pages.sizer_action.trigger()
    assert win.results_panel.isVisible()
    win.close()


def test_at_1024_px_a_lesson_reads_without_scrolling_sideways(
    window: MainWindow, qtbot: QtBot
) -> None:
    """QA at 1024 x 700: lines of 780 px and a 680 px picture in a view some 650 px wide ran
    off its right edge. Lines wrap at the view's width, the picture is drawn to it; at 1600
    px lines keep their 780 px."""
    window.resize(1024, 700)
    _open_learn(window, qtbot)
    browser = _learn(window).lesson_view.browser
    qtbot.waitUntil(lambda: 0 < browser.viewport().width() < 780)
    qtbot.waitUntil(lambda: browser.horizontalScrollBar().maximum() == 0)
    assert browser.lineWrapColumnOrWidth() == browser.viewport().width()
    assert "![" in _learn(window).lesson_view.browser.toMarkdown()  # the lesson has a picture
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: browser.lineWrapColumnOrWidth() == 780)


def test_a_page_pasted_into_the_glossary_search_is_quoted_in_short(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The walk: a pasted page was quoted whole in "No term mentions ...", filling the
    glossary with it (the box keeps a search's 200 characters of it, and says so:
    tests/ui/test_name_paste.py)."""
    window.pages.glossary_action.trigger()
    glossary = _learn(window).glossary_view
    pasted = "qwertyuiop " * 3_000
    QApplication.clipboard().setText(pasted)
    glossary.search.setFocus()
    qtbot.keyClick(glossary.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert glossary.search.text() == pasted[:MAX_SEARCH_CHARS]
    assert glossary.shown_terms() == []
    assert glossary.browser.toPlainText() == f"No term mentions “{pasted[:37]}...”."


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.parametrize("size", [(1024, 700), (1280, 800)])
def test_walking_the_course_gives_qt_no_warning(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    """Every lesson clicked in turn, each after the one before, and back: Qt printed
    "QTextCursor::setPosition: Position 'N' out of range" as a lesson with pictures gave way
    to a shorter one (a scroll bar coming or going fitted the old lesson's pictures into the
    new text). The mark fails the test on any warning Qt logs."""
    window.resize(*size)
    _open_learn(window, qtbot)
    page = _learn(window)
    lessons = [*CONTENT.lessons, *reversed(CONTENT.lessons)]
    for lesson in lessons:
        _click_item(page.contents, _lesson_item(page, lesson.id), qtbot)
        assert page.lesson_view.lesson_id == lesson.id
