"""A plan served by separate prefill and decode pools: its figures are the pools', each pool
in whole servers unless one server holds both; the search honours the plan's goal; the
curves pass through the figures at the planned load."""

from __future__ import annotations

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.labels import figure_groups
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.report.words import band
from aisle_desktop.sizing import SizingError, worked_line
from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import plan_curves, size_scenario


def _served(scenario: Scenario, serving: str, goal: str = "fewest_gpus") -> Scenario:
    hardware = scenario.hardware.model_copy(update={"serving": serving, "search_goal": goal})
    return scenario.model_copy(update={"hardware": hardware})


def _rag(rag_chunks: int = 4, active_users: int = 300, **targets: float) -> Scenario:
    scenario = preset_scenario("llama-70b-rag")
    w = scenario.workload
    w = w.model_copy(
        update={
            "prompt": w.prompt.model_copy(update={"rag_chunks": rag_chunks}),
            "load": w.load.model_copy(update={"active_users": active_users}),
            "targets": w.targets.model_copy(update=targets),
        }
    )
    return scenario.model_copy(update={"workload": w})


def test_the_default_plan_in_pools_shares_one_server(catalog: Catalog) -> None:
    result = size_scenario(catalog, _served(_rag(), "disaggregated"), CURRENT_CALIBRATION)
    assert result.serving == "disaggregated" and result.fits and result.meets_targets
    # 2 prefill workers of TP 2 + 2 decode workers of TP 2 = 8 GPUs (under 2026.12.28 four
    # prefill workers of 1 GPU): one DGX H100 holds both pools, so they share it (and its
    # NVLink) and one rack.
    assert (result.gpus, result.servers, result.racks, result.replicas) == (8, 1, 1, 4)
    assert result.layout == "2 prefill × TP 2 × PP 1 + 2 decode × TP 2 × PP 1"
    assert (result.value("prefill_pool_gpus"), result.value("decode_pool_gpus")) == (4, 4)
    # Every GPU serves a pool: 8 x 700 W x 0.70 + 2.5 kW base = 6.42 kW a server.
    assert result.value("server_average_kw") == pytest.approx((8 * 700 * 0.70 + 2500) / 1e3)
    # One server at $300,000 plus 10% network and storage.
    assert result.value("capex_usd") == pytest.approx(330_000)
    # TTFT adds up from its parts: overhead and retrieval, prefill, KV over NVLink, the
    # first decode iterations; both targets met at the planned load.
    assert result.figures["ttft_ms"].explanation.worked_value() == pytest.approx(
        result.value("ttft_ms")
    )
    assert result.value("ttft_ms") <= 1000 and result.value("tpot_ms") <= 50
    assert result.planned is None and result.pools is not None  # no replica to simulate
    comparison = result.serving_comparison
    assert comparison is not None and comparison.winner == "aggregated"
    assert comparison.disaggregated is not None
    assert comparison.disaggregated.ttft_s * 1e3 == pytest.approx(result.value("ttft_ms"))
    note = next(w for w in result.warnings if w.code == "pool-servers")
    assert "both pools in one NVIDIA DGX H100" in note.message


def test_large_pools_take_whole_servers_each_and_cross_the_network(catalog: Catalog) -> None:
    scenario = _served(_rag(rag_chunks=16, tpot_ms=25.0, ttft_ms=3000.0), "disaggregated")
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    # 7 prefill GPUs in one DGX, 2 decode workers of TP 4 in another: 15 GPUs, 2 servers;
    # a 10.2 kW server in a 12 kW rack leaves room for one, so 2 racks.
    assert (result.gpus, result.servers, result.racks) == (15, 2, 2)
    assert result.value("capex_usd") == pytest.approx(2 * 330_000)
    assert result.value("kv_transfer_ms") == pytest.approx(6800 * 327_680 / 4 / 50e9 * 1e3 + 0.03)
    note = next(w for w in result.warnings if w.code == "pool-servers")
    assert "prefill pool in 1 and decode pool in 1 × NVIDIA DGX H100" in note.message
    assert "network" in note.message


def test_the_lowest_cost_goal_compares_by_cost(catalog: Catalog) -> None:
    """1,600 users on the default RAG plan: the fewest GPUs in pools, 22 (7 prefill workers of
    TP 2 in 2 servers, 4 decode workers of TP 2 in 1), are also the fewest servers, so searched
    for the lowest cost a year the pools are the same; the comparison is then by cost a year:
    together, the 18 GPUs the load needs fill the same 3 servers, running 24 GPUs at the
    working share against the pools' 22 (the pools' 2 idle GPUs draw their idle floor), so the
    pools cost less a year though serving together needs fewer GPUs, which the fewest-GPU
    search's answer says. (With the wait for a decode place read at the peak itself, not where
    the headroom ends, the pools were 20 GPUs with 6 prefill workers.)"""
    fewest = size_scenario(
        catalog, _served(_rag(active_users=1600), "disaggregated"), CURRENT_CALIBRATION
    )
    cheapest = size_scenario(
        catalog,
        _served(_rag(active_users=1600), "disaggregated", "lowest_cost"),
        CURRENT_CALIBRATION,
    )
    assert (fewest.gpus, fewest.servers) == (22, 3)
    assert (cheapest.gpus, cheapest.servers) == (22, 3)
    assert cheapest.value("tco_per_year_usd") <= fewest.value("tco_per_year_usd")
    pools = cheapest.serving_comparison
    assert pools is not None and pools.disaggregated is not None
    assert pools.disaggregated.yearly_usd == pytest.approx(cheapest.value("tco_per_year_usd"))
    assert pools.short == (
        "Yes: $522 k/year in two pools against $523 k/year together, 24 bought either way"
    )
    assert pools.reason.startswith(
        "Yes: 22 GPUs needed in two pools (7 prefill workers of TP 2 × PP 1, 4 decode workers "
        "of TP 2 × PP 1 with up to 106 answers each, the prompt's KV over network in 6.58 ms, "
        "the pools in 2 + 1 servers of their own) at $522 k/year against 18 GPUs needed serving "
        "prompts and answers together at $523 k/year, 24 bought either way;"
    )
    by_gpus = fewest.serving_comparison
    assert by_gpus is not None
    assert by_gpus.short == (
        "No: 18 GPUs needed together against 22 in two pools, 24 bought either way"
    )


def test_a_tie_in_gpus_says_so(catalog: Catalog) -> None:
    """1,600 users on the default RAG plan with a 1.5 s TTFT target: 18 GPUs either way (10
    prefill workers of TP 1 and 4 decode workers of TP 2), and the fewest-GPU answer names the
    tie. (2,400 users under calibration 2026.12.19 tied at 26 GPUs while the wait for a decode
    place was read at the peak itself; read where the pools' headroom ends, they need 28.)"""
    tie = size_scenario(
        catalog,
        _served(_rag(active_users=1600, ttft_ms=1500.0), "disaggregated"),
        CURRENT_CALIBRATION,
    ).serving_comparison
    assert tie is not None
    assert tie.short == "No: 18 GPUs needed together against 18 in two pools, 24 bought either way"
    assert tie.reason.endswith(
        "both ways need the same GPUs for this demand, and two pools would add a KV hand-over "
        "for each request and a second pool to run for none saved"
    )


def test_the_pools_curves_pass_through_the_figures(catalog: Catalog) -> None:
    result = size_scenario(catalog, _served(_rag(), "disaggregated"), CURRENT_CALIBRATION)
    curves = plan_curves(result)
    assert curves is not None and curves.concurrency_label == "separate pools"
    c = curves.concurrency
    at = int(np.flatnonzero(np.isclose(c.in_flight, curves.planned_in_flight, rtol=1e-12))[0])
    assert c.ttft_ms[at] == pytest.approx(result.value("ttft_ms"), rel=1e-9)
    assert c.tpot_ms[at] == pytest.approx(result.value("tpot_ms"), rel=1e-9)
    assert c.output_tokens_per_s[at] == pytest.approx(result.value("output_tokens_per_s"))
    assert np.all(np.diff(c.in_flight) >= 0)


def test_compared_plans_draw_both_and_each_passes_through_its_figures(catalog: Catalog) -> None:
    result = size_scenario(catalog, _served(_rag(), "compare"), CURRENT_CALIBRATION)
    curves = plan_curves(result)
    assert curves is not None and curves.concurrency_label == "together"
    assert curves.pools is not None and curves.pools_planned_in_flight is not None
    c = curves.concurrency
    at = int(np.flatnonzero(np.isclose(c.in_flight, curves.planned_in_flight, rtol=1e-12))[0])
    assert c.ttft_ms[at] == pytest.approx(result.value("ttft_ms"), rel=1e-9)
    comparison = result.serving_comparison
    assert comparison is not None and comparison.disaggregated is not None
    p = curves.pools
    at = int(np.flatnonzero(np.isclose(p.in_flight, curves.pools_planned_in_flight))[0])
    assert p.ttft_ms[at] == pytest.approx(comparison.disaggregated.ttft_s * 1e3, rel=1e-9)
    assert p.tpot_ms[at] == pytest.approx(comparison.disaggregated.tpot_s * 1e3, rel=1e-9)


def test_together_compares_nothing_and_compare_changes_no_figure(catalog: Catalog) -> None:
    together = size_scenario(catalog, _served(_rag(), "aggregated"), CURRENT_CALIBRATION)
    compared = size_scenario(catalog, _served(_rag(), "compare"), CURRENT_CALIBRATION)
    assert together.serving_comparison is None
    assert compared.serving_comparison is not None
    assert together.figures == compared.figures and together.gpus == compared.gpus == 8


def test_pools_that_meet_no_target_say_so(catalog: Catalog) -> None:
    scenario = _served(_rag(tpot_ms=1.0), "disaggregated")
    with pytest.raises(SizingError, match="meets the 1,000 ms TTFT and 1 ms TPOT targets"):
        size_scenario(catalog, scenario, CURRENT_CALIBRATION)


def test_each_pool_shows_its_own_memory_per_gpu_named_by_its_split(catalog: Catalog) -> None:
    """The default RAG plan in pools: a prefill worker and a decode worker (both TP 2 under
    2026.12.29) each hold half of Llama 3.1 70B's 72.7 GB of FP8 weights (16-bit embeddings and
    head); each GPU's memory adds up to the same usable 85.5 GB of an H100."""
    result = size_scenario(catalog, _served(_rag(), "disaggregated"), CURRENT_CALIBRATION)
    assert (result.prefill_layout, result.decode_layout) == ("TP 2 × PP 1", "TP 2 × PP 1")
    prefill = [result.value(f"prefill_{n}") for n in PARTS]
    decode = [result.value(n) for n in PARTS]
    assert prefill[0] == pytest.approx(72.66 / 2, abs=0.01)
    assert decode[0] == pytest.approx(prefill[0])
    # Runtime: 2.5 GiB with all-reduce buffers at TP 2, in either pool.
    assert (prefill[2], decode[2]) == pytest.approx((2.5 * 2**30 / 1e9, 2.5 * 2**30 / 1e9))
    assert sum(prefill) == pytest.approx(sum(decode)) and sum(decode) == pytest.approx(85.5, 0.01)
    groups = dict(figure_groups(result.prefill_layout, result.decode_layout))
    assert dict(groups["Memory per GPU, prefill pool (TP 2 × PP 1)"])["prefill_weights_per_gpu_gb"]
    decode_group = dict(groups["Memory per GPU, decode pool (TP 2 × PP 1)"])
    assert decode_group["max_sequences_per_replica"] == (
        "Full-length requests a decode worker holds"
    )
    # Serving together, one replica's GPUs: no pool named, no prefill figures.
    together = size_scenario(catalog, _served(_rag(), "aggregated"), CURRENT_CALIBRATION)
    assert together.decode_layout == "" and "prefill_weights_per_gpu_gb" not in together.figures
    assert [title for title, _ in figure_groups()][:2] == [
        "Memory per GPU, prefill pool",
        "Memory per GPU",
    ]


PARTS = ("weights_per_gpu_gb", "kv_cache_per_gpu_gb", "runtime_per_gpu_gb", "free_per_gpu_gb")


def test_the_pools_figures_carry_the_disaggregated_rows_bands(catalog: Catalog) -> None:
    """vLLM's 13 disaggregated rows are too few for their own band: the pools' TTFT, TPOT and
    throughput take all 566 rows' (TTFT 0.76-2.91 x, TPOT 0.71-1.32 x, throughput
    0.73-1.28 x), TPOT no lower than a TP 2 decode worker's batch at the H100's peak rates
    (11.71 ms, just below); the report prints them as it prints a plan served together's."""
    result = size_scenario(catalog, _served(_rag(), "disaggregated"), CURRENT_CALIBRATION)
    ttft, tpot = result.figures["ttft_ms"], result.figures["tpot_ms"]
    throughput = result.figures["output_tokens_per_s"]
    assert ttft.value == pytest.approx(626.19, abs=0.01)  # 120 ms of it vLLM's hand-over
    assert (ttft.low, ttft.high) == pytest.approx((626.19 * 0.76, 626.19 * 2.91), abs=0.1)
    assert tpot.value == pytest.approx(21.178, abs=0.001)
    assert (tpot.low, tpot.high) == pytest.approx((21.178 * 0.71, 21.178 * 1.32), abs=0.001)
    assert tpot.low > 11.713  # the floor
    assert (throughput.low, throughput.high) == pytest.approx(
        (throughput.value * 0.73, throughput.value * 1.28)
    )
    assert band(result, "ttft_ms") == "476\u00a0ms – 1.82\u00a0s"
    assert band(result, "tpot_ms") == "15\u00a0ms – 28\u00a0ms"
    together = size_scenario(catalog, _served(_rag(), "aggregated"), CURRENT_CALIBRATION)
    low, high = together.figures["ttft_ms"].low, together.figures["ttft_ms"].high
    assert (low, high) != (None, None) and high < ttft.high  # the aggregated rows' narrower


def test_a_vllm_plan_in_pools_waits_for_its_hand_over(catalog: Catalog) -> None:
    """vLLM's NIXL connector routes a prefilled prompt to its decode worker and starts it in
    120 ms beyond the cache's bytes and the first token's iterations (calibration 2026.12.23,
    vLLM RFC 50913; 92 ms under 2026.12.21): the default RAG plan in pools, 674.8 ms to its
    first token under 2026.12.19 and 766.4 ms under 2026.12.21, waits 626.2 ms (794.3 ms under
    2026.12.28: 2026.12.29's vLLM era prefills it on TP 2 workers), and its worked
    TTFT names the hand-over among parts that add up."""
    scenario = _served(_rag(), "disaggregated")
    before = size_scenario(catalog, scenario, CALIBRATIONS["2026.12.19"])
    then = size_scenario(catalog, scenario, CALIBRATIONS["2026.12.21"])
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert before.value("ttft_ms") == pytest.approx(674.79, abs=0.01)
    assert then.value("ttft_ms") == pytest.approx(766.43, abs=0.01)
    assert result.value("ttft_ms") == pytest.approx(626.19, abs=0.01)
    assert (result.gpus, then.gpus, before.gpus) == (8, 8, 8)
    worked = worked_line(result.figures["ttft_ms"])
    assert "+ KV hand-over 0.7362 ms + routing to a decode worker and its intake 120 ms +" in worked
    assert worked.endswith("= 626 ms")
    assert "routing to a decode worker" not in worked_line(before.figures["ttft_ms"])


@pytest.mark.parametrize(
    ("preset", "gpus_each_way", "why"),
    [
        (
            "deepseek-v3.2-ep",
            (48, 72),
            "the demand itself takes 56 GPUs in pools (4 prefill workers of 8 GPUs and 3 decode "
            "workers of 8 GPUs) against 40 together (5 replicas of 8 GPUs), and each pool keeps "
            "a spare worker (16 GPUs) where serving together keeps one spare replica (8 GPUs)",
        ),
        (
            "agentic-coding",
            (12, 14),
            "the demand itself takes 11 GPUs in pools (5 prefill workers of 1 GPU and 3 decode "
            "workers of 2 GPUs) against 10 together (5 replicas of 2 GPUs), and each pool keeps "
            "a spare worker (3 GPUs) where serving together keeps one spare replica (2 GPUs)",
        ),
    ],
)
def test_why_the_pools_need_more_gpus_is_where_the_gpus_go(
    catalog: Catalog, preset: str, gpus_each_way: tuple[int, int], why: str
) -> None:
    """Where the pools need more GPUs and neither the tie nor the fewest workers says why, the
    answer counts where each way's GPUs go (it said "sharing GPUs ... wastes less than two pools
    each rounded up to whole workers", no number). DeepSeek-V3.2 EP: 48 together (6 replicas of
    8, one spare) against 72 in pools (56 against 80 under 2026.12.28; dis22: 72 -> 80, its wait
    for a decode place read where the headroom ends): 56 serve the demand in pools against 40,
    and two spares of 8."""
    comparison = size_scenario(catalog, preset_scenario(preset), CURRENT_CALIBRATION)
    answer = comparison.serving_comparison
    assert answer is not None and answer.winner == "aggregated"
    assert answer.reason.endswith(": " + why)
    pools = answer.disaggregated
    assert pools is not None
    assert (comparison.gpus_for_load, pools.gpus) == gpus_each_way
