"""Calibration 2026.12.52: vLLM's releases before 0.14 schedule in turn.

vLLM 0.14.0 turned asynchronous scheduling on by default (pull request 27614); before it the
engine core scheduled, ran and handed out an iteration before scheduling the next, so a new
request's first token waits for no iteration planned ahead and no host work hides behind the
GPU's. aiconfigurator's vLLM 0.12.0 runs passed no `--async-scheduling`.

Worked example from `validation/modern_engines_dev.jsonl`: Qwen3-235B-A22B FP8 on 4 H200 under
vLLM 0.12.0, 1,000 / 100 at 28 clients (`..._1000x100_c28_tp4_epnone_3`), measured TTFT 153.8 ms
and TPOT 35.27 ms. Under 2026.12.45 its first token waited 2.93 decode iterations of 21.8 ms
planned ahead: 263.7 ms (+72%). Scheduled in turn: 200.3 ms (+30%); the iterations lose the
host work they hid, TPOT 34.09 to 34.35 ms.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark

RUN = "aic-qwen_qwen3_235b_a22b_fp8_qwen_qwen3_235b_a22b_fp8_h200_sxm_vllm_agg"
LINE = f"{RUN}_1000x100_c28_tp4_epnone_3"
SHIPPED = Path(__file__).resolve().parents[2] / "validation" / "modern_engines_dev.jsonl"


@pytest.mark.parametrize(
    ("version", "planned", "overlap"),
    [
        ("0.10.1", 0.0, 0.0),
        ("0.12.0", 0.0, 0.0),
        ("0.14.0", 2.93, 0.5),
        ("0.19.0", 2.93, 0.5),
        (None, 2.93, 0.5),
    ],
)
def test_vllm_plans_ahead_from_0_14_on(version: str | None, planned: float, overlap: float) -> None:
    values = CURRENT_CALIBRATION.performance_for("vllm", version)
    assert (values.first_token_wait_steps, values.host_overlap) == (planned, overlap)


def test_earlier_calibrations_keep_one_vllm_era() -> None:
    values = CALIBRATIONS["2026.12.45"].performance_for("vllm", "0.12.0")
    assert (values.first_token_wait_steps, values.host_overlap) == (2.93, 0.5)


def test_the_worked_example(catalog: Catalog) -> None:
    with SHIPPED.open() as lines:
        shipped = next(json.loads(each) for each in lines if f'"{LINE}"' in each)
    line = BenchmarkScenario.model_validate(
        {key: value for key, value in shipped.items() if key not in ("expected", "source")}
    )
    before = predict_benchmark(catalog, line, CALIBRATIONS["2026.12.45"])
    now = predict_benchmark(catalog, line, CURRENT_CALIBRATION)
    assert before["ttft_ms"] == pytest.approx(263.7, abs=0.1)  # measured 153.8 ms
    assert now["ttft_ms"] == pytest.approx(200.3, abs=0.1)
    assert before["tpot_ms"] == pytest.approx(34.09, abs=0.01)  # measured 35.27 ms
    assert now["tpot_ms"] == pytest.approx(34.35, abs=0.01)
