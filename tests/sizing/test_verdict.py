"""A plan's verdict names its real shortfall and agrees with the latencies it shows.

Worked example: the default plan (Llama 3.1 70B at FP8 on H100, 300 active users who think
60 s, targets 1 s to the first token and 50 ms a token, N+1 asked for) on a fixed GPU count.
Users who think between questions ask at the rate their own answers settle: 300 / (60 s +
E2E at the planned load).

- 4 GPUs: two replicas of TP 2, TTFT 325 ms and TPOT 30.3 ms at the planned load, both
  within target; 543 users fit within targets (542 before 2026.12.27). Only the N+1 spare is
  missing. (Until
  calibration 2026.12.11 one replica of TP 2 × PP 2 served them: a prompt spread over the
  pipeline's micro-batches made its prefill look cheaper than the stages could run it.)
- 3 GPUs: no split of three GPUs beats one replica of TP 2 (TP 1 × PP 3 pays each prompt
  through all three stages), so the third GPU idles and the figures are those of 2 GPUs.
- 2 GPUs: one replica of TP 2, TTFT 378 ms and TPOT 57.4 ms; 271 of 300 users (90.5%): it
  serves 3.71 requests/s within the targets of the 4 its users offer (300 / (60 + 15 s)).
  271.4 users fit within the targets: 271 meet them (TPOT 49.91 ms), 272 just miss (TPOT
  50.15 ms), 99.7% of the demand served, never printed as 100%. (Before calibration 2026.12.27,
  where a prompt's iteration decodes only the other sequences: TPOT 57.5 ms, 271.0 users, 49.999
  and 50.24 ms, 99.6%.)
- 1 GPU: one replica of TP 1, a small share served ("1 GPU serves", not "serve").
"""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, preset_scenario
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
    assert (result.tp, result.pp, result.replicas) == (2, 1, 2)
    assert result.value("ttft_ms") == pytest.approx(346, abs=1)
    assert result.value("tpot_ms") == pytest.approx(30.3, abs=0.1)
    assert result.value("served_share") == 1.0
    assert round(result.value("max_users_within_targets")) == 539
    assert not result.meets_targets
    assert _codes(result) == {"no-spare"}
    (spare,) = [w for w in result.warnings if w.code == "no-spare"]
    assert spare.message == (
        "The plan meets the latency targets at the planned load but has no spare replica for "
        "the N+1 redundancy the plan asks for: the load needs 2 replicas, plus one spare makes "
        "3, and 2 are planned. Add GPUs or drop the N+1 requirement."
    )
    assert "latency target" not in result.binding_constraint
    assert result.status.startswith("Fits, but 4 GPUs carry the peak load without the headroom")


def test_three_gpus_run_the_best_split_of_two_and_say_so(catalog: Catalog) -> None:
    three, two = _sized(catalog, 3), _sized(catalog, 2)
    assert (three.tp, three.pp, three.replicas) == (2, 1, 1)
    assert three.value("tpot_ms") == two.value("tpot_ms")
    assert three.status.startswith("Overloaded: 2 GPUs serve only 90 % of the demand")


def _two_gpus(users: int) -> Scenario:
    return with_parts(
        preset_scenario("llama-70b-rag"), hardware={"gpu_count": 2}, load={"active_users": users}
    )


def test_the_most_users_within_targets_meet_them_and_one_more_does_not(catalog: Catalog) -> None:
    # 269.4 users under 2026.12.29 (271.4 under 2026.12.28: vLLM's era waits longer for a first
    # token, so each user's answer comes later and the TPOT target binds two users sooner).
    inside = size_scenario(catalog, _two_gpus(269), CURRENT_CALIBRATION)
    assert inside.value("max_users_within_targets") == pytest.approx(269.4, abs=0.05)
    assert inside.value("tpot_ms") == pytest.approx(49.90, abs=0.005)
    assert inside.value("served_share") == 1.0
    assert _codes(inside) == {"no-headroom"}
    result = size_scenario(catalog, _two_gpus(270), CURRENT_CALIBRATION)
    assert result.value("tpot_ms") == pytest.approx(50.14, abs=0.01)
    share = result.value("served_share")
    assert share == pytest.approx(result.value("max_users_within_targets") / 270)
    assert share == pytest.approx(0.998, abs=0.001)
    assert result.status == (
        "Overloaded: 2 GPUs serve only 99.7 % of the demand within the latency targets "
        "(269 of 270 users); tokens and costs count what is served"
    )
    assert _codes(result) == {"targets-not-met"}


def test_two_gpus_missing_tpot_are_overloaded_not_fitting(catalog: Catalog) -> None:
    result = _sized(catalog, 2)
    assert result.value("tpot_ms") == pytest.approx(58.0, abs=0.1)
    assert round(result.value("max_users_within_targets")) == 269
    share = result.value("served_share")
    assert share == pytest.approx(result.value("max_users_within_targets") / 300)
    assert share == pytest.approx(0.898, abs=0.001)
    assert result.status.startswith(
        "Overloaded: 2 GPUs serve only 90 % of the demand within the latency targets "
        "(269 of 300 users)"
    )
    assert _codes(result) == {"targets-not-met"}
    # Requests served: those within the targets, the rate the users offer beside them.
    assert result.value("requests_per_s") == pytest.approx(
        result.value("max_requests_per_s_within_targets")
    )
    assert figure_text(result, "requests_per_s") == "3.68 requests/s (3.99 requests/s offered)"


def test_one_gpu_serves_in_the_singular(catalog: Catalog) -> None:
    result = _sized(catalog, 1)
    share = result.value("served_share")
    assert share < 0.1
    assert result.status.startswith(
        f"Overloaded: 1 GPU serves only {share * 100:.0f} % of the demand"
    )


def test_a_share_just_under_all_never_reads_100_percent() -> None:
    assert served_text(0.997) == "99.7 %"
    assert served_text(0.9999) == "99.9 %"
    assert served_text(0.993) == "99 %"
    assert served_text(1.0) == "100 %"
