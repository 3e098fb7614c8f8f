"""Speculative decoding: tokens per step, what the verify step and the draft cost, refusals."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Hardware, preset_scenario
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import (
    memory_breakdown,
    resolve_deployment,
    steady_state,
    tokens_per_step,
    with_speculation,
)
from aisle_desktop.sizing.engine.speculative import draft_head_share, mtp_batch_read_share
from aisle_desktop.sizing.engine.steptime import draft_s
from aisle_desktop.sizing.planning import size_scenario
from aisle_desktop.sizing.planning.replica import scenario_deployment

PERFORMANCE = CURRENT_CALIBRATION.performance


def test_tokens_per_step_is_the_accepted_run_plus_the_models_own() -> None:
    assert tokens_per_step(1, 0.8) == pytest.approx(1.8)
    assert tokens_per_step(2, 0.8) == pytest.approx(1 + 0.8 + 0.64)
    assert tokens_per_step(3, 0.75) == pytest.approx((1 - 0.75**4) / 0.25)


def _qwen_on_b200(deploy: Any, catalog: Catalog, k: int | None) -> Any:
    dep = deploy("qwen3.5-27b", "b200", tp=1, weights="fp8")
    return dep if k is None else with_speculation(catalog, dep, "mtp", k, 0.8, None)


def test_mtp_cuts_tpot_where_decode_reads_weights(deploy: Any, catalog: Catalog) -> None:
    plain = _qwen_on_b200(deploy, catalog, None)
    mtp = _qwen_on_b200(deploy, catalog, 2)
    one_plain = steady_state(plain, 1.0, 2000, 500, 8192, 0.01)
    one_mtp = steady_state(mtp, 1.0, 2000, 500, 8192, 0.01)
    # The verify step costs more than a plain step, but emits 2.44 tokens on average.
    assert float(one_mtp.decode_step.total_s) > float(one_plain.decode_step.total_s)
    assert float(one_mtp.decode_step.draft_s) > 0
    assert float(one_plain.tpot_s) / float(one_mtp.tpot_s) > 1.5
    # In a compute-bound batch the checked drafts cost real FLOPs: the gain shrinks.
    big_plain = steady_state(plain, 256.0, 2000, 500, 65536, 0.01)
    big_mtp = steady_state(mtp, 256.0, 2000, 500, 65536, 0.01)
    gain_big = float(big_plain.tpot_s) / float(big_mtp.tpot_s)
    assert gain_big < float(one_plain.tpot_s) / float(one_mtp.tpot_s)


def test_memory_holds_the_draft(deploy: Any, catalog: Catalog) -> None:
    """The MTP layer's weights (0.42 B at FP8) and one more full layer of KV per token."""
    plain = _qwen_on_b200(deploy, catalog, None)
    mtp = _qwen_on_b200(deploy, catalog, 2)
    model = catalog.model("qwen3.5-27b")
    assert model.mtp is not None
    extra = mtp.weights_per_gpu_bytes - plain.weights_per_gpu_bytes
    assert extra == pytest.approx(model.mtp.params_b * 1e9 * 1.0)
    per_token = 2 * 4 * 256 * 2  # 4 KV heads x 256, K and V, 16-bit: the draft's full layer
    tokens = 4096
    grown = memory_breakdown(mtp, tokens).kv_bytes_per_sequence
    assert grown - memory_breakdown(plain, tokens).kv_bytes_per_sequence == per_token * tokens


def test_speculation_is_refused_where_it_cannot_run(deploy: Any, catalog: Catalog) -> None:
    with pytest.raises(SizingError, match="ships no MTP layers"):
        with_speculation(catalog, deploy("llama-3.1-70b", "h100-sxm", tp=4), "mtp", 2, None, None)
    tgi = deploy("qwen3-32b", "h100-sxm", tp=2, engine="tgi")
    with pytest.raises(SizingError, match="does not run speculative decoding"):
        with_speculation(catalog, tgi, "draft", 2, None, "qwen3-8b")
    llama = deploy("llama-3.1-70b", "h100-sxm", tp=4)
    with pytest.raises(SizingError, match="must share the model's tokenizer"):
        with_speculation(catalog, llama, "draft", 2, None, "qwen3-8b")
    with_speculation(catalog, llama, "draft", 4, None, "llama-3.1-8b")  # same tokenizer: runs


def test_default_acceptance_comes_from_the_family(deploy: Any, catalog: Catalog) -> None:
    ds = with_speculation(catalog, deploy("deepseek-v3.2", "b200", tp=8), "mtp", 1, None, None)
    assert ds.speculation is not None and ds.speculation.acceptance == 0.85
    assert "DeepSeek-V3 Technical Report" in ds.speculation.acceptance_source


def test_qwen35_preset_explains_its_draft(catalog: Catalog) -> None:
    result = size_scenario(catalog, preset_scenario("qwen3.5-assistant-b200"), CURRENT_CALIBRATION)
    assert result.fits
    step = result.figures["speculative_tokens_per_step"]
    assert step.value == pytest.approx(tokens_per_step(2, 0.75))
    assert any(a.name == "acceptance" for a in step.explanation.assumptions)
    parts = {q.name: q.value for q in result.figures["conversation_128k_gb"].explanation.inputs}
    assert parts["15 full-attention layers"] == pytest.approx(30_720 * 131_072 / 1e9)  # GB
    assert parts["1 full-attention layer of the draft"] == pytest.approx(2048 * 131_072 / 1e9)


def test_expert_parallel_preset_plans_on_the_split_search(catalog: Catalog) -> None:
    scenario = preset_scenario("deepseek-v3.2-ep")
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.fits and result.tp == 8
    dep = scenario_deployment(catalog, scenario, PERFORMANCE, 8, result.pp)
    assert dep.expert_parallel and dep.attention_data_parallel
    # Each GPU attends its own sequences: the latent is not copied to all eight.
    assert dep.kv_tp == 1 and dep.attention_ranks == 8


def test_expert_parallel_needs_experts(catalog: Catalog) -> None:
    scenario = preset_scenario("llama-70b-rag")
    scenario = scenario.model_copy(
        update={"hardware": Hardware(gpu_id="h100-sxm", gpu_count=8, expert_layout="ep")}
    )
    with pytest.raises(SizingError, match="has no experts"):
        scenario_deployment(catalog, scenario, PERFORMANCE, 8, 1)


def test_an_mtp_pass_over_a_batch_reads_the_experts_its_tokens_touch() -> None:
    """DeepSeek-V3's MTP block has the model's shape: one token reads 37.552 / 671.026 =
    5.596% of it, 8 of its 256 experts, so the routed experts are 0.94404 / 0.96875 =
    97.45% of the layer. 64 draft tokens touch 75.19% of the experts (uneven routing): a pass
    reads 1 - 0.9745 x 0.2481 = 75.82% of the layer; one token never less than its own
    5.596%; with the weight 0 (before 2026.12.16) always one token's share."""
    one = 37.552 / 671.026
    assert mtp_batch_read_share(one, 0.7519, 8 / 256, 1.0) == pytest.approx(0.7582, abs=1e-4)
    assert mtp_batch_read_share(one, 0.03054, 8 / 256, 1.0) == pytest.approx(one)
    assert mtp_batch_read_share(one, 0.7519, 8 / 256, 0.0) == pytest.approx(one)


def test_a_large_batch_mtp_pass_costs_more_since_2026_12_16(deploy: Any, catalog: Catalog) -> None:
    """At 256 answers DeepSeek-V3's draft pass reads nearly its whole MTP layer, not one
    token's 5.6% of it: the draft's share of the step grows; at one answer it does not."""
    dep = deploy("deepseek-v3", "b200", tp=8)
    mtp = with_speculation(catalog, dep, "mtp", 3, 0.77, None)
    before = mtp.assumptions.model_copy(update={"draft_pass_touched_experts": 0.0})
    now = mtp.assumptions.model_copy(update={"draft_pass_touched_experts": 1.0})
    old, new = (dataclasses.replace(mtp, assumptions=a) for a in (before, now))
    assert float(draft_s(new, 256.0)) > 2.0 * float(draft_s(old, 256.0))
    assert float(draft_s(new, 1.0)) == pytest.approx(float(draft_s(old, 1.0)))


def test_an_mtp_pass_reads_the_lm_head_each_attention_rank_holds() -> None:
    """Over 8 GPUs of attention DP 8 each rank holds the whole LM head (TensorRT-LLM without
    enable_lm_head_tp_in_adp), as over 8 GPUs of attention DP 2 each rank of 4 holds a
    quarter; without attention DP a GPU holds 1 / tp. The weight 0 (before 2026.12.18) reads
    1 / tp everywhere."""
    assert draft_head_share(8, 1, 1.0) == pytest.approx(1.0)
    assert draft_head_share(8, 4, 1.0) == pytest.approx(0.25)
    assert draft_head_share(8, 8, 1.0) == pytest.approx(0.125)
    assert draft_head_share(8, 1, 0.0) == pytest.approx(0.125)


def test_an_attention_dp_mtp_pass_reads_the_whole_head_since_2026_12_18(catalog: Catalog) -> None:
    """DeepSeek-V3 on 8 B200s of attention DP 8 x EP 8 drafting 3 tokens at one answer: each
    pass reads the 129,280 x 7,168 BF16 head whole (1.853 GB) on every GPU, not its 232 MB
    eighth, so the three passes take 3 x 1.621 GB longer at the GPU's weight bandwidth."""

    def replica(whole: float) -> Any:
        performance = PERFORMANCE.model_copy(update={"draft_head_per_attention_rank": whole})
        dep = resolve_deployment(
            catalog,
            "deepseek-v3",
            "b200",
            "tensorrt-llm",
            "fp8",
            "fp16",
            1,
            1,
            performance,
            attention_dp=8,
            ep=8,
        )
        return with_speculation(catalog, dep, "mtp", 3, 0.77, None)

    old, new = replica(0.0), replica(1.0)
    head_bytes = 129_280 * 7_168 * 2.0
    extra_s = 3 * head_bytes * (1.0 - 1.0 / 8) / new.effective_bandwidth_bps
    assert head_bytes * 7 / 8 == pytest.approx(1.621e9, rel=1e-3)
    assert float(draft_s(new, 1.0)) - float(draft_s(old, 1.0)) == pytest.approx(extra_s)


def test_only_tensorrt_llm_reads_the_whole_head_per_attention_rank_since_2026_12_18() -> None:
    """TensorRT-LLM 1.x's era: the head whole on each attention-DP rank; SGLang and vLLM keep a
    GPU's share, as every release did before 2026.12.18."""
    era = CURRENT_CALIBRATION.performance_for
    assert era("tensorrt-llm", "1.2.0").draft_head_per_attention_rank == 1.0
    assert era("sglang", "0.5.9").draft_head_per_attention_rank == 0.0
    assert era("vllm", "0.19.0").draft_head_per_attention_rank == 0.0
    before = CALIBRATIONS["2026.12.17"].performance_for("tensorrt-llm", "1.2.0")
    assert before.draft_head_per_attention_rank == 0.0
