"""Requests that arrive at random: no more than the token budget can prefill (drafts too),
and their waits for the prefill budget and a batch slot in the TTFT."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import ReplicaLoad, batch_for_rate, simulate_replica
from aisle_desktop.sizing.engine.arrival_queues import (
    NO_WAIT_HEADROOM_SD,
    erlang_c,
    md1_wait_s,
    prefill_queue_wait_s,
    slot_wait_s,
)
from aisle_desktop.sizing.engine.serving import sustainable_batch
from aisle_desktop.sizing.planning import plan_tail_latency, size_scenario
from aisle_desktop.sizing.planning.latency_parts import ttft_terms


def users(scenario: Scenario, count: int) -> Scenario:
    """The scenario with `count` users a day, served prompts and answers together."""
    workload = scenario.workload
    load = workload.load.model_copy(update={"users": count})
    hardware = scenario.hardware.model_copy(update={"serving": "aggregated"})
    return scenario.model_copy(
        update={"workload": workload.model_copy(update={"load": load}), "hardware": hardware}
    )


def test_a_draft_shrinks_the_batch_the_budget_sustains() -> None:
    """DeepSeek-V3.2's QA case: 8,192 tokens an iteration, 24,500-token prompts, 1,000-token
    answers, an MTP draft of one token (2 tokens checked a sequence, 1.85 emitted a step).

    Without a draft each sequence takes 1 token of the budget and brings 24.5 prompt tokens
    an answer's token: 8,192 / (1 + 24.5) = 321.3 sequences. With the draft it takes 2 and
    its answer ends 1.85 times sooner, so a step must prefill 1.85 x 24.5 = 45.325 tokens a
    sequence: 8,192 / (2 + 45.325) = 173.1 sequences.
    """
    assert sustainable_batch(8_192.0, 24_500, 1_000) == pytest.approx(321.25, abs=0.01)
    assert sustainable_batch(8_192.0, 24_500, 1_000, 1.85, 2) == pytest.approx(173.10, abs=0.01)


def test_the_qa_plan_prefills_every_prompt_it_admits(catalog: Catalog) -> None:
    """At 50,000 users a day the plan's batch per replica asks no more prompt tokens a step
    than the budget leaves beside its decodes (it planned 247 running at 1.85 tokens a step,
    11,208 prompt tokens a step against 7,697 of room: its queue never emptied). Since
    calibration 2026.12.17 SGLang's budget on a B200 is 16,384 tokens, which sustain 346.2
    sequences; the replica runs as TP 8 × PP 2, whose KV room holds more, so the budget
    binds (before 2026.12.17, at 8,192 tokens and TP 8, the KV room's 136 did)."""
    result = size_scenario(
        catalog, users(preset_scenario("deepseek-v3.2-ep"), 50_000), CURRENT_CALIBRATION
    )
    planned = result.planned
    assert planned is not None
    cap, point = planned.capacity, planned.point
    dep = cap.dep
    batch = float(point.running_batch)
    prompt_tokens_a_step = batch * dep.tokens_per_step * cap.input_tokens / cap.output_tokens
    room = cap.token_budget - batch * dep.verify_tokens
    assert prompt_tokens_a_step <= 0.8 * room  # the target utilisation's headroom
    budget_batch = sustainable_batch(
        float(cap.token_budget), cap.input_tokens, cap.output_tokens, dep.tokens_per_step, 2
    )
    assert (cap.token_budget, budget_batch) == (16_384, pytest.approx(346.20, abs=0.01))
    assert (cap.limits.limit, float(cap.limits.batch)) == (
        "token budget per iteration",
        pytest.approx(346.20, abs=0.01),
    )


def test_erlang_c_by_hand() -> None:
    """Two slots, one busy on average (M/M/2 at half load): Erlang's B by its recursion is
    B1 = 1 / (1 + 1) = 1/2, B2 = 1 x 1/2 / (2 + 1/2) = 1/5; C = 2 x 1/5 / (2 - 1 x (1 - 1/5))
    = 0.4 / 1.2 = 1/3. A request holding its slot 3 s then waits C x 3 s / (2 - 1) = 1 s,
    as M/M/2's Wq = C / (c mu - lambda) = (1/3) / (2/3 - 1/3 per s) = 1 s says. Ten slots
    at load 8: 0.4092 (Erlang C tables)."""
    assert erlang_c(2, 1.0) == pytest.approx(1.0 / 3.0, rel=1e-12)
    assert slot_wait_s(2.0, 1.0, 3.0) == pytest.approx(1.0, rel=1e-12)
    assert erlang_c(10, 8.0) == pytest.approx(0.4092, abs=1e-4)
    loads = np.array([1.0, 8.0, 10.0])
    assert erlang_c(10, loads).tolist() == pytest.approx([0.0, 0.4092, 1.0], abs=1e-4)
    assert math.isinf(slot_wait_s(10.0, 10.0, 3.0))


@pytest.mark.parametrize("slots", [1, 2, 9, 25, 106, 356, 929, 2048])
def test_erlang_c_from_below_the_lightest_load_is_the_recursion_from_one_slot(slots: int) -> None:
    """The recursion starts ten standard deviations below the lightest load near the slots:
    the Poisson terms it leaves out are under 1e-22 of Erlang's sum, so each load's C is the
    one the recursion from one slot gives, for a grid of loads and for each load alone."""
    loads = np.linspace(max(slots - NO_WAIT_HEADROOM_SD * math.sqrt(slots), 0.01), slots, 301)
    blocked = np.ones_like(loads)
    for k in range(1, slots + 1):
        blocked = loads * blocked / (k + loads * blocked)
    near = slots - loads < NO_WAIT_HEADROOM_SD * np.sqrt(np.maximum(loads, 1.0))
    by_sum = slots * blocked / (slots - loads * (1.0 - blocked))
    expected = np.where(loads >= slots, 1.0, np.where(near, by_sum, 0.0)).tolist()
    assert erlang_c(slots, loads).tolist() == pytest.approx(expected, rel=1e-15, abs=0.0)
    alone = [erlang_c(slots, float(load)) for load in loads[::10]]
    assert alone == pytest.approx(expected[::10], rel=1e-15, abs=0.0)
    assert 0.0 < expected[150] < 1.0


def test_prefill_queue_by_hand() -> None:
    """24,500-token prompts, 8,000 tokens of room an iteration, a prefill iteration of 80 ms
    and a mean iteration of 50 ms, 4,000 prompt tokens needed a step. A prompt's service is
    24,500 / 8,000 x 80 ms = 245 ms; the replica prefills 4,000 / 8,000 x 80 / 50 = 80% of
    its time; M/D/1 waits 0.8 x 245 ms / (2 x 0.2) = 490 ms (the share of iterations, 50%,
    would say 0.5 x 80 ms / (2 x 0.5) = 40 ms: it counts neither the long prefill
    iterations nor a prompt's three of them)."""
    assert prefill_queue_wait_s(4_000.0, 8_000.0, 0.080, 0.050, 24_500) == pytest.approx(0.490)
    assert math.isinf(prefill_queue_wait_s(5_000.0, 8_000.0, 0.080, 0.050, 24_500))


@pytest.fixture(scope="module")
def qa_plan(catalog: Catalog) -> SizingResult:
    scenario = users(preset_scenario("deepseek-v3.2-ep"), 50_000)
    return size_scenario(catalog, scenario, CURRENT_CALIBRATION)


# How far the closed form's mean TTFT may sit from the event simulation's (the reference) on
# the QA replica, from a lone request to 90% of what it serves: the bound the tail figures
# already allow for (TailLatency.not_below).
TTFT_AGREEMENT = 0.12


def test_the_qa_plans_ttft_agrees_with_the_simulation(qa_plan: SizingResult) -> None:
    """The QA case before: a mean TTFT of 0.595 s beside a simulated 36 s (the replica was
    offered more prompt tokens than its budget prefills). Now the plan's figure and the
    simulation's mean at its load agree within TTFT_AGREEMENT, and so do they over the
    replica's loads."""
    tail = plan_tail_latency(qa_plan)
    assert tail is not None
    assert qa_plan.value("ttft_ms") / 1e3 == pytest.approx(tail.ttft_mean_s, rel=TTFT_AGREEMENT)
    planned = qa_plan.planned
    assert planned is not None
    cap = planned.capacity
    lengths = (cap.input_tokens, cap.output_tokens, cap.token_budget, cap.request_overhead_s)
    top = float(cap.at_limit.requests_per_s)
    for share in (0.2, 0.6, 0.9):
        batch = batch_for_rate(
            cap.dep, share * top, cap.limits.batch, *lengths, ranks_schedule=True
        )
        closed_s = float(cap.queued(batch).ttft_s)
        load = ReplicaLoad(arrival_rate_per_s=share * top)
        simulated = simulate_replica(
            cap.dep,
            *lengths[:3],
            int(cap.limits.batch),
            cap.request_overhead_s,
            load,
            ranks=cap.dep.attention_ranks,
        )
        assert simulated is not None
        assert closed_s == pytest.approx(simulated.ttft_mean_s, rel=TTFT_AGREEMENT), share


def test_the_busiest_batch_within_the_targets_sets_the_qa_capacity(qa_plan: SizingResult) -> None:
    """Near its 346 slots a replica's queues run away: a few more sequences serve a little
    more, but their requests wait seconds longer for a slot, past the 5 s TTFT target. The
    capacity is the busiest batch within the targets, below the slots."""
    planned = qa_plan.planned
    assert planned is not None
    cap = planned.capacity
    at = cap.at_targets
    assert cap.binding_target == "TTFT" and at is not None
    assert 100 < cap.batch_within_targets < float(cap.limits.batch)
    assert float(at.ttft_s) <= 5.0
    for more in (1.0, 3.0):
        beyond = cap.queued(cap.batch_within_targets + more)
        assert float(beyond.requests_per_s) < float(at.requests_per_s) or beyond.ttft_s > 5.0


def test_the_wait_for_a_slot_is_a_term_of_the_worked_ttft(qa_plan: SizingResult) -> None:
    """Three sequences short of the QA replica's 346.2 slots a request waits for one; the
    worked TTFT names that wait, and its terms still add up to the figure."""
    planned = qa_plan.planned
    assert planned is not None
    cap = planned.capacity
    point = cap.queued(float(cap.limits.batch) - 3.0)
    slot_ms = float(point.slot_wait_s) * 1e3
    assert slot_ms > 1.0
    ttft_ms = float(point.ttft_s) * 1e3
    terms = ttft_terms(cap, point, ttft_ms)
    assert terms["wait for one of 346 batch slots"] == (pytest.approx(slot_ms), "ms")
    assert sum(value for value, _ in terms.values()) == pytest.approx(ttft_ms)
    formula = qa_plan.figures["ttft_ms"].explanation.formula
    assert "Erlang's probability that every slot is busy" in formula


def test_the_md1_wait_is_half_the_mm1_wait_and_takes_arrays() -> None:
    """At 80% busy, prompts of one length each served in 245 ms wait 0.8 x 245 ms /
    (2 x 0.2) = 490 ms, half of M/M/1's 980 ms; an idle queue makes no wait."""
    assert md1_wait_s(0.8, 0.245) == pytest.approx(0.490)
    waits = md1_wait_s(np.array([0.0, 0.5, 0.8]), 0.245)
    assert waits == pytest.approx([0.0, 0.1225, 0.490])


@pytest.mark.parametrize("slots", [1, 2, 9, 106, 929, 2048])
def test_erlang_c_of_one_load_in_plain_floats_is_the_arrays_to_the_bit(slots: int) -> None:
    """One load's Erlang C is worked out in plain floats (the split search settles loads one
    at a time): the same start and the same operations as a one-element array's, so the same
    bits, near the slots, far below them and at them."""
    lowest = max(slots - NO_WAIT_HEADROOM_SD * math.sqrt(slots), 0.01)
    for load in np.linspace(lowest, slots * 1.001, 401).tolist():
        assert erlang_c(slots, load) == erlang_c(slots, np.array([load]))[0]
