"""Separate pools on a GPU count set by hand share those GPUs (`plan_pools_for_count`).

Worked example: the default RAG plan (Llama 3.1 70B FP8 on DGX H100, 300 active users, 1 s
TTFT and 50 ms TPOT, N+1) in prefill and decode pools. Automatic, the pools' search needs 8
GPUs (4 prefill workers of TP 1, 2 decode workers of TP 2) for its 4.07 requests/s at the
peak. Set by hand, the count is split between the pools, in no more servers than it fills,
so that they serve the most within both targets: 16 GPUs are 4 prefill and 4 decode workers
of TP 2 in 2 servers; 4 GPUs hold only 1-GPU workers, whose decode worker answers 3 at a time
within 50 ms, and the plan says its requests wait minutes for a decode place; 2 GPUs cannot
hold a prefill and a decode worker with a spare of each, and the plan keeps the pools sized
for the demand, saying why.
"""

from __future__ import annotations

import dataclasses

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import SizingResult, size_scenario
from aisle_desktop.sizing.planning.disaggregated_plan import pool_choices
from aisle_desktop.sizing.planning.facility import servers_needed
from aisle_desktop.sizing.planning.pools_for_count import (
    PairOnCount,
    crossing_split,
    every_split,
)


def _pools_on(gpus: int | None) -> Scenario:
    scenario = preset_scenario("llama-70b-rag")
    hardware = scenario.hardware.model_copy(update={"serving": "disaggregated", "gpu_count": gpus})
    return scenario.model_copy(update={"hardware": hardware})


def _sized(catalog: Catalog, gpus: int | None) -> SizingResult:
    return size_scenario(catalog, _pools_on(gpus), CURRENT_CALIBRATION)


def _codes(result: SizingResult) -> list[str]:
    return [w.code for w in result.warnings]


def test_pools_share_the_gpus_set_and_serve_more_on_more(catalog: Catalog) -> None:
    automatic, sixteen = _sized(catalog, None), _sized(catalog, 16)
    assert (automatic.gpus, automatic.layout) == (
        8,
        "2 prefill × TP 2 × PP 1 + 2 decode × TP 2 × PP 1",
    )
    assert (sixteen.gpus, sixteen.servers) == (16, 2)
    assert sixteen.layout == "4 prefill × TP 2 × PP 1 + 4 decode × TP 2 × PP 1"
    assert sixteen.meets_targets and sixteen.status.startswith("Fits: 4 prefill workers")
    assert sixteen.value("ttft_ms") == pytest.approx(549, abs=1)
    assert sixteen.value("ttft_ms") < automatic.value("ttft_ms")
    assert not {"pools-choose-their-gpus", "pools-leave-gpus-over"} & set(_codes(sixteen))


def test_pools_too_small_for_the_load_say_what_they_answer(catalog: Catalog) -> None:
    four = _sized(catalog, 4)
    assert (four.gpus, four.layout) == (4, "2 prefill × TP 1 × PP 1 + 2 decode × TP 1 × PP 1")
    assert not four.meets_targets
    # Its one serving decode worker is at its places' limit: requests arriving at random wait
    # minutes for a place (`decode_places`, read at 0.98 of the full batch's pace).
    assert four.status == (
        "Misses a target at the planned load: TTFT 2.36 min against 1 s, TPOT 34.5 ms against "
        "50 ms in separate pools"
    )
    (advice,) = [w for w in four.warnings if w.code == "pools-for-the-demand"]
    assert advice.message.startswith(
        "Sized for the demand, separate pools would need 8 GPUs (2 prefill workers of TP 2 × "
        "PP 1, 2 decode workers of TP 2 × PP 1)"
    )


def test_a_count_that_holds_no_two_pools_keeps_the_pools_for_the_demand(catalog: Catalog) -> None:
    two = _sized(catalog, 2)
    assert two.gpus == 8
    (warning,) = [w for w in two.warnings if w.code == "pools-choose-their-gpus"]
    assert warning.message.startswith(
        "The GPU count set (2) cannot hold two pools: no prefill and decode worker of the "
        "layouts tried (with a spare of each under N+1) fit in 2 GPUs, so these pools are "
        "sized for the demand and need 8."
    )


def test_gpus_the_workers_cannot_fill_are_named(catalog: Catalog) -> None:
    """TP set to 2 by hand: 2-GPU workers fill 10 of 11 GPUs (2 servers, as 11 fill)."""
    scenario = _pools_on(11)
    hardware = scenario.hardware.model_copy(update={"tp": 2})
    result = size_scenario(
        catalog, scenario.model_copy(update={"hardware": hardware}), CURRENT_CALIBRATION
    )
    assert (result.gpus, result.servers) == (10, 2)
    assert result.layout == "3 prefill × TP 2 × PP 1 + 2 decode × TP 2 × PP 1"
    (note,) = [w for w in result.warnings if w.code == "pools-leave-gpus-over"]
    assert note.message == (
        "The pools use 10 of the 11 GPUs set: workers of 2 GPUs fill no more of them in the "
        "servers they take."
    )


def test_requests_in_flight_share_the_count_too(catalog: Catalog) -> None:
    """240 requests always in flight: sized for the demand the pools need 20 GPUs (18 under
    2026.12.28; test_pools_status); on 16 set by hand, 4 prefill and 4 decode workers of TP 2
    reach their first token in 1.67 s."""
    scenario = _pools_on(16)
    workload = scenario.workload
    load = workload.load.model_copy(update={"kind": "in_flight", "requests_in_flight": 240})
    busy = scenario.model_copy(update={"workload": workload.model_copy(update={"load": load})})
    result = size_scenario(catalog, busy, CURRENT_CALIBRATION)
    assert (result.gpus, result.layout) == (16, "4 prefill × TP 2 × PP 1 + 4 decode × TP 2 × PP 1")
    assert result.status.startswith("Misses a target at the planned load: TTFT 1.67 s against")
    (advice,) = [w for w in result.warnings if w.code == "pools-for-the-demand"]
    assert "separate pools would need 20 GPUs (6 prefill workers of TP 2" in advice.message


def test_the_split_on_a_count_counts_the_wait_for_a_decode_place(catalog: Catalog) -> None:
    """Agentic coding (12,500-token prompts, 3 s TTFT, 3.13 requests/s at the peak arriving at
    random, N+1) on 12 GPUs set by hand. The wait for a decode place is read where the pools'
    headroom ends, at the peak over the target utilisation (3.91 requests/s): 7 decode workers
    of TP 1 (6 serving, 11 places each, 0.56 answers a second each at a full batch) cannot keep
    up with it, and read at their places' limit a cache waits 80 s, more than the whole TTFT
    target, so no prefill worker beside them takes a request within it; 4 of TP 2 (3 serving,
    33 places each) keep it to 0.28 s. Split on the prefill workers' rates without that wait,
    the count went to 5 prefill and 7 decode workers of TP 1, whose first token came in 4.12 s
    at the planned load; counted as the pools' search counts it, 4 prefill workers of TP 1 and
    4 decode workers of TP 2 meet the target at 2.03 s."""
    scenario = preset_scenario("agentic-coding")
    hardware = scenario.hardware.model_copy(update={"serving": "disaggregated", "gpu_count": 12})
    scenario = scenario.model_copy(update={"hardware": hardware})
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (result.gpus, result.layout) == (12, "4 prefill × TP 1 × PP 1 + 4 decode × TP 2 × PP 1")
    assert result.meets_targets
    assert result.value("ttft_ms") == pytest.approx(1_868, abs=1)

    choices = pool_choices(catalog, scenario, CURRENT_CALIBRATION)
    one_gpu = next(dep for dep in choices.prefillers if dep.gpus == 1)
    by_gpus = {decode.dep.layout_label: decode for decode in choices.decoders}
    tp1 = PairOnCount.of(choices, by_gpus["TP 1 × PP 1"], one_gpu, 12)
    assert tp1.place_wait_s(7) == pytest.approx(80.22, abs=0.01)
    assert tp1.tried(7).prefill_s == 0.0  # without the wait: 4 serving x 0.944 requests/s
    assert tp1.prefill_rate_per_s[0] == pytest.approx(0.999, abs=1e-3)
    tp2 = PairOnCount.of(choices, by_gpus["TP 2 × PP 1"], one_gpu, 12)
    assert tp2.place_wait_s(4) == pytest.approx(0.276, abs=1e-3)
    assert tp2.tried(4).prefill_s == pytest.approx(2.885, abs=1e-3)  # 3 serving


def _loads(scenario: Scenario) -> list[Scenario]:
    """The plan as written, without its spare workers, and with 240 requests always in flight."""
    workload = scenario.workload
    no_spare = workload.model_copy(update={"redundancy": "none"})
    in_flight = workload.load.model_copy(update={"kind": "in_flight", "requests_in_flight": 240})
    return [
        scenario,
        scenario.model_copy(update={"workload": no_spare}),
        scenario.model_copy(update={"workload": workload.model_copy(update={"load": in_flight})}),
    ]


def _on_count(pair: PairOnCount, gpus: int) -> PairOnCount:
    """`pair` on `gpus` GPUs: the count and the servers it fills are all that change."""
    allowed = servers_needed(gpus, pair.gpus_per_server)
    return dataclasses.replace(pair, gpus=gpus, allowed_servers=allowed)


@pytest.mark.parametrize("preset_id", ["llama-70b-rag", "deepseek-v3"])
def test_the_search_from_the_crossing_finds_what_trying_every_split_finds(
    catalog: Catalog, preset_id: str
) -> None:
    """On every count from 1 to 96 GPUs and three up to 3,000, for every 17th pair of
    layouts, the splits tried outwards from where the pools' rates cross are the one that
    trying every number of decode workers picks (ties included: the same workers, not only
    the same key).

    A pair's rates and its wait for a decode place are worked out once (`PairOnCount.of`, most
    of this test's time when it ran for each of the 99 counts) and moved to each count with
    the servers that count fills, as `of` moves them: checked against `of` on one GPU."""
    counts = [*range(1, 97), 257, 1_027, 2_999]
    compared = 0
    for scenario in _loads(preset_scenario(preset_id)):
        choices = pool_choices(catalog, scenario, CURRENT_CALIBRATION)
        pairs = [(d, p) for d in choices.decoders for p in choices.prefillers][::17]
        assert pairs
        for decode, prefill_dep in pairs:
            worked_out = PairOnCount.of(choices, decode, prefill_dep, counts[-1])
            assert _on_count(worked_out, 1) == PairOnCount.of(choices, decode, prefill_dep, 1)
            for gpus in counts:
                pair = _on_count(worked_out, gpus)
                if gpus < pair.gpus_per_server + pair.prefill_gpus or not pair.rates_positive:
                    continue  # `_best_split` tries every split there
                assert crossing_split(pair) == every_split(pair), (gpus, pair)
                compared += 1
    assert compared > 300
