"""A paste past what a name or an id holds is cut and said, never dropped without a word.

QA: Qt's line fields keep 32,767 characters of a paste and drop the rest silently (their
maxLength); the plan name kept its 200 the same way. Each field now takes the paste, keeps what
it holds and says on its own line how much was left out (the rename dialog's is tested with
the scenarios, tests/ui/test_scenarios.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.model_import import ModelIdDialog


def _paste(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Select what the field holds and paste ``text`` over it with Ctrl+V."""
    QApplication.clipboard().setText(text)
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_a_plan_name_pasted_past_200_characters_is_cut_and_said(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.notes_panel
    window.curves_panel.setCurrentWidget(panel)
    _paste(qtbot, panel.name_edit, "Hospital 2027 " + "x" * 39_986)  # 40,000 characters
    assert window.document.plan().name == "Hospital 2027 " + "x" * 186
    assert panel.name_edit.text() == window.document.plan().name
    assert panel.name_cut.isVisibleTo(panel)
    assert panel.name_cut.text() == (
        "A plan name holds at most 200 characters: the last 39,800 of what was pasted or "
        "typed were left out."
    )
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_Backspace)  # the next edit fits
    assert len(window.document.plan().name) == 199 and not panel.name_cut.isVisibleTo(panel)


def test_an_id_pasted_past_100_characters_is_cut_and_said_in_the_id_dialog(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    config = tmp_path / "our-model" / "config.json"
    dialog = ModelIdDialog(window, config, "our-model", window.document)
    qtbot.addWidget(dialog)
    dialog.show()
    _paste(qtbot, dialog.id_edit, "our-model-" + "x" * 40_000)
    assert dialog.model_id() == "our-model-" + "x" * 90
    assert dialog.cut.isVisibleTo(dialog)
    assert dialog.cut.text() == (
        "An id holds at most 100 characters: the last 39,910 of what was pasted or typed "
        "were left out."
    )
    assert dialog.note.text() == "A new model in your own catalog."
    assert dialog.ok_button.isEnabled()


def test_a_glossary_search_pasted_past_200_characters_is_cut_and_said(
    window: MainWindow, qtbot: QtBot
) -> None:
    """QA: a page pasted into a search was cut at 32,767 characters without a word."""
    window.pages.glossary_action.trigger()
    assert window.learn_page is not None
    glossary = window.learn_page.glossary_view
    _paste(qtbot, glossary.search, "KV cache " + "x" * 39_991)  # 40,000 characters
    assert glossary.search.text() == "KV cache " + "x" * 191
    assert glossary.search_cut.isVisibleTo(glossary)
    assert glossary.search_cut.text() == (
        "A search holds at most 200 characters: the last 39,800 of what was pasted or typed "
        "were left out."
    )
    assert glossary.shown_terms() == []  # the search kept is the one made
    glossary.search.selectAll()
    qtbot.keyClicks(glossary.search, "kv cache")  # the next edit fits
    assert not glossary.search_cut.isVisibleTo(glossary)
    assert glossary.shown_terms()[0] == "kv-cache"


def test_a_model_search_pasted_past_200_characters_is_cut_and_said(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.workload_panel
    box = panel.fields.widget(("workload", "model_id"))
    line = box.lineEdit()
    model = window.controller.scenario.workload.model_id
    _paste(qtbot, line, "Llama " + "y" * 40_000)
    assert line.text() == "Llama " + "y" * 194
    assert panel.model_search_cut.isVisibleTo(panel)
    assert panel.model_search_cut.text() == (
        "A search holds at most 200 characters: the last 39,806 of what was pasted or typed "
        "were left out."
    )
    assert window.controller.scenario.workload.model_id == model  # a search, not a choice
    line.selectAll()
    qtbot.keyClicks(line, "Llama")
    assert not panel.model_search_cut.isVisibleTo(panel)
