"""A plan on an engine release newer than any the 2025-26 measurements ran (vLLM 0.24-0.32,
SGLang 0.5.19-0.5.22) is told it runs with the values fitted on the measured ones; a measured
release (vLLM 0.19, TensorRT-LLM 1.3, whose candidates rc1 and rc5 were measured) is not."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.calibration.release_provenance import measured_releases
from aisle_desktop.sizing.planning import size_scenario

NEWEST_VLLM = (
    "vLLM 0.32 (2026-10) has no measurements of its own: it runs with the values of the vLLM "
    "V1 engine era, fitted on measurements of releases 0.11.2 to 0.19.0 (docs/calibration.md), "
    "and with the defaults the catalog lists for it."
)


def _notes(catalog: Catalog, scenario: Scenario) -> dict[str, tuple[str, str]]:
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    return {w.code: (w.severity, w.message) for w in result.warnings}


def _on(preset: str, version: str | None, serving: str = "aggregated") -> Scenario:
    base = preset_scenario(preset)
    workload = base.workload.model_copy(update={"engine_version": version})
    hardware = base.hardware.model_copy(update={"serving": serving})
    return base.model_copy(update={"workload": workload, "hardware": hardware})


def test_the_default_plan_on_the_newest_vllm_says_whose_values_it_runs(catalog: Catalog) -> None:
    notes = _notes(catalog, _on("llama-70b-rag", None))
    assert notes["release-without-measurements"] == ("info", NEWEST_VLLM)


def test_separate_pools_say_it_too(catalog: Catalog) -> None:
    notes = _notes(catalog, _on("llama-70b-rag", None, "disaggregated"))
    assert notes["release-without-measurements"] == ("info", NEWEST_VLLM)


def test_a_measured_release_says_nothing(catalog: Catalog) -> None:
    assert "release-without-measurements" not in _notes(catalog, _on("llama-70b-rag", "0.19"))
    assert "release-without-measurements" not in _notes(catalog, _on("llama-405b-fp8", None))


def test_sglangs_newest_names_its_era_and_measured_releases(catalog: Catalog) -> None:
    severity, message = _notes(catalog, _on("deepseek-v3", None))["release-without-measurements"]
    assert severity == "info"
    assert message.startswith("SGLang 0.5.22 (2026-10) has no measurements of its own: it runs ")
    assert "values of the SGLang 0.5 era, fitted on measurements of releases 0.5.1 to 0.5.10" in (
        message
    )


def test_measured_releases_by_version() -> None:
    assert measured_releases("vllm", "0.24") == ("0.11.2", "0.19.0")
    assert measured_releases("vllm", "0.19.0") is None
    assert measured_releases("vllm", "0.6") is None
    assert measured_releases("tensorrt-llm", "1.3") is None  # 1.3.0rc5 was measured
    assert measured_releases("sglang", "0.5.11") == ("0.5.1", "0.5.10")
    assert measured_releases("tgi", "3.0") is None  # no 2025-26 measurement of TGI
