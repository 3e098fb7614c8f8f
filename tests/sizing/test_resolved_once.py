"""Work kept for reuse gives the answers computed afresh: the replicas `predict` resolves once
per file, the ideal replica the physical floor is measured on, and each GPU's fewest fitting
count that "what would fit" names."""

from __future__ import annotations

from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.predict_cmd import predict_line
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import ideal, physical_floor
from aisle_desktop.sizing.planning import compare_gpus
from aisle_desktop.sizing.planning.alternatives import _fewest_gpus_holding, what_would_fit
from aisle_desktop.sizing.validation import ResolvedReplicas

VALIDATION = Path(__file__).resolve().parents[2] / "validation"


def _lines(name: str, every: int) -> list[str]:
    lines = [line for line in (VALIDATION / name).read_text().splitlines() if line.strip()]
    return lines[::every]


@pytest.mark.parametrize(
    ("name", "every"), [("published_dev.jsonl", 3), ("modern_engines_dev.jsonl", 5)]
)
def test_a_file_predicted_with_one_memory_equals_each_line_alone(
    catalog: Catalog, name: str, every: int
) -> None:
    memory = ResolvedReplicas(catalog, CURRENT_CALIBRATION)
    lines = _lines(name, every)
    shared = [
        predict_line(catalog, CURRENT_CALIBRATION, n, line, memory)
        for n, line in enumerate(lines, start=1)
    ]
    alone = [
        predict_line(catalog, CURRENT_CALIBRATION, n, line) for n, line in enumerate(lines, start=1)
    ]
    assert shared == alone
    # The lines share far fewer replicas than there are lines, and errors are not remembered.
    assert 0 < len(memory._known) < len(lines)
    assert sum("error" not in answer for answer in shared) > len(lines) // 2


def test_floor_on_a_kept_ideal_replica_equals_the_floor_worked_out_afresh(deploy) -> None:  # type: ignore[no-untyped-def]
    dep = deploy("llama-3.1-70b", "h100-sxm", tp=4)
    kept = ideal(dep)
    for batch, inp, out in ((1.0, 128, 128), (64.0, 2048, 512), (300.0, 8000, 200)):
        assert physical_floor(dep, batch, inp, out, kept) == physical_floor(dep, batch, inp, out)


@pytest.mark.parametrize("preset", ["deepseek-v3"])
def test_what_would_fit_is_the_same_asked_first_or_after_the_whole_comparison(
    catalog: Catalog, preset: str
) -> None:
    """Each GPU's fewest fitting count is worked out once and shared by every GPU that names
    it, each with its own bound: the answers must not depend on who asked first."""
    scenario = preset_scenario(preset)
    trials = {
        gpu_id: scenario.model_copy(
            update={
                "hardware": scenario.hardware.model_copy(
                    update={"gpu_id": gpu_id, "server_id": None, "gpu_count": 1}
                )
            }
        )
        for gpu_id in list(catalog.gpus)[::5]  # a few, small and large
    }
    _fewest_gpus_holding.cache_clear()
    cold = {}
    for gpu_id, trial in trials.items():
        _fewest_gpus_holding.cache_clear()
        cold[gpu_id] = what_would_fit(catalog, trial, CURRENT_CALIBRATION)
    compare_gpus(catalog, scenario, CURRENT_CALIBRATION)
    warm = {g: what_would_fit(catalog, t, CURRENT_CALIBRATION) for g, t in trials.items()}
    assert warm == cold
    assert any(len(options) > 1 for options in cold.values())
