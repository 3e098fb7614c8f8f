"""Under data-parallel attention each rank schedules its own sequences and token budget: a
plan's replica batches with the engine's caps times its attention ranks (as `predict`'s
benchmarks and the pools' workers count them)."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import ExpertLayout, Scenario, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine.serving import sustainable_batch
from aisle_desktop.sizing.planning import size_scenario
from aisle_desktop.sizing.planning.capacity import ReplicaCapacity


def _capacity(catalog: Catalog, layout: ExpertLayout) -> ReplicaCapacity:
    """The DeepSeek-V3.2 preset (SGLang, 8 x B200 as TP 8, MTP draft) served together."""
    preset = preset_scenario("deepseek-v3.2-ep")
    hardware = preset.hardware.model_copy(update={"serving": "aggregated", "expert_layout": layout})
    scenario: Scenario = preset.model_copy(update={"hardware": hardware})
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.planned is not None
    return result.planned.capacity


def test_each_attention_rank_brings_its_own_token_budget(catalog: Catalog) -> None:
    """SGLang's 8,192 tokens an iteration and 2,048 sequences are each rank's: with attention
    DP 8 the replica has 8 x 8,192 = 65,536 tokens an iteration. A running sequence takes 2
    tokens of it (its token and the draft's) and, emitting 1.85 a step, needs
    1.85 x 24,500 / 1,000 = 45.325 prompt tokens a step: the budget sustains
    65,536 / 47.325 = 1,384.8 sequences, so the KV cache (224 at the average length) binds,
    not the 8,192 / 47.325 = 173.1 one rank's budget alone would sustain."""
    cap = _capacity(catalog, "ep_attention_dp")
    assert cap.dep.attention_ranks == 8
    assert cap.dep.engine.max_num_batched_tokens == 8_192
    assert cap.token_budget == 65_536.0
    assert sustainable_batch(65_536.0, 24_500, 1_000, 1.85, 2) == pytest.approx(1_384.8, abs=0.1)
    assert (cap.limits.limit, float(cap.limits.batch)) == ("KV cache memory", 224.0)


def test_attention_split_over_the_gpus_keeps_one_budget(catalog: Catalog) -> None:
    """With attention tensor-parallel over the 8 GPUs (EP 8 without attention DP) one
    scheduler runs the replica: 8,192 tokens an iteration, 173.1 sequences sustained."""
    cap = _capacity(catalog, "ep")
    assert cap.dep.attention_ranks == 1
    assert cap.token_budget == 8_192.0
    assert cap.limits.limit == "token budget per iteration"
    assert float(cap.limits.batch) == pytest.approx(173.10, abs=0.01)
