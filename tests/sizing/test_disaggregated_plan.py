"""Would disaggregated serving need fewer GPUs? The pools' search against the aggregated plan."""

from __future__ import annotations

import math

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import LoadSpec, Scenario, preset_scenario
from aisle_desktop.sizing import SizingError, SizingResult
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import (
    compare_serving,
    plan_disaggregated,
    serving_comparison,
    size_scenario,
    together_or_pools,
)
from aisle_desktop.sizing.planning.demand import demand, demand_at_targets
from aisle_desktop.sizing.planning.disaggregated_plan import (
    DisaggregatedPlan,
    decode_worker_within,
)
from aisle_desktop.sizing.planning.replica import scenario_deployment
from aisle_desktop.sizing.planning.together_or_pools import ServingComparison


def _long_prompts_tight_tpot() -> Scenario:
    """The RAG preset with 16 retrieved chunks (6,800-token prompts), 25 ms TPOT, 3 s TTFT."""
    scenario = preset_scenario("llama-70b-rag")
    workload = scenario.workload
    prompt = workload.prompt.model_copy(update={"rag_chunks": 16})
    targets = workload.targets.model_copy(update={"tpot_ms": 25.0, "ttft_ms": 3000.0})
    workload = workload.model_copy(update={"prompt": prompt, "targets": targets})
    return scenario.model_copy(update={"workload": workload})


def _both_ways(
    catalog: Catalog, scenario: Scenario
) -> tuple[SizingResult, DisaggregatedPlan, ServingComparison]:
    """The scenario served together, its pools, and the comparison of the two."""
    aggregated = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    pools = plan_disaggregated(catalog, scenario, CURRENT_CALIBRATION)
    assert pools is not None
    return aggregated, pools, compare_serving(aggregated, pools, scenario.workload)


def test_the_default_plan_stays_aggregated_and_says_why(catalog: Catalog) -> None:
    scenario = preset_scenario("llama-70b-rag")
    aggregated, pools, comparison = _both_ways(catalog, scenario)
    # The whole DGX runs 4 replicas of TP 2; the load needs 3 (its spare included).
    assert (aggregated.gpus, aggregated.gpus_for_load) == (8, 6)
    # 3 replicas of TP 2 against 1 + 1 spare prefill and 1 + 1 spare decode TP 2 workers (under
    # 2026.12.28 four TP 1 prefill workers; 2026.12.29's vLLM era prefills on TP 2 within the TTFT).
    assert (comparison.aggregated_gpus, pools.gpus) == (6, 8)
    assert (pools.prefill_workers, pools.prefill_layout) == (2, "TP 2 × PP 1")
    assert (pools.decode_workers, pools.decode_layout) == (2, "TP 2 × PP 1")
    assert comparison.winner == "aggregated"
    # Like with like: the GPUs each way needs, and the GPUs each way buys (one DGX).
    assert comparison.reason.startswith(
        "No: 6 GPUs needed serving prompts and answers together against 8 GPUs needed in two "
        "pools (2 prefill workers of TP 2 × PP 1, 2 decode workers of TP 2 × PP 1 with up to "
        "106 answers each, the prompt's KV over NVLink in 0.736 ms, both pools in one server), 8 "
        "bought either way;"
    )
    assert "2,000-token prompts and 256-token answers" in comparison.reason
    assert pools.ttft_s <= 1.0 and pools.tpot_s <= 0.050  # both targets met at the peak
    assert pools.kv_link.startswith("NVLink")  # both pools in one 8-GPU server
    assert pools.servers.shared
    assert (
        comparison.short == "No: 6 GPUs needed together against 8 in two pools, 8 bought either way"
    )
    assert comparison.why is not None and comparison.why.value == 8  # 2 x 2 + 2 x 2 GPUs


def test_long_prompts_and_a_tight_tpot_make_disaggregated_win(catalog: Catalog) -> None:
    scenario = _long_prompts_tight_tpot()
    _, pools, comparison = _both_ways(catalog, scenario)
    # 7 prefill GPUs and 2 decode workers of TP 4: 15 GPUs, too many for one 8-GPU server,
    # so each pool takes its own DGX and the cache crosses the network: 6,800 tokens x
    # 327,680 B (320 KiB a token) / 4 GPUs = 557 MB a decode GPU / 50 GB/s = 11.14 ms + 30 us.
    assert (comparison.aggregated_gpus, pools.gpus) == (24, 15)
    assert (pools.prefill_workers, pools.decode_workers, pools.decode_layout) == (
        7,
        2,
        "TP 4 × PP 1",
    )
    assert (pools.servers.prefill, pools.servers.decode, pools.servers.shared) == (1, 1, False)
    assert pools.kv_link.startswith("network")
    assert pools.kv_transfer_ms == pytest.approx(6800 * 327_680 / 4 / 50e9 * 1e3 + 0.030)
    assert comparison.winner == "disaggregated"
    assert comparison.reason.startswith("Yes: 15 GPUs needed in two pools")
    assert "over network in 11.2 ms, the pools in 1 + 1 servers of their own)" in comparison.reason
    # Together needs every GPU it buys (3 DGX); the pools need 15 of the 16 their 1 + 1 DGX hold.
    assert comparison.short == (
        "Yes: 15 GPUs needed in two pools against 24 together, 24 bought together, 16 for two pools"
    )
    assert "against 24 GPUs needed serving prompts and answers together" in comparison.reason
    assert comparison.reason.endswith(
        "decode workers that never run a prefill chunk carry more answers within the TPOT "
        "target (up to 42 answers a decode worker of 4 GPUs, where a replica of 4 GPUs holds 9 "
        "requests within both targets serving together)"
    )
    assert pools.tpot_s <= 0.025 and pools.ttft_s <= 3.0


def test_decode_workers_carry_the_peak_at_the_target_utilisation(catalog: Catalog) -> None:
    scenario = _long_prompts_tight_tpot()
    pools = plan_disaggregated(catalog, scenario, CURRENT_CALIBRATION)
    assert pools is not None and pools.decode_layout == "TP 4 × PP 1"
    workload = scenario.workload
    performance = CURRENT_CALIBRATION.performance_for(workload.engine_id, workload.engine_version)
    dep = scenario_deployment(catalog, scenario, performance, 4, 1)
    inp, out = workload.prompt.input_tokens, workload.output_tokens
    decode = decode_worker_within(dep, inp, out, 0.025)
    assert decode is not None
    assert decode.tpot_s <= 0.025
    # A worker of b answers, each emitting a token every TPOT, finishes b / ((out - 1) x TPOT)
    # answers a second; the peak rate at 80% of that, plus the N+1 spare.
    assert decode.requests_per_s == pytest.approx(decode.batch / ((out - 1) * decode.tpot_s))
    # The demand serving together is sized for: the load when answers take as long as the
    # targets allow (3 s to the first token, 25 ms for each later one).
    e2e_s = 3.0 + (out - 1) * 0.025
    rate = demand(workload.load, e2e_s).peak_rate_per_s or 0.0
    assert pools.peak_rate_per_s == pytest.approx(rate)
    expected = math.ceil(rate / (decode.requests_per_s * 0.8)) + 1
    assert pools.decode_workers == expected


def test_pools_that_cannot_be_planned_leave_the_aggregated_answer_with_the_reason(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = preset_scenario("llama-70b-rag")
    aggregated = size_scenario(catalog, scenario, CURRENT_CALIBRATION)

    def refuse(*_: object) -> None:
        raise SizingError("no server for the decode pool")

    monkeypatch.setattr(together_or_pools, "plan_disaggregated", refuse)
    comparison = serving_comparison(catalog, scenario, CURRENT_CALIBRATION, aggregated)
    assert (comparison.winner, comparison.disaggregated) == ("aggregated", None)
    assert comparison.reason == (
        "No: separate pools cannot be planned: no server for the decode pool"
    )


def test_both_ways_are_sized_for_the_demand_at_the_targets(catalog: Catalog) -> None:
    """The default plan's 300 users think 60 s between questions. Answers as slow as the
    targets allow take 1 s + 255 x 50 ms = 13.75 s, so the users ask 300 / (13.75 + 60) =
    4.068 requests/s at the peak: the pools are sized for that rate, and so is serving
    together (2 replicas of TP 2 at 80% of 3.71 requests/s each, 3 with the spare), where
    before together was sized for one request's E2E and the pools for their decode TPOT."""
    scenario = preset_scenario("llama-70b-rag")
    assert demand_at_targets(scenario.workload).peak_rate_per_s == pytest.approx(
        300 / (1.0 + 255 * 0.050 + 60.0)
    )
    aggregated = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    pools = plan_disaggregated(catalog, scenario, CURRENT_CALIBRATION)
    assert pools is not None
    assert pools.peak_rate_per_s == pytest.approx(4.0678, abs=1e-4)
    planned = aggregated.planned
    assert planned is not None
    at = planned.capacity.at_targets
    assert at is not None
    # 4.0678 / (0.8 x 3.7119) = 1.37: 2 replicas and the spare, 6 GPUs; the DGX holds a fourth.
    assert float(at.requests_per_s) == pytest.approx(3.6834, abs=1e-4)
    assert (aggregated.gpus_for_load, planned.replicas) == (6, 4)
    comparison = compare_serving(aggregated, pools, scenario.workload)
    assert (
        "both ways sized for 4.07 requests/s at the peak (300 active users asking again 60 s "
        "after answers of 13.8 s at the targets)" in comparison.reason
    )


def _tiny_load() -> Scenario:
    """The 8B chat preset with 200-token prompts, 100-token answers and 5 users thinking a
    minute between questions, no spare: neither way has an advantage to play."""
    scenario = preset_scenario("llama-8b-chat")
    workload = scenario.workload
    prompt = workload.prompt.model_copy(
        update={"system_prompt_tokens": 100, "history_tokens": 0, "question_tokens": 100}
    )
    load = LoadSpec(kind="active_users", active_users=5, think_time_s=60.0)
    workload = workload.model_copy(
        update={"prompt": prompt, "output_tokens": 100, "load": load, "redundancy": "none"}
    )
    return scenario.model_copy(update={"workload": workload})


def test_a_tiny_load_names_why_the_pools_need_more(catalog: Catalog) -> None:
    """5 users asking every 60 s + 0.5 s + 99 x 40 ms = 64.46 s make 0.0776 requests/s:
    one L40S serves that together; two pools take at least one L40S each. The answer says
    so, and names the demand both were sized for."""
    scenario = _tiny_load()
    aggregated, pools, comparison = _both_ways(catalog, scenario)
    assert (aggregated.gpus_for_load, pools.gpus) == (1, 2)
    assert (pools.prefill_workers, pools.decode_workers) == (1, 1)
    assert pools.peak_rate_per_s == pytest.approx(5 / (0.5 + 99 * 0.040 + 60.0))
    assert comparison.winner == "aggregated"
    assert comparison.reason.startswith(
        "No: 1 GPU needed serving prompts and answers together against 2 GPUs needed in two "
        "pools (1 prefill worker of TP 1 × PP 1, 1 decode worker of TP 1 × PP 1"
    )
    assert comparison.reason.endswith(
        "both ways sized for 0.0776 requests/s at the peak (5 active users asking again 60 s "
        "after answers of 4.46 s at the targets): the load is light enough for the fewest "
        "workers each way, and two pools take at least one worker each (1 GPU to prefill, "
        "1 GPU to decode) where one replica serves prompts and answers on the same GPUs"
    )
    assert (
        comparison.short == "No: 1 GPU needed together against 2 in two pools, 8 bought either way"
    )


def test_a_plan_set_to_too_few_gpus_is_compared_as_together_would_be_sized(
    catalog: Catalog,
) -> None:
    """The default plan set to 4 GPUs (2 replicas of TP 2, one short of the 3 its load and
    spare need) misses its N+1 spare. The pools are sized for the demand whatever the count,
    so serving together is compared as sized for the same demand (6 GPUs), not reported as
    "no aggregated split meets the targets"."""
    scenario = preset_scenario("llama-70b-rag")
    hardware = scenario.hardware.model_copy(update={"gpu_count": 4})
    short = scenario.model_copy(update={"hardware": hardware})
    result = size_scenario(catalog, short, CURRENT_CALIBRATION)
    assert result.fits and not result.meets_targets
    comparison = result.serving_comparison
    assert comparison is not None
    assert comparison.aggregated_gpus == 6
    assert comparison.winner == "aggregated"
    assert "no aggregated split" not in comparison.reason
    assert comparison.short == (
        "No: 6 GPUs needed together against 8 in two pools, 8 bought either way"
    )


def test_a_plan_set_to_more_gpus_than_its_load_needs_is_compared_as_sized_for_the_load(
    catalog: Catalog,
) -> None:
    """The default plan set to 64 GPUs (its load needs 6 with the spare): serving together is
    compared as sized for the demand, as the pools are, not as needing all 64 set by hand."""
    scenario = preset_scenario("llama-70b-rag")
    hardware = scenario.hardware.model_copy(update={"gpu_count": 64})
    generous = scenario.model_copy(update={"hardware": hardware})
    result = size_scenario(catalog, generous, CURRENT_CALIBRATION)
    assert result.fits and result.meets_targets and result.gpus == 64
    comparison = result.serving_comparison
    assert comparison is not None
    assert comparison.aggregated_gpus == 6
    assert comparison.winner == "aggregated"
    assert comparison.short == (
        "No: 6 GPUs needed together against 8 in two pools, 8 bought either way"
    )


def test_a_compared_plans_why_lists_both_ways_tails(catalog: Catalog) -> None:
    """A plan comparing both ways carries each way's simulated percentiles (computed once,
    with the comparison), which its "why" lists in ms beside the means."""
    scenario = preset_scenario("agentic-coding")
    compared = scenario.model_copy(
        update={"hardware": scenario.hardware.model_copy(update={"serving": "compare"})}
    )
    comparison = size_scenario(catalog, compared, CURRENT_CALIBRATION).serving_comparison
    assert comparison is not None and comparison.why is not None
    together, pools = comparison.together_tail, comparison.pools_tail
    assert together is not None and not together.pools
    assert pools is not None and pools.pools
    inputs = {q.name: q.value for q in comparison.why.explanation.inputs}
    assert inputs["p95 time to first token serving together, simulated"] == pytest.approx(
        together.ttft_p95_s * 1e3
    )
    assert inputs["p99 time per output token in two pools, simulated"] == pytest.approx(
        pools.tpot_p99_s * 1e3
    )
    assert pools.ttft_p95_s < 3.0 < pools.ttft_p99_s
