"""The default plan's TTFT names its batch slots apart from the full-length requests that fit:
vLLM holds its running requests at their average length, so it runs 106 where 100 fit at full
length, and the explanation says so instead of printing two counts a planner reads as one."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.labels import FIGURE_LABELS
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario

AVERAGE_SLOTS = "batch slots (requests at their average length, 2,128 tokens, the KV room holds)"


def test_the_default_plan_names_106_batch_slots_apart_from_100_full_length_requests(
    catalog: Catalog,
) -> None:
    """2,000 + 256 tokens fill 100 sequences of the KV room at full length; at their average
    2,000 + 256 / 2 = 2,128 tokens the same room holds 106, the slots random arrivals wait for."""
    result = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    sequences = result.figures["max_sequences_per_replica"]
    assert sequences.value == 100
    assert (
        FIGURE_LABELS["max_sequences_per_replica"] == "Full-length requests that fit, per replica"
    )
    inputs = {i.name: i.value for i in sequences.explanation.inputs}
    assert inputs["tokens per sequence"] == 2256
    ttft_inputs = {i.name: i.value for i in result.figures["ttft_ms"].explanation.inputs}
    assert ttft_inputs[AVERAGE_SLOTS] == 106
    assert "batch slots" not in ttft_inputs
    assert result.figures["ttft_ms"].value == pytest.approx(333, abs=0.5)
