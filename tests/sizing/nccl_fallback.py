"""DeepSeek-R1 FP8 workers and dated disaggregated lines for the tests of an engine's collectives
and caches across the hosts of a rack or a cluster (NCCL's all-reduce between the trays of an
NVL72 rack, calibration 2026.12.37, and between 8-GPU servers, 2026.12.40; a cache sent between
trays over the network, 2026.12.40): each test names its GPU, engine, group and calibration, and
this resolves the worker or predicts the line under the calibration before and today's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.engine.deployment import Deployment, resolve_deployment
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark

VALIDATION = Path(__file__).resolve().parents[2] / "validation" / "modern_engines_dev.jsonl"


def deepseek_worker(
    catalog: Catalog,
    calibration_id: str,
    engine: str,
    gpu: str,
    tp: int,
    attention_dp: int = 1,
) -> Deployment:
    """A DeepSeek-R1 FP8 worker of `tp` GPUs a rank and `attention_dp` ranks (SGLang as the
    dated lines ran it, 0.5.8; the other engines at their newest release)."""
    version = "0.5.8" if engine == "sglang" else None
    performance = CALIBRATIONS[calibration_id].performance_for(engine, version)
    return resolve_deployment(
        catalog,
        "deepseek-r1",
        gpu,
        engine,
        "fp8",
        None,
        tp,
        1,
        performance,
        attention_dp=attention_dp,
        engine_version=version,
    )


def dated_line_before_and_now(
    catalog: Catalog, wanted: str, before_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The predictions of the 2025-26 line whose id holds `wanted`, under calibration
    `before_id` and under today's."""
    text = next(t for t in VALIDATION.read_text(encoding="utf-8").splitlines() if wanted in t)
    line = BenchmarkScenario.model_validate(json.loads(text))
    before = predict_benchmark(catalog, line, CALIBRATIONS[before_id])
    return before, predict_benchmark(catalog, line, CURRENT_CALIBRATION)
