"""A plan file naming a hosted API this catalog lacks (a colleague's own id, or one removed
from the catalog since): the Hosted API box says what the plan asked for and that there is no
such API here, the plan's other fields are loaded as written, and saving keeps its id.

QA: the box showed the bare id ("acme-gpt-9 (not in this catalog)"), which read like an
API's name."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Plan, load_plan, preset_scenario, save_plan
from aisle_desktop.ui.app import start_session
from aisle_desktop.ui.choice_box import ChoiceBox
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS
from tests.ui.dialogs import choose_in_the_file_dialog

HOSTED_API = ("costs", "hosted_api_id")
# A colleague's own API, and one the catalog listed once (Llama 3 70B, before 3.1).
ASKED = ("acme-gpt-9", "together-llama-3-70b")


def _plan_asking_for(folder: Path, api_id: str) -> Path:
    """The llama-8b-chat preset with 320 answer tokens, its Hosted API set by hand to
    `api_id` in the file's text."""
    base = preset_scenario("llama-8b-chat")
    scenario = base.model_copy(
        update={"workload": base.workload.model_copy(update={"output_tokens": 320})}
    )
    path = folder / "colleague.aisle"
    save_plan(Plan(scenarios=[scenario]), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["scenarios"][0]["costs"]["hosted_api_id"] = api_id
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def _through_file_open(window: MainWindow, qtbot: QtBot, path: Path) -> None:
    choose_in_the_file_dialog(qtbot, [path])
    window.file_actions.open.trigger()


def _from_the_command_line(window: MainWindow, _qtbot: QtBot, path: Path) -> None:
    start_session(window, path)  # `aisle-desktop --open colleague.aisle`, once the window shows


@pytest.mark.parametrize("api_id", ASKED)
@pytest.mark.parametrize("open_plan", [_through_file_open, _from_the_command_line])
def test_a_plan_naming_an_api_not_in_the_catalog_says_so_and_keeps_it(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    api_id: str,
    open_plan: Callable[[MainWindow, QtBot, Path], None],
) -> None:
    path = _plan_asking_for(tmp_path, api_id)
    written = path.read_bytes()
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS):
        open_plan(window, qtbot, path)
    box = window.hardware_panel.fields.widget(HOSTED_API)
    assert isinstance(box, QComboBox)
    said = f'No such hosted API: "{api_id}", which the plan names'
    assert box.currentText() == said
    assert box.toolTip().startswith(f"<qt><b>{escape(said)}</b>")  # whole where the box cuts it
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    assert isinstance(box, ChoiceBox) and box.shown_text().startswith('No such hosted API: "')
    # The plan's other fields, as written; nothing changed, so nothing to save.
    scenario = window.controller.scenario
    assert scenario.name == preset_scenario("llama-8b-chat").name
    assert scenario.workload.output_tokens == 320
    assert scenario.costs.hosted_api_id == api_id
    model = window.workload_panel.fields.widget(("workload", "model_id"))
    assert isinstance(model, QComboBox) and model.currentText().startswith("Llama 3.1 8B")
    assert not window.document.is_modified()
    assert window.results_panel.banner.text() == (  # why no figures: the field to fix, by its label
        f'Not sized: Hosted API: "{api_id}" is not in this catalog or the plan; choose another '
        "in the field, or add the entry to your own catalog"
    )
    # Saved again, the plan still asks for its API: not Automatic, not another one.
    assert window.file_actions.save_to(path)
    assert load_plan(path).plan.scenarios[0].costs.hosted_api_id == api_id
    assert json.loads(path.read_bytes()) == json.loads(written)


def test_every_drop_down_says_an_unknown_entry_alike(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """Walk: a colleague's plan naming a GPU and a server this catalog lacks showed "acme-gpu-9
    (not in this cat…" and "acme-2u (not in this c…" at 1280 px, beside the Hosted API box's
    "No such API: …". Every box now says it first, in the same words, by the box's name."""
    path = _plan_asking_for(tmp_path, "acme-gpt-9")
    data = json.loads(path.read_text())
    data["scenarios"][0]["hardware"].update(gpu_id="acme-gpu-9", server_id="acme-2u")
    path.write_text(json.dumps(data))
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS):
        _through_file_open(window, qtbot, path)
    fields = window.hardware_panel.fields
    shown = {
        name: fields.widget(("hardware", name)).currentText() for name in ("gpu_id", "server_id")
    }
    assert shown == {
        "gpu_id": 'No such GPU: "acme-gpu-9", which the plan names',
        "server_id": 'No such server: "acme-2u", which the plan names',
    }
