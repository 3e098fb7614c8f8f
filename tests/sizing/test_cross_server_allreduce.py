"""SGLang's all-reduce of a tensor-parallel group spanning 8-GPU servers runs NCCL's over the
servers' network adapters (calibration 2026.12.40): its custom all-reduce declines a group
spanning hosts, and NCCL between two 8-GPU HGX servers took 203.0 us at 16 MiB and 298.5 us at
32 MiB (NVIDIA/nccl issue 1244), 200 GB/s of bus bandwidth at a 2,048-token chunk of a
7,168-wide model (28 MiB)."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.engine.deployment import Deployment, with_expert_parallel
from aisle_desktop.sizing.engine.steptime import tensor_parallel_allreduce_s
from tests.sizing.calibration_examples import before_and_now, calibrated_worker

ADAPTERS = "network (across servers)"


def _worker(
    catalog: Catalog, calibration_id: str, engine: str, tp: int, attention_dp: int = 1
) -> Deployment:
    return calibrated_worker(
        catalog, calibration_id, engine, "h100-sxm", tp, attention_dp=attention_dp
    )


def test_a_tensor_parallel_group_over_two_servers_all_reduces_at_nccls_figure(
    catalog: Catalog,
) -> None:
    """DeepSeek-R1 on 16 H100s (two 8-GPU servers), SGLang: 200 GB/s x its era's 0.9 = 180 GB/s
    where eight adapters gave 360 x 0.9 = 324. A 2,048-token chunk's all-reduce carries 2,048 x
    7,168 x 2 bytes = 29,360,128, a ring moves 2 x 15/16 of them, 55,050,240 bytes: 305.8 us at
    180 GB/s (169.9 us at 324), plus 30 us x 0.28 x log2 16 = 33.6 us of rounds; two a layer,
    61 layers: 122 x 339.4 us = 41.4 ms (24.8 ms before)."""
    before = _worker(catalog, "2026.12.37", "sglang", 16)
    now = _worker(catalog, "2026.12.40", "sglang", 16)
    assert before.allreduce_bus_bps == pytest.approx(324e9)
    assert now.allreduce_bus_bps == pytest.approx(180e9)
    assert now.allreduce_latency_s == pytest.approx(before.allreduce_latency_s)
    assert (before.interconnect_label, now.interconnect_label) == (ADAPTERS, f"{ADAPTERS} (NCCL)")
    assert tensor_parallel_allreduce_s(now, 2048, 61) == pytest.approx(41.41e-3, abs=0.01e-3)
    assert tensor_parallel_allreduce_s(before, 2048, 61) == pytest.approx(24.83e-3, abs=0.01e-3)


def test_a_group_inside_one_server_or_another_engine_keeps_its_figure(catalog: Catalog) -> None:
    """TP 8 fits one server's NVLink; attention DP 16 all-reduces nothing across servers; vLLM's
    and TensorRT-LLM's eras keep eight adapters' figure (no row of theirs spans servers with a
    tensor-parallel group that measures it)."""
    inside = _worker(catalog, "2026.12.40", "sglang", 8)
    assert inside.interconnect_label == "nvlink"
    ranks = _worker(catalog, "2026.12.40", "sglang", 1, attention_dp=16)
    assert ranks.allreduce_bus_bps == pytest.approx(324e9)
    for engine in ("vllm", "tensorrt-llm"):
        assert _worker(catalog, "2026.12.40", engine, 16).interconnect_label == ADAPTERS


def test_data_parallel_attention_takes_the_group_off_the_servers_path(catalog: Catalog) -> None:
    """A planner's layout chosen after the replica is resolved: expert parallel with
    data-parallel attention leaves each rank one GPU, so the adapters' figure returns; plain
    expert parallel keeps the TP 16 group on NCCL's."""
    tp16 = _worker(catalog, "2026.12.40", "sglang", 16)
    assert with_expert_parallel(tp16, True).allreduce_bus_bps == pytest.approx(324e9)
    assert with_expert_parallel(tp16, False).allreduce_bus_bps == pytest.approx(180e9)


def test_a_disaggregated_run_over_two_servers_waits_for_its_prompts_all_reduces(
    catalog: Catalog,
) -> None:
    """SGLang's DeepSeek-R1 FP8 on H100, one TP 16 prefill and one TP 16 decode worker, each over
    two servers, 8,192-token prompts in four 2,048-token chunks at 16 clients: measured TTFT
    1,278.6 ms; 1,015.1 ms (-20.6%) with eight adapters' figure, 1,255.0 ms (-1.8%) at NCCL's.
    TPOT 21.53 ms to 21.62, measured 25.95: a decode step's all-reduces cost rounds."""
    wanted = "deepseek_r1_h100_sxm_sglang_fp8_disagg_8192x1024_c16_tp16_0_ep1_0_710"
    before, now = before_and_now(catalog, wanted, "2026.12.37")
    assert before["ttft_ms"] == pytest.approx(1015.1, abs=0.1)
    assert now["ttft_ms"] == pytest.approx(1255.0, abs=0.1)
    assert (before["tpot_ms"], now["tpot_ms"]) == pytest.approx((21.53, 21.62), abs=0.01)
