"""How an offline benchmark maps a mixture-of-experts replica, and what that changes."""

from __future__ import annotations

import pytest

from aisle_desktop.sizing.engine import (
    expert_gemm_efficiency,
    iteration_time,
    memory_breakdown,
    offline,
    on_offline_benchmark_mapping,
)


def _bench(deploy, model: str, gpu: str, tp: int, weights: str = "fp4"):  # type: ignore[no-untyped-def]
    dep = deploy(model, gpu, tp=tp, weights=weights, kv="fp8", engine="tensorrt-llm")
    return on_offline_benchmark_mapping(offline(dep))


def test_fine_grained_moe_over_pcie_attends_per_gpu(deploy) -> None:  # type: ignore[no-untyped-def]
    dep = _bench(deploy, "qwen3-30b-a3b", "rtx-pro-6000", tp=4)
    assert dep.expert_parallel and dep.attention_data_parallel
    assert dep.kv_tp == 1 and dep.attention_ranks == 4


def test_nvlink_keeps_tensor_parallel_attention_with_whole_experts(deploy) -> None:  # type: ignore[no-untyped-def]
    dep = _bench(deploy, "qwen3-235b-a22b", "h200-sxm", tp=8, weights="fp8")
    assert dep.expert_parallel and not dep.attention_data_parallel


def test_coarse_moe_and_dense_models_stay_tensor_parallel(deploy) -> None:  # type: ignore[no-untyped-def]
    for model in ("mixtral-8x7b", "llama-3.1-70b"):
        dep = _bench(deploy, model, "l40s", tp=4, weights="fp8")
        assert not dep.expert_parallel and not dep.attention_data_parallel


def test_data_parallel_attention_replicates_dense_weights_and_not_kv_heads(deploy) -> None:  # type: ignore[no-untyped-def]
    """Qwen3-235B has 4 KV heads: TP 8 replicates them, data-parallel attention does not."""
    tp = deploy(
        "qwen3-235b-a22b", "rtx-pro-6000", tp=8, weights="fp4", kv="fp8", engine="tensorrt-llm"
    )
    dp = _bench(deploy, "qwen3-235b-a22b", "rtx-pro-6000", tp=8)
    assert dp.weights_per_gpu_bytes > tp.weights_per_gpu_bytes
    tokens = 3000
    assert (
        memory_breakdown(dp, tokens).max_sequences
        > 1.5 * memory_breakdown(tp, tokens).max_sequences
    )


def test_expert_exchange_is_cheaper_than_two_allreduces_per_layer(deploy) -> None:  # type: ignore[no-untyped-def]
    """Gather 4.5-bit inputs and reduce-scatter 16-bit outputs once per layer, 7/8 of it on the
    bus: (0.5625 + 2) x 7/8 = 2.2 B per hidden element, against two ring all-reduces of
    2 B x 2 x 7/8 each = 7 B: about a third."""
    dp = _bench(deploy, "qwen3-30b-a3b", "rtx-pro-6000", tp=8)
    tp = offline(
        deploy(
            "qwen3-30b-a3b", "rtx-pro-6000", tp=8, weights="fp4", kv="fp8", engine="tensorrt-llm"
        )
    )
    prefill = 8192.0
    assert iteration_time(dp, 0.0, 0.0, prefill, 1024.0).allreduce_s < 0.35 * float(
        iteration_time(tp, 0.0, 0.0, prefill, 1024.0).allreduce_s
    )


@pytest.mark.parametrize(
    ("model", "low", "high"),
    [("qwen3-30b-a3b", 0.35, 0.5), ("llama-4-maverick", 0.85, 0.92), ("mixtral-8x7b", 0.9, 1.0)],
)
def test_narrow_experts_keep_less_of_the_dense_gemm_rate(deploy, model, low, high) -> None:  # type: ignore[no-untyped-def]
    """width / (width + 1,000): 768 columns keep 43%, 8,192 keep 89%, 14,336 keep 93%."""
    dep = deploy(model, "h100-sxm", tp=1, weights="fp8", engine="tensorrt-llm")
    assert low <= expert_gemm_efficiency(dep) <= high
