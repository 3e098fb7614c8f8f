"""SGLang 0.5 works its memory fraction out per GPU (ServerArgs): the reserve for activations
(for the chunked-prefill budget it picks by the GPU's memory), CUDA graphs and parallel buffers
is taken off the device, the rest holds weights and KV."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.catalog.schema_engine import EngineSpec
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION, PerformanceAssumptions
from aisle_desktop.sizing.engine import memory_breakdown
from aisle_desktop.sizing.engine.deployment import Deployment, resolve_deployment


def _sglang(
    catalog: Catalog,
    gpu: str,
    tp: int,
    version: str | None = None,
    attention_dp: int = 1,
    model: str = "llama-3.1-8b",
) -> Deployment:
    return resolve_deployment(
        catalog,
        model,
        gpu,
        "sglang",
        "fp8",
        None,
        tp,
        1,
        CURRENT_CALIBRATION.performance_for("sglang", version),
        attention_dp=attention_dp,
        engine_version=version,
    )


@pytest.mark.parametrize(
    ("gpu", "tp", "budget", "graphs", "reserve_mib"),
    [
        # 512 + 1.5 x 8,192 + 2 x 256 + 1,024 x 1 / 8 = 13,440 MiB of 81,510 (79.6 GiB)
        ("h100-sxm", 1, 8192, 256, 13440),
        # graphs to 512 from 4 GPUs: 512 + 12,288 + 1,024 + 1,024 = 14,848 MiB
        ("h100-sxm", 8, 8192, 512, 14848),
        ("h200-sxm", 1, 8192, 256, 13440),
        # above 160 GiB the budget doubles: 512 + 24,576 + 1,024 + 128 = 26,240 MiB
        ("b200", 1, 16384, 512, 26240),
        ("b200", 8, 16384, 512, 27136),
    ],
)
def test_the_reserve_follows_the_gpus_memory(
    catalog: Catalog, gpu: str, tp: int, budget: int, graphs: int, reserve_mib: float
) -> None:
    dep = _sglang(catalog, gpu, tp)
    total_mib = catalog.gpu(gpu).usable_memory_gib * 1024
    assert (dep.engine.max_num_batched_tokens, dep.engine.cuda_graph_max_batch) == (
        budget,
        graphs,
    )
    assert dep.memory_fraction == pytest.approx((total_mib - reserve_mib) / total_mib, abs=1e-9)


def test_worked_fractions_of_an_h100_an_h200_and_a_b200(catalog: Catalog) -> None:
    """The docs' figures: 0.835 of an 80 GB H100 and 0.907 of a 141 GB H200 at TP 1, 0.852 of
    a B200 at TP 8 (its 16,384-token budget reserves twice the activations)."""
    assert round(float(_sglang(catalog, "h100-sxm", 1).memory_fraction), 3) == 0.835
    assert round(float(_sglang(catalog, "h200-sxm", 1).memory_fraction), 3) == 0.907
    assert round(float(_sglang(catalog, "b200", 8).memory_fraction), 3) == 0.852


def test_data_parallel_attention_reserves_padding_per_graph_batch_and_rank(
    catalog: Catalog,
) -> None:
    """DeepSeek-V3 on 8 B200 as attention DP 8: 3 MiB per graph batch and rank, 1.5 more with
    graphs beyond 300 batches: 27,136 + 512 x 8 x 4.5 = 45,568 MiB."""
    dep = _sglang(catalog, "b200", 1, attention_dp=8, model="deepseek-v3")
    total_mib = catalog.gpu("b200").usable_memory_gib * 1024
    assert dep.memory_fraction == pytest.approx((total_mib - 45568) / total_mib, abs=1e-9)


def test_small_gpus_reserve_no_floor_and_count_smaller_budgets(catalog: Catalog) -> None:
    """Under 60 GiB there is no 10 GiB floor: an L40S (45.0 GiB) at TP 1 reserves for a
    4,096-token budget (its scheduler's) and 32 graph batches, 512 + 6,144 + 64 + 128 =
    6,848 MiB."""
    dep = _sglang(catalog, "l40s", 1)
    total_mib = catalog.gpu("l40s").usable_memory_gib * 1024
    assert (dep.engine.max_num_batched_tokens, dep.engine.cuda_graph_max_batch) == (4096, 32)
    assert dep.memory_fraction == pytest.approx((total_mib - 6848) / total_mib, abs=1e-9)


def test_the_reserve_sets_the_kv_room_and_older_releases_keep_their_fraction(
    catalog: Catalog,
) -> None:
    """SGLang 0.4 gives 0.88 of every GPU; 0.5 on an H100 at TP 1 gives 0.835, so the KV room
    shrinks by 0.045 of the device, and vLLM (no reserve) keeps its 0.9."""
    old = _sglang(catalog, "h100-sxm", 1, version="0.4")
    new = _sglang(catalog, "h100-sxm", 1)
    assert old.memory_fraction == 0.88
    assert old.engine.max_num_batched_tokens == 8192
    shrink = (
        memory_breakdown(old, 2048.0).kv_room_bytes - memory_breakdown(new, 2048.0).kv_room_bytes
    )
    assert shrink == pytest.approx((0.88 - float(new.memory_fraction)) * old.usable_memory_bytes)
    vllm = resolve_deployment(
        catalog, "llama-3.1-8b", "h100-sxm", "vllm", "fp8", None, 1, 1, PerformanceAssumptions()
    )
    assert vllm.memory_fraction == 0.9


def test_tiers_must_ascend_and_end_open() -> None:
    entry = load_catalog().engine("sglang").model_dump()
    tiers = [
        {
            "below_gib": 60,
            "max_num_batched_tokens": 4096,
            "cuda_graph_max_batch": 32,
            "cuda_graph_max_batch_tp4": 160,
        },
        {
            "below_gib": 20,
            "max_num_batched_tokens": 2048,
            "cuda_graph_max_batch": 8,
            "cuda_graph_max_batch_tp4": 8,
        },
        {
            "below_gib": None,
            "max_num_batched_tokens": 8192,
            "cuda_graph_max_batch": 256,
            "cuda_graph_max_batch_tp4": 512,
        },
    ]
    with pytest.raises(ValueError, match="smallest first"):
        EngineSpec.model_validate({**entry, "gpu_memory_tiers": tiers})
    with pytest.raises(ValueError, match="only the last tier may leave below_gib empty"):
        EngineSpec.model_validate({**entry, "gpu_memory_tiers": tiers[:2]})
