"""A fixed-concurrency run's starting cohort: when each request has its first token.

Request k of a cohort has its first token once k prompts have gone through the token budget.
Where several prompts share an iteration that is half the burst at the mean; where one prompt
takes several iterations it is never before (k + 1) / 2 prompts' worth of them. Spread evenly
over the burst instead, a lone client's long prompt had its first token after two and a half
of its four iterations, and the other one and a half were counted between its answer's tokens.
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.sizing.engine import concurrency_ttft_percentiles_s, lockstep_cohort

BUDGET = 8192.0


def test_one_clients_long_prompt_waits_all_its_iterations_and_decodes_alone(deploy: Any) -> None:
    """Llama 3.1 8B FP8 on one H100 (vLLM), one client, 32,768 / 64 at an 8,192-token budget:
    four iterations of 8,192 prompt tokens, 323.6 ms each, before the first token (1,294.5 ms,
    was 2.5 x 323.6 = 809 ms), then decode steps alone, 9.28 ms a token (was 16.8 ms:
    1.5 of those iterations spread over 63 tokens)."""
    dep = deploy("llama-3.1-8b", "h100-sxm", weights="fp8")
    cohort = lockstep_cohort(dep, 1.0, 32768.0, 64.0, BUDGET, 0.0)
    prefill_s = cohort.prefill_step.total_s
    assert prefill_s == pytest.approx(0.3236, abs=1e-4)
    assert cohort.ttft_s == pytest.approx(4 * prefill_s)
    assert cohort.tpot_s == pytest.approx(cohort.decode_step.total_s)
    assert cohort.tpot_s == pytest.approx(0.00928, abs=1e-5)


def test_a_longer_answer_does_not_shorten_a_lone_clients_gap_between_tokens(deploy: Any) -> None:
    dep = deploy("llama-3.1-8b", "h100-sxm", weights="fp8")
    short = lockstep_cohort(dep, 1.0, 32768.0, 64.0, BUDGET, 0.0)
    longer = lockstep_cohort(dep, 1.0, 32768.0, 512.0, BUDGET, 0.0)
    assert longer.tpot_s >= short.tpot_s


def test_prompts_that_share_an_iteration_keep_half_the_burst(deploy: Any) -> None:
    """Eight 1,024-token prompts fill one 8,192-token iteration: every first token comes
    after it, as before."""
    dep = deploy("llama-3.1-8b", "h100-sxm", weights="fp8")
    cohort = lockstep_cohort(dep, 8.0, 1024.0, 64.0, BUDGET, 0.0)
    assert cohort.ttft_s == pytest.approx(cohort.prefill_step.total_s)
    assert cohort.tpot_s == pytest.approx(cohort.decode_step.total_s)


def test_two_clients_long_prompts_have_their_first_tokens_after_four_and_eight_iterations(
    deploy: Any,
) -> None:
    """Two clients of 32,768-token prompts at an 8,192-token budget: eight iterations, the
    first prompt's first token after four, the second's after eight; the mean is six (was
    4.5), the median four and the 95th percentile eight (were 4 and 8 of single iterations,
    but a lone client's median was 2 of its 4)."""
    dep = deploy("llama-3.1-8b", "h100-sxm", weights="fp8")
    cohort = lockstep_cohort(dep, 2.0, 32768.0, 64.0, BUDGET, 0.0)
    step_s = cohort.prefill_step.total_s
    assert cohort.ttft_s == pytest.approx(6 * step_s)
    p50, p95 = concurrency_ttft_percentiles_s(
        dep, 2.0, 32768.0, BUDGET, 0.0, (50.0, 95.0), 1.0, 0.0, cohort.prefill_step
    )
    assert (p50, p95) == pytest.approx((4 * step_s, 8 * step_s))


def test_a_lone_clients_percentiles_are_its_one_first_token(deploy: Any) -> None:
    dep = deploy("llama-3.1-8b", "h100-sxm", weights="fp8")
    cohort = lockstep_cohort(dep, 1.0, 32768.0, 64.0, BUDGET, 0.0)
    tails = concurrency_ttft_percentiles_s(
        dep, 1.0, 32768.0, BUDGET, 0.0, (50.0, 95.0, 99.0), 1.0, 0.0, cohort.prefill_step
    )
    assert tails == pytest.approx((cohort.ttft_s,) * 3)
