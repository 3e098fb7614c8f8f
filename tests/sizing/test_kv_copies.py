"""TensorRT-LLM sends a prompt's KV cache from the prefill GPUs that hold it, a copy to each
decode GPU they serve, one after another (calibration 2026.12.39): its cache formatters loop over
their connections to the generation ranks (`MLACacheFormatter::format`), so a prefill rank of
data-parallel attention sends a latent cache whole to every GPU of a tensor-parallel decode
worker."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import Deployment
from aisle_desktop.sizing.engine.kv_transfer import (
    kv_bytes_sent_per_prefill_gpu,
    kv_link,
    kv_transfer_s,
)
from tests.sizing.calibration_examples import before_and_now, calibrated_worker

LATENT_8K_BYTES = 8192 * (512 + 64) * 61  # DeepSeek's latent cache of 8,192 tokens, FP8: 287.8 MB


def _worker(
    catalog: Catalog,
    calibration_id: str,
    engine: str,
    tp: int,
    attention_dp: int = 1,
    model: str = "deepseek-r1",
) -> Deployment:
    """A worker on H200s; DeepSeek's experts split over 8 GPUs."""
    ep = 8 if model == "deepseek-r1" else 1
    return calibrated_worker(
        catalog,
        calibration_id,
        engine,
        "h200-sxm",
        tp,
        attention_dp=attention_dp,
        ep=ep,
        model=model,
    )


def test_a_data_parallel_prefill_rank_sends_the_latent_to_each_decode_gpu_in_turn(
    catalog: Catalog,
) -> None:
    """Prefill attention DP 8 (the prompt on one GPU) to a TP 8 decode worker over the network:
    each of the 8 decode GPUs holds the whole latent, 287.8 MB, and one prefill GPU sends all 8
    copies, 2,302.7 MB at 50 GB/s = 46.05 ms plus 30 us, where 2026.12.37 charged one copy's
    5.79 ms."""
    prefill = _worker(catalog, "2026.12.39", "tensorrt-llm", 1, attention_dp=8)
    decode = _worker(catalog, "2026.12.39", "tensorrt-llm", 8)
    link = kv_link(decode.gpu, 8, 8)
    assert kv_bytes_sent_per_prefill_gpu(prefill, decode, 8192) == pytest.approx(
        8 * LATENT_8K_BYTES
    )
    assert kv_transfer_s(prefill, decode, link, 8192) * 1e3 == pytest.approx(46.08, abs=0.01)
    before = _worker(catalog, "2026.12.37", "tensorrt-llm", 8)
    assert kv_transfer_s(prefill, before, link, 8192) * 1e3 == pytest.approx(5.787, abs=0.001)


def test_as_wide_a_prefill_group_or_a_data_parallel_decode_rank_sends_one_copy(
    catalog: Catalog,
) -> None:
    """A TP 8 prefill worker holds the latent on all 8 GPUs, each sending its decode peer one
    copy; a decode rank of data-parallel attention is one GPU, one copy: 5.79 ms either way."""
    decode = _worker(catalog, "2026.12.39", "tensorrt-llm", 8)
    link = kv_link(decode.gpu, 8, 8)
    wide = _worker(catalog, "2026.12.39", "tensorrt-llm", 8)
    assert kv_transfer_s(wide, decode, link, 8192) * 1e3 == pytest.approx(5.787, abs=0.001)
    ranks = _worker(catalog, "2026.12.39", "tensorrt-llm", 1, attention_dp=8)
    assert kv_transfer_s(ranks, ranks, link, 8192) * 1e3 == pytest.approx(5.787, abs=0.001)


def test_heads_split_over_the_decode_group_add_up_to_the_cache_once(catalog: Catalog) -> None:
    """Llama 3.1 70B (8 KV heads) from a TP 2 prefill worker to a TP 8 decode worker: each decode
    GPU holds one head, an eighth of the cache; the two prefill GPUs send half the cache each,
    four times what one decode GPU receives."""
    prefill = _worker(catalog, "2026.12.39", "tensorrt-llm", 2, model="llama-3.1-70b")
    decode = _worker(catalog, "2026.12.39", "tensorrt-llm", 8, model="llama-3.1-70b")
    link = kv_link(decode.gpu, 2, 8)
    received = decode.sequence_bytes_per_gpu(8192)
    assert kv_bytes_sent_per_prefill_gpu(prefill, decode, 8192) == pytest.approx(4 * received)
    assert kv_transfer_s(prefill, decode, link, 8192) == pytest.approx(
        link.latency_us * 1e-6 + 4 * received / (link.gbps_per_gpu * 1e9)
    )


def test_sglang_and_vllm_keep_one_copy_per_pair(catalog: Catalog) -> None:
    """Their connectors are not read here: the model's pairing stands for them."""
    for engine in ("sglang", "vllm"):
        assert CURRENT_CALIBRATION.performance_for(engine, None).kv_copies_from_prompt_gpus == 0
        prefill = _worker(catalog, "2026.12.39", engine, 1, attention_dp=8)
        decode = _worker(catalog, "2026.12.39", engine, 8)
        link = kv_link(decode.gpu, 8, 8)
        one_copy = link.latency_us * 1e-6 + decode.sequence_bytes_per_gpu(8192) / 50e9
        assert kv_transfer_s(prefill, decode, link, 8192) == pytest.approx(one_copy)
    assert CURRENT_CALIBRATION.performance_for("tensorrt-llm", None).kv_copies_from_prompt_gpus == 1


def test_a_disaggregated_run_from_a_data_parallel_prefill_rank_waits_for_the_copies(
    catalog: Catalog,
) -> None:
    """aiconfigurator's DeepSeek-V3 FP4 run on B200, one prefill worker of attention DP 4 handing
    over the network to five TP 8 decode workers, 8,192-token prompts at 10 clients: measured TTFT
    694.9 ms; 519.2 ms (-25.3%) with one copy's transfer, 559.3 ms (-19.5%) with the prefill rank
    sending the 287.8 MB latent (an FP8 cache beside FP4 weights) to the 8 decode GPUs in turn:
    46.08 ms instead of 5.79; 567.5 ms (-18.3%) since 2026.12.41, whose request overhead for
    TensorRT-LLM without post-processing workers is 75 ms, not 66.8."""
    wanted = "aic-dsr1_b200_trtllm_fp4_disagg_8192x1024_c10_cfg320"
    before, now = before_and_now(catalog, wanted, "2026.12.37")
    assert before["ttft_ms"] == pytest.approx(519.2, abs=0.1)
    assert now["ttft_ms"] == pytest.approx(567.5, abs=0.1)
    assert now["kv_transfer_ms"] == pytest.approx(8 * LATENT_8K_BYTES / 50e6 + 0.03, abs=0.01)
