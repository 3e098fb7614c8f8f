"""Prompts longer than the token budget of an engine that takes prompts whole: TensorRT-LLM,
chunked prefill off by default, refuses them, though Aisle sizes them in chunks (sizing36's
note). The plan says so, and what to change, in its warnings (the window's "What to know",
`size` and the report read them)."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario

CODE = "prompt-over-token-budget"


def _deepseek_on_b200(history_tokens: int, engine: str = "tensorrt-llm") -> Scenario:
    """DeepSeek-V3 on B200 with data-parallel attention: 500 + 200 tokens of system prompt and
    question beside the history."""
    scenario = preset_scenario("deepseek-v3")
    prompt = scenario.workload.prompt.model_copy(update={"history_tokens": history_tokens})
    workload = scenario.workload.model_copy(update={"engine_id": engine, "prompt": prompt})
    hardware = scenario.hardware.model_copy(
        update={"gpu_id": "b200", "expert_layout": "ep_attention_dp", "serving": "aggregated"}
    )
    return scenario.model_copy(update={"workload": workload, "hardware": hardware})


def _warned(catalog: Catalog, scenario: Scenario) -> list[str]:
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    return [w.message for w in result.warnings if w.code == CODE]


def test_a_prompt_over_an_attention_ranks_budget_is_said_with_what_to_change(
    catalog: Catalog,
) -> None:
    """12,700 tokens against TensorRT-LLM's 8,192 a rank (max_num_tokens, each rank's under
    attention DP): the plan is sized, and warns."""
    result = size_scenario(catalog, _deepseek_on_b200(12_000), CURRENT_CALIBRATION)
    assert "attention data-parallel 8" in result.layout
    (warning,) = [w for w in result.warnings if w.code == CODE]
    assert warning.severity == "warning" and not warning.blocks
    assert warning.message == (
        "Prompts of 12,700 tokens are longer than the 8,192 tokens a step each attention rank "
        "of NVIDIA TensorRT-LLM takes (max_num_tokens, each rank's under data-parallel "
        "attention): with chunked prefill off, as NVIDIA TensorRT-LLM runs by default, a "
        "prompt goes in whole, so the engine refuses them. The figures are for chunked "
        "prefill: run NVIDIA TensorRT-LLM with enable_chunked_prefill on, or with "
        "max_num_tokens of 12,700 or more, or shorten the prompt (Workload > Requests)."
    )


@pytest.mark.parametrize(
    ("history_tokens", "engine"),
    [(7_492, "tensorrt-llm"), (12_000, "sglang")],
    ids=["8,192 tokens: fits the budget", "SGLang chunks long prompts"],
)
def test_a_prompt_the_engine_takes_is_not_warned_of(
    catalog: Catalog, history_tokens: int, engine: str
) -> None:
    assert _warned(catalog, _deepseek_on_b200(history_tokens, engine)) == []


def test_the_replicas_own_budget_binds_without_attention_dp(catalog: Catalog) -> None:
    """The engine refuses such a prompt with or without data-parallel attention: Llama 3.1
    70B, TP 4, 11,000 tokens against 8,192."""
    scenario = preset_scenario("llama-70b-rag")
    prompt = scenario.workload.prompt.model_copy(update={"history_tokens": 9_000})
    workload = scenario.workload.model_copy(update={"engine_id": "tensorrt-llm", "prompt": prompt})
    hardware = scenario.hardware.model_copy(update={"serving": "aggregated"})
    (message,) = _warned(
        catalog, scenario.model_copy(update={"workload": workload, "hardware": hardware})
    )
    assert message.startswith(
        "Prompts of 11,000 tokens are longer than the 8,192 tokens a step NVIDIA TensorRT-LLM "
        "takes (max_num_tokens): "
    )
