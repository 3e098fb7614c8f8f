"""The report says what is true of a plan's spare: the costs table's Status and the checklist's
redundancy line follow the sized plan, not only what the plan asked for (QA: a plan short only
of its spare read "blocked", and its checklist promised "One spare replica (N+1) is planned")."""

from __future__ import annotations

import re

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, Scenario, preset_scenario
from aisle_desktop.report import Report, build_report
from aisle_desktop.report.checklist import checklist_html
from aisle_desktop.report.decision_pages import decision_html
from tests.sizing.scenario_edits import with_parts


def _named(scenario: Scenario, name: str, **parts: dict[str, object]) -> Scenario:
    return with_parts(scenario, **parts).model_copy(update={"name": name})


@pytest.fixture(scope="module")
def rag() -> Scenario:
    return preset_scenario("llama-70b-rag")  # N+1; 6 GPUs needed (3 replicas of TP 2, 1 spare)


@pytest.fixture(scope="module")
def short_of_spare(catalog: Catalog, rag: Scenario) -> Report:
    # 4 GPUs hold 2 replicas of TP 2: the load needs 2, the spare makes 3 (tests/sizing).
    four = _named(rag, "Four GPUs", hardware={"gpu_count": 4})
    # A DGX H100 draws 10.2 kW at nameplate: a 6 kW rack cannot hold it (a blocking problem).
    small_room = _named(rag, "Small room", hardware={"rack_power_limit_kw": 6.0})
    return build_report(catalog, Plan(scenarios=[four, small_room, rag]), "Spares")


def _status_cells(html: str) -> dict[str, str]:
    """Scenario name -> its Status cell, from the costs table."""
    rows = re.findall(r"<tr><td>(?:<b>)?([^<]+)(?:</b>[^<]*)?</td>.*?<td>([^<]*)</td></tr>", html)
    return dict(rows)


def test_status_says_no_spare_and_keeps_blocked_for_a_plan_that_cannot_serve(
    short_of_spare: Report,
) -> None:
    status = _status_cells(decision_html(short_of_spare))
    assert status["Four GPUs"] == "no spare"
    assert status["Small room"] == "blocked"
    assert status["Llama 3.1 70B RAG assistant"] == "meets targets"


def test_checklist_promises_a_spare_only_when_the_plan_holds_one(
    catalog: Catalog, rag: Scenario, short_of_spare: Report
) -> None:
    short = checklist_html(short_of_spare)  # filled in from the first scenario, Four GPUs
    assert "One spare replica (N+1) is planned" not in short
    assert (
        "No spare replica: the plan asks for one (N+1), but its GPUs are all needed for the "
        "load, so a failed GPU leaves the rest overloaded." in short
    )
    held = checklist_html(build_report(catalog, Plan(scenarios=[rag]), "Held"))
    assert "One spare replica (N+1) is planned: a failed GPU or server leaves the service" in held
    none = _named(rag, "No spare", workload={"redundancy": "none"})
    asked_none = checklist_html(build_report(catalog, Plan(scenarios=[none]), "None"))
    # Without a spare the load needs 2 replicas of TP 2; the DGX's other 4 GPUs run two more
    # (the automatic count fills the server): they carry the load, said so.
    assert (
        "No spare is asked for, but the whole servers bought run 2 replicas more than the load "
        "needs, enough to carry it through a failed GPU." in asked_none
    )
    one = _named(rag, "One replica", workload={"redundancy": "none"}, hardware={"gpu_count": 2})
    alone = checklist_html(build_report(catalog, Plan(scenarios=[one]), "One"))
    assert "No spare is planned: a failed GPU stops the service. Is that acceptable?" in alone
