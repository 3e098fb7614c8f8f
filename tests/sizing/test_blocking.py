"""Problems that stop a plan: they lead the warnings, turn the headline, and stop `size`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, Scenario, check_plan, preset_scenario, save_plan
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
    # The field to change, and where it is (QA: the block named none).
    assert (
        "Raise “Rack power limit” (Hardware and costs > Rack and facility) to 10.2 kW or more, "
        "or choose a “GPU” (Hardware and costs > GPUs and servers) or “Server” that draws less."
    ) in result.status


def test_a_rack_too_short_for_one_server_blocks_the_plan(catalog: Catalog) -> None:
    scenario = with_parts(preset_scenario("llama-70b-rag"), hardware={"rack_units_per_rack": 6})
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.warnings[0].code == "server-over-rack-space"
    assert result.warnings[0].message.endswith(
        "8U, taller than the 6U rack. Raise “Rack height” (Hardware and costs > Rack and "
        "facility) to 8U or more, or choose another “Server” (Hardware and costs > GPUs and "
        "servers)."
    )


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


def _embeddings(scenario_id: str, **embeddings: float) -> Scenario:
    scenario = preset_scenario(scenario_id)
    emb = preset_scenario("embeddings-search").workload.embeddings
    assert emb is not None
    return with_parts(scenario, workload={"embeddings": emb.model_copy(update=embeddings)})


# Ten billion documents of 100,000 tokens in six minutes: 2.78 trillion tokens/s, at bge-large's
# 135 k tokens/s per L40S (362 TFLOP/s × 0.25 / (2 × 335 M parameters)) 20.6 M encoder GPUs.
ABSURD_INGEST = {"corpus_documents": 10_000_000_000, "tokens_per_document": 100_000}


def test_embeddings_beyond_any_installation_block_the_plan(catalog: Catalog) -> None:
    """QA: the headline said "Fits" while the embeddings section asked for some 753 M encoder
    GPUs, with no warning; the headline now says what cannot be built, and why."""
    scenario = _embeddings("embeddings-search", ingest_hours=0.1, **ABSURD_INGEST)
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.value("embedding_gpus") == pytest.approx(20.6e6, rel=0.01)
    assert result.blocking
    assert result.warnings[0].code == "embeddings-beyond-any-installation"
    assert result.status == f"Blocked: {result.warnings[0].message}"
    assert result.status == (
        "Blocked: The embeddings need 20.6 M encoder GPUs, more than the largest AI "
        "installations hold (about 100,000): ingesting 1,000 trillion tokens (10 billion "
        "documents × 100,000 tokens) in 0.1 h on NVIDIA L40S 48GB at 135 k tokens/s each. "
        "Lengthen “Ingest within” or lower “Documents” (Workload > Embeddings)."
    )
    assert result.blocked_by == (
        "the embeddings need 20.6 M encoder GPUs, more than any installation holds; "
        "lengthen “Ingest within” or lower “Documents”"
    )


def test_embeddings_beyond_any_installation_block_separate_pools_too(catalog: Catalog) -> None:
    scenario = _embeddings("llama-70b-rag", ingest_hours=0.1, **ABSURD_INGEST)
    pools = with_parts(scenario, hardware={"serving": "disaggregated"})
    result = size_scenario(catalog, pools, CURRENT_CALIBRATION)
    assert result.serving == "disaggregated"
    assert result.status.startswith("Blocked: The embeddings need")


def test_the_preset_embeddings_plan_has_no_embeddings_warning(catalog: Catalog) -> None:
    result = size_scenario(catalog, preset_scenario("embeddings-search"), CURRENT_CALIBRATION)
    assert not [w for w in result.warnings if w.code.startswith("embeddings")]


def test_a_model_beyond_the_split_set_names_the_fields_that_would_hold_it(
    catalog: Catalog,
) -> None:
    """Llama 3.1 405B at FP8 on one L40S split TP 1 × PP 1 (the split set by hand): the block
    names the GPU and Weights fields, and where they are."""
    scenario = with_parts(
        preset_scenario("llama-405b-fp8"),
        hardware={"gpu_id": "l40s", "gpu_count": 1, "tp": 1, "pp": 1},
    )
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.status == (
        "Does not fit: Llama 3.1 405B at FP8 needs more memory than 1 GPU (NVIDIA L40S 48GB) "
        "provides; choose a “GPU” (Hardware and costs > GPUs and servers) with more memory, or "
        "fewer bits a weight in “Weights” (Workload > Model and serving)"
    )
