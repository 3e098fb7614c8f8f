"""SGLang's all-reduce of a tensor-parallel group spanning NVL72 trays runs NCCL's (calibration
2026.12.37): its custom all-reduce declines a group spanning hosts, and NCCL reached 199 GB/s of
bus bandwidth between two GB200 trays (lightseekorg/tokenspeed pull request 860)."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine.deployment import Deployment, with_expert_parallel
from aisle_desktop.sizing.engine.steptime import tensor_parallel_allreduce_s
from tests.sizing.calibration_examples import before_and_now, calibrated_worker


def _worker(
    catalog: Catalog, calibration_id: str, engine: str, tp: int, attention_dp: int = 1
) -> Deployment:
    return calibrated_worker(
        catalog, calibration_id, engine, "gb200", tp, attention_dp=attention_dp
    )


def test_a_tensor_parallel_group_over_two_trays_all_reduces_at_nccls_figure(
    catalog: Catalog,
) -> None:
    """DeepSeek-R1 on 8 GB200s (two 4-GPU trays), SGLang: 199 GB/s x its era's 0.9 = 179.1 GB/s
    where NVLink gave 720 x 0.9 = 648. A 2,048-token chunk's all-reduce carries 2,048 x 7,168 x
    2 bytes = 29,360,128, a ring moves 2 x 7/8 of them, 51,380,224 bytes: 286.9 us at 179.1 GB/s
    (79.3 us at 648), plus 8 us x 0.28 x log2 8 = 6.72 us of rounds; two a layer, 61 layers:
    122 x 293.6 us = 35.8 ms (10.5 ms before)."""
    before = _worker(catalog, "2026.12.34", "sglang", 8)
    now = _worker(catalog, "2026.12.37", "sglang", 8)
    assert before.allreduce_bus_bps == pytest.approx(648e9)
    assert now.allreduce_bus_bps == pytest.approx(179.1e9)
    assert now.interconnect_label == "nvlink across trays (NCCL)"
    assert tensor_parallel_allreduce_s(now, 2048, 61) == pytest.approx(35.82e-3, abs=0.01e-3)
    assert tensor_parallel_allreduce_s(before, 2048, 61) == pytest.approx(10.49e-3, abs=0.01e-3)


def test_a_group_inside_one_tray_or_another_engine_keeps_nvlink(catalog: Catalog) -> None:
    """TP 4 fits one tray; attention DP 8 all-reduces nothing across trays (its expert exchange
    runs DeepEP's NVLink kernels); vLLM's and TensorRT-LLM's all-reduce span the rack's trays."""
    nvlink = 720e9 * CURRENT_CALIBRATION.performance_for("sglang", "0.5.8").allreduce_efficiency
    assert _worker(catalog, "2026.12.37", "sglang", 4).allreduce_bus_bps == pytest.approx(nvlink)
    ranks = _worker(catalog, "2026.12.37", "sglang", 1, attention_dp=8)
    assert ranks.allreduce_bus_bps == pytest.approx(nvlink)
    for engine in ("vllm", "tensorrt-llm"):
        dep = _worker(catalog, "2026.12.37", engine, 8)
        assert dep.interconnect_label == "nvlink"


def test_data_parallel_attention_takes_the_group_off_the_trays_path(catalog: Catalog) -> None:
    """A planner's layout chosen after the replica is resolved: expert parallel with
    data-parallel attention leaves each rank one GPU, so NVLink's figure returns; plain expert
    parallel keeps the TP 8 group on NCCL's."""
    tp8 = _worker(catalog, "2026.12.37", "sglang", 8)
    assert with_expert_parallel(tp8, True).allreduce_bus_bps == pytest.approx(648e9)
    assert with_expert_parallel(tp8, False).allreduce_bus_bps == pytest.approx(179.1e9)


def test_a_disaggregated_run_over_two_trays_waits_for_its_prompts_all_reduces(
    catalog: Catalog,
) -> None:
    """SGLang's DeepSeek-R1 FP8 on GB200, one TP 8 prefill and one TP 8 decode worker, each over
    two trays, 8,192-token prompts at 4 clients: measured TTFT 522.9 ms; 387.6 ms (-25.9%)
    with NVLink's figure, 568.0 ms (+8.6%) at NCCL's. TPOT 8.48 ms to 8.50, measured 9.99."""
    wanted = "deepseek_r1_gb200_sglang_fp8_disagg_8192x1024_c4_tp8_ep1_1777"
    before, now = before_and_now(catalog, wanted, "2026.12.34")
    assert before["ttft_ms"] == pytest.approx(387.6, abs=0.1)
    assert now["ttft_ms"] == pytest.approx(568.0, abs=0.1)
    assert (before["tpot_ms"], now["tpot_ms"]) == pytest.approx((8.48, 8.50), abs=0.01)
