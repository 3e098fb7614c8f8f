"""Every number field shows and sends back every value the model allows, up to its limits.

Spin boxes are 32-bit: a plan with 3e9 corpus documents (the model allows 1e10) printed an
OverflowError, showed 0 in the embeddings fields, and one edit there would have written zeros.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QSpinBox
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import (
    EmbeddingsWorkload,
    Plan,
    SpeculativeSpec,
    number_limits,
    plan_to_text,
    preset_scenario,
)
from aisle_desktop.ui.controller import field_value
from aisle_desktop.ui.main_window import MainWindow

EMBEDDINGS = ("workload", "embeddings")
SPECULATIVE = ("workload", "speculative")


def _spin_fields(window: MainWindow) -> list[tuple[tuple[str, ...], QSpinBox | QDoubleSpinBox]]:
    found = []
    for panel in (window.workload_panel, window.hardware_panel):
        for path, widget in panel.fields._widgets.items():
            if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
                found.append((path, widget))
    return found


def _edge_values(path: tuple[str, ...], box: QAbstractSpinBox) -> list[float]:
    limits = number_limits(path)
    assert limits.low is not None and limits.high is not None, path
    unit = (
        1.0 if limits.whole else 10.0 ** -box.decimals() if isinstance(box, QDoubleSpinBox) else 1.0
    )
    low = limits.low + unit if limits.low_excluded else limits.low
    return [low, limits.high]


def test_every_number_field_round_trips_its_model_limits(window: MainWindow) -> None:
    controller = window.controller
    assert controller.set_field(EMBEDDINGS, EmbeddingsWorkload().model_dump(), "Embeddings")
    assert controller.set_field(SPECULATIVE, SpeculativeSpec().model_dump(), "Speculative")
    fields = _spin_fields(window)
    assert len(fields) > 30
    for path, box in fields:
        for value in _edge_values(path, box):
            whole = number_limits(path).whole
            model_value = round(value) if whole else value
            assert controller.set_field(path, model_value, "limit"), (path, value)
            assert box.value() == pytest.approx(value), (path, value)  # shown as it is
            middle = field_value(preset_scenario("llama-70b-rag"), path)
            if middle is None or middle == model_value:
                continue
            controller.set_field(path, middle, "back")
            box.setValue(value)  # and an edit at the limit reaches the model unchanged
            sent = field_value(controller.scenario, path)
            assert sent == pytest.approx(model_value) and type(sent) is type(model_value), path


def test_a_plan_with_three_billion_documents_opens_and_keeps_them(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    scenario = preset_scenario("llama-70b-rag")
    data = json.loads(plan_to_text(Plan(scenarios=[scenario])))
    data["scenarios"][0]["workload"]["embeddings"] = {"corpus_documents": 3_000_000_000}
    path = tmp_path / "big-corpus.aisle"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert window.file_actions.open_path(path)
    box = window.workload_panel.fields.widget((*EMBEDDINGS, "corpus_documents"))
    assert isinstance(box, QDoubleSpinBox) and box.value() == 3_000_000_000
    tokens = window.workload_panel.fields.widget((*EMBEDDINGS, "tokens_per_document"))
    assert isinstance(tokens, QSpinBox) and tokens.value() == 2_000  # the others shown too
    tokens.setValue(1_000)
    embeddings = window.controller.scenario.workload.embeddings
    assert embeddings is not None and embeddings.corpus_documents == 3_000_000_000
