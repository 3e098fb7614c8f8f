"""Disaggregated serving: the KV hand-over between pools, and which pool's rate binds."""

from __future__ import annotations

import dataclasses
import math

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import lockstep_share, resolve_deployment
from aisle_desktop.sizing.engine.disaggregated import (
    DisaggregatedPoint,
    PrefillPool,
    WorkersForLoad,
    cohort_extra_s,
    cohort_place_wait_s,
    decode_tpot_s,
    decode_workers_in_flight,
    disaggregated_lockstep_share,
    first_token_steps,
    fixed_concurrency,
    lone_rank_extra_s,
    pool_curves,
    prefill_pool,
    with_starting_cohort,
    workers_for_load,
)
from aisle_desktop.sizing.engine.kv_transfer import kv_link, kv_transfer_s, prompt_kv_bytes
from aisle_desktop.sizing.engine.steptime import (
    busiest_rank_token_excess,
    expert_gemm_efficiency,
    gemm_seconds_per_token,
    iteration_time,
    routed_expert_params_per_token,
)
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark

DEEPSEEK_LATENT_BYTES_PER_TOKEN = (512 + 64) * 61  # kv_lora_rank + rope dims, 61 layers, FP8


def _deepseek(catalog: Catalog, gpu: str, tp: int, ep: int = 1, attention_dp: int = 1):  # type: ignore[no-untyped-def]
    assumptions = CURRENT_CALIBRATION.performance_for("tensorrt-llm", None)
    return resolve_deployment(
        catalog,
        "deepseek-r1",
        gpu,
        "tensorrt-llm",
        "fp8",
        None,
        tp,
        1,
        assumptions,
        attention_dp=attention_dp,
        ep=ep,
    )


def test_a_latent_cache_crosses_the_network_between_two_eight_gpu_servers(
    catalog: Catalog,
) -> None:
    decode = _deepseek(catalog, "h200-sxm", 8, ep=8)
    # 8,192 prompt tokens x 576 latent values x 61 layers x 1 byte (FP8): 287.8 MB. A latent
    # cache is whole on every GPU of a TP group, so each decode GPU receives all of it.
    assert prompt_kv_bytes(decode, 8192) == pytest.approx(8192 * DEEPSEEK_LATENT_BYTES_PER_TOKEN)
    link = kv_link(decode.gpu, 8, 8)  # 16 GPUs: two servers
    assert link.label.startswith("network")
    # 287,834,112 bytes at 50 GB/s = 5.757 ms, plus 30 us of network latency.
    assert kv_transfer_s(decode, decode, link, 8192) * 1e3 == pytest.approx(5.787, abs=0.001)


def test_inside_one_nvlink_domain_the_hand_over_takes_a_tenth_of_a_millisecond_per_8k(
    catalog: Catalog,
) -> None:
    decode = _deepseek(catalog, "gb200", 8, ep=8)
    link = kv_link(decode.gpu, 8, 8)  # 16 of an NVL72's 72 GPUs
    assert link.label.startswith("NVLink (both workers in one")
    assert link.gbps_per_gpu == 900.0  # 1,800 GB/s both ways
    assert kv_transfer_s(decode, decode, link, 8192) * 1e3 == pytest.approx(
        8192 * DEEPSEEK_LATENT_BYTES_PER_TOKEN / 900e9 * 1e3 + 0.008, rel=1e-6
    )
    # Data-parallel attention keeps each sequence on one GPU: still the whole latent there.
    spread = _deepseek(catalog, "gb200", 1, ep=8, attention_dp=8)
    assert kv_transfer_s(spread, spread, link, 8192) == pytest.approx(
        kv_transfer_s(decode, decode, link, 8192)
    )


def test_the_prefill_pool_bounds_the_rate_when_it_is_the_slower(catalog: Catalog) -> None:
    decode = _deepseek(catalog, "h200-sxm", 8, ep=8)
    # Two workers, each iteration 8,192 tokens in 0.5 s: 2 x 16,384 tokens/s / 4,096 = 8/s.
    slow_prefill = PrefillPool(
        workers=2,
        alone_s=0.3,
        full_iteration_s=0.5,
        tokens_per_iteration=8192,
        input_tokens=4096,
    )
    assert slow_prefill.requests_per_s == pytest.approx(8.0)
    curves = pool_curves(slow_prefill, decode, 4, 256.0, 4096, 1024, 0.05, 256.0, False)
    assert curves.prefill_saturates
    point = fixed_concurrency(curves, 100_000, 1024)
    assert point.bound == "prefill pool"
    # Filled to the utilisation at which its queue would grow without end.
    assert point.requests_per_s == pytest.approx(0.98 * 8.0, rel=1e-3)
    # The clients the pools cannot hold wait before prefill: Little's law on the whole loop.
    assert point.requests_per_s * (point.ttft_s + 1023 * point.tpot_s) == pytest.approx(100_000)


def test_the_decode_pool_bounds_the_rate_at_its_batch_cap(catalog: Catalog) -> None:
    decode = _deepseek(catalog, "h200-sxm", 8, ep=8)
    prefill = prefill_pool(decode, 20, 1024, 8192)
    cap = 64.0
    curves = pool_curves(prefill, decode, 3, cap, 1024, 1024, 0.05, cap, False)
    point = fixed_concurrency(curves, 10_000, 1024)
    # Three workers of 64 answers, each token every TPOT(64): 3 x 64 / (1,023 × TPOT) per s.
    tpot = float(decode_tpot_s(decode, cap, 1024, 1024))
    assert point.bound == "decode pool"
    assert point.decode_batch_per_worker == pytest.approx(cap)
    assert point.requests_per_s == pytest.approx(3 * cap / (1023 * tpot))
    assert point.requests_per_s == pytest.approx(curves.decode_requests_per_s)
    assert curves.decode_requests_per_s < curves.prefill_requests_per_s


def test_few_clients_decode_alone_and_get_their_prompt_s_own_prefill(catalog: Catalog) -> None:
    decode = _deepseek(catalog, "h200-sxm", 8, ep=8)
    prefill = prefill_pool(decode, 1, 8192, 8192)
    curves = pool_curves(prefill, decode, 1, 1.0, 8192, 1024, 0.05, 512.0, False)
    point = fixed_concurrency(curves, 1, 1024)
    assert point.bound == "offered load"
    # One client: its prompt finds the pool almost idle, so TTFT is nearly its own prefill
    # and the decode iterations until its first token; it is in the decode batch only while
    # it decodes.
    first_token_s = first_token_steps(decode) * point.tpot_s
    assert point.ttft_s == pytest.approx(0.05 + prefill.alone_s + first_token_s, rel=0.1)
    decode_s = 1023 * point.tpot_s
    assert point.decode_batch_per_worker == pytest.approx(
        decode_s / (point.ttft_s + decode_s), rel=1e-3
    )
    assert point.requests_per_s == pytest.approx(1.0 / point.e2e_s, rel=1e-3)


def test_a_lone_prompt_runs_its_attention_and_dense_layers_on_its_own_attention_rank(
    catalog: Catalog,
) -> None:
    # DeepSeek-R1 FP8 on 8 B200, EP 8, one 8,192-token prompt. Spread evenly over eight
    # attention ranks its step is 99 ms; alone it holds one rank: its attention (12.4 ms
    # spread) and the dense 27.8% of its GEMMs (of 38.4 ms spread) take 8 times as long
    # there, 162 ms more. The routed 72.2% wait for the busiest expert rank (17.8% more than
    # the mean, `busiest_rank_token_excess`: 43.4 ms of GEMMs in the step), which a lone
    # prompt does not change. Tensor-parallel attention splits a lone prompt over all eight.
    spread = _deepseek(catalog, "b200", 1, ep=8, attention_dp=8)
    step = iteration_time(spread, 0.0, 0.0, 8192, 4096)
    expert = 2.0 * routed_expert_params_per_token(spread) / expert_gemm_efficiency(spread)
    dense_share = 1.0 - expert / spread.gemm_flops / gemm_seconds_per_token(spread)
    assert dense_share == pytest.approx(0.268, abs=0.001)
    excess = float(busiest_rank_token_excess(spread, 8192))
    assert excess == pytest.approx(0.178, abs=0.001)
    dense_gemm_s = dense_share * step.gemm_compute_s / (1.0 + (1.0 - dense_share) * excess)
    own_rank_s = 7 * (dense_gemm_s + step.attention_compute_s)
    assert own_rank_s * 1e3 == pytest.approx(202.6, abs=0.1)
    assert lone_rank_extra_s(spread, step, 8192) == pytest.approx(own_rank_s)
    assert prefill_pool(spread, 1, 8192, 65536).alone_s == pytest.approx(step.total_s + own_rank_s)
    tensor_parallel = _deepseek(catalog, "b200", 8, ep=8)
    step_tp = iteration_time(tensor_parallel, 0.0, 0.0, 8192, 4096)
    assert lone_rank_extra_s(tensor_parallel, step_tp, 8192) == 0.0
    assert prefill_pool(tensor_parallel, 1, 8192, 8192).alone_s == pytest.approx(step_tp.total_s)


def test_a_disaggregated_run_keeps_its_tensorrt_llm_cohort_longer_in_lockstep() -> None:
    """aiconfigurator's harness: 50 requests a client after 2 of warm-up. TensorRT-LLM's
    aggregated cohort persists 0.854 a round: 0.854^2 x (1 - 0.854^50) / (50 x 0.146) =
    10.0% of the measured requests; disaggregated, 0.93 a round: 0.93^2 x (1 - 0.93^50) /
    (50 x 0.07) = 24.1%. SGLang's era has no value of its own and keeps its aggregated 0.96."""
    trtllm = CURRENT_CALIBRATION.performance_for("tensorrt-llm", None)
    assert trtllm.disaggregated_cohort_persistence == 0.93
    assert lockstep_share(trtllm, 64) == pytest.approx(0.0999, abs=1e-4)
    assert disaggregated_lockstep_share(trtllm, 64) == pytest.approx(0.2405, abs=1e-4)
    sglang = CURRENT_CALIBRATION.performance_for("sglang", None)
    assert sglang.disaggregated_cohort_persistence == 0.0
    assert disaggregated_lockstep_share(sglang, 64) == pytest.approx(lockstep_share(sglang, 64))


SLOW_PREFILL = PrefillPool(
    workers=2,
    alone_s=0.3,
    full_iteration_s=0.5,
    tokens_per_iteration=8192,
    input_tokens=4096,
)


def test_a_starting_cohort_waits_half_its_burst_through_the_prefill_pool() -> None:
    # 40 clients on two workers: 20 prompts of 4,096 tokens each, 81,920 tokens, ten full
    # iterations of 0.5 s; the k-th prompt ends with the iteration that finishes it, so the
    # mean waits (10 + 1) / 2 iterations = 2.75 s.
    assert SLOW_PREFILL.cohort_ttft_s(20) == pytest.approx(2.75)
    # One prompt alone takes its own prefill, not half an iteration.
    assert SLOW_PREFILL.cohort_ttft_s(1) == pytest.approx(0.3)


def test_the_cohort_share_of_a_run_mixes_into_its_mean_ttft(catalog: Catalog) -> None:
    decode = _deepseek(catalog, "h200-sxm", 8, ep=8)
    curves = pool_curves(SLOW_PREFILL, decode, 4, 10.0, 4096, 1024, 0.05, 256.0, False)
    settled = fixed_concurrency(curves, 40, 1024)
    run = with_starting_cohort(settled, SLOW_PREFILL, 40, 0.1, 0.05)
    assert run.ttft_s == pytest.approx(0.1 * (0.05 + 2.75) + 0.9 * settled.ttft_s)
    assert run.tpot_s == settled.tpot_s  # no prefill interrupts the decode pool
    assert run.e2e_s - run.ttft_s == pytest.approx(settled.e2e_s - settled.ttft_s)


# A decode pool that holds 8 of 20 clients (12 waiting) and serves 4 requests a second: each
# answer holds its place 8 / 4 = 2 s.
FULL_DECODE_POOL = DisaggregatedPoint(
    decode_batch_per_worker=8.0,
    ttft_s=3.5,
    tpot_s=0.002,
    e2e_s=5.5,
    requests_per_s=4.0,
    prefill_utilisation=0.2,
    prefill_requests_per_s=20.0,
    decode_requests_per_s=4.0,
    waiting_requests=12.0,
    bound="decode pool",
)


def test_a_starting_cohort_beyond_the_decode_places_waits_for_whole_answers() -> None:
    # 20 clients start together on 8 places: 8 wait for none, 8 for one answer (2 s), the
    # last 4 for two (4 s); the mean is (8 x 2 + 4 x 4) / 20 = 1.6 s.
    assert cohort_place_wait_s(FULL_DECODE_POOL, 20.0) == pytest.approx(1.6)
    # Clients the pools hold wait for no place; where the prefill pool binds, the cohort's
    # burst through it is already its wait.
    held = dataclasses.replace(FULL_DECODE_POOL, waiting_requests=0.0, bound="offered load")
    assert cohort_place_wait_s(held, 8.0) == 0.0
    prefill_bound = dataclasses.replace(FULL_DECODE_POOL, bound="prefill pool")
    assert cohort_place_wait_s(prefill_bound, 20.0) == 0.0


def test_a_full_decode_pool_queues_prompts_before_their_first_token(catalog: Catalog) -> None:
    decode = _deepseek(catalog, "h200-sxm", 8, ep=8)
    fast_prefill = dataclasses.replace(SLOW_PREFILL, workers=200)
    curves = pool_curves(fast_prefill, decode, 1, 64.0, 4096, 1024, 0.05, 64.0, False)
    point = fixed_concurrency(curves, 10_000, 1024)
    rate = point.requests_per_s
    unqueued_ttft = float(curves.ttft_s[-1])
    unqueued_tpot = float(decode_tpot_s(decode, 64.0, 4096, 1024))
    assert point.bound == "decode pool"
    # The clients the decode pool cannot hold wait for a place before their first token;
    # the answers, once started, stream at the full pool's pace.
    assert point.waiting_requests == pytest.approx(
        10_000 - rate * (unqueued_ttft + 1023 * unqueued_tpot)
    )
    assert point.ttft_s == pytest.approx(unqueued_ttft + point.waiting_requests / rate)
    assert point.tpot_s == pytest.approx(unqueued_tpot)


def test_data_parallel_attention_ranks_pay_their_streaming_cost_side_by_side(
    catalog: Catalog,
) -> None:
    """800 answers in one step: TP 8 pays the server's 40 us per sequence for all 800 (32 ms
    of host work); attention DP 8 gives each rank 100 sequences, which its own scheduler
    serves while the others serve theirs (100 x 40 us = 4 ms)."""
    for tp, attention_dp, per_step_ms in ((8, 1, 800 * 0.040), (1, 8, 100 * 0.040)):
        dep = _deepseek(catalog, "h200-sxm", tp, ep=8, attention_dp=attention_dp)
        streaming = dataclasses.replace(dep, sequence_overhead_s=40e-6)
        silent = dataclasses.replace(dep, sequence_overhead_s=0.0)
        with_cost = float(iteration_time(streaming, 800.0, 2048.0, 0.0, 0.0).overhead_s)
        without = float(iteration_time(silent, 800.0, 2048.0, 0.0, 0.0).overhead_s)
        assert (with_cost - without) * 1e3 == pytest.approx(per_step_ms)


def test_pools_sized_for_their_load_hold_the_clients_and_keep_prefill_at_headroom(
    catalog: Catalog,
) -> None:
    decode = _deepseek(catalog, "h200-sxm", 8, ep=8)
    # 1,000 clients, at most 300 answers a decode worker: ceil(1000 / 300) = 4 workers of 250.
    sized = workers_for_load(2.0, decode, 300.0, 1024, 1024, 1000.0, None, 0.8)
    assert sized.decode_workers == 4
    tpot = float(decode_tpot_s(decode, 250.0, 1024, 1024))
    # They finish 4 x 250 / (1,023 × TPOT(250)) requests a second; a prefill worker taking
    # 2 prompts/s at most 80% busy takes 1.6/s, so ceil(rate / 1.6) workers.
    rate = 4 * 250 / (1023 * tpot)
    assert sized.prefill_workers == math.ceil(rate / 1.6)
    # An offered rate: decode workers at 80% of their rate at the cap, prefill likewise.
    at_cap = 300 / (1023 * float(decode_tpot_s(decode, 300.0, 1024, 1024)))
    offered = workers_for_load(2.0, decode, 300.0, 1024, 1024, None, 10.0, 0.8)
    assert offered.decode_workers == math.ceil(10.0 / (at_cap * 0.8))
    assert offered.prefill_workers == math.ceil(10.0 / 1.6)  # 6.25: 7 workers
    # Few clients need one of each.
    assert workers_for_load(2.0, decode, 300.0, 1024, 1024, 4.0, None, 0.8) == WorkersForLoad(
        prefill_workers=1, decode_workers=1
    )


def test_a_deployment_built_with_fewest_decode_workers_keeps_them_at_light_loads(
    catalog: Catalog,
) -> None:
    """A benchmark recipe of 3 decode workers serves its whole sweep on them: 2 clients on
    2 workers (one each), 12 on 3 workers of 4, and 1,000 still on ceil(1000 / 300) = 4."""
    assert decode_workers_in_flight(2.0, 300.0, 3) == 2
    assert decode_workers_in_flight(12.0, 300.0, 3) == 3
    assert decode_workers_in_flight(1000.0, 300.0, 3) == 4
    assert decode_workers_in_flight(12.0, 300.0, 1) == 1  # the planner's: what holds the load
    decode = _deepseek(catalog, "h200-sxm", 8, ep=8)
    sized = workers_for_load(2.0, decode, 300.0, 1024, 1024, 12.0, None, 0.8, 3)
    assert sized.decode_workers == 3
    # Three workers of 4 finish 3 x 4 / (1,023 × TPOT(4)) requests a second, which sets the
    # prefill workers (each 2 prompts/s at most 80% busy).
    rate = 3 * 4 / (1023 * float(decode_tpot_s(decode, 4.0, 1024, 1024)))
    assert sized.prefill_workers == math.ceil(rate / 1.6)


def test_a_decode_worker_waits_each_iteration_for_its_cache_arrival_check(
    catalog: Catalog,
) -> None:
    """TensorRT-LLM's era gives a disaggregated decode worker 2 ms of host time per
    iteration; at one token a step TPOT grows by exactly that, at any batch, and the first
    token's 1.5 + wait iterations grow with it."""
    decode = _deepseek(catalog, "gb200", 8, ep=8)
    assert decode.assumptions.disaggregated_decode_step_ms == 2.0
    plain = dataclasses.replace(
        decode,
        assumptions=decode.assumptions.model_copy(update={"disaggregated_decode_step_ms": 0.0}),
    )
    for batch in (1.0, 64.0, 512.0):
        slower = float(decode_tpot_s(decode, batch, 1024, 1024))
        faster = float(decode_tpot_s(plain, batch, 1024, 1024))
        assert (slower - faster) * 1e3 == pytest.approx(2.0)
    # Aggregated serving never pays it: an SGLang decode worker's era leaves it at 0.
    sglang = CURRENT_CALIBRATION.performance_for("sglang", None)
    assert sglang.disaggregated_decode_step_ms == 0.0


ENGINES = ("vllm", "tensorrt-llm", "sglang")
KIMI_VLLM_LINE = {
    "id": "aic-kimik2_5_gb200_vllm_fp4_disagg_1024x1024_c4_cfg698",
    "engine": "vllm",
    "engine_version": "0.18.0",
    "model": "kimi-k2.5",
    "gpu": "gb200",
    "weight_precision": "fp4",
    "kv_precision": None,
    "input_tokens": 1024,
    "output_tokens": 1024,
    "load": {"mode": "concurrency", "concurrency": 4},
    "num_gpus": 20,
    "tp": 4,
    "pp": 1,
    "scenario_kind": "aic_disagg",
    "disaggregated": {
        "prefill": {"tp": 4, "pp": 1, "attention_dp": 1, "ep": 4, "workers": 1},
        "decode": {"tp": 4, "pp": 1, "attention_dp": 1, "ep": 4, "workers": 4},
    },
}


def test_vllms_decode_worker_takes_a_prompt_120_ms_after_its_cache(catalog: Catalog) -> None:
    """vLLM's era hands a prefilled prompt to its decode worker in 120 ms beyond the cache's
    bytes and the first token's iterations (vLLM RFC 50913: 197 ms of hand-over at 64-token
    blocks less its 58 ms recomputed first token and the 19 ms of its 47 ms transfer window
    that the descriptors' count scales, 105 - 47 = 58 ms being three quarters of them); the
    other eras charge none. Kimi-K2.5 on GB200 under vLLM 0.18 at 4 clients measured a TTFT of
    247.3 ms: 85.4 ms predicted under 2026.12.19, 177.4 ms under 2026.12.21 (92 ms, the whole
    window read as the cache's bytes), 205.4 ms under 2026.12.23, the hand-over paid once by an
    idle pool. Read by today's code each is 2-3 ms longer (87.4, 179.4 and 211.3 ms now): since
    2026.12.34 the run's starting cohort waits its decode worker's first token too. Since
    2026.12.40 the cache crosses between the rack's trays over the network (1.47 ms where NVLink
    took 0.09): 212.7 ms."""
    performance = {e: CURRENT_CALIBRATION.performance_for(e, None) for e in ENGINES}
    assert {e: p.disaggregated_handover_ms for e, p in performance.items()} == {
        "vllm": 120.0,
        "tensorrt-llm": 0.0,
        "sglang": 0.0,
    }
    assert CALIBRATIONS["2026.12.19"].performance_for("vllm", None).disaggregated_handover_ms == 0
    assert CALIBRATIONS["2026.12.21"].performance_for("vllm", None).disaggregated_handover_ms == 92
    scenario = BenchmarkScenario.model_validate(KIMI_VLLM_LINE)
    before = predict_benchmark(catalog, scenario, CALIBRATIONS["2026.12.19"])
    then = predict_benchmark(catalog, scenario, CALIBRATIONS["2026.12.21"])
    handed = predict_benchmark(catalog, scenario, CALIBRATIONS["2026.12.37"])
    now = predict_benchmark(catalog, scenario, CURRENT_CALIBRATION)
    assert before["ttft_ms"] == pytest.approx(87.4, abs=0.1)
    assert then["ttft_ms"] == pytest.approx(179.4, abs=0.1)
    assert handed["ttft_ms"] == pytest.approx(211.3, abs=0.1)
    assert handed["kv_transfer_ms"] == before["kv_transfer_ms"]  # the bytes' time is the cache's
    assert (before["kv_transfer_ms"], now["kv_transfer_ms"]) == pytest.approx(
        (0.09, 1.47), abs=0.01
    )
    assert now["ttft_ms"] == pytest.approx(212.7, abs=0.1)


def test_a_starting_cohort_waits_its_decode_worker_s_first_token_as_settled_requests_do(
    catalog: Catalog,
) -> None:
    # The decode pool above (12 of 20 clients waiting, 2 ms a token): beside the request's
    # overhead and hand-over (50 ms) and its mean wait for a place (1.6 s), each cohort
    # request waits its decode worker's iterations to the first token: TensorRT-LLM's 5.5
    # (half of one to join, the one that makes the token, the overlap scheduler's 4), 11 ms.
    decode = _deepseek(catalog, "h200-sxm", 8, ep=8)
    assert first_token_steps(decode) == 5.5
    assert cohort_extra_s(0.05, FULL_DECODE_POOL, 20.0, decode) == pytest.approx(1.661)
    # The clients the pools hold wait for no place, and still for the first token.
    held = dataclasses.replace(FULL_DECODE_POOL, waiting_requests=0.0, bound="offered load")
    assert cohort_extra_s(0.05, held, 8.0, decode) == pytest.approx(0.061)
