"""`size` lists the model's assumptions under the names, and in the units, the report's
Assumptions pages give them (QA: `size` printed ``request_overhead_ms = 20.9`` where the report
and the window read "Time per request before its first step: 20.9 ms")."""

from __future__ import annotations

import re
from html import unescape

import pytest

from aisle_desktop.catalog import load_catalog
from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report.assumptions_table import assumption_rows, idle_calibration_rows
from aisle_desktop.report.model import build_report

# The default plan (vLLM, values fitted per release) and TensorRT-LLM's FP8 405B (switches at 0).
PRESETS = ("llama-70b-rag", "llama-405b-fp8")


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]*>", " ", html)).split())


def _size_assumptions(out: str) -> dict[str, str]:
    """The Assumptions block `size` prints: each line's name and value, source left off."""
    block = out.split("\nAssumptions, calibration ", 1)[1].splitlines()[1:]
    lines = [line[2:] for line in block if line.startswith("  ") and " · " in line]
    return dict(line.split(" · ", 1)[0].split(": ", 1) for line in lines)


@pytest.mark.parametrize("preset", PRESETS)
def test_size_names_and_values_each_assumption_as_the_report_does(
    capsys: pytest.CaptureFixture[str], preset: str
) -> None:
    assert main(["size", "--preset", preset]) in (0, 1)
    printed = _size_assumptions(capsys.readouterr().out)
    report = build_report(load_catalog(), Plan(scenarios=[preset_scenario(preset)]), preset)
    on_paper = {
        _text(row[0]): _text(row[1])
        for row in [*assumption_rows(report), *idle_calibration_rows(report)]
    }
    assert len(printed) >= 40
    for label, value in printed.items():
        assert "_" not in label, label  # a planner's words, not the code's field name
        # The report names the engine release a fitted value is for ("20.9 ms with vLLM 0.19").
        assert on_paper[label] == value or on_paper[label].startswith(f"{value} with "), label


def test_size_gives_the_default_plan_s_request_overhead_in_ms(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Runtime memory in GB as every memory figure reads, a switch's 0 in words."""
    main(["size", "--preset", "llama-70b-rag"])
    printed = _size_assumptions(capsys.readouterr().out)
    assert printed["Time per request before its first step"] == "20.9 ms"
    assert printed["Runtime memory per GPU, model on one GPU"] == "1.61 GB"
    assert printed["Steps a prompt may wait for every attention rank to have one"] == (
        "off (no balancer)"
    )
