"""The window opens with a bad entry in the user's own catalog, and says what it left out.

Worked example (QA, 4 December): a user models.json whose one entry, "my-70b", lacks
num_layers. `aisle-desktop` exited 2 in half a second with one line on standard error, so a
planner starting it from a desktop icon saw nothing. Now the window opens on the shipped
catalog and every valid user entry; a dialog, the status bar and the Notes tab name the file,
the entry and what is wrong.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import load_catalog, shipped_catalog_dir
from aisle_desktop.plan import Plan, load_plan, save_plan
from aisle_desktop.ui.app import build_window, start_session
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.user_folders import user_catalog_dir
from tests.conftest import naming_model
from tests.ui.conftest import RESULT_TIMEOUT_MS, tooltip_shows, warnings_shown


def _broken_user_model() -> Path:
    data = json.loads((shipped_catalog_dir() / "models.json").read_text(encoding="utf-8"))
    entry = next(e for e in data["entries"] if e["id"] == "llama-3.1-70b")
    broken = {**entry, "id": "my-70b", "name": "My 70B"}
    del broken["num_layers"]
    folder = user_catalog_dir()
    folder.mkdir(parents=True)
    path = folder / "models.json"
    path.write_text(json.dumps({"entries": [broken]}), encoding="utf-8")
    return path


def _expected_problem(path: Path) -> str:
    return (
        f'{path}: entry 1 (id "my-70b"): field num_layers: is required but missing; '
        "this entry was left out"
    )


def test_the_window_opens_and_says_which_entry_it_left_out(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _broken_user_model()
    left_out: list[str] = []
    load_catalog(user_folder=user_catalog_dir(), left_out=left_out)
    assert left_out == [_expected_problem(path)]

    shown = warnings_shown(monkeypatch)
    window.show_catalog_left_out(left_out)
    start_session(window, None, left_out)

    assert shown == [
        "Entries of your own catalog left out: Aisle opened with the shipped catalog and every "
        "valid entry of your own, but left out these:\n\n"
        f"• {_expected_problem(path)}\n\n"
        "Fix the file and restart Aisle to use them. The same list is in the Notes tab."
    ]
    warning = window.catalog_warning
    assert warning.isVisibleTo(window)
    assert warning.text() == "⚠ Left out of your own catalog: model “my-70b” (1 problem; see Notes)"
    assert tooltip_shows(warning.toolTip(), _expected_problem(path))
    notes = window.notes_panel
    assert notes.remark_lines() == [_expected_problem(path)]
    assert notes.remarks_box.isVisibleTo(notes)
    assert notes.remarks.text() == f"• {_expected_problem(path)}"
    assert window.document.notes == ""  # the plan's own notes are not touched
    assert not window.isWindowModified()


def test_a_plan_naming_the_left_out_entry_is_not_sized_and_says_why(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The plan is told what any machine without "my-70b" tells it (`test_not_sized`)."""
    _broken_user_model()
    left_out: list[str] = []
    catalog = load_catalog(user_folder=user_catalog_dir(), left_out=left_out)
    plan = tmp_path / "mine.aisle"
    save_plan(Plan(scenarios=[naming_model("my-70b", "Mine")]), plan)
    window = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.show()
    loaded = load_plan(plan)
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS):
        window.document.load(loaded.plan, plan, stamp=loaded.stamp)
    assert window.results_panel.banner.text() == (
        'Not sized: Model: "my-70b" is not in this catalog or the plan; choose another in the '
        "field, or add the entry to your own catalog"
    )
    window.close()


def test_a_window_without_problems_shows_no_remarks(window: MainWindow) -> None:
    window.show_catalog_left_out([])
    assert not window.notes_panel.remarks_box.isVisibleTo(window.notes_panel)
    assert not window.catalog_warning.isVisibleTo(window)


def test_the_command_starts_the_window_with_a_bad_user_entry(tmp_path: Path) -> None:
    """The real command (rendered, as no one is there to answer the dialog): exit 0, the
    problem on standard error; a command such as `catalog list` says it in the same line and
    goes on without the entry, as the window does."""
    path = _broken_user_model()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    shot = tmp_path / "window.png"
    args = ["--screenshot", str(shot), "--window-size", "1280x800"]
    run = [sys.executable, "-m", "aisle_desktop"]
    done = subprocess.run(
        [*run, *args], capture_output=True, text=True, check=False, timeout=180, env=env
    )
    assert done.returncode == 0, done.stderr
    ours = [line for line in done.stderr.splitlines() if line.startswith("aisle-desktop:")]
    assert ours == [f"aisle-desktop: {_expected_problem(path)}"]  # Qt's own notices aside
    assert QImage(str(shot)).width() == 1280
    listed = subprocess.run(
        [*run, "catalog", "list", "models"],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
        env=env,
    )
    assert listed.returncode == 0
    assert listed.stderr == f"aisle-desktop: {_expected_problem(path)}\n"
    assert "my-70b" not in listed.stdout and "llama-3.1-70b" in listed.stdout


def test_thousands_of_bad_entries_are_listed_in_short(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    left_out = [f"models.json: entry {i}: field num_layers: is required" for i in range(5000)]
    shown = warnings_shown(monkeypatch)
    window.show_catalog_left_out(left_out)
    start_session(window, None, left_out)
    assert len(shown) == 1 and shown[0].count("• ") == 11
    assert "• ... and 4,990 more (see the Notes tab)" in shown[0]
    notes = window.notes_panel
    assert notes.remark_lines() == left_out  # every one is kept
    assert notes.remarks.text().count("\n") == 50
    assert notes.remarks.text().endswith("• ... and 4,950 more")
    assert (
        window.catalog_warning.text()
        == "⚠ Left out of your own catalog: 5,000 models (5,000 problems; see Notes)"
    )


def test_one_entry_with_two_bad_fields_is_named_with_its_two_problems(window: MainWindow) -> None:
    """Walk: one model of the user's with two bad fields read "1 problem" in the status bar,
    which named neither the model nor its problems' count as the Notes tab lists them."""
    path = _broken_user_model()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entries"][0]["hidden_size"] = -5
    path.write_text(json.dumps(data), encoding="utf-8")
    left_out: list[str] = []
    load_catalog(user_folder=user_catalog_dir(), left_out=left_out)
    window.show_catalog_left_out(left_out)
    assert window.catalog_warning.text() == (
        "⚠ Left out of your own catalog: model “my-70b” (2 problems; see Notes)"
    )
    assert len(window.notes_panel.remarks.text().splitlines()) == 2  # as the Notes tab lists them
