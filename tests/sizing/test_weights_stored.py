"""A plan says which weights it holds at which precision, and its memory breakdown shows
each part: gpt-oss-120b on one H100 at the MXFP4 it ships, or quantized to FP8."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.size_cmd import summary_text
from aisle_desktop.plan import Scenario
from aisle_desktop.plan.presets import preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import SizingResult, size_scenario


def _gpt_oss(precision: str, gpus: int) -> Scenario:
    """The default plan's load on gpt-oss-120b, on `gpus` H100s served together."""
    preset = preset_scenario("llama-70b-rag")
    workload = preset.workload.model_copy(
        update={"model_id": "gpt-oss-120b", "weight_precision": precision}
    )
    hardware = preset.hardware.model_copy(
        update={"gpu_id": "h100-sxm", "gpu_count": gpus, "serving": "aggregated"}
    )
    return preset.model_copy(update={"workload": workload, "hardware": hardware})


def _sized(catalog: Catalog, precision: str, gpus: int) -> SizingResult:
    return size_scenario(catalog, _gpt_oss(precision, gpus), CURRENT_CALIBRATION)


def _inputs_gb(result: SizingResult) -> dict[str, float]:
    """The weights figure's inputs in GB, to the hundredth."""
    inputs = result.figures["weights_per_gpu_gb"].explanation.inputs
    return {q.name: round(float(q.value), 2) for q in inputs if q.unit == "GB"}


def test_the_checkpoint_as_shipped_holds_its_bf16_attention(catalog: Catalog) -> None:
    result = _sized(catalog, "mxfp4", 1)
    assert result.weights_stored == (
        "routed experts at MXFP4; attention, embeddings, LM head at BF16 (as "
        "openai/gpt-oss-120b's config lists them)"
    )
    weights = result.figures["weights_per_gpu_gb"]
    parts = _inputs_gb(result)
    assert parts["model weights"] == 65.19
    assert parts["routed experts at MXFP4"] == 60.94
    assert parts["attention at BF16"] == 1.94
    assert parts["embeddings at BF16"] == parts["LM head at BF16"] == 1.16
    assert weights.value == pytest.approx(65.19, abs=0.005)  # TP 1: the whole model
    assert "Weights   routed experts at MXFP4; attention, embeddings, LM head at BF16" in (
        summary_text(result)
    )


def test_a_plan_that_quantizes_says_what_it_takes_down(catalog: Catalog) -> None:
    result = _sized(catalog, "fp8", 2)
    assert result.weights_stored == (
        "routed experts, attention at FP8; embeddings, LM head at BF16 (the plan quantizes "
        "every linear layer to FP8)"
    )
    inputs = _inputs_gb(result)
    assert inputs["attention at FP8"] == 0.97
    assert inputs["model weights"] == 117.99
