"""The costs table's Status, the decision page's sections, the recommendation and the
command line say the same of each scenario (QA: "Blocking problems" and the CLI's "has a
blocking problem" listed plans short only of their spare or targets, which the costs table
called "no spare" and "misses targets"; a scenario refused at TP 3 was missing from the
recommendation and the costs table).

Worked example: the llama-70b-rag preset (N+1, 6 GPUs needed, tests/sizing) at
- 4 GPUs: 2 replicas of TP 2, the load needs 2 and the spare makes 3: "no spare";
- 2 GPUs: one replica, TPOT 57.5 ms against 50 ms, 90% of the demand: "misses targets";
- a 6 kW rack: one DGX H100 draws 10.2 kW at nameplate: "blocked";
- TP 3: 64 attention heads and 8 KV heads do not divide among 3 GPUs: "not sized".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, Scenario, preset_scenario, save_plan
from aisle_desktop.report import Report, build_report
from aisle_desktop.report.decision_pages import decision_html
from aisle_desktop.report.plan_pages import warnings_html
from aisle_desktop.report.words import PIECE_START
from tests.cli_child import said
from tests.sizing.scenario_edits import with_parts

TP3_WHY = "Tensor parallel 3 cannot split Llama 3.1 70B"
# The reason's first sentence, whole: the costs table and the recommendation quote it (cut at
# 60 characters, a plan lacking two catalog entries lost their ids; test_report_layout).
TP3_SENTENCE = (
    f"{TP3_WHY}: its 64 attention heads and 8 KV heads do not divide evenly among 3 GPUs, "
    "and each GPU must hold an equal share"
)


def _named(name: str, **parts: dict[str, object]) -> Scenario:
    scenario = with_parts(preset_scenario("llama-70b-rag"), **parts)
    return scenario.model_copy(update={"name": name})


FOUR = _named("Four GPUs", hardware={"gpu_count": 4})
TWO = _named("Two GPUs", hardware={"gpu_count": 2, "tp": 2})
SMALL_ROOM = _named("Small room", hardware={"rack_power_limit_kw": 6.0})
TP3 = _named("TP3", hardware={"gpu_count": None, "tp": 3, "pp": None})


@pytest.fixture(scope="module")
def report(catalog: Catalog) -> Report:
    return build_report(catalog, Plan(scenarios=[FOUR, TWO, SMALL_ROOM, TP3]), "Verdicts")


def _status_cells(html: str) -> dict[str, str]:
    """Scenario name -> its Status cell, from the costs table."""
    costs = html.split("<h3>What it costs</h3>", 1)[1]
    # A scenario not sized says why across the row (one cell spanning the figures' columns).
    status = r"<td(?: colspan=\d+)?>([^<]*)</td></tr>"
    rows = re.findall(rf"<tr><td>(?:<b>)?([^<]+)(?:</b>[^<]*)?</td>.*?{status}", costs)
    return dict(rows)


def _section(html: str, heading: str) -> str:
    return html.split(f"<h3>{heading}</h3>", 1)[1].split("<h3>", 1)[0]


def test_the_costs_table_lists_every_scenario_with_its_status(report: Report) -> None:
    assert _status_cells(decision_html(report)) == {
        "Four GPUs": "no spare",
        "Two GPUs": "misses targets",
        "Small room": "blocked",
        "TP3": f"not sized: {TP3_SENTENCE}",
    }


def test_blocking_problems_are_only_those_that_stop_a_plan_serving(report: Report) -> None:
    html = decision_html(report)
    blocking = _section(html, "Blocking problems")
    assert "<b>Small room</b>: One NVIDIA DGX H100" in blocking
    assert f"<b>TP3</b>: Not sized: {TP3_WHY}: its 64 attention heads" in blocking
    assert "Four GPUs" not in blocking and "Two GPUs" not in blocking
    warned = _section(html, "Short of what the plan asks (warnings)")
    assert (
        "<b>Four GPUs</b>: The plan meets the latency targets at the planned load but has no "
        "spare replica" in warned
    )
    assert (
        "<b>Two GPUs</b>: The plan does not meet the latency targets at the planned load: "
        "TPOT 58 ms against 50 ms" in warned
    )
    assert "Small room" not in warned and "TP3" not in warned
    assert report.decision is not None
    assert [name for name, _ in report.decision.blocking] == ["Small room", "TP3"]


def test_the_warnings_page_heads_each_kind_as_the_decision_page_does(report: Report) -> None:
    """Its rows read "Must fix" for the spare and the targets too, as blocking as the rack."""
    rows = re.findall(
        rf"<tr><td>(?:{PIECE_START})?<b>([^<]+)</b></td><td>(.*?)</td></tr>", warnings_html(report)
    )
    heads = [heading for heading, _ in rows]
    assert "Must fix" not in heads
    assert heads.index("Blocking problems") < heads.index("Short of what the plan asks")
    (blocking,) = [body for heading, body in rows if heading == "Blocking problems"]
    assert "<b>Small room</b>: One NVIDIA DGX H100" in blocking and "Four GPUs" not in blocking
    short = " ".join(body for heading, body in rows if heading == "Short of what the plan asks")
    assert "<b>Four GPUs</b>" in short and "<b>Two GPUs</b>" in short


def test_the_recommendation_names_the_unsized_scenario_and_why(report: Report) -> None:
    assert report.decision is not None
    assert report.decision.reason == (
        "No scenario can be recommended yet: Four GPUs meets its latency targets but has no "
        "spare replica for its N+1 redundancy; Two GPUs misses its latency targets; Small room "
        f"has a blocking problem; TP3 is not sized: {TP3_SENTENCE}."
    )


def test_the_command_line_uses_the_same_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], report: Report
) -> None:
    """A plan of scenarios that serve but fall short: warnings (exit 1, as `size`, for a
    script to look); with a blocked one added: a note of its blocking problem."""
    shortfalls = tmp_path / "short.aisle"
    save_plan(Plan(scenarios=[FOUR, TWO]), shortfalls)
    assert main(["report", str(shortfalls), "-o", str(tmp_path / "short.pdf")]) == 1
    err = said(capsys.readouterr().err)
    assert err == [
        "aisle-desktop: warning: scenario 'Four GPUs': no spare; not a blocking problem",
        "aisle-desktop: warning: scenario 'Two GPUs': misses targets; not a blocking problem",
    ]
    blocked = tmp_path / "blocked.aisle"
    save_plan(Plan(scenarios=[FOUR, SMALL_ROOM, TP3]), blocked)
    assert main(["report", str(blocked), "-o", str(tmp_path / "blocked.pdf")]) == 1
    err = capsys.readouterr().err
    assert "note: scenario 'Small room' has a blocking problem: blocked" in err
    assert f'note: Scenario "TP3" could not be sized: {TP3_WHY}:' in err
    assert "'TP3' has a blocking problem" not in err  # said once, with the whole reason
    assert "'Four GPUs' has a blocking problem" not in err


def test_size_ends_with_the_reports_recommendation_and_statuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], report: Report
) -> None:
    """`size` of a plan of several scenarios ends with the first page's recommendation and
    each scenario's status, in the costs table's words (QA: it printed the summaries alone)."""
    path = tmp_path / "verdicts.aisle"
    save_plan(Plan(scenarios=[FOUR, TWO, SMALL_ROOM, TP3]), path)
    assert main(["size", str(path)]) == 1
    out = capsys.readouterr().out
    said = out.split("\nRecommendation\n==============\n", 1)[1]
    assert report.decision is not None and said.startswith(report.decision.reason + "\n")
    statuses = {
        name: status.strip()
        for name, status in re.findall(r"^  (\S.*?)\s{2,}(?:\$\S+ \S+/year|–)\s+(.+)$", said, re.M)
    }
    assert statuses == _status_cells(decision_html(report))


def test_the_gpu_comparison_reads_a_missed_target_as_missed_not_blocked(
    catalog: Catalog,
) -> None:
    """The GPUs tab's Targets column: an A10 fits the default plan but even one request
    misses its TTFT target (a shortfall: "missed"); an MI355X platform draws more than the
    12 kW rack (it cannot be installed: "blocked")."""
    from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
    from aisle_desktop.sizing.planning import compare_gpu
    from aisle_desktop.ui.gpu_table import targets_text

    rag = preset_scenario("llama-70b-rag")
    a10 = compare_gpu(catalog, rag, CURRENT_CALIBRATION, "a10")
    assert a10.note.startswith("Fits, but even a single request misses the TTFT target")
    assert (a10.blocked, targets_text(a10)) == (False, "missed")
    mi355x = compare_gpu(catalog, rag, CURRENT_CALIBRATION, "mi355x")
    assert mi355x.note.startswith("Blocked: One 8x AMD Instinct MI355X")
    assert (mi355x.blocked, targets_text(mi355x)) == (True, "blocked")
