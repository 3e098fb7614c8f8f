"""TensorRT-LLM's MoE all-to-all over a multi-node NVLink domain: a token goes only to the
ranks holding its experts (calibration 2026.12.12)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.engine.deployment import with_layout
from aisle_desktop.sizing.engine.expert_dispatch import dispatched_share, routed_rank_share
from aisle_desktop.sizing.engine.steptime import expert_exchange_s
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark


def _data_parallel(dep: Any, ranks: int, all_to_all: float) -> Any:
    assumptions = dep.assumptions.model_copy(update={"multi_node_nvlink_all_to_all": all_to_all})
    return with_layout(dataclasses.replace(dep, assumptions=assumptions), ranks, ranks)


def test_a_token_reaches_a_rank_holding_one_of_its_experts() -> None:
    """DeepSeek's 8 picks over EP ranks: 1 - (7/8)^8 = 0.6564 on EP 8, 1 - (31/32)^8 =
    0.2243 on EP 32, every token on one rank."""
    assert routed_rank_share(8, 8) == pytest.approx(0.6564, abs=1e-4)
    assert routed_rank_share(32, 8) == pytest.approx(0.2243, abs=1e-4)
    assert routed_rank_share(1, 8) == 1.0


def test_only_a_multi_node_nvlink_domain_wider_than_the_picks_runs_the_all_to_all(
    deploy: Any,
) -> None:
    """TensorRT-LLM's rule: attention DP, EP above the experts a token picks, MNNVL. On 32
    GB200s (NVL72) at EP 32 the exchange moves 0.2243 of the gathered tokens; EP 8 (not
    above DeepSeek's 8 picks) and 8 B200s of one HGX server keep gathering every token, as
    does any replica whose calibration says 0."""
    nvl72 = deploy("deepseek-v3", "gb200", tp=32, weights="fp4", engine="tensorrt-llm")
    assert float(dispatched_share(_data_parallel(nvl72, 32, 1.0))) == pytest.approx(0.2243, 1e-3)
    assert float(dispatched_share(_data_parallel(nvl72, 32, 0.0))) == 1.0
    eight = deploy("deepseek-v3", "gb200", tp=8, weights="fp4", engine="tensorrt-llm")
    assert float(dispatched_share(_data_parallel(eight, 8, 1.0))) == 1.0
    hgx = deploy("deepseek-v3", "b200", tp=8, weights="fp4", engine="tensorrt-llm")
    assert float(dispatched_share(_data_parallel(hgx, 8, 1.0))) == 1.0
    dense = deploy("llama-3.1-70b", "gb200", tp=8, engine="tensorrt-llm")
    assert dispatched_share(dense) == 1.0


def test_the_exchange_sends_the_routed_share_of_the_gathered_bytes(deploy: Any) -> None:
    """8,192 tokens on 32 GB200s at EP 32: the bytes' part of the exchange shrinks to 0.2243
    of the all-gather's; the per-layer latency of the collectives stays."""
    nvl72 = deploy("deepseek-v3", "gb200", tp=32, weights="fp4", engine="tensorrt-llm")
    gathered = _data_parallel(nvl72, 32, 0.0)
    sent = _data_parallel(nvl72, 32, 1.0)
    latency_s = float(expert_exchange_s(gathered, 0.0, 1.0))
    assert float(expert_exchange_s(sent, 0.0, 1.0)) == pytest.approx(latency_s)
    gathered_s = float(expert_exchange_s(gathered, 8192.0, 1.0)) - latency_s
    sent_s = float(expert_exchange_s(sent, 8192.0, 1.0)) - latency_s
    assert sent_s == pytest.approx(gathered_s * 0.2243, rel=1e-3)


def test_calibration_2026_12_12_gives_tensorrt_llm_the_all_to_all() -> None:
    current = CURRENT_CALIBRATION
    assert current.performance_for("tensorrt-llm", "1.2.0").multi_node_nvlink_all_to_all == 1
    assert current.performance_for("sglang", "0.5.9").multi_node_nvlink_all_to_all == 0
    assert current.performance_for("vllm", "0.19.0").multi_node_nvlink_all_to_all == 0
    earlier = CALIBRATIONS["2026.12.11"].performance_for("tensorrt-llm", "1.2.0")
    assert earlier.multi_node_nvlink_all_to_all == 0


# A recorded GB200 run (aiconfigurator's silicon samples): one decode worker of attention DP
# 32 x EP 32 at 4,096 in flight, measured TPOT 23.6 ms.
NVL72_LINE = {
    "id": "aic-dsr1_gb200_trtllm_fp4_disagg_1024x8192_c4096_cfg239",
    "engine": "tensorrt-llm",
    "engine_version": "0.8.1.post2",
    "model": "deepseek-v3",
    "gpu": "gb200",
    "weight_precision": "fp4",
    "input_tokens": 1024,
    "output_tokens": 8192,
    "load": {"mode": "concurrency", "concurrency": 4096},
    "expected": {"ttft_ms": 5066.1, "tpot_ms": 23.6},
    "num_gpus": 36,
    "tp": 1,
    "scenario_kind": "aic_disagg",
    "disaggregated": {
        "prefill": {"tp": 1, "attention_dp": 4, "ep": 4, "workers": 1},
        "decode": {"tp": 1, "attention_dp": 32, "ep": 32, "workers": 1},
    },
}


def test_a_wide_nvl72_decode_worker_is_timed_with_its_all_to_all(catalog: Catalog) -> None:
    """128 answers a rank: the all-gather of 4,091 tokens a step took 32.9 ms a token; the
    all-to-all 23.6 ms, measured 23.6 ms. (The line repeats a dated run and is read at the
    lengths sa-bench drew, `script_lengths`: 33.5 and 24.5 ms at the lengths it names.)"""
    line = BenchmarkScenario.model_validate(NVL72_LINE)
    before = predict_benchmark(catalog, line, CALIBRATIONS["2026.12.11"])
    now = predict_benchmark(catalog, line, CURRENT_CALIBRATION)
    assert before["tpot_ms"] == pytest.approx(32.9, abs=0.1)
    assert now["tpot_ms"] == pytest.approx(23.6, abs=0.1)
