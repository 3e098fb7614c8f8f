"""Collectives of a stage that spans two 8-GPU servers under data-parallel attention
(calibration 2026.12.44): an attention rank's all-reduce stays inside its server, and vLLM's
expert exchange crosses the network once per server boundary (NCCL's ring), not at every
round of log2(GPUs)."""

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


def _minimax_on_b200(catalog: Catalog, attention_dp: int, ep: int, hop_us: float = 0.0):
    """MiniMax-M2.5 NVFP4 under vLLM, attention TP 4 per rank, `attention_dp` ranks."""
    assumptions = PerformanceAssumptions(expert_exchange_network_hop_us=hop_us)
    return resolve_deployment(
        catalog, "minimax-m2.5", "b200", "vllm", "fp4", None, 4, 1, assumptions, attention_dp, ep
    )


def test_an_attention_rank_all_reduces_over_its_own_servers_nvlink(catalog: Catalog) -> None:
    """4 ranks of 4 B200s over two servers: the stage's collectives cross the network (one
    adapter's 45 GB/s at 0.5 efficiency, 30 us a round), but a rank's 4 GPUs are adjacent
    (tensor parallelism innermost) and all-reduce over NVLink: 720 GB/s at 0.5, 8 us a round.
    Inside one server (2 ranks of 4) both are the server's NVLink already."""
    across = _minimax_on_b200(catalog, attention_dp=4, ep=16)
    assert across.allreduce_bus_bps / 1e9 == pytest.approx(22.5)
    assert across.allreduce_latency_s * 1e6 == pytest.approx(30.0)
    assert across.attention_allreduce_bus_bps / 1e9 == pytest.approx(360.0)
    assert across.attention_allreduce_latency_s * 1e6 == pytest.approx(8.0)
    inside = _minimax_on_b200(catalog, attention_dp=2, ep=8)
    assert inside.attention_allreduce_latency_s == inside.allreduce_latency_s
    assert inside.attention_allreduce_bus_bps == inside.allreduce_bus_bps


def test_the_expert_exchange_crosses_the_network_once_per_server_boundary(
    catalog: Catalog,
) -> None:
    """One all-gather over 16 GPUs on two servers: NCCL's ring takes 7 NVLink hops in each
    server and one network hop between them. Charged as a collective inside a server,
    log2(8) rounds at 8 us, plus one hop of 2.7 us: 26.7 us, where log2(16) rounds at the
    network's 30 us gave 120 us. Off (0), the deployment keeps the rounds; inside one server
    it does not apply."""
    ring = _minimax_on_b200(catalog, attention_dp=4, ep=16, hop_us=2.7)
    assert ring.cross_server_exchange_latency_s * 1e6 == pytest.approx(8.0 * 3 + 2.7)
    assert _minimax_on_b200(catalog, 4, 16).cross_server_exchange_latency_s == 0.0
    assert _minimax_on_b200(catalog, 2, 8, hop_us=2.7).cross_server_exchange_latency_s == 0.0


def test_calibration_2026_12_44_sets_the_hop_for_vllm_only() -> None:
    assert CURRENT_CALIBRATION.id == "2026.12.52"
    for engine, hop_us in (("vllm", 2.7), ("sglang", 0.0), ("tensorrt-llm", 0.0)):
        found = CURRENT_CALIBRATION.performance_for(engine, None).expert_exchange_network_hop_us
        assert found == hop_us
    before = CALIBRATIONS["2026.12.40"].performance_for("vllm", None)
    assert before.expert_exchange_network_hop_us == 0.0


# aiconfigurator's MiniMax-M2.5 NVFP4 on 16 B200s, vLLM 0.19.0, attention TP 4 x DP 4, EP 16:
# measured TTFT 86.5 ms and TPOT 9.93 ms at 32 clients.
TWO_SERVERS = {
    "id": "aic-minimaxm2_5_b200_vllm_fp4_agg_1024x1024_c32_cfg703",
    "engine": "vllm",
    "engine_version": "0.19.0",
    "model": "minimax-m2.5",
    "gpu": "b200",
    "weight_precision": "fp4",
    "kv_precision": None,
    "input_tokens": 1024,
    "output_tokens": 1024,
    "load": {"mode": "concurrency", "concurrency": 32},
    "expected": {"ttft_ms": 86.5, "tpot_ms": 9.93},
    "num_gpus": 16,
    "tp": 4,
    "pp": 1,
    "ep": 16,
    "attention_dp": 4,
    "scenario_kind": "aic_agg",
}


def test_minimax_over_two_b200_servers(catalog: Catalog) -> None:
    """The line's step charged every collective at the network's rounds: 35.7 ms a token
    (213.6 ms TTFT). Each rank's all-reduce over its server's NVLink: 27.8 ms (172.2 ms);
    with vLLM's exchange at NCCL's ring as well (2026.12.44): 11.1 ms (89.1 ms), against
    9.93 ms (86.5 ms) measured. The same 4 B200s as one TP 4 worker at 32 clients measure
    10.0 ms: the 16 GPUs' exchange costs little more than one server's all-reduces."""
    line = BenchmarkScenario.model_validate(TWO_SERVERS)
    rank_path = predict_benchmark(catalog, line, CALIBRATIONS["2026.12.40"])
    now = predict_benchmark(catalog, line, CURRENT_CALIBRATION)
    assert rank_path["tpot_ms"] == pytest.approx(27.81, abs=0.01)
    assert rank_path["ttft_ms"] == pytest.approx(172.2, abs=0.1)
    assert now["tpot_ms"] == pytest.approx(11.15, abs=0.01)
    assert now["ttft_ms"] == pytest.approx(89.1, abs=0.1)
