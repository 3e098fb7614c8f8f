"""A collective across NVLink servers runs over every adapter of a server (calibration
2026.12.13): NCCL's rings leave a server twice each, one ring per adapter."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import (
    CALIBRATIONS,
    CURRENT_CALIBRATION,
    PerformanceAssumptions,
)
from aisle_desktop.sizing.engine.deployment import resolve_deployment
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark


def _bus_gbps(catalog: Catalog, gpu: str, tp: int, adapters: float) -> float:
    assumptions = PerformanceAssumptions(network_adapters_per_collective=adapters)
    dep = resolve_deployment(
        catalog, "llama-3.1-70b", gpu, "vllm", "fp8", "fp16", tp, 1, assumptions
    )
    return dep.allreduce_bus_bps / 1e9 / assumptions.allreduce_efficiency


def test_an_nvlink_server_pair_reaches_its_eight_adapters(catalog: Catalog) -> None:
    """TP 16 over two 8-GPU servers: one 400 Gb/s adapter's 45 GB/s before, 8 x 45 = 360
    GB/s with every adapter (the H100's NVLink figure, 360, caps it; the B200's, 720, does
    not). L40S servers have no NVLink to gather a ring inside the server: 45 GB/s stays.
    Inside one NVLink domain nothing changes (32 GB200s of an NVL72)."""
    assert _bus_gbps(catalog, "h100-sxm", 16, 1.0) == pytest.approx(45.0)
    assert _bus_gbps(catalog, "h100-sxm", 16, 8.0) == pytest.approx(360.0)
    assert _bus_gbps(catalog, "b200", 16, 8.0) == pytest.approx(360.0)
    assert _bus_gbps(catalog, "l40s", 16, 8.0) == pytest.approx(45.0)
    assert _bus_gbps(catalog, "gb200", 32, 1.0) == _bus_gbps(catalog, "gb200", 32, 8.0)


def test_calibration_2026_12_13_uses_every_adapter() -> None:
    assert CURRENT_CALIBRATION.performance.network_adapters_per_collective == 8
    assert CALIBRATIONS["2026.12.12"].performance.network_adapters_per_collective == 1


# SGLang's DeepSeek-R1 FP8 on two H100 servers at TP 16 in both pools (InferenceX's Dynamo
# run at 4 clients): measured TTFT 861 ms.
TWO_SERVERS = {
    "id": "aic-2026_03_25_deepseek_r1_h100_sxm_sglang_fp8_disagg_8192x1024_c4_tp16_0_ep1_0_711",
    "engine": "sglang",
    "engine_version": "0.5.8",
    "model": "deepseek-r1",
    "gpu": "h100-sxm",
    "weight_precision": "fp8",
    "input_tokens": 8192,
    "output_tokens": 1024,
    "load": {"mode": "concurrency", "concurrency": 4},
    "expected": {"ttft_ms": 860.9, "tpot_ms": 19.7},
    "num_gpus": 32,
    "tp": 16,
    "scenario_kind": "aic_disagg",
    "disaggregated": {
        "prefill": {"tp": 16, "workers": 1},
        "decode": {"tp": 16, "workers": 1},
    },
}


def test_a_prompt_split_over_two_servers_all_reduces_over_every_adapter(
    catalog: Catalog,
) -> None:
    """An 8,192-token prompt's two all-reduces a layer, 117 MB each, over one adapter took
    most of its prefill: TTFT 1,760 ms; over the servers' 8 adapters 589 ms, measured 861.
    Read in the four 2,048-token chunks its recipes set (`recipe_prefill_budgets`), the same
    bytes: 1,665 ms over one adapter, 590 ms over eight (551 ms under 2026.12.29's SGLang era,
    its all-reduce at 0.9 of the bus bandwidth). Read at the 7,372.5-token prompts sa-bench drew
    on average (`script_lengths`): 1,541 ms over one adapter, 524 ms over eight; 1,551 and 533
    ms since 2026.12.34, whose starting cohort waits its decode worker's first token. Since
    2026.12.40 SGLang's NCCL reaches 200 GB/s over the adapters at a chunk's 28 MiB, not the
    adapters' 360 at gigabytes: 623 ms."""
    line = BenchmarkScenario.model_validate(TWO_SERVERS)
    before = predict_benchmark(catalog, line, CALIBRATIONS["2026.12.12"])
    adapters = predict_benchmark(catalog, line, CALIBRATIONS["2026.12.37"])
    now = predict_benchmark(catalog, line, CURRENT_CALIBRATION)
    assert before["ttft_ms"] == pytest.approx(1551.1, abs=0.1)
    assert adapters["ttft_ms"] == pytest.approx(533.3, abs=0.1)
    assert now["ttft_ms"] == pytest.approx(623.5, abs=0.1)
