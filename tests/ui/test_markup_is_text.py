"""Text from a plan, a catalog entry or an error is shown as text in every place, never as markup.

A plan from someone else can hold ``<img src="...">`` in an id or a name; rendered, it made Qt
read local files (``/dev/zero`` until the process aborted). Each test puts markup where a plan
can and checks that the place shows it character for character. Every message box is checked
by the ``message_boxes`` fixture (tests/ui/conftest.py) to be plain text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import (
    Plan,
    PlanCatalog,
    RecoveryStore,
    plan_to_text,
    preset_scenario,
    save_plan,
)
from aisle_desktop.ui.app import build_window
from aisle_desktop.ui.gpu_table import THIS_PLAN
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.results_panel import ResultsPanel
from tests.ui.conftest import (
    RESULT_TIMEOUT_MS,
    answer,
    recovery_offered,
    shown_literally,
    tooltip_shows,
    warnings_shown,
)

Button = QMessageBox.StandardButton
# Local, harmless stand-ins for the hostile picture: bold text and a picture that does not exist.
MARKUP = '<b>bold</b><img src="/nonexistent/aisle-test.png">'


def _label_shows(label: QLabel, raw: str) -> bool:
    return shown_literally(label.textFormat(), label.text(), raw)


def _plan_naming(tmp_path: Path, **hardware: Any) -> Path:
    base = preset_scenario("llama-70b-rag")
    odd = base.model_copy(
        update={"name": f"Odd {MARKUP}", "hardware": base.hardware.model_copy(update=hardware)}
    )
    path = tmp_path / "colleague.aisle"
    save_plan(Plan(scenarios=[odd, base]), path)
    return path


def _open_unsizable(window: MainWindow, qtbot: QtBot, tmp_path: Path, **hardware: str) -> None:
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS):
        assert window.file_actions.open_path(_plan_naming(tmp_path, **hardware))


def test_an_unknown_gpu_id_is_shown_as_text(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    _open_unsizable(window, qtbot, tmp_path, gpu_id=MARKUP)
    panel = window.hardware_panel
    assert _label_shows(panel._gpu_specs, f'GPU "{MARKUP}" is not in this catalog')
    assert tooltip_shows(window.scenario_bar.tabs.tabToolTip(0), MARKUP)
    assert tooltip_shows(window.plan_warning.toolTip(), f'Odd {MARKUP}: GPU "{MARKUP}"')
    assert _label_shows(window.results_panel.banner, MARKUP)
    combo = panel.fields.widget(("hardware", "gpu_id"))
    assert isinstance(combo, QComboBox)
    assert combo.currentText().startswith(f'No such GPU: "{MARKUP}"')


def test_an_unknown_server_id_is_shown_as_text(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    _open_unsizable(window, qtbot, tmp_path, server_id=MARKUP)
    assert _label_shows(window.hardware_panel._server_note, f'Server "{MARKUP}" is not in')


def test_scenario_names_in_the_comparison_are_text(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    path = _plan_naming(tmp_path, gpu_id="nobody-has-this")
    with qtbot.waitSignal(window.service.plan_sized, timeout=RESULT_TIMEOUT_MS):
        assert window.file_actions.open_path(path)
    table = window.comparison_view.table
    header = table.horizontalHeaderItem(0)
    # Wrapped (a long word at its dots), maybe cut short to fit its column: what it shows is
    # the name's own characters, read here without the spaces and line breaks between them.
    shown = "".join(window.comparison_view.header_text(0).split()).removesuffix("…")
    assert header is not None and shown.startswith("Odd<b>bold</b>")
    assert "".join(f"Odd {MARKUP}".split()).startswith(shown)
    assert tooltip_shows(header.toolTip(), f"Odd {MARKUP}")


def test_a_custom_gpu_name_is_text_in_the_drop_down_and_the_gpu_table(
    window: MainWindow, qtbot: QtBot, catalog: Catalog, tmp_path: Path
) -> None:
    own = catalog.gpus["h100-sxm"].model_copy(
        update={"id": "lab-gpu", "name": MARKUP, "short_name": None, "server_ids": ["lab-server"]}
    )
    server = catalog.servers["dgx-h100"].model_copy(
        update={"id": "lab-server", "name": f"Server {MARKUP}", "gpu_id": "lab-gpu"}
    )
    base = preset_scenario("llama-70b-rag")
    lab = base.model_copy(
        update={"hardware": base.hardware.model_copy(update={"gpu_id": "lab-gpu"})}
    )
    path = tmp_path / "lab.aisle"
    save_plan(Plan(scenarios=[lab], catalog=PlanCatalog(gpus=[own], servers=[server])), path)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        assert window.file_actions.open_path(path)
    window.curves_panel.setCurrentWidget(window.curves_panel.gpu_page)
    with qtbot.waitSignal(window.service.compared, timeout=RESULT_TIMEOUT_MS * 3):
        window.controller.set_field(("workload", "output_tokens"), 300, "Output tokens")
    combo = window.hardware_panel.fields.widget(("hardware", "gpu_id"))
    assert isinstance(combo, QComboBox) and combo.currentText() == MARKUP
    tip = combo.itemData(combo.currentIndex(), Qt.ItemDataRole.ToolTipRole)
    assert tooltip_shows(tip, MARKUP)
    assert _label_shows(window.results_panel.plan_line, MARKUP)
    table = window.figure_table
    result = window.results_panel._result
    assert result is not None
    for group in range(table.topLevelItemCount()):
        top = table.topLevelItem(group)
        for row in range(top.childCount()):
            item = top.child(row)
            formula = result.figures[item.data(0, Qt.ItemDataRole.UserRole)].explanation.formula
            assert tooltip_shows(item.toolTip(0), formula)
    gpu_rows = window.curves_panel.gpu_table
    names = [gpu_rows.item(r, 0).text() for r in range(gpu_rows.rowCount())]
    assert f"{MARKUP}{THIS_PLAN}" in names  # the plan's own, marked


def test_a_refused_value_is_quoted_as_text_at_its_field(window: MainWindow) -> None:
    path = ("hardware", "gpu_count")
    assert not window.controller.set_field(path, MARKUP, "GPU count")
    panel = window.hardware_panel
    assert panel.message.isVisibleTo(window) and _label_shows(panel.message, MARKUP)
    assert tooltip_shows(panel.fields.widget(path).toolTip(), MARKUP)
    assert _label_shows(window.results_panel.banner, MARKUP)


def test_a_refused_file_is_quoted_as_text_in_the_dialog(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = json.loads(plan_to_text(Plan(scenarios=[preset_scenario("llama-70b-rag")])))
    data["scenarios"][0]["hardware"]["gpu_count"] = MARKUP
    path = tmp_path / "refused.aisle"
    path.write_text(json.dumps(data), encoding="utf-8")
    shown = warnings_shown(monkeypatch)
    assert not window.file_actions.open_path(path)
    assert len(shown) == 1 and shown[0].startswith("Cannot open plan: ") and MARKUP in shown[0]


def test_a_file_name_is_text_in_the_questions_and_the_save_error(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    name = "<i>odd<i>.aisle"
    path = tmp_path / name
    assert window.file_actions.save_to(path)
    window.controller.set_field(("workload", "output_tokens"), 300, "Output tokens")
    asked = answer(monkeypatch, Button.Cancel)
    window.file_actions.new.trigger()
    assert len(asked) == 1 and name in asked[0]
    shown = warnings_shown(monkeypatch)
    assert not window.file_actions.save_to(tmp_path / "no-such-folder" / name)
    assert len(shown) == 1 and name in shown[0]


def test_the_recovery_offer_quotes_the_file_as_text(
    qtbot: QtBot, catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = tmp_path / "<i>odd<i>.aisle"
    RecoveryStore().write("left-behind", Plan(scenarios=[preset_scenario("llama-70b-rag")]), source)
    asked = answer(monkeypatch, Button.Cancel)
    window = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(window)
    assert not recovery_offered(qtbot, window)
    assert len(asked) == 1 and str(source) in asked[0]


def test_the_banner_quotes_an_error_as_text(qtbot: QtBot) -> None:
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    panel.show_stale(f"the engine refused {MARKUP}")
    assert _label_shows(panel.banner, f"Not sized: the engine refused {MARKUP}")
