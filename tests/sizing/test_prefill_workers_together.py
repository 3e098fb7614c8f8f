"""A file's prefill workers worked out as one array of a few stacks equal each line's own,
and the planner's prefill pool of the same replica and lengths."""

from __future__ import annotations

from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import floor_ttft_s, ideal
from aisle_desktop.sizing.engine.disaggregated import prefill_pool
from aisle_desktop.sizing.validation import BenchmarkScenario, ResolvedReplicas
from aisle_desktop.sizing.validation.decode_split import with_decode_splits
from aisle_desktop.sizing.validation.disaggregated_predict import (
    PendingLine,
    PoolsStarted,
    start_lines,
    start_pools,
)

SET = Path(__file__).resolve().parents[2] / "validation" / "modern_engines_dev.jsonl"


def test_prefill_workers_of_a_file_together_equal_each_lines_own(catalog: Catalog) -> None:
    """Every third disaggregated line of the 2025-26 set: its prefill pool and TTFT floor,
    worked out with all the others', are those it gets alone; the pool is the planner's
    (`prefill_pool`, plain numbers) to the last bits, the floor the ideal worker's TTFT."""
    memory = ResolvedReplicas(catalog, CURRENT_CALIBRATION)
    started = []
    for line in SET.read_text().splitlines()[::3]:
        scenario = BenchmarkScenario.model_validate_json(line)
        if scenario.disaggregated is None:
            continue
        (scenario,) = with_decode_splits([scenario], memory)
        pools = scenario.disaggregated
        assert pools is not None
        try:
            prefill = memory.replica(scenario, pools.prefill)
            decode = memory.replica(scenario, pools.decode)
        except SizingError:  # a pool's layout the model cannot take
            continue
        started.append((scenario, start_pools(scenario, prefill, decode, {}, 0.8)))
    together = start_lines(started)
    pending = 0
    for line, one in zip(together, started, strict=True):
        if not isinstance(line, PendingLine):
            continue
        pending += 1
        (alone,) = start_lines([one])
        assert isinstance(alone, PendingLine)
        assert line.curves.prefill == alone.curves.prefill
        assert line.ttft_floor_s == alone.ttft_floor_s
        pools = one[1]
        assert isinstance(pools, PoolsStarted)
        inp, budget = pools.input_tokens, pools.prefill_budget
        planned = prefill_pool(pools.prefill_dep, line.curves.prefill.workers, inp, budget)
        for name in ("alone_s", "full_iteration_s", "tokens_per_iteration"):
            got, want = getattr(line.curves.prefill, name), getattr(planned, name)
            assert got == pytest.approx(want, rel=1e-12)
        floor = float(floor_ttft_s(ideal(pools.prefill_dep), inp))
        assert line.ttft_floor_s == pytest.approx(floor, rel=1e-12)
    assert pending > 100
