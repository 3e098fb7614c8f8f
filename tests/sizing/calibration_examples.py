"""Worked examples for the tests that compare one released calibration's figures with the next:
a worker resolved with a calibration's values for its engine (SGLang at 0.5.8, the release of
the 2025-26 lines that show it, the other engines at their newest), and a line of the 2025-26
set predicted with two calibrations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import Deployment, resolve_deployment
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark

VALIDATION = Path(__file__).resolve().parents[2] / "validation" / "modern_engines_dev.jsonl"


def calibrated_worker(
    catalog: Catalog,
    calibration_id: str,
    engine: str,
    gpu: str,
    tp: int,
    *,
    attention_dp: int = 1,
    ep: int = 1,
    model: str = "deepseek-r1",
) -> Deployment:
    """FP8 weights, the engine's own cache precision, one pipeline stage."""
    version = "0.5.8" if engine == "sglang" else None
    performance = CALIBRATIONS[calibration_id].performance_for(engine, version)
    return resolve_deployment(
        catalog,
        model,
        gpu,
        engine,
        "fp8",
        None,
        tp,
        1,
        performance,
        attention_dp=attention_dp,
        ep=ep,
        engine_version=version,
    )


def before_and_now(
    catalog: Catalog, wanted: str, before_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The answers for the 2025-26 line whose id holds `wanted`, with calibration `before_id`
    and with today's."""
    text = next(t for t in VALIDATION.read_text(encoding="utf-8").splitlines() if wanted in t)
    line = BenchmarkScenario.model_validate(json.loads(text))
    before = predict_benchmark(catalog, line, CALIBRATIONS[before_id])
    return before, predict_benchmark(catalog, line, CURRENT_CALIBRATION)
