"""Several plans opened at once, to compare: the good ones side by side in the Scenarios tab,
each one that cannot be opened or sized named with why, no file written.

QA: choosing or dropping three plans opened the first and dropped the others without a word;
File > Open… took one file only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Plan, preset_scenario, save_plan
from aisle_desktop.ui.comparison_view import CANNOT
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.scenario_columns import HEADER_LINES
from tests.ui.conftest import RESULT_TIMEOUT_MS, drop_of, warnings_shown
from tests.ui.dialogs import choose_in_the_file_dialog

CHAT = preset_scenario("llama-8b-chat")
RAG = preset_scenario("llama-70b-rag")


def _plans(folder: Path) -> list[Path]:
    """Four plans: a good one of two scenarios; one cut short; one from a newer Aisle; one
    whose second scenario names a model no catalog here has (its first is named like one of
    the good plan's)."""
    good, broken, newer, missing = (
        folder / name for name in ("good.aisle", "broken.aisle", "newer.aisle", "missing.aisle")
    )
    save_plan(Plan(scenarios=[CHAT, RAG]), good)
    broken.write_text('{"format": "aisle-plan", "version": 4, "scenarios": [', encoding="utf-8")
    data = json.loads(good.read_text(encoding="utf-8"))
    newer.write_text(json.dumps({**data, "version": 99}), encoding="utf-8")
    theirs = RAG.model_copy(
        update={
            "name": "Their Llama",
            "workload": RAG.workload.model_copy(update={"model_id": "their-llama"}),
        }
    )
    save_plan(Plan(scenarios=[CHAT, theirs]), missing)
    return [good, broken, newer, missing]


def _all_four(results: list[object]) -> bool:
    """The plan gathered was sized (the window's first plan may be answered after it opens)."""
    return len(results) == 4


def _assert_compared(window: MainWindow, paths: list[Path], shown: list[str]) -> None:
    _good, broken, newer, _missing = paths
    (said,) = shown
    assert said.startswith("Some plans not opened: ")
    assert f"{broken}: the file is cut short at line 1" in said
    assert f"{newer}: was written by a newer Aisle (plan format version 99)" in said
    doc = window.document
    assert [s.name for s in doc.scenarios] == [
        CHAT.name,
        RAG.name,
        f"{CHAT.name} (missing.aisle)",
        "Their Llama",
    ]
    assert doc.path is None and doc.is_modified()  # a new plan: Save asks where
    view = window.comparison_view
    assert window.curves_panel.currentWidget() is view
    table = view.table
    gpu_row = [row.name for row in view.rows].index("gpu")
    cells = [table.item(gpu_row, column).text() for column in range(table.columnCount())]
    assert cells[3] == CANNOT and CANNOT not in cells[:3]
    assert view.not_sized.isVisibleTo(view)
    assert view.not_sized.text() == (
        'Not sized: "Their Llama": Model: "their-llama" is not in this catalog or the plan; '
        "choose another in the field, or add the entry to your own catalog"
    )


def test_plans_chosen_together_in_file_open_compare_and_the_bad_ones_say_why(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _plans(tmp_path)
    before = [p.read_bytes() for p in paths]
    shown = warnings_shown(monkeypatch)
    window.file_actions.recent.add(paths[0])
    choose_in_the_file_dialog(qtbot, paths)
    with qtbot.waitSignal(
        window.service.plan_sized, timeout=RESULT_TIMEOUT_MS, check_params_cb=_all_four
    ):
        window.file_actions.open.trigger()
    _assert_compared(window, paths, shown)
    assert [p.read_bytes() for p in paths] == before


def test_plans_dropped_together_compare_too(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _plans(tmp_path)
    shown = warnings_shown(monkeypatch)
    drop = drop_of(window, paths)
    with qtbot.waitSignal(
        window.service.plan_sized, timeout=RESULT_TIMEOUT_MS, check_params_cb=_all_four
    ):
        window.dropEvent(drop)
    _assert_compared(window, paths, shown)


def test_plans_none_of_which_opens_change_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _good, broken, newer, _missing = _plans(tmp_path)
    names = [s.name for s in window.document.scenarios]
    shown = warnings_shown(monkeypatch)
    assert not window.file_actions.open_paths([broken, newer])
    (said,) = shown
    assert said.startswith(f"Cannot open plans: {broken}: the file is cut short")
    assert [s.name for s in window.document.scenarios] == names
    assert not window.document.is_modified()


def test_long_plan_names_read_whole_in_their_columns_at_1024_px(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """QA: plans dropped together at 1024 x 700 were each named "Llama 3.1 70B RAG assistant
    (their-file.aisle)" and their columns all read "Llama 3.1…": which plan was which could
    only be found in tooltips. Each name now reads whole over at most three lines, its column
    as wide as that needs (the table scrolls sideways), the full name still in the tooltip."""
    files = ("support-team-capacity-plan-2027", "customer-facing-chat-h200-option")
    paths = [tmp_path / f"{name}.aisle" for name in files]
    for path in paths:
        save_plan(Plan(scenarios=[RAG, CHAT]), path)
    window.resize(1024, 700)
    view = window.comparison_view
    with qtbot.waitSignal(window.service.plan_sized, timeout=RESULT_TIMEOUT_MS):
        window.dropEvent(drop_of(window, paths))
    assert window.curves_panel.currentWidget() is view
    names = [s.name for s in window.document.scenarios]
    assert names[2] == f"{RAG.name} (customer-facing-chat-h200-option.aisle)"
    table = view.table
    width_of = table.horizontalHeader().fontMetrics().horizontalAdvance
    for column, name in enumerate(names):
        lines = view.header_text(column).split("\n")
        assert len(lines) <= HEADER_LINES and "…" not in view.header_text(column)
        assert "".join(lines).replace(" ", "") == name.replace(" ", "")  # every character
        assert all(width_of(line) < table.columnWidth(column) for line in lines)
        assert name in table.horizontalHeaderItem(column).toolTip()
