"""The worked TTFT of a pipeline-parallel plan counts its prompt's chunks as the figure does.

Worked example (QA, 5 December): the DeepSeek-V3 preset (SGLang, 2,700 tokens in, 800 out)
on TP 8 × PP 2 of H200 with data-parallel attention: 8 ranks, each with 8,192 / 8 = 1,024
tokens of budget an iteration, 40.47 sequences running, 5.06 a rank. Each of the 2 pipeline
micro-batches is scheduled with its own budget, so a rank's room for a prompt's chunk is
1,024 - 5.06 / 2 = 1,021.5 tokens: 2,700 / 1,021.5 = 2.643 chunks of 43.63 ms, 115.32 ms.
The explanation counted 1,024 - 5.06 = 1,018.9 tokens, 2.650 chunks, 115.61 ms: its prefill
queue, the rest, went below zero and was shown as 0, so its terms added up to 366.02 ms
beside a TTFT of 365.74 ms. It now reads the engine's own count.
"""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import scheduling_ranks
from aisle_desktop.sizing.planning import size_scenario
from aisle_desktop.sizing.planning.latency_parts import ttft_terms


def test_a_pp_2_plans_explained_ttft_is_its_figure(catalog: Catalog) -> None:
    preset = preset_scenario("deepseek-v3")
    hardware = preset.hardware.model_copy(update={"tp": 8, "pp": 2, "serving": "aggregated"})
    result = size_scenario(
        catalog, preset.model_copy(update={"hardware": hardware}), CURRENT_CALIBRATION
    )
    planned = result.planned
    assert planned is not None
    cap, point = planned.capacity, planned.point
    assert (cap.dep.tp, cap.dep.pp, scheduling_ranks(cap.dep)) == (8, 2, 8)
    assert (cap.token_budget, cap.input_tokens, cap.dep.verify_tokens) == (8_192.0, 2_700, 1)
    rank_batch = float(point.running_batch) / 8
    assert rank_batch == pytest.approx(5.18, abs=0.01)
    room = 8_192.0 / 8 - rank_batch / 2  # two micro-batches, each its own budget
    chunks = 2_700 / room
    assert chunks == pytest.approx(2.643, abs=0.001)
    assert float(point.prefill_chunks) == pytest.approx(chunks, rel=1e-12)

    ttft_ms = result.value("ttft_ms")
    terms = ttft_terms(cap, point, ttft_ms)
    step_ms = float(point.request_prefill_step.total_s) * 1e3
    assert terms["prefill step × 2.64"] == (pytest.approx(chunks * step_ms, rel=1e-12), "ms")
    assert terms["prefill queue"][0] >= 0.0
    assert sum(value for value, _ in terms.values()) == pytest.approx(ttft_ms, rel=1e-12)
    figure = result.figures["ttft_ms"].explanation
    assert sum(term.value for term in figure.terms) == pytest.approx(ttft_ms, rel=1e-12)
    # The step its inputs name is the one the chunks ride in (a rank's own prefill).
    assert figure.inputs[0].name == "prefill step" and figure.inputs[0].value == step_ms
