"""The calibration is one named, dated object; plans override it sparsely, never freeze it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import (
    CURRENT_VERSION,
    Plan,
    Scenario,
    load_plan,
    preset_scenario,
    save_plan,
)
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.calibration.document import calibration_table, with_table
from aisle_desktop.sizing.planning import size_scenario
from tests.plan.old_files import v2_file

DOCS = Path(__file__).resolve().parents[2] / "docs" / "calibration.md"

# Each released calibration's values. Changing a value in assumptions.py without a new id (and
# date) fails here: a result's calibration id must always name one set of values.
# 2026.11 is 2026.12 without its engine eras: the new factors' neutral values reproduce it.
RELEASED = {
    "2026.11": {
        "runtime_overhead_gib_tp1": 1.5,
        "runtime_overhead_gib_multi_gpu": 2.5,
        "paging_waste_fraction": 0.02,
        "request_overhead_ms": 5.0,
        "postprocess_workers_overhead_share": 1.0,
        "allreduce_efficiency": 0.5,
        "allreduce_large_message_factor": 1.0,
        "attention_flops_efficiency": 0.35,
        "attention_bandwidth_efficiency": 0.72,
        "block_scaled_gemm_efficiency": 0.65,
        "expert_gemm_half_rate_width": 1000.0,
        "layer_overhead_us": 20.0,
        "activation_quantization_us_per_layer": 30.0,
        "eager_layer_overhead_us": 0.0,
        "mixed_mla_launch_layers": 0.0,
        "moe_layer_overhead_us": 0.0,
        "expert_load_cv": 0.0,
        "expert_rank_imbalance": 0.0,
        "busiest_rank_expert_reads": 0.0,
        "draft_pass_touched_experts": 0.0,
        "draft_head_per_attention_rank": 0.0,
        "sm100_decode_attention_bandwidth_efficiency": 0.0,
        "concurrency_token_budget_headroom": 0.0,
        "weight_only_expert_bandwidth_share": 1.0,
        "multi_node_nvlink_all_to_all": 0.0,
        "cross_tray_allreduce_bus_gbps": 0.0,
        "cross_server_allreduce_bus_gbps": 0.0,
        "expert_exchange_network_hop_us": 0.0,
        "kv_copies_from_prompt_gpus": 0.0,
        "network_adapters_per_collective": 1.0,
        "stream_overhead_us_per_sequence": 40.0,
        "pipeline_send_latency_us": 20.0,
        "pipeline_whole_prompts": 0.0,
        "weight_bandwidth_factor": 1.0,
        "gemm_flops_factor": 1.0,
        "step_overhead_factor": 1.0,
        "host_overlap": 0.0,
        "allreduce_latency_factor": 1.0,
        "concurrency_run_requests": 1.0,
        "first_token_wait_steps": 0.0,
        "attention_dp_balance_timeout_steps": 0.0,
        "attention_rank_whole_prompts": 0.0,
        "concurrency_run_rounds": 0.0,
        "concurrency_warmup_rounds": 0.0,
        "cohort_persistence": 0.0,
        "disaggregated_cohort_persistence": 0.0,
        "disaggregated_decode_step_ms": 0.0,
        "disaggregated_handover_ms": 0.0,
        "cross_tray_kv_over_network": 0.0,
        "benchmark_requests": 500.0,
        "gpu_average_power_fraction": 0.7,
        "network_storage_overhead_fraction": 0.1,
        "support_fraction_per_year": 0.1,
        "target_utilization": 0.8,
    }
}
RELEASED["2026.12"] = RELEASED["2026.11"]
# 2026.12.1 refits the eras with three mechanisms whose neutral values reproduce 2026.12.
RELEASED["2026.12.1"] = RELEASED["2026.11"]
# 2026.12.2 refits the TensorRT-LLM era after MLA prefill is timed in its expanded form.
RELEASED["2026.12.2"] = RELEASED["2026.11"]
# 2026.12.3 runs the 2025-26 eras with the harness's own run length and warm-up, and a
# persisting starting cohort; the new assumptions' neutral values reproduce 2026.12.2.
RELEASED["2026.12.3"] = RELEASED["2026.11"]
# 2026.12.4 refits SGLang's era on the aiconfigurator lines read as their engine ran them.
RELEASED["2026.12.4"] = RELEASED["2026.11"]
# 2026.12.5 routes each batch's tokens unevenly over the experts (a gamma spread of the
# experts' loads, coefficient of variation 0.7) and refits the eras' MoE-layer cost.
RELEASED["2026.12.5"] = {**RELEASED["2026.11"], "expert_load_cv": 0.7}
# 2026.12.6 is 2026.12.5 with TensorRT-LLM's era giving a disaggregated decode worker its
# per-iteration wait for arrived caches.
RELEASED["2026.12.6"] = RELEASED["2026.12.5"]
# 2026.12.7 is 2026.12.6 with TensorRT-LLM's era keeping a disaggregated run's starting cohort
# longer in lockstep.
RELEASED["2026.12.7"] = RELEASED["2026.12.5"]
# 2026.12.8 is 2026.12.7 with a MoE layer under expert parallel waiting for its busiest rank.
RELEASED["2026.12.8"] = {**RELEASED["2026.12.5"], "expert_rank_imbalance": 1.0}
# 2026.12.9 is 2026.12.8 with TensorRT-LLM's era holding a new prompt for its attention
# data-parallel balancer (at most the 60 iterations of NVIDIA's recipes).
RELEASED["2026.12.9"] = RELEASED["2026.12.8"]
# 2026.12.10 is 2026.12.9 with vLLM's and SGLang's eras reading weight-only INT4 experts at
# 0.6 of their weight bandwidth (Marlin MoE kernel measurements).
RELEASED["2026.12.10"] = RELEASED["2026.12.8"]
# 2026.12.11 is 2026.12.10 with a prompt riding one pipeline-parallel micro-batch through every
# stage and each micro-batch scheduled with its own token budget.
RELEASED["2026.12.11"] = {**RELEASED["2026.12.8"], "pipeline_whole_prompts": 1.0}
# 2026.12.12 is 2026.12.11 with TensorRT-LLM's era sending a MoE layer's tokens only to the
# ranks holding their experts over a multi-node NVLink domain (its MNNVL all-to-all).
RELEASED["2026.12.12"] = RELEASED["2026.12.11"]
# 2026.12.13 is 2026.12.12 with a collective across NVLink servers running over every GPU's
# network adapter of a server together (8 on an 8-GPU server).
RELEASED["2026.12.13"] = {**RELEASED["2026.12.12"], "network_adapters_per_collective": 8.0}
# 2026.12.14 is 2026.12.13's values with SGLang 0.5's memory defaults by GPU (the catalog's
# memory reserve and budget tiers, read from SGLang's ServerArgs): no value changes here.
RELEASED["2026.12.14"] = RELEASED["2026.12.13"]
# 2026.12.15 is 2026.12.14 with a MoE layer bound by its weight reads waiting for the
# expert-parallel rank holding the most of its tokens' experts.
RELEASED["2026.12.15"] = {**RELEASED["2026.12.14"], "busiest_rank_expert_reads": 1.0}
# 2026.12.16 is 2026.12.15 with a MoE model's MTP draft pass reading the experts its batch's
# draft tokens touch.
RELEASED["2026.12.16"] = {**RELEASED["2026.12.15"], "draft_pass_touched_experts": 1.0}
# 2026.12.17 is 2026.12.16's values with SGLang 0.5's scheduler running its budget by GPU (the
# catalog's tiers) and a plan's closed loop on attention ranks counted in iterations.
RELEASED["2026.12.17"] = RELEASED["2026.12.16"]
# 2026.12.18 is 2026.12.17 with TensorRT-LLM's era reading the whole LM head, which each
# attention-DP rank holds, in every MTP draft pass.
RELEASED["2026.12.18"] = RELEASED["2026.12.17"]
# 2026.12.19 is 2026.12.18 with vLLM's era decoding at TensorRT-LLM's kernel's bandwidth share
# on compute capability 10.x, and aiconfigurator's token budget for its vLLM and TensorRT-LLM
# aggregated workers: both era values.
RELEASED["2026.12.19"] = RELEASED["2026.12.18"]
# 2026.12.21 is 2026.12.19 with vLLM's era handing a prefilled prompt to its decode worker in
# 92 ms beyond the cache's bytes and the first token's iterations: an era value.
RELEASED["2026.12.21"] = RELEASED["2026.12.19"]
# 2026.12.22 is 2026.12.21's values with SGLang admitting only what can finish (the catalog's
# kv_admission) and the dated InferenceX lines' SGLang receive interval: no value changes here.
RELEASED["2026.12.22"] = RELEASED["2026.12.21"]
# 2026.12.23 is 2026.12.22 with vLLM's hand-over at 120 ms: the RFC's transfer window is
# overhead beyond the bytes the model charges, less its per-descriptor part: an era value.
RELEASED["2026.12.23"] = RELEASED["2026.12.21"]
# 2026.12.24 is 2026.12.23's values with the B200's bandwidth at the 7.67 TB/s its driver reports
# (the catalog's figure): no value changes here.
RELEASED["2026.12.24"] = RELEASED["2026.12.21"]
# 2026.12.25 is 2026.12.24 with TensorRT-LLM's era launching an MLA layer's generation path
# beside its context path in an eager iteration that mixes a prompt with decodes: an era value.
RELEASED["2026.12.25"] = RELEASED["2026.12.21"]
# 2026.12.26 is 2026.12.25's values with a disaggregated decode worker's step read at one answer
# or more (a code change): no value changes here.
RELEASED["2026.12.26"] = RELEASED["2026.12.21"]
# 2026.12.27 is 2026.12.26's values with a prompt's iteration decoding only the other sequences.
RELEASED["2026.12.27"] = RELEASED["2026.12.21"]
# 2026.12.28 is 2026.12.27 with each checkpoint's weights held as its config stores them (the
# catalog's checkpoints): no value changes here.
RELEASED["2026.12.28"] = RELEASED["2026.12.21"]
# 2026.12.29 is 2026.12.28 with the engine eras refitted on the 2025-26 set's dated lines read at
# the lengths InferenceX's client drew: era values only.
RELEASED["2026.12.29"] = RELEASED["2026.12.21"]
# 2026.12.30 is 2026.12.29's values with `predict`'s online lines giving each attention
# data-parallel rank the engine's sequence cap (a code change): no value changes here.
RELEASED["2026.12.30"] = RELEASED["2026.12.21"]
# 2026.12.31 is 2026.12.30's values with the dated lines of InferenceX's DeepSeek-R1 MTP scripts
# read with those scripts' token budget (a reading rule moving a band): no value changes here.
RELEASED["2026.12.31"] = RELEASED["2026.12.21"]
# 2026.12.32 is 2026.12.31's values with a disaggregated run's starting cohort waiting for decode
# places in waves of whole answers (a code change): no value changes here.
RELEASED["2026.12.32"] = RELEASED["2026.12.21"]
# 2026.12.33 is 2026.12.32's values with the dated lines of InferenceX's DeepSeek-R1 FP8 B200
# script read with the batch waiting it sets (a reading rule moving a band): no value changes.
RELEASED["2026.12.33"] = RELEASED["2026.12.21"]
# 2026.12.34 is 2026.12.33's values with a disaggregated run's starting cohort waiting its decode
# worker's iterations to the first token (a code change): no value changes here.
RELEASED["2026.12.34"] = RELEASED["2026.12.21"]
# 2026.12.37 is 2026.12.34's values with SGLang's era all-reducing a tensor-parallel group that
# spans NVL72 trays at NCCL's measured 199 GB/s (an era value): no shipped value changes here.
RELEASED["2026.12.37"] = RELEASED["2026.12.21"]
# 2026.12.39 is 2026.12.37's values with TensorRT-LLM's era sending a prompt's cache a copy per
# decode GPU from the prefill GPUs that hold it (an era value): no shipped value changes here.
RELEASED["2026.12.39"] = RELEASED["2026.12.21"]
# 2026.12.40 is 2026.12.39's values with SGLang's era all-reducing a tensor-parallel group that
# spans 8-GPU servers at NCCL's measured 200 GB/s and vLLM's era sending a cache between NVL72
# trays over the network (era values): no shipped value changes here.
RELEASED["2026.12.40"] = RELEASED["2026.12.21"]
# 2026.12.41 is 2026.12.40's values with TensorRT-LLM's era splitting its request overhead by
# where trtllm-serve post-processes the answers (era values): no shipped value changes here.
RELEASED["2026.12.41"] = RELEASED["2026.12.21"]
# 2026.12.44 is 2026.12.41's values with vLLM's era crossing between servers at NCCL's ring in its
# expert exchange (an era value; the shipped values are unchanged).
RELEASED["2026.12.44"] = RELEASED["2026.12.21"]
# 2026.12.45 is 2026.12.44's values with TensorRT-LLM's era admitting only the whole prompts an
# attention rank's own budget holds (an era value; the shipped values are unchanged).
RELEASED["2026.12.45"] = RELEASED["2026.12.21"]
# 2026.12.52 is 2026.12.45's values with vLLM's era cut at 0.14, the releases before it scheduling
# in turn (era values; the shipped values are unchanged).
RELEASED["2026.12.52"] = RELEASED["2026.12.21"]


def _in_flight(overrides: dict[str, float]) -> Scenario:
    base = preset_scenario("llama-70b-rag")
    load = base.workload.load.model_copy(update={"kind": "in_flight", "requests_in_flight": 40})
    workload = base.workload.model_copy(update={"load": load})
    return base.model_copy(update={"workload": workload, "assumption_overrides": overrides})


def test_each_calibration_id_names_one_set_of_values() -> None:
    assert set(CALIBRATIONS) == set(RELEASED)
    for cal_id, values in RELEASED.items():
        calibration = CALIBRATIONS[cal_id]
        assert {name: calibration.value(name) for name in calibration.names()} == values
        assert all(calibration.source(name) for name in calibration.names())


def test_docs_hold_the_table_the_calibration_writes() -> None:
    page = DOCS.read_text(encoding="utf-8")
    assert calibration_table(CURRENT_CALIBRATION) in page, (
        "docs/calibration.md is out of date: run "
        "python -m aisle_desktop.sizing.calibration.document docs/calibration.md"
    )
    assert with_table(page, CURRENT_CALIBRATION) == page
    assert "| `request_overhead_ms` | 5 | tokenisation, HTTP and scheduling" in page


def test_the_readme_names_todays_calibration() -> None:
    """The Plans section tells a planner which calibration sizes their plan: it read
    2026.12.23 for two calibrations after."""
    readme = (DOCS.parent.parent / "README.md").read_text(encoding="utf-8")
    today = CURRENT_CALIBRATION
    assert f"(today `{today.id}`, dated {today.date.isoformat()}," in readme


def test_a_result_names_its_calibration(catalog: Catalog) -> None:
    result = size_scenario(catalog, preset_scenario("llama-8b-chat"), CURRENT_CALIBRATION)
    assert (result.calibration_id, result.calibration_date) == ("2026.12.52", "2026-12-07")
    assert result.calibration_label == "calibration 2026.12.52 (2026-12-07)"
    assert [a.name for a in result.assumptions] == list(CURRENT_CALIBRATION.names())


def test_an_override_moves_its_figure_and_says_whose_it_is(catalog: Catalog) -> None:
    """Request overhead is paid once before the first token: the vLLM 0.10+ era's 20.9 ms
    overridden to 30.9 ms adds 10 ms to TTFT."""
    shipped = size_scenario(catalog, _in_flight({}), CURRENT_CALIBRATION)
    era_value = next(a.value for a in shipped.assumptions if a.name == "request_overhead_ms")
    assert era_value == 20.9
    slower = size_scenario(
        catalog, _in_flight({"request_overhead_ms": era_value + 10}), CURRENT_CALIBRATION
    )
    assert (slower.tp, slower.pp, slower.replicas) == (shipped.tp, shipped.pp, shipped.replicas)
    assert slower.value("ttft_ms") - shipped.value("ttft_ms") == pytest.approx(10.0)
    mine = next(a for a in slower.assumptions if a.name == "request_overhead_ms")
    assert mine.value == pytest.approx(30.9)
    assert mine.source.startswith(
        "the planner's override; vLLM V1 engine in calibration 2026.12.52 has 20.9"
    )
    assert slower.calibration_id == "2026.12.52"


def test_an_unknown_or_out_of_range_override_is_refused_by_name(catalog: Catalog) -> None:
    with pytest.raises(SizingError, match=r'assumption overrides: "pue_typo" is not an assum'):
        size_scenario(catalog, _in_flight({"pue_typo": 1.0}), CURRENT_CALIBRATION)
    with pytest.raises(
        SizingError, match=r"^assumption overrides, target_utilization: must be at most 1, got 1.5$"
    ):
        size_scenario(catalog, _in_flight({"target_utilization": 1.5}), CURRENT_CALIBRATION)


def test_a_v2_plan_sizes_with_todays_calibration_and_is_not_rewritten(
    catalog: Catalog, tmp_path: Path
) -> None:
    """A November file froze request overhead 10 ms and FP4 block scales 0.8 (both shipped
    defaults then) and one value the planner chose; only the planner's value survives."""
    scenario = preset_scenario("llama-8b-chat")
    path = tmp_path / "november.aisle"
    old = v2_file(Plan(scenarios=[scenario]), target_utilization=0.6)
    path.write_text(json.dumps(old, indent=2), encoding="utf-8")
    before = path.read_bytes()

    loaded = load_plan(path)
    (opened,) = loaded.plan.scenarios
    assert opened.assumption_overrides == {"target_utilization": 0.6}
    result = size_scenario(catalog, opened, CURRENT_CALIBRATION)
    today = size_scenario(
        catalog,
        scenario.model_copy(update={"assumption_overrides": {"target_utilization": 0.6}}),
        CURRENT_CALIBRATION,
    )
    assert result == today
    shown = {a.name: a.value for a in result.assumptions}
    todays = CURRENT_CALIBRATION.performance_for(scenario.workload.engine_id, None)
    assert shown["request_overhead_ms"] == todays.request_overhead_ms != 10.0
    assert shown["block_scaled_gemm_efficiency"] == todays.block_scaled_gemm_efficiency != 0.8
    assert path.read_bytes() == before  # opening and sizing never write

    save_plan(loaded.plan, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["version"] == CURRENT_VERSION
    assert saved["scenarios"][0]["assumption_overrides"] == {"target_utilization": 0.6}
    assert "performance" not in saved["scenarios"][0]
