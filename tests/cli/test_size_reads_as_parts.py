"""`size` sets each part apart with a blank line, the pools too, and every value an
assumption's source names carries its unit (QA: "Disaggregated serving" ran on from the last
assumption's line, and "earlier releases 5: tokenisation, HTTP ..." left the planner to guess
what the 5 counted, 5 ms)."""

from __future__ import annotations

import re

import pytest

from aisle_desktop.catalog import load_catalog
from aisle_desktop.cli.main import main
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario

# A value with nothing after it: what a source named before it carried its unit.
BARE_NUMBER = re.compile(r"^-?[\d.,]+$")


def test_the_pools_are_a_part_of_their_own(capsys: pytest.CaptureFixture[str]) -> None:
    main(["size", "--preset", "llama-70b-rag"])
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("Disaggregated serving (prefill and decode on separate GPU pools)")
    assert lines[at - 1] == ""
    assert lines[at - 2].startswith("  Planned peak load, share of capacity: 80 %")
    (heading,) = [line for line in lines if line.startswith("Assumptions")]
    assert re.fullmatch(r"Assumptions, calibration [\d.]+ \(\d{4}-\d\d-\d\d\)", heading)


@pytest.mark.parametrize("preset", ["llama-70b-rag", "llama-405b-fp8", "qwen3.5-assistant-b200"])
def test_an_earlier_release_s_value_reads_with_its_unit(
    capsys: pytest.CaptureFixture[str], preset: str
) -> None:
    main(["size", "--preset", preset])
    earlier = re.findall(r"earlier releases ([^:;]+?):", capsys.readouterr().out)
    assert len(earlier) >= 15
    assert not [value for value in earlier if BARE_NUMBER.match(value)]


def test_the_default_plan_s_earlier_values_in_the_planner_s_units(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["size", "--preset", "llama-70b-rag"])
    out = capsys.readouterr().out
    assert "Time per request before its first step: 20.9 ms · " in out
    assert "earlier releases 5 ms: tokenisation, HTTP and scheduling" in out
    assert "Share of the GPU-to-GPU link speed reached: 52.9 % · " in out
    assert "earlier releases 50 %: share of the catalog's NCCL all-reduce" in out
    assert "earlier releases 20 µs: fixed time per transformer layer" in out
    assert "earlier releases 1,000 columns: width (FFN columns per GPU)" in out
    headroom = "Tokens a benchmark harness adds to a worker's budget beyond its clients"
    assert f"{headroom} and a prompt: 1,500 tokens · " in out  # grouped, not "1.5 k tokens"


def test_an_override_names_the_calibration_s_value_with_its_unit() -> None:
    """Overridden, a value fitted per release names the release's (in ms), and a value that
    is not, the calibration's (in %, not 0.1)."""
    overrides = {"request_overhead_ms": 30.0, "support_fraction_per_year": 0.15}
    scenario = preset_scenario("llama-70b-rag").model_copy(
        update={"assumption_overrides": overrides}
    )
    result = size_scenario(load_catalog(), scenario, CURRENT_CALIBRATION)
    sources = {a.name: a.source for a in result.assumptions}
    calibration = CURRENT_CALIBRATION.id
    assert f"in calibration {calibration} has 20.9 ms (" in sources["request_overhead_ms"]
    assert f"; calibration {calibration} has 10 % (" in sources["support_fraction_per_year"]
