"""A prompt longer than the token budget of an engine that takes prompts whole.

TensorRT-LLM schedules a prompt whole unless chunked prefill is turned on
(`enable_chunked_prefill`, off by default), and refuses a request whose prompt is longer than
its `max_num_tokens` ("The sum of prompt length (...), query length (0) should not exceed
max_num_tokens (...)", `_check_arguments` in `tensorrt_llm/llmapi/llm.py`). Under
data-parallel attention that budget is each rank's. Aisle sizes such a prompt in chunks, as
the engine runs it with chunked prefill on; a planner who deploys the defaults would find
every request refused, so the plan says so, and what to change.
"""

from __future__ import annotations

from aisle_desktop.sizing.engine import Deployment
from aisle_desktop.sizing.planning.result import PlanWarning


def rank_token_budget(dep: Deployment) -> int:
    """The tokens one scheduler of the replica takes a step: the engine's `max_num_tokens`,
    each attention rank's where the engine gives every rank the whole budget, a rank's share
    where it divides it (`attention_dp_token_budget`)."""
    budget = int(dep.engine.max_num_batched_tokens)
    if dep.engine.attention_dp_token_budget == "shared":
        return budget // max(dep.attention_ranks, 1)
    return budget


def prompt_over_budget(dep: Deployment, prompt_tokens: int) -> PlanWarning | None:
    """The warning for a prompt the engine, as it runs by default, refuses (module doc); None
    where the engine chunks prompts (the calibration's `attention_rank_whole_prompts` is 0
    for it) or the prompt fits its budget."""
    budget = rank_token_budget(dep)
    if float(dep.assumptions.attention_rank_whole_prompts) <= 0.0 or prompt_tokens <= budget:
        return None
    engine = dep.engine.name
    whose = "each attention rank of " if dep.attention_data_parallel else ""
    under = ", each rank's under data-parallel attention" if dep.attention_data_parallel else ""
    return PlanWarning(
        code="prompt-over-token-budget",
        severity="warning",
        message=f"Prompts of {prompt_tokens:,} tokens are longer than the {budget:,} tokens "
        f"a step {whose}{engine} takes (max_num_tokens{under}): with chunked prefill off, as "
        f"{engine} runs by default, a prompt goes in whole, so the engine refuses them. The "
        f"figures are for chunked prefill: run {engine} with enable_chunked_prefill on, or "
        f"with max_num_tokens of {prompt_tokens:,} or more, or shorten the prompt (Workload > "
        "Requests).",
    )
