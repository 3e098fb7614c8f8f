"""The first page names the engine release sized, as the scenario's Inputs and `size` do (QA:
the summary read "Llama 3.1 70B ... on vLLM" while the figures are those of vLLM 0.19, and a
planner hands page 1 on alone)."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report.model import build_report
from aisle_desktop.report.summary_page import scenario_summary


@pytest.mark.parametrize(
    ("preset", "engine"),
    [
        ("llama-70b-rag", "on vLLM 0.32 (2026-10), for 300 active users"),
        ("llama-405b-fp8", "on NVIDIA TensorRT-LLM 1.3 (2026-08), for 32 requests"),
        ("deepseek-v3", "on SGLang 0.5.22 (2026-10), for"),
    ],
)
def test_the_summary_names_the_release(catalog: Catalog, preset: str, engine: str) -> None:
    report = build_report(catalog, Plan(scenarios=[preset_scenario(preset)]), preset)
    (item,) = report.scenarios
    assert item.result is not None
    assert engine in scenario_summary(item)
    assert item.result.engine_release in scenario_summary(item)
