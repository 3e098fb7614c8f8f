"""The dated lines read at the lengths InferenceX's client drew, not the lengths they name.

InferenceX's `sample_random_requests` (SemiAnalysisAI/InferenceX `utils/bench_serving/
benchmark_serving.py`) draws each prompt and answer from the whole numbers between
int(0.8 x L) and L: 819 to 1,024 tokens for 1,024 (mean 921.5), 6,553 to 8,192 for 8,192
(mean 7,372.5). Worked example from `validation/modern_engines_dev.jsonl`: Llama 3.1 70B FP8
on one H200 under vLLM, 1,024 / 1,024 at 4 clients (`..._c4_tp1_ep1_621`).
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.script_lengths import drawn_mean_tokens, read_lengths
from tests.sizing.benchmark_lines import aggregated_line

DATED = "aic-2026_04_06_llama_3_1_70b_h200_sxm_vllm_fp8_agg_1024x1024_c4_tp1_ep1_621"
OWN_RUN = "aic-llama_3_1_70b_h200_vllm_fp8_agg_cfg1"  # aiconfigurator's own: fixed lengths


def _scenario(**changes: Any) -> BenchmarkScenario:
    line = (
        aggregated_line(
            DATED,
            engine="vllm",
            model="llama-3.1-70b",
            gpu="h200-sxm",
            weight_precision="fp8",
            tokens=(1024, 1024),
            clients=4,
        )
        | changes
    )
    return BenchmarkScenario.model_validate(line)


@pytest.mark.parametrize(("named", "mean"), [(1024, 921.5), (8192, 7372.5), (128, 115.0)])
def test_the_mean_of_a_uniform_draw_from_int_of_r_l_to_l(named: int, mean: float) -> None:
    assert drawn_mean_tokens(named) == mean
    assert drawn_mean_tokens(named, 1.0) == named


def test_a_dated_line_is_read_at_the_drawn_means_and_others_as_named() -> None:
    assert read_lengths(_scenario()) == (921.5, 921.5)
    assert read_lengths(_scenario(input_tokens=8192)) == (7372.5, 921.5)
    assert read_lengths(_scenario(id=OWN_RUN)) == (1024.0, 1024.0)


def test_the_answer_counts_the_tokens_the_client_drew(catalog: Catalog) -> None:
    """Output tokens/s is each request's answer at its mean length, so a dated line's requests
    carry 921.5 tokens each, where aiconfigurator's own run of the layout carries the 1,024 it
    names; the shorter prompts and answers give a shorter first token and step."""
    dated = predict_benchmark(catalog, _scenario(), CURRENT_CALIBRATION)
    named = predict_benchmark(catalog, _scenario(id=OWN_RUN), CURRENT_CALIBRATION)
    assert dated["output_tokens_per_s"] / dated["requests_per_s"] == pytest.approx(921.5)
    assert named["output_tokens_per_s"] / named["requests_per_s"] == pytest.approx(1024.0)
    assert dated["ttft_ms"] < named["ttft_ms"]
    assert dated["tpot_ms"] < named["tpot_ms"]
