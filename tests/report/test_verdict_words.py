"""The summary promises a spare replica only when one exists beyond what the load needs.

Worked example: the default plan (Llama 3.1 70B at FP8 on H100, 300 active users thinking
60 s, N+1 asked for). Two GPUs at TP 2 make one replica: no spare, no failover. Automatic
sizing buys the replicas the load needs plus one spare.
"""

from __future__ import annotations

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, Scenario, preset_scenario
from aisle_desktop.report import build_report
from aisle_desktop.report.decision import recommend
from aisle_desktop.report.summary_page import summary_html
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import plan_purchase, size_scenario


def _gpus(name: str, gpu_count: int | None, tp: int | None = None) -> Scenario:
    s = preset_scenario("llama-70b-rag")
    hardware = s.hardware.model_copy(update={"gpu_count": gpu_count, "tp": tp, "pp": None})
    return s.model_copy(update={"name": name, "hardware": hardware})


def test_one_replica_is_said_to_have_no_failover(catalog: Catalog) -> None:
    plan = Plan(scenarios=[_gpus("Two GPUs", 2, tp=2)])
    report = build_report(catalog, plan, "One replica")
    ((_, result),) = report.sized
    assert result.replicas == 1 and result.tp == 2
    html = summary_html(report)
    assert "including one spare" not in html
    assert (
        "1 copy of the model (replicas) of 2 GPUs each; with a single replica there is no "
        "failover: when one GPU or server fails, the service stops." in html
    )


def test_automatic_count_keeps_its_spare(catalog: Catalog) -> None:
    plan = Plan(scenarios=[_gpus("Automatic", None)])
    report = build_report(catalog, plan, "Spare")
    ((_, result),) = report.sized
    assert result.meets_targets and result.replicas >= 2
    html = summary_html(report)
    assert "including one spare so the service survives a failed replica" in html
    assert "no failover" not in html


def test_recommendation_names_the_missing_spare_not_missed_targets(catalog: Catalog) -> None:
    result = size_scenario(catalog, _gpus("Four GPUs", 4), CURRENT_CALIBRATION)
    chosen, why = recommend([result])
    assert chosen is None
    assert why == (
        "No scenario can be recommended yet: Four GPUs meets its latency targets but has no "
        "spare replica for its N+1 redundancy."
    )


def test_four_gpus_short_of_the_spare_meet_their_targets_in_words(catalog: Catalog) -> None:
    plan = Plan(scenarios=[_gpus("Four GPUs", 4)])
    report = build_report(catalog, plan, "No spare")
    ((_, result),) = report.sized
    html = summary_html(report)
    assert (
        "the plan meets its latency targets. Within the targets it could serve up to "
        "539 users." in html
    )
    assert "does not meet</b>" not in html
    assert (
        "What limits it.</b> The spare replica the plan asks for: the latency targets are "
        "met, but no replica is left over if one fails (headroom (N+1 spare))" in html
    )
    bought = plan_purchase(catalog, plan.scenarios[0], result)
    assert bought is not None
    (gpus,) = [line for line in bought.bill.lines if line.rule.startswith("4 GPUs =")]
    assert gpus.rule.startswith("4 GPUs = 2 replicas of 2 (TP 2)")
    assert "N+1 spare" not in gpus.rule
