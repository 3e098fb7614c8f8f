"""Hostile plan files opened in the window as a planner opens them (File > Open…'s real
dialog, or dropped from a file manager): each refusal names the file and what is wrong, and
the plan on screen, its figures and its undo stay as they were; a file that can be read opens.

Hostile walk (7 December, hostile34): the round of the plan layer's tests
(tests/plan/test_plan_bad_input.py, test_plan_special_files.py), through the window.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Plan, plan_to_text, preset_scenario
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, drop_of, warnings_shown
from tests.ui.dialogs import choose_in_the_file_dialog


def _plan_text() -> str:
    return plan_to_text(Plan(scenarios=[preset_scenario("llama-8b-chat")]))


def _utf16(path: Path) -> None:
    path.write_bytes(_plan_text().encode("utf-16"))


def _duplicate_key(path: Path) -> None:
    text = _plan_text()
    at = text.index('"scenarios"')
    path.write_text(f'{text[:at]}"notes": "one", "notes": "two", {text[at:]}', encoding="utf-8")


def _newer(path: Path) -> None:
    data = json.loads(_plan_text())
    data["version"] = 99
    path.write_text(json.dumps(data), encoding="utf-8")


def _loop(path: Path) -> None:
    other = path.with_name("other.aisle")
    os.symlink(other, path)
    os.symlink(path, other)


def _folder(path: Path) -> None:
    path.mkdir()


REFUSED: list[tuple[str, Callable[[Path], None], str]] = [
    ("utf16", _utf16, 'UTF-16 text (as Windows saves "Unicode"), not UTF-8'),
    # the second "notes" of the object (the plan's own is on line 4): where it comes again
    ("duplicate", _duplicate_key, 'at line 5, column 3: key "notes" appears twice in one object'),
    ("newer", _newer, "was written by a newer Aisle (plan format version 99)"),
    ("loop", _loop, "is a loop of symbolic links, not a file"),
    ("folder", _folder, "is a folder, not a plan file"),
]


def _unchanged(window: MainWindow, before: tuple[object, ...]) -> None:
    doc = window.document
    assert (doc.path, [s.name for s in doc.scenarios], doc.is_modified()) == before[:3]
    assert window.results_panel.banner.text() == before[3]
    assert window.controller.undo_stack.count() == 0


def _state(window: MainWindow) -> tuple[object, ...]:
    doc = window.document
    return (
        doc.path,
        [s.name for s in doc.scenarios],
        doc.is_modified(),
        window.results_panel.banner.text(),
    )


# Each refused file dropped from a file manager, and those File > Open… lists chosen there.
OPENED = [(*case, "dropped") for case in REFUSED] + [(*case, "chosen") for case in REFUSED[:3]]


def test_a_hostile_plan_is_refused_by_name_and_changes_nothing(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each hostile file in turn, in one window: a refusal changes nothing, so each case
    starts from the window as the first did (and checks it so after)."""
    for kind, make, said, how in OPENED:
        path = tmp_path / f"{kind}-{how}" / "hostile.aisle"
        path.parent.mkdir()
        make(path)
        shown = warnings_shown(monkeypatch)
        before = _state(window)
        if how == "dropped":
            window.dropEvent(drop_of(window, [path]))
        else:
            choose_in_the_file_dialog(qtbot, [path])
            window.file_actions.open.trigger()
        (message,) = shown
        assert path.name in message and said in message, (kind, how)
        _unchanged(window, before)


def test_a_plan_with_a_byte_order_mark_opens_and_sizes(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """Notepad's UTF-8 writes a byte-order mark first: the plan opens as written."""
    path = tmp_path / "notepad.aisle"
    path.write_bytes(b"\xef\xbb\xbf" + _plan_text().encode("utf-8"))
    choose_in_the_file_dialog(qtbot, [path])
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.file_actions.open.trigger()
    assert window.document.path == path
    assert window.document.scenarios[0].workload.model_id == "llama-3.1-8b"
    assert window.results_panel.banner.text().startswith("Fits")


def test_a_plan_naming_entries_no_catalog_has_opens_and_names_them(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """A plan naming a model and a GPU this machine's catalog no longer has (and the plan does
    not carry) opens, unsized, saying both; saving it keeps the ids it names."""
    data = json.loads(_plan_text())
    data["scenarios"][0]["workload"]["model_id"] = "retired-model"
    data["scenarios"][0]["hardware"]["gpu_id"] = "retired-gpu"
    path = tmp_path / "retired.aisle"
    path.write_text(json.dumps(data), encoding="utf-8")
    choose_in_the_file_dialog(qtbot, [path])
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS):
        window.file_actions.open.trigger()
    assert window.document.path == path
    assert window.results_panel.banner.text().startswith("Not sized: ")
    assert window.plan_warning.isVisibleTo(window)
    assert window.plan_warning.toolTip().count("retired-") == 2
    assert window.file_actions.save_to(path)
    saved = json.loads(path.read_text(encoding="utf-8"))["scenarios"][0]
    assert (saved["workload"]["model_id"], saved["hardware"]["gpu_id"]) == (
        "retired-model",
        "retired-gpu",
    )
