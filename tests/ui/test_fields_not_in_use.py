"""Fields that do not bear on the plan read as not in use, not as amounts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import load_plan
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, click_into

PROMPT = ("workload", "prompt")
CHUNKS = (*PROMPT, "rag_chunks")
CHUNK_SIZE = (*PROMPT, "rag_chunk_tokens")
HISTORY = (*PROMPT, "history_tokens")
RETRIEVAL = ("workload", "retrieval_latency_ms")


def _type(qtbot: QtBot, window: MainWindow, path: tuple[str, ...], typed: str) -> None:
    box = click_into(qtbot, window, path)
    box.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(box, typed)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)


def _shown(window: MainWindow, path: tuple[str, ...]) -> str:
    return window.workload_panel.fields.widget(path).text()  # type: ignore[attr-defined]


def test_no_rag_chunks_shows_chunk_size_not_in_use_and_keeps_it_in_the_plan(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """The 70B RAG preset: 4 chunks of 400 tokens, no history, 100 ms retrieval."""
    assert _shown(window, HISTORY) == "none"  # was "0 tokens"
    assert _shown(window, CHUNK_SIZE) == "400 tokens"
    _type(qtbot, window, CHUNKS, "0")
    size = window.workload_panel.fields.widget(CHUNK_SIZE)
    assert _shown(window, CHUNKS) == "none"
    assert not size.isEnabled() and _shown(window, CHUNK_SIZE) == "not in use: no RAG chunks"
    assert window.controller.scenario.workload.prompt.input_tokens == 400  # 300 + 100
    _type(qtbot, window, RETRIEVAL, "0")
    assert _shown(window, RETRIEVAL) == "none"  # was "0.0 ms"
    assert window.file_actions.save_to(tmp_path / "plan.aisle")
    prompt = load_plan(tmp_path / "plan.aisle").plan.scenarios[0].workload.prompt
    assert (prompt.rag_chunks, prompt.rag_chunk_tokens, prompt.history_tokens) == (0, 400, 0)

    _type(qtbot, window, CHUNKS, "2")
    assert size.isEnabled() and _shown(window, CHUNK_SIZE) == "400 tokens"
    assert window.controller.scenario.workload.prompt.input_tokens == 1_200


def test_history_typed_over_none_is_taken(window: MainWindow, qtbot: QtBot) -> None:
    """Clicking into "none" selects it: the digits typed replace the word."""
    _type(qtbot, window, HISTORY, "2000")
    assert window.controller.scenario.workload.prompt.history_tokens == 2_000
    assert _shown(window, HISTORY) == "2,000 tokens"
