"""A plan's simulated percentiles are worked out once for its replica: the plan's own tail and
its serving comparison's tail of serving together are the same simulation of the same replica
(seeded), so the second ask is answered from the replica (`tail_latency.replica_tail`).

`size` of a preset, the window's re-size after a keystroke and each scenario of a report
asked it twice: on the default plan 25-30 ms of CPU each time (speed42).
"""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import tail_latency
from aisle_desktop.sizing.planning import plan_tail_latency, size_scenario


def test_the_plan_and_its_comparison_share_one_simulation(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    simulated = []
    simulate = tail_latency.simulate_replica
    monkeypatch.setattr(
        tail_latency,
        "simulate_replica",
        lambda *args, **kwargs: simulated.append(args) or simulate(*args, **kwargs),
    )
    result = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    tail = plan_tail_latency(result)
    comparison = result.serving_comparison
    assert comparison is not None and tail is not None
    assert comparison.together_tail == tail
    # The window's "first token p95 462 ms, p99 574 ms", as before the tail was kept.
    assert (tail.ttft_p95_s * 1e3, tail.ttft_p99_s * 1e3) == pytest.approx((462, 574), abs=0.5)
    assert len(simulated) == 1
