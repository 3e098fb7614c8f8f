"""The dated vLLM lines whose InferenceX script turned asynchronous scheduling on before vLLM 0.14
made it the default, read with the era of the releases that have it.

Worked example from `validation/modern_engines_dev.jsonl`: gpt-oss-120b MXFP4 on 2 H100 under
vLLM 0.11.2 (`..._c512_tp2_ep1_1129`), run by `gptoss_fp4_h100.sh`, whose server config says
`async-scheduling: true`. Under a calibration whose vLLM era before 0.14 plans no iteration
ahead (and hides no host work), as 2026.12.52's does, the line keeps the answer of 2026.12.45's
one era; the same fields under an id no script ran (aiconfigurator's own runs) take the release's
own scheduling, and the first token comes sooner.
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.script_scheduling import script_scheduling_release
from tests.sizing.benchmark_lines import aggregated_line

DATED = "aic-2026_04_06_gpt_oss_120b_h100_sxm_vllm_fp4_agg_8192x1024_c512_tp2_ep1_1129"
UNDATED = "aic-gpt_oss_120b_h100_sxm_vllm_agg_8192x1024_c64_tp2"


def _line(line_id: str = DATED, **changes: Any) -> BenchmarkScenario:
    fields = aggregated_line(
        line_id,
        engine="vllm",
        model="gpt-oss-120b",
        gpu="h100-sxm",
        weight_precision="mxfp4",
        tokens=(8192, 1024),
        clients=64,
        gpus=2,
    ) | {"engine_version": "0.11.2"}
    return BenchmarkScenario.model_validate(fields | changes)


@pytest.mark.parametrize(
    ("line", "read_as"),
    [
        (_line(), "0.14"),  # gptoss_fp4_h100.sh: async-scheduling: true
        (_line(engine_version="0.18.0"), None),  # on by default there
        (_line(engine_version=None), None),  # the newest release
        (_line(UNDATED), None),  # aiconfigurator's harness passes no --async-scheduling
        (_line(model="llama-3.1-70b"), None),  # no script read turns it on
        (_line(engine="sglang"), None),
    ],
)
def test_which_lines_ran_the_asynchronous_scheduler(
    line: BenchmarkScenario, read_as: str | None
) -> None:
    assert script_scheduling_release(line) == read_as


def test_the_script_s_line_keeps_the_asynchronous_era(catalog: Catalog) -> None:
    split, one_era = CURRENT_CALIBRATION, CALIBRATIONS["2026.12.45"]  # vLLM's era cut at 0.14
    for figure in ("ttft_ms", "tpot_ms"):
        scripted = [predict_benchmark(catalog, _line(), cal)[figure] for cal in (split, one_era)]
        assert scripted[0] == pytest.approx(scripted[1], rel=1e-12)
    # Run in turn, no iteration is planned ahead of its prompt and no host work hides.
    in_turn, planned = (predict_benchmark(catalog, _line(UNDATED), cal) for cal in (split, one_era))
    assert in_turn["ttft_ms"] < planned["ttft_ms"]
    assert in_turn["tpot_ms"] > planned["tpot_ms"]
