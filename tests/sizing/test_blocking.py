"""Problems that stop a plan: they lead the warnings, turn the headline, and stop `size`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, check_plan, preset_scenario, save_plan
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario
from tests.sizing.scenario_edits import with_parts

# A DGX H100 draws up to 10.2 kW; an 8 kW rack cannot power even one.
UNDERPOWERED = {"rack_power_limit_kw": 8.0}


def test_a_rack_that_cannot_power_one_server_blocks_the_plan(catalog: Catalog) -> None:
    scenario = with_parts(preset_scenario("llama-70b-rag"), hardware=UNDERPOWERED)
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.blocking
    assert result.warnings[0].code == "server-over-rack-power"
    assert result.warnings[0].severity == "critical"
    assert result.status.startswith("Blocked: One NVIDIA DGX H100")
    assert "can draw 10.2 kW, more than the rack's 8 kW limit" in result.status
    assert not result.status.startswith("Fits")


def test_a_rack_too_short_for_one_server_blocks_the_plan(catalog: Catalog) -> None:
    scenario = with_parts(preset_scenario("llama-70b-rag"), hardware={"rack_units_per_rack": 6})
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.warnings[0].code == "server-over-rack-space"
    assert "8U, taller than the 6U rack" in result.warnings[0].message


def test_a_model_that_does_not_fit_is_a_critical_warning(catalog: Catalog) -> None:
    scenario = with_parts(
        preset_scenario("llama-405b-fp8"), hardware={"gpu_id": "l40s", "gpu_count": 1}
    )
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert not result.fits and result.blocking
    assert result.warnings[0].code == "does-not-fit"


def test_a_sound_plan_has_nothing_blocking(catalog: Catalog) -> None:
    assert not size_scenario(
        catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION
    ).blocking


def test_size_json_names_the_critical_warning_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "rack.aisle"
    scenario = with_parts(preset_scenario("llama-70b-rag"), hardware=UNDERPOWERED)
    save_plan(Plan(scenarios=[scenario]), plan_file)
    assert main(["size", str(plan_file), "--json"]) == 1
    records = json.loads(capsys.readouterr().out)
    first = records[0]["warnings"][0]
    assert first["severity"] == "critical" and first["code"] == "server-over-rack-power"


def test_report_of_a_blocked_plan_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("PySide6", reason="the PDF report needs Qt; the core venv has none")
    plan_file = tmp_path / "rack.aisle"
    scenario = with_parts(preset_scenario("llama-70b-rag"), hardware=UNDERPOWERED)
    save_plan(Plan(scenarios=[scenario]), plan_file)
    assert main(["report", str(plan_file), "-o", str(tmp_path / "rack.pdf")]) == 1
    assert "blocking problem" in capsys.readouterr().err


# Llama 3.1 8B reads at most 131,072 tokens; a 202,000-token prompt cannot be served at all.
LONG_PROMPT = {"prompt": {"system_prompt_tokens": 2_000, "history_tokens": 200_000}}


def test_a_prompt_beyond_the_context_window_is_refused_naming_the_limit(
    catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = preset_scenario("llama-8b-chat")
    prompt = base.workload.prompt.model_copy(update=LONG_PROMPT["prompt"])
    scenario = with_parts(base, workload={"prompt": prompt})
    with pytest.raises(SizingError, match="context window of 131,072 tokens"):
        size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    plan = Plan(scenarios=[scenario])
    assert any("131,072" in p.message for p in check_plan(catalog, plan))
    plan_file = tmp_path / "long.aisle"
    save_plan(plan, plan_file)
    assert main(["size", str(plan_file)]) == 1
    assert "131,072" in capsys.readouterr().err
