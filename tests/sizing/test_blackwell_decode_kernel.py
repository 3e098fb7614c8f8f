"""Calibration 2026.12.19: vLLM decodes with TensorRT-LLM's kernel on compute capability 10.x,
and aiconfigurator's harness sets its vLLM and TensorRT-LLM workers' token budget."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.predict_cmd import predict_lines
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import resolve_deployment
from aisle_desktop.sizing.planning import size_scenario
from aisle_desktop.sizing.validation.benchmark_predict import harness_token_budget

MODERN_SET = Path(__file__).resolve().parents[2] / "validation" / "modern_engines_dev.jsonl"


def _kv_share(catalog: Catalog, model: str, gpu: str, engine: str, weights: str, kv: str) -> float:
    version = {"vllm": "0.19.0", "tensorrt-llm": "1.2.0", "sglang": "0.5.9"}[engine]
    assumptions = CURRENT_CALIBRATION.performance_for(engine, version)
    dep = resolve_deployment(
        catalog, model, gpu, engine, weights, kv, 1, 1, assumptions, engine_version=version
    )
    return dep.kv_bandwidth_bps / (dep.gpu.memory_bandwidth_tbps * 1e12)


def test_the_catalog_tells_b200_class_blackwell_from_the_rtx_pro_cards(catalog: Catalog) -> None:
    majors = {g: catalog.gpu(g).compute_capability_major for g in ("b200", "gb300", "rtx-pro-6000")}
    assert majors == {"b200": 10, "gb300": 10, "rtx-pro-6000": 12}
    assert catalog.gpu("b300").compute_capability == "10.3"
    assert catalog.gpu("h100-sxm").compute_capability_major == 9
    assert catalog.gpu("mi300x").compute_capability_major is None


def test_vllm_reads_the_cache_at_tensorrt_llms_share_only_where_it_runs_that_kernel(
    catalog: Catalog,
) -> None:
    """vLLM's era reads the KV cache at 0.659 of peak; on a B200 with the cache at BF16 its
    FlashInfer backend runs TensorRT-LLM's decode kernel, read at TensorRT-LLM's 0.95. An FP8
    cache (not kv_cache_dtype auto), an MLA model, the RTX PRO 6000 (12.0) and Hopper keep
    0.659; TensorRT-LLM and SGLang keep their own eras' values."""
    llama = "llama-3.1-8b"
    assert _kv_share(catalog, llama, "b200", "vllm", "bf16", "bf16") == pytest.approx(0.95)
    assert _kv_share(catalog, llama, "b200", "vllm", "bf16", "fp8") == pytest.approx(0.659)
    assert _kv_share(catalog, llama, "rtx-pro-6000", "vllm", "bf16", "bf16") == pytest.approx(0.659)
    assert _kv_share(catalog, llama, "h200-sxm", "vllm", "bf16", "bf16") == pytest.approx(0.659)
    assert _kv_share(catalog, "deepseek-v3", "b200", "vllm", "fp8", "bf16") == pytest.approx(0.659)
    assert _kv_share(catalog, llama, "b200", "sglang", "bf16", "bf16") == pytest.approx(0.522)
    before = CALIBRATIONS["2026.12.18"].performance_for("vllm", "0.19.0")
    assert before.sm100_decode_attention_bandwidth_efficiency == 0.0


def test_the_harness_budget_is_the_replicas_clients_a_prompt_and_1500_tokens() -> None:
    """aiconfigurator's vllm.rule and trtllm.rule: max_num_tokens = max batch + input + 1,500.
    64 clients on 2 replicas with 1,024-token prompts: 32 + 1,024 + 1,500 = 2,556 tokens an
    iteration; a line of another source keeps the engine's 8,192, as does SGLang's era."""
    vllm = CURRENT_CALIBRATION.performance_for("vllm", "0.19.0")
    harness = np.array([True, False])
    budget = harness_token_budget(vllm, harness, 32.0, 1024, 8192.0)
    assert budget.tolist() == [2556.0, 8192.0]
    sglang = CURRENT_CALIBRATION.performance_for("sglang", "0.5.9")
    assert harness_token_budget(sglang, True, 32.0, 1024, 8192.0) == 8192.0


def test_a_long_prompt_vllm_line_on_b200_decodes_as_measured(catalog: Catalog) -> None:
    """Llama 3.1 70B FP4 on 4 B200 under vLLM, 8,192 / 1,024 at 64 clients (aiconfigurator):
    measured TPOT 24.90 ms, TTFT 1,038 ms. With the cache read at 0.659 the model says 27.63 ms
    (+11.0%); at TensorRT-LLM's 0.95 and the harness's budget 25.03 ms (+0.5%); the TTFT
    894.7 ms becomes 886.0 ms (27.20, 24.71, 893.7 and 885.2 ms with the B200 read at 8 TB/s,
    before calibration 2026.12.24's 7.67). Read with vLLM's default 16-bit cache, the one the
    kernel is for, as one of aiconfigurator's own runs (the harness's budget): the dated line is
    InferenceX's, whose script set an FP8 cache and vLLM's own budget (`script_kv_cache`,
    `script_budgets`)."""
    line_id = "aic-2026_04_06_llama_3_1_70b_b200_sxm_vllm_fp4_agg_8192x1024_c64_tp4_ep1_672"
    with MODERN_SET.open(encoding="utf-8") as lines:
        row = next(r for r in map(json.loads, lines) if r["id"] == line_id)
    row.update(id="aic-llama_3_1_70b_b200_vllm_fp4_agg_8192x1024_c64_tp4", kv_precision="bf16")
    assert row["expected"]["tpot_ms"] == pytest.approx(24.90, abs=0.01)
    figures = {
        cal_id: next(predict_lines(catalog, CALIBRATIONS[cal_id], [(1, json.dumps(row))]))
        for cal_id in ("2026.12.18", "2026.12.19")
    }
    assert figures["2026.12.18"]["tpot_ms"] == pytest.approx(27.63, abs=0.01)
    assert figures["2026.12.19"]["tpot_ms"] == pytest.approx(25.03, abs=0.01)
    assert figures["2026.12.18"]["ttft_ms"] == pytest.approx(894.7, abs=0.1)
    assert figures["2026.12.19"]["ttft_ms"] == pytest.approx(886.0, abs=0.1)


def test_the_b200_vllm_preset_decodes_faster_and_serves_more(catalog: Catalog) -> None:
    """The planner reads the same kernel: Qwen3.5 on B200 under vLLM (the one preset on a
    10.x GPU with attention that is not MLA) decodes in 12.20 ms instead of 12.36 and holds
    3,522 users within its targets instead of 3,436 (+2.5%); no other preset moves. (With the
    B200 read at 8 TB/s, before calibration 2026.12.24's 7.67: 11.76 and 11.91 ms, 3,551 and
    3,469 users; before a prompt's iteration decoded only the other sequences, 2026.12.27:
    12.37 ms, 3,434 and 3,520 users. Since the preset's release, vLLM 0.32, takes 0.28's
    16,384-token budget on a GPU of 160 GiB and more, 2026.12.18 reads 11.85 ms and 3,496
    users; today's calibration is unmoved.)"""
    scenario = preset_scenario("qwen3.5-assistant-b200")
    before = size_scenario(catalog, scenario, CALIBRATIONS["2026.12.18"])
    after = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert before.value("tpot_ms") == pytest.approx(11.85, abs=0.005)
    assert after.value("tpot_ms") == pytest.approx(12.00, abs=0.005)
    assert before.value("max_users_within_targets") == pytest.approx(3496, abs=1)
    assert after.value("max_users_within_targets") == pytest.approx(3692, abs=1)
    assert (after.tp, after.replicas) == (before.tp, before.replicas)
