"""A replica serves no more requests than its token budget can prefill (draft models too)."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine.serving import sustainable_batch
from aisle_desktop.sizing.planning import size_scenario


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
    11,208 prompt tokens a step against 7,697 of room: its queue never emptied)."""
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
    assert cap.limits.limit == "token budget per iteration"
    assert float(cap.limits.batch) == pytest.approx(173.10, abs=0.01)
