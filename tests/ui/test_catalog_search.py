"""Typing part of a name in the Model or GPU box and pressing Enter chooses the first entry
the search lists (QA: "Qwen3" and Enter kept Llama 3.1 70B in the plan while the box read
"Qwen3"; "H200" typed into the GPU box, which matched only first letters, found nothing, every
GPU's name starting with its maker's); a name no entry holds is refused at the field, and the
plan keeps what it had."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.name_search import holds_words, search_text
from aisle_desktop.ui.refused_look import is_refused
from tests.ui.conftest import RESULT_TIMEOUT_MS, click_into

MODEL = ("workload", "model_id")
GPU = ("hardware", "gpu_id")


def _line(box: QComboBox) -> QLineEdit:
    line = box.lineEdit()
    assert line is not None
    return line


def _type_a_search(
    qtbot: QtBot, window: MainWindow, text: str, path: tuple[str, ...] = MODEL
) -> QComboBox:
    """Click into the Model (or GPU) box, select its text and type `text` as a planner does."""
    box = click_into(qtbot, window, path)
    assert isinstance(box, QComboBox)
    _line(box).selectAll()
    qtbot.keyClicks(_line(box), text)
    return box


def _press_enter(qtbot: QtBot, box: QComboBox) -> None:
    """Enter goes where the keyboard sends it: to the search's list while it shows."""
    qtbot.keyClick(QApplication.activePopupWidget() or box, Qt.Key.Key_Return)


def test_enter_chooses_the_first_model_the_search_lists(window: MainWindow, qtbot: QtBot) -> None:
    assert window.controller.scenario.workload.model_id == "llama-3.1-70b"
    box = _type_a_search(qtbot, window, "qwen3")
    listed = [box.itemText(i) for i in range(box.count()) if "qwen3" in box.itemText(i).lower()]
    assert len(listed) > 1  # a search that lists several: the first is chosen
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _press_enter(qtbot, box)
    assert _line(box).text() == listed[0] == box.itemText(box.currentIndex())
    assert window.controller.scenario.workload.model_id == box.currentData()
    assert window.controller.undo_stack.undoText() == "Change Model"


def test_a_name_no_model_holds_is_refused_and_the_plan_keeps_its_model(
    window: MainWindow, qtbot: QtBot
) -> None:
    box = _type_a_search(qtbot, window, "Qwenx")
    _press_enter(qtbot, box)
    panel = window.workload_panel
    assert panel.message.isVisible()
    assert panel.message.text() == "Model: no model in the catalog has “Qwenx” in its name"
    assert is_refused(box) and _line(box).text() == "Qwenx"
    assert window.controller.scenario.workload.model_id == "llama-3.1-70b"
    # The planner types the plan's own model again: the mark goes, nothing was changed.
    box = _type_a_search(qtbot, window, "Llama 3.1 70B")
    _press_enter(qtbot, box)
    assert not is_refused(box) and not panel.message.isVisible()
    assert _line(box).text() == box.itemText(box.currentIndex())
    assert window.controller.scenario.workload.model_id == "llama-3.1-70b"
    assert not window.controller.undo_stack.canUndo()


def test_a_gpu_is_found_by_part_of_its_name(window: MainWindow, qtbot: QtBot) -> None:
    hardware = window.controller.scenario.hardware
    assert hardware.gpu_id == "h100-sxm" and hardware.server_id is None
    box = _type_a_search(qtbot, window, "H200", GPU)
    first = next(i for i in range(box.count()) if "H200" in box.itemText(i))
    assert not box.itemText(first).startswith("H200")  # "NVIDIA H200 ...": the maker first
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _press_enter(qtbot, box)
    assert window.controller.scenario.hardware.gpu_id == box.itemData(first)
    assert _line(box).text() == box.itemText(first)
    assert _line(box).cursorPosition() == 0  # read from its start: "NVIDIA H200 ..."
    assert window.controller.undo_stack.undoText() == "Change GPU"
    box = _type_a_search(qtbot, window, "H9000", GPU)
    _press_enter(qtbot, box)
    assert window.hardware_panel.message.text() == (
        "GPU: no GPU in the catalog has “H9000” in its name"
    )
    assert window.controller.scenario.hardware.gpu_id == box.itemData(first)


def test_a_model_is_found_however_the_words_of_its_name_are_joined(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The walk: "DeepSeek V3" typed beside the DeepSeek-V3 preset was refused ("no model in
    the catalog has “DeepSeek V3” in its name"), as were "llama-3.1-8b" as Hugging Face writes
    it and "gpt oss 120b". The list and Enter now read the words, however joined."""
    for typed, model_id in (
        ("DeepSeek V3", "deepseek-v3"),
        ("llama-3.1-8b", "llama-3.1-8b"),
        ("gpt oss 120b", "gpt-oss-120b"),
        ("qwen3 30b a3b", "qwen3-30b-a3b"),
        ("llama 405b", "llama-3.1-405b"),
    ):
        box = _type_a_search(qtbot, window, typed)
        listed = box.completer().completionModel()
        shown = [listed.index(row, 0).data() for row in range(listed.rowCount())]
        assert shown and all(holds_words(name, typed) for name in shown), typed
        with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
            _press_enter(qtbot, box)
        assert window.controller.scenario.workload.model_id == model_id
        assert _line(box).text() == shown[0] == box.itemText(box.currentIndex())


def test_a_search_reads_words_not_the_marks_between_them() -> None:
    assert search_text("DeepSeek-V3 · 671 B") == "deepseek v3 · 671 b"
    assert holds_words("Llama 3.1 70B · 70.6 B", "llama 70b")
    assert holds_words("NVIDIA H200 SXM 141GB", "h200")
    assert not holds_words("Llama 3.1 70B", "70b llama")  # in the name's order
    assert not holds_words("Qwen3 8B", "Qwenx")


def test_a_search_the_plans_model_answers_keeps_it(window: MainWindow, qtbot: QtBot) -> None:
    """The walk: "llama 70b" and Enter swapped the plan's Llama 3.1 70B for Llama 2 70B, the
    first the list shows; words the chosen model holds keep it, and nothing changes."""
    box = _type_a_search(qtbot, window, "llama 70b")
    listed = box.completer().completionModel()
    shown = [listed.index(row, 0).data() for row in range(listed.rowCount())]
    assert shown[0].startswith("Llama 2 70B")  # another model is listed first
    _press_enter(qtbot, box)
    assert window.controller.scenario.workload.model_id == "llama-3.1-70b"
    assert _line(box).text() == box.itemText(box.currentIndex())
    assert not window.controller.undo_stack.canUndo()
    # Words it does not hold still choose the first the list shows.
    box = _type_a_search(qtbot, window, "llama 2 70b")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _press_enter(qtbot, box)
    assert window.controller.scenario.workload.model_id == "llama-2-70b"


def test_a_name_chosen_from_the_list_reads_from_its_start(window: MainWindow, qtbot: QtBot) -> None:
    """Walk at 1280 px: "qwen3 32b" and Enter chose Qwen3 32B, and the box, keeping the
    focus, showed the name's end: "wen3 32B · 32.8 B · 41k context · GQA"."""
    box = _type_a_search(qtbot, window, "qwen3 32b")
    line = _line(box)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _press_enter(qtbot, box)
    assert line.text().startswith("Qwen3 32B") and line.hasFocus()
    qtbot.waitUntil(lambda: line.cursorPosition() == 0)
    assert line.cursorRect().left() < line.fontMetrics().horizontalAdvance("Q") + 8
