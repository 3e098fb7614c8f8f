"""A plan's verdict names its real shortfall and agrees with the latencies it shows.

Worked example: the default plan (Llama 3.1 70B at FP8 on H100, 300 active users who think
60 s, targets 1 s to the first token and 50 ms a token, N+1 asked for) on a fixed GPU count.
Users who think between questions ask at the rate their own answers settle: 300 / (60 s +
E2E at the planned load).

- 4 GPUs: one replica of TP 2 x PP 2, TTFT 272 ms and TPOT 29.1 ms at the planned load, both
  within target; 571 users fit within targets. Only the N+1 spare is missing.
- 3 GPUs: one replica of TP 1 x PP 3. Its users settle at 4.105 requests/s (E2E 13.1 s), just
  inside the 4.113 it serves within the targets (300.6 users): TPOT 49.95 ms against 50 ms.
  The targets are met; the headroom and the spare are missing.
- 2 GPUs: one replica of TP 2, TTFT 468 ms and TPOT 57.9 ms; 270 of 300 users (89.9%): it
  serves 3.69 requests/s within the targets of the 3.99 its users offer (300 / (60 + 15.2 s)).
- 1 GPU: one replica of TP 1, a small share served ("1 GPU serves", not "serve").
"""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import figure_text, size_scenario
from aisle_desktop.sizing.planning.plan_warnings import served_text
from tests.sizing.scenario_edits import with_parts


def _sized(catalog: Catalog, gpu_count: int) -> SizingResult:
    scenario = with_parts(preset_scenario("llama-70b-rag"), hardware={"gpu_count": gpu_count})
    return size_scenario(catalog, scenario, CURRENT_CALIBRATION)


def _codes(result: SizingResult) -> set[str]:
    return {w.code for w in result.warnings if w.severity == "critical"}


def test_four_gpus_meet_the_targets_and_lack_only_the_spare(catalog: Catalog) -> None:
    result = _sized(catalog, 4)
    assert (result.tp, result.pp, result.replicas) == (2, 2, 1)
    assert result.value("ttft_ms") == pytest.approx(272, abs=1)
    assert result.value("tpot_ms") == pytest.approx(29.1, abs=0.1)
    assert result.value("served_share") == 1.0
    assert round(result.value("max_users_within_targets")) == 571
    assert not result.meets_targets
    assert _codes(result) == {"no-spare"}
    (spare,) = [w for w in result.warnings if w.code == "no-spare"]
    assert spare.message == (
        "The plan meets the latency targets at the planned load but has no spare replica for "
        "the N+1 redundancy the plan asks for: the load needs 1 replica, plus one spare makes "
        "2, and 1 is planned. Add GPUs or drop the N+1 requirement."
    )
    assert "latency target" not in result.binding_constraint
    assert result.status.startswith("Fits, but 4 GPUs carry the peak load without the headroom")


def test_three_gpus_just_meet_tpot_at_the_rate_their_users_settle(catalog: Catalog) -> None:
    result = _sized(catalog, 3)
    assert (result.tp, result.pp, result.replicas) == (1, 3, 1)
    served = result.value("requests_per_s")
    e2e_s = result.value("e2e_latency_s")
    assert served == pytest.approx(300 / (60 + e2e_s), rel=1e-9)  # users settle there
    assert (round(served, 3), round(e2e_s, 1)) == (4.105, 13.1)
    assert result.value("max_requests_per_s_within_targets") == pytest.approx(4.113, abs=5e-4)
    assert result.value("max_users_within_targets") == pytest.approx(300.6, abs=0.05)
    assert result.value("tpot_ms") == pytest.approx(49.95, abs=0.01)
    assert result.value("served_share") == 1.0
    assert _codes(result) == {"no-headroom"}
    assert result.status.startswith("Fits, but 3 GPUs carry the peak load without the headroom")


def test_two_gpus_missing_tpot_are_overloaded_not_fitting(catalog: Catalog) -> None:
    result = _sized(catalog, 2)
    assert result.value("tpot_ms") == pytest.approx(57.9, abs=0.1)
    assert round(result.value("max_users_within_targets")) == 270
    share = result.value("served_share")
    assert share == pytest.approx(result.value("max_users_within_targets") / 300)
    assert share == pytest.approx(0.899, abs=0.001)
    assert result.status.startswith(
        "Overloaded: 2 GPUs serve only 90% of the demand within the latency targets "
        "(270 of 300 users)"
    )
    assert _codes(result) == {"targets-not-met"}
    # Requests served: those within the targets, the rate the users offer beside them.
    assert result.value("requests_per_s") == pytest.approx(
        result.value("max_requests_per_s_within_targets")
    )
    assert figure_text(result, "requests_per_s") == "3.69 requests/s (3.99 requests/s offered)"


def test_one_gpu_serves_in_the_singular(catalog: Catalog) -> None:
    result = _sized(catalog, 1)
    share = result.value("served_share")
    assert share < 0.1
    assert result.status.startswith(f"Overloaded: 1 GPU serves only {share:.0%} of the demand")


def test_a_share_just_under_all_never_reads_100_percent() -> None:
    assert served_text(0.997) == "99.7%"
    assert served_text(0.9999) == "99.9%"
    assert served_text(0.993) == "99%"
    assert served_text(1.0) == "100%"
