"""The user's own catalog folder, read once the window is up, off its thread.

Hostile walk (7 December, hostile33): start-up read the user catalog folder on the main thread
before any window existed, so a folder on a share that stopped answering showed nothing until
it answered (5 s held: the window came at 7.5 s). Now the window comes at once on the shipped
catalog and says it is reading the folder; the planner works meanwhile; when the drive answers,
the user's entries join without losing what was typed, what was left out is said, and a plan
that names one of them waits for it with a word, not an error.

The drive is a reader held on an event (the seam `start_session` takes), or, for the command,
the loader's first look at the folder held so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog, CatalogError, shipped_catalog_dir
from aisle_desktop.plan import Plan, save_plan
from aisle_desktop.ui.app import start_session
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.user_folders import user_catalog_dir
from tests.conftest import naming_model
from tests.ui.conftest import (
    RESULT_TIMEOUT_MS,
    as_read,
    click_into,
    search_in,
    tooltip_shows,
    warnings_shown,
)
from tests.ui.stalled_drive import held_drive, run_offscreen
from tests.ui.test_planner_walk import USERS, _type_users


def _user_model(model_id: str, *, broken: str | None = None) -> Path:
    """The user's catalog folder holding Llama 3.1 70B again as `model_id` (and, if `broken`
    is given, a second copy under that id without num_layers)."""
    data = json.loads((shipped_catalog_dir() / "models.json").read_text(encoding="utf-8"))
    entry = next(e for e in data["entries"] if e["id"] == "llama-3.1-70b")
    entries = [{**entry, "id": model_id, "name": "My 70B"}]
    if broken is not None:
        bad = {**entry, "id": broken, "name": "Broken 70B"}
        del bad["num_layers"]
        entries.append(bad)
    folder = user_catalog_dir()
    folder.mkdir(parents=True)
    (folder / "models.json").write_text(json.dumps({"entries": entries}), encoding="utf-8")
    return folder


def _models_offered(window: MainWindow) -> list[str]:
    box = window.workload_panel.fields.widget(("workload", "model_id"))
    return [box.itemData(i) for i in range(box.count())]  # type: ignore[attr-defined]


def test_the_window_works_on_the_shipped_catalog_and_keeps_what_was_typed_when_it_joins(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _user_model("my-70b", broken="broken-70b")
    shown = warnings_shown(monkeypatch)
    with held_drive() as (reader, drive_back):
        start_session(window, None, (), (reader, folder))
        assert window.user_catalog is not None
        with qtbot.waitSignal(window.user_catalog.waiting, timeout=RESULT_TIMEOUT_MS):
            pass  # the drive has held it past a quarter of a second
        reading = window.catalog_reading
        assert reading.isVisibleTo(window)
        assert reading.text() == (
            f"Reading your own catalog ({folder})… the shipped catalog meanwhile"
        )
        assert "my-70b" not in _models_offered(window)
        _type_users(qtbot, window, "320")  # sized with the shipped catalog meanwhile
        with qtbot.waitSignal(window.user_catalog.read, timeout=RESULT_TIMEOUT_MS):
            drive_back.set()
    assert not reading.isVisibleTo(window)
    assert "my-70b" in _models_offered(window)
    assert window.document.scenarios[0].workload.load.active_users == 320  # typed, kept
    assert window.isWindowModified()
    assert window.controller.undo_stack.canUndo()  # and its undo
    problem = (
        f'{folder / "models.json"}: entry 2 (id "broken-70b"): field num_layers: is required '
        "but missing; this entry was left out"
    )
    assert shown == [
        "Entries of your own catalog left out: Aisle opened with the shipped catalog and every "
        f"valid entry of your own, but left out these:\n\n• {problem}\n\n"
        "Fix the file and restart Aisle to use them. The same list is in the Notes tab."
    ]
    assert window.notes_panel.remark_lines() == [problem]
    assert window.catalog_warning.isVisibleTo(window)


def test_text_being_typed_when_the_catalog_joins_is_kept_as_typed(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The drive answers while the planner is mid-number in a field: the field keeps the
    digits typed, and Enter then sizes them."""
    folder = _user_model("my-70b")
    with held_drive() as (reader, drive_back):
        start_session(window, None, (), (reader, folder))
        assert window.user_catalog is not None
        box = click_into(qtbot, window, USERS)
        box.selectAll()  # type: ignore[attr-defined]
        qtbot.keyClicks(box, "41")
        with qtbot.waitSignal(window.user_catalog.read, timeout=RESULT_TIMEOUT_MS):
            drive_back.set()
    assert box.lineEdit().text().startswith("41")  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.document.scenarios[0].workload.load.active_users == 41
    assert "my-70b" in _models_offered(window)


def test_a_model_search_being_typed_when_the_catalog_joins_is_kept_and_finds_the_users(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The planner is typing a search in the Model box when the drive answers: the words stay
    (the box was refilled with the shipped name over them), and Enter then chooses among the
    models the user's catalog brought too."""
    folder = _user_model("my-70b")
    with held_drive() as (reader, drive_back):
        start_session(window, None, (), (reader, folder))
        assert window.user_catalog is not None
        box = search_in(qtbot, window, ("workload", "model_id"), "my 70")
        with qtbot.waitSignal(window.user_catalog.read, timeout=RESULT_TIMEOUT_MS):
            drive_back.set()
    line = box.lineEdit()
    assert line is not None and line.text() == "my 70"
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert window.document.scenarios[0].workload.model_id == "my-70b"


def test_a_plan_given_to_open_waits_for_the_users_catalog_it_names(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """`aisle-desktop --open mine.aisle`, whose model is the user's: opened once the folder is
    read, and sized with it (it was "not in this catalog" when opened before)."""
    folder = _user_model("my-70b")
    plan = tmp_path / "mine.aisle"
    save_plan(Plan(scenarios=[naming_model("my-70b", "Mine")]), plan)
    with held_drive() as (reader, drive_back):
        start_session(window, plan, (), (reader, folder))
        reading = window.catalog_reading
        assert reading.isVisibleTo(window)  # at once: a plan waits
        assert reading.text() == (
            f"Reading your own catalog ({folder})… the shipped catalog meanwhile; mine.aisle "
            "opens once it is read"
        )
        assert window.document.path is None  # not opened yet
        with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
            drive_back.set()
    assert window.document.path == plan
    assert window.document.scenarios[0].workload.model_id == "my-70b"
    assert not window.plan_warning.isVisibleTo(window)
    assert not reading.isVisibleTo(window)


def test_a_plan_the_planner_opens_while_the_given_one_waits_is_not_replaced(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """`--open mine.aisle` waits for the folder; meanwhile the planner opens another plan:
    that one stays when the folder answers, and the status bar says mine.aisle was not
    opened."""
    folder = _user_model("my-70b")
    given, theirs = tmp_path / "mine.aisle", tmp_path / "theirs.aisle"
    save_plan(Plan(scenarios=[naming_model("my-70b", "Mine")]), given)
    save_plan(Plan(scenarios=[naming_model("llama-3.1-70b", "Theirs")]), theirs)
    with held_drive() as (reader, drive_back):
        start_session(window, given, (), (reader, folder))
        assert window.file_actions.open_path(theirs)
        assert window.user_catalog is not None
        with qtbot.waitSignal(window.user_catalog.read, timeout=RESULT_TIMEOUT_MS):
            drive_back.set()
    assert window.document.path == theirs
    said = (
        f"Did not open {given}: you opened another plan while your own catalog was read. "
        "Open it with File > Open… if you want it."
    )
    bar = window.statusBar()
    assert tooltip_shows(bar.toolTip(), said) or bar.currentMessage() == said


def test_a_plan_opened_meanwhile_naming_the_users_model_says_it_waits(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = _user_model("my-70b")
    plan = tmp_path / "mine.aisle"
    save_plan(Plan(scenarios=[naming_model("my-70b", "Mine")]), plan)
    said: list[str] = []
    window.file_actions.message.connect(said.append)
    with held_drive() as (reader, drive_back):
        start_session(window, None, (), (reader, folder))
        with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS):
            assert window.file_actions.open_path(plan)  # File > Open…, while the drive holds
        waits = (
            f'Model: "my-70b" is not in the shipped catalog or the plan; waiting for your own '
            f"catalog ({folder}) to be read, which may hold it"
        )
        assert as_read(window.results_panel.banner.text()) == f"Not sized: {waits}"
        assert said == [
            'Opened mine.aisle; "Mine" waits to be sized: it names model "my-70b", not in the '
            f"shipped catalog or the plan; waiting for your own catalog ({folder}) to be read, "
            "which may hold it"
        ]
        assert window.plan_warning.text() == (
            "⚠ 1 scenario names entries not read yet: waiting for your own catalog"
        )
        model = window.workload_panel.fields.widget(("workload", "model_id"))
        assert isinstance(model, QComboBox)
        assert model.currentText() == '"my-70b", which the plan names: waiting for your own catalog'
        with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
            drive_back.set()
    assert model.currentData() == "my-70b" and model.currentText().startswith("My 70B")
    assert not window.plan_warning.isVisibleTo(window)
    assert "Not sized" not in window.results_panel.banner.text()


def test_the_command_shows_the_window_while_the_users_folder_is_held() -> None:
    """The real `aisle-desktop`, its loader's first look at the user's folder held: the window
    is shown with the shipped catalog and says it is reading; when the drive answers, the
    user's model is offered."""
    script = r"""
import os, sys, threading
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from aisle_desktop.catalog import loader
from aisle_desktop.cli.main import main
from aisle_desktop.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
drive_back = threading.Event()
first_look = loader._user_folder_read

def held(folder, left_out):
    if folder is not None:  # the user's folder: the shipped one is read as ever
        drive_back.wait()
    return first_look(folder, left_out)

loader._user_folder_read = held
said = []

def look():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if not windows:
        return
    window = windows[0]
    if not said:
        said.append("shown")
        print("shown", window.document.machine_pending is not None, flush=True)
        window.user_catalog.read.connect(lambda *_: done(window))
        drive_back.set()

def done(window):
    box = window.workload_panel.fields.widget(("workload", "model_id"))
    offered = [box.itemData(i) for i in range(box.count())]
    print("read", "my-70b" in offered, flush=True)
    window.close()

poll = QTimer()
poll.timeout.connect(look)
poll.start(20)
sys.exit(main([]))
"""
    _user_model("my-70b")
    done = run_offscreen(script)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "shown True\nread True\n"


def test_closing_while_the_users_folder_is_held_ends_the_process() -> None:
    """A share that never answers: the window closes and Aisle ends, the read abandoned."""
    script = r"""
import sys, threading
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from aisle_desktop.catalog import loader
from aisle_desktop.cli.main import main
from aisle_desktop.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
never, reached = threading.Event(), threading.Event()
first_look = loader._user_folder_read

def held(folder, left_out):
    if folder is not None:
        reached.set()
        never.wait()
    return first_look(folder, left_out)

loader._user_folder_read = held

def look():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if windows and reached.is_set():
        print("held", flush=True)
        windows[0].close()

poll = QTimer()
poll.timeout.connect(look)
poll.start(20)
code = main([])
print("closed", code, flush=True)
"""
    _user_model("my-70b")
    done = run_offscreen(script)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "held\nclosed 0\n" and "Traceback" not in done.stderr


def test_a_read_that_fails_is_said_and_the_given_plan_opens_on_the_shipped_catalog(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped folder, read again with the user's, fails (it changed under Aisle since
    start-up): the status bar says what and that the shipped catalog stays; the plan given
    opens, and its model is then told it is not in this catalog, no longer waited for.
    The status bar would lose the word under the plan's own status: a dialog says it."""
    folder = _user_model("my-70b")
    plan = tmp_path / "mine.aisle"
    save_plan(Plan(scenarios=[naming_model("my-70b", "Mine")]), plan)

    def fails() -> tuple[Catalog, list[str]]:
        raise CatalogError("catalog folder not found: /gone")

    shown = warnings_shown(monkeypatch)
    start_session(window, plan, (), (fails, folder))
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS):
        pass  # the plan, opened once the read ended, cannot be sized here
    assert shown == [
        "Your own catalog not read: Could not read your own catalog: catalog folder not found: "
        "/gone. Aisle goes on with the shipped catalog."
    ]
    assert window.document.path == plan
    assert as_read(window.results_panel.banner.text()).startswith(
        'Not sized: Model: "my-70b" is not in this catalog or the plan'
    )


def _join(qtbot: QtBot, window: MainWindow, folder: Path) -> list[int]:
    """The user's catalog read with the window up, as at start-up: the revisions the window
    asked the sizing worker for once it joined."""
    asked: list[int] = []
    window.controller.scenario_changed.connect(lambda revision, _s: asked.append(revision))
    with held_drive() as (reader, drive_back):
        start_session(window, None, (), (reader, folder))
        assert window.user_catalog is not None
        with qtbot.waitSignal(window.user_catalog.read, timeout=RESULT_TIMEOUT_MS):
            drive_back.set()
    return asked


def test_a_users_catalog_the_plan_does_not_use_does_not_size_it_again(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Hostile walk (7 December, hostile34): the user's catalog holding only a model of their
    own joined, and the plan (Llama 3.1 70B) was sized a second time with the same figures.
    Now the worker is asked once, at start-up; the user's model is offered all the same, and
    the figures on screen stay the plan's."""
    shown = window.results_panel.banner.text()
    asked = _join(qtbot, window, _user_model("my-70b"))
    assert asked == []
    assert window.service.is_idle()
    assert "my-70b" in _models_offered(window)
    assert window.document.catalog.models["my-70b"].origin == "user"
    assert window.results_panel.banner.text() == shown
    assert not window.isWindowModified()


def test_a_users_catalog_that_changes_the_plans_model_sizes_it_again_once(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The user's catalog holds its own Llama 3.1 70B (under the shipped id, named so): the
    plan uses it, so it is sized again, once, against the user's entry."""
    model_id = window.document.scenarios[0].workload.model_id
    folder = _user_model(model_id)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        asked = _join(qtbot, window, folder)
    assert len(asked) == 1
    assert window.document.catalog.models[model_id].name == "My 70B"


def test_what_swings_the_budget_is_weighed_again_with_the_users_models(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The budget tab is open when the user's catalog joins with a model of the plan's family
    the plan does not use: the plan is not sized again, but what swings the budget (which
    weighs the family's smaller and larger models) is asked again, against the new catalog."""
    curves = window.curves_panel
    with qtbot.waitSignal(window.service.budget_swings, timeout=RESULT_TIMEOUT_MS * 3):
        curves.setCurrentWidget(window.budget_view)
    with qtbot.waitSignal(window.service.budget_swings, timeout=RESULT_TIMEOUT_MS * 3):
        asked = _join(qtbot, window, _user_model("my-70b"))
    assert asked == []
