"""Under data-parallel attention each rank schedules its own sequences with its own token
budget: a plan's replica batches with the engine's caps for every rank (SGLang shares its
chunked-prefill budget out among them), and its closed form agrees with the event simulation
of ranks that run each iteration together."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import ExpertLayout, Scenario, preset_scenario
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import ReplicaLoad, simulate_replica
from aisle_desktop.sizing.engine.busy_ranks import busy_ranks
from aisle_desktop.sizing.engine.serving import sustainable_batch
from aisle_desktop.sizing.planning import size_scenario
from aisle_desktop.sizing.planning.capacity import ReplicaCapacity
from aisle_desktop.sizing.planning.latency_parts import ttft_terms


def _deepseek(engine_id: str | None = None, layout: ExpertLayout | None = None) -> Scenario:
    """The DeepSeek-V3.2 preset (8 x B200 as EP 8 with attention DP 8, MTP draft) served
    together, at 50,000 users a day (the QA plan), on its own engine or another."""
    preset = preset_scenario("deepseek-v3.2-ep")
    load = preset.workload.load.model_copy(update={"users": 50_000})
    workload = preset.workload.model_copy(update={"load": load})
    if engine_id is not None:
        workload = workload.model_copy(update={"engine_id": engine_id, "engine_version": None})
        # Without TensorRT-LLM's attention-DP balancer, which the simulation does not hold
        # prompts for.
        preset = preset.model_copy(
            update={"assumption_overrides": {"attention_dp_balance_timeout_steps": 0.0}}
        )
    hardware = preset.hardware.model_copy(
        update={"serving": "aggregated", **({"expert_layout": layout} if layout else {})}
    )
    return preset.model_copy(update={"workload": workload, "hardware": hardware})


def _capacity(result: SizingResult) -> ReplicaCapacity:
    assert result.planned is not None
    return result.planned.capacity


def test_sglang_shares_its_budget_out_among_the_ranks(catalog: Catalog) -> None:
    """SGLang divides --chunked-prefill-size by the DP size. On a B200 (160 GiB and more)
    SGLang 0.5 picks 16,384 tokens (since calibration 2026.12.17 the scheduler's budget, not
    only its memory reserve's): 2,048 for each of the 8 ranks. A running sequence takes 2
    tokens (its own and the draft's) and, emitting 1.85 a step, needs 1.85 x 24,500 / 1,000
    = 45.325 prompt tokens a step: the budget sustains 16,384 / 47.325 = 346.2 sequences,
    43.3 a rank. The split search now runs the replica as TP 8 × PP 2, whose KV room holds
    608 at full length, so the budget binds."""
    cap = _capacity(size_scenario(catalog, _deepseek(), CURRENT_CALIBRATION))
    assert (cap.dep.tp, cap.dep.pp, cap.dep.attention_ranks) == (8, 2, 8)
    assert cap.dep.engine.attention_dp_token_budget == "shared"
    assert cap.token_budget == 16_384.0
    assert sustainable_batch(16_384.0, 24_500, 1_000, 1.85, 2) == pytest.approx(346.20, abs=0.01)
    assert cap.limits.limit == "token budget per iteration"
    assert float(cap.limits.batch) == pytest.approx(346.20, abs=0.01)


def test_tensorrt_llm_gives_every_rank_its_own_budget(catalog: Catalog) -> None:
    """TensorRT-LLM runs an executor per attention rank, each with max_num_tokens 8,192:
    65,536 tokens an iteration for the replica, which sustain 65,536 / 47.325 = 1,384.8
    sequences, so the KV cache binds, not the 173.1 one rank's budget alone would sustain."""
    cap = _capacity(size_scenario(catalog, _deepseek("tensorrt-llm"), CURRENT_CALIBRATION))
    assert cap.dep.engine.attention_dp_token_budget == "per_rank"
    assert cap.token_budget == 65_536.0
    assert sustainable_batch(65_536.0, 24_500, 1_000, 1.85, 2) == pytest.approx(1_384.8, abs=0.1)
    assert cap.limits.limit == "KV cache memory"


def test_attention_split_over_the_gpus_keeps_one_budget(catalog: Catalog) -> None:
    """With attention tensor-parallel over the GPUs (EP without attention DP) one scheduler
    runs the replica: 16,384 tokens an iteration, 346.2 sequences sustained; on the TP 8 x
    PP 2 split the search picks, the KV room SGLang's reserve leaves holds 102 at full length
    (every GPU keeps the whole latent of its stage's layers) and binds first."""
    cap = _capacity(size_scenario(catalog, _deepseek(layout="ep"), CURRENT_CALIBRATION))
    assert (cap.dep.tp, cap.dep.pp, cap.dep.attention_ranks) == (8, 2, 1)
    assert cap.token_budget == 16_384.0
    assert (cap.limits.limit, float(cap.limits.batch)) == ("KV cache memory", 102.0)


def test_a_rank_takes_its_prompt_in_chunks_of_its_own_room(catalog: Catalog) -> None:
    """At the QA plan's load each SGLang rank runs a share of the batch with 2,048 tokens of
    budget in each of the TP 8 × PP 2 split's 2 pipeline micro-batches, less 2 a sequence of
    the half that rides that micro-batch (16.46 a rank, 2,031.5 tokens left): the 24,500-token
    prompt takes 24,500 / room = 12.06 chunks, each in an iteration in which its rank
    prefills, and the worked TTFT adds up. (The explanation counted every sequence of the
    rank against one micro-batch's budget, 12.16 chunks, until 5 December.)"""
    result = size_scenario(catalog, _deepseek(), CURRENT_CALIBRATION)
    planned = result.planned
    assert planned is not None
    point = planned.point
    assert planned.capacity.dep.pp == 2
    room = 2_048.0 - float(point.running_batch) / 8 * 2 / 2
    chunks = 24_500 / room
    assert chunks == pytest.approx(12.08, abs=0.01)
    ttft_ms = result.value("ttft_ms")
    terms = ttft_terms(planned.capacity, point, ttft_ms)
    step_ms = float(point.request_prefill_step.total_s) * 1e3
    assert terms[f"prefill step × {chunks:.3g}"] == (pytest.approx(chunks * step_ms), "ms")
    assert sum(value for value, _ in terms.values()) == pytest.approx(ttft_ms)


def test_one_rank_busy_half_the_time_by_hand() -> None:
    """One rank, an iteration of 1 s without prefill and 2 s with, a quarter of a prompt
    started an iteration, a prompt an iteration when busy. The rank is busy a share rho =
    arrivals / completions = (0.25 / m) / (1 / 2 s) of the time, and the mean iteration m =
    1 / ((1 - rho) / 1 s + rho / 2 s): m - 0.25 = 1, m = 1.25 s, rho = 0.4. A quarter of
    the iterations prefill (one a prompt); a prompt waits as M/D/1 says, rho x 2 s /
    (2 (1 - rho)) = 0.667 s."""
    chain = busy_ranks([1.0, 2.0], 0.25, 1.0)
    assert chain.mean_step_s == pytest.approx(1.25)
    assert chain.prefill_share == pytest.approx(0.25)
    assert chain.prefill_step_s == pytest.approx(2.0)
    assert chain.own_step_s == pytest.approx(2.0)
    assert chain.queue_wait_s == pytest.approx(0.4 * 2.0 / (2 * 0.6))
    # A prompt started every iteration needs the rank in every one: its queue has no end.
    assert math.isinf(busy_ranks([1.0, 2.0], 1.0, 1.0).queue_wait_s)


def test_a_closed_loop_counts_its_chain_in_iterations_by_hand() -> None:
    """Two ranks, iterations of 1, 2 and 4 s with 0, 1 and 2 ranks prefilling, half a prompt
    started an iteration, a prompt an iteration for each busy rank. Clients ask again at the
    end of an iteration, so arrivals over completions are 0.5 with one rank busy and 0.25
    with both: weights 1, 0.5 and 0.125 / (1 - 0.25) = 1/6 give 60%, 30% and 10% of the
    iterations, a mean iteration of 0.6 + 0.6 + 0.4 = 1.6 s, and a rank prefills in
    iterations of (0.3 x 2 + 2 x 0.1 x 4) / (0.3 + 2 x 0.1) = 2.8 s on average. Random
    arrivals at the same rate a second crowd the long iterations: 3.21 s."""
    closed = busy_ranks([1.0, 2.0, 4.0], 0.5, 1.0, closed_loop=True)
    assert closed.mean_step_s == pytest.approx(1.6)
    assert closed.prefill_share == pytest.approx(0.4)
    assert closed.own_step_s == pytest.approx(2.8)
    assert busy_ranks([1.0, 2.0, 4.0], 0.5, 1.0).own_step_s == pytest.approx(3.211, abs=1e-3)


# How far the closed form's mean TTFT and TPOT may sit from the event simulation's (the
# reference), from a tenth to nine tenths of what a replica serves: the bound the tail figures
# already allow for (TailLatency.not_below).
AGREEMENT = 0.12


@pytest.mark.parametrize("engine_id", [None, "tensorrt-llm", "vllm"])
def test_the_closed_form_agrees_with_ranks_simulated(
    catalog: Catalog, engine_id: str | None
) -> None:
    """Each rank simulated with its own prompts, slots and budget, all running every
    iteration together for as long as their prefill takes: the closed form's means agree
    with the simulation's at 10-90% of the replica's top rate (each rate placed on the
    queued sweep, as a plan's load is), with SGLang's shared budget (2,048 tokens a rank,
    prompts in 13 chunks, over two pipeline stages) and with a budget for every rank.

    Over pipeline stages a prompt rides one micro-batch, so a rank's chunk is one request's
    share of an iteration: the simulation once timed all eight ranks' chunks as one prompt
    in one micro-batch, and the closed form gave every busy rank a chunk in each
    micro-batch whatever its prompts. On this replica at 8,192 tokens they stood at 1.11 s
    and 1.82 s at half the top rate, 1.27 s and 19.7 s at 70%."""
    cap = _capacity(size_scenario(catalog, _deepseek(engine_id), CURRENT_CALIBRATION))
    lengths = (cap.input_tokens, cap.output_tokens, cap.token_budget, cap.request_overhead_s)
    top = float(cap.at_limit.requests_per_s)
    for share in (0.1, 0.3, 0.5, 0.7, 0.9):
        rate = share * top
        closed = cap.at_offered(1, lambda e2e_s, rate=rate: np.full_like(e2e_s, rate))
        assert closed is not None, share
        simulated = simulate_replica(
            cap.dep,
            *lengths[:3],
            int(cap.limits.batch),
            cap.request_overhead_s,
            ReplicaLoad(arrival_rate_per_s=rate),
            ranks=cap.dep.attention_ranks,
        )
        assert simulated is not None
        assert float(closed.ttft_s) == pytest.approx(simulated.ttft_mean_s, rel=AGREEMENT), share
        assert float(closed.tpot_s) == pytest.approx(simulated.tpot_mean_s, rel=AGREEMENT), share
