"""The dated aggregated lines whose InferenceX script sets an FP8 KV cache, read with it.

Worked example from `validation/modern_engines_dev.jsonl`: Llama 3.1 70B FP8 on one H200 under
vLLM, 8,192 / 1,024 at 32 clients (`..._c32_tp1_ep1_639`), measured TTFT 3.13 s and TPOT 75.7 ms.
InferenceX's script for it (`70b_fp8_h200_slurm.sh`) sets `kv-cache-dtype: fp8`. Read with
vLLM's 16-bit default the H200 holds 22 of the 32 answers and the rest queue: TTFT 23.9 s
(+663%); with the script's FP8 cache all 32 fit: 2.61 s (-17%), TPOT 67.5 ms (-11%). (Read at
the 7,372.5 / 921.5 tokens InferenceX's client drew on average, `script_lengths`; at the
8,192 / 1,024 the line names, 19 held, 34.7 s, and 2.93 s and 69.5 ms.)
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.source_layouts import as_engine_ran
from tests.sizing.benchmark_lines import aggregated_line

DATED = "aic-2026_04_06_llama_3_1_70b_h200_sxm_vllm_fp8_agg_8192x1024_c32_tp1_ep1_639"


def _line(**changes: Any) -> dict[str, Any]:
    return (
        aggregated_line(
            DATED,
            engine="vllm",
            model="llama-3.1-70b",
            gpu="h200-sxm",
            weight_precision="fp8",
            tokens=(8192, 1024),
            clients=32,
        )
        | changes
    )


def _predicted(catalog: Catalog, fields: dict[str, Any]) -> dict[str, Any]:
    scenario = BenchmarkScenario.model_validate(fields)
    return predict_benchmark(catalog, scenario, CURRENT_CALIBRATION)


def test_the_script_s_fp8_cache_holds_every_answer(catalog: Catalog) -> None:
    assert as_engine_ran(_line())["kv_precision"] == "fp8"
    got = _predicted(catalog, _line())
    assert got["kv_precision"] == "fp8"
    assert got["ttft_ms"] == pytest.approx(2581, rel=0.01)  # measured 3,132 ms
    assert got["tpot_ms"] == pytest.approx(66.7, rel=0.01)  # measured 75.7 ms
    assert got["batch_limit"] == "offered load"


def test_at_sixteen_bits_the_same_line_queues(catalog: Catalog) -> None:
    got = _predicted(catalog, _line(kv_precision="fp16"))
    assert got["ttft_ms"] == pytest.approx(23700, rel=0.01)


@pytest.mark.parametrize(
    "changes",
    [
        {"id": "aic-llama_3_1_70b_h200_vllm_fp8_agg_cfg1"},  # aiconfigurator's own run
        {"gpu": "h100-sxm"},  # no such script among those read
        {"kv_precision": "fp16"},  # the line names its cache
        {"model": "gpt-oss-120b", "weight_precision": "mxfp4"},  # its H200 script sets none
    ],
)
def test_other_lines_keep_their_cache(changes: dict[str, Any]) -> None:
    fields = _line(**changes)
    assert as_engine_ran(fields)["kv_precision"] == fields["kv_precision"]
